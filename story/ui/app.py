"""The player app and its factory, shared by the command line and the tests.

The app is the controller. The reader's state is a plain :class:`~story.core.reader.Reader`;
the screens' messages come up to the handlers here, which make the reader's moves and set what
the screens show. Saving (:mod:`story.ui.saver`), noticing edits (:mod:`story.ui.watch`) and
keeping the collector quiet (:mod:`story.ui.memory`) have modules of their own. Start-up stays
lean: the story is loaded for the first frame, and the full check runs afterwards in a thread,
its findings shown in a panel.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from story.checking.background import CheckFailed, ChildCheck
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.core.paths import bundled_story
from story.core.progress import Progress
from story.core.reader import RESTART, START_AGAIN, STAY, Move, Pick, Reader
from story.core.saves import resumed
from story.loading.built import load_built
from story.ui.memory import Collector, freeze_long_lived
from story.ui.player import PlayerScreen
from story.ui.saver import Saver
from story.ui.scene import SceneView
from story.ui.views import OtherViews
from story.ui.watch import Watcher

POLL_SECONDS = 0.2
"""How often the story's files are checked for changes (live reload): an edit is shown within
this and the time to load the story again (each unchanged file from the cache of parsed files)."""


class StoryApp(OtherViews):
    """Plays a story: scenes, footnotes and sources, the fact panel, checkpoints and saves."""

    CSS_PATH = "story.tcss"
    TITLE = "story"
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

    def __init__(
        self,
        root: Path,
        *,
        new: bool = False,
        save_dir: Path | None = None,
        watch: bool = True,
        seed: int | None = None,
    ) -> None:
        """
        Args:
            root: The story folder.
            new: Start over, keeping any old save aside.
            save_dir: Where saves go (default: the user's data directory).
            watch: Reload the story when its files change.
            seed: The order of the checkpoints' options for a reader starting afresh (default: a
                new one; a resumed save keeps its own).
        """
        super().__init__()
        self.root = root
        self.watch_files = watch
        self.reader = Reader(new=new, save_dir=save_dir, seed=seed)
        """The story, the reader's progress and save, and what the last check found."""
        self._watcher = Watcher(root)
        self._saver = Saver(self._save_failed)
        self._collector = Collector()
        self._leaving = False
        self._last_toast: tuple[str, float] | None = None
        self._drawn = threading.Event()
        """Set once the first scene is on screen: the full check waits for it."""
        self._child: ChildCheck | None = None
        """The latest check, running in a child process."""
        self._moves = 0
        """Counts what the reader has done, so that getting ready for a stale state stops."""

    @property
    def story(self) -> Story | None:
        """The story being played."""
        return self.reader.story

    @property
    def progress(self) -> Progress | None:
        """The reader's progress; ``None`` until a playable story has loaded."""
        return self.reader.progress

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # Keys typed after q are still delivered; they must not open screens on the way out.
        self._leaving = True
        super().exit(*args, **kwargs)

    def open_screen(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Push a screen, unless the app is on its way out."""
        if not self._leaving:
            self.push_screen(screen, callback)

    def get_default_screen(self) -> PlayerScreen:
        return PlayerScreen(self.reader, id="player")

    @property
    def player(self) -> PlayerScreen:
        """The player screen, always at the bottom of the screen stack."""
        screen = self.screen_stack[0]
        assert isinstance(screen, PlayerScreen)
        return screen

    # -- loading ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Load the story, for the player screen to show when it mounts (just after the app)."""
        story, diagnostics = load_built(self.root)
        self._watcher.loaded(story)
        self.reader.adopt(story, [d for d in diagnostics if d.is_error])
        if self.reader.store is not None and self.reader.store.resumed and self.reader.progress is not None:
            self.notify(resumed(self.reader.progress), title="Welcome back", markup=False)
        self._check(reload=False)
        if self.watch_files:
            self.set_interval(POLL_SECONDS, self._poll)
        self._collector.start()

    def _adopt(self, story: Story | None, diagnostics: list[Diagnostic]) -> None:
        """Play a freshly loaded story, keeping the reader's place if one was already playing."""
        reason = self.reader.adopt(story, diagnostics)
        if reason is not None and not self.reader.blocking:
            self.notify(
                f"The edited story cannot be played ({reason}); still showing the last version that worked.",
                severity="error",
                markup=False,
            )
        self._refresh()
        if reason is None:
            self.player.focus_choices()

    @work(thread=True, exclusive=True, group="check")
    def _check(self, reload: bool) -> None:
        """On reload, load the story here and show it; then check it in a child process (the player
        never imports the checker), and show what the check found."""
        self._drawn.wait(timeout=2)  # the first frame is drawn before anything competes with it
        worker = get_current_worker()
        if reload:
            story, diagnostics = load_built(self.root)
            if worker.is_cancelled:
                return
            self.call_from_thread(self._reloaded, story, diagnostics)
        if self._child is not None:
            self._child.stop()  # the check of an older version of the story: no longer wanted
        child = self._child = ChildCheck(self.root)
        try:
            found = child.run()
        except CheckFailed as error:
            if not worker.is_cancelled and not self._leaving and str(error) != "the check was stopped":
                self.call_from_thread(self._tell, f"The story could not be checked: {error}", "warning")
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._checked, found, reload)

    def _showing(self) -> bool:
        """Whether the player screen is still up (a check may end as the app closes)."""
        screen = self.screen_stack[0] if self.screen_stack and not self._leaving else None
        return isinstance(screen, PlayerScreen) and screen.is_attached and not screen._closing

    def _reloaded(self, story: Story | None, diagnostics: list[Diagnostic]) -> None:
        if not self._showing():
            return
        self._adopt(story, [d for d in diagnostics if d.is_error])
        if self.reader.playing:
            self._save()
            self._tell("Story reloaded.")

    def _checked(self, diagnostics: list[Diagnostic], reload: bool) -> None:
        if not self._showing():
            return
        self.reader.diagnostics = diagnostics
        errors = sum(d.is_error for d in diagnostics)
        if reload and errors and self.reader.playing:
            self._tell(f"The edited story has {errors} error{'s' * (errors != 1)}: see the problems panel.", "warning")
        self._refresh()
        freeze_long_lived()

    def _tell(self, message: str, severity: SeverityLevel = "information") -> None:
        """A toast, unless the same one was just shown (an editor may save a file twice)."""
        now = time.monotonic()
        if self._last_toast and self._last_toast[0] == message and now - self._last_toast[1] < 3:
            return
        self._last_toast = (message, now)
        self.notify(message, severity=severity, markup=False)

    def _poll(self) -> None:
        if self._watcher.changed(self.reader.story):
            self._check(reload=True)

    # -- showing ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        # One frame for the whole change, not one per widget touched.
        with self.batch_update():
            self.player.show()
        self._get_ready_soon()

    @on(PlayerScreen.Ready)
    def _shown(self) -> None:
        """The player screen shows the story: the full check waits for that frame to be drawn."""
        self.call_after_refresh(self._drawn.set)
        self._get_ready_soon()

    @on(PlayerScreen.Resumed)
    def _get_ready_soon(self) -> None:
        """Once the frame is drawn, get the moves the reader may make next ready."""
        self._moves += 1
        # Once the frame is out: Textual's call_after_refresh may come before it.
        self.player.query_one(SceneView).after_drawn(partial(self._get_ready, self._moves, 0))

    def _get_ready(self, moves: int, index: int) -> None:
        """Get what the current scene's pick ``index`` leads to ready to draw.

        Building and wrapping a scene is about half the work of a move. Done here, after the
        frame and while the reader reads, the move itself is little more than a repaint. One
        pick per call, so that a key pressed meanwhile waits for one at most.
        """
        if moves != self._moves or self._leaving or not self.is_running:
            return  # a call that comes as the app shuts down finds its widgets gone
        if not self.player.is_current:
            # Under a dialog, "after the frame" is after the dialog's frame, before the
            # player's own: the player gets ready once it is on top again.
            return
        if index == 0:
            self._collector.between_moves()  # what the move made is collected now, not during the next
        picks = self.player.picks
        if index >= min(len(picks), 9):
            return
        ahead = self.reader.ahead(picks[index])
        if ahead is None:
            return
        self.player.prepare(*ahead)
        self.call_later(self._get_ready, moves, index + 1)

    # -- saving ----------------------------------------------------------------------------

    def _save(self) -> None:
        state = self.reader.saved_state()
        if state is not None:
            self._saver.save(*state)

    def _save_failed(self, error: OSError) -> None:
        """Called from the saving thread, once."""
        self.call_from_thread(self.notify, f"Your progress could not be saved: {error}", severity="error", markup=False)

    def on_unmount(self) -> None:
        self._collector.stop()
        self._saver.close()
        if self._child is not None:
            self._child.stop()

    # -- what the reader does ---------------------------------------------------------------

    def _made(self, move: Move) -> bool:
        """Show, focus and save after a move; tell the reader why one could not be made."""
        if move.error is not None:
            self.notify(move.error, severity="error", markup=False)
        if not move.changed:
            return False
        self._refresh()
        self.player.focus_choices()
        self._save()
        return True

    def pick(self, pick: Pick) -> None:
        """Do what a numbered item says: answer the checkpoint, take a choice, or (asking first) restart."""
        asked = {START_AGAIN: self.ask_restart, STAY: self.stay, RESTART: self.restart}.get(pick.kind)
        if asked is not None:
            asked()
        else:
            self._made(self.reader.pick(pick))

    def back(self) -> None:
        if not self._made(self.reader.back()):
            self.bell()

    def jump(self, scene_id: str) -> None:
        """Go to a scene already read (from the history or the command palette)."""
        self._made(self.reader.jump(scene_id))

    def restart(self) -> None:
        if self._made(self.reader.restart()):
            self.notify("Started again from the beginning.")

    @on(SceneView.Picked)
    def _picked(self, event: SceneView.Picked) -> None:
        self.pick(event.pick)

    @on(PlayerScreen.BackAsked)
    def _back_asked(self) -> None:
        self.back()

    @on(PlayerScreen.FactsSeen)
    def _facts_seen(self) -> None:
        self.reader.facts_seen()
        self.player.show()

    @on(PlayerScreen.RestartAsked)
    def ask_restart(self) -> None:
        """Ask in the scene, in place of its choices, whether to start again: answered as any pick
        is, and drawn in one frame (a dialog, closed, has the screen under it drawn again)."""
        if self.reader.ask_restart():
            self._refresh()
            self.player.focus_scene()

    def stay(self) -> None:
        if self.reader.stay():
            self._refresh()
            self.player.focus_choices()


def make_app(
    path: Path | None = None, *, new: bool = False, save_dir: Path | None = None, seed: int | None = None
) -> StoryApp:
    """Build the player for a story.

    Args:
        path: A story folder or a file in it; ``None`` for the bundled story.
        new: Start over instead of resuming (the old save is kept aside).
        save_dir: Where saves go; by default ``$STORY_DATA_DIR`` or the user's data directory.
        seed: The order of the checkpoints' options for a reader starting afresh (tests fix it).

    Returns:
        The app, ready to ``run()`` or to drive with ``run_test()``.
    """
    root = bundled_story() if path is None else Path(path)
    if root.is_file():
        root = root.parent
    return StoryApp(root, new=new, save_dir=save_dir, seed=seed)
