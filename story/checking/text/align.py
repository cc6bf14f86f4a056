"""Word-level alignment of a claim to the quotes it cites: the proof the meaning rules read.

A claim sentence is aligned to its quotes like a diff, word by word and in order: each word of the
claim is traced to a word of a quote (the same word, another form of it, or a form the
irregular-forms table maps to it) or marked as inserted, and each word of a quote is kept or
dropped. The alignment is built by greedy string tiling: the longest runs of words shared by the
claim and a quote are matched first, so a clause moved to the front of the sentence or an item
moved within a list stays one run, and a single word is matched last, next to the words around it.

Nothing here emits a diagnostic; the rules in :mod:`story.checking.rules.meaning` read the
alignment (through :mod:`story.checking.text.meaning`).
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from story.checking.text.stems import stem

_TOKEN = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:st|nd|rd|th|s)?)"
    r"|(?P<word>[^\W\d_](?:[\w'’]*[^\W_])?)"
    r"|(?P<mark>[^\w\s-])"
)
"""A figure, a word (inner apostrophes kept; hyphens split a word in two), or a punctuation mark."""

PRONOUN_CASES = {
    "him": "he", "his": "he", "himself": "he", "her": "she", "hers": "she", "herself": "she",
    "them": "they", "their": "they", "theirs": "they", "themselves": "they", "me": "i", "my": "i",
    "us": "we", "our": "we", "its": "it", "itself": "it",
}  # fmt: skip
"""A pronoun's other cases are the same word for alignment: "rescued him" and "he was rescued"."""


class Token(NamedTuple):
    """One word, figure or mark of a claim or a quote."""

    text: str
    """As written."""
    start: int
    """Offset in the text it comes from."""
    key: str
    """What it is compared by: the stem of a word, a figure's digits, a mark itself."""
    kind: str
    """``word``, ``number`` or ``mark``."""
    lower: str
    """Lowercased, with a straight apostrophe."""


@lru_cache(maxsize=1 << 14)
def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of a text. ``didn't`` gives ``did`` and ``n't``; ``nation's`` gives ``nation``."""
    found: list[Token] = []
    append, known = found.append, _FORMS
    for match in _TOKEN.finditer(text):
        raw = match.group()
        forms = known.get(raw)  # the pattern's groups never match the same text: raw decides
        if forms is None:
            if len(known) >= 1 << 16:
                known.clear()  # bounded, as a cache: a long-lived process meets ever new figures
            forms = known[raw] = _token_forms(raw, match.lastgroup or "")
        start = match.start()
        if len(forms) == 1:  # most words: one token, at the match's start
            form = forms[0]
            append(_new(Token, (form[0], start, form[2], form[3], form[4])))
            continue
        for part, at, key, kind, lowered in forms:
            append(_new(Token, (part, start + at, key, kind, lowered)))
    return tuple(found)


_new = tuple.__new__
"""Makes a token without the call to ``Token.__new__``: a text has thousands, and this is a third of the cost."""

_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})


_FORMS: dict[str, tuple[tuple[str, int, str, str, str], ...]] = {}
""":func:`_token_forms` by the match's text: a story repeats the same few thousand words in its
texts and quotes (a plain dictionary: looked up once per word of every text)."""


def _token_forms(raw: str, group: str) -> tuple[tuple[str, int, str, str, str], ...]:
    """What one match of the token pattern gives: ``(text, offset in it, key, kind, lower)`` each;
    a token of one form is at offset 0."""
    if group == "number":
        digits = re.sub(r"(?:st|nd|rd|th|s)$", "", raw).replace(",", "")
        return ((raw, 0, digits, "number", raw),)
    if group == "mark":
        return ((raw, 0, raw.translate(_MARKS), "mark", raw),)
    lowered = raw.lower().replace("’", "'")
    if "'" not in lowered:
        return ((raw, 0, stem(PRONOUN_CASES.get(lowered, lowered)), "word", lowered),)
    if lowered.endswith("n't") and len(lowered) > 3:
        base = raw[:-3]
        base_key = {"ca": "can", "wo": "will", "sha": "shall"}.get(base.lower(), base.lower())
        return ((base, 0, stem(base_key), "word", base.lower()), (raw[-3:], len(base), "not", "word", "n't"))
    for clitic in ("'s", "'re", "'ve", "'ll", "'d", "'m"):
        if lowered.endswith(clitic) and len(lowered) > len(clitic):
            raw = raw[: -len(clitic)]
            lowered = lowered[: -len(clitic)]
            break
    return ((raw, 0, stem(PRONOUN_CASES.get(lowered, lowered)), "word", lowered),)


class Tile(NamedTuple):
    """A run of words the claim shares with one quote, in the same order."""

    claim: int
    """Index of its first token in the claim."""
    quote: int
    """Which quote."""
    at: int
    """Index of its first token in that quote."""
    length: int


