"""The scene view: title, narration with footnote markers, checkpoint, choices and footnotes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual

from story.core.footnotes import Footnotes, scene_footnotes
from story.core.model import Scene, Story
from story.core.options import Answered, answered_checkpoints, feedback, option_sources, shown_order
from story.core.progress import Progress
from story.core.reader import ANSWER, CHOOSE, RESTART, Pick
from story.ui.content import literal, quote, with_markers
from story.ui.document import Block
from story.ui.page import Page

State = tuple[str, int | None, str | None, tuple[int, ...], tuple[Answered, ...], tuple[int, ...]]
"""A scene as shown: its id, its checkpoint's answer, the notice above it, its options' order, (at
an ending) the answers given on the way, and which of its choices lead to a scene already read."""


def scene_state(progress: Progress, notice: str | None) -> State:
    """What the scene view shows of some progress."""
    answers = tuple(answered_checkpoints(progress)) if progress.scene.ending else ()
    order = tuple(shown_order(progress))
    return (progress.scene.id, progress.answered(), notice, order, answers, progress.read_choices())


@dataclass
class SceneLook:
    """How a scene looks in one state: its parts, and the page blocks they make."""

    state: State
    """What the look shows: see :data:`State`."""
    picks: list[Pick]
    footnotes: Footnotes
    notice: str | None
    title: Content
    passages: Content
    checkpoint: Content | None
    choices: list[Content]
    sources: list[Content]
    blocks: list[Block]

    @classmethod
    def empty(cls) -> SceneLook:
        return cls(("", None, None, (), (), ()), [], Footnotes(), None, Content(""), Content(""), None, [], [], [])

    @classmethod
    def of(
        cls,
        story: Story,
        scene: Scene,
        answered: int | None,
        notice: str | None,
        order: tuple[int, ...] = (),
        answers: tuple[Answered, ...] = (),
        read: tuple[int, ...] = (),
    ) -> SceneLook:
        """Build a scene's look (``order``, ``answers``, ``read``: see :data:`State`). Blocks are keyed by
        what they show, so that the wrapped lines of one state serve another."""
        shown = list(order) or list(range(len(scene.checkpoint.options) if scene.checkpoint else 0))
        notes = scene_footnotes(scene, answered is not None, shown)
        title = literal(scene.title.value, "bold $text-primary")
        passages = Content("\n\n").join([with_markers(p.text.value, notes.numbers(p.cite)) for p in scene.passages])
        checkpoint = None if scene.checkpoint is None else _checkpoint(scene, answered, notes, story, shown)
        picks = _picks(scene, answered, shown)
        choices = [_pick_prompt(scene, pick, number, read) for number, pick in enumerate(picks, start=1)]
        sources = [
            Content(f"[{note.number}] ").stylize("bold $text-accent") + quote(note.citation, story) for note in notes
        ]
        blocks: list[Block] = []
        if notice:
            blocks.append(Block(literal(notice), gap=1, style="scene--notice", key=("notice", notice)))
        blocks.append(Block(title, gap=1, key=("title", scene.id)))
        blocks.append(Block(passages, gap=1, key=("passages", scene.id)))
        if checkpoint is not None:
            key = ("checkpoint", scene.id, answered, order)
            blocks.append(Block(checkpoint, gap=1, style="scene--checkpoint", key=key))
        if answers:
            summary = _summary(answers)
            blocks.append(Block(summary, gap=1, style="scene--checkpoint", key=("answers", scene.id, answers)))
        asking = answered is None and scene.checkpoint is not None
        blocks += [
            Block(choice, gap=int(number == 1), item=True, key=("pick", scene.id, asking, order, number, read))
            for number, choice in enumerate(choices, start=1)
        ]
        if sources:
            blocks.append(Block(Content("Sources"), gap=1, rule=True, style="scene--heading", key=("sources",)))
            blocks += [
                Block(source, item=True, key=("note", scene.id, answered is not None, number))
                for number, source in enumerate(sources, start=1)
            ]
        line = 0
        for index, block in enumerate(blocks):
            # Each block's text a line apart from the last, as it reads when copied.
            blocks[index] = replace(block, line=line)
            line += len(block.content.plain.split("\n")) + 1 if isinstance(block.content, Content) else 0
        state = (scene.id, answered, notice, order, answers, read)
        return cls(state, picks, notes, notice, title, passages, checkpoint, choices, sources, blocks)


class SceneView(Page):
    """One scene, as the player reads it. The screen sets what it shows with :meth:`show`.

    The items under the cursor are the numbered picks (checkpoint answers, or choices), then
    the footnotes: the arrow keys go down from the choices into the sources.
    """

    DEFAULT_CSS = """
    SceneView > .scene--notice {
        background: $warning-muted;
        color: $text;
        border-left: thick $warning;
    }
    SceneView > .scene--checkpoint {
        border-left: thick $accent;
    }
    SceneView > .scene--heading {
        color: $text-muted;
        text-style: bold;
    }
    SceneView > .scene--hint {
        background: $accent-muted;
        color: $text-accent;
        text-style: bold;
    }
    """

    ALLOW_SELECT = True

    BOTTOM = 1
    """A blank line under the footnotes (the view has no padding below: on a short terminal
    its last row is where the hint that choices are below goes)."""

    COMPONENT_CLASSES = {"scene--notice", "scene--checkpoint", "scene--heading", "scene--hint"}

    class Picked(Message):
        """A numbered item was picked with Enter or a click."""

        def __init__(self, pick: Pick) -> None:
            super().__init__()
            self.pick = pick

    class FootnoteOpened(Message):
        """A footnote was opened with Enter or a click: show its source."""

        def __init__(self, number: int, footnotes: Footnotes) -> None:
            super().__init__()
            self.number = number
            """Which footnote (from 1); the source view steps through the others too."""
            self.footnotes = footnotes
            """The scene's footnotes, as shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.look = SceneLook.empty()
        """What is shown."""
        self._story: Story | None = None
        self._prepared: dict[State, SceneLook] = {}
        """Looks got ready for the moves the reader may make next."""

    # What is shown, by part (the tests read these).

    @property
    def picks(self) -> list[Pick]:
        """What each numbered item does, in order (number keys index into this)."""
        return self.look.picks

    @property
    def footnotes(self) -> Footnotes:
        """The footnotes shown, so that a marker number can be opened."""
        return self.look.footnotes

    @property
    def notice(self) -> str | None:
        return self.look.notice

    @property
    def scene_title(self) -> Content:
        return self.look.title

    @property
    def passages(self) -> Content:
        return self.look.passages

    @property
    def checkpoint(self) -> Content | None:
        return self.look.checkpoint

    @property
    def choices(self) -> list[Content]:
        """The numbered picks as shown."""
        return self.look.choices

    @property
    def sources(self) -> list[Content]:
        """The footnotes as shown."""
        return self.look.sources

    def show(self, progress: Progress, notice: str | None = None) -> None:
        """Show the current scene of some progress (cheap when nothing changed).

        Once the reader answers a question, the answer (right or not, and why) is scrolled into view.
        """
        self._adopt(progress.story)
        state = scene_state(progress, notice)
        if state == self.look.state:
            return
        moved = self.look.state[0] != state[0]
        answered = not moved and self.look.state[1] is None and state[1] is not None
        look = self._prepared.pop(state, None) or SceneLook.of(progress.story, progress.scene, *state[1:])
        self._prepared.clear()
        self.look = look
        self.set_blocks(look.blocks, home=moved)
        if answered:
            span = self._checkpoint_span()
            if span is not None:
                self.reveal(span[0], span[0] + span[1])

    def prepare(self, progress: Progress, notice: str | None = None) -> None:
        """Get the current scene of some progress ready to show, without showing it.

        The player calls this for each move the reader can make next, while they read.
        """
        self._adopt(progress.story)
        state = scene_state(progress, notice)
        if state == self.look.state or state in self._prepared:
            return
        look = self._prepared[state] = SceneLook.of(progress.story, progress.scene, *state[1:])
        self.prepare_blocks(look.blocks, top=0 if state[0] != self.look.state[0] else None)

    def _adopt(self, story: Story) -> None:
        if story is not self._story:
            # A reloaded story: scene ids now name new text.
            self._story = story
            self._prepared.clear()
            self.look = SceneLook.empty()
            self.forget()

    # -- the cursor ------------------------------------------------------------------------

    def cursor_look(self, item: int) -> str:
        if self.has_focus:
            return "page--cursor"
        # A choice stays marked while the fact panel has focus; a footnote would look chosen.
        return "page--cursor-blurred" if item < len(self.picks) else ""

    def to_choices(self) -> None:
        """Put the cursor back on the first choice, without scrolling."""
        self.move_cursor(0 if self.picks else None, scroll=False)

    @property
    def footnote_under_cursor(self) -> int | None:
        """The number of the footnote under the cursor, if the cursor is on one."""
        if self.cursor is None or self.cursor < len(self.picks):
            return None
        return self.cursor - len(self.picks) + 1

    @on(Page.Picked)
    def _picked(self, event: Page.Picked) -> None:
        event.stop()
        if event.item < len(self.picks):
            self.post_message(self.Picked(self.picks[event.item]))
        else:
            self.post_message(self.FootnoteOpened(event.item - len(self.picks) + 1, self.footnotes))

    # -- a question and its answers in view ---------------------------------------------------

    def _checkpoint_span(self) -> tuple[int, int] | None:
        for index, block in enumerate(self.blocks):
            if isinstance(block.key, tuple) and block.key[:1] == ("checkpoint",):
                return self.block_span(index)
        return None

    def answers_in_view(self) -> bool:
        """Whether a question's every answer is on screen (true when no question is asked).

        A number key answers only a question the reader can see in full: an answer below the
        screen is one the reader has not read.
        """
        if not self.picks or self.picks[0].kind != ANSWER:
            return True
        first, last = self.item_span(0), self.item_span(len(self.picks) - 1)
        if first is None or last is None:
            return True  # not laid out yet: nothing is on screen to compare
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        bottom = top + height - (self.hint() is not None)
        return first[0] >= top and last[0] + last[1] <= bottom

    def show_question(self) -> None:
        """Scroll the question and all its answers into view (the answers first, if not all fit)."""
        first, last = self.item_span(0), self.item_span(len(self.picks) - 1)
        if first is None or last is None:
            return
        question = self._checkpoint_span()
        start = question[0] if question is not None else first[0]
        self.reveal(start, last[0] + last[1], prefer_end=True)

    def action_pick(self) -> None:
        # Enter on an answer the reader cannot see all of brings the question into view first.
        if self.cursor is not None and self.cursor < len(self.picks) and not self.answers_in_view():
            self.show_question()
            return
        super().action_pick()

    # -- choices below the fold --------------------------------------------------------------

    def hint(self) -> str | None:
        """What the last row of the view says when some choices or answers are below it, if any are.

        A long scene on a small terminal would otherwise end at the bottom of the screen with
        nothing to say that there is anything (or anything more) to pick.
        """
        if not self.picks:
            return None
        height = self.scrollable_content_region.height
        last_row = self.scroll_offset.y + height - 1
        spans = [span for span in map(self.item_span, range(len(self.picks))) if span is not None]
        if height < 3 or len(spans) < len(self.picks) or spans[-1][0] + spans[-1][1] <= last_row + 1:
            return None  # every pick is on screen
        hidden = sum(start >= last_row for start, _ in spans)
        if not hidden:
            return None
        kind = self.picks[0].kind
        if kind == RESTART:
            return "\u25bc Start again below (Space scrolls)"
        noun = "answer" if kind == ANSWER else "choice"
        more = "" if hidden == len(self.picks) else "more "
        return f"\u25bc {hidden} {more}{noun}{'s' * (hidden != 1)} below (Space scrolls)"

    def has_overlay(self, y: int) -> bool:
        return self.may_overlay(y) and self.hint() is not None

    def may_overlay(self, y: int) -> bool:
        return y == self._rows_shown - 1

    def overlay_line(self, y: int) -> Strip | None:
        if y != self._rows_shown - 1:
            return None
        hint = self.hint()
        if hint is None:
            return None
        width = self._width
        style = self._style("") + self._style("scene--hint")
        strips = Visual.to_strips(self, Content(hint), width, 1, style, pad=True)
        return strips[0].adjust_cell_length(width, style.rich_style)

    def overlay_clicked(self, y: int) -> None:
        first, last = self.item_span(0), self.item_span(len(self.picks) - 1)
        if first is not None and last is not None:
            self.reveal(first[0], last[0] + last[1])


