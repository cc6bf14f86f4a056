"""The numbered citations shown with a scene: each quote once, numbered in reading order.

The player screen and the plain-text reader both number a scene's notes with
:func:`scene_footnotes`, its checkpoint's options in the order the reader sees them
(:func:`story.core.options.shown_footnotes`), so the same scene shows the same numbers in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from story.core.model import Citation, Scene


@dataclass(frozen=True)
class Footnote:
    """A citation as shown under a scene, with its number."""

    number: int
    citation: Citation


class Footnotes:
    """The numbered citations shown with one scene.

    A quote cited twice keeps its first number, so the same words never appear as two notes.
    """

    def __init__(self) -> None:
        self.items: list[Footnote] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def add(self, citations: list[Citation]) -> list[int]:
        """Number some citations (reusing numbers for repeats). Returns their numbers."""
        numbers = []
        for citation in citations:
            key = (citation.source, citation.quote)
            number = self._numbers.get(key)
            if number is None:
                number = self._numbers[key] = len(self.items) + 1
                self.items.append(Footnote(number, citation))
            if number not in numbers:
                numbers.append(number)
        return numbers

    def numbers(self, citations: list[Citation]) -> list[int]:
        """The numbers already given to some citations (unknown ones are left out)."""
        found = []
        for citation in citations:
            number = self._numbers.get((citation.source, citation.quote))
            if number is not None and number not in found:
                found.append(number)
        return found

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Footnote]:
        return iter(self.items)


def scene_footnotes(scene: Scene, answered: bool, order: list[int] | None = None) -> Footnotes:
    """A scene's citations, numbered in reading order.

    The passages come first, then the checkpoint question. The options' and the explanation's
    citations only once the checkpoint is answered: before that they would give the answer away.

    Args:
        scene: The scene.
        answered: Whether its checkpoint is answered.
        order: The options' indexes in the order they are shown (default: as written).
    """
    notes = Footnotes()
    for passage in scene.passages:
        notes.add(passage.cite)
    checkpoint = scene.checkpoint
    if checkpoint is not None:
        notes.add(checkpoint.cite)
        if answered:
            shown = order if order is not None else range(len(checkpoint.options))
            for index in shown:
                notes.add(checkpoint.options[index].cite)
            notes.add(checkpoint.explanation.cite)
    return notes
