"""A cache of verdicts, as ruff and mypy keep one: what the text rules found in each text, by hash.

The rules that read a text against its quotes (:data:`story.checking.rules.TEXT_RULES`) cost most
of a check, and an author changes a few texts at a time. Each text's verdict is kept under a key
that hashes everything the verdict depends on:

- the text, what it is, where it stands and the file lines it spans (diagnostics carry positions);
- its citations, and the text of every source (a quote's line, an article's scopes);
- the story's vocabulary, and which of the text's words the story's other texts write in lowercase
  (that makes a capitalised word ordinary rather than a name);
- the checker's version: the package version and a hash of the checker's own source files.

A change to any of these misses the cache, so a verdict read from it is the one the rules would
give. The cache is one JSON file per story folder in the user's cache folder
(``$STORY_CACHE_DIR``, else the platform's, such as ``~/.cache/story`` on Linux); deleting it is
always safe, and a file that cannot be read is ignored. ``story check --no-cache`` neither reads
nor writes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from story.core.caches import cache_dir, source_digest
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Citation, Story, Text
from story.loading.files import StoryFiles

FORMAT = 1
"""The layout of the cache file; a file of another layout is ignored."""

VisibleText = tuple[Text, list[Citation] | None, str]

_WORD = re.compile(r"[\w'’-]+")
_PART = re.compile(r"\w+")
"""A text's words, whole and in parts, lowercased: with each less a plural ending, a superset of the
words whose being ordinary (written in lowercase elsewhere) can change a verdict on the text."""


def checker_version() -> str:
    """A hash of the package version and every source file a verdict can depend on.

    Any edit to the checker, the loader or the model (a rule, the stemmer's tables, a message)
    changes it, so a verdict from an older checker is never read.
    """
    return source_digest("checking", "core", "loading")


def story_context(story: Story) -> str:
    """What every verdict of a story depends on beyond its own text: sources, vocabulary, checker."""
    digest = hashlib.sha256(checker_version().encode())
    for source_id in sorted(story.sources):
        source = story.sources[source_id]
        digest.update(f"\0{source_id}\0{source.title or ''}\0{source.label or ''}\0".encode())
        digest.update(source.text.encode())
    digest.update(json.dumps([entry.value for entry in story.vocabulary]).encode())
    digest.update(json.dumps(sorted(story.broken)).encode())
    return digest.hexdigest()


def text_key(item: VisibleText, context: str, files: StoryFiles, ordinary: frozenset[str]) -> str:
    """The key of one text's verdict (see the module's docstring for what it hashes)."""
    text, cites, what = item
    lines = files.lines.get(text.pos.file, [])
    span = lines[max(0, text.pos.line - 1) : max(text.end_line, text.pos.line)]
    lowered = text.value.lower()
    words = set(_WORD.findall(lowered)) | set(_PART.findall(lowered))
    parts = (
        context,
        what,
        text.value,
        (text.pos.file, text.pos.line, text.pos.column, text.end_line, text.plain),
        tuple(span),
        None if cites is None else tuple((c.source, c.quote) for c in cites),
        tuple(sorted({form for word in words for form in (word, word[:-1], word[:-2]) if form in ordinary})),
    )
    # The repr of strings, numbers and tuples of them is unambiguous, and quicker to make than JSON.
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class Verdicts:
    """The verdicts cached for one story folder: read once, written back once."""

    def __init__(self, story_root: Path, folder: Path | None = None) -> None:
        root = str(story_root.resolve())
        name = "verdicts-" + hashlib.sha256(root.encode()).hexdigest()[:16] + ".json"
        self.path = (folder or cache_dir()) / name
        self._old: dict[str, dict[str, list[object]]] = self._read()
        self._new: dict[str, dict[str, list[object]]] = {}
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, dict[str, list[object]]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return {}  # no cache yet, or one that cannot be read: start afresh
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("checker") != checker_version():
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> tuple[list[Diagnostic], set[str]] | None:
        """The diagnostics and needed vocabulary stems of a text, or ``None`` when not cached."""
        entry = self._old.get(key)
        if entry is None:
            self.misses += 1
            return None
        try:
            diagnostics = [_diagnostic(data) for data in entry["diagnostics"]]
            needed = {str(word) for word in entry["needed"]}
        except (KeyError, TypeError, ValueError):
            self.misses += 1
            return None  # an entry of another shape: judge the text again
        self._new[key] = entry
        self.hits += 1
        return diagnostics, needed

    def put(self, key: str, diagnostics: Iterable[Diagnostic], needed: Iterable[str]) -> None:
        self._new[key] = {"diagnostics": [_data(d) for d in diagnostics], "needed": list(sorted(needed))}

    def save(self) -> None:
        """Write the verdicts of this run (only those: stale ones go) atomically; never fail a check."""
        if self._new.keys() == self._old.keys():
            return
        data = {"format": FORMAT, "checker": checker_version(), "entries": self._new}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".verdicts-", suffix=".tmp", dir=self.path.parent)
        except OSError:
            return  # a cache that cannot be written only costs the next check its speed
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def _data(diagnostic: Diagnostic) -> list[object]:
    pos = diagnostic.pos
    return [
        pos.file,
        pos.line,
        pos.column,
        str(diagnostic.code),
        diagnostic.message,
        diagnostic.hint,
        list(diagnostic.related),
    ]


def _diagnostic(data: object) -> Diagnostic:
    if not isinstance(data, list) or len(data) != 7:
        raise ValueError("not a cached diagnostic")
    file, line, column, code, message, hint, related = data
    return Diagnostic(Pos(str(file), int(line), int(column)), code, str(message), str(hint), tuple(map(str, related)))
