"""The printable handout: a whole story as Markdown or as one self-contained HTML file.

The handout is assembled once as a small tree of blocks (headings, paragraphs, lists, tables)
whose text is kept apart from the notes that back it, then rendered by a Markdown or an HTML
writer. Each writer escapes every piece of story text for its format, so nothing a story file
holds can become markup. Pure: no Textual, no Rich.

Order: the title, every scene in story order, the facts, the disagreements as a table of
accounts side by side, the unknowns, the glossary, the timeline, the checkpoints as a quiz, the
answer key, and the numbered notes (the quote and its source, line by line).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from story.core.model import Citation, Passage, Story
from story.core.sources import normalise
from story.render.scene_map import story_order

FORMATS = ("markdown", "html")

# -- the handout as blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Story text (or a UI label), shown literally."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class NoteRef:
    """A numbered note marker."""

    number: int


@dataclass(frozen=True)
class Link:
    """Words that point at a heading elsewhere in the handout."""

    text: str
    anchor: str


Span = Words | NoteRef | Link
Line = list[Span]


@dataclass
class Heading:
    level: int
    text: str
    anchor: str = ""
    page_break: bool = False
    """Start a new printed page (the quiz, the answer key and the notes)."""
    refs: Line = field(default_factory=list)
    """Notes backing the heading itself (the story title)."""


@dataclass
class Paragraph:
    spans: Line
    muted: bool = False
    """A UI remark rather than story text."""


@dataclass
class ItemList:
    items: list[Line]
    ordered: bool = False
    style: str = ""
    """``"options"`` for lettered quiz options."""
    anchors: list[str] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[Line]]


Block = Heading | Paragraph | ItemList | Table


@dataclass(frozen=True)
class Note:
    """One numbered note: a verbatim quote and where it is in its source."""

    number: int
    source: str
    quote: str
    line: int


class Notes:
    """Numbers citations in the order they first appear; the same quote keeps its number."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.notes: list[Note] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def refs(self, cites: list[Citation]) -> Line:
        spans: Line = []
        for citation in cites:
            key = (citation.source, normalise(citation.quote))
            number = self._numbers.get(key)
            if number is None:
                number = len(self.notes) + 1
                self._numbers[key] = number
                self.notes.append(Note(number, citation.source, normalise(citation.quote), self._line(citation)))
            if NoteRef(number) not in spans:
                spans.append(NoteRef(number))
        return spans

    def _line(self, citation: Citation) -> int:
        if citation.match is not None:
            return citation.match.line
        source = self.story.sources.get(citation.source)
        match = source.find(citation.quote) if source else None
        return match.line if match else 0


def _told(passage: Passage, notes: Notes) -> Line:
    return [Words(passage.text.value), *notes.refs(passage.cite)]


def _letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else str(index + 1)


