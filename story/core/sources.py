"""The articles a story is built from, and exact matching of quotes against them.

A quote matches when it appears in the article verbatim after normalising whitespace, curly and
straight quotes, and dashes. Matching is case-sensitive and respects word boundaries, so a quote
cannot start or end in the middle of a word.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[\w'-]+")


def normalise(text: str) -> str:
    """Normalise quotes, dashes and whitespace the way quote matching does."""
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def _is_word_char(character: str) -> bool:
    return character.isalnum() or character == "_"


class Sentence(NamedTuple):
    """One sentence of an article (a title or photo caption line counts as one too)."""

    start: int
    """Start offset in the normalised text."""
    end: int
    line: int
    """Line of the article file where the sentence starts."""
    text: str


class Match(NamedTuple):
    """Where a quote was found in a source."""

    start: int
    end: int
    line: int


@dataclass
class Source:
    """One article, with its normalised text for matching."""

    id: str
    path: Path
    text: str
    title: str | None = None
    label: str = ""
    """How a reader is told which article this is ("Hail of Bullets"); see :mod:`story.core.labels`."""
    norm: str = field(init=False)
    _offsets: list[int] = field(init=False, repr=False)
    """Offset in ``text`` of each character of ``norm``."""
    _line_starts: list[int] = field(init=False, repr=False)
    _breaks: list[int] = field(init=False, repr=False)
    """Offsets in ``norm`` of the spaces that stand for a paragraph break (a blank line)."""
    _cache: dict[str, Match | None] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        translated = self.text.translate(_TRANSLATE)
        chars: list[str] = []
        offsets: list[int] = []
        breaks: list[int] = []
        pending_space = False
        newlines = 0
        for index, character in enumerate(translated):
            if character.isspace():
                pending_space = bool(chars)
                newlines += character == "\n"
                continue
            if pending_space:
                if newlines >= 2:
                    breaks.append(len(chars))
                chars.append(" ")
                offsets.append(index - 1)
                pending_space = False
            newlines = 0
            chars.append(character)
            offsets.append(index)
        self.norm = "".join(chars)
        self._offsets = offsets
        self._breaks = breaks
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_at(self, norm_index: int) -> int:
        """Line of the article file holding a character of the normalised text."""
        if not self._offsets:
            return 1
        original = self._offsets[min(norm_index, len(self._offsets) - 1)]
        return bisect.bisect_right(self._line_starts, original)

    def original_span(self, match: Match) -> tuple[int, int]:
        """Offsets in the original text for a match, for highlighting."""
        start = self._offsets[match.start]
        end = self._offsets[match.end - 1] + 1
        return start, end

    def crosses_paragraph(self, start: int, end: int) -> bool:
        """Whether a span of the normalised text runs across a paragraph break."""
        index = bisect.bisect_left(self._breaks, start)
        return index < len(self._breaks) and self._breaks[index] < end

    def _on_word_boundaries(self, start: int, end: int) -> bool:
        norm = self.norm
        before_ok = start == 0 or not (_is_word_char(norm[start - 1]) and _is_word_char(norm[start]))
        after_ok = end == len(norm) or not (_is_word_char(norm[end]) and _is_word_char(norm[end - 1]))
        return before_ok and after_ok

    def find(self, quote: str, *, across_paragraphs: bool = False) -> Match | None:
        """Find a quote verbatim (after normalisation) on word boundaries, within one paragraph.

        A blank line between paragraphs is more than whitespace: it separates a photo caption
        from the story, or one speaker's words from the next, so a quote may not run across it.

        Args:
            quote: The words to find.
            across_paragraphs: Accept a match that runs across a paragraph break (used only to
                explain why a quote was not found).

        Returns:
            The first match, or ``None``.
        """
        key = quote if not across_paragraphs else "\0" + quote
        if key in self._cache:
            return self._cache[key]
        needle = normalise(quote)
        result = None
        if needle:
            start = self.norm.find(needle)
            while start >= 0:
                end = start + len(needle)
                if self._on_word_boundaries(start, end) and (
                    across_paragraphs or not self.crosses_paragraph(start, end)
                ):
                    result = Match(start, end, self.line_at(start))
                    break
                start = self.norm.find(needle, start + 1)
        self._cache[key] = result
        return result

    @cached_property
    def _word_spans(self) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"\S+", self.norm)]

    @cached_property
    def _lower_words(self) -> list[str]:
        return [self.norm[start:end].lower() for start, end in self._word_spans]

    CANDIDATES = 10
    """Runs of words compared in full by :meth:`closest`, chosen by the words they share."""

    def closest(self, quote: str) -> tuple[str, int] | None:
        """The passage most like a quote that was not found, and its line.

        Looks at every run of as many words as the quote has (within one paragraph), keeps the
        runs sharing the most words with the quote, and returns the most alike of those. The
        preselection keeps this fast for long quotes; a short quote with no word in common
        (every word misspelt) is compared with every run.
        """
        needle = normalise(quote)
        spans = self._word_spans
        if not needle or not spans:
            return None
        wanted = Counter(needle.lower().split(" "))
        size = max(1, min(sum(wanted.values()), len(spans)))
        lower = self._lower_words
        counts: Counter[str] = Counter()
        shared = 0
        scored: list[tuple[int, int]] = []
        for index, word in enumerate(lower):
            counts[word] += 1
            if counts[word] <= wanted[word]:
                shared += 1
            if index >= size:
                gone = lower[index - size]
                counts[gone] -= 1
                if counts[gone] < wanted[gone]:
                    shared -= 1
            first = index - size + 1
            if first >= 0 and not self.crosses_paragraph(spans[first][0], spans[index][1]):
                scored.append((shared, first))
        if not scored:
            return None
        if max(scored)[0] > 0 or size > 8:
            scored = heapq.nlargest(self.CANDIDATES, scored, key=lambda item: (item[0], -item[1]))
            scored.sort(key=lambda item: item[1])
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle.lower())
        best: tuple[float, int, int] | None = None
        for _, index in scored:
            start, end = spans[index][0], spans[index + size - 1][1]
            matcher.set_seq1(self.norm[start:end].lower())
            if best is not None and matcher.real_quick_ratio() <= best[0]:
                continue
            if best is not None and matcher.quick_ratio() <= best[0]:
                continue
            score = matcher.ratio()
            if best is None or score > best[0]:
                best = (score, start, end)
        if best is None:
            return None
        _, start, end = best
        while end > start + 1 and self.norm[end - 1] in ".,;:":
            end -= 1
        return self.norm[start:end], self.line_at(start)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The article split into sentences, line by line."""
        result = []
        position = 0
        for line_number, line in enumerate(self.text.split("\n"), start=1):
            line_norm = normalise(line)
            if not line_norm:
                continue
            start = self.norm.find(line_norm, position)
            if start < 0:  # pragma: no cover - normalisation is consistent
                continue
            position = start + len(line_norm)
            offset = 0
            for piece in _SENTENCE_END.split(line_norm):
                piece_start = line_norm.find(piece, offset)
                offset = piece_start + len(piece)
                stripped = piece.strip()
                if stripped:
                    result.append(Sentence(start + piece_start, start + offset, line_number, stripped))
        return result


