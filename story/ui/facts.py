"""The fact panel: what the player has found out so far, each entry openable to its sources."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.message import Message

from story.core.model import Citation, Fact, Moment, Story, Term, Unknown
from story.core.sources import normalise
from story.ui.blocks import Block
from story.ui.columns import SideBySide
from story.ui.content import literal, quote
from story.ui.page import Page

NEW = " \u25cf new"


class FactPanel(Page):
    """Unlocked facts, disagreements, unknowns, glossary and timeline, in sections.

    Each entry is an item of the page: the arrow keys move over the entries and Enter opens
    one. Entries keep their wrapped lines from one rebuild to the next, so that finding one
    new fact costs the lines on screen, not every entry measured again.
    """

    class Opened(Message):
        """An entry was opened (Enter or a click): show its sources."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Facts"
        self.entry_ids: list[str] = []
        """The entries shown, in order (one per item of the page)."""
        self.prompts: dict[str, SideBySide | Content] = {}
        """What each entry shown looks like, by id."""
        self._shown: tuple[object, ...] | None = None
        self._prompts: dict[tuple[str, bool], SideBySide | Content] = {}
        """Prompts already built for this story."""
        self._story: Story | None = None

    def show(self, story: Story, unlocked: list[str], fresh: set[str]) -> None:
        """Show the unlocked entries; ``fresh`` ones are marked new. Rebuilds only on change."""
        self._adopt(story)
        state = (tuple(unlocked), tuple(sorted(fresh)))
        if state == self._shown:
            return
        self._shown = state
        highlighted = self.highlighted_entry
        blocks, self.entry_ids, self.prompts = self._entry_blocks(story, unlocked, fresh)
        total = len(story.facts) + len(story.unknowns) + len(story.glossary) + len(story.timeline)
        new = len(fresh & set(unlocked))
        self.border_subtitle = f"{len(unlocked)} of {total} found" + (f" \u00b7 {new} new" if new else "")
        cursor = self.entry_ids.index(highlighted) if highlighted in self.entry_ids else 0
        self.set_blocks(blocks, cursor=cursor, home=False)

    def prepare(self, story: Story, unlocked: list[str], fresh: set[str]) -> None:
        """Wrap, ahead of time, what showing these entries would bring into view."""
        self._adopt(story)
        if (tuple(unlocked), tuple(sorted(fresh))) != self._shown and self.display:
            self.prepare_blocks(self._entry_blocks(story, unlocked, fresh)[0], top=None)

    def _adopt(self, story: Story) -> None:
        if story is not self._story:
            # A reloaded story: entry ids may now name new text.
            self._story = story
            self._prompts.clear()
            self._shown = None
            self.forget()

    def _entry_blocks(
        self, story: Story, unlocked: list[str], fresh: set[str]
    ) -> tuple[list[Block], list[str], dict[str, SideBySide | Content]]:
        """The page's blocks, the entries' ids in order, and their prompts by id."""
        entries = [story.entry(entry_id) for entry_id in unlocked]
        facts = [e for e in entries if isinstance(e, Fact) and not e.disputed]
        disputes = [e for e in entries if isinstance(e, Fact) and e.disputed]
        unknowns = [e for e in entries if isinstance(e, Unknown)]
        terms = [e for e in entries if isinstance(e, Term)]
        moments = [m for m in story.timeline if m.id in unlocked]
        blocks: list[Block] = []
        if not unlocked:
            nothing = Content("Nothing yet: entries appear here as you read.").stylize("dim")
            blocks.append(Block(nothing, key="nothing"))
        sections: list[tuple[str, list[Fact] | list[Unknown] | list[Term] | list[Moment]]] = [
            ("Facts", facts),
            ("Where the articles differ", disputes),
            ("Not known", unknowns),
            ("Glossary", terms),
            ("Timeline", moments),
        ]
        entry_ids: list[str] = []
        prompts: dict[str, SideBySide | Content] = {}
        for heading, items in sections:
            if not items:
                continue
            title = Content(heading.upper()).stylize("bold $text-primary")
            blocks.append(Block(title, rule=bool(blocks), key=("heading", heading, bool(blocks))))
            for item in items:
                is_fresh = item.id in fresh
                prompt = self._prompt(item, story, is_fresh)
                blocks.append(Block(prompt, item=True, key=("entry", item.id, is_fresh)))
                entry_ids.append(item.id)
                prompts[item.id] = prompt
        return blocks, entry_ids, prompts

    @property
    def highlighted_entry(self) -> str | None:
        """The id of the entry under the cursor, if any."""
        if self.cursor is None or not 0 <= self.cursor < len(self.entry_ids):
            return None
        return self.entry_ids[self.cursor]

    def highlight(self, entry_id: str) -> None:
        """Put the cursor on an entry, scrolling it into view."""
        if entry_id in self.entry_ids:
            self.move_cursor(self.entry_ids.index(entry_id))

    def cursor_look(self, item: int) -> str:
        # Without focus no entry is marked: it would look as if it had been opened.
        return "page--cursor" if self.has_focus else ""

    def _prompt(self, entry: Fact | Unknown | Term | Moment, story: Story, fresh: bool) -> SideBySide | Content:
        key = (entry.id, fresh)
        prompt = self._prompts.get(key)
        if prompt is None:
            prompt = self._prompts[key] = _prompt(entry, story, fresh)
        return prompt

    @on(Page.Picked)
    def _opened(self, event: Page.Picked) -> None:
        event.stop()
        if 0 <= event.item < len(self.entry_ids):
            self.post_message(self.Opened(self.entry_ids[event.item]))


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
        names = ", ".join(story.source_label(source_id) for source_id in account.sources) or "?"
        lines = [literal(names, "bold underline")]
        lines.append(literal(account.text.value))
        lines += [literal(f"\u201c{normalise(c.quote)}\u201d", "italic dim") for c in account.cite]
        columns.append(Content("\n").join(lines))
    return SideBySide(_heading(fact.title.value, fresh), columns)
