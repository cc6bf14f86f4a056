"""E604-W606: checkpoints have a right answer and distinct options; accounts keep to one source each.

E601-E603 (the `story:` section, the timeline and the form of a fact) are found by the loader.
"""

from __future__ import annotations

from story.checking.rules.messages import called
from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Fact, Story
from story.core.queries import entries, every_scene
from story.core.sources import normalise
from story.loading.files import StoryFiles


def check_structure(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Checkpoints have a right answer and distinct options; accounts keep to one source each."""
    found: list[Diagnostic] = []
    for scene in every_scene(story):
        checkpoint = scene.checkpoint
        if checkpoint is None:
            continue
        correct = sum(option.correct for option in checkpoint.options)
        # A broken option (or `correct:`) may be the answer. Several may be right: where the
        # articles disagree, each account is (E607 keeps one from being marked wrong).
        unknown = "options" in checkpoint.broken or any("correct" in o.broken for o in checkpoint.options)
        if correct == 0 and not unknown:
            found.append(
                Diagnostic(
                    checkpoint.pos,
                    Code.CHECKPOINT_ANSWER,
                    f"checkpoint in {called('scene', scene)} has no correct option",
                    "mark the right answer with `correct: true`",
                )
            )
        seen: dict[str, Pos] = {}
        for option in checkpoint.options:
            if "text" in option.broken:
                continue  # a broken text is no option text, nor the same as another
            key = normalise(option.text.value).lower()
            if key in seen:
                found.append(
                    Diagnostic(option.text.pos, Code.REPEATED_OPTION, f"option {option.text.value!r} is offered twice")
                )
            seen[key] = option.text.pos
    for fact in entries(story, Fact):
        by_source: dict[str, Pos] = {}
        for account in fact.accounts:
            sources = account.sources
            if len(sources) > 1:
                found.append(
                    Diagnostic(
                        account.pos,
                        Code.ACCOUNT_SOURCES,
                        f"an account of fact {fact.id!r} cites more than one source ({', '.join(sources)})",
                        "each account should tell one source's version",
                    )
                )
            for source_id in sources[:1]:
                if source_id in by_source:
                    found.append(
                        Diagnostic(
                            account.pos,
                            Code.ACCOUNT_SOURCES,
                            f"two accounts of fact {fact.id!r} cite the same source {source_id}",
                            "accounts show where different sources disagree",
                        )
                    )
                by_source[source_id] = account.pos
    return found
