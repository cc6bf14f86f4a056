"""Stored reports: a check whose every input is unchanged prints what the same check printed last.

``story check`` reads a story's files, its sources manifest and the articles it names, and nothing
else; what it prints depends on those bytes, on the files the paths lead to through any links, on
how it was asked (the story as named, the working folder, the format, ``--uncited``) and on the
code that checks and prints. After each check the output is stored with a hash of each file read
(or why it could not be read) and the file its path leads to, the list of the story folder's YAML
files, and how it was asked. The next check asked the same way hashes the same files, lists
the folder again, and prints the stored output when nothing differs, without loading the story.
A change to any input, a new or removed story file, or a new checker misses, and the story is
checked afresh (itself helped by the caches of parsed files and of verdicts).

Light by design: this module is imported before anything that loading a story needs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from story.core.caches import entry_path, file_state, source_digest, used, write_json
from story.loading.listing import story_files

FORMAT = 1
"""The layout of the file; a file of another layout is ignored."""
KEEP = 8
"""Outputs kept per story folder: one per way of asking, the latest first."""


def output_version() -> str:
    """A hash of the code a report's output depends on: the loader, the rules, the model and the command."""
    return source_digest("checking", "core", "loading", "commands")


class Output:
    """What a check printed: its standard output and error, and its exit status."""

    __slots__ = ("stdout", "stderr", "status")

    def __init__(self, stdout: str, stderr: str, status: int) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.status = status


class StoredReports:
    """The outputs stored for one story folder, each under how it was asked."""

    def __init__(self, root: Path, asked: list[str], folder: Path | None = None) -> None:
        self.root = root
        self.path = entry_path("reports", root, folder)
        # Positions are printed relative to the working folder, through any links: both count.
        self.asked = json.dumps([str(root), os.getcwd(), *asked])
        self.listing = [str(path) for path in story_files(root)]
        """The story folder's YAML files, listed before the check, so that a file added while it
        runs is never taken as checked."""

    def _read(self) -> list[dict[str, object]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return []
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != output_version():
            return []
        entries = data.get("entries")
        return [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []

    def lookup(self) -> Output | None:
        """The stored output, when it was asked for the same way and every input is unchanged."""
        for entry in self._read():
            if entry.get("asked") != self.asked:
                continue
            inputs, listing = entry.get("inputs"), entry.get("listing")
            if not isinstance(inputs, dict) or listing != self.listing:
                return None
            if any(file_state(path) != seen for path, seen in inputs.items()):
                return None
            stdout, stderr, status = entry.get("stdout"), entry.get("stderr"), entry.get("status")
            if isinstance(stdout, str) and isinstance(stderr, str) and isinstance(status, int):
                return Output(stdout, stderr, status)
            return None
        return None

    def used(self) -> None:
        """Mark the story's cached entries as used now, so that pruning keeps them."""
        used(self.root, self.path.parent)

    def store(self, inputs: dict[str, str], output: Output) -> None:
        """Keep the output of a check that read ``inputs``; never fail a check."""
        entry = {
            "asked": self.asked,
            "listing": self.listing,
            "inputs": {path: file_state(path, digest) for path, digest in inputs.items()},
            "stdout": output.stdout,
            "stderr": output.stderr,
            "status": output.status,
        }
        entries = [entry, *(old for old in self._read() if old.get("asked") != self.asked)][:KEEP]
        data = {"format": FORMAT, "version": output_version(), "entries": entries}
        write_json(self.path, data)
