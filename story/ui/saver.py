"""Saving in the background: the reader's progress written off the event loop, one save at a time."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from story.core.saves import SaveStore


class Saver:
    """Writes saves in a thread of its own, in the order they were asked for.

    A move must not wait for the disk. A save that fails is reported once (through ``failed``,
    called from the saving thread), not after every move.
    """

    def __init__(self, failed: Callable[[OSError], None]) -> None:
        self._failed = failed
        self._has_failed = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="story-save")

    def save(self, store: SaveStore, state: dict[str, object]) -> None:
        """Write a snapshot (see :meth:`Reader.saved_state <story.core.reader.Reader.saved_state>`)."""
        self._pool.submit(self._write, store, state)

    def close(self) -> None:
        """Finish the saves asked for, then stop."""
        self._pool.shutdown(wait=True)

    def _write(self, store: SaveStore, state: dict[str, object]) -> None:
        try:
            store.write(state)
        except OSError as error:
            if not self._has_failed:
                self._has_failed = True
                self._failed(error)
