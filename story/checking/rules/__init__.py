"""The rules of `story check`, one module per family of codes (see :class:`story.core.codes.Family`).

A rule is a function that takes the loaded story and its files and returns diagnostics. Rules read
the model and never write into it, so the order they run in changes nothing but the order of
diagnostics that tie when sorted. To add one, write it in its family's module and list it in
:data:`STORY_RULES` or :data:`TEXT_RULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.files import StoryFiles

Rule = Callable[[Story, StoryFiles], list[Diagnostic]]

STORY_RULES: tuple[str, ...] = (
    "quotes:check_quotes",  # E201, E202, E304 (a quote with no words)
    "scene_map:check_graph",  # E402-W409
    "scene_map:check_unlocks",  # E410, W411
    "structure:check_structure",  # E604-W606
    "checkpoints:check_checkpoints",  # E607
)
"""Rules that read the story as a whole, run on every check. The vocabulary rule (E704, W705) runs
after the text rules, from what they found the vocabulary is needed for."""

TEXT_RULES: tuple[str, ...] = (
    "naming:check_naming",  # E205, W206
    "details:check_details",  # E501-E503
    "content:check_content_words",  # E701
    "attribution:check_attributions",  # E702
    "hedges:check_hedges",  # E703
    "meaning:check_quoted_speech",  # E706
    "meaning:check_meaning",  # E707-E710, read from each claim's alignment to its quotes
)
"""Rules that judge each visible text against its own quotes: ``rule(story, files, texts)``. Their
verdicts can be cached per text (:mod:`story.checking.verdicts`). Each rule is named as
``module:function`` and imported when first run, so that a check whose verdicts are all cached
never imports them."""


def load(names: tuple[str, ...]) -> list[Any]:
    """The rule functions named ``module:function`` (modules of this package)."""
    rules = []
    for name in names:
        module, _, function = name.partition(":")
        rules.append(getattr(importlib.import_module(f"{__name__}.{module}"), function))
    return rules


def __getattr__(name: str) -> list[Rule]:
    if name == "RULES":  # every rule, in the order `story check` runs them, for callers that run them all
        from story.checking.rules.vocabulary import check_vocabulary

        return [*load(STORY_RULES), *load(TEXT_RULES), check_vocabulary]
    raise AttributeError(name)
