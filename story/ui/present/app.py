"""The present-mode app: big, plain slides a teacher steps through in front of a class."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Digits, Footer, Static

from story.checking.checker import Report, check_path
from story.core.model import Checkpoint, Citation, Story
from story.core.options import fixed_orders, option_sources
from story.core.paths import bundled_story
from story.core.queries import reading_place
from story.render.scene_map import story_order
from story.ui.content import literal
from story.ui.help import HelpScreen
from story.ui.present.jump import JumpScreen
from story.ui.present.panels import CitationPanel, FactPanel
from story.ui.present.slides import CHECKPOINT, DISCUSS, Slide, build_slides, key_figures, unlocked_until


class StoryNotReady(Exception):
    """The story has errors; present mode shows only a story that passes ``story check``."""

    def __init__(self, report: Report) -> None:
        super().__init__("the story has errors")
        self.report = report


def make_present_app(path: Path | str | None = None, *, scene: str | None = None) -> PresentApp:
    """Load and check a story, and build the present-mode app for it.

    Args:
        path: The story folder (``None``: the bundled story).
        scene: Id of the scene to start at (default: the start scene).

    Raises:
        StoryNotReady: if ``story check`` finds errors.
        KeyError: if ``scene`` is not a scene of the story.
    """
    report = check_path(Path(path) if path is not None else bundled_story())
    if report.story is None or report.errors:
        raise StoryNotReady(report)
    if scene is not None and scene not in report.story.scenes:
        raise KeyError(scene)
    return PresentApp(report.story, scene=scene)


class PresentApp(App[None]):
    """Shows a story one slide at a time: a passage, a checkpoint, or discussion prompts."""

    CSS_PATH = "present.tcss"
    TITLE = "story present"
    BINDINGS = [
        Binding("space,right,down,pagedown,enter", "step(1)", "Next", key_display="space"),
        Binding("left,up,pageup,backspace", "step(-1)", "Back", key_display="←"),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("c", "toggle_citations", "Citations"),
        Binding("f", "toggle_facts", "Facts"),
        Binding("g", "jump", "Go to scene"),
        Binding("a", "answer", "Answer"),
        *(Binding(str(n), f"choose({n})", f"Choice {n}", show=False) for n in range(1, 10)),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]
    HELP_EXTRA: list[tuple[str, list[tuple[str, str]]]] = [
        ("Choices", [("1-9", "Follow a choice, once the scene's last slide is shown")]),
        ("A checkpoint", [("a", "Show the answer: the options are in the handout's order, a) b) c)")]),
    ]

    index: reactive[int] = reactive(0, init=False)
    """Which slide is on screen."""
    citations_shown: reactive[bool] = reactive(False, init=False)
    facts_shown: reactive[bool] = reactive(False, init=False)
    answered: reactive[bool] = reactive(False, init=False)
    """Whether the checkpoint on screen shows its answer."""

    def __init__(self, story: Story, *, scene: str | None = None) -> None:
        """
        Args:
            story: A loaded story (checked, for the citations' line numbers).
            scene: Id of the scene to start at.
        """
        super().__init__()
        self.story = story
        self.slides: list[Slide] = build_slides(story)
        self.orders: dict[str, list[int]] = fixed_orders(story_order(story))
        """Each checkpoint's options in the handout's order, so that a class can follow on paper."""
        self.seen: list[str] = []
        """Scenes shown so far, in the order they were first shown (for the fact panel)."""
        self._start = self._first_slide_of(scene) if scene else 0
        self._drawn = False
        """Set once the widgets exist; watchers that fire before that draw nothing."""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="stage"):
                yield Static(id="where", markup=False)
                with Center(id="figures"):
                    yield Horizontal(id="digits")
                with Center(id="slide"):
                    yield Static(id="text", markup=False)
                    yield Static(id="extra", markup=False)
            yield FactPanel(id="facts")
        yield CitationPanel(id="citations")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.story.title.value
        self.query_one("#facts").display = False
        self.query_one("#citations").display = False
        self._drawn = True
        self.index = self._start
        self._show()

    # -- state ----------------------------------------------------------------------------

    @property
    def slide(self) -> Slide:
        return self.slides[self.index]

    def _first_slide_of(self, scene_id: str) -> int:
        for number, slide in enumerate(self.slides):
            if slide.scene.id == scene_id:
                return number
        return 0

    def watch_index(self) -> None:
        self.answered = False
        self._show()

    def watch_answered(self) -> None:
        self._show()

    def watch_citations_shown(self, shown: bool) -> None:
        self.query_one("#citations").display = shown
        self._show()

    def watch_facts_shown(self, shown: bool) -> None:
        self.query_one("#facts").display = shown
        self._show()

    # -- actions --------------------------------------------------------------------------

    def action_step(self, by: int) -> None:
        self.index = max(0, min(len(self.slides) - 1, self.index + by))

    def action_first(self) -> None:
        self.index = 0

    def action_last(self) -> None:
        self.index = len(self.slides) - 1

    def action_toggle_citations(self) -> None:
        self.citations_shown = not self.citations_shown

    def action_toggle_facts(self) -> None:
        self.facts_shown = not self.facts_shown

    def action_answer(self) -> None:
        if self.slide.kind == CHECKPOINT:
            self.answered = not self.answered

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show "a Answer" in the key bar only on a checkpoint's slide, where it does something."""
        if action == "answer":
            return bool(self.slides) and self.slide.kind == CHECKPOINT
        return True

    def action_choose(self, number: int) -> None:
        """Follow a choice of the scene on screen, once its last slide is shown."""
        slide = self.slide
        if not slide.last_of_scene or not 1 <= number <= len(slide.scene.choices):
            return
        target = slide.scene.choices[number - 1].target
        if target in self.story.scenes:
            self.index = self._first_slide_of(target)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen([("Presenting", self.BINDINGS)], self.HELP_EXTRA))

    def action_jump(self) -> None:
        def go(scene_id: str | None) -> None:
            if scene_id:
                self.index = self._first_slide_of(scene_id)

        self.push_screen(JumpScreen(story_order(self.story), self.slide.scene.id), go)

    # -- drawing --------------------------------------------------------------------------

    def _show(self) -> None:
        if not self._drawn or not self.slides:
            return
        slide = self.slide
        self.refresh_bindings()
        if slide.scene.id not in self.seen:
            self.seen.append(slide.scene.id)
        citations = slide.citations(self.answered)
        markers = self.citations_shown
        numbers = {(c.source, " ".join(c.quote.split())): n for n, c in enumerate(citations, start=1)}

        def marked(passage_cites: list[Citation]) -> Content:
            if not markers:
                return Content("")
            found = sorted(
                {numbers[key] for c in passage_cites if (key := (c.source, " ".join(c.quote.split()))) in numbers}
            )
            return Content(" " + "".join(f"[{n}]" for n in found)).stylize("bold $text-accent")

        number, of = reading_place(self.story, slide.scene.id, self.seen)
        where = literal(slide.scene.title.value, "bold") + Content(
            f"   scene {number} of {of} \u00b7 {slide.position + 1}/{slide.count}"
        ).stylize("dim")
        self.query_one("#where", Static).update(where)

        figures: list[str] = []
        text = Content("")
        extra = Content("")
        if slide.kind == CHECKPOINT and slide.scene.checkpoint is not None:
            checkpoint = slide.scene.checkpoint
            text = literal(checkpoint.question.value, "bold") + marked(checkpoint.cite)
            extra = self._options(checkpoint, slide.scene.id, marked)
        elif slide.kind == DISCUSS:
            text = Content("Discuss").stylize("bold $text-accent")
            extra = Content("\n\n").join(
                Content(f"{number}.  ") + literal(prompt.text.value) + marked(prompt.cite)
                for number, prompt in enumerate(slide.passages, start=1)
            )
        else:
            passage = slide.passages[0] if slide.passages else None
            if passage is not None:
                text = literal(passage.text.value) + marked(passage.cite)
                figures = key_figures(passage.text.value)
        digits = self.query_one("#digits", Horizontal)
        digits.remove_children()
        digits.mount_all(Digits(figure, classes="figure") for figure in figures)
        self.query_one("#figures").display = bool(figures)
        if slide.last_of_scene:
            extra = self._choices(extra, slide)
        self.query_one("#text", Static).update(text)
        self.query_one("#extra", Static).update(extra)

        if self.citations_shown:
            self.query_one(CitationPanel).show(self.story, citations)
        if self.facts_shown:
            self.query_one(FactPanel).show(self.story, unlocked_until(self.story, self.seen))

    def _options(self, checkpoint: Checkpoint, scene_id: str, marked: Callable[[list[Citation]], Content]) -> Content:
        """A checkpoint's options in the handout's order; once answered, every right one marked.

        The options' notes stay hidden until the answer is shown: a right option often cites
        more quotes than a wrong one, which would give it away.
        """
        lines = []
        several = len(checkpoint.right) > 1
        order = self.orders.get(scene_id, list(range(len(checkpoint.options))))
        for place, index in enumerate(order):
            option = checkpoint.options[index]
            letter = "abcdefghijklmnopqrstuvwxyz"[place] if place < 26 else str(place + 1)
            line = Content(f"{letter})  ") + literal(option.text.value)
            if self.answered:
                line += marked(option.cite)
                if checkpoint.is_right(index):
                    line = line.stylize("bold $success") + Content("  \u2713").stylize("bold $success")
                    if several:
                        line += Content(" \u2014 ").stylize("dim") + literal(option_sources(option, self.story), "dim")
            lines.append(line)
        if self.answered:
            lines.append(Content(""))
            explanation = checkpoint.explanation
            lines.append(literal(explanation.text.value) + marked(explanation.cite))
        return Content("\n").join(lines)

    def _choices(self, extra: Content, slide: Slide) -> Content:
        scene = slide.scene
        lines = [extra] if extra.plain else []
        if scene.choices:
            if lines:
                lines.append(Content(""))
            for number, choice in enumerate(scene.choices, start=1):
                target = self.story.scenes.get(choice.target)
                line = Content(f"{number}  ").stylize("bold $text-accent") + literal(choice.label.value)
                if target is not None:
                    line += Content(" \u2192 ").stylize("dim") + literal(target.title.value, "dim")
                lines.append(line)
        elif scene.ending:
            if lines:
                lines.append(Content(""))
            lines.append(Content("(ending)").stylize("dim"))
        return Content("\n").join(lines)
