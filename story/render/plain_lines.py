"""The plain player's longer pieces of text, one line at a time: the fact panel, the answers at an
ending, how a quote and an entry are named, and wrapping to a terminal's width.

Pure: no Textual, no Rich.
"""

from __future__ import annotations

import re
import textwrap

from story.core.model import Citation, Fact, Moment, Story, Term, Unknown
from story.core.options import answered_checkpoints
from story.core.progress import Progress, entry_name
from story.core.sources import normalise


def quote_text(citation: Citation, story: Story) -> str:
    """A quote and the article it is from, by label: “fired 40 times” (Hail of Bullets)."""
    return f"\u201c{normalise(citation.quote)}\u201d ({story.source_label(citation.source)})"


def markers(numbers: list[int]) -> str:
    """Footnote markers after a text: " [1] [2]"."""
    return "".join(f" [{number}]" for number in numbers)


_LEAD = re.compile(r"\s*(?:\d+\.\s|\[\d+\]\s|-\s|Footnote \[\d+\] quotes: )?\s*")
"""What starts a line of a list: its continuation lines are indented past it."""


def wrap(text: str, width: int | None) -> str:
    """Text with each line wrapped to ``width`` (none: as it is), a list item's lines hanging."""
    if not width:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        lead = _LEAD.match(line)
        indent = " " * min(len(lead.group(0)) if lead else 0, width // 2)
        lines.extend(textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [""])
    return "\n".join(lines)


_KINDS = {Unknown: "not known", Term: "glossary", Moment: "timeline"}


def entry_called(story: Story, entry_id: str) -> str:
    """An entry named with what it is, so that two alike cannot be mistaken: "Panmunjom (glossary)"."""
    entry = story.entry(entry_id)
    name = entry_name(story, entry_id).removeprefix("Not known: ")
    if isinstance(entry, Fact):
        return f"{name} ({'where the articles differ' if entry.disputed else 'fact'})"
    return f"{name} ({_KINDS.get(type(entry), 'entry')})"


def answer_lines(progress: Progress) -> list[str]:
    """How the reader answered the questions on the way, for an ending (nothing if none was asked)."""
    answered = answered_checkpoints(progress)
    if not answered:
        return []
    right = sum(item.right for item in answered)
    lines = [f"Your answers: {right} of {len(answered)} right."]
    for item in answered:
        line = f"- {'Right' if item.right else 'Not quite'}: {item.question} You answered {item.answer}."
        if not item.right:
            line += f" The answer: {' or '.join(item.right_answers)}."
        lines.append(line)
    return lines + [""]


def fact_panel_lines(story: Story, unlocked: list[str]) -> list[str]:
    """The fact panel as lines: facts, the disagreements account by account, and the rest."""
    if not unlocked:
        return ["The fact panel is empty so far: entries appear as you read."]
    entries = [story.entry(entry_id) for entry_id in unlocked]
    facts = [e for e in entries if isinstance(e, Fact) and not e.disputed]
    disputes = [e for e in entries if isinstance(e, Fact) and e.disputed]
    sections: list[tuple[str, list[tuple[str, str, list[Citation]]]]] = [
        ("Facts", [(f.title.value, f.text.text.value, f.text.cite) for f in facts if f.text]),
        ("Not known", [("", u.text.text.value, u.text.cite) for u in story.unknowns.values() if u.id in unlocked]),
        (
            "Glossary",
            [(t.term.value, t.text.text.value, t.text.cite) for t in story.glossary.values() if t.id in unlocked],
        ),
        ("Timeline", [(m.when.value, m.text.text.value, m.text.cite) for m in story.timeline if m.id in unlocked]),
    ]
    lines = _section(story, *sections[0])
    if disputes:
        lines += ["", "Where the articles differ:"]
        for fact in disputes:
            lines.append(f"- {fact.title.value}")
            for account in fact.accounts:
                names = ", ".join(story.source_label(source_id) for source_id in account.sources)
                lines.append(f"    {names}: {account.text.value}")
                lines += [f"      {quote_text(citation, story)}" for citation in account.cite]
    for heading, rows in sections[1:]:
        lines += _section(story, heading, rows)
    return lines


def _section(story: Story, heading: str, rows: list[tuple[str, str, list[Citation]]]) -> list[str]:
    if not rows:
        return []
    lines = ["", f"{heading}:"]
    for name, text, cites in rows:
        lines.append(f"- {name}: {text}" if name else f"- {text}")
        lines += [f"    {quote_text(citation, story)}" for citation in cites]
    return lines
