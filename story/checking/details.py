"""Find the details a sentence cannot invent: numbers, weekdays and months, and names.

Each finder returns :class:`Detail` values: what was found, how it compares (``key``) and
where in the text it is (``word`` and ``occurrence``, to locate it in the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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

NAVIGATION_WORDS = frozenset(
    """ask back begin check choose compare continue find follow go hear learn look meet open read
    return see start stay take try turn visit watch""".split()
)
"""Verbs that begin choice labels ("Read the statement"); never names."""

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|[^\W_](?:[\w'’-]*[^\W_])?")
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


@dataclass(frozen=True)
class Detail:
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


def _number_key(token: str) -> str | None:
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


@lru_cache(maxsize=1 << 16)
def _strip_possessive(token: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if token.endswith(ending) and len(token) > len(ending):
            return token[: -len(ending)]
    return token


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, int, bool], ...]:
    """Words of a text with their offsets and whether each starts a sentence."""
    # Where sentences start is found in one pass over the text rather than word by word:
    # the same positions as _starts_sentence() (below, kept as the definition), five times faster.
    starts = {match.end() for match in _SENTENCE_START.finditer(text)}
    return tuple((m.group(), m.start(), m.start() in starts) for m in _TOKEN.finditer(text))


def _starts_sentence(text: str, start: int) -> bool:
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
def _parts(raw: str) -> tuple[tuple[str, int, str | None], ...]:
    """Split a word into the pieces that are checked, each with its offset and number key.

    A hyphenated word is split where it holds a figure ("AK-47", "ten-day", "2017/18") so that
    the figure is checked on its own; "forty-one" is one number, 41. Other words stay whole
    ("Kim-controlled", "Young-moo").
    """
    # Cached: a story repeats the same few thousand words, and every text and quote is split.
    whole = _number_key(raw)
    if whole is not None:
        return ((raw, 0, whole),)
    pieces = [(m.group(), m.start()) for m in re.finditer(r"[^-/]+", raw)]
    keys = [_number_key(piece) for piece, _ in pieces]
    if not any(keys):
        return ((raw, 0, None),)
    if len(pieces) == 2 and keys[0] in _TENS and keys[1] in _UNITS and not pieces[0][0][0].isdigit():
        return ((raw, 0, str(int(keys[0]) + int(keys[1]))),)
    return tuple((piece, offset, key) for (piece, offset), key in zip(pieces, keys, strict=True))


def words(text: str) -> list[tuple[str, int, str | None, bool]]:
    """The checkable words of a text: ``(word, offset, number key or None, starts a sentence)``.

    Both :func:`details` and :func:`support_keys` use this, so that a text and its quotes are
    read the same way.
    """
    found = []
    for raw, start, initial in tokens(text):
        for word, offset, key in _parts(raw):
            found.append((word, start + offset, key, initial and offset == 0))
    return found


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
    found: list[Detail] = []
    checkable = words(text)
    spelled: list[str] | None = None
    for index, (word, start, key, initial) in enumerate(checkable):
        if key is None and not word[:1].isupper():
            continue  # most words: not a figure, and not capitalised, so neither a date nor a name
        if spelled is None:
            spelled = [item[0] for item in checkable]
        occurrence = spelled[:index].count(word)
        if key is not None:
            found.append(Detail("number", word, key, occurrence, start))
            continue
        bare = _strip_possessive(word)
        if bare in WEEKDAYS or bare in MONTHS:
            if bare == "May" and initial:
                continue
            found.append(Detail("date", word, bare.lower(), occurrence, start))
            continue
        if bare[:1].isupper():
            if initial and _is_ordinary(bare, ordinary_words):
                continue
            if bare == "I":
                continue
            found.append(Detail("name", word, bare.lower(), occurrence, start))
    return tuple(found)


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
    # Several rules ask for the same story's ordinary words; they get the same set back.
    # Only the words are needed, not where sentences begin: findall is much cheaper than tokens().
    found: set[str] = set()
    for text in dict.fromkeys(texts):
        found.update(map(_strip_possessive, [raw for raw in _TOKEN.findall(text) if raw[0].islower()]))
    return frozenset(found)
