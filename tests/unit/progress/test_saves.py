"""Saves under abuse: every shape that is not a save, two players on one save, leftovers of a kill."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from story.core.model import Story
from story.core.progress import Progress, check_save
from story.core.saves import MAX_SAVE_BYTES, SaveConflict, SaveStore, resumed
from story.loading.loader import load_story
from tests.functional.ui.tiny import TINY


def tiny() -> Story:
    story, diagnostics, _ = load_story(TINY)
    assert story is not None and not [d for d in diagnostics if d.is_error]
    return story


def good(**changes: object) -> dict[str, object]:
    """What the player writes after crossing → chase, answering the chase's checkpoint."""
    save: dict[str, object] = {
        "version": 1,
        "story": "Tiny",
        "trail": ["crossing", "chase"],
        "history": ["crossing", "chase"],
        "visited": ["crossing", "chase"],
        "answers": {"chase": 0},
    }
    save.update(changes)
    return {key: value for key, value in save.items() if value is not None}


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# Each is something the player never writes. None of them may crash it, and each is kept aside.
BAD_SAVES: dict[str, bytes] = {
    "list-in-trail": json.dumps(good(trail=["crossing", ["chase"]])).encode(),
    "mapping-in-trail": json.dumps(good(trail=["crossing", {"a": 1}])).encode(),
    "last-of-trail-a-list": json.dumps(good(trail=[["x"]])).encode(),
    "mapping-in-history": json.dumps(good(history=[{}])).encode(),
    "list-in-visited": json.dumps(good(visited=[[]])).encode(),
    "answer-a-list": json.dumps(good(answers={"chase": [0]})).encode(),
    "answer-a-bool": json.dumps(good(answers={"chase": True})).encode(),
    "answer-negative": json.dumps(good(answers={"chase": -1})).encode(),
    "version-true": json.dumps(good(version=True)).encode(),
    "version-float": json.dumps(good(version=1.0)).encode(),
    "title-a-list": json.dumps(good(story=["Tiny"])).encode(),
    "unknown-field": json.dumps(good(extra=1)).encode(),
    "missing-history": json.dumps(good(history=None)).encode(),
    "empty-trail": json.dumps(good(trail=[])).encode(),
    "nested-100000": deep(100_000).encode(),
    "nested-in-trail": json.dumps(good()).replace('"chase"]', '"chase", ' + deep(50_000) + "]", 1).encode(),
    "nested-object": ('{"a":' * 100_000 + "1" + "}" * 100_000).encode(),
    "number-huge": b'{"version": ' + b"9" * 5000 + b"}",
    "not-utf8": b'{"version": 1, "story": "\xff"}',
    "nul": b"\x00" * 10,
}


@pytest.mark.parametrize("name", sorted(BAD_SAVES))
def test_a_bad_save_is_kept_aside_and_never_crashes(tmp_path: Path, name: str) -> None:
    story = tiny()
    store = SaveStore(story, tmp_path)
    store.path.write_bytes(BAD_SAVES[name])
    progress, notice = store.load()
    assert progress.trail == ["crossing"] and not store.resumed
    assert notice is not None and "could not be read" in notice and "starting afresh" in notice
    kept = list(tmp_path.glob("*.bak"))
    assert len(kept) == 1 and kept[0].read_bytes() == BAD_SAVES[name]
    assert str(kept[0]) in notice and len(notice) < 600
    # The player saves again where the bad file was.
    progress.choose(0)
    store.save(progress)
    assert SaveStore(story, tmp_path).load()[0].scene.id == "chase"


