"""The cache of parsed files: each story file's sections, as last read, by a hash of its bytes.

Parsing and validating YAML is most of what loading a large story costs, and an author changes
one file at a time. What a file holds (:class:`~story.loading.sections.FileSections`: its scenes,
facts and other sections, and the problems found in it alone) depends on nothing but its bytes
and the loader's code, so it is kept in the user's cache folder under a hash of both, and read
back while both are unchanged. What depends on other files (ids claimed twice, quotes found in
their sources, every rule) is worked out afresh from the sections at every check.

There is one entry per story file, in one folder per story: an edited file replaces its own
entry, and a file that is gone takes its entry with it at the next check. Entries are pickled,
so they are read only from a folder that is the user's own and that no one else can write in.
An entry that cannot be read is ignored; deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from story.core.caches import entry_path, loader_version, open_private, private_folder, write_atomically
from story.loading.sections import FileSections

FORMAT = 1
"""The layout of an entry; an entry of another layout is ignored."""

_SUFFIX = ".pickle"


def parsed_files(story_root: Path) -> ParsedFiles | None:
    """The cache of parsed files for a story folder, or ``None`` when no cache folder can be had."""
    try:
        return ParsedFiles(story_root)
    except (OSError, RuntimeError):  # no home folder, say: the cache only saves time
        return None


class ParsedFiles:
    """The parsed files cached for one story folder: each read when loaded, written back at :meth:`save`."""

    def __init__(self, story_root: Path, folder: Path | None = None) -> None:
        self.root = story_root.resolve()
        self.folder = entry_path("parsed", self.root, folder)
        self.usable = private_folder(self.folder)
        self._new: dict[str, bytes] = {}
        """Entries to write, by entry name."""
        self._seen: set[str] = set()
        """Every entry name of this check's files, kept at :meth:`save`; the rest are removed."""
        self.hits = 0
        self.misses = 0

    def _entry(self, file: Path) -> str:
        try:
            where = file.resolve().relative_to(self.root).as_posix()
        except ValueError:
            where = str(file.resolve())
        return hashlib.sha256(os.fsencode(where)).hexdigest()[:24] + _SUFFIX

    @staticmethod
    def _header(file: Path, digest: str) -> tuple[int, str, str, str]:
        return (FORMAT, loader_version(), str(file), digest)

    def get(self, file: Path, digest: str) -> FileSections | None:
        """The sections of ``file`` as cached for the bytes of this SHA-256 ``digest``, or ``None``."""
        entry = self._entry(file)
        self._seen.add(entry)
        if not self.usable:
            self.misses += 1
            return None
        try:
            with open_private(self.folder / entry) as handle:
                if pickle.load(handle) != self._header(file, digest):
                    raise ValueError("an entry for other bytes, another path or another loader")
                sections = pickle.load(handle)
        # A missing, truncated, stale or foreign entry alike: the file is parsed again. Unpickling
        # can raise nearly anything on a damaged entry, and a cache must never fail a check.
        except Exception:  # noqa: BLE001
            self.misses += 1
            return None
        if not isinstance(sections, FileSections):
            self.misses += 1
            return None
        self.hits += 1
        return sections

    def put(self, file: Path, digest: str, sections: FileSections) -> None:
        """Keep the sections of ``file`` as just read: pickled now, before the story is built from them."""
        if not self.usable:
            return
        header = pickle.dumps(self._header(file, digest), protocol=pickle.HIGHEST_PROTOCOL)
        self._new[self._entry(file)] = header + pickle.dumps(sections, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the new entries atomically and remove those of files no longer in the story; never fail a check."""
        if not self.usable:
            return
        for entry, payload in self._new.items():
            if not write_atomically(self.folder / entry, payload):
                return  # a cache that cannot be written only costs the next check its speed
        self._new.clear()
        try:
            stale = [path for path in self.folder.iterdir() if path.suffix == _SUFFIX and path.name not in self._seen]
            for path in stale:
                path.unlink(missing_ok=True)
        except OSError:
            pass
