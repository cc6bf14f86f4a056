"""The map: a hub of places the reader visits in the order they like, and comes back from.

Choices decide what the reader looks at and in which order; each place adds to the fact panel,
and every way through ends at the same summing-up.
"""

from __future__ import annotations

from collections import Counter

import pytest

from story.core.model import Story
from story.core.paths import bundled_story
from story.loading.loader import load_story
from story.render.scene_map import scene_map

from .walks import ENDING, HUB, first_choices, hub_targets, places, replay, routes


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, diagnostics, _ = load_story(bundled_story())
    assert loaded is not None, [str(d) for d in diagnostics]
    return loaded


def _to_hub(story: Story) -> list[int]:
    return routes(story)[HUB]


# -- the shape ---------------------------------------------------------------------------


def test_the_scene_map_shows_a_hub_not_a_line(story: Story) -> None:
    nodes, edges, missing = scene_map(story)
    assert not missing
    key = next(node.key for node in nodes if node.scene.id == HUB)
    leaving = [edge for edge in edges if edge[0] == key]
    start = next(node.key for node in nodes if node.start)
    arriving = {edge[0] for edge in edges if edge[1] == key} - {start}
    assert len(leaving) >= 7, "the map leads to every place and to the ending"
    place_scenes = {scene for scenes in places(story).values() for scene in scenes}
    assert len(arriving) == len(place_scenes), "every scene of every place leads back to the map"
    # Not a line: most scenes offer a real choice.
    branching = sum(1 for node in nodes if len(node.scene.choices) >= 2)
    assert branching >= len(place_scenes) + 2


def test_the_map_offers_each_place_once_then_the_ending(story: Story) -> None:
    targets = hub_targets(story)
    assert len(targets) == len(set(targets))
    assert targets[-1] == ENDING
    found = places(story)
    assert list(found) == targets[:-1]
    assert len(found) >= 6
    every = [scene for scenes in found.values() for scene in scenes]
    assert len(every) == len(set(every)), "a scene belongs to one place"


def test_every_place_is_reachable_from_the_map_and_back(story: Story) -> None:
    hub = _to_hub(story)
    for index, (first, scenes) in enumerate(places(story).items()):
        assert story.scenes[HUB].choices[index].target == first
        for depth in range(len(scenes)):
            progress = replay(story, [*hub, index, *([0] * depth)])
            assert progress.scene.id == scenes[depth]
            back = [i for i, choice in enumerate(progress.scene.choices) if choice.target == HUB]
            assert len(back) == 1, f"{scenes[depth]}: one way back to the map"
            assert progress.scene.choices[back[0]].label.value == "Back to the map"
            assert progress.choose(back[0]).id == HUB


def test_every_place_adds_to_the_fact_panel(story: Story) -> None:
    hub = _to_hub(story)
    for index, scenes in enumerate(places(story).values()):
        progress = replay(story, [*hub, index, *([0] * (len(scenes) - 1))])
        before = set(replay(story, hub).unlocked)
        added = set(progress.unlocked) - before
        assert added, f"the place {scenes[0]} adds nothing to the fact panel"
        for scene_id in scenes:
            assert story.scenes[scene_id].unlocks, f"{scene_id} adds nothing"


def test_the_full_walk_goes_on_from_place_to_place(story: Story) -> None:
    full = first_choices(story, 0)
    in_order = [scene for scenes in places(story).values() for scene in scenes]
    assert full == [story.start, HUB, *in_order, ENDING]


def test_places_visited_in_another_order_read_the_same_and_end_the_same(story: Story) -> None:
    """Choices choose the order, never what happened: a reader going from the last place to the
    first, through the map, reads the same scenes and unlocks the same entries as the full walk."""
    hub = _to_hub(story)
    progress = replay(story, hub)
    found = list(places(story).values())
    for index in reversed(range(len(found))):
        progress.choose(index)
        for _ in found[index][1:]:
            progress.choose(0)
        progress.choose(next(i for i, c in enumerate(progress.scene.choices) if c.target == HUB))
    progress.choose(len(found))
    assert progress.finished and progress.scene.id == ENDING
    walk = replay(story, [0] * (len(first_choices(story, 0)) - 1))
    assert set(progress.visited) == set(walk.visited)
    assert set(progress.unlocked) == set(walk.unlocked)
    assert Counter(progress.history)[HUB] == len(found) + 1
    # Coming back to the map never counts a scene twice: "scene 20 of 20" at the end.
    assert tuple(progress.place) == (len(walk.visited), len(walk.visited))


def test_the_ending_tells_every_disagreement_and_every_unknown(story: Story) -> None:
    """However little a reader visits, the ending puts every disagreement side by side."""
    ending = {entry for entry, _ in story.scenes[ENDING].unlocks}
    disputed = {fact.id for fact in story.facts.values() if fact.disputed}
    assert disputed <= ending
    assert len(ending & set(story.unknowns)) >= 4
    progress = replay(story, [*_to_hub(story), len(places(story))])
    assert progress.finished
    assert disputed <= set(progress.unlocked)


# -- how the player counts and steps through a hub ----------------------------------------


def test_the_full_walk_counts_every_scene_of_the_walk(story: Story) -> None:
    """The full walk counts "scene N of M" from 1 to M, with the same M from the start to the ending."""
    full = first_choices(story, 0)
    progress = replay(story, [])
    counts = [progress.place]
    while not progress.finished:
        progress.choose(0)
        counts.append(progress.place)
    assert [count.number for count in counts] == list(range(1, len(full) + 1))
    assert {count.of for count in counts} == {len(full)}


def test_back_from_the_map_returns_to_the_place_just_read(story: Story) -> None:
    hub = _to_hub(story)
    progress = replay(story, [*hub, 3])
    place = progress.scene.id
    progress.choose(next(i for i, c in enumerate(progress.scene.choices) if c.target == HUB))
    assert progress.back() and progress.scene.id == place
    assert progress.back() and progress.scene.id == HUB


def test_a_place_read_again_keeps_its_answer(story: Story) -> None:
    hub = _to_hub(story)
    first, *_ = [scenes[0] for scenes in places(story).values() if story.scenes[scenes[0]].checkpoint]
    index = hub_targets(story).index(first)
    progress = replay(story, [*hub, index])
    progress.answer(0)
    progress.choose(next(i for i, c in enumerate(progress.scene.choices) if c.target == HUB))
    progress.choose(index)
    assert progress.scene.id == first and progress.answered() == 0
    assert progress.score[1] == 1


def test_the_map_marks_the_places_already_read(story: Story) -> None:
    from story.ui.look import SceneLook, scene_state

    progress = replay(story, _to_hub(story))
    assert progress.scene.id == HUB and progress.read_choices() == ()
    first = progress.scene.choices[0].target
    progress.choose(0)
    back = next(i for i, choice in enumerate(progress.scene.choices) if choice.target == HUB)
    progress.choose(back)
    assert progress.scene.id == HUB and progress.read_choices() == (0,)
    look = SceneLook.of(story, progress.scene, *scene_state(progress, None)[1:])
    assert look.choices[0].plain.endswith("\u2713 read") and first in progress.visited
    assert not any(choice.plain.endswith("read") for choice in look.choices[1:])
