"""Where the reader is on their path: the count the top line and the plain player show."""

from __future__ import annotations

from pathlib import Path

import pytest

from story.core.model import Story
from story.core.progress import Place, Progress, scenes_to_an_ending
from story.loading.loader import load_story

from .tiny import TINY, copy_tiny, edit


def tiny_story(root: Path = TINY) -> Story:
    story, _, _ = load_story(root)
    assert story is not None
    return story


def test_scenes_to_an_ending_takes_the_longest_way() -> None:
    assert scenes_to_an_ending(tiny_story()) == {"hospital": 1, "rescue": 2, "chase": 3, "crossing": 4}


@pytest.mark.parametrize(
    ("picks", "place"),
    [
        ([], Place(1, 4)),
        ([0], Place(2, 4)),  # the chase: the long way
        ([1], Place(2, 3)),  # the rescue: the chase is skipped, so the path is one shorter
        ([1, 0], Place(3, 3)),
        ([0, 0, 0], Place(4, 4)),
    ],
)
def test_place_counts_along_the_path_taken(picks: list[int], place: Place) -> None:
    progress = Progress(tiny_story())
    for index in picks:
        progress.choose(index)
    assert progress.place == place


def test_an_ending_is_reached_as_the_last_scene_of_its_path() -> None:
    progress = Progress(tiny_story())
    for index in (0, 0, 0):
        progress.choose(index)
    assert progress.finished
    number, of = progress.place
    assert number == of


def test_going_back_takes_one_off() -> None:
    progress = Progress(tiny_story())
    progress.choose(1)
    progress.back()
    assert progress.place == Place(1, 4)


def test_a_story_that_loops_back_still_counts(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(
        root / "scenes.yaml",
        "      - label: Follow the medical treatment\n        target: hospital\n",
        "      - label: Follow the medical treatment\n        target: hospital\n"
        "      - label: Start from the crossing\n        target: crossing\n",
    )
    story = tiny_story(root)
    lengths = scenes_to_an_ending(story)
    assert set(lengths) == set(story.scenes)
    assert all(1 <= length <= len(story.scenes) for length in lengths.values())
    progress = Progress(story)
    for _ in range(10):  # round the loop: the count grows with the trail and never goes wrong
        progress.choose(1 if progress.scene.id == "crossing" else len(progress.scene.choices) - 1)
        number, of = progress.place
        assert 1 <= number <= of
