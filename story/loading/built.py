"""The story as last built, kept for the player to start from without building it again.

Playing needs the whole story built: every file parsed, every quote found in its article. That
is most of what the player does before its first frame, and the story rarely changes between two
readings. So the player keeps the story it built, with its loading problems, in the story's folder
of parsed files (:mod:`story.loading.parsed`, the user's own), beside:

* a hash of every file the build read, or why it could not read it, and the file each path leads
  to through any links: the story's YAML files, its sources manifest and the articles;
* the story folder's list of YAML files, taken before the build, so that a file added while it
  runs is never taken as built;
* the story folder as named, and the working folder, which the story's paths are written from;
* the loader's code, and PyYAML's files (:func:`~story.core.caches.loader_version`).

These are the inputs a stored report is keyed by (:mod:`story.checking.reports`). At the next
start, when none of them differs, the story is read back in one step, without PyYAML or the
loader; anything else builds it afresh. The entry is read only if it is a file of the user's
own that no one else can write (:func:`~story.core.caches.open_private`), and the story only if
its bytes hash to what the header says. Light by design: this module imports nothing that
building needs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from story.core.caches import (
    entry_path,
    file_state,
    loader_version,
    open_private,
    private_folder,
    write_atomically,
)
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.loading.listing import story_files

FORMAT = 1
"""The layout of the entry; an entry of another layout is ignored."""
ENTRY = "story.built"
"""The entry's name in the story's folder of parsed files (which keeps only ``*.pickle`` files of its own)."""


Built = tuple[Story | None, list[Diagnostic]]
"""A story as built (``None`` if nothing usable was found), and the problems found building it."""


class BuiltStory:
    """The story kept for one story folder."""

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = root
        """The story folder as named: the story's paths are written from it."""
        self.path = entry_path("parsed", root.resolve(), folder) / ENTRY
        self.usable = private_folder(self.path.parent)
        """Pickled data can run code: it is read only from a folder that is the user's own."""
        self.listing = [str(path) for path in story_files(root)]

    def _header(self, inputs: dict[str, list[str]], digest: str) -> tuple[object, ...]:
        return (FORMAT, loader_version(), str(self.root), os.getcwd(), self.listing, inputs, digest)

    def read(self) -> Built | None:
        """The story kept, when every input is unchanged; otherwise ``None``."""
        if not self.usable or not self.listing:
            return None
        try:
            with open_private(self.path) as handle:
                header = pickle.load(handle)
                if not isinstance(header, tuple) or len(header) != 7:
                    return None
                inputs, digest = header[5], header[6]
                if not isinstance(inputs, dict) or header != self._header(inputs, digest):
                    return None
                if any(file_state(path) != seen for path, seen in inputs.items()):
                    return None
                payload = handle.read()
            if hashlib.sha256(payload).hexdigest() != digest:
                return None
            story, diagnostics = pickle.loads(payload)
        # A missing, truncated, stale or foreign entry alike: the story is built again. Unpickling
        # can raise nearly anything on a damaged entry, and a cache must never stop the player.
        except Exception:  # noqa: BLE001
            return None
        if (story is None or isinstance(story, Story)) and isinstance(diagnostics, list):
            if all(isinstance(diagnostic, Diagnostic) for diagnostic in diagnostics):
                return story, diagnostics
        return None

    def write(self, inputs: dict[str, str], built: Built) -> None:
        """Keep a story built from ``inputs`` (each file read, and its hash); never fail."""
        if not self.usable or not self.listing:  # no story to keep: its problem names other files
            return
        try:
            payload = pickle.dumps(built, pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        states = {path: file_state(path, digest) for path, digest in inputs.items()}
        header = self._header(states, hashlib.sha256(payload).hexdigest())
        write_atomically(self.path, pickle.dumps(header, pickle.HIGHEST_PROTOCOL) + payload)


def load_built(root: Path) -> Built:
    """The story of a folder (or of a story file's folder), read back as kept when it is unchanged,
    else built afresh with the cache of parsed files and kept.

    Building never raises for bad input (see :func:`story.loading.loader.load_story`); nor does
    keeping the story.
    """
    root = root.parent if root.is_file() else root
    try:
        kept: BuiltStory | None = BuiltStory(root)
    except (OSError, RuntimeError, ValueError):  # no home folder, say: keeping the story only saves time
        kept = None
    if kept is not None and (built := kept.read()) is not None:
        return built
    from story.loading.loader import load_story  # PyYAML and the loader, only to build
    from story.loading.parsed import parsed_files

    story, diagnostics, files = load_story(root, parsed_files(root))
    if kept is not None:
        kept.write(files.inputs, (story, diagnostics))
    return story, diagnostics
