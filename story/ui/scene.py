"""The scene view: title, narration with footnote markers, checkpoint, choices and footnotes."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual

from story.core.footnotes import Footnotes
from story.core.model import Story
from story.core.progress import Progress
from story.core.reader import ANSWER, RESTART, START_AGAIN, Pick
from story.ui.blocks import Block
from story.ui.look import SceneLook, State, is_pick, scene_state
from story.ui.page import Page


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
    SceneView > .scene--ask {
        border-left: thick $warning;
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

    COMPONENT_CLASSES = {"scene--notice", "scene--checkpoint", "scene--ask", "scene--heading", "scene--hint"}

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

    def show(self, progress: Progress, notice: str | None = None, asking: bool = False) -> None:
        """Show the current scene of some progress (cheap when nothing changed).

        Once the reader answers a question, the answer (right or not, and why) is scrolled into
        view; so is the question whether to start again (``asking``), with its answers.
        """
        self._adopt(progress.story)
        state = scene_state(progress, notice, asking)
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
        if asking:
            self._reveal_question()

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

    def _reveal_question(self) -> None:
        """Bring the question whether to start again, and its answers, into view, the cursor on
        "No" (the answer that loses nothing)."""
        ask = next((i for i, block in enumerate(self.blocks) if block.key == ("ask",)), None)
        span = None if ask is None else self.block_span(ask)
        last = self.item_span(len(self.picks) - 1)
        if span is not None and last is not None:
            self.reveal(span[0], last[0] + last[1], prefer_end=True)
        self.move_cursor(len(self.picks) - 1, scroll=False)

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
        spans = [span for span in map(self.item_span, range(len(self.picks))) if span is not None]
        if len(spans) < len(self.picks):
            return None  # not laid out yet
        hidden = _hidden(spans, self.scroll_offset.y, self.scrollable_content_region.height)
        if not hidden:
            return None
        kind = self.picks[0].kind
        if kind == START_AGAIN:
            return "\u25bc Start again below (Space scrolls)"
        if kind == RESTART:
            return "\u25bc Start again? Yes or no below (Space scrolls)"
        noun = "answer" if kind == ANSWER else "choice"
        more = "" if hidden == len(self.picks) else "more "
        return f"\u25bc {hidden} {more}{noun}{'s' * (hidden != 1)} below (Space scrolls)"

    def overlaid_ahead(self, y: int, blocks: Sequence[Block], starts: list[int], top: int, view: int) -> bool:
        width = self._width
        spans = [(starts[i], self._height(block, width)) for i, block in enumerate(blocks) if is_pick(block)]
        return bool(spans) and _hidden(spans, top, view) > 0

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


def _hidden(spans: Sequence[tuple[int, int]], top: int, height: int) -> int:
    """How many picks (first line and height of each) the hint counts as below a view of
    ``height`` rows from line ``top``: none when the view is too short for a hint, or when
    every pick ends on screen; otherwise those starting on its last row or below."""
    last_row = top + height - 1
    if height < 3 or spans[-1][0] + spans[-1][1] <= last_row + 1:
        return 0
    return sum(start >= last_row for start, _ in spans)
