"""What the player keeps about the reader, apart from the terminal: plain state, beside :class:`Progress`.

A :class:`Reader` holds the story being played, the reader's progress and its save, the notice
shown above the scene, the fact-panel entries just found, and what the last check said. Its moves
(:meth:`Reader.choose`, :meth:`~Reader.answer`, :meth:`~Reader.back`, :meth:`~Reader.jump`,
:meth:`~Reader.restart`) return a :class:`Move` saying what changed; the app (``story.ui.app``)
shows the new state, saves it and tells the reader about it. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.core.progress import Progress, unplayable
from story.core.saves import SaveStore

ANSWER = "answer"
CHOOSE = "choose"
RESTART = "restart"
START_AGAIN = "start-again"
STAY = "stay"


@dataclass(frozen=True)
class Pick:
    """What a numbered item in the choice list does."""

    kind: str
    """``answer`` (a checkpoint option), ``choose`` (a choice), ``start-again`` (at an ending: the
    reader is asked first), or the answers to that question: ``restart`` and ``stay``."""
    index: int = 0


@dataclass(frozen=True)
class Move:
    """What a move changed."""

    changed: bool
    """The reader's place or answers changed: show them, and save."""
    error: str | None = None
    """Why the move could not be made, to tell the reader."""
    found: frozenset[str] = field(default_factory=frozenset)
    """Fact-panel entries the move revealed."""


NOTHING = Move(False)


