"""E702: a claim the article attributes keeps an attribution in the text.

When the article's sentence attributes the claim a quote makes ("according to the South Korean
military", "the official told the media"), the sentence of the text that states the claim must
attribute it too, in words its quotes give. What the article attributes is
:mod:`story.checking.text.scopes`; what counts as keeping it, :mod:`story.checking.text.claims`.
"""

from __future__ import annotations

from collections.abc import Iterable

from story.checking.rules.dropped import dropped
from story.checking.rules.texts import VisibleText
from story.checking.text.claims import keeps_attribution
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles


def check_attributions(story: Story, files: StoryFiles, texts: Iterable[VisibleText] | None = None) -> list[Diagnostic]:
    """E702: a claim the article attributes keeps an attribution in the text."""
    return [
        Diagnostic(
            found.pos,
            Code.ATTRIBUTION_DROPPED,
            f'{found.what} drops the article\'s attribution of a claim it cites: "{found.wording}"',
            "say who the article says it is from, in the same sentence, and cite those words",
            (found.context,),
        )
        for found in dropped(story, files, "attribution", keeps_attribution, texts)
    ]
