"""How a reader is told which article says what: each source's label, in the article's own words.

A source id (``004``) is a file name's prefix and means nothing to a reader. The sources manifest
gives each article a short ``label`` instead ("Hail of Bullets"), and the loader checks it here:
the label is words the article prints at its top (its headline, or its first sentence where it
has no headline), so it can never be a publisher, a date or an author the article does not give.
"""

from __future__ import annotations

import re

from story.core.sources import Source, normalise

MOST_WORDS = 5
"""A label names an article in a sentence: a few words, no more."""

UNLISTED = "an article the story does not list"
"""How a citation of an unknown source is named (the check reports it as E202)."""

_WORD = re.compile(r"[\w'-]+")


def opening(source: Source) -> str:
    """What a label is taken from: the article's headline, or its first sentence without one."""
    if source.title:
        return normalise(source.title)
    sentences = source.sentences
    return sentences[0].text if sentences else ""


def described(source: Source) -> str:
    """How a handout or a source view introduces an article: its label and where it comes from.

    "Hail of Bullets: the article headlined “North Korean Defector...”", or, for an article
    with no headline, "...: the article that begins “A North Korean soldier...”".
    """
    how = "headlined" if source.title else "that begins"
    return f"{source.label}: the article {how} \u201c{opening(source)}\u201d"


def suggested_label(source: Source) -> str:
    """A label to offer an author: the first words of the article's headline or first sentence."""
    words = _WORD.findall(opening(source))
    return " ".join(words[: MOST_WORDS - 1]) or source.id


def label_problem(label: str, source: Source) -> str | None:
    """Why a label cannot name its article to a reader, or ``None`` if it can."""
    words = _WORD.findall(normalise(label))
    if not words:
        return "is empty"
    if len(words) > MOST_WORDS:
        return f"has {len(words)} words; a label is at most {MOST_WORDS}"
    where = "headline" if source.title else "first sentence"
    pattern = r"(?<![\w])" + r"\W+".join(re.escape(word.lower()) for word in words) + r"(?![\w])"
    if re.search(pattern, opening(source).lower()) is None:
        return f"is not words of the article's {where} (\u201c{opening(source)}\u201d)"
    return None