def handout(story: Story) -> list[Block]:
    """Assemble the whole handout.

    Args:
        story: A loaded story; citations found by ``story check`` give the notes their lines.

    Returns:
        The blocks, in reading order.
    """
    notes = Notes(story)
    blocks: list[Block] = [
        Heading(1, story.title.value, "top", refs=notes.refs(story.title_cite)),
        Paragraph(
            [Words("Each numbered note gives the words of the article that back the sentence it follows.")], muted=True
        ),
    ]

    order = story_order(story)
    quiz = [scene for scene in order if scene.checkpoint is not None and scene.checkpoint.options]
    question_number = {scene.id: index for index, scene in enumerate(quiz, start=1)}

    blocks.append(Heading(2, "Scenes", "scenes"))
    for scene in order:
        blocks.append(Heading(3, scene.title.value, f"scene-{scene.id}"))
        blocks.extend(Paragraph(_told(passage, notes)) for passage in scene.passages)
        if scene.discuss:
            blocks.append(Paragraph([Words("Discuss", strong=True)]))
            blocks.append(ItemList([_told(prompt, notes) for prompt in scene.discuss]))
        if scene.id in question_number:
            number = question_number[scene.id]
            blocks.append(Paragraph([Link(f"Quiz question {number}", f"quiz-{number}")], muted=True))
        if scene.choices:
            items: list[Line] = []
            for choice in scene.choices:
                target = story.scenes.get(choice.target)
                line: Line = [Words(choice.label.value)]
                if target is not None:
                    line += [Words(" → "), Link(target.title.value, f"scene-{target.id}")]
                items.append(line)
            blocks.append(ItemList(items, style="choices"))
        elif scene.ending:
            blocks.append(Paragraph([Words("(ending)")], muted=True))

    facts = [fact for fact in story.facts.values() if not fact.disputed and fact.text is not None]
    if facts:
        blocks.append(Heading(2, "Facts", "facts"))
        blocks.append(
            ItemList(
                [
                    [Words(fact.title.value, strong=True), Words(": "), *_told(fact.text, notes)]
                    for fact in facts
                    if fact.text
                ]
            )
        )

    disputed = [fact for fact in story.facts.values() if fact.disputed]
    if disputed:
        columns = sorted({account.sources[0] for fact in disputed for account in fact.accounts if account.sources})
        blocks.append(Heading(2, "Where the accounts differ", "accounts"))
        header = [""] + [story.sources[c].label if c in story.sources else f"article {c}" for c in columns]
        rows: list[list[Line]] = []
        for fact in disputed:
            title: Line = [Words(fact.title.value, strong=True)]
            cells: list[Line] = [title] + [[] for _ in columns]
            for account in fact.accounts:
                if not account.sources:
                    continue
                cell = cells[1 + columns.index(account.sources[0])]
                if cell:
                    cell.append(Words(" "))
                cell.extend([Words(account.text.value), *notes.refs(account.cite)])
            rows.append(cells)
        blocks.append(Table(header, rows))

    if story.unknowns:
        blocks.append(Heading(2, "Not known", "unknowns"))
        blocks.append(ItemList([_told(unknown.text, notes) for unknown in story.unknowns.values()]))

    if story.glossary:
        blocks.append(Heading(2, "Glossary", "glossary"))
        blocks.append(
            ItemList(
                [
                    [Words(term.term.value, strong=True), Words(": "), *_told(term.text, notes)]
                    for term in story.glossary.values()
                ]
            )
        )

    if story.timeline:
        blocks.append(Heading(2, "Timeline", "timeline"))
        blocks.append(
            ItemList(
                [
                    [Words(moment.when.value, strong=True), Words(": "), *_told(moment.text, notes)]
                    for moment in story.timeline
                ]
            )
        )

    if quiz:
        blocks.append(Heading(2, "Quiz", "quiz", page_break=True))
        for scene in quiz:
            checkpoint = scene.checkpoint
            assert checkpoint is not None
            number = question_number[scene.id]
            blocks.append(
                Paragraph(
                    [Words(f"{number}. ", strong=True), Words(checkpoint.question.value), *notes.refs(checkpoint.cite)]
                )
            )
            blocks.append(
                ItemList(
                    [
                        [Words(f"{_letter(index)}) "), Words(option.text.value), *notes.refs(option.cite)]
                        for index, option in enumerate(checkpoint.options)
                    ],
                    style="options",
                    anchors=[f"quiz-{number}"],
                )
            )
        blocks.append(Heading(2, "Answer key", "answers", page_break=True))
        answers: list[Line] = []
        for scene in quiz:
            checkpoint = scene.checkpoint
            assert checkpoint is not None
            number = question_number[scene.id]
            right = checkpoint.options[checkpoint.answer]
            answers.append(
                [
                    Words(f"{number}. {_letter(checkpoint.answer)}) {right.text.value}", strong=True),
                    Words(" "),
                    *_told(checkpoint.explanation, notes),
                ]
            )
        blocks.append(ItemList(answers, style="answers"))

    blocks.append(Heading(2, "Notes", "notes", page_break=True))
    cited = sorted({note.source for note in notes.notes})
    if cited:
        blocks.append(
            ItemList(
                [[Words(story.sources[s].label if s in story.sources else f"article {s}")] for s in cited],
                style="sources",
            )
        )
    blocks.append(
        ItemList(
            [
                [
                    Words(f"{note.source}, line {note.line}: " if note.line else f"{note.source}: "),
                    Words(f"“{note.quote}”"),
                ]
                for note in notes.notes
            ],
            ordered=True,
            style="notes",
            anchors=[f"note-{note.number}" for note in notes.notes],
        )
    )
    return blocks


# -- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=:])")


def md_escape(text: str, line_start: bool = True) -> str:
    """Escape story text so Markdown shows it literally (CommonMark and GitHub tables).

    Args:
        text: The text; runs of whitespace become one space.
        line_start: Whether the text may begin a line, where ``1.``, ``-`` and the like would
            start a list.
    """
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def _md_line(spans: Line) -> str:
    parts: list[str] = []
    for span in spans:
        if isinstance(span, NoteRef):
            parts.append(f"[^{span.number}]")
        elif isinstance(span, Link):
            parts.append(f"[{md_escape(span.text)}](#{span.anchor})")
        else:
            # Escaping collapses whitespace; the spaces that join one span to the next are kept.
            lead = " " if span.text[:1].isspace() else ""
            trail = " " if span.text[-1:].isspace() and span.text.strip() else ""
            core = md_escape(span.text, line_start=not parts)
            parts.append(lead + (f"**{core}**" if span.strong and core else core) + trail)
    return "".join(parts)


