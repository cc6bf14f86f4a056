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

from story.core.labels import described
from story.core.model import Checkpoint, Citation, Passage, Scene, Story
from story.core.options import fixed_orders, question_key, unique_checkpoints
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
    anchor: str = ""
    """What links to the paragraph point at (a quiz question), if anything does."""


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
    quiz = unique_checkpoints(order)  # a question the short tour asks again is in the quiz once
    numbers = {question_key(scene.checkpoint): index for index, scene in enumerate(quiz, start=1) if scene.checkpoint}
    question_number = {
        scene.id: numbers[question_key(scene.checkpoint)]
        for scene in order
        if scene.checkpoint is not None and question_key(scene.checkpoint) in numbers
    }

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
        header = [""] + [story.source_label(c) for c in columns]
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
        blocks += _quiz(quiz, question_number, fixed_orders(order), notes)

    blocks.append(Heading(2, "Notes", "notes", page_break=True))
    cited = sorted({note.source for note in notes.notes})
    if cited:
        blocks.append(
            ItemList(
                [[Words(described(story.sources[s]) if s in story.sources else story.source_label(s))] for s in cited],
                style="sources",
            )
        )
    blocks.append(
        ItemList(
            [
                [
                    Words(f"{story.source_label(note.source)}" + (f", line {note.line}: " if note.line else ": ")),
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


def _quiz(
    quiz: list[Scene], question_number: dict[str, int], orders: dict[str, list[int]], notes: Notes
) -> list[Block]:
    """The quiz, each question once, and its answer key.

    The options are in the handout's fixed order (:func:`story.core.options.fixed_orders`), which
    spreads the right answers over the letters. They carry no note markers in the quiz: a right
    option often cites more quotes than a wrong one, and its markers would give it away. The
    answer key gives every option's notes instead.
    """
    blocks: list[Block] = [Heading(2, "Quiz", "quiz", page_break=True)]
    answers: list[Line] = []
    for scene in quiz:
        checkpoint = scene.checkpoint
        assert checkpoint is not None
        number = question_number[scene.id]
        order = orders[scene.id]
        question = [Words(f"{number}. ", strong=True), Words(checkpoint.question.value), *notes.refs(checkpoint.cite)]
        blocks.append(Paragraph(question, anchor=f"quiz-{number}"))
        items: list[Line] = [
            [Words(f"{_letter(place)}) "), Words(checkpoint.options[index].text.value)]
            for place, index in enumerate(order)
        ]
        blocks.append(ItemList(items, style="options"))
        answers.append(_answer(checkpoint, number, order, notes))
    blocks.append(Heading(2, "Answer key", "answers", page_break=True))
    blocks.append(ItemList(answers, style="answers"))
    return blocks


def _answer(checkpoint: Checkpoint, number: int, order: list[int], notes: Notes) -> Line:
    """One line of the answer key: the right letter (or letters), the explanation, every option's notes."""
    right = [(place, index) for place, index in enumerate(order) if checkpoint.is_right(index)]
    answer = " and ".join(f"{_letter(place)}) {checkpoint.options[index].text.value}" for place, index in right)
    line: Line = [Words(f"{number}. {answer}", strong=True)]
    if len(right) > 1:
        every = "both count" if len(right) == 2 else "each counts"
        line.append(Words(f" (the articles give different accounts: {every})"))
    line += [Words(" "), *_told(checkpoint.explanation, notes), Words(" Options:")]
    for place, index in enumerate(order):
        line += [Words(f" {_letter(place)})"), *notes.refs(checkpoint.options[index].cite)]
    return line
