"""Words by their stems: which words carry content, and which of them some quotes support.

A content word is any word that is not a function word (:data:`FUNCTION_WORDS`). Words are compared
by their stems, so "fired" matches "firing" and "fled" matches "flee" (:data:`IRREGULAR`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

from story.checking.text.details import details
from story.checking.text.tokens import TOKEN, number_key, tokens

FUNCTION_WORDS = frozenset(
    """a about above across after against along alongside am amid among amongst an and another
    any anybody anyone anything are around as at be because been before behind being below
    beneath beside besides between beyond both but by can cannot could did do does doing done down
    during each either else every everybody everyone everything for from had has have having he her
    here hers herself him himself his how however i if in inside into is it its itself just
    many may me might more most much must my myself near of off on onto or other others
    otherwise our ours ourselves out outside over own per same shall she should since so some somebody
    someone something such than that the their theirs them themselves then there therefore these
    they this those though through throughout thus till to too toward towards under underneath
    unless until unto up upon us versus via was we were what whatever when whenever where whereas
    wherever whether which whichever while who whoever whom whose why will with within would yet
    you your yours yourself yourselves""".split()
)
"""Grammatical words: articles, pronouns, prepositions, conjunctions, auxiliaries and modals.

They carry no fact of their own, so they need no quote. Negations (:data:`NEGATIONS`) are left out
on purpose: "not" turns a fact into its opposite, so it must be in the quotes like any content
word. So are time adverbs such as "later" or "again", which date an event.
"""

NEGATIONS = frozenset("no not never nor none nothing nobody nowhere neither without".split())
"""Grammatical words that are still checked, because they reverse what a sentence says."""

IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "drove": "drive", "driven": "drive",
    "ran": "run", "shot": "shoot", "shots": "shoot", "fled": "flee", "caught": "catch",
    "found": "find", "fought": "fight", "began": "begin", "begun": "begin", "took": "take",
    "taken": "take", "came": "come", "went": "go", "gone": "go", "saw": "see", "seen": "see",
    "knew": "know", "known": "know", "held": "hold", "left": "leave", "fell": "fall",
    "fallen": "fall", "brought": "bring", "thought": "think", "kept": "keep", "felt": "feel",
    "lost": "lose", "led": "lead", "heard": "hear", "hid": "hide", "hidden": "hide",
    "made": "make", "gave": "give", "given": "give", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "struck": "strike", "sent": "send", "stood": "stand",
    "sat": "sit", "wore": "wear", "worn": "wear", "broke": "break", "broken": "break",
    "chose": "choose", "chosen": "choose", "rode": "ride", "ridden": "ride", "threw": "throw",
    "thrown": "throw", "flew": "fly", "flown": "fly", "bled": "bleed", "crept": "creep",
    "met": "meet", "paid": "pay", "sought": "seek", "shook": "shake", "woke": "wake",
    "got": "get", "gotten": "get", "lay": "lie", "lain": "lie", "dug": "dig", "fed": "feed",
    "won": "win", "sped": "speed", "slid": "slide", "swept": "sweep", "wept": "weep",
    "lit": "light", "bore": "bear", "borne": "bear", "tore": "tear", "torn": "tear",
    "stole": "steal", "stolen": "steal", "meant": "mean", "grew": "grow", "grown": "grow",
    "drew": "draw", "drawn": "draw", "blew": "blow", "hung": "hang", "built": "build",
    "sold": "sell", "sank": "sink", "sunk": "sink", "stuck": "stick", "bitten": "bite",
    "n't": "not", "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
}  # fmt: skip
"""Irregular forms and their base form, applied before stemming.

A stemmer only strips suffixes; it cannot see that "drove" is "drive" or "fled" is "flee". Without
this table a text that says "he ran" of a quote that says "run" would be flagged, and, worse, an
author would be pushed to copy tense forms rather than tell the story. The table holds common
irregular verbs and plurals only; each maps a form to the same word, never to a synonym.
"""

_CLITICS = ("'s", "'re", "'ve", "'ll", "'d", "'m")
_NOT_BASES = {"ca": "can", "wo": "will", "sha": "shall"}

_stemmer = snowballstemmer.stemmer("english")
"""Porter2 English. snowballstemmer hands this to PyStemmer's C build when it is installed (it is a
dependency); stems are the same either way."""


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The stem of one word: lowercased, irregular forms mapped to their base, then stemmed."""
    lowered = word.lower().replace("’", "'")
    lowered = IRREGULAR.get(lowered, lowered)
    return _stemmer.stemWord(lowered)


class Word(NamedTuple):
    """One word of a text, as written, with where it is."""

    text: str
    """The word as written (a part of a hyphenated word stands alone)."""
    start: int
    """Offset in the text."""
    initial: bool
    """True when it begins a sentence."""

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")


@lru_cache(maxsize=8192)
def words_of(text: str) -> tuple[Word, ...]:
    """Every word of a text, with hyphenated words and contractions split into their parts.

    "low-crawled" gives "low" and "crawled"; "didn't" gives "did" and "n't" (read as "not"); "nation's" gives
    "nation". Offsets point into the text, so each part can be located in its file.
    """
    found: list[Word] = []
    for raw, start, initial in tokens(text):
        for part, offset, first in token_parts(raw):
            found.append(_new(Word, (part, start + offset, initial and first)))
    return tuple(found)


_new = tuple.__new__
"""Makes a word without the call to ``Word.__new__``: a text has thousands, and this is a third of the cost."""