def to_markdown(story: Story) -> str:
    """The handout as Markdown; notes use footnote syntax (``[^1]``)."""
    out: list[str] = []
    for block in handout(story):
        if isinstance(block, Heading):
            anchor = f'<a id="{block.anchor}"></a>\n' if block.level > 1 else ""
            out.append(f"{anchor}{'#' * block.level} {md_escape(block.text)}{_md_line(block.refs)}")
        elif isinstance(block, Paragraph):
            line = _md_line(block.spans)
            out.append(f"*{line}*" if block.muted and line else line)
        elif isinstance(block, ItemList):
            if block.style == "notes":
                notes = [
                    f"[^{a.removeprefix('note-')}]: {_md_line(item)}"
                    for a, item in zip(block.anchors, block.items, strict=True)
                ]
                out.append("\n".join(notes))
                continue
            anchor = "".join(f'<a id="{a}"></a>' for a in block.anchors)
            # A different bullet keeps two lists in a row (prompts, then choices) from merging.
            bullet = "1." if block.ordered else "*" if block.style == "choices" else "-"
            items = "\n".join(f"{bullet} {_md_line(item)}" for item in block.items)
            out.append(f"{anchor}\n{items}" if anchor else items)
        elif isinstance(block, Table):
            header = "| " + " | ".join(md_escape(cell) for cell in block.header) + " |"
            rule = "|" + "|".join("---" for _ in block.header) + "|"
            rows = ["| " + " | ".join(_md_line(cell) for cell in row) + " |" for row in block.rows]
            out.append("\n".join([header, rule, *rows]))
    return "\n\n".join(part for part in out if part) + "\n"


# -- HTML ---------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #999; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p, li, tr { break-inside: avoid; page-break-inside: avoid; }
sup { font-size: 0.7em; line-height: 0; }
sup a, a { color: inherit; text-decoration: none; }
.muted { color: #555; font-style: italic; }
ul.choices { list-style: circle; color: #333; }
ul.options, ul.answers, ul.sources { list-style: none; padding-left: 1.2rem; }
ol.notes { font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: 0.4rem; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; }
th:first-child { width: 22%; }
@page { margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  .page-break { break-before: page; page-break-before: always; }
  th { background: none; }
}
""".strip()


def _html_line(spans: Line) -> str:
    parts = []
    for span in spans:
        if isinstance(span, NoteRef):
            parts.append(f'<sup><a href="#note-{span.number}">[{span.number}]</a></sup>')
        elif isinstance(span, Link):
            parts.append(f'<a href="#{html.escape(span.anchor)}">{html.escape(span.text)}</a>')
        elif span.strong:
            parts.append(f"<strong>{html.escape(span.text)}</strong>")
        else:
            parts.append(html.escape(span.text))
    return "".join(parts)


def to_html(story: Story) -> str:
    """The handout as one HTML file: no scripts, fonts, images or links to anything outside it."""
    body: list[str] = []
    for block in handout(story):
        if isinstance(block, Heading):
            attributes = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            if block.page_break:
                attributes += ' class="page-break"'
            body.append(
                f"<h{block.level}{attributes}>{html.escape(block.text)}{_html_line(block.refs)}</h{block.level}>"
            )
        elif isinstance(block, Paragraph):
            css = ' class="muted"' if block.muted else ""
            body.append(f"<p{css}>{_html_line(block.spans)}</p>")
        elif isinstance(block, ItemList):
            tag = "ol" if block.ordered else "ul"
            css = f' class="{block.style}"' if block.style else ""
            ids = block.anchors if block.style == "notes" else []
            first = f' id="{html.escape(block.anchors[0])}"' if block.anchors and not ids else ""
            items = []
            for index, item in enumerate(block.items):
                item_id = f' id="{html.escape(ids[index])}"' if index < len(ids) else ""
                items.append(f"  <li{item_id}>{_html_line(item)}</li>")
            body.append(f"<{tag}{css}{first}>\n" + "\n".join(items) + f"\n</{tag}>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
            rows = "\n".join(
                "  <tr>" + "".join(f"<td>{_html_line(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
            )
            body.append(f"<table>\n  <thead><tr>{head}</tr></thead>\n  <tbody>\n{rows}\n  </tbody>\n</table>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(story.title.value)}</title>\n"
        f"<style>\n{_CSS}\n</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render(story: Story, format: str) -> str:
    """The handout in one of :data:`FORMATS`.

    Raises:
        ValueError: for an unknown format.
    """
    if format == "markdown":
        return to_markdown(story)
    if format == "html":
        return to_html(story)
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
