"""Walks through the bundled story, as a reader takes them, for the tests of this folder.

The story's shape, which these helpers rely on and the tests hold it to:

- the start scene's first choice opens the map (the hub), its second the short tour;
- the map's choices lead to its places, in a suggested order, and its last choice to the ending;
- a place is one or more scenes; inside a place the first choice reads on, and the last scene's
  first choice goes on to the next place (the last place's, to the ending). Every scene of a place
  also offers the way back to the map;
- so always taking the first choice, from the map, reads every place once and ends: the full walk.
"""

from __future__ import annotations

import re
from collections import deque

from story.core.model import Fact, Moment, Scene, Story, Term, Unknown
from story.core.progress import Progress

WORDS_PER_MINUTE = 200
"""A reading speed for the estimates: about 200 words a minute."""

HUB = "map"
"""The id of the map: the scene every place leaves from and comes back to."""

ENDING = "summing-up"
"""The ending the map leads to."""


def routes(story: Story) -> dict[str, list[int]]:
    """For every reachable scene, the choice indexes that lead to it from the start (shortest)."""
    found: dict[str, list[int]] = {story.start: []}
    queue = deque([story.start])
    while queue:
        scene_id = queue.popleft()
        for index, choice in enumerate(story.scenes[scene_id].choices):
            if choice.target not in found:
                found[choice.target] = [*found[scene_id], index]
                queue.append(choice.target)
    return found


def replay(story: Story, route: list[int]) -> Progress:
    """A fresh reader who has taken these choices, in order."""
    progress = Progress(story)
    for index in route:
        progress.choose(index)
    return progress


def first_choices(story: Story, start_choice: int) -> list[str]:
    """The scenes read taking ``start_choice`` at the start, then always the first choice."""
    progress = replay(story, [start_choice])
    while not progress.finished:
        assert len(progress.history) <= len(story.scenes), f"loop at {progress.scene.id}"
        progress.choose(0)
    return list(progress.history)


def hub_targets(story: Story) -> list[str]:
    """The scenes the map leads to, in its order (the places, then the ending)."""
    return [choice.target for choice in story.scenes[HUB].choices]


def places(story: Story) -> dict[str, list[str]]:
    """Each place of the map, by its first scene: its scenes, read by first choices.

    A place ends where the first choice leads to another place of the map, or to an ending.
    """
    starts = [target for target in hub_targets(story) if not story.scenes[target].ending]
    found: dict[str, list[str]] = {}
    for first in starts:
        scenes = [first]
        while True:
            target = story.scenes[scenes[-1]].choices[0].target
            if target in starts or story.scenes[target].ending:
                break
            assert target not in scenes, f"a loop inside the place {first}"
            scenes.append(target)
        found[first] = scenes
    return found


def count_words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def scene_words(scene: Scene) -> int:
    """Words read in the scene view: title, narration and the checkpoint."""
    total = count_words(scene.title.value) + sum(count_words(p.text.value) for p in scene.passages)
    checkpoint = scene.checkpoint
    if checkpoint:
        total += count_words(checkpoint.question.value) + count_words(checkpoint.explanation.text.value)
        total += sum(count_words(option.text.value) for option in checkpoint.options)
    return total


def panel_words(story: Story, entry_id: str) -> int:
    """Words of one fact-panel entry."""
    entry = story.entry(entry_id)
    if isinstance(entry, Fact):
        texts = [entry.title.value] + ([entry.text.text.value] if entry.text else [])
        texts += [account.text.value for account in entry.accounts]
    elif isinstance(entry, Unknown):
        texts = [entry.text.text.value]
    elif isinstance(entry, Term):
        texts = [entry.term.value, entry.text.text.value]
    else:
        assert isinstance(entry, Moment), entry_id
        texts = [entry.when.value, entry.text.text.value]
    return sum(count_words(text) for text in texts)


def reading_minutes(story: Story, path: list[str], *, panel: bool) -> float:
    """Estimated reading time of a path (each scene once), optionally with the entries it unlocks."""
    words = sum(scene_words(story.scenes[scene_id]) for scene_id in dict.fromkeys(path))
    if panel:
        unlocked = dict.fromkeys(e for s in path for e, _ in story.scenes[s].unlocks)
        words += sum(panel_words(story, entry_id) for entry_id in unlocked)
    return words / WORDS_PER_MINUTE


def labels(story: Story) -> dict[str, str]:
    """Each article's label for readers, by source id."""
    return {source_id: source.label for source_id, source in story.sources.items()}
