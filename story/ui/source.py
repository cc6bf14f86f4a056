"""The source view: an article's full text with a cited passage highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from story.core.footnotes import Footnotes
from story.core.model import Citation, Story
from story.core.progress import entry_name
from story.core.queries import CLAIM_KINDS, visible_texts
from story.core.sources import Match, Source, normalise
from story.ui.content import literal
from story.ui.facts import entry_citations

if TYPE_CHECKING:
    from story.checking.text.proof import Piece

HIGHLIGHT = "bold reverse"
"""The cited passage: reverse video stays visible in every theme and without colour."""


@dataclass(frozen=True)
class Mark:
    """A place in a source to show: a footnote's quote, an entry's quote or a search hit."""

    source_id: str
    quote: str
    label: str
    """How the place was reached, e.g. ``footnote [2]``."""
    match: Match | None
    """Where the quote is in the source (``None`` when it is not there: a check error)."""
    told: str | None = None
    """The text on screen that the quote backs, to show how it was made from the quote."""


def marks_for(story: Story, citations: list[Citation], labels: list[str] | None = None) -> list[Mark]:
    """Marks for some citations, finding each quote in its source and the text it backs."""
    wanted = {id(citation) for citation in citations}
    told: dict[int, str] = {}
    for text, cites, _ in sorted(visible_texts(story), key=lambda item: item[2] not in CLAIM_KINDS):
        for citation in cites or ():
            if id(citation) in wanted:
                told.setdefault(id(citation), text.value)  # the claim a quote backs, before a title
    marks = []
    for index, citation in enumerate(citations):
        source = story.sources.get(citation.source)
        match = source.find(citation.quote) if source else None
        label = labels[index] if labels else f"quote {index + 1}"
        marks.append(Mark(citation.source, citation.quote, label, match, told.get(id(citation))))
    return marks


def footnote_marks(story: Story, notes: Footnotes) -> list[Mark]:
    """Marks for a scene's footnotes, in order."""
    labels = [f"footnote [{note.number}]" for note in notes]
    return marks_for(story, [note.citation for note in notes], labels)


def entry_marks(story: Story, entry_id: str) -> list[Mark]:
    """Marks for the quotes a fact-panel entry cites (none for an unknown entry)."""
    entry = story.entry(entry_id)
    citations = [] if entry is None else entry_citations(entry)
    name = entry_name(story, entry_id)
    return marks_for(story, citations, [f"{name}, quote {index}" for index in range(1, len(citations) + 1)])


PIECE_STYLES = {
    "kept": "",
    "mark": "",
    "added": "underline $text-accent",
    "dropped": "strike $text-muted",
    "meaning": "strike bold $text-error",
}
"""How the proof shows each word: added words underlined, left-out words struck through (a
meaning word also in bold), so it reads without colour too."""


def pieces_content(pieces: list[Piece]) -> Content:
    """Words of a text or a quote, styled by what the text made of them."""
    from story.checking.text.proof import spaced  # the aligner, imported when a proof is first shown

    parts: list[Content] = []
    for piece, space in spaced(pieces):
        if space:
            parts.append(Content(" "))
        word = literal(piece.text)
        style = PIECE_STYLES[piece.state]
        parts.append(word.stylize(style) if style else word)
    return Content("").join(parts)


def proof(mark: Mark) -> Content:
    """How the text on screen was made from the quote: its words, and the quote's, marked."""
    if mark.told is None or mark.match is None:
        return Content("")
    from story.checking.text.proof import claim_pieces, made_from, quote_pieces

    alignments = made_from(mark.told, mark.quote)
    if not alignments:
        return Content("")
    lines = [Content("How the text was made from this quote: ").stylize("bold")]
    lines.append(
        Content("on screen  ").stylize("$text-muted")
        + Content(" ").join(pieces_content(claim_pieces(alignment)) for alignment in alignments)
    )
    lines.append(Content("the quote  ").stylize("$text-muted") + pieces_content(quote_pieces(alignments[0], 0)))
    lines.append(
        Content.assemble(
            ("kept as is", "$text-muted"),
            (" \u00b7 ", "$text-muted"),
            ("added", PIECE_STYLES["added"]),
            (" \u00b7 ", "$text-muted"),
            ("left out", PIECE_STYLES["dropped"]),
            (" \u00b7 ", "$text-muted"),
            ("a meaning word left out", PIECE_STYLES["meaning"]),
        )
    )
    return Content("\n").join(lines)


@dataclass(frozen=True)
class Paragraph:
    """One line of an article file, with its place in the file's text."""

    start: int
    end: int
    line: int


def paragraphs(source: Source) -> list[Paragraph]:
    """The article's non-blank lines (each is a paragraph in these files)."""
    found = []
    offset = 0
    for number, line in enumerate(source.text.split("\n"), start=1):
        if line.strip():
            found.append(Paragraph(offset, offset + len(line), number))
        offset += len(line) + 1
    return found


