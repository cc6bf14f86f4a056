"""The player app and its factory, shared by the command line and the tests.

The app holds the story and the player's :class:`~story.core.progress.Progress`; the screens only
show that state and call the methods here. Start-up stays lean: the story is loaded for the
first frame, and the full check runs afterwards in a thread, its findings shown in a panel.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from story.core.diagnostics import Diagnostic
from story.core.model import Citation, Story
from story.core.paths import bundled_story
from story.core.progress import Progress, SaveStore, entry_name, unplayable
from story.loading.loader import load_story
from story.ui.confirm import ConfirmScreen
from story.ui.facts import entry_citations
from story.ui.help import HelpScreen
from story.ui.history import HistoryScreen
from story.ui.palette import StoryCommands
from story.ui.player import PlayerScreen
from story.ui.scene import Pick, SceneView
from story.ui.source import Mark, SourceScreen, marks_for
from story.ui.watch import Snapshot, snapshot

if TYPE_CHECKING:
    from story.checking.checker import Report

POLL_SECONDS = 0.4
"""How often the story's files are checked for changes (live reload)."""


class StoryApp(App[None]):
    """Plays a story: scenes, footnotes and sources, the fact panel, checkpoints and saves."""

    CSS_PATH = "story.tcss"
    TITLE = "story"
    COMMANDS = App.COMMANDS | {StoryCommands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("t", "toggle_dark", "Light or dark theme", show=False),
    ]
    HELP_EXTRA = [
        Binding("ctrl+q", "quit", "Quit"),
        Binding("ctrl+p", "command_palette", "Go to a scene you have read, or search"),
    ]
    """Keys Textual binds itself, listed in the help too."""

    def __init__(self, root: Path, *, new: bool = False, save_dir: Path | None = None, watch: bool = True) -> None:
        """
        Args:
            root: The story folder.
            new: Start over, keeping any old save aside.
            save_dir: Where saves go (default: the user's data directory).
            watch: Reload the story when its files change.
        """
        super().__init__()
        self.root = root
        self.new = new
        self.save_dir = save_dir
        self.watch_files = watch
        self.story: Story | None = None
        self.progress: Progress | None = None
        """The player's state; ``None`` until a playable story has loaded."""
        self.store: SaveStore | None = None
        self.diagnostics: list[Diagnostic] = []
        """What the last check found."""
        self.blocking: str | None = None
        """Why the story cannot be played at all, if it cannot."""
        self.notice: str | None = None
        """A message shown above the scene until the player moves on."""
        self.fresh: set[str] = set()
        """Fact-panel entries revealed most recently, marked new until the next ones appear."""
        self.found: set[str] = set()
        """Entries the last move revealed: while the panel is out of sight, the top line says
        how many (a toast there would cover the text on a small terminal)."""
        self._snapshot: Snapshot = {}
        self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="story-save")
        self._save_failed = False
        self._leaving = False
        self._last_toast: tuple[str, float] | None = None
        self._drawn = threading.Event()
        """Set once the first scene is on screen: the full check waits for it."""
        self._moves = 0
        """Counts what the reader has done, so that getting ready for a stale state stops."""

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # Keys typed after q are still delivered; they must not open screens on the way out.
        self._leaving = True
        super().exit(*args, **kwargs)

    def _open(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Push a screen, unless the app is on its way out."""
        if not self._leaving:
            self.push_screen(screen, callback)

    def get_default_screen(self) -> PlayerScreen:
        return PlayerScreen(id="player")

    @property
    def player(self) -> PlayerScreen:
        """The player screen, always at the bottom of the screen stack."""
        return self.screen_stack[0]  # type: ignore[return-value]

    # -- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        """Load the story and show it (called once the player screen is mounted)."""
        # Snapshot first: a file saved while loading then still counts as a change.
        self._snapshot = snapshot(self.root, None)
        story, diagnostics, _ = load_story(self.root)
        self._snapshot = snapshot(self.root, story)
        self._adopt(story, [d for d in diagnostics if d.is_error])
        self.call_after_refresh(self._drawn.set)
        self._check(reload=False)
        if self.watch_files:
            self.set_interval(POLL_SECONDS, self._poll)

    def _adopt(self, story: Story | None, diagnostics: list[Diagnostic]) -> None:
        """Play a freshly loaded story, keeping the player's place if one was already playing."""
        reason = unplayable(story)
        if reason is not None:
            self.diagnostics = diagnostics
            if self.progress is None:
                self.blocking = reason
            else:
                self.notify(
                    f"The edited story cannot be played ({reason}); still showing the last version that worked.",
                    severity="error",
                    markup=False,
                )
            self._refresh()
            return
        assert story is not None
        self.blocking = None
        before = set(self.progress.unlocked) if self.progress else set()
        if self.progress is None or self.store is None:
            self.store = SaveStore(story, self.save_dir)
            if self.new:
                self.store.clear()
                progress, notice = Progress(story), None
            else:
                progress, notice = self.store.load()
            self.fresh = set(progress.unlocked) if len(progress.history) <= 1 else set()
            self.found = set(self.fresh)
        else:
            progress, notes = self.progress.rebase(story)
            self.store.story = story
            notice = f"The story was edited: {'; '.join(notes)}." if notes else self.notice
            self.fresh = (set(progress.unlocked) - before) | (self.fresh & set(progress.unlocked))
        self.story, self.progress, self.notice = story, progress, notice
        self._refresh()
        self.player.focus_choices()

    @work(thread=True, exclusive=True, group="check")
    def _check(self, reload: bool) -> None:
        """Run the full check (and, on reload, load the story again) off the event loop."""
        # The check holds the interpreter for a while: let the first frame be drawn first.
        self._drawn.wait(timeout=2)
        from story.checking.checker import check_path

        report = check_path(self.root)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._checked, report, reload)

    def _checked(self, report: Report, reload: bool) -> None:
        if reload:
            self._adopt(report.story, report.diagnostics)
            if self.progress is not None and not self.blocking:
                self._save()
                errors = report.errors
                if errors:
                    self._tell(
                        f"Story reloaded with {errors} error{'s' * (errors != 1)}: see the problems panel.", "warning"
                    )
                else:
                    self._tell("Story reloaded.")
        self.diagnostics = report.diagnostics
        self._refresh()
        self._freeze_long_lived()

    def _freeze_long_lived(self) -> None:
        """Keep the cycle collector off the objects that live as long as the story is played.

        The story, the widgets and Textual's caches are never garbage, yet every full collection
        walks all of them: at 100 x 32 that is several frames' time, falling on whichever key
        the reader happens to press. Once the story is loaded and checked, one collection
        clears what loading left, and freezing the survivors leaves the collector only what
        reading creates. A reload unfreezes first, so that the old story can be collected.
        """
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _tell(self, message: str, severity: SeverityLevel = "information") -> None:
        """A toast, unless the same one was just shown (an editor may save a file twice)."""
        now = time.monotonic()
        if self._last_toast and self._last_toast[0] == message and now - self._last_toast[1] < 3:
            return
        self._last_toast = (message, now)
        self.notify(message, severity=severity, markup=False)

    def _poll(self) -> None:
        current = snapshot(self.root, self.story)
        if current != self._snapshot:
            self._snapshot = current
            self._check(reload=True)

    # -- showing ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        # One frame for the whole change, not one per widget touched.
        with self.batch_update():
            self.player.show()
        self._moves += 1
        self.call_after_refresh(self._get_ready, self._moves, 0)

    def _get_ready(self, moves: int, index: int) -> None:
        """Get what the current scene's pick ``index`` leads to ready to draw.

        Building and wrapping a scene is about half the work of a move. Done here, after the
        frame and while the reader reads, the move itself is little more than a repaint. One
        pick per call, so that a key pressed meanwhile waits for one at most.
        """
        progress = self.progress
        if moves != self._moves or progress is None or self._leaving or self.blocking:
            return
        picks = self.player.query_one(SceneView).picks
        if index >= min(len(picks), 9):
            return
        pick = picks[index]
        ahead = progress.ahead()
        before = set(ahead.unlocked)
        if pick.kind == "answer":
            ahead.answer(pick.index)
            fresh = self.fresh
        else:
            try:
                ahead.choose(pick.index) if pick.kind == "choose" else ahead.restart()
            except IndexError:
                return
            fresh = self._next_fresh(set() if pick.kind == "restart" else before, ahead.unlocked)
        self.player.prepare(ahead, fresh)
        self.call_later(self._get_ready, moves, index + 1)

    def _next_fresh(self, before: set[str], after: list[str]) -> set[str]:
        """The fact-panel entries to mark new after a move that unlocks ``after``.

        The marks stay until something else is found, so that moving on does not redraw the
        whole fact panel.
        """
        found = set(after) - before
        if found or not set(after) >= self.fresh:
            return found
        return self.fresh

    def _moved(self, before: set[str]) -> None:
        """After any move: forget the notice, mark what is new, save, and show."""
        assert self.progress is not None
        self.notice = None
        after = self.progress.unlocked
        self.found = set(after) - before
        self.fresh = self._next_fresh(before, after)
        self._refresh()
        self.player.focus_choices()
        self._save()

    def _save(self) -> None:
        if self.progress is None or self.store is None:
            return
        self._saver.submit(self._write, self.store, self.progress.to_dict())

    def _write(self, store: SaveStore, state: dict[str, object]) -> None:
        try:
            store.write(state)
        except OSError as error:
            if not self._save_failed:
                self._save_failed = True
                self.call_from_thread(
                    self.notify, f"Your progress could not be saved: {error}", severity="error", markup=False
                )

    def on_unmount(self) -> None:
        self._saver.shutdown(wait=True)

    # -- what the player does ---------------------------------------------------------------

    def pick(self, pick: Pick) -> None:
        """Do what a numbered item says: answer the checkpoint, take a choice, or restart."""
        if pick.kind == "answer":
            self.answer(pick.index)
        elif pick.kind == "choose":
            self.choose(pick.index)
        else:
            self.restart()

    def choose(self, index: int) -> None:
        if self.progress is None:
            return
        before = set(self.progress.unlocked)
        try:
            self.progress.choose(index)
        except IndexError as error:
            self.notify(f"That choice cannot be followed: {error}.", severity="error", markup=False)
            return
        self._moved(before)

    def answer(self, index: int) -> None:
        if self.progress is None:
            return
        try:
            self.progress.answer(index)
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notice = None
        self._refresh()
        self.player.focus_choices()
        self._save()

    def back(self) -> None:
        if self.progress is None or not self.progress.back():
            self.bell()
            return
        self._moved(set(self.progress.unlocked))

    def jump(self, scene_id: str) -> None:
        """Go to a scene already read (from the history or the command palette)."""
        if self.progress is None:
            return
        before = set(self.progress.unlocked)
        if self.progress.jump(scene_id):
            self._moved(before)

    def restart(self) -> None:
        if self.progress is None:
            return
        self.progress.restart()
        self._moved(set())
        self.notify("Started again from the beginning.")

    def ask_restart(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.restart()

        self._open(
            ConfirmScreen("Start again from the first scene? Your history and answers will be cleared.", "Start again"),
            confirmed,
        )

    def show_history(self) -> None:
        if self.progress is None:
            return

        def chosen(scene_id: str | None) -> None:
            if scene_id:
                self.jump(scene_id)

        self._open(HistoryScreen(self.progress), chosen)

    def open_footnote(self, number: int) -> None:
        """Open the source view at footnote ``number``; n and p step through the scene's others."""
        if self.progress is None or self.story is None:
            return
        notes = self.player.query_one("SceneView").footnotes  # type: ignore[attr-defined]
        if not len(notes):
            self.notify("This scene has no footnotes.")
            return
        citations = [note.citation for note in notes]
        labels = [f"footnote [{note.number}]" for note in notes]
        index = max(0, min(number - 1, len(citations) - 1))
        self.open_marks(marks_for(self.story, citations, labels), index)

    def open_entry(self, entry_id: str) -> None:
        """Open the sources of a fact-panel entry."""
        if self.story is None:
            return
        entry = self.story.entry(entry_id)
        if entry is None:
            return
        citations: list[Citation] = entry_citations(entry)
        if not citations:
            self.notify("This entry cites no source.")
            return
        name = entry_name(self.story, entry_id)
        labels = [f"{name}, quote {index}" for index in range(1, len(citations) + 1)]
        self.open_marks(marks_for(self.story, citations, labels))

    def open_marks(self, marks: list[Mark], index: int = 0) -> None:
        if self.story is None or not marks:
            return
        self._open(SourceScreen(self.story, marks, index))

    def action_help(self) -> None:
        sections = [
            ("Reading", PlayerScreen.BINDINGS),
            ("Source view", SourceScreen.BINDINGS),
            ("History", HistoryScreen.BINDINGS),
            ("Everywhere", [*self.BINDINGS, *self.HELP_EXTRA]),
        ]
        if not isinstance(self.screen, HelpScreen):
            self._open(HelpScreen(sections))


def make_app(path: Path | None = None, *, new: bool = False, save_dir: Path | None = None) -> StoryApp:
    """Build the player for a story.

    Args:
        path: A story folder or a file in it; ``None`` for the bundled story.
        new: Start over instead of resuming (the old save is kept aside).
        save_dir: Where saves go; by default ``$STORY_DATA_DIR`` or the user's data directory.

    Returns:
        The app, ready to ``run()`` or to drive with ``run_test()``.
    """
    root = bundled_story() if path is None else Path(path)
    if root.is_file():
        root = root.parent
    return StoryApp(root, new=new, save_dir=save_dir)
