"""Read an article's sentence for what it attributes and what it hedges, and which quotes it governs.

Only the part of the article's sentence that governs the quoted claim counts: in ``He was airlifted
to the hospital where the doctor told the press: "..."`` the doctor's words are attributed and the
airlift is not. See :func:`sentence_scopes` and :func:`governing`. The story's side is read by
:mod:`story.checking.text.claims`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from story.checking.text.stems import is_function, words_of
from story.core.model import Citation
from story.core.sources import Sentence, Source


class Scope(NamedTuple):
    """A stretch of an article sentence that is attributed or hedged."""

    kind: str
    """``attribution`` or ``hedge``."""
    marker: str
    """The article's words that attribute or hedge, as written, to show an author: "According to
    the South Korean military", "although he is presumed to be a soldier"."""
    start: int
    end: int
    """Offsets in the sentence text."""


SPEECH_VERBS = ("said", "says", "told", "tells", "added", "adds", "quoted", "stated", "explained")
"""Verbs that attribute direct speech: next to a quotation they attribute only the quotation."""

SENTENCE_ATTRIBUTIONS = (
    "according to", "reports indicate", "report indicates", "reports say", "assessment", "reported",
    "claimed", "claims", "announced", "confirmed", "estimated", "estimates",
)  # fmt: skip
"""Markers that attribute the whole sentence they stand in."""

CLAUSE_ATTRIBUTIONS = ("reportedly", "allegedly", "purportedly")
"""Adverbs that attribute only their own clause."""

CLAUSE_HEDGES = (
    "presumed", "presumably", "not immediately clear", "not clear", "unclear", "not known", "unknown",
    "yet to be established", "yet to be confirmed", "yet to be determined", "yet to be disclosed",
    "a probe was needed", "needed to investigate", "believed to", "suspected", "apparently",
    "unconfirmed", "uncertain",
)  # fmt: skip
"""Hedges that cover their whole clause ("although he is presumed to be a soldier")."""

WINDOW_HEDGES = (
    "would",
    "could",
    "may",
    "might",
    "seemed",
    "seems",
    "appeared",
    "appears",
    "possibly",
    "probably",
    "perhaps",
    "likely",
)
"""Hedges that cover the words right after them: "this would be the first time the North fired"."""

CONDITIONAL_HEDGES = ("if", "whether")
"""Hedges that cover the rest of their clause: "if he was hit multiple times"."""

WINDOW = 6
"""How many words after a modal or "seemed" its hedge covers (within the clause)."""

_CLAUSE_BREAK = re.compile(r"[,;:()]|\s-\s")
_CONTRAST = re.compile(r",\s+(?:though|but|although|whereas|yet)\s|;\s", re.IGNORECASE)
_SUBORDINATOR = re.compile(r"\s(?:as|when|because|since|while|until|before|after)\s", re.IGNORECASE)


def marker_pattern(markers: tuple[str, ...], case: bool = False) -> re.Pattern[str]:
    """A pattern matching any of some words or phrases as whole words, longest first, ignoring case unless ``case``."""
    alternatives = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(markers, key=len, reverse=True))
    return re.compile(r"(?<![\w'-])(?:" + alternatives + r")(?![\w'-])", 0 if case else re.IGNORECASE)


_SPEECH = marker_pattern(SPEECH_VERBS)
_SENTENCE_ATTR = marker_pattern(SENTENCE_ATTRIBUTIONS)
_CLAUSE_ATTR = marker_pattern(CLAUSE_ATTRIBUTIONS)
_CLAUSE_HEDGE = marker_pattern(CLAUSE_HEDGES)
# "May" with a capital is the month; the modal is lowercase (or opens a question, which an
# article's statement does not).
_WINDOW_HEDGE = marker_pattern(tuple(h for h in WINDOW_HEDGES if h != "may"))
_MAY = marker_pattern(("may",), case=True)
_CONDITIONAL = marker_pattern(CONDITIONAL_HEDGES)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return spans


def _clause_at(sentence: str, index: int) -> tuple[int, int]:
    for start, end in _clauses(sentence):
        if start <= index < end:
            return start, end
    return 0, len(sentence)