def test_a_save_too_large_is_not_read(tmp_path: Path) -> None:
    store = SaveStore(tiny(), tmp_path)
    big = json.dumps(good(history=["crossing"] * (MAX_SAVE_BYTES // 10)))
    store.path.write_text(big, encoding="utf-8")
    started = time.monotonic()
    progress, notice = store.load()
    assert time.monotonic() - started < 1
    assert notice is not None and "far more than any save" in notice and progress.trail == ["crossing"]
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_folder_where_the_save_should_be(tmp_path: Path) -> None:
    store = SaveStore(tiny(), tmp_path)
    store.path.mkdir()
    (store.path / "inside").write_text("x")
    progress, notice = store.load()
    assert notice is not None and "it is a folder" in notice
    assert [p.name for p in tmp_path.glob("*.bak")] and not store.path.exists()
    progress.choose(0)
    store.save(progress)
    assert store.path.is_file()


def test_a_link_is_never_followed(tmp_path: Path) -> None:
    story = tiny()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps(good()), encoding="utf-8")
    store = SaveStore(story, tmp_path / "saves")
    store.directory.mkdir()
    store.path.symlink_to(elsewhere)
    progress, notice = store.load()
    assert notice is not None and "it is a link" in notice and progress.trail == ["crossing"]
    store.save(progress)
    assert not store.path.is_symlink() and json.loads(elsewhere.read_text(encoding="utf-8")) == good()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_never_waited_on(tmp_path: Path) -> None:
    store = SaveStore(tiny(), tmp_path)
    os.mkfifo(store.path)
    started = time.monotonic()
    _, notice = store.load()
    assert time.monotonic() - started < 1
    assert notice is not None and "not a plain file" in notice


def test_check_save_accepts_what_the_player_writes() -> None:
    progress = Progress(tiny())
    progress.choose(0)
    progress.answer(1)
    saved = check_save(progress.to_dict())
    assert saved.trail == ["crossing", "chase"] and saved.answers == {"chase": 1}
    assert check_save(good(story=None)).trail == ["crossing", "chase"], "saves without a title still load"


# -- resuming --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trail", "at"),
    [
        (["crossing", "chase", "gone"], "chase"),
        (["crossing", "gone", "chase"], "chase"),
        (["gone", "rescue"], "rescue"),
        (["gone"], "crossing"),
    ],
)
def test_a_missing_scene_resumes_at_the_last_one_the_story_has(tmp_path: Path, trail: list[str], at: str) -> None:
    store = SaveStore(tiny(), tmp_path)
    store.path.write_text(json.dumps(good(trail=trail)), encoding="utf-8")
    progress, notice = store.load()
    assert progress.scene.id == at and progress.trail[0] == "crossing"
    assert notice is not None and "no longer has scene(s) gone" in notice
    assert at in progress.visited


def test_many_missing_scenes_make_a_short_notice(tmp_path: Path) -> None:
    store = SaveStore(tiny(), tmp_path)
    names = [f"gone-{index}-" + "x" * 500 for index in range(5000)]
    store.path.write_text(json.dumps(good(trail=["crossing", *names])), encoding="utf-8")
    _, notice = store.load()
    assert notice is not None and "and 4995 more" in notice and len(notice) < 600


def test_resuming_says_where(tmp_path: Path) -> None:
    story = tiny()
    store = SaveStore(story, tmp_path)
    progress = Progress(story)
    progress.choose(0)
    store.save(progress)
    again = SaveStore(story, tmp_path)
    loaded, notice = again.load()
    assert notice is None and again.resumed
    assert resumed(loaded) == "Resumed your saved progress at \u201cThe chase\u201d (scene 2 of 4)."
    fresh = SaveStore(story, tmp_path / "none")
    fresh.load()
    assert not fresh.resumed


# -- two players on one save -----------------------------------------------------------------------


def test_a_second_player_never_overwrites_the_first(tmp_path: Path) -> None:
    story = tiny()
    first, second = SaveStore(story, tmp_path), SaveStore(story, tmp_path)
    a, _ = first.load()
    b, _ = second.load()
    a.choose(0)
    a.answer(0)
    first.save(a)
    a.choose(0)
    first.save(a)
    b.choose(1)
    with pytest.raises(SaveConflict, match="open in another player"):
        second.save(b)
    kept, _ = SaveStore(story, tmp_path).load()
    assert kept.trail == ["crossing", "chase", "rescue"] and kept.answers == {"chase": 0}
    first.save(a)  # the first player goes on saving
    with pytest.raises(SaveConflict):
        second.save(b)


def test_a_player_that_resumed_the_latest_save_goes_on_saving(tmp_path: Path) -> None:
    story = tiny()
    first = SaveStore(story, tmp_path)
    a, _ = first.load()
    a.choose(0)
    first.save(a)
    later = SaveStore(story, tmp_path)
    b, _ = later.load()
    b.choose(0)
    later.save(b)
    later.save(b)
    with pytest.raises(SaveConflict):
        first.save(a)  # the older one is told, and the newer progress stays
    assert SaveStore(story, tmp_path).load()[0].scene.id == "rescue"


def test_starting_over_while_another_player_saves(tmp_path: Path) -> None:
    story = tiny()
    first = SaveStore(story, tmp_path)
    a, _ = first.load()
    a.choose(0)
    first.save(a)
    again = SaveStore(story, tmp_path)
    again.clear()  # --new
    again.save(Progress(story))
    with pytest.raises(SaveConflict):
        first.save(a)
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_a_store_that_never_loaded_writes_as_before(tmp_path: Path) -> None:
    story = tiny()
    SaveStore(story, tmp_path).save(Progress(story))
    SaveStore(story, tmp_path).save(Progress(story))


# -- leftovers -------------------------------------------------------------------------------------


def test_temporary_files_of_a_killed_player_are_removed(tmp_path: Path) -> None:
    story = tiny()
    store = SaveStore(story, tmp_path)
    store.save(Progress(story))
    for index in range(3):
        (tmp_path / f".save-killed{index}.tmp").write_text('{"half')
    other = tmp_path / "notes.tmp"
    other.write_text("not ours")
    _, notice = SaveStore(story, tmp_path).load()
    assert notice is None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([store.path.name, "notes.tmp"])


def test_a_bad_save_that_cannot_be_moved_stays_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SaveStore(tiny(), tmp_path)
    store.path.write_text("{bad")

    def refused(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    _, notice = store.load()
    assert notice is not None and "could not be kept aside (Permission denied)" in notice
    assert store.path.read_text() == "{bad"
