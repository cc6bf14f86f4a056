"""Words as the checker reads them: tokens, where sentences start, and the figures words state.

Every rule reads a story's text and the quotes it cites through :func:`tokens` and :func:`words`, so
that a text and its quotes are always split the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
    "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
    "dozen": "12", "twice": "2",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
    "eleventh": "11th", "twelfth": "12th", "thirteenth": "13th", "fourteenth": "14th",
    "fifteenth": "15th", "sixteenth": "16th", "seventeenth": "17th", "eighteenth": "18th",
    "nineteenth": "19th", "twentieth": "20th", "thirtieth": "30th", "fortieth": "40th",
    "fiftieth": "50th", "sixtieth": "60th", "seventieth": "70th", "eightieth": "80th",
    "ninetieth": "90th", "hundredth": "100th", "thousandth": "1000th", "millionth": "1000000th",
    "dozens": "12s", "hundreds": "100s", "thousands": "1000s", "millions": "1000000s",
    "billions": "1000000000s",
}  # fmt: skip
"""Words that state a number, mapped to the figure they state."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

NAVIGATION_WORDS = frozenset(
    """ask back begin check choose compare continue find follow go hear learn look meet open read
    return see start stay take try turn visit watch""".split()
)
"""Verbs that begin choice labels ("Read the statement"); never names."""

TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|[^\W_](?:[\w'’-]*[^\W_])?")
"""A word: letters and digits in any script, with inner hyphens and apostrophes; or a figure
with thousands separators or a decimal point ("1,000", "2.5"), which is one number, not two."""
_DIGITS = re.compile(r"\d+(?:[,.]\d+)*(?:st|nd|rd|th|s)?")
_TENS = {"20", "30", "40", "50", "60", "70", "80", "90"}
_UNITS = {"1", "2", "3", "4", "5", "6", "7", "8", "9"}
_OPENERS = "\"'“‘(["
_CLOSERS = "\"'”’)]"
_SENTENCE_START = re.compile(
    r"(?:\A\s*|\s*\n\s*|[.!?:;][" + re.escape(_CLOSERS) + r"]*\s+)[" + re.escape(_OPENERS) + "]*"
)
"""Ends where a word would start a sentence: the text's start, a line break, or ``.!?:;`` (then
closing quotes or brackets) and a space; opening quotes or brackets may come between."""


def number_key(token: str) -> str | None:
    """The figure a word states, as compared ("forty" and "40" are "40", "1990s" is "1990s"), or ``None``."""
    lowered = token.lower()
    if lowered in NUMBER_WORDS:
        return NUMBER_WORDS[lowered]
    match = _DIGITS.fullmatch(lowered)
    if not match:
        return None
    suffix = ""
    for ending in ("st", "nd", "rd", "th"):
        if lowered.endswith(ending):
            suffix = ending
            lowered = lowered[: -len(ending)]
    if lowered.endswith("s"):  # "the 1990s" is a decade, not the year 1990
        suffix = "s"
        lowered = lowered[:-1]
    digits = lowered.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    digits = digits.lstrip("0") or "0"
    return digits + suffix


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, int, bool], ...]:
    """Words of a text with their offsets and whether each starts a sentence."""
    # Read sentence by sentence (see sentence_pieces): a story repeats its sentences, in the
    # passages that quote them and the texts that recap them, and each is read once.
    pieces = sentence_pieces(text)
    if len(pieces) == 1:
        return piece_tokens(text)
    found: list[tuple[str, int, bool]] = []
    for at, piece in pieces:
        read = piece_tokens(piece)
        found.extend([(word, start + at, initial) for word, start, initial in read] if at else read)
    return tuple(found)


@lru_cache(maxsize=4096)
def sentence_pieces(text: str) -> tuple[tuple[int, str], ...]:
    """A text cut where its sentences start, each piece with its offset: read on its own, a
    piece gives the same words, and the same sentence starts, as it does in the text.

    A cut is made only where a word may follow at once (no space after the opening quotes or
    brackets), so that the piece's own start is a sentence start exactly when the text's is.
    No word spans a cut: what comes before one is a space, or opening quotes after a space.
    """
    cuts = [0]
    end = len(text)
    for match in _SENTENCE_START.finditer(text):
        cut = match.end()
        if cuts[-1] < cut < end and not text[cut].isspace():
            cuts.append(cut)
    cuts.append(end)
    return tuple((start, text[start:stop]) for start, stop in pairwise(cuts))


@lru_cache(maxsize=1 << 15)
def piece_tokens(piece: str) -> tuple[tuple[str, int, bool], ...]:
    """:func:`tokens` of one piece of :func:`sentence_pieces`, in one pass over it."""
    # Where sentences start is found in one pass over the text rather than word by word:
    # the same positions as starts_sentence() (below, kept as the definition), five times faster.
    starts = {match.end() for match in _SENTENCE_START.finditer(piece)}
    return tuple([(m.group(), start := m.start(), start in starts) for m in TOKEN.finditer(piece)])


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence: the definition :func:`tokens` computes faster."""
    index = start - 1
    while index >= 0 and text[index] in _OPENERS:
        index -= 1
    if index < 0:
        return True
    if not text[index].isspace():
        return False
    while index >= 0 and text[index].isspace():
        if text[index] == "\n":
            return True
        index -= 1
    if index < 0:
        return True
    while index > 0 and text[index] in _CLOSERS:
        index -= 1
    return text[index] in ".!?:;"


@lru_cache(maxsize=1 << 16)
def word_parts(raw: str) -> tuple[tuple[str, int, str | None], ...]:
    """Split a word into the pieces that are checked, each with its offset and number key.

    A hyphenated word is split where it holds a figure ("AK-47", "ten-day", "2017/18") so that
    the figure is checked on its own; "forty-one" is one number, 41. Other words stay whole
    ("Kim-controlled", "Young-moo").
    """
    # Cached: a story repeats the same few thousand words, and every text and quote is split.
    whole = number_key(raw)
    if whole is not None:
        return ((raw, 0, whole),)
    pieces = [(m.group(), m.start()) for m in re.finditer(r"[^-/]+", raw)]
    keys = [number_key(piece) for piece, _ in pieces]
    if not any(keys):
        return ((raw, 0, None),)
    if len(pieces) == 2 and keys[0] in _TENS and keys[1] in _UNITS and not pieces[0][0][0].isdigit():
        return ((raw, 0, str(int(keys[0]) + int(keys[1]))),)
    return tuple((piece, offset, key) for (piece, offset), key in zip(pieces, keys, strict=True))


def words(text: str) -> list[tuple[str, int, str | None, bool]]:
    """The checkable words of a text: ``(word, offset, number key or None, starts a sentence)``.

    Both :func:`story.checking.text.details.details` and :func:`~story.checking.text.details.support_keys`
    use this, so that a text and its quotes are read the same way.
    """
    found = []
    for raw, start, initial in tokens(text):
        parts = word_parts(raw)
        if len(parts) == 1 and not parts[0][1]:
            found.append((parts[0][0], start, parts[0][2], initial))
            continue
        for word, offset, key in parts:
            found.append((word, start + offset, key, initial and offset == 0))
    return found
