"""E703: a claim the article hedges keeps a hedge in the text.

When the article's sentence hedges the claim ("presumed to be a soldier", "it was not immediately
clear if", "this would be"), the sentence of the text that states the claim must hedge it too.
Where the claim's alignment to the quote shows the hedging word itself left out, the meaning rule
says so word by word (E707, :mod:`story.checking.rules.meaning`) and this rule does not repeat it:
it is left the hedges an alignment cannot see, around the quoted words or in a phrase ("a probe was
needed").
What the article hedges is :mod:`story.checking.text.scopes`; what counts as keeping it,
:mod:`story.checking.text.claims`.
"""

from __future__ import annotations

from collections.abc import Iterable

from story.checking.rules.dropped import Dropped, dropped
from story.checking.rules.texts import VisibleText
from story.checking.text.align import align
from story.checking.text.claims import keeps_hedge
from story.checking.text.meaning import findings
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles


def check_hedges(story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None) -> list[Diagnostic]:
    """E703: a claim the article hedges keeps a hedge in the text."""
    return [
        Diagnostic(
            found.pos,
            Code.HEDGE_DROPPED,
            f'{found.what} states as sure what the article hedges: "{found.wording}"',
            "keep the article's hedge in the same sentence (presumed, not clear, would, if...)",
            (found.context,),
        )
        for found in dropped(story, files, "hedge", lambda sentence, _support: keeps_hedge(sentence), texts)
        if not _hedge_is_quoted(found)
    ]


def _hedge_is_quoted(found: Dropped) -> bool:
    """Whether the alignment of the sentence to the quote shows the hedge left out (then E707 says so)."""
    alignment = align(found.sentence, (found.governed.citation.quote,))
    return any(finding.kind == "dropped" for finding in findings(alignment))
