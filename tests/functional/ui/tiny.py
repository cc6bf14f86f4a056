"""The small fixture story used by the player's tests, and ways to copy and edit it."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests import ROOT

HERE = Path(__file__).resolve().parent
TINY = HERE / "fixtures" / "tiny"
SCENES = ROOT / "scenes"


def copy_tiny(destination: Path) -> Path:
    """A private copy of the tiny story (its sources path made absolute), safe to edit."""
    root = destination / "tiny"
    shutil.copytree(TINY, root)
    story = root / "story.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace("../../../../../scenes/sources.yaml", str(SCENES / "sources.yaml")),
        encoding="utf-8",
    )
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a story file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
