"""Paths and golden-file comparison shared by the classroom tests."""

from __future__ import annotations

import os
from pathlib import Path

from tests import ROOT

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
HANDOUT = FIXTURES / "handout"
"""A small story that never changes with the bundled one: three scenes, every kind of entry."""
HOSTILE = FIXTURES / "hostile"
"""A story whose text is markup in every format we write."""
SCENES = ROOT / "scenes"
"""The bundled story, whose sources manifest the fixture stories use."""


def compare_golden(name: str, actual: str) -> None:
    """Compare output with a golden file; ``STORY_UPDATE_GOLDEN=1`` rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("STORY_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with STORY_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; if the change is intended, STORY_UPDATE_GOLDEN=1"
