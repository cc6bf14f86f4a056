"""A planned story written as Ink source, for the peer: inkjs, the JavaScript Ink compiler."""

from __future__ import annotations

from pathlib import Path

from story.bench.plan import STORY_TITLE, Plan, PlannedPassage

_INK_SPECIAL = set("\\{}[]|#<>-/~*+=")


def ink_escape(text: str) -> str:
    """Text as literal Ink content: every character Ink might read as syntax is escaped."""
    return "".join("\\" + c if c in _INK_SPECIAL else c for c in text)


def _ink_passage(passage: PlannedPassage) -> str:
    tags = " ".join(f"#cite {source_id}: {ink_escape(quote)}" for source_id, quote in passage.cite)
    return f"{ink_escape(passage.text)} {tags}".rstrip()


def ink_source(plan: Plan) -> str:
    """The planned story as one Ink file: a knot per scene, fact and glossary term.

    Citations become tags, choices sticky choices, a checkpoint a choice block whose gather
    holds the explanation, and an ending ``-> END``.
    """
    lines = [f"# title: {ink_escape(STORY_TITLE)}", f"-> {plan.scenes[0].id}", ""]
    for scene in plan.scenes:
        lines += [f"== {scene.id} ==", f"# title: {ink_escape(scene.title)}"]
        lines += [_ink_passage(passage) for passage in scene.passages]
        for entry in scene.unlocks:
            lines.append(f"# unlocks: {entry}")
        if scene.checkpoint:
            checkpoint = scene.checkpoint
            lines.append(ink_escape(checkpoint.question.text))
            for option in checkpoint.options:
                lines.append(f"+ [{_ink_passage(option)}]")
            lines.append(f"- {_ink_passage(checkpoint.explanation)}")
        if scene.ending:
            lines.append("-> END")
        else:
            for label, target in scene.choices:
                lines.append(f"+ [{ink_escape(label)}] -> {target}")
        lines.append("")
    for fact in plan.facts.values():
        lines += [f"== {fact.id} ==", f"# title: {ink_escape(fact.title)}"]
        lines += [_ink_passage(p) for p in ([fact.text] if fact.text else fact.accounts)]
        lines += ["-> DONE", ""]
    for term in plan.terms.values():
        lines += [f"== {term.id} ==", f"# term: {ink_escape(term.term)}", _ink_passage(term.text), "-> DONE", ""]
    return "\n".join(lines)


def write_ink(plan: Plan, file: Path) -> Path:
    """Write the planned story as Ink source."""
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(ink_source(plan), encoding="utf-8")
    return file
