"""Read a story's text for the claims it states and whether it keeps an attribution or a hedge.

The article's side, what it attributes and hedges, is :mod:`story.checking.text.scopes`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from story.checking.text.scopes import marker_pattern
from story.checking.text.stems import is_function, stem, token_parts, words_of
from story.checking.text.tokens import tokens

PASSAGE_ATTRIBUTIONS = (
    "according to", "said", "says", "say", "told", "tell", "tells", "quoted", "quoting", "quotes",
    "reported", "reports", "report", "reportedly", "assessment", "indicate", "indicates", "indicated",
    "added", "adds", "stated", "states", "claimed", "claims", "announced", "confirmed", "estimated",
    "allegedly", "briefing",
)  # fmt: skip
"""Words that attribute a claim in a story's text."""

PASSAGE_HEDGES = (
    "presumed", "presumably", "presume", "not immediately clear", "not clear", "unclear", "not known",
    "unknown", "not yet", "yet to be", "uncertain", "not established", "not confirmed", "unconfirmed",
    "probe", "investigate", "investigation", "whether", "if", "could", "would", "might", "possibly",
    "perhaps", "probably", "likely", "seemed", "seems", "seem", "appeared", "appears", "appear",
    "believed", "suspected", "apparently", "allegedly",
)  # fmt: skip
"""Words that hedge a claim in a story's text."""

_PASSAGE_ATTR = marker_pattern(PASSAGE_ATTRIBUTIONS)
_PASSAGE_HEDGE = marker_pattern(PASSAGE_HEDGES)
_MAY = marker_pattern(("may",), case=True)
"""The modal "may": "May" with a capital is the month."""
_TEXT_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def text_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of a story's text, as offsets."""
    return list(_text_sentences(text))


@lru_cache(maxsize=1 << 14)
def _text_sentences(text: str) -> tuple[tuple[int, int], ...]:
    # Cached: the attribution and the hedge rules both ask for every text.
    spans = []
    start = 0
    for match in _TEXT_SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple((s, e) for s, e in spans if text[s:e].strip())


@lru_cache(maxsize=1 << 14)
def _sentence_stems(text: str) -> tuple[frozenset[str], ...]:
    """:func:`_claim_stems` of each sentence of a text. Cached: every quote of a text is matched
    to its sentences, by the meaning rules and by the attribution and hedge rules."""
    return tuple(_claim_stems(text[start:end]) for start, end in _text_sentences(text))


@lru_cache(maxsize=4096)
def _claim_stems(text: str) -> frozenset[str]:
    """Stems that say what a sentence is about: lowercase content words and figures."""
    found: set[str] = set()
    for raw, _, initial in tokens(text):
        found.update(_token_about(raw, initial))
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _token_about(raw: str, initial: bool) -> tuple[str, ...]:
    """The stems of a token's parts (as :func:`~story.checking.text.stems.words_of` splits it) that say
    what a sentence is about."""
    parts = (_about(part, initial and first) for part, _, first in token_parts(raw))
    return tuple(found for found in parts if found is not None)


@lru_cache(maxsize=1 << 16)
def _about(word: str, initial: bool) -> str | None:
    """A word's stem when it says what a sentence is about (see :func:`_claim_stems`), else ``None``."""
    if is_function(word) or not (word[:1].islower() or word[:1].isdigit() or initial):
        return None
    return stem(word)


def using_sentences(text: str, quote: str) -> list[int]:
    """Which sentences of a text (indexes into :func:`text_sentences`) state what a quote says.

    The sentence sharing most of the quote's words always does; any other sentence does when it
    shares two words or more (a claim split over two sentences).
    """
    wanted = _claim_stems(quote)
    overlaps = [len(wanted & stems) for stems in _sentence_stems(text)]
    best = max(overlaps, default=0)
    if best == 0:
        return []
    return [i for i, n in enumerate(overlaps) if n == best or n >= 2]


def _marker_supported(marker: str, support: set[str]) -> bool:
    return all(stem(w.text) in support for w in words_of(marker) if not is_function(w.text))


def keeps_attribution(sentence: str, support: set[str]) -> bool:
    """Whether a sentence of a story's text keeps an attribution.

    An attribution counts only when the cited quotes (``support``, their stems) give its words:
    "according to the South Korean military" does, "the article says" (allowed by the vocabulary)
    does not, because it drops who the article says it is from.
    """
    return any(_marker_supported(m.group(), support) for m in _PASSAGE_ATTR.finditer(sentence))


def keeps_hedge(sentence: str) -> bool:
    """Whether a sentence of a story's text keeps a hedge. Any hedge counts: a hedge never adds a fact."""
    return bool(_PASSAGE_HEDGE.search(sentence) or _MAY.search(sentence))
