"""E704 and W705: the story's ``vocabulary:`` holds neutral connective words only, and only needed ones.

A vocabulary word may be used by any text without a quote (see :mod:`story.checking.rules.content`),
so it must carry no fact: no figure, date, name or negation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from story.checking.rules.texts import VisibleText, judged, ordinary
from story.checking.text.stems import NEGATIONS, is_function, stem, unsupported_words
from story.checking.text.tokens import MONTHS, NAVIGATION_WORDS, WEEKDAYS, number_key
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles


def needed_stems(story: Story, texts: Iterable[VisibleText] | None = None) -> set[str]:
    """Stems of the words the texts use beyond their quotes: what the vocabulary may be needed for.

    Where the quotes are missing (E504) or broken (None), any content word may need the
    vocabulary once they are fixed: none is reported as never needed on their account.
    """
    needed: set[str] = set()
    lowercase = ordinary(story)
    for text, cites, what in judged(story, texts):
        extra = NAVIGATION_WORDS if what == "choice" else frozenset()
        quotes = [c.quote for c in cites or []]
        needed.update(stem(w.text) for w in unsupported_words(text.value, quotes, set(), lowercase, extra))
    return needed


def check_vocabulary(story: Story, files: StoryFiles, needed: set[str] | None = None) -> list[Diagnostic]:
    """E704: vocabulary words never carry facts; W705: every vocabulary word is needed.

    ``needed`` is :func:`needed_stems` of every visible text, when the caller has it already.
    """
    found: list[Diagnostic] = []
    if needed is None:
        needed = needed_stems(story)
    seen: dict[str, str] = {}
    for entry in story.vocabulary:
        word = entry.value.strip()
        problem = _fact_in(word)
        if problem:
            found.append(
                Diagnostic(
                    entry.pos,
                    Code.VOCABULARY_FACT,
                    f"vocabulary entry {word!r} {problem}",
                    "the vocabulary is for neutral connective words only; cite the articles for anything else",
                )
            )
            continue
        key = stem(word)
        if key in seen:
            found.append(
                Diagnostic(
                    entry.pos,
                    Code.VOCABULARY_UNUSED,
                    f"vocabulary word {word!r} is listed twice (as {seen[key]!r})",
                    "one entry allows every form of a word; remove one",
                )
            )
        elif is_function(word):
            found.append(
                Diagnostic(
                    entry.pos,
                    Code.VOCABULARY_UNUSED,
                    f"vocabulary word {word!r} is a function word",
                    "remove it; it needs no entry",
                )
            )
        elif key not in needed:
            found.append(
                Diagnostic(
                    entry.pos,
                    Code.VOCABULARY_UNUSED,
                    f"vocabulary word {word!r} is never needed",
                    "no text uses it beyond what its quotes give; remove it",
                )
            )
        seen.setdefault(key, word)
    return found


def _fact_in(word: str) -> str | None:
    """Why a vocabulary entry would carry a fact, or ``None``."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z'’]*", word):
        return "is not a single word"
    if number_key(word) is not None:
        return "is a number"
    if word.capitalize() in WEEKDAYS or word.capitalize() in MONTHS:
        return "is a date"
    if word[:1].isupper():
        return "is a name (or capitalised)"
    if word.lower() in NEGATIONS:
        return "is a negation, which reverses a fact"
    return None
