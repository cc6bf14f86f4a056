"""The cache of parsed files is never stale: a file is read from it only while its bytes are unchanged.

Each test checks a story with the cache and without, and the two reports must be equal every
time; the counts of hits and misses say which files were parsed again.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.loading import parsed as parsed_module
from story.loading.parsed import ParsedFiles
from tests.unit.engine.stories import edit, own_sources_story, seen, write_story


def _both(root: Path, cache: Path) -> tuple[list[tuple[object, ...]], ParsedFiles]:
    """The report with the cache of parsed files, after checking that it equals the report without."""
    parsed = ParsedFiles(root, cache)
    report = check_path(root, parsed=parsed)
    fresh = check_path(root)
    assert seen(report.diagnostics) == seen(fresh.diagnostics)
    assert report.story is not None and fresh.story is not None
    assert report.story.scenes.keys() == fresh.story.scenes.keys()
    assert [c.match for c in report.story.citations()] == [c.match for c in fresh.story.citations()]
    return seen(report.diagnostics), parsed


def test_an_unchanged_story_is_read_from_the_cache_with_the_same_report(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    cold, first = _both(root, cache)
    assert {code for _, code, *_ in cold} >= {"E501", "E701"}
    assert first.misses == 3 and not first.hits  # story.yaml, scenes.yaml, sources.yaml
    warm, second = _both(root, cache)
    assert warm == cold
    assert second.hits == 3 and not second.misses


def test_a_changed_file_alone_is_parsed_again(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    _both(root, cache)
    edit(root / "scenes.yaml", "dawn.\n", "noon.\n")
    after, parsed = _both(root, cache)
    assert (parsed.hits, parsed.misses) == (2, 1)
    edit(root / "scenes.yaml", "scenes:\n", "# one line down\nscenes:\n")
    moved, _ = _both(root, cache)
    assert [found[0] for found in moved] != [found[0] for found in after]  # positions follow the file


def test_a_broken_file_is_reported_the_same_from_the_cache(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    (root / "broken.yaml").write_text("scenes:\n  - id: x\n    id: y\n  - [unclosed\n", encoding="utf-8")
    (root / "list.yaml").write_text("- a list, not a mapping\n", encoding="utf-8")
    cold, _ = _both(root, cache)
    warm, parsed = _both(root, cache)
    assert warm == cold and parsed.hits == 5
    assert {code for _, code, *_ in warm} >= {"E103", "E104", "E108"}


def test_a_second_story_section_and_a_split_timeline_are_found_between_cached_files(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "a.yaml": "story:\n  title: One\n  start: s\ntimeline:\n  - id: t1\n    when: dawn\n    text: x\n",
        "b.yaml": "story:\n  title: Two\n  start: s\ntimeline:\n  - id: t2\n    when: noon\n    text: y\n",
    }
    root, cache = write_story(tmp_path / "story", files), tmp_path / "cache"
    cold, _ = _both(root, cache)
    warm, parsed = _both(root, cache)
    assert warm == cold and parsed.hits == len(list(root.glob("*.yaml")))
    messages = [message for _, _, message, *_ in warm]
    assert "a second `story:` section" in messages and "the timeline is split across files" in messages


def test_a_new_loader_misses_every_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    _both(root, cache)
    monkeypatch.setattr(parsed_module, "loader_version", lambda: "another loader")
    _, parsed = _both(root, cache)
    assert parsed.misses == 3 and not parsed.hits


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        pickle.dumps("a header of another shape"),
        pickle.dumps((1, "x", "y", "z")) + b"truncated",
        b"\x80\x05\x95",
    ],
)
def test_a_damaged_entry_is_parsed_again(tmp_path: Path, damage: bytes) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    cold, _ = _both(root, cache)
    for entry in cache.glob("parsed-*/*.pickle"):
        entry.write_bytes(damage)
    warm, parsed = _both(root, cache)
    assert warm == cold and parsed.misses == 3
    _, again = _both(root, cache)
    assert again.hits == 3  # the damaged entries were replaced


def test_an_entry_holding_something_else_is_parsed_again(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    _both(root, cache)
    for entry in cache.glob("parsed-*/*.pickle"):
        with open(entry, "rb") as handle:
            header = pickle.load(handle)
        entry.write_bytes(pickle.dumps(header) + pickle.dumps(["not", "sections"]))
    _, parsed = _both(root, cache)
    assert parsed.misses == 3


def test_the_entry_of_a_file_no_longer_in_the_story_is_removed(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    (root / "extra.yaml").write_text("facts: []\n", encoding="utf-8")
    _both(root, cache)
    assert len(list(cache.glob("parsed-*/*.pickle"))) == 4
    (root / "extra.yaml").unlink()
    _both(root, cache)
    assert len(list(cache.glob("parsed-*/*.pickle"))) == 3


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder modes are POSIX")
def test_entries_are_not_read_from_a_folder_others_can_write_in(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path / "story"), tmp_path / "cache"
    _both(root, cache)
    (folder,) = cache.glob("parsed-*")
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.chmod(0o777)
    _, parsed = _both(root, cache)
    assert not parsed.hits and parsed.misses == 3


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path: Path) -> None:
    root = own_sources_story(tmp_path / "story")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    _both(root, blocked / "cache")
    _, parsed = _both(root, blocked / "cache")
    assert not parsed.hits
