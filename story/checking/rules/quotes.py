"""E201, E202 and E304 for quotes: every quote is found verbatim in a source the manifest names.

The loader has already looked each quote up (:attr:`story.core.model.Citation.match`); this rule
only reports the quotes that were not found, and why.
"""

from __future__ import annotations

import difflib

from story.checking.rules.messages import shorten
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles

CLOSEST_LIMIT = 100
"""Quotes not found for which the closest passage is shown; past this, a broken or hostile
file would spend its time on hints."""


def check_quotes(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Every quote must appear verbatim in its source (E201), which must exist (E202), and hold words (E304)."""
    found: list[Diagnostic] = []
    searched = 0
    for citation in story.citations():
        source = story.sources.get(citation.source)
        if source is None:
            if story.unread(citation.source):
                continue  # the manifest or the article could not be read: reported once as E203
            known = ", ".join(sorted(story.sources)) or "none"
            guess = difflib.get_close_matches(citation.source, list(story.sources), n=1)
            hint = f"did you mean {guess[0]!r}? " if guess else ""
            found.append(
                Diagnostic(
                    citation.pos,
                    Code.UNKNOWN_SOURCE,
                    f"unknown source id {citation.source!r}",
                    f'{hint}known sources: {known} (quote ids: source: "004")',
                )
            )
            continue
        if not any(character.isalnum() for character in citation.quote):
            found.append(
                Diagnostic(
                    citation.pos,
                    Code.EMPTY_VALUE,
                    f"quote {citation.quote!r} has no words",
                    "quote the words that back the text",
                )
            )
            continue
        if citation.match is not None:
            continue  # found by the loader (story.loading.build.match_quotes)
        across = source.find(citation.quote, across_paragraphs=True)
        if across is not None:
            last = source.line_at(across.end - 1)
            found.append(
                Diagnostic(
                    citation.pos,
                    Code.QUOTE_NOT_FOUND,
                    f"quote runs across two paragraphs of source {source.id} (lines {across.line}-{last}): "
                    f'"{shorten(citation.quote, 80)}"',
                    "split it into one quote per paragraph",
                )
            )
            continue
        searched += 1
        closest = source.closest(citation.quote) if searched <= CLOSEST_LIMIT else None
        detail = f' (closest: "{shorten(closest[0], 80)}", line {closest[1]})' if closest else ""
        elsewhere = [other.id for other in story.sources.values() if other is not source and other.find(citation.quote)]
        hint = (
            f"the quote is in source {elsewhere[0]}; change `source:`"
            if elsewhere
            else 'copy the words exactly; `story cite "some words"` prints a ready citation'
        )
        found.append(
            Diagnostic(
                citation.pos,
                Code.QUOTE_NOT_FOUND,
                f'quote not found in source {source.id}: "{shorten(citation.quote, 80)}"{detail}',
                hint,
            )
        )
    return found
