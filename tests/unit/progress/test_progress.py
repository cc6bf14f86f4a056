"""The player's state and saves, as plain Python: no Textual anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from story.core.footnotes import Footnotes
from story.core.model import Story
from story.core.progress import Progress, unplayable
from story.core.saves import SaveStore
from story.loading.loader import load_story
from tests import ROOT
from tests.functional.ui.tiny import TINY, copy_tiny, edit


def tiny() -> Story:
    story, diagnostics, _ = load_story(TINY)
    assert story is not None and not [d for d in diagnostics if d.is_error]
    return story


# -- moving through the story ---------------------------------------------------------------


def test_starts_at_the_start_scene() -> None:
    progress = Progress(tiny())
    assert progress.scene.id == "crossing"
    assert progress.trail == progress.history == progress.visited == ["crossing"]
    assert progress.unlocked == ["dmz", "wounds"]
    assert not progress.can_go_back()


def test_choose_back_and_history() -> None:
    progress = Progress(tiny())
    progress.choose(1)
    assert progress.scene.id == "rescue"
    assert progress.back() is True
    assert progress.scene.id == "crossing"
    assert progress.back() is False
    # Going back is itself part of what was read, and nothing read is forgotten.
    assert progress.history == ["crossing", "rescue", "crossing"]
    assert progress.visited == ["crossing", "rescue"]
    assert "identity" in progress.unlocked


@pytest.mark.parametrize("index", [-1, 2, 99])
def test_choose_rejects_a_missing_choice(index: int) -> None:
    progress = Progress(tiny())
    with pytest.raises(IndexError):
        progress.choose(index)
    assert progress.scene.id == "crossing"


def test_jump_only_to_scenes_already_read() -> None:
    progress = Progress(tiny())
    assert progress.jump("hospital") is False
    progress.choose(0)
    progress.choose(0)
    assert progress.scene.id == "rescue"
    assert progress.jump("chase") is True
    assert progress.trail == ["crossing", "chase"]
    assert progress.jump("nowhere") is False


def test_restart_forgets_everything() -> None:
    progress = Progress(tiny())
    progress.choose(0)
    progress.answer(0)
    progress.restart()
    assert progress.trail == progress.visited == ["crossing"]
    assert progress.answers == {}


def test_checkpoint_first_answer_counts() -> None:
    progress = Progress(tiny())
    progress.choose(0)
    assert progress.answer(1) is False
    assert progress.answer(0) is True
    assert progress.answered() == 1
    assert progress.score == (0, 1)
    with pytest.raises(ValueError):
        progress.answer(5)


def test_answering_where_there_is_no_checkpoint_is_an_error() -> None:
    with pytest.raises(ValueError):
        Progress(tiny()).answer(0)


def test_fraction_and_finished() -> None:
    progress = Progress(tiny())
    for index in (1, 0):
        progress.choose(index)
    assert progress.scene.id == "hospital"
    assert progress.finished
    assert progress.fraction == 3 / 4


# -- footnotes ------------------------------------------------------------------------------


def test_footnotes_number_passages_then_question() -> None:
    progress = Progress(tiny())
    progress.choose(0)
    notes = progress.footnotes()
    quotes = [note.citation.quote for note in notes]
    assert quotes == [
        "Four officials chased their defecting comrade",
        "according to CCTV footage of the scene",
        "The North Korean army took aim",
        "fired 40 times",
    ]
    # The question cites a quote the passages already cite: it keeps its number.
    assert notes.numbers(progress.scene.checkpoint.cite) == [3]  # type: ignore[union-attr]


def test_option_footnotes_appear_only_once_answered() -> None:
    progress = Progress(tiny())
    progress.choose(0)
    before = [note.citation.quote for note in progress.footnotes()]
    assert "collapsing 150 yards after the border line" not in before
    progress.answer(0)
    after = [note.citation.quote for note in progress.footnotes()]
    assert after[: len(before)] == before
    assert after[-1] == "collapsing 150 yards after the border line"


def test_footnotes_reuse_numbers_for_repeated_quotes() -> None:
    story = tiny()
    cite = story.scenes["chase"].passages[1].cite
    notes = Footnotes()
    assert notes.add(cite) == [1, 2]
    assert notes.add(list(reversed(cite))) == [2, 1]
    assert len(notes) == 2


# -- saves ----------------------------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    story = tiny()
    progress = Progress(story)
    progress.choose(0)
    progress.answer(1)
    store = SaveStore(story, tmp_path)
    store.save(progress)
    loaded, notice = SaveStore(story, tmp_path).load()
    assert notice is None
    assert loaded.to_dict() == progress.to_dict()
    assert [p.name for p in tmp_path.iterdir()] == [store.path.name]  # no temporary files left


def test_no_save_starts_fresh(tmp_path: Path) -> None:
    progress, notice = SaveStore(tiny(), tmp_path).load()
    assert notice is None and progress.trail == ["crossing"]


def test_default_save_dir_follows_story_data_dir(tmp_path: Path) -> None:
    # tests/conftest.py points STORY_DATA_DIR at a private folder.
    store = SaveStore(tiny())
    assert store.directory == tmp_path / "saves"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'{"version": 99}',
        b'{"version": 1, "trail": "crossing", "history": [], "visited": [], "answers": {}}',
        b'{"version": 1, "trail": [], "history": [], "visited": [], "answers": []}',
        b"",
    ],
    ids=["bad-json", "binary", "list", "other-version", "trail-not-list", "answers-not-dict", "empty"],
)
def test_corrupt_save_starts_afresh_and_keeps_the_file(tmp_path: Path, content: bytes) -> None:
    story = tiny()
    store = SaveStore(story, tmp_path)
    tmp_path.mkdir(exist_ok=True)
    store.path.write_bytes(content)
    progress, notice = store.load()
    assert progress.trail == ["crossing"]
    assert notice is not None and "could not be read" in notice
    kept = list(tmp_path.glob("*.bak"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert str(kept[0]) in notice
    assert not store.path.exists()


def test_save_from_an_edited_story(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    story, _, _ = load_story(root)
    assert story is not None
    progress = Progress(story)
    progress.choose(1)  # rescue
    store = SaveStore(story, tmp_path / "saves")
    store.save(progress)
    # The author removes the scene the player was reading.
    scenes = root / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    start = text.index("  - id: rescue")
    end = text.index("  - id: hospital")
    scenes.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(scenes, "target: rescue", "target: hospital")
    edit(scenes, "target: rescue", "target: hospital")
    edited, _, _ = load_story(root)
    assert edited is not None and "rescue" not in edited.scenes
    resumed, notice = SaveStore(edited, tmp_path / "saves").load()
    assert resumed.scene.id == "crossing"
    assert notice is not None and "no longer has scene(s) rescue" in notice
    assert list((tmp_path / "saves").glob("*.bak"))


def test_clear_keeps_the_old_save_aside(tmp_path: Path) -> None:
    story = tiny()
    store = SaveStore(story, tmp_path)
    progress = Progress(story)
    progress.choose(0)
    store.save(progress)
    store.clear()
    assert not store.path.exists()
    assert len(list(tmp_path.glob("*.bak"))) == 1
    assert store.load()[0].trail == ["crossing"]


def test_two_stories_have_two_saves(tmp_path: Path) -> None:
    first = SaveStore(tiny(), tmp_path)
    other, _, _ = load_story(copy_tiny(tmp_path))
    assert other is not None
    assert SaveStore(other, tmp_path).path != first.path


def test_save_file_is_plain_json(tmp_path: Path) -> None:
    story = tiny()
    store = SaveStore(story, tmp_path)
    progress = Progress(story)
    progress.choose(0)
    progress.answer(0)
    store.save(progress)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["trail"] == ["crossing", "chase"]
    assert data["answers"] == {"chase": 0}


def test_rebase_keeps_the_place_in_an_edited_story(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    story, _, _ = load_story(root)
    assert story is not None
    progress = Progress(story)
    progress.choose(0)
    progress.answer(0)
    edit(root / "scenes.yaml", "title: The chase", "title: The chase again")
    edited, _, _ = load_story(root)
    assert edited is not None
    rebased, notes = progress.rebase(edited)
    assert notes == []
    assert rebased.scene.id == "chase" and rebased.scene.title.value == "The chase again"
    assert rebased.answers == {"chase": 0}


def test_unplayable() -> None:
    story = tiny()
    assert unplayable(story) is None
    assert unplayable(None) is not None
    story.start = "nowhere"
    assert "nowhere" in (unplayable(story) or "")


def test_progress_and_plain_player_never_import_textual() -> None:
    code = "import sys, story.core.progress, story.render.plain; print('textual' in sys.modules, 'rich' in sys.modules)"
    root = ROOT
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert result.stdout.strip() == "False False"