@lru_cache(maxsize=1 << 16)
def token_parts(raw: str) -> tuple[tuple[str, int, bool], ...]:
    """The parts of one token: ``(part, offset in the token, whether it is the token's first)``.

    Cached by token: a story repeats the same few thousand words in its texts and quotes.
    """
    if "-" not in raw and "'" not in raw and "’" not in raw:
        return ((raw, 0, True),)
    found: list[tuple[str, int, bool]] = []
    offset = 0
    for index, part in enumerate(raw.split("-")):
        if part:
            found.extend((text, offset + at, index == 0 and at == 0) for text, at in _split_clitics(part))
        offset += len(part) + 1
    return tuple(found)


def _split_clitics(part: str) -> list[tuple[str, int]]:
    lowered = part.lower().replace("’", "'")
    if lowered.endswith("n't") and len(lowered) > 3:
        return [(part[: len(part) - 3], 0), (part[len(part) - 3 :], len(part) - 3)]
    for clitic in _CLITICS:
        if lowered.endswith(clitic) and len(lowered) > len(clitic):
            return [(part[: -len(clitic)], 0)]
    if lowered.endswith("'"):  # "soldiers'" possessive
        return [(part[:-1], 0)]
    return [(part, 0)]


def is_function(word: str) -> bool:
    """True for a grammatical word that needs no quote (negations are not)."""
    lowered = word.lower().replace("’", "'")
    return lowered in FUNCTION_WORDS or lowered in _NOT_BASES


def quote_stems(quotes: list[str]) -> set[str]:
    """Stems of every word of some quotes (whole hyphenated words as well as their parts)."""
    stems: set[str] = set()
    for quote in quotes:
        stems |= _stems_of(quote)
    return stems


@lru_cache(maxsize=1 << 16)
def _words_in(quote: str) -> frozenset[str]:
    """The words of a quote, as written."""
    return frozenset([raw for raw, _, _ in tokens(quote)])


@lru_cache(maxsize=4096)
def _stems_of(quote: str) -> frozenset[str]:
    stems = {stem(raw) for raw, _, _ in tokens(quote)}
    stems.update(stem(word.text) for word in words_of(quote))
    return frozenset(stems)


def unsupported_words(
    text: str,
    quotes: list[str],
    allowed: set[str] | frozenset[str] = frozenset(),
    ordinary: frozenset[str] = frozenset(),
    extra: frozenset[str] = frozenset(),
) -> list[Word]:
    """Content words of a text whose stems are in neither the quotes nor ``allowed``.

    Numbers, weekdays, months and names are left to :mod:`story.checking.rules.details`, which
    checks them exactly; checking them again here would only repeat its diagnostics.

    Args:
        text: Player-visible text.
        quotes: The quotes that support it.
        allowed: Further stems any text may use (the story's vocabulary).
        ordinary: Words known to be ordinary when capitalised at the start of a sentence.
        extra: Lowercase words this kind of text may use freely (navigation verbs in choices).

    Returns:
        The unsupported words, in order.
    """
    return [
        word
        for word, whole, key in _unsupported(text, tuple(quotes), ordinary, extra)
        if whole not in allowed and key not in allowed
    ]


@lru_cache(maxsize=1 << 16)
def _unsupported(
    text: str, quotes: tuple[str, ...], ordinary: frozenset[str], extra: frozenset[str]
) -> tuple[tuple[Word, str, str], ...]:
    """Words the quotes do not support, each with the stem of its whole token and its own stem.

    Cached, and ``allowed`` is applied by the caller: E701 and the vocabulary check (W705) ask
    the same question of every text, one with the story's vocabulary and one without.
    """
    # Most texts use only their quotes' words: settle those with set operations before
    # looking at each word in turn. A word written as in a quote has its stem in the quote.
    remaining = {raw for raw, _, _ in tokens(text)}
    for quote in quotes:
        remaining -= _words_in(quote)
        if not remaining:
            return ()
    # A plain word (no hyphen or apostrophe to split it) that is a function word, or one this kind
    # of text may use freely ("The", "Read on"), is never reported: drop it before stemming.
    remaining = {
        raw
        for raw in remaining
        if "-" in raw or "'" in raw or "’" in raw or not (is_function(raw) or raw.lower() in extra)
    }
    if not remaining:
        return ()
    stem_sets = [_stems_of(quote) for quote in quotes]
    if all(any(stem(raw) in stems for stems in stem_sets) for raw in remaining):
        return ()
    support = quote_stems(list(quotes))
    detail_words = {d.word for d in details(text, ordinary)}
    found: list[tuple[Word, str, str]] = []
    for match in TOKEN.finditer(text):  # the words of tokens(), without sentence starts (unused here)
        raw, start = match.group(), match.start()
        whole = stem(raw)
        if whole in support:
            continue  # "so-called" cited as "so-called"
        if raw in detail_words or any(c.isdigit() for c in raw):
            continue
        for word in words_of(raw):
            word = Word(word.text, start + word.start, word.initial)
            lowered = word.lower
            if not lowered or is_function(lowered) or lowered in extra:
                continue
            if word.text in detail_words or number_key(word.text) is not None:
                continue
            if word.text[:1].isupper() and not word.initial:
                continue  # a name the details rule did not list whole, such as part of "Pyongyang-Seoul"
            key = stem(word.text)
            if key in support:
                continue
            # "n't" cannot be found on its own in the file: report the whole word ("didn't").
            found.append((word if lowered != "n't" else Word(raw, start, word.initial), whole, key))
    return tuple(found)