@dataclass
class Alignment:
    """A claim aligned to its quotes."""

    claim: str
    quotes: tuple[str, ...]
    claim_tokens: tuple[Token, ...]
    quote_tokens: tuple[tuple[Token, ...], ...]
    tiles: list[Tile] = field(default_factory=list)
    links: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Claim token index to ``(quote, token index)``."""
    kept: set[tuple[int, int]] = field(default_factory=set)
    """``(quote, token index)`` of every quote token the claim keeps."""
    read: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """What readers of the alignment made of it, kept with it by name: an alignment is shared and
    never changes once made, so what is read from it alone is read once."""

    def link(self, index: int) -> tuple[int, int] | None:
        """Where a claim token comes from, or None for an inserted one."""
        return self.links.get(index)

    def is_kept(self, quote: int, index: int) -> bool:
        return (quote, index) in self.kept

    def inserted(self) -> list[int]:
        """Claim tokens (words and figures) that no quote gives."""
        return [i for i, t in enumerate(self.claim_tokens) if t.kind != "mark" and i not in self.links]

    def tile_of(self, index: int) -> Tile | None:
        for tile in self.tiles:
            if tile.claim <= index < tile.claim + tile.length:
                return tile
        return None


@lru_cache(maxsize=1 << 12)
def align(claim: str, quotes: tuple[str, ...]) -> Alignment:
    """Align a claim sentence to its quotes (the same sentence and quotes give the same alignment,
    shared: read it, never change it).

    Args:
        claim: One sentence of visible text.
        quotes: The quotes it uses.

    Returns:
        The alignment: tiles, links from claim tokens to quote tokens, and the kept quote tokens.
    """
    claim_tokens = tokenize(claim)
    quote_tokens, where = _quote_index(quotes)
    alignment = Alignment(claim, quotes, claim_tokens, quote_tokens)
    free_claim = [token.kind != "mark" for token in claim_tokens]
    free_quote = [[token.kind != "mark" for token in tokens] for tokens in quote_tokens]
    # Greedy string tiling: the longest shared runs first; marks inside a run join it. Every
    # maximal run is found once; a run that an accepted one overlaps is cut to its free parts
    # and queued again, so the claim is never rescanned.
    claim_keys, claim_previous, words_before = _shape(claim)
    quote_shapes = [_shape(quote) for quote in quotes]
    queue: list[tuple[int, int, float, int, int, int]] = []
    """Runs by length, then by where they start in the claim, then by how much of their quote they
    use: of two quotes that both give the words, the claim is taken to use the one it uses most."""
    for i, key in enumerate(claim_keys):
        if key is None:
            continue
        before = claim_previous[i]
        before_key = claim_keys[before] if before >= 0 else None
        for q, j in where.get(key, ()):
            quote_keys, quote_previous, _ = quote_shapes[q]
            quote_before = quote_previous[j]
            if before_key is not None and quote_before >= 0 and i - before == j - quote_before:
                if before_key == quote_keys[quote_before]:
                    continue  # inside a run that starts earlier
            length = _first_run(claim_keys, quote_keys, i, j)
            words = words_before[i + length] - words_before[i]
            heapq.heappush(queue, (-words, i, -words / len(quote_keys), q, j, length))
    singles: list[Tile] = []
    while queue:
        words, i, _, q, j, length = heapq.heappop(queue)
        tile = Tile(i, q, j, length)
        if _is_free(alignment, tile, free_claim, free_quote):
            if -words == 1:
                singles.append(tile)
            else:
                _mark(alignment, tile, free_claim, free_quote)
            continue
        for k in range(length):  # cut to the free runs inside it and queue them again
            if claim_tokens[i + k].kind == "mark" or not (free_claim[i + k] and free_quote[q][j + k]):
                continue
            if k and claim_tokens[i + k - 1].kind != "mark" and free_claim[i + k - 1] and free_quote[q][j + k - 1]:
                continue
            cut = _run(claim_tokens, quote_tokens[q], i + k, j + k, free_claim, free_quote[q])
            cut = min(cut, length - k)
            if cut:
                words = words_before[i + k + cut] - words_before[i + k]
                heapq.heappush(queue, (-words, i + k, -words / len(quote_tokens[q]), q, j + k, cut))
    _place_single_words(alignment, singles, free_claim, free_quote)
    alignment.tiles.sort(key=lambda tile: tile.claim)
    return alignment


@lru_cache(maxsize=1 << 12)
def _quote_index(quotes: tuple[str, ...]) -> tuple[tuple[tuple[Token, ...], ...], dict[str, list[tuple[int, int]]]]:
    """The quotes' tokens, and where each key occurs in them (read, never changed)."""
    quote_tokens = tuple(tokenize(quote) for quote in quotes)
    where: dict[str, list[tuple[int, int]]] = {}
    for q, tokens in enumerate(quote_tokens):
        for j, token in enumerate(tokens):
            if token.kind != "mark":
                where.setdefault(token.key, []).append((q, j))
    return quote_tokens, where


