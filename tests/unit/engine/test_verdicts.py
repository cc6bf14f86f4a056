"""The cache of verdicts is never stale: every input that can change a verdict misses it.

Each test checks a story with and without the cache, changes one input, and checks again: the
cached report must equal a fresh one every time, and the change must have missed the cache.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from story.checking import verdicts as verdicts_module
from story.checking.checker import check_path
from story.checking.verdicts import Verdicts
from story.core import caches
from tests.unit.engine.stories import edit, own_sources_story, seen


def _both(root: Path, cache: Path) -> tuple[list[tuple[object, ...]], Verdicts]:
    """The report with the cache, after checking that it equals the report without."""
    verdicts = Verdicts(root, cache)
    cached = seen(check_path(root, verdicts=verdicts).diagnostics)
    assert cached == seen(check_path(root).diagnostics)
    return cached, verdicts


def test_a_warm_cache_gives_the_same_report_without_judging_again(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    cold, first = _both(root, cache)
    assert {code for _, code, *_ in cold} >= {"E501", "E701"}
    assert first.misses and not first.hits
    warm, second = _both(root, cache)
    assert warm == cold
    assert second.hits and not second.misses


CHANGES: dict[str, Callable[[Path], None]] = {
    "text": lambda root: edit(root / "scenes.yaml", "dawn.\n", "noon.\n"),
    "quote": lambda root: edit(root / "scenes.yaml", "quote: fired 40 times\n", "quote: fired 40\n"),
    "source article": lambda root: edit(
        next((root / "seeds").glob("004_*.txt")), "According to the South Korean military", "According to the military"
    ),
    "vocabulary": lambda root: edit(root / "story.yaml", "  start: a\n", "  start: a\n  vocabulary: [dawn]\n"),
    "position": lambda root: edit(root / "scenes.yaml", "scenes:\n", "# moved down a line\nscenes:\n"),
    "wrapping": lambda root: edit(root / "scenes.yaml", "45 times at\n          dawn.", "45 times\n          at dawn."),
    "folding": lambda root: edit(root / "scenes.yaml", "      - text: >-\n          It", "      - text:\n          It"),
    "label": lambda root: edit(root / "sources.yaml", "label: Hail of Bullets", "label: Evaded Hail of Bullets"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_to_any_input_misses_the_cache(tmp_path: Path, change: str) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    before, _ = _both(root, cache)
    CHANGES[change](root)
    after, verdicts = _both(root, cache)
    assert verdicts.misses, f"a change of the {change} was answered from the cache"


def test_a_word_written_in_lowercase_elsewhere_misses_the_cache_of_a_text_that_did_not_change(
    tmp_path: Path,
) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    on_line_18 = f"{root / 'scenes.yaml'}:18:"
    before, _ = _both(root, cache)
    assert not [found for found in before if str(found[0]).startswith(on_line_18) and found[1] == "E503"]
    CHANGES["text"](root)  # line 7 no longer writes "dawn": "Dawn" on line 18 reads as a name
    after, _ = _both(root, cache)
    assert [found for found in after if str(found[0]).startswith(on_line_18) and found[1] == "E503"]


def test_a_new_checker_misses_the_whole_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    _both(root, cache)
    monkeypatch.setattr(verdicts_module, "checker_version", lambda: "another checker")
    _, verdicts = _both(root, cache)
    assert verdicts.misses and not verdicts.hits


def test_the_checker_version_follows_its_source_files() -> None:
    version = verdicts_module.checker_version()
    assert len(version) == 64 and version == verdicts_module.checker_version()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[]",
        b'{"format": 2, "checker": "x", "files": {}}',
        b"\xff\xfe",
        b'{"format": 2}',
        b'{"format": 1, "entries": {}}',
    ],
)
def test_a_broken_cache_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    _both(root, cache)
    (path,) = cache.glob("verdicts-*.json")
    path.write_bytes(content)
    _both(root, cache)
    assert json.loads(path.read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.update(diagnostics=[["x"]], needed=3),
        lambda entry: entry.update(count="many"),
        lambda entry: entry.update(lowercase=7, forms=None),
        lambda entry: entry.update(texts={key: {"diagnostics": [["x"]], "needed": 3} for key in entry["texts"]}),
        lambda entry: entry.update(texts=[]),
    ],
)
def test_a_cache_entry_of_another_shape_is_judged_again(
    tmp_path: Path, damage: Callable[[dict[str, object]], None]
) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    cold, _ = _both(root, cache)
    (path,) = cache.glob("verdicts-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["files"].values():
        entry["key"] = "another key"  # so that each file's texts are looked up one by one
        damage(entry)
    path.write_text(json.dumps(data), encoding="utf-8")
    again, verdicts = _both(root, cache)
    assert again == cold


def test_an_unchanged_story_reads_each_file_from_the_cache_and_an_edit_judges_only_its_texts(tmp_path: Path) -> None:
    root, cache = own_sources_story(tmp_path), tmp_path / "cache"
    cold, first = _both(root, cache)
    total = first.misses
    warm, second = _both(root, cache)
    assert (second.hits, second.misses) == (total, 0)
    edit(root / "scenes.yaml", "Dawn fired 40 times.", "Then dawn fired 40 times.")
    _, third = _both(root, cache)
    assert third.misses == 1 and third.hits == total - 1


def test_the_ordinary_words_made_from_each_file_are_the_stories_own() -> None:
    from story.checking.rules.texts import ordinary
    from story.checking.text.details import ordinary_words
    from story.checking.verdicts import _by_file, forms
    from story.core.paths import bundled_story
    from story.loading.loader import load_story

    story, _, _ = load_story(bundled_story())
    assert story is not None
    grouped = _by_file(story)
    joined = ordinary_words([s.text for s in story.sources.values()]).union(
        *(ordinary_words([text.value for text, _, _ in items]) for items in grouped.values())
    )
    assert joined == ordinary(story)
    assert forms(["Soldiers' jeep"]) >= {"soldiers", "soldier", "jeep", "soldiers'", "jee"}


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path: Path) -> None:
    root = own_sources_story(tmp_path)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    _both(root, blocked / "cache")
    assert not (blocked / "cache").exists()


def test_story_check_keeps_its_caches_in_the_users_cache_folder_unless_told_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from story.cli import main

    root = own_sources_story(tmp_path / "story")
    cache = tmp_path / "cache"  # STORY_CACHE_DIR, set for every test by tests/conftest.py
    assert main(["check", "--no-cache", str(root)]) == 1
    fresh = capsys.readouterr()
    assert not cache.exists()
    assert main(["check", str(root)]) == 1
    assert capsys.readouterr() == fresh
    assert len(list(cache.glob("verdicts-*.json"))) == len(list(cache.glob("reports-*.json"))) == 1
    assert len(list(cache.glob("parsed-*/*.pickle"))) == 3  # story.yaml, scenes.yaml, sources.yaml
    assert main(["check", str(root)]) == 1
    assert capsys.readouterr() == fresh


def test_without_platformdirs_the_cache_goes_in_the_home_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.delenv("STORY_CACHE_DIR")
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it now raises ImportError
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    assert caches.cache_dir() == tmp_path / ".cache" / "story"


def test_a_check_with_no_cache_folder_to_be_had_still_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from story.cli import main

    root = own_sources_story(tmp_path / "story")
    assert main(["check", "--no-cache", str(root)]) == 1
    fresh = capsys.readouterr()

    def no_home(cls: type[Path]) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("STORY_CACHE_DIR")
    monkeypatch.setitem(sys.modules, "platformdirs", None)
    monkeypatch.setattr(Path, "home", classmethod(no_home))
    assert main(["check", str(root)]) == 1
    assert capsys.readouterr() == fresh
