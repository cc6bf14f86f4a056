"""The printable handout as a small tree of blocks: headings, paragraphs, lists and tables.

:func:`handout` assembles a whole story once, in reading order; the writers in
:mod:`story.render.export` turn the blocks into Markdown or HTML. Story text is kept apart from
the notes that back it (:class:`Words` beside :class:`NoteRef`), so each writer can escape every
piece of text for its format. Pure: no Textual, no Rich.

Order: the title, every scene in story order, the facts, the disagreements as a table of
accounts side by side, the unknowns, the glossary, the timeline, the checkpoints as a quiz, the
answer key, and the numbered notes (the quote and its source, line by line).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from story.core.model import Citation, Passage, Story
from story.core.sources import normalise
from story.render.scene_map import story_order


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
    """A heading: the title (level 1), a part of the handout (2) or a scene (3)."""

    level: int
    text: str
    anchor: str = ""
    page_break: bool = False
    """Start a new printed page (the quiz, the answer key and the notes)."""
    refs: Line = field(default_factory=list)
    """Notes backing the heading itself (the story title)."""


@dataclass
class Paragraph:
    """One paragraph of spans."""

    spans: Line
    muted: bool = False
    """A UI remark rather than story text."""


@dataclass
class ItemList:
    """A bulleted or numbered list, one line of spans an item."""

    items: list[Line]
    ordered: bool = False
    style: str = ""
    """``"options"`` for lettered quiz options."""
    anchors: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table: a header of labels, then rows of cells, each a line of spans."""

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
        """Note markers for some citations, numbering the ones not seen before."""
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
