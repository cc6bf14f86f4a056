"""Automated playthroughs of the bundled story: every scene, choice, ending and checkpoint.

The shape the walks rely on is described in :mod:`tests.functional.story.walks`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.core.model import Story
from story.core.paths import bundled_story
from story.loading.loader import load_story

from .walks import ENDING, HUB, first_choices, reading_minutes, replay, routes

SHORT_TOUR_MAX_SCENES = 12


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, diagnostics, _ = load_story(bundled_story())
    assert loaded is not None, [str(d) for d in diagnostics]
    return loaded


# -- the story is clean ------------------------------------------------------------------


def test_check_finds_nothing_at_all() -> None:
    report = check_path(bundled_story())
    assert [str(d) for d in report.diagnostics] == []
    assert report.errors == 0 and report.warnings == 0


def test_every_article_is_cited_sentence_by_sentence() -> None:
    report = check_path(bundled_story())
    assert len(report.coverage) == 2
    for coverage in report.coverage:
        summary = coverage.summary()
        assert summary["percent"] >= 95, (summary, [s.text for s, _ in coverage.uncited()])


def test_every_scene_file_starts_with_the_schema_modeline() -> None:
    files = sorted(Path(bundled_story()).glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=story.schema.json", path.name


# -- every scene, choice, ending and checkpoint ------------------------------------------


def test_every_scene_is_visited(story: Story) -> None:
    visited: set[str] = set()
    for route in routes(story).values():
        visited.update(replay(story, route).visited)
    assert visited == set(story.scenes)


def test_every_choice_is_taken(story: Story) -> None:
    taken: set[tuple[str, int]] = set()
    arrived: set[str] = set()
    for scene_id, route in routes(story).items():
        for index, choice in enumerate(story.scenes[scene_id].choices):
            progress = replay(story, route)
            assert progress.scene.id == scene_id
            landed = progress.choose(index)
            assert landed.id == choice.target
            taken.add((scene_id, index))
            arrived.add(landed.id)
    every = {(s.id, i) for s in story.scenes.values() for i in range(len(s.choices))}
    assert taken == every
    assert arrived | {story.start} == set(story.scenes)


def test_a_walk_reaches_every_ending(story: Story) -> None:
    endings = {scene.id for scene in story.endings}
    assert ENDING in endings and len(endings) == 2, "the map and the short tour each end"
    reached = set()
    for scene_id, route in routes(story).items():
        progress = replay(story, route)
        if progress.finished:
            reached.add(scene_id)
            assert not progress.scene.choices
    assert reached == endings
    assert first_choices(story, 0)[-1] == ENDING
    assert first_choices(story, 1)[-1] in endings - {ENDING}


def test_always_the_first_choice_ends_from_anywhere(story: Story) -> None:
    for scene_id, route in routes(story).items():
        progress = replay(story, route)
        steps = 0
        while not progress.finished:
            progress.choose(0)
            steps += 1
            assert steps <= len(story.scenes), f"no way out from {scene_id}"


@pytest.mark.parametrize("answer", ["right", "wrong"])
def test_every_checkpoint_is_answered(story: Story, answer: str) -> None:
    checkpoints = {sid: s.checkpoint for sid, s in story.scenes.items() if s.checkpoint}
    assert len(checkpoints) >= 12
    for scene_id, route in routes(story).items():
        checkpoint = story.scenes[scene_id].checkpoint
        if checkpoint is None:
            continue
        right = [i for i, option in enumerate(checkpoint.options) if option.correct]
        wrong = [i for i in range(len(checkpoint.options)) if i not in right]
        assert right and wrong, f"{scene_id}: a question needs a right and a wrong answer"
        for option in right if answer == "right" else wrong:
            progress = replay(story, route)
            assert progress.answer(option) is (answer == "right")
            assert progress.answered() == option
            assert progress.score == ((1, 1) if answer == "right" else (0, 1))
            # The first answer counts; answering again does not change the score.
            progress.answer(right[0] if answer == "wrong" else wrong[0])
            assert progress.score == ((1, 1) if answer == "right" else (0, 1))
        checkpoints.pop(scene_id)
    assert not checkpoints, "checkpoints no reader can reach"


# -- the full walk and the short tour ----------------------------------------------------


def test_the_start_offers_the_map_and_the_short_tour(story: Story) -> None:
    assert [choice.target for choice in story.scenes[story.start].choices][0] == HUB
    full, short = first_choices(story, 0), first_choices(story, 1)
    assert set(full) & set(short) == {story.start}, "the tour has scenes of its own"


def test_the_full_walk_reads_every_scene_of_the_map_once(story: Story) -> None:
    full = first_choices(story, 0)
    short = set(first_choices(story, 1))
    assert len(full) == len(set(full)), "the full walk never reads a scene twice"
    assert set(full) | short == set(story.scenes)


def test_the_full_walk_takes_about_fifteen_minutes(story: Story) -> None:
    full = first_choices(story, 0)
    scenes_only = reading_minutes(story, full, panel=False)
    with_panel = reading_minutes(story, full, panel=True)
    assert 13 <= scenes_only <= 18, f"{scenes_only:.1f} min of scene text"
    assert with_panel <= 24, f"{with_panel:.1f} min with the fact panel"


def test_the_short_tour_takes_about_five_minutes(story: Story) -> None:
    short = first_choices(story, 1)
    assert len(short) <= SHORT_TOUR_MAX_SCENES
    assert sum(1 for s in short if story.scenes[s].checkpoint) >= 3, "a lesson still asks questions"
    scenes_only = reading_minutes(story, short, panel=False)
    assert 3.5 <= scenes_only <= 6.5, f"{scenes_only:.1f} min of scene text"
    full = reading_minutes(story, first_choices(story, 0), panel=False)
    assert scenes_only * 2.5 <= full
