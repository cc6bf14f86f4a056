"""Noticing that a story's files changed (live reload), by comparing modification times.

The app polls a :class:`Watcher` on a timer and loads the story again when it says so.
"""

from __future__ import annotations

import os
from pathlib import Path

from story.core.model import Story
from story.loading.listing import story_files

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path, story: Story | None) -> Snapshot:
    """Modification time and size of every file the story is built from.

    The story's YAML files are listed afresh each time, so that added and removed files count;
    the sources manifest and articles are those the last load read.
    """
    paths = [str(path) for path in story_files(root)]
    if story is not None:
        paths += [str(source.path) for source in story.sources.values()]
        if story.manifest:
            paths.append(story.manifest)
    found: Snapshot = {}
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            continue
        found[path] = (status.st_mtime_ns, status.st_size)
    return found


class Watcher:
    """Remembers a story's files as last read, and says when they have changed since."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._snapshot: Snapshot = {}

    def loaded(self, story: Story | None) -> None:
        """The story was read: its sources manifest and articles are watched too."""
        self._snapshot = snapshot(self.root, story)

    def changed(self, story: Story | None) -> bool:
        """Whether the files changed since last asked (or since the story was read)."""
        current = snapshot(self.root, story)
        if current == self._snapshot:
            return False
        self._snapshot = current
        return True
