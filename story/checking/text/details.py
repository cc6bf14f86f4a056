"""Find the details a sentence cannot invent: numbers, weekdays and months, and names.

Each finder returns :class:`Detail` values: what was found, how it compares (``key``) and
where in the text it is (``word`` and ``occurrence``, to locate it in the file).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from story.checking.text.tokens import (
    MONTHS,
    NAVIGATION_WORDS,
    TOKEN,
    WEEKDAYS,
    piece_tokens,
    sentence_pieces,
    word_parts,
    words,
)

COMMON_WORDS = frozenset(
    """a about above according across after again against all almost along already also although
    always am among an and another any are around as at be because been before being below
    beneath beside besides between beyond both but by can could despite did do does down during
    each either even ever every few for from had has have he her here hers him his how however
    i if in inside instead into is it its just later least less like many may meanwhile might
    more most much must my near neither never next no none nor not now of off on once one only
    onto or other others our out outside over own perhaps rather same several she should since
    so some soon still such than that the their theirs them then there these they this those
    though through throughout to too toward towards under unless until up upon us very was we
    were what whatever when where whether which while who whom whose why will with within without
    would yet you your""".split()
)
"""Function words that begin sentences; a capital letter on these never marks a name."""


class Detail(NamedTuple):
    """One checkable detail in a piece of text."""

    kind: str
    """``number``, ``date`` or ``name``."""
    word: str
    """The word as written."""
    key: str
    """Normalised form used for comparison."""
    occurrence: int
    """How many times ``word`` appeared earlier in the same text."""
    start: int = -1
    """Offset of the word in the text."""


@lru_cache(maxsize=1 << 16)
def _strip_possessive(token: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if token.endswith(ending) and len(token) > len(ending):
            return token[: -len(ending)]
    return token


def _is_ordinary(bare: str, ordinary_words: frozenset[str]) -> bool:
    """Whether a capitalised word that begins a sentence is an ordinary word, not a name."""
    if len(bare) > 1 and bare.isupper():
        return False  # "US", "DMZ": an acronym is a name even where it begins a sentence.
    lowered = bare.lower()
    if lowered in COMMON_WORDS or lowered in NAVIGATION_WORDS or lowered in ordinary_words:
        return True
    # "Guards ran." is ordinary if "guard" is written in lowercase somewhere.
    return any(lowered.endswith(end) and lowered[: -len(end)] in ordinary_words for end in ("s", "es"))


def details(text: str, ordinary_words: frozenset[str] = frozenset()) -> list[Detail]:
    """Numbers, dates and names in a text.

    Args:
        text: Player-visible text.
        ordinary_words: Words known to be ordinary because they are written in lowercase
            somewhere (in a source, or elsewhere in the story), so that they are not names when
            they begin a sentence.

    Returns:
        Every detail, in order.
    """
    return list(_details(text, ordinary_words))


@lru_cache(maxsize=1 << 16)
def _details(text: str, ordinary_words: frozenset[str]) -> tuple[Detail, ...]:
    # Cached: `story check` reads each text for details in more than one rule. The same
    # `ordinary_words` object comes back for the same story (see below), so keys compare fast.
    # Read sentence by sentence, as tokens() is: a sentence repeated in many texts is read once,
    # and its details are counted on from the words that may be details before it.
    pieces = sentence_pieces(text)
    if len(pieces) == 1:
        return _piece_details(text, ordinary_words)[0]
    found: list[Detail] = []
    before: dict[str, int] = {}
    for at, piece in pieces:
        read, seen = _piece_details(piece, ordinary_words)
        for detail in read:
            occurrence = detail.occurrence + before.get(detail.word, 0)
            found.append(Detail(detail.kind, detail.word, detail.key, occurrence, detail.start + at))
        for word, count in seen:
            before[word] = before.get(word, 0) + count
    return tuple(found)


@lru_cache(maxsize=1 << 15)
def _piece_details(
    piece: str, ordinary_words: frozenset[str]
) -> tuple[tuple[Detail, ...], tuple[tuple[str, int], ...]]:
    """The details of one piece of a text (:func:`~story.checking.text.tokens.sentence_pieces`),
    and how often each word that may be a detail occurs in it."""
    found: list[Detail] = []
    seen: dict[str, int] = {}
    """How often each word that may be a detail came earlier in the piece. Whether a word may be
    one (a figure, or a capital) depends on the word alone, so this counts every earlier
    occurrence."""
    for raw, start, first in piece_tokens(piece):
        parts = _DETAIL_PARTS.get(raw)
        if parts is None:
            parts = _detail_parts(raw)
        for word, offset, key in parts:  # the words of words(text) that may be details, read in place
            occurrence = seen.get(word, 0)
            seen[word] = occurrence + 1
            if key is not None:
                found.append(Detail("number", word, key, occurrence, start + offset))
                continue
            initial = first and not offset
            bare = _strip_possessive(word)
            if bare in WEEKDAYS or bare in MONTHS:
                if bare == "May" and initial:
                    continue
                found.append(Detail("date", word, bare.lower(), occurrence, start + offset))
                continue
            if bare[:1].isupper():
                if initial and _is_ordinary(bare, ordinary_words):
                    continue
                if bare == "I":
                    continue
                found.append(Detail("name", word, bare.lower(), occurrence, start + offset))
    return tuple(found), tuple(seen.items())


_DETAIL_PARTS: dict[str, tuple[tuple[str, int, str | None], ...]] = {}
"""The words of a token that may be details, by token (bounded: cleared when full)."""


def _detail_parts(raw: str) -> tuple[tuple[str, int, str | None], ...]:
    # Most words are not a figure, and not capitalised, so neither a date nor a name.
    if len(_DETAIL_PARTS) >= 1 << 16:
        _DETAIL_PARTS.clear()
    parts = _DETAIL_PARTS[raw] = tuple(
        (word, offset, key) for word, offset, key in word_parts(raw) if key is not None or word[:1].isupper()
    )
    return parts


def support_keys(quotes: list[str]) -> dict[str, set[str]]:
    """What a set of quotes supports, by kind: numbers, dates and names (lowercased words)."""
    numbers: set[str] = set()
    supported: set[str] = set()
    for quote in quotes:
        quote_numbers, quote_words = _quote_support(quote)
        numbers |= quote_numbers
        supported |= quote_words
    return {"number": numbers, "date": supported, "name": supported}


@lru_cache(maxsize=1 << 16)
def _quote_support(quote: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers and lowercased words of one quote.

    Cached because one quote supports many texts: its passage, its scene's title, and every
    choice into and out of its scene.
    """
    numbers: set[str] = set()
    supported: set[str] = set()
    for word, _, key, _ in words(quote):
        if key is not None:
            numbers.add(key)
        supported.add(_strip_possessive(word).lower())
        supported.add(word.lower())
    return frozenset(numbers), frozenset(supported)


