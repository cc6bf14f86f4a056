"""The rules of `story check`, one module per family of codes (see :class:`story.core.codes.Family`).

A rule is a function that takes the loaded story and its files and returns diagnostics. Rules read
the model and never write into it, so the order they run in changes nothing but the order of
diagnostics that tie when sorted. To add one, write it in its family's module and list it in
:data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable

from story.checking.rules.attribution import check_attributions
from story.checking.rules.content import check_content_words
from story.checking.rules.details import check_details
from story.checking.rules.hedges import check_hedges
from story.checking.rules.meaning import check_meaning, check_quoted_speech
from story.checking.rules.quotes import check_quotes
from story.checking.rules.scene_map import check_graph, check_unlocks
from story.checking.rules.structure import check_structure
from story.checking.rules.vocabulary import check_vocabulary
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles

Rule = Callable[[Story, StoryFiles], list[Diagnostic]]

RULES: list[Rule] = [
    check_quotes,  # E201, E202, E304 (a quote with no words)
    check_details,  # E501-E503
    check_graph,  # E402-W409
    check_unlocks,  # E410, W411
    check_structure,  # E604-W606
    check_content_words,  # E701
    check_attributions,  # E702
    check_hedges,  # E703
    check_vocabulary,  # E704, W705
    check_quoted_speech,  # E706
    check_meaning,  # E707-E710, read from each claim's alignment to its quotes
]
"""The built-in rules, in the order `story check` runs them."""
