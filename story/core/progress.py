"""A player's progress through a story, as plain state.

Nothing here imports Textual: the player screen only shows this state and calls its methods.
Choices decide what the player looks at next; they never change what happened, so the state is
just where the player is, what they have read, and how they answered the checkpoints. The state's
snapshot (:meth:`Progress.to_dict`) is what :mod:`story.core.saves` writes to disk; the numbered
citations of a scene are :mod:`story.core.footnotes`'.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from story.core.footnotes import Footnotes, scene_footnotes
from story.core.model import Scene, Story
from story.core.queries import reading_place

SAVE_VERSION = 1


def unplayable(story: Story | None) -> str | None:
    """Why a loaded story cannot be played at all, or ``None`` if it can."""
    if story is None:
        return "the story could not be loaded"
    if not story.scenes:
        return "the story has no scenes"
    if story.start not in story.scenes:
        return f"the start scene {story.start!r} does not exist"
    return None


def entry_name(story: Story, entry_id: str, words: int = 6) -> str:
    """How a fact-panel entry is named in a list: its title, term or time words.

    An unknown has no title; it is named by the first words of its text.
    """
    entry = story.entry(entry_id)
    for attribute in ("title", "term", "when"):
        value = getattr(entry, attribute, None)
        if value is not None:
            return str(value)
    if entry is None:
        return entry_id
    text = entry.text.text.value.split()  # type: ignore[union-attr]
    return "Not known: " + " ".join(text[:words]) + ("\u2026" if len(text) > words else "")


class Place(NamedTuple):
    """Where a reader is on the path they are reading: scene ``number`` of ``of``."""

    number: int
    of: int


@dataclass
class Progress:
    """Where a player is in a story and what they have read."""

    story: Story
    trail: list[str] = field(default_factory=list)
    """Scenes from the start to the current one; ``back()`` steps along it (rollback)."""
    history: list[str] = field(default_factory=list)
    """Every scene read, in reading order, revisits included (the history log)."""
    visited: list[str] = field(default_factory=list)
    """Scenes read at least once, in order of first reading."""
    answers: dict[str, int] = field(default_factory=dict)
    seed: int = field(default_factory=lambda: random.randrange(1 << 31))
    """The reader's own order of each checkpoint's options (:mod:`story.core.options`), kept in the save."""
    """Scene id to the option the player chose at its checkpoint (first answer counts)."""

    def __post_init__(self) -> None:
        if not self.trail:
            self._arrive(self.story.start)

    # -- reading ---------------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        """The scene being read."""
        return self.story.scenes[self.trail[-1]]

    @property
    def unlocked(self) -> list[str]:
        """Fact-panel entries revealed so far, in the order they were revealed."""
        seen: dict[str, None] = {}
        for scene_id in self.visited:
            scene = self.story.scenes.get(scene_id)
            if scene is None:
                continue
            for entry_id, _ in scene.unlocks:
                if self.story.entry(entry_id) is not None:
                    seen.setdefault(entry_id, None)
        return list(seen)

    def newly_unlocked(self) -> list[str]:
        """Entries the current scene revealed for the first time on this reading."""
        if self.visited.count(self.scene.id) == 0:
            return []
        earlier: set[str] = set()
        index = self.visited.index(self.scene.id)
        for scene_id in self.visited[:index]:
            scene = self.story.scenes.get(scene_id)
            if scene:
                earlier.update(entry for entry, _ in scene.unlocks)
        return [entry for entry, _ in self.scene.unlocks if entry not in earlier and self.story.entry(entry)]

    @property
    def finished(self) -> bool:
        return self.scene.ending

    @property
    def place(self) -> Place:
        """How many scenes of the route being read the reader has read, of all it has.

        Present mode counts the same way (:func:`story.core.queries.reading_place`).
        """
        return Place(*reading_place(self.story, self.scene.id, self.visited))

    @property
    def fraction(self) -> float:
        """Share of the story's scenes read so far, from 0 to 1."""
        return len(self.visited) / max(1, len(self.story.scenes))

    def _arrive(self, scene_id: str) -> None:
        self.trail.append(scene_id)
        self.history.append(scene_id)
        if scene_id not in self.visited:
            self.visited.append(scene_id)

    def choose(self, index: int) -> Scene:
        """Take the choice at ``index`` (from 0) of the current scene.

        Raises:
            IndexError: if there is no such choice.
        """
        choices = self.scene.choices
        if not 0 <= index < len(choices):
            raise IndexError(f"scene {self.scene.id!r} has no choice {index + 1}")
        target = choices[index].target
        if target not in self.story.scenes:
            raise IndexError(f"choice leads to a missing scene {target!r}")
        self._arrive(target)
        return self.scene

    def can_go_back(self) -> bool:
        return len(self.trail) > 1

    def back(self) -> bool:
        """Step back one scene (rollback). What was read stays read. Returns False at the start."""
        if not self.can_go_back():
            return False
        self.trail.pop()
        self.history.append(self.trail[-1])
        return True

    def jump(self, scene_id: str) -> bool:
        """Go to a scene already read. Returns False if it has not been read."""
        if scene_id not in self.visited or scene_id not in self.story.scenes:
            return False
        if scene_id in self.trail:
            del self.trail[self.trail.index(scene_id) + 1 :]
            self.history.append(scene_id)
        else:
            self._arrive(scene_id)
        return True

    def restart(self) -> None:
        """Start again from the first scene, forgetting everything."""
        self.trail.clear()
        self.history.clear()
        self.visited.clear()
        self.answers.clear()
        self._arrive(self.story.start)

    def footnotes(self) -> Footnotes:
        """The current scene's citations, numbered in reading order (see :func:`scene_footnotes`)."""
        return scene_footnotes(self.scene, self.answered() is not None)

    def ahead(self) -> Progress:
        """A copy to try a move on without making it (the player gets the next scenes ready)."""
        return Progress(
            self.story,
            trail=list(self.trail),
            history=list(self.history),
            visited=list(self.visited),
            answers=dict(self.answers),
            seed=self.seed,
        )

    def rebase(self, story: Story) -> tuple[Progress, list[str]]:
        """The same place in an edited version of the story (live reload).

        Returns:
            The progress in the new story, and notes on what it no longer has.
        """
        return Progress.from_dict(story, self.to_dict())

    # -- checkpoints -----------------------------------------------------------------------

    def answer(self, option: int) -> bool:
        """Answer the current scene's checkpoint. Returns whether the answer is right.

        Raises:
            ValueError: if the scene has no checkpoint or no such option.
        """
        checkpoint = self.scene.checkpoint
        if checkpoint is None:
            raise ValueError(f"scene {self.scene.id!r} has no checkpoint")
        if not 0 <= option < len(checkpoint.options):
            raise ValueError(f"no option {option + 1}")
        self.answers.setdefault(self.scene.id, option)
        return checkpoint.is_right(option)

    def read_choices(self) -> tuple[int, ...]:
        """Which choices of the current scene lead to a scene the reader has read (a map's places)."""
        visited = set(self.visited)
        return tuple(index for index, choice in enumerate(self.scene.choices) if choice.target in visited)

    def answered(self, scene_id: str | None = None) -> int | None:
        """The option chosen at a scene's checkpoint, if answered."""
        return self.answers.get(scene_id or self.scene.id)

    @property
    def score(self) -> tuple[int, int]:
        """Right answers and answers given."""
        right = 0
        for scene_id, option in self.answers.items():
            scene = self.story.scenes.get(scene_id)
            if scene and scene.checkpoint and scene.checkpoint.is_right(option):
                right += 1
        return right, len(self.answers)

    # -- saving ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """A snapshot of the state, copied so that it can be written from another thread."""
        return {
            "version": SAVE_VERSION,
            "story": self.story.title.value,
            "trail": list(self.trail),
            "history": self.history[-1000:],
            "visited": list(self.visited),
            "answers": dict(self.answers),
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, story: Story, data: object) -> tuple[Progress, list[str]]:
        """Rebuild progress from saved data, dropping what the story no longer has.

        A saved scene the story no longer has is left out of the path, and the reader resumes
        at the last scene of the path that the story still has.

        Returns:
            The progress and notes on anything that had to be dropped.

        Raises:
            ValueError: if the data is not exactly what :meth:`to_dict` writes (see :func:`check_save`).
        """
        trail, history, visited, answers = check_save(data)
        scenes = story.scenes
        notes = []
        known_trail = [s for s in trail if s in scenes]
        if len(known_trail) != len(trail):
            notes.append(f"the story no longer has scene(s) {_names(s for s in trail if s not in scenes)}")
        if not known_trail:
            known_trail = [story.start]
        elif known_trail[0] != story.start:
            known_trail.insert(0, story.start)
        progress = cls(story, trail=known_trail)
        if isinstance(data, dict) and type(data.get("seed")) is int:
            progress.seed = data["seed"]  # an older save has none: the reader gets one now
        progress.history = [s for s in history if s in scenes]
        progress.visited = list(dict.fromkeys(s for s in visited if s in scenes))
        for scene_id in dict.fromkeys(known_trail):
            if scene_id not in progress.visited:
                progress.visited.append(scene_id)
        for scene_id, option in answers.items():
            scene = scenes.get(scene_id)
            if scene and scene.checkpoint and option < len(scene.checkpoint.options):
                progress.answers[scene_id] = option
        return progress, notes


