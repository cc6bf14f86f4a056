"""Present mode's running order: the story cut into slides, one passage at a time.

Pure: no Textual. The app only shows the slide it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from story.core.model import Citation, Passage, Scene, Story
from story.render.scene_map import story_order

PASSAGE = "passage"
CHECKPOINT = "checkpoint"
DISCUSS = "discuss"

_FIGURE = re.compile(r"(?<![\w\-./,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w\-/])")
"""A figure written in digits, standing on its own: "40", "1,000", "1953", "2.5"; not the
"47" of "AK-47" or a figure inside a word."""

MAX_FIGURES = 3
"""Big digits take room: at most this many figures are shown for one passage."""


@dataclass(frozen=True)
class Slide:
    """One screenful: a passage, a scene's checkpoint, or its discussion prompts."""

    scene: Scene
    kind: str
    """``passage``, ``checkpoint`` or ``discuss``."""
    index: int = 0
    """Which passage of the scene (for ``passage`` slides)."""
    count: int = 1
    """How many slides the scene has."""
    position: int = 0
    """Which of them this is (from 0)."""
    passages: list[Passage] = field(default_factory=list)
    """The story text on the slide: a passage, the prompts, or the checkpoint's explanation."""

    @property
    def last_of_scene(self) -> bool:
        return self.position == self.count - 1

    def citations(self, answered: bool = False) -> list[Citation]:
        """The citations of everything on the slide; a checkpoint's options' and explanation's only
        once its answer is shown (a right option often cites more, which would give it away)."""
        cites: list[Citation] = []
        if self.kind == CHECKPOINT and self.scene.checkpoint:
            checkpoint = self.scene.checkpoint
            cites.extend(checkpoint.cite)
            if answered:
                for option in checkpoint.options:
                    cites.extend(option.cite)
                cites.extend(checkpoint.explanation.cite)
        else:
            for passage in self.passages:
                cites.extend(passage.cite)
        unique: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for citation in cites:
            key = (citation.source, " ".join(citation.quote.split()))
            if key not in seen:
                seen.add(key)
                unique.append(citation)
        return unique


def scene_slides(scene: Scene) -> list[Slide]:
    """A scene's slides: each passage, then its checkpoint, then its discussion prompts."""
    kinds: list[tuple[str, int, list[Passage]]] = [(PASSAGE, i, [p]) for i, p in enumerate(scene.passages)]
    if scene.checkpoint is not None and scene.checkpoint.options:
        kinds.append((CHECKPOINT, 0, []))
    if scene.discuss:
        kinds.append((DISCUSS, 0, list(scene.discuss)))
    if not kinds:
        kinds.append((PASSAGE, 0, []))
    return [
        Slide(scene, kind, index, len(kinds), position, passages)
        for position, (kind, index, passages) in enumerate(kinds)
    ]


def build_slides(story: Story) -> list[Slide]:
    """Every slide of a story, scenes in story order."""
    return [slide for scene in story_order(story) for slide in scene_slides(scene)]


def key_figures(text: str) -> list[str]:
    """Figures written in digits in a text, in order, without repeats, at most :data:`MAX_FIGURES`."""
    figures: list[str] = []
    for match in _FIGURE.finditer(text):
        figure = match.group(1)
        if figure not in figures:
            figures.append(figure)
    return figures[:MAX_FIGURES]


def unlocked_until(story: Story, seen: list[str]) -> list[str]:
    """Fact-panel entries revealed by the scenes shown so far, in the order they were revealed."""
    entries: dict[str, None] = {}
    for scene_id in seen:
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        for entry_id, _ in scene.unlocks:
            if story.entry(entry_id) is not None:
                entries.setdefault(entry_id, None)
    return list(entries)
