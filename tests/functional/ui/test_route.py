"""Where the reader is: "scene N of M", as the top line, the plain player and present mode count it.

N is how many scenes of the route being read the reader has read (the scene on screen too); M is
how many the route has. The start scene's choices open the routes (a full walk and a short
tour); a scene on more than one belongs to the first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from story.core.model import Story
from story.core.progress import Place, Progress
from story.core.queries import reading_place, routes
from story.loading.loader import load_story
from tests import ROOT

from .tiny import TINY, copy_tiny, edit


def tiny_story(root: Path = TINY) -> Story:
    story, _, _ = load_story(root)
    assert story is not None
    return story


def test_the_start_scene_opens_the_routes() -> None:
    found = routes(tiny_story())
    # The chase leads on to the rescue and the hospital: one route holds every scene.
    assert found["rescue"] == found["chase"] == found["crossing"] == {"crossing", "chase", "rescue", "hospital"}


@pytest.mark.parametrize(
    ("picks", "place"),
    [
        ([], Place(1, 4)),
        ([0], Place(2, 4)),
        ([1], Place(2, 4)),  # the rescue: the chase is skipped, and still counts in the route
        ([1, 0], Place(3, 4)),  # the end, one scene short of the route's total
        ([0, 0, 0], Place(4, 4)),
    ],
)
def test_place_counts_the_scenes_read(picks: list[int], place: Place) -> None:
    progress = Progress(tiny_story())
    for index in picks:
        progress.choose(index)
    assert progress.place == place


def test_going_back_keeps_what_was_read() -> None:
    progress = Progress(tiny_story())
    progress.choose(1)
    progress.back()
    assert progress.place == Place(2, 4)


def test_a_story_that_loops_back_still_counts(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(
        root / "scenes.yaml",
        "      - label: Follow the medical treatment\n        target: hospital\n",
        "      - label: Follow the medical treatment\n        target: hospital\n"
        "      - label: Start from the crossing\n        target: crossing\n",
    )
    story = tiny_story(root)
    progress = Progress(story)
    for _ in range(10):  # round the loop: the count never passes the total
        progress.choose(1 if progress.scene.id == "crossing" else len(progress.scene.choices) - 1)
        number, of = progress.place
        assert 1 <= number <= of == 4


def test_the_bundled_story_counts_the_full_walk_and_the_tour_apart() -> None:
    story = tiny_story(ROOT / "scenes")
    start = story.scenes[story.start]
    assert len(start.choices) >= 2, "the bundled story offers a full walk and a short tour"
    full, tour = (Progress(story) for _ in range(2))
    full.choose(0)
    tour.choose(len(start.choices) - 1)
    assert full.place.of > tour.place.of >= 2
    # Present mode counts by the same definition, from the scenes it has shown.
    assert reading_place(story, tour.scene.id, [story.start]) == tour.place
