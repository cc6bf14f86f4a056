"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import ROOT

BUNDLED = ROOT / "scenes"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _private_save_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's saves or cache from a test."""
    monkeypatch.setenv("STORY_DATA_DIR", str(tmp_path / "saves"))
    monkeypatch.setenv("STORY_CACHE_DIR", str(tmp_path / "cache"))
