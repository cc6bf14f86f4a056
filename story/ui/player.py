"""The player screen: progress bar, scene view, fact panel, problems panel and footer.

The screen shows the app's :class:`~story.core.reader.Reader`, and only reads it: the app makes
the moves and tells the screen when to show them again (:meth:`PlayerScreen.show`). The screen's
keys, and its widgets' picks, go up to the app as messages.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from story.core.progress import Place, Progress
from story.core.reader import RESTART, STAY, Pick, Reader
from story.ui.content import literal
from story.ui.facts import FactPanel
from story.ui.keybar import KeyBar
from story.ui.problems import ProblemsPanel
from story.ui.scene import SceneView

NARROW = 90
"""Below this many columns the fact panel folds away behind the `f` key."""
LEFT_OUT_WHEN_NARROW = frozenset({"history", "restart"})
"""Keys the footer leaves out below :data:`NARROW` columns, so that the rest fit in 60 (? lists them)."""
TINY = 50
"""Below this many columns the footer leaves out Back and Quit too (the keys still work)."""


class StoryBar(Static):
    """The top line: the story's title, and where the reader is on the path they are reading.

    "scene 7 of 21" counts along the reader's own path (see :attr:`Progress.place`), so the
    scenes of a route not taken never make the end look unreached. While the fact panel is
    out of sight, the line also says how many entries the last move revealed. On a narrow
    terminal it gives up its bar, then its words ("7/21"), then the end of the title.
    """

    BAR = 10
    """Cells of the progress bar."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._state: tuple[str, Place, tuple[int, int], bool, int] | None = None
        self._drawn = False

    def show(self, progress: Progress | None, news: int = 0) -> None:
        """Show where some progress is; ``news`` is how many fact-panel entries to announce."""
        state = (
            None
            if progress is None
            else (progress.story.title.value, progress.place, progress.score, progress.finished, news)
        )
        if state == self._state and self._drawn:
            return
        self._state = state
        self._drawn = True
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        # One line whatever it says: no layout needed.
        self.update(self._line(self.content_size.width or 100), layout=False)

    def _line(self, width: int) -> Content:
        if self._state is None:
            return Content("story")
        title_text, place, (right, given), finished, news = self._state
        title = literal(title_text, "bold")
        long_words = [f"scene {place.number} of {place.of}"]
        short_words = [f"{place.number}/{place.of}"]
        if given:
            long_words.append(f"{right}/{given} answers right")
            short_words.append(f"{right}/{given} right")
        if finished:
            long_words.append("end")
            short_words.append("end")
        briefest = Content(" \u00b7 ".join(short_words))
        long, short = Content(" \u00b7 ".join(long_words)), briefest
        if news:
            long += Content(" \u00b7 ") + Content(f"\u25cf {news} new in Facts (f)").stylize("$text-accent")
            short += Content(" \u00b7 ") + Content(f"\u25cf{news} new").stylize("$text-accent")
        filled = round(min(1.0, place.number / max(1, place.of)) * self.BAR)
        bar = Content("\u2501" * filled).stylize("$text-accent") + Content("\u2501" * (self.BAR - filled)).stylize(
            "dim"
        )
        # What the reader learns last is dropped first: the bar, the words, the title's end,
        # the news, then the title.
        for tails in ([bar + Content(" ") + long, long, short], [briefest]):
            for tail in tails:
                if title.cell_length + 2 + tail.cell_length <= width:
                    return title + Content("  ") + tail
            room = width - 2 - tails[-1].cell_length
            if room >= 8:
                return title.truncate(room, ellipsis=True) + Content("  ") + tails[-1]
        return briefest


