"""Deeper faithfulness: every content word cited, every attribution and hedge kept.

Checking figures, dates and names (:mod:`story.checking.details`) catches the easy inventions. These rules
catch the ones an editor catches:

- **E701** a content word that the cited quotes do not support. A content word is any word that is
  not a function word (:data:`FUNCTION_WORDS`); words are compared by their stems, so "fired"
  matches "firing". An invented event ("a mine went off") or feeling ("he was crying") has no
  figure or name in it, but it has words no quote gives.
- **E702** an attribution dropped. When the article's sentence attributes the claim a quote makes
  ("according to the South Korean military", "the official told the media"), the sentence of the
  text that states the claim must attribute it too.
- **E703** a hedge dropped. When the article's sentence hedges the claim ("presumed to be a
  soldier", "it was not immediately clear if", "this would be"), the text must hedge it too.
- **E704** / **W705** the story's ``vocabulary:`` holds a word that carries a fact, or a word no
  text needs.

The article's sentence is read around the quote, but only the part that governs the quoted claim
counts: in ``He was airlifted to the hospital where the doctor told the press: "..."`` the doctor's
words are attributed and the airlift is not. See :func:`sentence_scopes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from story.checking.details import (
    _TOKEN,
    MONTHS,
    NAVIGATION_WORDS,
    WEEKDAYS,
    _number_key,
    details,
    ordinary_words,
    tokens,
)
from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Citation, Story, Text
from story.core.sources import Sentence, Source, normalise
from story.loading.loader import StoryFiles

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


# -- words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
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
        offset = 0
        for index, part in enumerate(re.split(r"-", raw)):
            if part:
                found.extend(_split_clitics(part, start + offset, initial and index == 0))
            offset += len(part) + 1
    return tuple(found)


def _split_clitics(part: str, start: int, initial: bool) -> list[Word]:
    lowered = part.lower().replace("’", "'")
    if lowered.endswith("n't") and len(lowered) > 3:
        base = lowered[:-3]
        base = _NOT_BASES.get(base, base)
        return [Word(part[: len(part) - 3], start, initial), Word(part[len(part) - 3 :], start + len(part) - 3, False)]
    for clitic in _CLITICS:
        if lowered.endswith(clitic) and len(lowered) > len(clitic):
            return [Word(part[: -len(clitic)], start, initial)]
    if lowered.endswith("'"):  # "soldiers'" possessive
        return [Word(part[:-1], start, initial)]
    return [Word(part, start, initial)]


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
    return frozenset(_TOKEN.findall(quote))


@lru_cache(maxsize=4096)
def _stems_of(quote: str) -> frozenset[str]:
    stems = {stem(raw) for raw, _, _ in tokens(quote)}
    stems.update(stem(word.text) for word in words_of(quote))
    return frozenset(stems)


def vocabulary_stems(story: Story) -> set[str]:
    """Stems the story's ``vocabulary:`` allows in any text."""
    return {stem(entry.value.strip()) for entry in story.vocabulary if entry.value.strip()}


# -- E701: content words ------------------------------------------------------------------


TITLE_KINDS = frozenset({"story title", "scene title", "fact title", "choice", "glossary term", "timeline time words"})
"""Labels rather than claims: checked for content words, never for attributions or hedges."""

QUESTION_KINDS = frozenset({"checkpoint question", "checkpoint option", "discussion prompt"})
"""Questions and answers: checked for content words. A question asserts nothing, and an option
answers the question that frames it, so neither needs to repeat an attribution or a hedge; the
checkpoint's explanation, which is a claim, does."""

CLAIM_KINDS = frozenset(
    {"passage", "fact", "account", "unknown", "glossary definition", "timeline entry", "checkpoint explanation"}
)
"""Texts that state what happened: every rule applies."""


def _visible(story: Story) -> list[tuple[Text, list[Citation] | None, str]]:
    """Every visible text with its citations (``None`` where some are broken: see
    :func:`story.checking.checker.visible_texts`)."""
    # Imported here because the checker imports this module to register its rules.
    from story.checking.checker import visible_texts

    return list(visible_texts(story))


def _occurrence(text: str, word: str, start: int) -> int:
    """How many times ``word`` appears as a whole word in ``text`` before ``start``."""
    pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
    return sum(1 for match in pattern.finditer(text, 0, start) if match.start() < start)


def _locate(files: StoryFiles, text: Text, word: Word) -> Pos:
    return files.locate(text, word.text, _occurrence(text.value, word.text, word.start))


