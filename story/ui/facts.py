"""The fact panel: what the player has found out so far, each entry openable to its sources."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..model import Citation, Fact, Moment, Story, Term, Unknown
from ..sources import normalise
from .columns import SideBySide
from .content import literal, quote

NEW = " \u25cf new"


class FactPanel(OptionList):
    """Unlocked facts, disagreements, unknowns, glossary and timeline, in sections."""

    class Opened(Message):
        """An entry was opened (Enter or a click): show its sources."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.border_title = "Facts"
        self._shown: tuple[object, ...] | None = None
        self._prompts: dict[tuple[str, bool], SideBySide | Content] = {}
        """Prompts already built for this story: reusing them keeps their measured heights."""
        self._story_id = 0

    def show(self, story: Story, unlocked: list[str], fresh: set[str]) -> None:
        """Show the unlocked entries; ``fresh`` ones are marked new. Rebuilds only on change."""
        state = (id(story), tuple(unlocked), tuple(sorted(fresh)))
        if state == self._shown:
            return
        self._shown = state
        if id(story) != self._story_id:
            self._story_id = id(story)
            self._prompts.clear()
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        entries = [story.entry(entry_id) for entry_id in unlocked]
        facts = [e for e in entries if isinstance(e, Fact) and not e.disputed]
        disputes = [e for e in entries if isinstance(e, Fact) and e.disputed]
        unknowns = [e for e in entries if isinstance(e, Unknown)]
        terms = [e for e in entries if isinstance(e, Term)]
        moments = [m for m in story.timeline if m.id in unlocked]
        total = len(story.facts) + len(story.unknowns) + len(story.glossary) + len(story.timeline)
        self.border_subtitle = f"{len(unlocked)} of {total} found"
        # All options in one call: each call measures every option again.
        options: list[Option | None] = []
        if not unlocked:
            nothing = Content("Nothing yet: entries appear here as you read.").stylize("dim")
            options.append(Option(nothing, disabled=True))
        sections: list[tuple[str, list[Fact] | list[Unknown] | list[Term] | list[Moment]]] = [
            ("Facts", facts),
            ("Where the articles differ", disputes),
            ("Not known", unknowns),
            ("Glossary", terms),
            ("Timeline", moments),
        ]
        for heading, items in sections:
            if not items:
                continue
            if options:
                options.append(None)
            options.append(Option(Content(heading.upper()).stylize("bold $text-primary"), disabled=True))
            options.extend(Option(self._prompt(item, story, item.id in fresh), id=item.id) for item in items)
        self.clear_options()
        self.add_options(options)
        if highlighted is not None and highlighted in unlocked:
            self.highlighted = self.get_option_index(highlighted)

    def _prompt(self, entry: Fact | Unknown | Term | Moment, story: Story, fresh: bool) -> SideBySide | Content:
        key = (entry.id, fresh)
        prompt = self._prompts.get(key)
        if prompt is None:
            prompt = self._prompts[key] = _prompt(entry, story, fresh)
        return prompt

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))


def entry_citations(entry: Fact | Unknown | Term | Moment) -> list[Citation]:
    """Every citation of a fact-panel entry, in the order shown."""
    if isinstance(entry, Fact):
        return entry.citations()
    return list(entry.text.cite)


def _heading(text: str, fresh: bool) -> Content:
    content = literal(text, "bold")
    if fresh:
        content = content + Content(NEW).stylize("$text-accent")
    return content


def _quotes(citations: list[Citation], story: Story) -> list[Content]:
    return [Content("  ") + quote(citation, story) for citation in citations]


def _prompt(entry: Fact | Unknown | Term | Moment, story: Story, fresh: bool) -> SideBySide | Content:
    if isinstance(entry, Fact) and entry.disputed:
        return _dispute(entry, story, fresh)
    if isinstance(entry, Fact):
        assert entry.text is not None
        lines = [_heading(entry.title.value, fresh), literal(entry.text.text.value)]
        lines += _quotes(entry.text.cite, story)
    elif isinstance(entry, Unknown):
        lines = [literal(entry.text.text.value)] + _quotes(entry.text.cite, story)
        if fresh:
            lines[0] = lines[0] + Content(NEW).stylize("$text-accent")
    elif isinstance(entry, Term):
        lines = [_heading(entry.term.value, fresh), literal(entry.text.text.value)]
        lines += _quotes(entry.text.cite, story)
    else:
        lines = [_heading(entry.when.value, fresh), literal(entry.text.text.value)]
        lines += _quotes(entry.text.cite, story)
    return Content("\n").join(lines)


def _dispute(fact: Fact, story: Story, fresh: bool) -> SideBySide:
    """The accounts side by side, one column per source."""
    columns = []
    for account in fact.accounts:
        lines = [Content(f"source {', '.join(account.sources) or '?'}").stylize("bold underline")]
        lines.append(literal(account.text.value))
        lines += [literal(f"\u201c{normalise(c.quote)}\u201d", "italic dim") for c in account.cite]
        columns.append(Content("\n").join(lines))
    return SideBySide(_heading(fact.title.value, fresh), columns)
