"""E706-E710: every claim keeps the meaning of its quotes, as its word-level alignment shows.

Each sentence of a visible text is aligned to the quotes it uses (:mod:`story.checking.text.align`);
the rules read that alignment (:mod:`story.checking.text.meaning`):

- **E706** words between quotation marks that are not the speaker's words verbatim;
- **E707** a negation, hedge or modal, approximator or quantifier, or condition left out while
  words it governs are kept;
- **E708** such a word added, or put onto other words than its quote puts it on;
- **E709** participants that trade places around a verb (a change of voice that keeps the roles
  is fine);
- **E710** a figure or a name put on another noun, or in the place of the quote's own.

``story check --explain FILE:LINE`` prints the alignment these rules read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from story.checking.rules.texts import VisibleText
from story.checking.text.align import Alignment, align, tokenize, word_keys
from story.checking.text.claims import text_sentences, using_sentences
from story.checking.text.meaning import findings
from story.checking.text.meaning_words import Finding, has_meaning_word
from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Citation, Story, Text
from story.core.queries import CLAIM_KINDS, visible_texts
from story.core.sources import normalise
from story.loading.files import StoryFiles, occurrence

ASSERTING_KINDS = CLAIM_KINDS | {"checkpoint option"}
"""Texts whose words must keep who did what and which figure goes with which noun. A title, a
choice or a question asserts nothing; an option answers its question, so it is read as the claim
it makes. Like E702 and E703, a left-out meaning word (E707) is judged in claims only: an option
answers the question that frames it and need not repeat its hedge. An added one (E708) is an
error anywhere."""

_SPEECH = re.compile(r"[\"“]([^\"“”]+)[\"”]")
"""Words between double quotation marks (straight or curly)."""


class Claim(NamedTuple):
    """One sentence of visible text, aligned to the quotes it uses."""

    text: Text
    what: str
    start: int
    """Offset of the sentence in the text."""
    cites: tuple[Citation, ...]
    alignment: Alignment


def claims(story: Story, judged: bool = False, texts: Iterable[VisibleText] | None = None) -> Iterator[Claim]:
    """Every sentence of visible text with the quotes it uses, aligned.

    Args:
        story: The story.
        judged: Only the sentences the rules can find something in: every claim, but of a title,
            a label or a question only a sentence with a meaning word (the one thing judged there),
            and no sentence that is one of its quotes word for word (nothing is left out, added or
            moved, so its alignment can show no change of meaning).
        texts: The texts to read (default: every visible text).
    """
    for text, cites, what in visible_texts(story) if texts is None else texts:
        if not cites:
            continue  # no citations (E504), or broken ones (reported where they are)
        if judged and what not in ASSERTING_KINDS and not has_meaning_word(tokenize(text.value)):
            continue
        yield from claims_of(text, cites, what, skip_verbatim=judged)


def claims_of(text: Text, cites: list[Citation], what: str, skip_verbatim: bool = False) -> Iterator[Claim]:
    """The sentences of one text that use its quotes, each aligned to the quotes it uses (but
    with ``skip_verbatim``, a sentence whose words are those of one of its quotes, in order)."""
    sentences = text_sentences(text.value)
    used: dict[int, list[Citation]] = {index: [] for index in range(len(sentences))}
    for citation in cites:
        for index in using_sentences(text.value, citation.quote):
            used[index].append(citation)
    for index, (start, end) in enumerate(sentences):
        chosen = tuple({c.quote: c for c in used[index]}.values())
        if chosen:
            quotes = tuple(c.quote for c in chosen)
            sentence = text.value[start:end]
            if skip_verbatim and any(word_keys(sentence) == word_keys(quote) for quote in quotes):
                continue
            yield Claim(text, what, start, chosen, align(sentence, quotes))


def _pos(files: StoryFiles, claim: Claim, index: int) -> Pos:
    token = claim.alignment.claim_tokens[index]
    start = claim.start + token.start
    return files.locate(claim.text, token.text, occurrence(claim.text.value, token.text, start))


def _quoted(claim: Claim, quote: int) -> str:
    citation = claim.cites[quote]
    line = f", line {citation.match.line}" if citation.match is not None else ""
    return f'article {citation.source}{line}: "{normalise(citation.quote)}"'


_ARTICLE = {"negation": "a negation", "modal": "a modal", "hedge": "a hedge", "condition": "a condition",
            "approximator": "an approximator", "quantifier": "a quantifier"}  # fmt: skip


def _describe(claim: Claim, finding: Finding) -> tuple[Code, str, str]:
    tokens = claim.alignment.quote_tokens[finding.quote] if finding.quote >= 0 else ()
    words = " ".join(tokens[j].text for j in finding.quote_indexes)
    word = claim.alignment.claim_tokens[finding.claim_index].text
    noun = claim.what
    if finding.kind == "dropped":
        return (
            Code.MEANING_WORD_DROPPED,
            f"{noun} leaves out {words!r} ({finding.what}) but keeps {word!r}, which it governs in its quote",
            "keep the word, or leave out the whole clause it governs",
        )
    if finding.kind == "inserted":
        kind = _ARTICLE.get(finding.what, finding.what)
        return (
            Code.MEANING_WORD_ADDED,
            f"{noun} adds {word!r}, {kind} its quotes do not give",
            "say only what the quotes say; cite the words that qualify it",
        )
    if finding.kind == "moved":
        return (
            Code.MEANING_WORD_ADDED,
            f"{noun} puts {word!r} on other words than its quote does",
            "keep the word with the words it governs in the quote",
        )
    if finding.kind == "roles":
        return (
            Code.ROLES_SWAPPED,
            f"{noun} changes who did what around {finding.what!r}: {word!r} takes another part than in its quote",
            'keep the quote\'s order, or change the voice with "by" ("X was shot by Y")',
        )
    if finding.what:
        message = f"{noun} puts {word!r} where its quote has {finding.what!r}"
    else:
        message = f"{noun} puts the figure {word!r} on words that another quote gives with another figure"
    return (Code.FIGURE_MOVED, message, "keep each figure and name with the words it belongs to in its quote")


def check_meaning(story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None) -> list[Diagnostic]:
    """E707-E710: what every claim keeps, adds and moves, read from its alignment."""
    found: list[Diagnostic] = []
    for claim in claims(story, judged=True, texts=texts):
        for finding in findings(claim.alignment):
            if finding.kind != "inserted" and claim.what not in ASSERTING_KINDS:
                continue
            if finding.kind == "dropped" and claim.what not in CLAIM_KINDS:
                continue
            code, message, hint = _describe(claim, finding)
            related = (_quoted(claim, finding.quote),) if finding.quote >= 0 else ()
            found.append(Diagnostic(_pos(files, claim, finding.claim_index), code, message, hint, related))
    return found


_normal = lru_cache(maxsize=1 << 12)(normalise)
"""A quote, normalised: a quote backs many texts, and each is read for quoted words."""


def _in_quotes(inner: str, cites: list[Citation], story: Story) -> bool:
    """Whether quoted words stand verbatim in the cited quotes (a capital on the first word may change).

    Words quoted across two quotes that follow each other in the article count, when the article
    has them verbatim and every word is in the quotes.
    """
    words = normalise(inner).strip(" ,.;:")
    if not words:
        return True
    pattern = _verbatim(words)
    quotes = [_normal(citation.quote) for citation in cites]
    if any(pattern.search(quote) for quote in quotes):
        return True
    quoted = " ".join(quotes)
    articles = {story.sources[c.source].norm for c in cites if c.source in story.sources}
    return any(_in_article(words, article) for article in articles) and all(
        _whole_word(word).search(quoted) for word in re.findall(r"\w+", words)
    )


@lru_cache(maxsize=1 << 12)
def _verbatim(words: str) -> re.Pattern[str]:
    """Finds quoted words verbatim, but for a capital on the first."""
    return re.compile(f"(?i:{re.escape(words[0])}){re.escape(words[1:])}")


@lru_cache(maxsize=1 << 12)
def _in_article(words: str, article: str) -> bool:
    """Whether an article (normalised) has quoted words verbatim. Cached: many texts quote the
    same words across two quotes, and an article is long."""
    return _verbatim(words).search(article) is not None


@lru_cache(maxsize=1 << 14)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def check_quoted_speech(
    story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None
) -> list[Diagnostic]:
    """E706: words a text puts in quotation marks are the speaker's own, verbatim."""
    found: list[Diagnostic] = []
    for text, cites, what in visible_texts(story) if texts is None else texts:
        if not cites or ('"' not in text.value and "\u201c" not in text.value):
            continue
        for match in _SPEECH.finditer(text.value):
            if _in_quotes(match.group(1), cites, story):
                continue
            word = match.group(1).split()[0] if match.group(1).split() else match.group(1)
            found.append(
                Diagnostic(
                    files.locate(text, word, occurrence(text.value, word, match.start(1))),
                    Code.QUOTED_SPEECH_ALTERED,
                    f'{what} puts words in quotation marks that no cited quote gives verbatim: "{match.group(1)}"',
                    "copy the speaker's words exactly (story cite prints them), or drop the quotation marks",
                )
            )
    return found