@lru_cache(maxsize=1 << 14)
def word_keys(text: str) -> tuple[str, ...]:
    """The keys of a text's words and figures, in order (marks left out): two texts with the same
    keys say the same words in the same order."""
    return tuple(token.key for token in tokenize(text) if token.kind != "mark")


@lru_cache(maxsize=1 << 14)
def _shape(text: str) -> tuple[tuple[str | None, ...], tuple[int, ...], tuple[int, ...]]:
    """What tiling reads of a text's tokens: each token's key (``None`` for a mark), the index
    of the word before it (-1 for none), and how many words come before each token."""
    keys = tuple(None if token.kind == "mark" else token.key for token in tokenize(text))
    previous: list[int] = []
    words_before = [0]
    last = -1
    for index, key in enumerate(keys):
        previous.append(last)
        if key is not None:
            last = index
        words_before.append(words_before[-1] + (key is not None))
    return keys, tuple(previous), tuple(words_before)


def _first_run(claim: tuple[str | None, ...], quote: tuple[str | None, ...], i: int, j: int) -> int:
    """:func:`_run` before any run is accepted, when every word is free: words equal by key, marks
    against marks, ending on a word."""
    length = 0
    end = min(len(claim) - i, len(quote) - j)
    while length < end:
        a, b = claim[i + length], quote[j + length]
        if a != b and (a is not None or b is not None):
            break
        length += 1
    while length and claim[i + length - 1] is None:
        length -= 1  # a run ends on a word
    return length


def _run(
    claim: tuple[Token, ...], quote: tuple[Token, ...], i: int, j: int, free_claim: list[bool], free_quote: list[bool]
) -> int:
    """Length in tokens of the shared run from claim token ``i`` and quote token ``j``."""
    length = 0
    while i + length < len(claim) and j + length < len(quote):
        a, b = claim[i + length], quote[j + length]
        if a.kind == "mark" and b.kind == "mark":
            length += 1
            continue
        if a.key != b.key or not free_claim[i + length] or not free_quote[j + length]:
            break
        length += 1
    while length and claim[i + length - 1].kind == "mark":
        length -= 1  # a run ends on a word
    return length


def _is_free(alignment: Alignment, tile: Tile, free_claim: list[bool], free_quote: list[list[bool]]) -> bool:
    """Whether every word of a run is still unmatched on both sides."""
    for k in range(tile.length):
        if alignment.claim_tokens[tile.claim + k].kind == "mark":
            continue
        if not free_claim[tile.claim + k] or not free_quote[tile.quote][tile.at + k]:
            return False
    return True


def _mark(alignment: Alignment, tile: Tile, free_claim: list[bool], free_quote: list[list[bool]]) -> None:
    alignment.tiles.append(tile)
    for k in range(tile.length):
        i, j = tile.claim + k, tile.at + k
        if alignment.claim_tokens[i].kind == "mark":
            continue
        free_claim[i] = False
        free_quote[tile.quote][j] = False
        alignment.links[i] = (tile.quote, j)
        alignment.kept.add((tile.quote, j))


def _place_single_words(
    alignment: Alignment, matches: list[Tile], free_claim: list[bool], free_quote: list[list[bool]]
) -> None:
    """Match lone words, each to the occurrence nearest to where its neighbours came from."""
    by_claim: dict[int, list[Tile]] = {}
    for tile in matches:
        by_claim.setdefault(tile.claim, []).append(tile)
    for i in sorted(by_claim):
        if not free_claim[i]:
            continue
        options = [tile for tile in by_claim[i] if free_quote[tile.quote][tile.at]]
        if not options:
            continue
        expected = _expected_place(alignment, i)
        options.sort(key=lambda tile: _distance(tile, expected))
        _mark(alignment, options[0], free_claim, free_quote)


def _expected_place(alignment: Alignment, i: int) -> tuple[int, int] | None:
    """Where a claim token would sit in a quote, judging by the nearest linked token before it."""
    for back in range(1, len(alignment.claim_tokens)):
        for k, step in ((i - back, back), (i + back, -back)):
            link = alignment.links.get(k)
            if link is not None:
                return link[0], link[1] + step
    return None


def _distance(tile: Tile, expected: tuple[int, int] | None) -> tuple[int, int]:
    if expected is None:
        return (0, tile.at)
    return (tile.quote != expected[0], abs(tile.at - expected[1]))
