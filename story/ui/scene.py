"""The scene view: title, narration with footnote markers, checkpoint, choices and footnotes."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..model import Scene, Story
from ..progress import Footnotes, Progress
from .content import literal, quote, with_markers
from .picklist import PickList


@dataclass(frozen=True)
class Pick:
    """What a numbered item in the choice list does."""

    kind: str
    """``answer`` (a checkpoint option), ``choose`` (a choice) or ``restart`` (at an ending)."""
    index: int = 0


class ChoiceList(PickList):
    """The numbered things the player can pick: checkpoint answers first, then choices."""


class FootnoteList(PickList):
    """The scene's footnotes; Enter or a click opens the source."""

    SHOW_BLURRED = False
    """A footnote is only "current" while the list has focus; otherwise it would look chosen."""


class SceneView(VerticalScroll, can_focus=False):
    """One scene, as the player reads it. The screen sets what it shows with :meth:`show`."""

    class Picked(Message):
        """A numbered item was picked with Enter or a click."""

        def __init__(self, pick: Pick) -> None:
            super().__init__()
            self.pick = pick

    class FootnoteOpened(Message):
        """A footnote was opened with Enter or a click."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.picks: list[Pick] = []
        """What each numbered item does, in order (number keys index into this)."""
        self.footnotes = Footnotes()
        """The footnotes shown, so that a marker number can be opened."""
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="notice", markup=False)
        yield Static(id="scene-title", markup=False)
        yield Static(id="passages", markup=False)
        yield Static(id="checkpoint", markup=False)
        yield ChoiceList(id="choices")
        yield Static(Content("Sources"), id="footnotes-heading", markup=False)
        yield FootnoteList(id="footnotes")

    def show(self, progress: Progress, notice: str | None = None) -> None:
        """Show the current scene of some progress (cheap when nothing changed)."""
        scene = progress.scene
        answered = progress.answered()
        state = (id(progress.story), scene.id, answered, notice)
        if state == self._shown:
            return
        moved = self._shown is None or self._shown[:2] != state[:2]
        self._shown = state
        story = progress.story
        self.footnotes = notes = progress.footnotes()

        notice_widget = self.query_one("#notice", Static)
        notice_widget.update(literal(notice or ""))
        notice_widget.display = bool(notice)

        self.query_one("#scene-title", Static).update(literal(scene.title.value))
        passages = [with_markers(p.text.value, notes.numbers(p.cite)) for p in scene.passages]
        self.query_one("#passages", Static).update(Content("\n\n").join(passages))

        checkpoint = self.query_one("#checkpoint", Static)
        checkpoint.display = scene.checkpoint is not None
        if scene.checkpoint is not None:
            checkpoint.update(_checkpoint(scene, answered, notes, story))

        self.picks = _picks(scene, answered)
        self.query_one(ChoiceList).set_items(
            [_pick_prompt(scene, pick, number) for number, pick in enumerate(self.picks, start=1)]
        )
        footnotes = self.query_one(FootnoteList)
        footnotes.set_items(
            [Content(f"[{note.number}] ").stylize("bold $text-accent") + quote(note.citation, story) for note in notes]
        )
        self.query_one("#footnotes-heading").display = footnotes.display = bool(len(notes))
        if moved:
            self.scroll_home(animate=False)

    @on(PickList.Picked, "ChoiceList")
    def _picked(self, event: PickList.Picked) -> None:
        event.stop()
        if 0 <= event.index < len(self.picks):
            self.post_message(self.Picked(self.picks[event.index]))

    @on(PickList.Picked, "FootnoteList")
    def _footnote_selected(self, event: PickList.Picked) -> None:
        event.stop()
        self.post_message(self.FootnoteOpened(event.index + 1))


def _picks(scene: Scene, answered: int | None) -> list[Pick]:
    if scene.checkpoint is not None and answered is None:
        return [Pick("answer", index) for index in range(len(scene.checkpoint.options))]
    if scene.ending:
        return [Pick("restart")]
    return [Pick("choose", index) for index in range(len(scene.choices))]


def _pick_prompt(scene: Scene, pick: Pick, number: int) -> Content:
    if pick.kind == "answer" and scene.checkpoint is not None:
        label = literal(scene.checkpoint.options[pick.index].text.value)
    elif pick.kind == "choose":
        label = literal(scene.choices[pick.index].label.value)
    else:
        label = Content("Start again from the beginning")
    key = f"{number}" if number < 10 else " "
    return Content(f" {key}  ").stylize("bold $text-accent") + label


def _checkpoint(scene: Scene, answered: int | None, notes: Footnotes, story: Story) -> Content:
    checkpoint = scene.checkpoint
    assert checkpoint is not None
    lines = [
        Content("Question").stylize("bold $text-primary"),
        with_markers(checkpoint.question.value, notes.numbers(checkpoint.cite), "bold"),
    ]
    if answered is None:
        lines.append(Content("Answer with a number key, or pick an answer below.").stylize("dim"))
        return Content("\n").join(lines)
    right = answered == checkpoint.answer
    for index, option in enumerate(checkpoint.options):
        right_one = index == checkpoint.answer
        sign = "\u2713" if right_one else "\u2717"
        style = "$text-success" if right_one else ""
        line = Content(f" {sign} {index + 1}. ").stylize(f"bold {style}") + with_markers(
            option.text.value, notes.numbers(option.cite), style
        )
        if index == answered:
            line = line + Content("  \u2190 your answer").stylize("italic")
        lines.append(line)
    verdict = "Right." if right else f"Not quite: the answer is {checkpoint.answer + 1}."
    lines.append(Content(verdict).stylize("bold $text-success" if right else "bold $text-warning"))
    explanation = checkpoint.explanation
    lines.append(with_markers(explanation.text.value, notes.numbers(explanation.cite)))
    for citation in explanation.cite:
        lines.append(Content("   ") + quote(citation, story))
    return Content("\n").join(lines)