def _statements(sentence: str) -> list[tuple[int, int]]:
    """A sentence split where a contrast starts a new statement (", though", ", but", "; ")."""
    spans = []
    start = 0
    for match in _CONTRAST.finditer(sentence):
        spans.append((start, match.start()))
        start = match.start()
    spans.append((start, len(sentence)))
    return spans


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with the holes cut out of them."""
    for hole_start, hole_end in holes:
        cut = []
        for start, end in spans:
            if hole_end <= start or hole_start >= end:
                cut.append((start, end))
                continue
            cut.extend(span for span in ((start, hole_start), (hole_end, end)) if span[0] < span[1])
        spans = cut
    return [span for span in spans if span[0] < span[1]]


def _cut_at_subordinator(sentence: str, start: int, end: int) -> int:
    """End a hedge's reach at a subordinate clause that follows it ("... as the soldier fled")."""
    match = _SUBORDINATOR.search(sentence, start, end)
    return match.start() if match else end


def speech_spans(sentence: str) -> list[tuple[int, int]]:
    """Direct quotations in a sentence: ``"...," the official said`` or ``told the press: "..."``.

    A quotation in double quote marks counts as speech when a comma, question or exclamation mark
    closes it, when a colon or comma opens it, or when it is long. Short quotations without that
    punctuation are words held at a distance ("peace village"), not speech.
    """
    marks = [index for index, character in enumerate(sentence) if character == '"']
    spans = []
    for open_at, close_at in zip(marks[0::2], marks[1::2], strict=False):  # an odd mark opens nothing
        inner = sentence[open_at + 1 : close_at]
        before = sentence[:open_at].rstrip()
        closes = inner.rstrip()[-1:] in (",", "?", "!")
        opens = before[-1:] in (":", ",")
        if closes or opens or len(inner.split()) >= 8:
            spans.append((open_at, close_at + 1))
    return spans


@lru_cache(maxsize=1024)
def sentence_scopes(sentence: str) -> tuple[Scope, ...]:
    """What in an article sentence is attributed, and what is hedged.

    - A speech verb next to a direct quotation attributes the quotation only.
    - Other attributions ("according to", "reports indicate", "officials said a probe...") cover
      their statement: the sentence up to a contrast (", though", ", but"), which starts a new
      statement in the article's own voice. One that closes the sentence (", Yonhap reported.",
      ", according to CCTV footage.") covers everything before it. The attribution's own words
      are not covered: "Defense Minister Song Young-moo" is not itself a reported claim.
    - "reportedly" attributes its clause.
    - "presumed", "not immediately clear", "yet to be established"... hedge their clause; "if" and
      "whether" the rest of it; a modal ("would", "could") or "seemed" the few words after it.
      None of them reaches past a subordinate clause ("... as the soldier fled toward freedom").
    """
    scopes: list[Scope] = []
    speech = speech_spans(sentence)
    clauses = _clauses(sentence)
    statements = _statements(sentence)

    def in_speech(index: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in speech if s <= index < e), None)

    owners: list[tuple[int, int]] = []
    """The attributions' own words (who says it), which are not themselves reported claims."""
    pending: list[tuple[str, list[tuple[int, int]]]] = []

    def statement_but_marker(marker: re.Match[str]) -> None:
        clause_start, clause_end = _clause_at(sentence, marker.start())
        according = marker.group().lower().startswith("according")
        # Who says it: from the clause start to the marker, or all of "according to X,".
        own = (clause_start, clause_end if according else marker.end())
        owners.append(own)
        wording = _words_only(sentence[own[0] : own[1]])
        closing = (
            clause_start > 0
            and clause_end == clauses[-1][1]
            and (according or not re.search(r"\w", sentence[marker.end() : clause_end]))
        )
        if closing:
            spans = [(0, own[0])]
        else:
            start, end = next((s, e) for s, e in statements if s <= marker.start() < e)
            spans = [(start, own[0]), (own[1], end)]
        pending.append((wording, spans))

    for marker in _SPEECH.finditer(sentence):
        inside = in_speech(marker.start())
        if inside:
            scopes.append(Scope("attribution", marker.group(), *inside))
        elif speech:
            speaker = _speaker(sentence, marker, speech)
            scopes.extend(Scope("attribution", speaker, s, e) for s, e in speech)
        else:
            statement_but_marker(marker)
    for marker in _SENTENCE_ATTR.finditer(sentence):
        inside = in_speech(marker.start())
        if inside:
            scopes.append(Scope("attribution", marker.group(), *inside))
        else:
            statement_but_marker(marker)
    for text, spans in pending:
        for start, end in _subtract(spans, owners):
            scopes.append(Scope("attribution", text, start, end))
    for marker in _CLAUSE_ATTR.finditer(sentence):
        start, end = _clause_at(sentence, marker.start())
        scopes.append(Scope("attribution", _words_only(sentence[start:end]), start, end))
    for marker in _CLAUSE_HEDGE.finditer(sentence):
        start, end = _clause_at(sentence, marker.start())
        end = _cut_at_subordinator(sentence, marker.end(), end)
        scopes.append(Scope("hedge", _words_only(sentence[start:end]), start, end))
    for marker in _CONDITIONAL.finditer(sentence):
        _, end = _clause_at(sentence, marker.start())
        end = _cut_at_subordinator(sentence, marker.end(), end)
        scopes.append(Scope("hedge", _words_only(sentence[marker.start() : end]), marker.start(), end))
    for marker in [*_WINDOW_HEDGE.finditer(sentence), *_MAY.finditer(sentence)]:
        _, end = _clause_at(sentence, marker.start())
        reach = marker.end()
        for count, word in enumerate(re.finditer(r"\S+", sentence[marker.end() : end]), start=1):
            reach = marker.end() + word.end()
            if count == WINDOW:
                break
        scopes.append(Scope("hedge", _words_only(sentence[marker.start() : reach]), marker.start(), reach))
    return tuple(scopes)