def unsupported_words(
    text: str,
    quotes: list[str],
    allowed: set[str] | frozenset[str] = frozenset(),
    ordinary: frozenset[str] = frozenset(),
    extra: frozenset[str] = frozenset(),
) -> list[Word]:
    """Content words of a text whose stems are in neither the quotes nor ``allowed``.

    Numbers, weekdays, months and names are left to :mod:`story.checking.details`, which checks them
    exactly; checking them again here would only repeat its diagnostics.

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
    remaining = set(_TOKEN.findall(text))
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
    for match in _TOKEN.finditer(text):  # the words of tokens(), without sentence starts (unused here)
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
            if word.text in detail_words or _number_key(word.text) is not None:
                continue
            if word.text[:1].isupper() and not word.initial:
                continue  # a name the details rule did not list whole, such as part of "Pyongyang-Seoul"
            key = stem(word.text)
            if key in support:
                continue
            # "n't" cannot be found on its own in the file: report the whole word ("didn't").
            found.append((word if lowered != "n't" else Word(raw, start, word.initial), whole, key))
    return tuple(found)


def check_content_words(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """E701: every content word of visible text must be supported by the quotes it cites."""
    found: list[Diagnostic] = []
    if "vocabulary" in story.broken:
        return found  # any word may be one the broken vocabulary meant to allow (reported there)
    texts = _visible(story)
    ordinary = ordinary_words([s.text for s in story.sources.values()] + [t.value for t, _, _ in texts])
    allowed = vocabulary_stems(story)
    everywhere: set[str] | None = None  # stems of the whole articles: only needed for a hint
    for text, cites, what in texts:
        if not cites:
            continue  # no quotes (E504), or some broken (reported): nothing to judge against
        extra = NAVIGATION_WORDS if what == "choice" else frozenset()
        quotes = [c.quote for c in cites]
        for word in unsupported_words(text.value, quotes, allowed, ordinary, extra):
            if everywhere is None:
                everywhere = _source_stems(story)
            if stem(word.text) in everywhere:
                why = "an article uses it elsewhere: cite the quote that gives it"
            else:
                why = "neither article uses it (in any form): use the articles' own words"
            found.append(
                Diagnostic(
                    _locate(files, text, word),
                    Code.UNSUPPORTED_WORD,
                    f"word {word.text!r} in {what} is not supported by its cited quotes",
                    f'{why} (`story cite "{word.text}"`)',
                )
            )
    return found


def _source_stems(story: Story) -> set[str]:
    return quote_stems([source.text for source in story.sources.values()])


# -- article sentences: what is attributed, what is hedged ------------------------------


@dataclass(frozen=True)
class Scope:
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


def _marker_pattern(markers: tuple[str, ...], case: bool = False) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(markers, key=len, reverse=True))
    return re.compile(r"(?<![\w'-])(?:" + alternatives + r")(?![\w'-])", 0 if case else re.IGNORECASE)


_SPEECH = _marker_pattern(SPEECH_VERBS)
_SENTENCE_ATTR = _marker_pattern(SENTENCE_ATTRIBUTIONS)
_CLAUSE_ATTR = _marker_pattern(CLAUSE_ATTRIBUTIONS)
_CLAUSE_HEDGE = _marker_pattern(CLAUSE_HEDGES)
# "May" with a capital is the month; the modal is lowercase (or opens a question, which an
# article's statement does not).
_WINDOW_HEDGE = _marker_pattern(tuple(h for h in WINDOW_HEDGES if h != "may"))
_MAY = _marker_pattern(("may",), case=True)
_CONDITIONAL = _marker_pattern(CONDITIONAL_HEDGES)


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


@dataclass(frozen=True)
class Governed:
    """A quote whose claim the article attributes or hedges."""

    citation: Citation
    source: Source
    sentence_start: int
    sentence_line: int
    sentence: str
    scope: Scope
    claim: str
    """The quoted words inside the scope: what the article attributes or hedges."""


def governing(citation: Citation, source: Source, kind: str) -> list[Governed]:
    """The attributions (or hedges) in the article sentences around a quote that cover it.

    A scope covers a quote when they share at least one content word: a quote that only touches
    a scope with "the" or "of" makes no claim inside it.
    """
    match = citation.match or source.find(citation.quote)
    if match is None:
        return []
    return [
        Governed(citation, source, sentence.start, sentence.line, sentence.text, scope, shared)
        for sentence, scope, shared in _governing(source, match.start, match.end, kind)
    ]


_GOVERNING: dict[tuple[str, int, int, str], list[tuple[Sentence, Scope, str]]] = {}
"""What governs each span of an article: a story quotes the same words many times over."""


def _governing(source: Source, match_start: int, match_end: int, kind: str) -> list[tuple[Sentence, Scope, str]]:
    key = (source.text, match_start, match_end, kind)
    cached = _GOVERNING.get(key)
    if cached is not None:
        return cached
    found = []
    for sentence in source.sentences:
        if sentence.end <= match_start or sentence.start >= match_end:
            continue
        for scope in sentence_scopes(sentence.text):
            if scope.kind != kind:
                continue
            start = max(match_start, sentence.start + scope.start)
            end = min(match_end, sentence.start + scope.end)
            if start >= end:
                continue
            shared = source.norm[start:end]
            if any(not is_function(w.text) for w in words_of(shared)):
                found.append((sentence, scope, shared))
    if len(_GOVERNING) >= 1 << 16:
        _GOVERNING.clear()  # bounded, like the other caches
    _GOVERNING[key] = found
    return found


# -- E702 / E703: attributions and hedges ----------------------------------------------------


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

_PASSAGE_ATTR = _marker_pattern(PASSAGE_ATTRIBUTIONS)
_PASSAGE_HEDGE = _marker_pattern(PASSAGE_HEDGES)
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


@lru_cache(maxsize=4096)
def _claim_stems(text: str) -> frozenset[str]:
    """Stems that say what a sentence is about: lowercase content words and figures."""
    return frozenset(
        stem(w.text)
        for w in words_of(text)
        if not is_function(w.text) and (w.text[:1].islower() or w.text[:1].isdigit() or w.initial)
    )


def using_sentences(text: str, sentences: list[tuple[int, int]], quote: str) -> list[int]:
    """Which sentences of a text state what a quote says.

    The sentence sharing most of the quote's words always does; any other sentence does when it
    shares two words or more (a claim split over two sentences).
    """
    wanted = _claim_stems(quote)
    overlaps = [len(wanted & _claim_stems(text[s:e])) for s, e in sentences]
    best = max(overlaps, default=0)
    if best == 0:
        return []
    return [i for i, n in enumerate(overlaps) if n == best or n >= 2]


def _shorten(text: str, limit: int = 240) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_word(text: Text, span: tuple[int, int]) -> Word | None:
    for word in words_of(text.value[span[0] : span[1]]):
        return Word(word.text, span[0] + word.start, word.initial)
    return None


def _marker_supported(marker: str, support: set[str]) -> bool:
    return all(stem(w.text) in support for w in words_of(marker) if not is_function(w.text))


def _kept(kind: str, sentence: str, support: set[str]) -> bool:
    """Whether a text sentence keeps an attribution (or a hedge).

    An attribution counts only when the cited quotes give its words: "according to the South
    Korean military" does, "the article says" (allowed by the vocabulary) does not, because it
    drops who the article says it is from. Any hedge counts: a hedge never adds a fact.
    """
    if kind == "hedge":
        return bool(_PASSAGE_HEDGE.search(sentence) or _MAY.search(sentence))
    return any(_marker_supported(m.group(), support) for m in _PASSAGE_ATTR.finditer(sentence))


def _check_kept(story: Story, files: StoryFiles, kind: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for text, cites, what in _visible(story):
        if what not in CLAIM_KINDS or not cites:
            continue
        sentences = text_sentences(text.value)
        support = quote_stems([c.quote for c in cites])
        # One group per attributed (or hedged) stretch of an article sentence: the text sentences
        # that state the quoted words inside it must keep the attribution (or hedge).
        groups: dict[tuple[str, int, int, int], tuple[Governed, set[int]]] = {}
        for citation in cites:
            source = story.sources.get(citation.source)
            if source is None:
                continue
            for governed in governing(citation, source, kind):
                key = (source.id, governed.sentence_start, governed.scope.start, governed.scope.end)
                using = set(using_sentences(text.value, sentences, governed.claim))
                if key in groups:
                    groups[key][1].update(using)
                else:
                    groups[key] = (governed, using)
        reported: set[int] = set()
        for governed, using in groups.values():
            if not using:
                continue
            if any(_kept(kind, text.value[slice(*sentences[i])], support) for i in using):
                continue
            first = min(using)
            if first in reported:
                continue  # one diagnostic per sentence of the text
            reported.add(first)
            word = _first_word(text, sentences[first])
            pos = _locate(files, text, word) if word else text.pos
            wording = _shorten(governed.scope.marker, 100)
            where = f"article {governed.source.id}, line {governed.sentence_line}"
            if kind == "attribution":
                found.append(
                    Diagnostic(
                        pos,
                        Code.ATTRIBUTION_DROPPED,
                        f'{what} drops the article\'s attribution of a claim it cites: "{wording}"',
                        "say who the article says it is from, in the same sentence, and cite those words",
                        (f'{where}: "{_shorten(governed.sentence)}"',),
                    )
                )
            else:
                found.append(
                    Diagnostic(
                        pos,
                        Code.HEDGE_DROPPED,
                        f'{what} states as sure what the article hedges: "{wording}"',
                        "keep the article's hedge in the same sentence (presumed, not clear, would, if...)",
                        (f'{where}: "{_shorten(governed.sentence)}"',),
                    )
                )
    return found


def check_attributions(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """E702: a claim the article attributes keeps an attribution in the text."""
    return _check_kept(story, files, "attribution")


def check_hedges(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """E703: a claim the article hedges keeps a hedge in the text."""
    return _check_kept(story, files, "hedge")


# -- E704 / W705: the vocabulary -------------------------------------------------------------


def check_vocabulary(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """E704: vocabulary words never carry facts; W705: every vocabulary word is needed."""
    found: list[Diagnostic] = []
    needed: set[str] = set()
    texts = _visible(story)
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
    if _number_key(word) is not None:
        return "is a number"
    if word.capitalize() in WEEKDAYS or word.capitalize() in MONTHS:
        return "is a date"
    if word[:1].isupper():
        return "is a name (or capitalised)"
    if word.lower() in NEGATIONS:
        return "is a negation, which reverses a fact"
    return None


FAITHFUL_RULES = [check_content_words, check_attributions, check_hedges, check_vocabulary]
"""The faithfulness rules, run by `story check` after the built-in ones."""
