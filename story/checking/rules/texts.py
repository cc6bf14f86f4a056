"""What the text rules share: the texts they judge, and what the whole story tells them about a word.

A text rule (:data:`story.checking.rules.TEXT_RULES`) judges each visible text against its own
quotes and nothing else of the story, beyond :func:`ordinary` and the story's vocabulary. It takes
the texts to judge (every visible text when ``None``), so that the checker can judge only the texts
whose verdict it has not cached (:mod:`story.checking.verdicts`).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from story.checking.text.details import ordinary_words
from story.core.model import Citation, Story, Text
from story.core.queries import visible_texts

VisibleText = tuple[Text, list[Citation] | None, str]
"""A visible text, the citations that back it (``None`` when some are broken), and what it is."""


def judged(story: Story, texts: Iterable[VisibleText] | None) -> list[VisibleText]:
    """The texts a rule judges: those given, or every visible text of the story."""
    return list(visible_texts(story) if texts is None else texts)


_ORDINARY: dict[int, tuple[weakref.ref[Story], frozenset[str]]] = {}


def ordinary(story: Story, texts: Iterable[VisibleText] | None = None) -> frozenset[str]:
    """Words the articles or any visible text write in lowercase: ordinary words, not names.

    Read from the whole story, whichever texts a rule judges, once per story. ``texts``, when
    given, are every visible text of the story, already listed.
    """
    cached = _ORDINARY.get(id(story))
    if cached is not None and cached[0]() is story:
        return cached[1]
    found = ordinary_words(ordinary_read(story, visible_texts(story) if texts is None else texts))
    _ORDINARY[id(story)] = (weakref.ref(story), found)
    return found


def ordinary_read(story: Story, texts: Iterable[VisibleText]) -> list[str]:
    """What the story's ordinary words are read from: its articles and every visible text."""
    return [source.text for source in story.sources.values()] + [text.value for text, _, _ in texts]


def remember_ordinary(story: Story, words: frozenset[str]) -> None:
    """Tell :func:`ordinary` the story's ordinary words, made elsewhere from the same texts.

    The cache of verdicts keeps each file's lowercase words and joins them with the articles', so
    that a check need not read every text of the story to judge the few that changed.
    """
    _ORDINARY[id(story)] = (weakref.ref(story), words)
