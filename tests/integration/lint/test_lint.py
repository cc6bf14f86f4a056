"""The linters, run as tests so that the README's test command (and CI) keeps them clean.

Their versions come from constraints.txt, like every other tool the tests use.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import ROOT

LINTERS = {
    "ruff check": ["-m", "ruff", "check", "--no-cache", "."],
    "ruff format": ["-m", "ruff", "format", "--check", "--no-cache", "."],
    "mypy": ["-m", "mypy"],  # files and settings from pyproject.toml
}


@pytest.mark.parametrize("arguments", LINTERS.values(), ids=LINTERS.keys())
def test_linter_is_clean(arguments: list[str]) -> None:
    result = subprocess.run([sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readmes_test_command() -> None:
    """CI and a newcomer install the same tested versions and run the same tests."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.endswith("-m pytest") and "constraints.txt" in line)
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
