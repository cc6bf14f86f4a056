"""The two panels a teacher can reveal: the citations of what is on screen, and the fact panel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from story.core.model import Citation, Fact, Story, Term, Unknown
from story.core.sources import normalise
from story.ui.content import literal


def citation_line(story: Story, number: int, citation: Citation) -> Content:
    """``[1] “the quote” — Hail of Bullets, line 5``: the article by its label, never its id."""
    where = story.source_label(citation.source)
    if citation.match is not None:
        where += f", line {citation.match.line}"
    return (
        Content(f"[{number}] ").stylize("bold $text-accent")
        + literal(f"\u201c{normalise(citation.quote)}\u201d", "italic")
        + Content(" \u2014 ").stylize("dim")
        + literal(where, "dim")
    )


class CitationPanel(VerticalScroll, can_focus=False):
    """The quotes behind what is on screen, numbered like the markers in the text."""

    DEFAULT_CSS = """
    CitationPanel { height: auto; max-height: 40%; }
    CitationPanel > Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(markup=False)

    def show(self, story: Story, citations: list[Citation]) -> None:
        if citations:
            content = Content("\n").join(citation_line(story, n, c) for n, c in enumerate(citations, start=1))
        else:
            content = Content("No citations on this slide.").stylize("dim")
        self.query_one(Static).update(content)


class FactPanel(VerticalScroll, can_focus=False):
    """What the class has found out so far: facts, disagreements side by side, unknowns..."""

    def show(self, story: Story, unlocked: list[str]) -> None:
        self.remove_children()
        entries = [story.entry(entry_id) for entry_id in unlocked]
        facts = [e for e in entries if isinstance(e, Fact) and not e.disputed and e.text is not None]
        disputes = [e for e in entries if isinstance(e, Fact) and e.disputed]
        unknowns = [e for e in entries if isinstance(e, Unknown)]
        terms = [e for e in entries if isinstance(e, Term)]
        moments = [m for m in story.timeline if m.id in unlocked]
        if not unlocked:
            self.mount(Static(Content("Nothing yet: entries appear as scenes are shown.").stylize("dim")))
            return
        widgets: list[Static | Horizontal | Vertical] = []
        if facts:
            widgets.append(Static("Facts", classes="heading", markup=False))
            for fact in facts:
                assert fact.text is not None
                widgets.append(
                    Static(literal(fact.title.value, "bold") + Content(": ") + literal(fact.text.text.value))
                )
        if disputes:
            widgets.append(Static("Where the accounts differ", classes="heading", markup=False))
            for fact in disputes:
                widgets.append(Static(literal(fact.title.value, "bold")))
                widgets.append(
                    Horizontal(
                        *(
                            Static(
                                literal(", ".join(story.source_label(s) for s in account.sources), "dim")
                                + Content("\n")
                                + literal(account.text.value),
                                classes="account",
                            )
                            for account in fact.accounts
                        ),
                        classes="accounts",
                    )
                )
        if unknowns:
            widgets.append(Static("Not known", classes="heading", markup=False))
            widgets.extend(Static(literal(unknown.text.text.value)) for unknown in unknowns)
        if terms:
            widgets.append(Static("Glossary", classes="heading", markup=False))
            widgets.extend(
                Static(literal(term.term.value, "bold") + Content(": ") + literal(term.text.text.value))
                for term in terms
            )
        if moments:
            widgets.append(Static("Timeline", classes="heading", markup=False))
            widgets.extend(
                Static(literal(moment.when.value, "bold") + Content(": ") + literal(moment.text.text.value))
                for moment in moments
            )
        self.mount_all(widgets)