_SAVE_FIELDS = {"version", "story", "trail", "history", "visited", "answers", "seed"}


class Saved(NamedTuple):
    """What a save holds, its shape checked (:func:`check_save`)."""

    trail: list[str]
    history: list[str]
    visited: list[str]
    answers: dict[str, int]


def check_save(data: object) -> Saved:
    """What a save holds, if ``data`` is exactly what :meth:`Progress.to_dict` writes.

    The whole shape is checked before anything is used: anything else in a save (another
    type anywhere, a field the player never writes) means it is not one.

    Raises:
        ValueError: saying what is wrong.
    """
    if not isinstance(data, dict):
        raise ValueError("it is not a save file")
    version = data.get("version")
    if type(version) is not int or version != SAVE_VERSION:
        raise ValueError("not a save file of this version")
    unknown = [key for key in data if key not in _SAVE_FIELDS]
    if unknown:
        raise ValueError(f"it has field(s) a save never has: {_names(unknown)}")
    if not isinstance(data.get("story", ""), str):
        raise ValueError("its story title is not text")
    lists: list[list[str]] = []
    for name in ("trail", "history", "visited"):
        value = data.get(name)
        if not isinstance(value, list) or not all(type(item) is str for item in value):
            raise ValueError(f"save file is missing its lists: its {name} is not a list of scene names")
        lists.append(value)
    if not lists[0]:
        raise ValueError("its trail is empty")
    answers = data.get("answers")
    if not isinstance(answers, dict) or not all(type(option) is int and option >= 0 for option in answers.values()):
        raise ValueError("save file is missing its answers: they are not scenes with option numbers")
    if "seed" in data and type(data["seed"]) is not int:
        raise ValueError("its seed (the order of the options) is not a number")
    return Saved(lists[0], lists[1], lists[2], answers)


def _names(names: Iterable[str], most: int = 5, longest: int = 40) -> str:
    """Names for a message, sorted, each and their number cut short (a hostile save may hold many)."""
    unique = sorted(dict.fromkeys(names))
    shown = [name if len(name) <= longest else name[: longest - 1] + "\u2026" for name in unique[:most]]
    more = len(unique) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
