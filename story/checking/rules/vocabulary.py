"""E704 and W705: the story's ``vocabulary:`` holds neutral connective words only, and only needed ones.

A vocabulary word may be used by any text without a quote (see :mod:`story.checking.rules.content`),
so it must carry no fact: no figure, date, name or negation.
"""

from __future__ import annotations

import re

from story.checking.text.details import ordinary_words
from story.checking.text.stems import NEGATIONS, is_function, stem, unsupported_words
from story.checking.text.tokens import MONTHS, NAVIGATION_WORDS, WEEKDAYS, number_key
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.core.queries import visible_texts
from story.loading.files import StoryFiles


def check_vocabulary(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """E704: vocabulary words never carry facts; W705: every vocabulary word is needed."""
    found: list[Diagnostic] = []
    needed: set[str] = set()
    texts = list(visible_texts(story))
    ordinary = ordinary_words([s.text for s in story.sources.values()] + [t.value for t, _, _ in texts])
    for text, cites, what in texts:
        # Where the quotes are missing (E504) or broken (None), any content word may need the
        # vocabulary once they are fixed: none is reported as never needed on their account.
        extra = NAVIGATION_WORDS if what == "choice" else frozenset()
        quotes = [c.quote for c in cites or []]
        needed.update(stem(w.text) for w in unsupported_words(text.value, quotes, set(), ordinary, extra))
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
