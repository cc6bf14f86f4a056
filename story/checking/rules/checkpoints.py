"""E607: a checkpoint never marks as wrong what another article reports.

The story's own rule is to show both accounts where the articles disagree. A wrong option that
cites an article no right option cites is, most often, that article's account of the same thing
("about 50 meters" against "150 yards"): marking it wrong teaches that one report is false. So a
wrong option must come from an article a right option also cites, unless the question asks which
article says what (it names "article" or "headline", or an article by its label). Where the
articles disagree, the fix is to mark both accounts right, or to ask which article gives which.
"""

from __future__ import annotations

import re

from story.checking.rules.messages import called, shorten
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Checkpoint, Story
from story.core.queries import every_scene, word_pattern
from story.loading.files import StoryFiles

ASKS_WHICH = re.compile(r"\b(?:articles?|headlines?|reports?)\b", re.IGNORECASE)
"""Words of a question that asks about the articles rather than the event."""


def check_checkpoints(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """E607: no wrong option cites an article that no right option cites."""
    found: list[Diagnostic] = []
    labels = [word_pattern(source.label) for source in story.sources.values() if source.label.strip()]
    for scene in every_scene(story):
        checkpoint = scene.checkpoint
        if checkpoint is None or _unknown(checkpoint) or _asks_which(checkpoint.question.value, labels):
            continue
        right = {c.source for option in checkpoint.options if option.correct for c in option.cite}
        if not right:
            continue  # no right answer (E604)
        for option in checkpoint.options:
            if option.correct:
                continue
            other = sorted({c.source for c in option.cite} - right)
            if not other:
                continue
            names = ", ".join(_name(story, source_id) for source_id in other)
            found.append(
                Diagnostic(
                    option.text.pos,
                    Code.OTHER_ACCOUNT_WRONG,
                    f"checkpoint in {called('scene', scene)} marks {shorten(option.text.value, 40)!r} wrong, "
                    f"but it cites {names}, which no right option cites",
                    "if the articles disagree, mark both accounts `correct: true` (the feedback shows both); "
                    "else take the wrong option from the article the right one cites, or ask which article says it",
                )
            )
    return found


def _unknown(checkpoint: Checkpoint) -> bool:
    """Whether some option, or what makes it right or backs it, is broken (and reported)."""
    if "options" in checkpoint.broken:
        return True
    return any({"correct", "cite"} & option.broken for option in checkpoint.options)


def _asks_which(question: str, labels: list[re.Pattern[str]]) -> bool:
    return ASKS_WHICH.search(question) is not None or any(label.search(question) for label in labels)


def _name(story: Story, source_id: str) -> str:
    source = story.sources.get(source_id)
    return f"{source.label} (source {source_id})" if source is not None else f"source {source_id}"
