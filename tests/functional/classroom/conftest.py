"""Fixtures for the classroom tools: running the CLI, copies of fixture stories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from story.cli import main

from .helpers import HANDOUT, SCENES


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``story ARGS...`` in-process; returns (exit status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exit:  # argparse usage errors
            status = exit.code if isinstance(exit.code, int) else 1
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def story_copy(tmp_path: Path):
    """Copy a fixture story into a temporary folder (with its sources path made absolute)."""

    def copy(source: Path = HANDOUT) -> Path:
        target = tmp_path / source.name
        shutil.copytree(source, target)
        story_file = target / "story.yaml"
        text = story_file.read_text(encoding="utf-8")
        story_file.write_text(text.replace("../../../../../scenes/", f"{SCENES.as_posix()}/"), encoding="utf-8")
        return target

    return copy
