"""E205 and W206: the reader always knows which article says what.

A sentence that names an article, by its label ("Hail of Bullets") or its headline, tells the
reader that this article says it: so the text must cite that article, with a quote that shares a
word with the sentence (E205). A phrase such as "in an article" or "the other article" names no
article at all, and which one it means can change from scene to scene (W206).

Cheap by design: it reads words and stems, never the word-level alignment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from story.checking.rules.content import vocabulary_stems
from story.checking.rules.texts import VisibleText, judged
from story.checking.text.claims import text_sentences
from story.checking.text.stems import is_function, quote_stems, stem, words_of
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.labels import MOST_WORDS
from story.core.model import Citation, Story, Text
from story.core.queries import word_pattern
from story.core.sources import Source, normalise
from story.loading.files import StoryFiles, occurrence

VAGUE = re.compile(
    r"\b(?:an|one|the other|another|a second|the first|the second)\s+(?:article|report)\b",
    re.IGNORECASE,
)
"""Phrases that stand for an article without saying which."""
_NOUNS = re.compile(r"article|report", re.IGNORECASE)
"""What every match of :data:`VAGUE` holds: looked for first, as the engine skips ahead to it fast."""


def check_naming(story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None) -> list[Diagnostic]:
    """E205: a sentence naming an article cites it; W206: no sentence says "an article" instead.

    A text is judged by the citations it gives: a label standing as a quote of its article
    (:func:`story.core.queries.label_citations`) backs what the text says, not its naming it.
    """
    found: list[Diagnostic] = []
    names = [
        (source, [word_pattern(name) for name in dict.fromkeys([source.label, source.title or ""]) if name.strip()])
        for source in story.sources.values()
    ]
    hint_names = " or ".join(f"`{source.label}`" for source in story.sources.values() if source.label)
    allowed: set[str] | None = None
    for text, cites, what in judged(story, texts):
        for match in VAGUE.finditer(text.value) if _NOUNS.search(text.value) else ():
            word = match.group(0).split()[0]
            found.append(
                Diagnostic(
                    files.locate(text, word, occurrence(text.value, word, match.start())),
                    Code.VAGUE_ARTICLE,
                    f'"{match.group(0)}" in {what} does not tell the reader which article',
                    f"name the article by its label ({hint_names})" if hint_names else "name the article",
                )
            )
        given = [citation for citation in cites or () if not citation.label]
        if not given:
            continue  # no quotes at all is E504; broken ones are reported where they are
        if any(pattern.search(text.value) for _, patterns in names for pattern in patterns):
            allowed = vocabulary_stems(story) if allowed is None else allowed
            found.extend(_unbacked_names(text, given, what, names, allowed, files))
    return found


def _unbacked_names(
    text: Text,
    cites: list[Citation],
    what: str,
    names: list[tuple[Source, list[re.Pattern[str]]]],
    allowed: set[str],
    files: StoryFiles,
) -> list[Diagnostic]:
    """E205 for each sentence of a text that names an article its quotes do not back.

    Words the sentence copies from a quote of the article, the name among them (its headline,
    say), are the article's words rather than a claim about it: the article must be cited, and
    nothing more is asked of them.
    """
    found: list[Diagnostic] = []
    for start, end in text_sentences(text.value):
        sentence = text.value[start:end]
        for source, patterns in names:
            named = sorted((m for pattern in patterns for m in pattern.finditer(sentence)), key=lambda m: m.start())
            if not named:
                continue
            own = [citation.quote for citation in cites if citation.source == source.id]
            claims = [m for m in named if not _copied(sentence, m, own)]
            if own and not claims:
                continue
            told = {stem(word.text) for word in words_of(sentence) if not is_function(word.text)}
            told -= {stem(word.text) for m in named for word in words_of(m.group(0))} | allowed
            if own and (not told or told & quote_stems(own)):
                continue
            where = (claims or named)[0]
            if own:
                why = f"but none of its quotes of {source.label} shares a word with the sentence"
                hint = f"cite the words of {source.label} this sentence tells, or name the article they come from"
            else:
                why = f"but cites no quote of {source.label}"
                hint = f"cite the words of {source.label} it tells (`story cite` shows where they are)"
            word = where.group(0).split()[0]
            found.append(
                Diagnostic(
                    files.locate(text, word, occurrence(text.value, word, start + where.start())),
                    Code.NAMED_NOT_CITED,
                    f"a sentence of the {what} names {source.label} (source {source.id}) {why}",
                    hint,
                )
            )
    return found


_WORD = re.compile(r"[\w'-]+")


def _copied(sentence: str, named: re.Match[str], quotes: list[str]) -> bool:
    """Whether a name is part of words copied from a quote: a whole headline, or a label with
    the word before or after it, as the quote has them."""
    name = " ".join(_WORD.findall(named.group(0)))
    before = _WORD.findall(sentence[: named.start()])[-1:]
    after = _WORD.findall(sentence[named.end() :])[:1]
    runs = [" ".join([*before, name]), " ".join([name, *after])]
    if len(name.split()) > MOST_WORDS:
        runs.append(name)  # longer than any label: the headline, quoted
    quoted = [" ".join(_WORD.findall(normalise(quote))) for quote in quotes]
    quoted.append(" ".join(quoted))  # a headline cited as two quotes, one after the other
    return any(run != name or len(name.split()) > MOST_WORDS for run in runs if any(run in q for q in quoted))