def _words_only(text: str) -> str:
    """A stretch of a sentence without the punctuation and joining words at its ends."""
    text = text.strip(" ,;:.")
    if text.count('"') % 2:
        text = text.strip('"') if text.startswith('"') or text.endswith('"') else text
        text = text + '"' if text.count('"') % 2 else text
    return re.sub(r"^(?:but|and|though|although|while|with|where|who|when)\s+", "", text, flags=re.IGNORECASE)


def _speaker(sentence: str, marker: re.Match[str], speech: list[tuple[int, int]]) -> str:
    """Who is quoted, in the article's words: the attribution around a speech verb."""
    before = [end for _, end in speech if end <= marker.start()]
    if before:  # '"...," the official added.'
        return _words_only(sentence[max(before) :])
    after = [start for start, _ in speech if start >= marker.end()]
    clause_start, _ = _clause_at(sentence, marker.start())
    # "He was airlifted to ... where doctor Lee told the local press:": the speaker starts at the
    # last relative word before the verb.
    relative = [
        m.start() for m in re.finditer(r"\b(?:where|who|when|as|and)\s", sentence[clause_start : marker.start()])
    ]
    start = clause_start + (relative[-1] if relative else 0)
    return _words_only(sentence[start : min(after) if after else len(sentence)])


class Governed(NamedTuple):
    """A quote whose claim the article attributes or hedges."""

    citation: Citation
    source: Source
    sentence_start: int
    sentence_line: int
    sentence: str
    scope: Scope
    claim: str
    """The quoted words inside the scope: what the article attributes or hedges."""


@dataclass(frozen=True)
class _Article:
    """What :func:`_governing` reads of a source. It compares and hashes by the article's text, all
    that the sentences and the normalised text depend on, so that a source loaded again (a story
    checked again) finds its spans cached."""

    text: str
    norm: str = field(compare=False, repr=False)
    sentences: list[Sentence] = field(compare=False, repr=False)


def governing(citation: Citation, source: Source, kind: str) -> list[Governed]:
    """The attributions (or hedges) in the article sentences around a quote that cover it.

    A scope covers a quote when they share at least one content word: a quote that only touches
    a scope with "the" or "of" makes no claim inside it.
    """
    match = citation.match or source.find(citation.quote)
    if match is None:
        return []
    article = _ARTICLES.get(source.text)
    if article is None:
        if len(_ARTICLES) >= 64:
            _ARTICLES.clear()
        article = _ARTICLES[source.text] = _Article(source.text, source.norm, source.sentences)
    return [
        Governed(citation, source, sentence.start, sentence.line, sentence.text, scope, shared)
        for sentence, scope, shared in _governing(article, match.start, match.end, kind)
    ]


_ARTICLES: dict[str, _Article] = {}
"""Each article as :func:`_governing` reads it, by its text (bounded: cleared when full)."""


@lru_cache(maxsize=1 << 16)
def _governing(
    article: _Article, match_start: int, match_end: int, kind: str
) -> tuple[tuple[Sentence, Scope, str], ...]:
    # Cached: a story quotes the same words many times over.
    found = []
    for sentence in article.sentences:
        if sentence.end <= match_start or sentence.start >= match_end:
            continue
        for scope in sentence_scopes(sentence.text):
            if scope.kind != kind:
                continue
            start = max(match_start, sentence.start + scope.start)
            end = min(match_end, sentence.start + scope.end)
            if start >= end:
                continue
            shared = article.norm[start:end]
            if any(not is_function(w.text) for w in words_of(shared)):
                found.append((sentence, scope, shared))
    return tuple(found)