def ordinary_words(texts: list[str]) -> frozenset[str]:
    """Words that appear in lowercase somewhere in the texts: ordinary words, not names."""
    return _ordinary_words(tuple(texts))


@lru_cache(maxsize=4)
def _ordinary_words(texts: tuple[str, ...]) -> frozenset[str]:
    # Several rules ask for the same story's ordinary words; they get the same set back. A large
    # story's texts are read in parts, on the free cores (story.core.parallel).
    from story.core.parallel import in_parts

    found: set[str] = set()
    for words_of_part in in_parts(lowercase_words, list(dict.fromkeys(texts))):
        found |= words_of_part
    return frozenset(found)


def lowercase_words(texts: Sequence[str]) -> set[str]:
    """Words written in lowercase in some of the texts: their union over the texts is :func:`ordinary_words`."""
    # Only the words are needed, not where sentences begin: findall is much cheaper than tokens().
    # A text is read in pieces cut at ". ", which no word spans, and each distinct piece once: a
    # story repeats its sentences in many texts. Each distinct word is looked at once, after all
    # of them are found.
    found: set[str] = set()
    for piece in dict.fromkeys([piece for text in texts for piece in text.split(". ")]):
        found.update(TOKEN.findall(piece))
    return set(map(_strip_possessive, [word for word in found if word[0].islower()]))