@dataclass
class Coverage:
    """Which sentences of one source the story cites."""

    source: Source
    spans: list[tuple[int, int]] = field(default_factory=list)
    _merged: list[tuple[int, int]] | None = field(default=None, init=False, repr=False)

    THRESHOLD = 0.5
    """A sentence counts as cited when quotes cover at least this share of it."""

    def add(self, match: Match) -> None:
        self.spans.append((match.start, match.end))
        self._merged = None

    def merged(self) -> list[tuple[int, int]]:
        """The quoted spans, sorted and with overlaps merged (computed once)."""
        if self._merged is None:
            merged: list[tuple[int, int]] = []
            for start, end in sorted(set(self.spans)):  # a large story cites the same spans many times
                if merged and start <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            self._merged = merged
        return self._merged

    def covered(self, sentence: Sentence) -> float:
        """Share of a sentence's characters covered by quotes."""
        merged = self.merged()
        index = bisect.bisect_right(merged, (sentence.start, sentence.start))
        if index > 0 and merged[index - 1][1] > sentence.start:
            index -= 1  # a span that starts before the sentence and runs into it
        total = 0
        while index < len(merged) and merged[index][0] < sentence.end:
            start, end = merged[index]
            total += max(0, min(end, sentence.end) - max(start, sentence.start))
            index += 1
        return total / max(1, sentence.end - sentence.start)

    def uncited(self) -> list[tuple[Sentence, float]]:
        """Sentences below the threshold, with the share that is covered."""
        result = []
        for sentence in self.source.sentences:
            share = self.covered(sentence)
            if share < self.THRESHOLD:
                result.append((sentence, share))
        return result

    def summary(self) -> dict[str, object]:
        total = len(self.source.sentences)
        cited = total - len(self.uncited())
        return {
            "source": self.source.id,
            "sentences": total,
            "cited": cited,
            "percent": round(100 * cited / total, 1) if total else 100.0,
        }


