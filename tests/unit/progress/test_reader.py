"""The reader's state apart from the terminal (story.core.reader), as plain Python: no Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from story.core.model import Story
from story.core.reader import ANSWER, CHOOSE, RESTART, START_AGAIN, STAY, Move, Pick, Reader
from story.loading.loader import load_story
from tests.functional.ui.tiny import TINY, copy_tiny, edit


def load(root: Path = TINY) -> Story:
    story, diagnostics, _ = load_story(root)
    assert story is not None and not [d for d in diagnostics if d.is_error]
    return story


def reading(tmp_path: Path, *, new: bool = False) -> Reader:
    reader = Reader(new=new, save_dir=tmp_path / "saves")
    assert reader.adopt(load(), []) is None
    return reader


def save(reader: Reader) -> None:
    state = reader.saved_state()
    assert state is not None
    store, snapshot = state
    store.write(snapshot)


# -- adopting a story ---------------------------------------------------------------------------


def test_nothing_plays_before_a_story_is_adopted(tmp_path: Path) -> None:
    reader = Reader(save_dir=tmp_path)
    assert reader.progress is None and not reader.playing
    assert reader.saved_state() is None
    assert reader.choose(0) == reader.answer(0) == reader.back() == reader.restart() == Move(False)
    assert reader.jump("crossing") == Move(False)
    assert reader.ahead(Pick(CHOOSE, 0)) is None


def test_a_first_story_starts_at_the_start_with_its_entries_new(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    assert reader.playing and reader.blocking is None and reader.notice is None
    assert reader.progress is not None and reader.progress.scene.id == "crossing"
    assert reader.fresh == reader.found == {"dmz", "wounds"}
    assert reader.store is not None and reader.store.directory == tmp_path / "saves"


def test_a_story_that_cannot_be_played_blocks_and_says_why(tmp_path: Path) -> None:
    reader = Reader(save_dir=tmp_path)
    reason = reader.adopt(None, [])
    assert reason == "the story could not be loaded" == reader.blocking
    assert reader.progress is None and not reader.playing


def test_an_edited_story_keeps_the_place_and_an_unplayable_edit_keeps_the_old_story(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    reader.choose(0)
    old = reader.story
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", "title: The chase", "title: The long chase")
    assert reader.adopt(load(root), []) is None
    assert reader.progress is not None and reader.progress.scene.title.value == "The long chase"
    assert reader.story is not old and reader.store is not None and reader.store.story is reader.story
    # A broken edit: the reader keeps reading the version that worked, and nothing blocks.
    kept = reader.story
    assert reader.adopt(None, []) == "the story could not be loaded"
    assert reader.story is kept and reader.blocking is None and reader.playing


def test_progress_is_resumed_and_new_starts_over(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    reader.choose(0)
    reader.answer(1)
    save(reader)
    again = reading(tmp_path)
    assert again.progress is not None and again.progress.trail == ["crossing", "chase"]
    assert again.progress.answers == {"chase": 1}
    assert again.fresh == set()  # only a first scene marks its entries new
    fresh = reading(tmp_path, new=True)
    assert fresh.progress is not None and fresh.progress.trail == ["crossing"]
    assert len(list((tmp_path / "saves").glob("*.bak"))) == 1


# -- moves ------------------------------------------------------------------------------------------


def test_choosing_moves_on_and_says_what_it_found(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    reader.notice = "a notice"
    move = reader.choose(0)
    assert move == Move(True, found=frozenset({"shots", "armistice"}))
    assert reader.progress is not None and reader.progress.scene.id == "chase"
    assert reader.notice is None
    assert reader.found == reader.fresh == {"shots", "armistice"}


def test_a_choice_that_is_not_there_is_an_error_and_changes_nothing(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    move = reader.choose(5)
    assert not move.changed and move.error is not None
    assert move.error.startswith("That choice cannot be followed: ")
    assert reader.progress is not None and reader.progress.trail == ["crossing"]


def test_answering_keeps_the_notice_of_new_entries_and_clears_the_notice(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    reader.choose(0)
    reader.notice = "a notice"
    assert reader.answer(0) == Move(True)
    assert reader.progress is not None and reader.progress.answers == {"chase": 0}
    assert reader.notice is None and reader.found == {"shots", "armistice"}
    wrong = reader.answer(7)
    assert not wrong.changed and wrong.error == "no option 8"


def test_back_jump_and_restart(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    assert reader.back() == Move(False)  # at the first scene
    reader.choose(0)
    back = reader.back()
    assert back.changed and back.found == frozenset()
    assert reader.progress is not None and reader.progress.scene.id == "crossing"
    # Going back finds nothing; the last entries found stay marked new.
    assert reader.fresh == {"shots", "armistice"}
    assert reader.jump("hospital") == Move(False)  # not read yet
    assert reader.jump("chase").changed and reader.progress.scene.id == "chase"
    restart = reader.restart()
    assert restart.changed and restart.found == frozenset({"dmz", "wounds"})
    assert reader.progress.trail == ["crossing"] and reader.progress.answers == {}


def test_a_pick_does_what_its_item_says(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    assert reader.pick(Pick(CHOOSE, 1)).changed
    assert reader.progress is not None and reader.progress.scene.id == "rescue"
    assert reader.pick(Pick(RESTART)).changed and reader.progress.scene.id == "crossing"
    reader.pick(Pick(CHOOSE, 0))
    assert reader.pick(Pick(ANSWER, 1)).changed and reader.progress.answers == {"chase": 1}


def test_asking_to_start_again_changes_only_what_is_asked(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    reader.choose(0)
    assert reader.progress is not None
    trail = list(reader.progress.trail)
    assert reader.pick(Pick(START_AGAIN)) == Move(False) and not reader.asking  # the app asks
    assert reader.ask_restart() and reader.asking
    assert not reader.ask_restart()  # asked already
    assert reader.pick(Pick(STAY)) == Move(False) and reader.progress.trail == trail
    assert reader.stay() and not reader.asking
    assert not reader.stay()  # nothing was asked
    reader.ask_restart()
    assert reader.back().changed and not reader.asking  # any move drops the question
    reader.ask_restart()
    assert reader.pick(Pick(RESTART)).changed and not reader.asking
    assert reader.progress.trail == ["crossing"]


def test_nothing_is_asked_before_a_story_plays(tmp_path: Path) -> None:
    reader = Reader(save_dir=tmp_path)
    assert not reader.ask_restart() and not reader.asking


def test_seeing_the_fact_panel_ends_the_news(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    reader.facts_seen()
    assert reader.found == set() and reader.fresh == {"dmz", "wounds"}


# -- looking ahead ----------------------------------------------------------------------------------


def test_looking_ahead_changes_nothing(tmp_path: Path) -> None:
    reader = reading(tmp_path)
    ahead = reader.ahead(Pick(CHOOSE, 0))
    assert ahead is not None
    progress, fresh = ahead
    assert progress.scene.id == "chase" and fresh == {"shots", "armistice"}
    assert reader.progress is not None and reader.progress.scene.id == "crossing"
    assert reader.ahead(Pick(CHOOSE, 9)) is None
    reader.choose(0)
    answered = reader.ahead(Pick(ANSWER, 0))
    assert answered is not None and answered[0].answered() == 0 and answered[1] is reader.fresh
    assert reader.progress.answered() is None
    # Asked whether to start again, the reader is likely to say yes: the first scene is got ready.
    again = reader.ahead(Pick(START_AGAIN))
    assert again is not None and again[0].scene.id == "crossing" and again[0].trail == ["crossing"]
    assert reader.ahead(Pick(STAY)) is None


def test_the_reader_needs_no_textual() -> None:
    code = "import sys, story.core.reader; sys.exit(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
