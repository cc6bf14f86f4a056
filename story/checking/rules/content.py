"""E701: every content word of a visible text is supported by the quotes it cites.

An invented event ("a mine went off") or feeling ("he was crying") has no figure or name in it, but
it has words no quote gives. What a content word is, and how quotes support it (by stem, so that
"fired" matches "firing"), is :mod:`story.checking.text.stems`.
"""

from __future__ import annotations

from collections.abc import Iterable

from story.checking.rules.messages import locate_word
from story.checking.rules.texts import VisibleText, judged, ordinary
from story.checking.text.stems import quote_stems, stem, unsupported_words
from story.checking.text.tokens import NAVIGATION_WORDS
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles


def vocabulary_stems(story: Story) -> set[str]:
    """Stems the story's ``vocabulary:`` allows in any text."""
    return {stem(entry.value.strip()) for entry in story.vocabulary if entry.value.strip()}


def check_content_words(
    story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None
) -> list[Diagnostic]:
    """E701: every content word of visible text must be supported by the quotes it cites."""
    found: list[Diagnostic] = []
    if "vocabulary" in story.broken:
        return found  # any word may be one the broken vocabulary meant to allow (reported there)
    lowercase = ordinary(story)
    allowed = vocabulary_stems(story)
    everywhere: set[str] | None = None  # stems of the whole articles: only needed for a hint
    for text, cites, what in judged(story, texts):
        if not cites:
            continue  # no quotes (E504), or some broken (reported): nothing to judge against
        extra = NAVIGATION_WORDS if what == "choice" else frozenset()
        quotes = [c.quote for c in cites]
        for word in unsupported_words(text.value, quotes, allowed, lowercase, extra):
            if everywhere is None:
                everywhere = _source_stems(story)
            if stem(word.text) in everywhere:
                why = "an article uses it elsewhere: cite the quote that gives it"
            else:
                why = "neither article uses it (in any form): use the articles' own words"
            found.append(
                Diagnostic(
                    locate_word(files, text, word),
                    Code.UNSUPPORTED_WORD,
                    f"word {word.text!r} in {what} is not supported by its cited quotes",
                    f'{why} (`story cite "{word.text}"`)',
                )
            )
    return found


def _source_stems(story: Story) -> set[str]:
    return quote_stems([source.text for source in story.sources.values()])