def words(text: str) -> list[str]:
    """Words of a text, for simple comparisons."""
    return _WORD.findall(text)


class Found(NamedTuple):
    """A passage found by :func:`search`, ready to paste as a citation."""

    source: Source
    quote: str
    line: int
    score: float
    """1.0 for an exact (case-insensitive) match; lower for a fuzzy one."""


def _verbatim(source: Source, start: int, end: int) -> str:
    """The article's own words for a span of the normalised text, whitespace collapsed."""
    original = source.text[source._offsets[start] : source._offsets[end - 1] + 1]
    return _SPACE.sub(" ", original).strip()


FUZZY_MINIMUM = 0.4
"""A fuzzy result less alike than this is noise, not a passage the author meant."""


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so that it neither starts nor ends inside a word."""
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return start, end


def search(sources: list[Source], query: str, limit: int = 3) -> list[Found]:
    """Find passages in the sources for some words, exactly if possible, else fuzzily.

    Args:
        sources: Where to look.
        query: Some words, not necessarily exact.
        limit: Most results to return.

    Returns:
        Results, best first.
    """
    needle = normalise(query).lower()
    if not needle:
        return []
    results: list[Found] = []
    pattern = re.compile(re.escape(normalise(query)), re.IGNORECASE)
    for source in sources:
        for match in pattern.finditer(source.norm):
            if len(results) >= limit:
                break
            start, end = _whole_words(source.norm, match.start(), match.end())
            if source.crosses_paragraph(start, end):
                continue  # `story check` would refuse it; the fuzzy search offers a paragraph instead
            quote = _verbatim(source, start, end)
            if not any(quote == other.quote and source is other.source for other in results):
                results.append(Found(source, quote, source.line_at(start), 1.0))
    if results:
        return results
    scored: list[Found] = []
    query_words = set(re.findall(r"\w+", needle))
    for source in sources:
        best = source.closest(query)
        if best is None:
            continue
        passage, line = best
        start = source.norm.find(passage)
        score = difflib.SequenceMatcher(None, needle, passage.lower()).ratio()
        scored.append(Found(source, _verbatim(source, start, start + len(passage)), line, score))
        # Whole sentences that share the most words are often what an author wants.
        for sentence in source.sentences:
            sentence_words = set(re.findall(r"\w+", sentence.text.lower()))
            if not query_words:
                break
            overlap = len(query_words & sentence_words) / len(query_words)
            if overlap >= 0.5:
                scored.append(
                    Found(
                        source, _verbatim(source, sentence.start, sentence.end), sentence.line, round(overlap * 0.9, 3)
                    )
                )
    scored.sort(key=lambda found: -found.score)
    unique: list[Found] = []
    for found in scored:
        if found.score >= FUZZY_MINIMUM and all(found.quote != other.quote for other in unique):
            unique.append(found)
    return unique[:limit]