class PlayerScreen(Screen[None]):
    """Where the story is read.

    The scene view's :class:`SceneView.Picked` and :class:`SceneView.FootnoteOpened` and the fact
    panel's :class:`FactPanel.Opened` bubble up to the app; the keys here post the same, or the
    screen's own messages below.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]

    BINDINGS = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(number), f"pick({number})", show=False) for number in range(2, 10)),
        Binding("b,left,backspace", "back", "Back", key_display="b"),
        Binding("s", "sources", "Sources"),
        Binding("f", "toggle_facts", "Facts"),
        Binding("h", "history", "History"),
        Binding("r", "restart", "Restart"),
        Binding("slash", "app.command_palette", "Go to / search", show=False),
        Binding("e", "toggle_problems", "Story problems", show=False),
        Binding("space,pagedown", "scroll(1)", "Scroll the scene down", show=False),
        Binding("pageup", "scroll(-1)", "Scroll the scene up", show=False),
        Binding("escape", "escape", "Back to the choices (closes the folded fact panel)", show=False),
        Binding("y", "start_again(True)", "Say yes or no to starting again", show=False),
        Binding("n", "start_again(False)", "Say yes or no to starting again", show=False),
    ]

    class Ready(Message):
        """The screen is mounted and shows the reader's state."""

    class Resumed(Message):
        """The screen is on top again (a dialog or another screen over it has closed)."""

    class BackAsked(Message):
        """The reader asked for the scene before (b)."""

    class HistoryAsked(Message):
        """The reader asked for the history (h)."""

    class RestartAsked(Message):
        """The reader asked to start again (r): the app asks them first."""

    class FactsSeen(Message):
        """The fact panel came into sight: what the last move found is no longer news."""

    def __init__(self, reader: Reader, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reader = reader
        """What is shown (the app's; the screen never changes it)."""

    @property
    def progress(self) -> Progress | None:
        """The reader's progress; ``None`` while no story plays."""
        return self.reader.progress

    def compose(self) -> ComposeResult:
        # Styled once, as they mount: a class set later styles every widget again.
        self._fit_classes(self.app.size.width)
        yield StoryBar(id="bar")
        with Horizontal(id="body"):
            yield SceneView(id="scene")
            yield FactPanel(id="facts")
        yield ProblemsPanel(id="problems")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(ProblemsPanel).display = False
        # The app has loaded the story by now (it does so when it mounts, before its screen).
        self.show()
        if self.progress is not None:
            self.focus_choices()
        self.post_message(self.Ready())

    def show(self) -> None:
        """Show the reader's state. Each part redraws only if what it shows changed."""
        reader = self.reader
        progress = reader.progress
        self._show_bar()
        self.query_one(ProblemsPanel).show(reader.diagnostics, reader.blocking)
        self.set_class(progress is None, "-unplayable")
        if progress is None:
            return
        self.query_one(SceneView).show(progress, reader.notice, reader.asking)
        self.query_one(FactPanel).show(progress.story, progress.unlocked, reader.fresh)

    @property
    def picks(self) -> list[Pick]:
        """What each numbered item of the scene shown does, in order."""
        return self.query_one(SceneView).picks

    def _show_bar(self) -> None:
        news = len(self.reader.found) if self._facts_out_of_sight() else 0
        self.query_one(StoryBar).show(self.progress, news)

    def _facts_out_of_sight(self) -> bool:
        if self.has_class("-narrow"):
            return not self.has_class("-show-facts")
        return self.has_class("-hide-facts")

    def prepare(self, progress: Progress, fresh: set[str]) -> None:
        """Get ready to show some progress (a move the reader may make next), without showing it."""
        self.query_one(SceneView).prepare(progress)
        self.query_one(FactPanel).prepare(progress.story, progress.unlocked, fresh)

    def focus_choices(self) -> None:
        """Give the scene the focus, its cursor on the first choice."""
        scene = self.query_one(SceneView)
        scene.to_choices()
        # Without scrolling: a reader starts at the top of the scene, not at its choices.
        scene.focus(scroll_visible=False)

    def focus_scene(self) -> None:
        """Give the scene the focus back, its cursor where the reader left it (on a footnote, say)."""
        scene = self.query_one(SceneView)
        if scene.cursor is None:
            scene.to_choices()
        scene.focus(scroll_visible=False)

    def on_resize(self) -> None:
        self._fit()

    def on_screen_resume(self) -> None:
        # Textual applies the breakpoint classes only to the screen on top: a resize under the
        # help or the source view must be caught up with here.
        self._fit()
        self.post_message(self.Resumed())

    def _fit(self) -> None:
        """Fit the layout to the terminal's width."""
        width = self.app.size.width
        narrow = self._fit_classes(width)
        footer = self.query_one(KeyBar)
        # Each change redraws the footer from scratch; set only what differs.
        palette = width >= NARROW  # below, the room goes to "? Help"
        if footer.compact != narrow:
            footer.compact = narrow
        if footer.show_command_palette != palette:
            footer.show_command_palette = palette
        left_out = LEFT_OUT_WHEN_NARROW | ({"back", "quit"} if width < TINY else set()) if narrow else frozenset()
        footer.leave_out(frozenset(left_out))
        self._show_bar()  # the panel may have come into sight, or gone out of it
        self.call_after_refresh(self._refocus)

    def _fit_classes(self, width: int) -> bool:
        """Set the classes for the terminal's width; whether it is narrow."""
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow, "-wide")
        return narrow

    def _refocus(self) -> None:
        # A widget hidden by the new layout keeps focus otherwise, and keys would go nowhere.
        focused = self.focused
        if focused is None or not all(node.display for node in focused.ancestors_with_self):
            self.focus_choices()

    # -- actions -------------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        picks = self.picks
        if self.progress is None or not 1 <= number <= len(picks):
            self.app.bell()
            return
        scene = self.query_one(SceneView)
        if not scene.answers_in_view():
            scene.show_question()  # never an answer the reader has not seen: show them first
            return
        self.post_message(SceneView.Picked(picks[number - 1]))

    def action_scroll(self, pages: int) -> None:
        self.query_one(SceneView).scroll_pages(pages)

    def action_back(self) -> None:
        self.post_message(self.BackAsked())

    def action_sources(self) -> None:
        """Open the first footnote, or the one under the cursor when the scene has focus."""
        scene = self.query_one(SceneView)
        number = scene.footnote_under_cursor if scene.has_focus else None
        self.post_message(SceneView.FootnoteOpened(number or 1, scene.footnotes))

    def action_open_footnote(self, number: int) -> None:
        """Open footnote ``number`` (the action behind a click on a ``[n]`` marker)."""
        self.post_message(SceneView.FootnoteOpened(number, self.query_one(SceneView).footnotes))

    def action_toggle_facts(self) -> None:
        facts = self.query_one(FactPanel)
        # A key pressed just after a resize can come before the screen hears of the resize.
        self._fit()
        if self.has_class("-narrow"):
            self.toggle_class("-show-facts")
            if self.has_class("-show-facts"):
                facts.focus()
            else:
                self.focus_scene()
        else:
            self.toggle_class("-hide-facts")
            if self.has_class("-hide-facts"):
                self.focus_scene()
            else:
                facts.focus()
        if not self._facts_out_of_sight() and self.reader.found:
            self.post_message(self.FactsSeen())  # the top line stops announcing them
        self._show_bar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_again":
            return self.reader.asking  # y and n answer only the question whether to start again
        return True

    def action_start_again(self, yes: bool) -> None:
        self.post_message(SceneView.Picked(Pick(RESTART if yes else STAY)))

    def action_escape(self) -> None:
        """Close the folded fact panel, or bring the focus back to the choices (saying no, if the
        reader is asked whether to start again)."""
        if self.reader.asking:
            self.action_start_again(False)
            return
        self._fit()
        if self.has_class("-narrow") and self.has_class("-show-facts"):
            self.remove_class("-show-facts")
            self._show_bar()
        self.focus_choices()

    def action_history(self) -> None:
        self.post_message(self.HistoryAsked())

    def action_restart(self) -> None:
        self.post_message(self.RestartAsked())

    def action_toggle_problems(self) -> None:
        panel = self.query_one(ProblemsPanel)
        if panel.diagnostics or panel.blocking:
            panel.display = not panel.display
        else:
            self.notify("No story problems found.")
