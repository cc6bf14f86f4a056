"""Noticing that a story's files changed (live reload), by comparing modification times."""

from __future__ import annotations

import os
from pathlib import Path

from story.core.model import Story
from story.loading.loader import story_files

Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path, story: Story | None) -> Snapshot:
    """Modification time and size of every file the story is built from.

    The story's YAML files are listed afresh each time, so that added and removed files count;
    the sources manifest and articles are those the last load read.
    """
    paths = [str(path) for path in story_files(root)]
    if story is not None:
        folders = set()
        for source in story.sources.values():
            paths.append(str(source.path))
            folders.add(source.path.parent)
        # The sources manifest is not kept in the model; it is a YAML file beside the articles.
        for folder in sorted(folders):
            paths += [str(path) for path in folder.glob("*.yaml")]
    found: Snapshot = {}
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            continue
        found[path] = (status.st_mtime_ns, status.st_size)
    return found