class Reader:
    """The story being played, and everything about its reader that is not on screen."""

    def __init__(self, *, new: bool = False, save_dir: Path | None = None, seed: int | None = None) -> None:
        """
        Args:
            new: Start over when the first story is adopted, keeping any old save aside.
            save_dir: Where saves go (default: the user's data directory).
            seed: The order of the checkpoints' options for a reader starting afresh (default:
                a new one; a save that is resumed keeps its own).
        """
        self.new = new
        self.save_dir = save_dir
        self.seed = seed
        self.story: Story | None = None
        self.progress: Progress | None = None
        """The reader's state; ``None`` until a playable story has been adopted."""
        self.store: SaveStore | None = None
        self.diagnostics: list[Diagnostic] = []
        """What the last check found."""
        self.blocking: str | None = None
        """Why the story cannot be played at all, if it cannot."""
        self.notice: str | None = None
        """A message shown above the scene until the reader moves on."""
        self.fresh: set[str] = set()
        """Fact-panel entries revealed most recently, marked new until the next ones appear."""
        self.found: set[str] = set()
        """Entries the last move revealed, until the reader has seen the fact panel."""
        self.asking = False
        """The reader asked to start again, and has yet to say yes or no: the scene asks them."""

    # -- the story ---------------------------------------------------------------------------

    def adopt(self, story: Story | None, diagnostics: list[Diagnostic]) -> str | None:
        """Play a freshly loaded story, keeping the reader's place if one was already playing.

        The first story resumes the save (or starts over, with ``new``); a later one (an edited
        story) keeps the reader where they were, as far as the story still has it.

        Returns:
            Why the story cannot be played, if it cannot. Then a reader already playing keeps
            the last version that worked; otherwise :attr:`blocking` says why nothing plays.
        """
        reason = unplayable(story)
        if reason is not None or story is None:
            self.diagnostics = diagnostics
            if self.progress is None:
                self.blocking = reason
            return reason
        self.blocking = None
        before = set(self.progress.unlocked) if self.progress else set()
        if self.progress is None or self.store is None:
            self.store = SaveStore(story, self.save_dir)
            if self.new:
                self.store.clear()
                progress, notice = Progress(story), None
            else:
                progress, notice = self.store.load()
            if self.seed is not None and len(progress.history) <= 1 and not progress.answers:
                progress.seed = self.seed
            self.fresh = set(progress.unlocked) if len(progress.history) <= 1 else set()
            self.found = set(self.fresh)
        else:
            progress, notes = self.progress.rebase(story)
            self.store.story = story
            notice = f"The story was edited: {'; '.join(notes)}." if notes else self.notice
            self.fresh = (set(progress.unlocked) - before) | (self.fresh & set(progress.unlocked))
        self.story, self.progress, self.notice = story, progress, notice
        return None

    @property
    def playing(self) -> bool:
        """A story is being played (it may be an older version than the files on disk)."""
        return self.progress is not None and not self.blocking

    def saved_state(self) -> tuple[SaveStore, dict[str, object]] | None:
        """Where to save and what (a snapshot, safe to write from another thread), if anything."""
        if self.progress is None or self.store is None:
            return None
        return self.store, self.progress.to_dict()

    def facts_seen(self) -> None:
        """The reader has the fact panel in sight: what the last move found is no longer news."""
        self.found = set()

    # -- moves -----------------------------------------------------------------------------------

    def pick(self, pick: Pick) -> Move:
        """Do what a numbered item says: answer the checkpoint, take a choice, or restart.

        Asking whether to start again, and saying no, change only what the scene shows
        (:meth:`ask_restart`, :meth:`stay`): they are not moves.
        """
        if pick.kind == ANSWER:
            return self.answer(pick.index)
        if pick.kind == CHOOSE:
            return self.choose(pick.index)
        if pick.kind == RESTART:
            return self.restart()
        return NOTHING

    def ask_restart(self) -> bool:
        """Ask the reader whether to start again (their history and answers would be cleared)."""
        if self.progress is None or self.asking:
            return False
        self.asking = True
        return True

    def stay(self) -> bool:
        """The reader would rather not start again."""
        asking, self.asking = self.asking, False
        return asking

    def choose(self, index: int) -> Move:
        """Take choice ``index`` (from 0) of the current scene."""
        if self.progress is None:
            return NOTHING
        before = set(self.progress.unlocked)
        try:
            self.progress.choose(index)
        except IndexError as error:
            return Move(False, f"That choice cannot be followed: {error}.")
        return self._moved(before)

    def answer(self, index: int) -> Move:
        """Answer the current scene's checkpoint with option ``index`` (from 0)."""
        if self.progress is None:
            return NOTHING
        try:
            self.progress.answer(index)
        except ValueError as error:
            return Move(False, str(error))
        self.notice = None
        return Move(True)

    def back(self) -> Move:
        """Step back one scene; nothing changes at the first."""
        if self.progress is None or not self.progress.back():
            return NOTHING
        return self._moved(set(self.progress.unlocked))

    def jump(self, scene_id: str) -> Move:
        """Go to a scene already read (from the history or the command palette)."""
        if self.progress is None:
            return NOTHING
        before = set(self.progress.unlocked)
        if not self.progress.jump(scene_id):
            return NOTHING
        return self._moved(before)

    def restart(self) -> Move:
        """Start again from the first scene, forgetting what was read and answered."""
        if self.progress is None:
            return NOTHING
        self.progress.restart()
        return self._moved(set())

    def _moved(self, before: set[str]) -> Move:
        """After any move to a scene: forget the notice and mark what is new."""
        assert self.progress is not None
        self.notice = None
        self.asking = False
        after = self.progress.unlocked
        self.found = set(after) - before
        self.fresh = self._next_fresh(before, after)
        return Move(True, found=frozenset(self.found))

    def _next_fresh(self, before: set[str], after: list[str]) -> set[str]:
        """The fact-panel entries to mark new after a move that unlocks ``after``.

        The marks stay until something else is found, so that moving on does not redraw the
        whole fact panel.
        """
        found = set(after) - before
        if found or not set(after) >= self.fresh:
            return found
        return self.fresh

    # -- looking ahead ---------------------------------------------------------------------------

    def ahead(self, pick: Pick) -> tuple[Progress, set[str]] | None:
        """The progress and the fresh entries a pick would lead to, without making it.

        The player gets each next scene ready to draw while the reader reads. ``None`` when
        nothing is playing or the pick leads nowhere.
        """
        if self.progress is None or self.blocking or pick.kind == STAY:
            return None
        ahead = self.progress.ahead()
        before = set(ahead.unlocked)
        if pick.kind == ANSWER:
            ahead.answer(pick.index)
            return ahead, self.fresh
        try:
            ahead.choose(pick.index) if pick.kind == CHOOSE else ahead.restart()
        except IndexError:
            return None
        # Asked to start again, the reader is likely to say yes: the first scene is got ready.
        return ahead, self._next_fresh(set() if pick.kind != CHOOSE else before, ahead.unlocked)
