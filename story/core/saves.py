"""Saves: one story's progress on disk, written atomically, kept aside when it cannot be used.

The file holds :meth:`Progress.to_dict <story.core.progress.Progress.to_dict>`'s snapshot as
JSON, one file per story folder, in :func:`default_save_dir`. What the store guards against:

- a crash or ``kill -9`` while saving: the new file is written beside the old one and renamed over
  it, so the save is the old one or the new one, never half; a temporary file a killed player left
  behind is removed the next time the story is opened;
- a save that is not exactly what the player writes (bad JSON, another shape, deeply nested, huge,
  a folder, a link, a pipe): it is kept aside as ``.bak`` and the player starts afresh, saying so;
- two players on one save (the story open twice, or two browser tabs of one session): each store
  remembers which file it read or last wrote, and a store that finds another one there does not
  write over it (:class:`SaveConflict`), so the first player's progress is never silently lost.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from story.core.model import Story
from story.core.progress import Progress

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: saves are still atomic, only not locked
    fcntl = None  # type: ignore[assignment]

MAX_SAVE_BYTES = 4 * 1024 * 1024
"""A save is a few kilobytes; a file larger than this is not one, and is not read into memory."""

LOCK_SECONDS = 5.0
"""How long a player waits for another one to finish writing in the same folder."""

STALE_SECONDS = 600.0
"""Where folders cannot be locked, a temporary file older than this was left by a killed player."""

_TEMPORARY = (".save-", ".tmp")
_UNCHECKED = (-1, -1, -1, -1)
"""The store has not read the save: it writes without comparing (a tool, not a player)."""

Identity = tuple[int, int, int, int]


class SaveConflict(OSError):
    """Another player wrote the save after this one read it: writing would lose that progress."""


class Unusable(ValueError):
    """The save is not a file the player wrote."""


def default_save_dir() -> Path:
    """Where saves go: ``$STORY_DATA_DIR``, else the user's data directory."""
    override = os.environ.get("STORY_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("story", appauthor=False))


def resumed(progress: Progress) -> str:
    """What the player says when it picks up a save: where the reader is again."""
    number, of = progress.place
    return f"Resumed your saved progress at \u201c{progress.scene.title.value}\u201d (scene {number} of {of})."


class SaveStore:
    """Reads and writes one story's save file, atomically, recovering from corruption."""

    def __init__(self, story: Story, directory: Path | None = None) -> None:
        self.story = story
        self.directory = directory or default_save_dir()
        key = hashlib.sha256(str(Path(story.root).resolve()).encode()).hexdigest()[:12]
        self.path = self.directory / f"save-{key}.json"
        self.resumed = False
        """The last :meth:`load` picked up a save (rather than starting afresh)."""
        self._seen: Identity | None = _UNCHECKED
        """The save file as this store last read or wrote it; ``None``: there was none."""

    def save(self, progress: Progress) -> None:
        """Write the save atomically: a crash leaves the old file or the new one, never half."""
        self.write(progress.to_dict())

    def write(self, state: dict[str, object]) -> None:
        """Write a snapshot taken with :meth:`Progress.to_dict` (safe to call from a thread).

        Raises:
            SaveConflict: another player saved since this store read the save; nothing is written.
            OSError: the folder cannot be written (read-only, full, gone).
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(state, indent=1)
        with _locked(self.directory, wait=LOCK_SECONDS) as folder:
            if folder is not None and not folder.locked:
                raise OSError(errno.EBUSY, "another player has been writing to the save folder for too long")
            found = _identity(self.path)
            if self._seen != _UNCHECKED and found is not None and found != self._seen:
                raise SaveConflict(
                    "the story is open in another player too (another window or browser tab?), which has "
                    "saved since; to keep its progress, moves made here are not saved. Open the story "
                    "again to carry on from the latest save."
                )
            handle, temporary = tempfile.mkstemp(prefix=_TEMPORARY[0], suffix=_TEMPORARY[1], dir=self.directory)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(payload)
                    stream.flush()
                    os.fsync(stream.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            if folder is not None:
                folder.sync()
            self._seen = _identity(self.path)

    def load(self) -> tuple[Progress, str | None]:
        """Load the save, or start fresh.

        Returns:
            The progress, and a message for the player when the save could not be used as it
            was (the old file is then kept aside, never deleted).
        """
        self.resumed = False
        self._clean()
        try:
            data, self._seen = self._read()
            if data is None:
                return Progress(self.story), None
            try:
                progress, notes = Progress.from_dict(self.story, json.loads(data.decode("utf-8")))
            except RecursionError:
                raise Unusable("it is nested too deeply to be a save") from None
        except (OSError, ValueError) as error:
            kept = self._keep_aside()
            return Progress(self.story), f"Your saved progress could not be read ({error}); starting afresh. {kept}"
        if notes:
            kept = self._keep_aside()
            return progress, f"The story has changed since your last visit ({'; '.join(notes)}). {kept}"
        self.resumed = True
        return progress, None

    def clear(self) -> None:
        """Forget the save (``--new``), keeping it aside rather than deleting it."""
        self._seen = _identity(self.path)
        if self._seen is not None:
            self._keep_aside()

    def _read(self) -> tuple[bytes | None, Identity | None]:
        """The save's bytes and identity, reading only a regular file of a save's size.

        Links are not followed and a pipe is never waited on: either is kept aside as it is.
        """
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            if os.path.islink(self.path):
                raise Unusable("it is a link, not a file")
            handle = os.open(self.path, flags)
        except FileNotFoundError:
            return None, None
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise Unusable("it is a link, not a file") from None
            raise
        try:
            status = os.fstat(handle)
            if stat.S_ISDIR(status.st_mode):
                raise Unusable("it is a folder, not a file")
            if not stat.S_ISREG(status.st_mode):
                raise Unusable("it is not a plain file")
            if status.st_size > MAX_SAVE_BYTES:
                raise Unusable(f"it is {status.st_size // 1024 // 1024} MiB, far more than any save")
            with os.fdopen(os.dup(handle), "rb") as stream:
                data = stream.read(MAX_SAVE_BYTES + 1)
        finally:
            os.close(handle)
        if len(data) > MAX_SAVE_BYTES:
            raise Unusable("it is far larger than any save")
        return data, _identity_of(status)

    def _keep_aside(self) -> str:
        """Move the save aside as ``.bak``; says where, for the notice."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.{stamp}.bak")
        counter = 1
        while os.path.lexists(aside):
            aside = self.path.with_name(f"{self.path.stem}.{stamp}-{counter}.bak")
            counter += 1
        try:
            os.replace(self.path, aside)
        except OSError as error:
            # It stays where it is; the next save replaces it, as it cannot be used anyway.
            self._seen = _identity(self.path)
            return f"The old save could not be kept aside ({error.strerror or error}): your next save replaces it."
        self._seen = None
        return f"The old save was kept as {aside}."

    def _clean(self) -> None:
        """Remove the temporary files of saves that a killed player never finished."""
        if not self.directory.is_dir():
            return
        with _locked(self.directory, wait=0.5) as folder:
            oldest = time.time() - (0 if folder is not None and folder.locked else STALE_SECONDS)
            for entry in self.directory.glob(f"{_TEMPORARY[0]}*{_TEMPORARY[1]}"):
                try:
                    if entry.lstat().st_mtime <= oldest:
                        entry.unlink()
                except OSError:
                    pass


class _Folder:
    """An open save folder: locked (where the system can lock) for one writer at a time."""

    def __init__(self, handle: int, locked: bool) -> None:
        self.handle = handle
        self.locked = locked

    def sync(self) -> None:
        """Make the rename itself durable."""
        try:
            os.fsync(self.handle)
        except OSError:
            pass


@contextmanager
def _locked(directory: Path, *, wait: float) -> Iterator[_Folder | None]:
    """The folder, locked against other players' writes for as long as the block runs.

    Yields ``None`` where folders cannot be opened or locked at all (the write goes ahead
    unlocked, as before there were locks); a folder whose lock is held past ``wait`` seconds
    comes with ``locked`` false.
    """
    try:
        handle = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield None
        return
    try:
        if fcntl is None:
            yield None
            return
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield _Folder(handle, locked=False)
                    return
                time.sleep(0.01)
            except OSError:  # a file system without locks
                yield None
                return
        yield _Folder(handle, locked=True)
    finally:
        os.close(handle)  # closing the folder releases its lock


def _identity(path: Path) -> Identity | None:
    try:
        return _identity_of(os.lstat(path))
    except OSError:
        return None


def _identity_of(status: os.stat_result) -> Identity:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
