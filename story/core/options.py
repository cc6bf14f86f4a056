"""The order a checkpoint's options are shown in: never the order they are written in.

A story is written with the right answer wherever its author put it, usually first; shown that
way, a class learns to press 1. So:

- a reader sees each checkpoint's options in an order of their own (:func:`reader_order`),
  drawn from a seed kept in their save: the same after a resume, a back, a jump or a restart,
  different from the next reader's;
- the handout, and present mode which a class follows on the handout, use one fixed order
  (:func:`fixed_orders`) in which the right answers are spread evenly over the letters, so that
  no letter is more than half of the answer key.

Answers are always recorded against the option as written (its index in the story file), never
against the place it was shown in.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from story.core.footnotes import Footnotes, scene_footnotes
from story.core.model import Checkpoint, Option, Scene, Story
from story.core.sources import normalise

if TYPE_CHECKING:
    from story.core.progress import Progress


def reader_order(checkpoint: Checkpoint, scene_id: str, seed: int) -> list[int]:
    """The options' indexes in the order one reader sees them.

    Args:
        checkpoint: The checkpoint.
        scene_id: Its scene (the same seed orders each checkpoint differently).
        seed: The reader's seed (:attr:`Progress.seed <story.core.progress.Progress.seed>`).
    """
    order = list(range(len(checkpoint.options)))
    random.Random(f"{seed}:{scene_id}").shuffle(order)
    return order


def shown_order(progress: Progress) -> list[int]:
    """The current scene's options, as its reader sees them (none without a checkpoint)."""
    scene = progress.scene
    return [] if scene.checkpoint is None else reader_order(scene.checkpoint, scene.id, progress.seed)


def shown_footnotes(progress: Progress) -> Footnotes:
    """The current scene's footnotes, the options' in the order the reader sees them."""
    return scene_footnotes(progress.scene, progress.answered() is not None, shown_order(progress))


def feedback(checkpoint: Checkpoint, answered: int, order: list[int]) -> str:
    """What a reader is told after answering: right or not, and which numbers were right.

    Where the articles disagree and each account counts, it says so: neither report is wrong.
    """
    numbers = [str(number) for number, index in enumerate(order, start=1) if checkpoint.is_right(index)]
    right = checkpoint.is_right(answered)
    if len(numbers) < 2:
        return "Right." if right else f"Not quite: the answer is {numbers[0] if numbers else '?'}."
    which = ", ".join(numbers[:-1]) + " and " + numbers[-1]
    every = "both count" if len(numbers) == 2 else "each counts"
    start = "Right." if right else "Not quite."
    return f"{start} The articles give different accounts here, and {every}: {which}."


def option_sources(option: Option, story: Story) -> str:
    """The articles an option comes from, by label ("Hail of Bullets")."""
    return ", ".join(dict.fromkeys(story.source_label(citation.source) for citation in option.cite))


@dataclass(frozen=True)
class Answered:
    """One checkpoint a reader answered, for the summary at an ending."""

    question: str
    answer: str
    """The option the reader picked."""
    right: bool
    right_answers: tuple[str, ...]
    """Every right option (more than one where the articles disagree)."""


def answered_checkpoints(progress: Progress) -> list[Answered]:
    """The checkpoints answered on this reading, in the order their scenes were first read."""
    found = []
    for scene_id in progress.visited:
        scene = progress.story.scenes.get(scene_id)
        option = progress.answers.get(scene_id)
        if scene is None or scene.checkpoint is None or option is None:
            continue
        checkpoint = scene.checkpoint
        found.append(
            Answered(
                checkpoint.question.value,
                checkpoint.options[option].text.value,
                checkpoint.is_right(option),
                tuple(checkpoint.options[index].text.value for index in checkpoint.right),
            )
        )
    return found


def question_key(checkpoint: Checkpoint) -> str:
    """What makes two checkpoints the same question (a short tour may ask one again)."""
    return normalise(checkpoint.question.value).lower()


def unique_checkpoints(scenes: list[Scene]) -> list[Scene]:
    """The scenes with a checkpoint, each question once (the first scene that asks it)."""
    seen: set[str] = set()
    unique = []
    for scene in scenes:
        checkpoint = scene.checkpoint
        if checkpoint is None or not checkpoint.options or question_key(checkpoint) in seen:
            continue
        seen.add(question_key(checkpoint))
        unique.append(scene)
    return unique


def fixed_orders(scenes: list[Scene]) -> dict[str, list[int]]:
    """One fixed order of options per question, balanced over the letters, for a handout.

    Questions are taken in the order given (story order); each puts its right options at the
    letters used least so far by right answers, ties broken by a draw seeded with the question,
    and its wrong options at the other letters in the order they are written. A question asked
    again (the same words, the same options) keeps its first order.

    Returns:
        For each scene with a checkpoint, by id, its options' indexes in the order shown.
    """
    used: Counter[int] = Counter()
    by_question: dict[tuple[str, ...], list[int]] = {}
    orders: dict[str, list[int]] = {}
    for scene in scenes:
        checkpoint = scene.checkpoint
        if checkpoint is None or not checkpoint.options:
            continue
        key = (question_key(checkpoint), *(normalise(option.text.value) for option in checkpoint.options))
        if key not in by_question:
            by_question[key] = _balanced(checkpoint, key[0], used)
        orders[scene.id] = by_question[key]
    return orders


def _balanced(checkpoint: Checkpoint, key: str, used: Counter[int]) -> list[int]:
    count = len(checkpoint.options)
    right = [index for index in range(count) if checkpoint.options[index].correct] or [0]
    draw = random.Random(key)
    ties = {place: draw.random() for place in range(count)}
    places = sorted(range(count), key=lambda place: (used[place], ties[place]))[: len(right)]
    order: list[int | None] = [None] * count
    for place, index in zip(sorted(places), right, strict=True):
        order[place] = index
        used[place] += 1
    wrong = iter(index for index in range(count) if index not in right)
    return [index if index is not None else next(wrong) for index in order]