def _picks(scene: Scene, answered: int | None, order: list[int]) -> list[Pick]:
    if scene.checkpoint is not None and answered is None:
        return [Pick(ANSWER, index) for index in order]
    if scene.ending:
        return [Pick(RESTART)]
    return [Pick(CHOOSE, index) for index in range(len(scene.choices))]


def _pick_prompt(scene: Scene, pick: Pick, number: int, read: tuple[int, ...] = ()) -> Content:
    if pick.kind == ANSWER and scene.checkpoint is not None:
        label = literal(scene.checkpoint.options[pick.index].text.value)
    elif pick.kind == CHOOSE:
        read_mark = Content("  \u2713 read").stylize("dim") if pick.index in read else Content("")
        label = literal(scene.choices[pick.index].label.value) + read_mark
    else:
        label = Content("Start again from the beginning")
    key = f"{number}" if number < 10 else " "
    return Content(f" {key}  ").stylize("bold $text-accent") + label


def _checkpoint(scene: Scene, answered: int | None, notes: Footnotes, story: Story, order: list[int]) -> Content:
    checkpoint = scene.checkpoint
    assert checkpoint is not None
    lines = [
        Content("Question").stylize("bold $text-primary"),
        with_markers(checkpoint.question.value, notes.numbers(checkpoint.cite), "bold"),
    ]
    if answered is None:
        lines.append(Content("Answer with a number key, or pick an answer below.").stylize("dim"))
        return Content("\n").join(lines)
    several = len(checkpoint.right) > 1
    for number, index in enumerate(order, start=1):
        option = checkpoint.options[index]
        right_one = checkpoint.is_right(index)
        sign = "\u2713" if right_one else "\u2717"
        style = "$text-success" if right_one else ""
        line = Content(f" {sign} {number}. ").stylize(f"bold {style}") + with_markers(
            option.text.value, notes.numbers(option.cite), style
        )
        if several and right_one:
            line += Content(" \u2014 ").stylize("dim") + literal(option_sources(option, story), "dim")
        if index == answered:
            line = line + Content("  \u2190 your answer").stylize("italic")
        lines.append(line)
    right = checkpoint.is_right(answered)
    verdict = feedback(checkpoint, answered, order)
    lines.append(Content(verdict).stylize("bold $text-success" if right else "bold $text-warning"))
    explanation = checkpoint.explanation
    lines.append(with_markers(explanation.text.value, notes.numbers(explanation.cite)))
    for citation in explanation.cite:
        lines.append(Content("   ") + quote(citation, story))
    return Content("\n").join(lines)


def _summary(answers: tuple[Answered, ...]) -> Content:
    """At an ending: how the reader answered the questions on the way."""
    right = sum(item.right for item in answers)
    lines = [Content(f"Your answers: {right} of {len(answers)} right").stylize("bold $text-primary")]
    for item in answers:
        sign = Content(" \u2713 " if item.right else " \u2717 ").stylize("bold $text-success" if item.right else "bold")
        line = sign + literal(item.question) + Content(" \u2014 " if item.right else " \u2014 you answered ")
        line += literal(item.answer, "italic")
        if not item.right:
            line += Content("; the answer: ") + literal(" or ".join(item.right_answers), "bold")
        lines.append(line)
    return Content("\n").join(lines)
