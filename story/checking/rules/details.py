"""E501-E503: the numbers, weekdays and months, and names a text gives must be in its cited quotes.

What counts as such a detail is :mod:`story.checking.text.details`. A text with no quotes at all is
E504, reported by the schema and the loader.
"""

from __future__ import annotations

from collections.abc import Iterable

from story.checking.rules.texts import VisibleText, judged, ordinary
from story.checking.text.details import details, support_keys
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles, occurrence
from story.loading.node import reads_as_boolean

_KIND_TEXT = {
    "number": (Code.UNSUPPORTED_NUMBER, "number", "a figure the cited quotes do not give"),
    "date": (Code.UNSUPPORTED_DATE, "weekday or month", "a date the cited quotes do not give"),
    "name": (Code.UNSUPPORTED_NAME, "name", "a name the cited quotes do not give"),
}


def check_details(story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None) -> list[Diagnostic]:
    """Numbers, weekdays, months and names must appear in the quotes a text cites."""
    found: list[Diagnostic] = []
    lowercase = ordinary(story)
    for text, cites, what in judged(story, texts):
        if not cites:
            continue  # no quotes (E504), or some broken (reported): nothing to judge against
        if text.plain and reads_as_boolean(text.value):
            continue  # a bare `no` is reported by the schema as E305
        found_details = details(text.value, lowercase)
        if not found_details:
            continue  # most titles and choices: no figure, date or name to look up
        support = support_keys([c.quote for c in cites])
        for detail in found_details:
            if detail.key in support[detail.kind]:
                continue
            code, noun, why = _KIND_TEXT[detail.kind]
            hint = f'{why}; cite a quote that contains it (`story cite "{detail.word}"`)'
            if detail.kind == "name":
                hint += ", or write ordinary words in lowercase (titles in sentence case)"
            found.append(
                Diagnostic(
                    files.locate(text, detail.word, occurrence(text.value, detail.word, detail.start)),
                    code,
                    f"{noun} {detail.word!r} in {what} is not in its cited quotes",
                    hint,
                )
            )
    return found
