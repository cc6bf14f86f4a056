"""The caches do not grow without end: a story's entries go once no check has used them for a month."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from story.cli import main
from story.core.caches import KEEP_DAYS, prune, story_name
from tests.unit.engine.stories import own_sources_story

DAY = 24 * 3600


def _entries(cache: Path) -> set[str]:
    return {entry.name for entry in cache.iterdir() if not entry.name.startswith(".")}


def _age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_a_check_leaves_three_entries_named_for_its_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = own_sources_story(tmp_path / "story")
    cache = tmp_path / "cache"  # STORY_CACHE_DIR, set for every test by tests/conftest.py
    main(["check", str(root)])
    name = story_name(root)
    assert _entries(cache) == {f"reports-{name}.json", f"verdicts-{name}.json", f"parsed-{name}"}


def test_entries_unused_for_a_month_go_and_the_rest_stay(tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere"
    cache.mkdir()
    (cache / "reports-old.json").write_text("{}", encoding="utf-8")
    (cache / "parsed-old").mkdir()
    (cache / "parsed-old" / "entry.pickle").write_bytes(b"x")
    (cache / "verdicts-recent.json").write_text("{}", encoding="utf-8")
    (cache / "notes.txt").write_text("not a cache entry: never touched", encoding="utf-8")
    for old in ("reports-old.json", "parsed-old", "notes.txt"):
        _age(cache / old, KEEP_DAYS + 1)
    _age(cache / "verdicts-recent.json", KEEP_DAYS - 1)
    assert sorted(prune(cache)) == ["parsed-old", "reports-old.json"]
    assert _entries(cache) == {"verdicts-recent.json", "notes.txt"}


def test_pruning_looks_at_most_once_a_day(tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere"
    cache.mkdir()
    now = time.time()
    assert prune(cache, now=now) == []
    (cache / "reports-old.json").write_text("{}", encoding="utf-8")
    _age(cache / "reports-old.json", KEEP_DAYS + 1)
    assert prune(cache, now=now + DAY / 2) == []  # looked half a day ago
    assert prune(cache, now=now + DAY + 1) == ["reports-old.json"]


def test_pruning_a_folder_that_is_not_there_does_nothing(tmp_path: Path) -> None:
    assert prune(tmp_path / "missing") == []
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "asked",
    [
        pytest.param([], id="the stored report is printed"),
        pytest.param(["--format", "json"], id="asked another way, the story is loaded from the caches"),
    ],
)
def test_a_check_keeps_the_entries_it_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], asked: list[str]
) -> None:
    root = own_sources_story(tmp_path / "story")
    cache = tmp_path / "cache"
    main(["check", str(root)])
    entries = _entries(cache)
    for name in entries:
        _age(cache / name, KEEP_DAYS + 1)  # a month and a day since they were written
    _age(cache / ".pruned", 2)
    main(["check", *asked, str(root)])
    assert _entries(cache) == entries
    for name in entries:
        assert time.time() - (cache / name).stat().st_mtime < DAY  # marked as used just now