def wrapped_line(text: str, offset: int, width: int) -> int:
    """Which wrapped line (from 0) holds character ``offset`` when ``text`` is shown ``width`` wide."""
    if width < 1:
        return 0
    # Wrapping drops spaces at line ends, so count only the other characters.
    target = sum(1 for character in text[:offset] if not character.isspace())
    seen = 0
    for number, line in enumerate(Content(text).wrap(width)):
        seen += sum(1 for character in line.plain if not character.isspace())
        if seen > target:
            return number
    return 0


class SourceScreen(Screen[None]):
    """An article in full, a cited passage highlighted; steps from citation to citation."""

    DEFAULT_CSS = """
    #source-title {
        height: auto;
        padding: 0 1;
        background: $panel;
    }

    #source-status {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }

    #source-proof {
        height: auto;
        max-height: 50%;
        padding: 0 1;
        border-bottom: solid $panel;
    }

    #article {
        height: 1fr;
        padding: 0 2;
    }

    #article .paragraph {
        margin-bottom: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("n,right,rightsquarebracket", "step(1)", "Next quote", key_display="n"),
        Binding("p,left,leftsquarebracket", "step(-1)", "Previous quote", key_display="p"),
        Binding("backspace", "close", "Back", show=False),
    ]

    def __init__(self, story: Story, marks: list[Mark], index: int = 0) -> None:
        super().__init__()
        self.story = story
        self.marks = marks
        self.index = max(0, min(index, len(marks) - 1))
        self._source_id: str | None = None
        self._paragraphs: list[Paragraph] = []
        self._lit: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="source-title", markup=False)
        yield Static(id="source-status", markup=False)
        yield Static(id="source-proof", markup=False)
        yield VerticalScroll(id="article")
        yield Footer()

    async def on_mount(self) -> None:
        self.query_one("#article").focus()
        await self._show()

    @property
    def mark(self) -> Mark:
        return self.marks[self.index]

    async def action_step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) citation."""
        if len(self.marks) < 2:
            self.app.bell()
            return
        self.index = (self.index + step) % len(self.marks)
        await self._show()

    def action_close(self) -> None:
        self.dismiss()

    async def _show(self) -> None:
        mark = self.mark
        source = self.story.sources.get(mark.source_id)
        title = self.query_one("#source-title", Static)
        status = self.query_one("#source-status", Static)
        article = self.query_one("#article", VerticalScroll)
        if source is None:
            title.update(literal(self.story.source_label(mark.source_id).capitalize(), "bold"))
            status.update(Content("This quote cites no article the story lists.").stylize("$text-error"))
            self.query_one("#source-proof", Static).display = False
            await article.remove_children()
            self._source_id = None
            return
        heading = literal(self.story.source_label(source.id), "bold")
        if source.title:
            heading = heading + Content(" \u00b7 ") + literal(source.title)
        title.update(heading)
        position = f"{mark.label} \u00b7 {self.index + 1} of {len(self.marks)}"
        if mark.match is None:
            status.update(
                Content(f"{position} \u00b7 ")
                + Content("this quote is not in the article: ").stylize("$text-error")
                + literal(f"\u201c{normalise(mark.quote)}\u201d", "italic")
            )
        else:
            status.update(Content(f"{position} \u00b7 line {mark.match.line}"))
        made = proof(mark)
        shown = self.query_one("#source-proof", Static)
        shown.update(made)
        shown.display = bool(made.plain)
        if self._source_id != source.id:
            self._source_id = source.id
            self._paragraphs = paragraphs(source)
            self._lit = set()
            await article.remove_children()
            await article.mount_all(
                Static(literal(source.text[p.start : p.end], verbatim=True), classes="paragraph", markup=False)
                for p in self._paragraphs
            )
        span = source.original_span(mark.match) if mark.match else None
        widgets = list(article.query(".paragraph").results(Static))
        lit = {
            index
            for index, paragraph in enumerate(self._paragraphs)
            if span and paragraph.start < span[1] and span[0] < paragraph.end
        }
        # Restyle only the paragraphs whose highlight changes.
        for index in lit | self._lit:
            paragraph = self._paragraphs[index]
            content = literal(source.text[paragraph.start : paragraph.end], verbatim=True)
            if index in lit and span:
                content = content.stylize(HIGHLIGHT, span[0] - paragraph.start, span[1] - paragraph.start)
            widgets[index].update(content)
        self._lit = lit
        if lit and span:
            first = min(lit)
            start = self._paragraphs[first].start
            text = source.text[start : self._paragraphs[first].end]
            self.call_after_refresh(self._bring_into_view, widgets[first], text, max(0, span[0] - start))
        else:
            article.scroll_home(animate=False)

    def _bring_into_view(self, paragraph: Static, text: str, offset: int) -> None:
        article = self.query_one("#article", VerticalScroll)
        line = wrapped_line(text, offset, paragraph.content_region.width)
        top = paragraph.virtual_region.y + paragraph.styles.gutter.top + line
        # Leave a few lines of context above the passage.
        article.scroll_to(y=max(0, top - max(1, article.size.height // 4)), animate=False)
