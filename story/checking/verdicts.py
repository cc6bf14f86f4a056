"""A cache of verdicts, as ruff and mypy keep one: what the text rules found in each file and text, by hash.

The rules that read a text against its quotes (:data:`story.checking.rules.TEXT_RULES`) cost most
of a check, and an author changes a few texts at a time. What they found is kept at two levels:

- **each file**, under a key that hashes the file's bytes (its texts, their positions and quotes)
  and what its texts' verdicts depend on beyond the file: which of its items the story kept (an
  id claimed twice keeps only the first), the quotes of every scene its choices lead to, and which
  of its words other texts write in lowercase. A file whose key is unchanged is not read again;
- **each text** of a file that did change, under a key that hashes the text, what it is, where it
  stands and the file lines it spans, its citations, and which of its words other texts write in
  lowercase (that makes a capitalised word ordinary rather than a name). Only the texts that
  changed are judged again.

Both keys also hash the story's context: the text of every source, the vocabulary, and the
checker's version (the package version and a hash of the checker's own source files). A change to
any input misses the cache, so a verdict read from it is the one the rules would give. Each file's
words (those it writes in lowercase, and the forms of all its words) are kept by a hash of its
bytes too, so that a check with nothing changed reads no text at all.

The cache is one JSON file per story folder in the user's cache folder (``$STORY_CACHE_DIR``, else
the platform's, such as ``~/.cache/story`` on Linux); deleting it is always safe, and a file that
cannot be read is ignored. ``story check --no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from story.core.caches import entry_path, source_digest, write_json
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Citation, Fact, Moment, Story, Term, Text, Unknown
from story.core.parallel import in_parts
from story.core.queries import entries, every_scene, narration_cites, visible_texts
from story.loading.files import StoryFiles

FORMAT = 3
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
    """What every verdict of a story depends on beyond its own text: sources (and which could not
    be read), vocabulary, checker."""
    digest = hashlib.sha256(checker_version().encode())
    for source_id in sorted(story.sources):
        source = story.sources[source_id]
        digest.update(f"\0{source_id}\0{source.title or ''}\0{source.label or ''}\0".encode())
        digest.update(source.text.encode())
    digest.update(json.dumps([entry.value for entry in story.vocabulary]).encode())
    digest.update(json.dumps(sorted(story.broken)).encode())
    unreadable = story.unreadable_sources
    digest.update(json.dumps(None if unreadable is None else sorted(unreadable)).encode())
    return digest.hexdigest()


def text_key(item: VisibleText, context: str, files: StoryFiles, ordinary: frozenset[str]) -> str:
    """The key of one text's verdict (see the module's docstring for what it hashes)."""
    text, cites, what = item
    lines = files.lines.get(text.pos.file, [])
    span = lines[max(0, text.pos.line - 1) : max(text.end_line, text.pos.line)]
    parts = (
        context,
        what,
        text.value,
        (text.pos.file, text.pos.line, text.pos.column, text.end_line, text.plain),
        tuple(span),
        None if cites is None else tuple((c.source, c.quote) for c in cites),
        tuple(sorted(forms([text.value]) & ordinary)),
    )
    # The repr of strings, numbers and tuples of them is unambiguous, and quicker to make than JSON.
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def forms(texts: Iterable[str]) -> set[str]:
    """The words of some texts, whole and in parts, lowercased, each also less a plural ending."""
    found: set[str] = set()
    for value in texts:
        lowered = value.lower()
        words = set(_WORD.findall(lowered)) | set(_PART.findall(lowered))
        found |= words
        found.update(word[:-1] for word in words)
        found.update(word[:-2] for word in words)
    return found


def file_key(context: str, name: str, shown: str, relevant: Iterable[str]) -> str:
    """The key of one file's verdicts (see the module's docstring for what it hashes).

    ``shown`` is :func:`shown_key`: the file's bytes and what other files make of them.
    """
    parts = (context, name, shown, tuple(sorted(relevant)))
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def shown_key(digest: str, fingerprint: list[object]) -> str:
    """A hash of a file's bytes and of its fingerprint (:func:`fingerprints`): what its texts are,
    which of them the story shows, and what its choices lead to."""
    return hashlib.blake2b(
        repr((digest, tuple(fingerprint))).encode("utf-8", "surrogatepass"), digest_size=20
    ).hexdigest()


def fingerprints(story: Story) -> dict[str, list[object]]:
    """For each file, what its texts' verdicts depend on in other files.

    That is which of its scenes and entries the story kept (a second scene or entry with an id
    already claimed is left out, and so are its texts), and the quotes of the scene each of its
    choices leads to (a choice's label is checked against them).
    """
    prints: dict[str, list[object]] = {}
    prints.setdefault(story.pos.file, []).append(("story", story.pos.line, story.pos.column))
    quoted: dict[str, object] = {}
    """The quotes of each scene a choice leads to, made once per scene."""
    for scene in every_scene(story):
        found = prints.setdefault(scene.pos.file, [])
        found.append(("scene", scene.pos.line, scene.pos.column))
        for choice in scene.choices:
            cites = quoted.get(choice.target, quoted)
            if cites is quoted:
                target = story.scenes.get(choice.target)
                narration = narration_cites(target) if target is not None else None
                cites = None if narration is None else tuple((c.source, c.quote) for c in narration)
                quoted[choice.target] = cites
            found.append((choice.target, cites))
    kept: list[Fact | Unknown | Term | Moment] = [
        *entries(story, Fact),
        *entries(story, Unknown),
        *entries(story, Term),
        *entries(story, Moment),
    ]
    for item in kept:
        prints.setdefault(item.pos.file, []).append((type(item).__name__, item.pos.line, item.pos.column))
    return prints


FileEntry = dict[str, Any]
"""A file's entry in the cache: ``shown``, ``lowercase`` and ``forms`` (its words, by a hash of its
bytes and of which of its texts the story shows), ``key``, ``count``, ``diagnostics`` and
``needed`` (its verdicts, by its key), and ``texts`` (each text's verdict, by the text's key)."""


class Verdicts:
    """The verdicts cached for one story folder: read once, written back once."""

    def __init__(self, story_root: Path, folder: Path | None = None) -> None:
        self.path = entry_path("verdicts", story_root, folder)
        self._old: dict[str, FileEntry] = self._read()
        self._new: dict[str, FileEntry] = {}
        self.hits = 0
        """Texts whose verdict was read from the cache."""
        self.misses = 0
        """Texts judged afresh."""

    def _read(self) -> dict[str, FileEntry]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return {}  # no cache yet, or one that cannot be read: start afresh
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("checker") != checker_version():
            return {}
        files = data.get("files")
        if not isinstance(files, dict):
            return {}
        return {name: entry for name, entry in files.items() if isinstance(entry, dict)}

    def words(self, name: str, shown: str) -> tuple[frozenset[str], frozenset[str]] | None:
        """The words a file's texts write in lowercase and the forms of all their words, if cached.

        ``shown`` (:func:`shown_key`) says which texts those are: another file can hide some (an
        id claimed twice keeps the first), and the story's ordinary words are made from those shown.
        """
        entry = self._old.get(name)
        if entry is None or entry.get("shown") != shown:
            return None
        lowercase, every = entry.get("lowercase"), entry.get("forms")
        if not isinstance(lowercase, list) or not isinstance(every, list):
            return None
        return frozenset(map(str, lowercase)), frozenset(map(str, every))

    def file(self, name: str, key: str) -> tuple[list[Diagnostic], set[str]] | None:
        """The diagnostics and needed vocabulary stems of a whole file, when cached under ``key``."""
        entry = self._old.get(name)
        if entry is None or entry.get("key") != key:
            return None
        try:
            found = _verdict(entry)
            count = int(entry["count"])
        except (KeyError, TypeError, ValueError):
            return None  # an entry of another shape: judge the file again
        self._new[name] = entry
        self.hits += count
        return found

    def text(self, name: str, key: str) -> tuple[list[Diagnostic], set[str]] | None:
        """The diagnostics and needed vocabulary stems of one text of a file, or ``None`` when not cached."""
        entry = self._old.get(name)
        texts = entry.get("texts") if entry is not None else None
        cached = texts.get(key) if isinstance(texts, dict) else None
        try:
            found = _verdict(cached)
        except (KeyError, TypeError, ValueError):
            self.misses += 1
            return None  # not cached, or an entry of another shape: judge the text again
        self.hits += 1
        return found

    def put(
        self,
        name: str,
        shown: str,
        words: tuple[frozenset[str], frozenset[str]],
        key: str,
        texts: dict[str, tuple[list[Diagnostic], set[str]]],
    ) -> None:
        """Keep a file's words and verdicts: each of its texts' by the text's key, and all of them by ``key``."""
        diagnostics = [d for found, _ in texts.values() for d in found]
        needed = set().union(*(stems for _, stems in texts.values()))
        self._new[name] = {
            "shown": shown,
            "lowercase": sorted(words[0]),
            "forms": sorted(words[1]),
            "key": key,
            "count": len(texts),
            **_entry(diagnostics, needed),
            "texts": {text: _entry(*verdict) for text, verdict in texts.items()},
        }

    def save(self) -> None:
        """Write the verdicts of this check (only those: stale ones go) atomically; never fail a check."""
        if self._new == self._old:
            return
        data = {"format": FORMAT, "checker": checker_version(), "files": self._new}
        write_json(self.path, data)


def judge(story: Story, files: StoryFiles, verdicts: Verdicts) -> tuple[list[Diagnostic], set[str]]:
    """The text rules' diagnostics and needed vocabulary stems, from the cache wherever it holds them.

    A file whose key is cached is not read at all. The texts of every other file are looked up
    one by one, and those not cached are judged by the text rules (imported only then). The
    story's ordinary words are made from each file's, cached by the file's bytes, and handed to
    the rules, so that they do not read every text of the story to find them.
    """
    from story.checking.rules import TEXT_RULES, load
    from story.checking.rules.texts import remember_ordinary
    from story.checking.text.details import ordinary_words

    context = story_context(story)
    prints = fingerprints(story)
    shown = {name: shown_key(digest, prints.get(name, [])) for name, digest in files.digests.items()}
    cached_words = {name: verdicts.words(name, shown[name]) for name in files.digests}
    unread = [name for name, cached in cached_words.items() if cached is None]
    grouped = _by_file(story, unread) if unread else {}
    words: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for name, cached in cached_words.items():
        if cached is None:
            values = [text.value for text, _, _ in grouped.get(name, [])]
            cached = ordinary_words(values), frozenset(forms(values))
        words[name] = cached
    lowercase = ordinary_words([source.text for source in story.sources.values()]).union(
        *(lower for lower, _ in words.values())
    )
    found: list[Diagnostic] = []
    needed: set[str] = set()
    unjudged: list[tuple[str, str]] = []
    for name in files.digests:
        key = file_key(context, name, shown[name], words[name][1] & lowercase)
        cached_file = verdicts.file(name, key)
        if cached_file is None:
            unjudged.append((name, key))
        else:
            found.extend(cached_file[0])
            needed |= cached_file[1]
    if not unjudged:
        return found, needed
    # Every text is written in a file the loader read, so the texts of these files are all the
    # texts still to judge.
    grouped.update(_by_file(story, [name for name, _ in unjudged if name not in unread]))
    remember_ordinary(story, lowercase)
    # Each text's verdict, from the cache where it holds it; the texts it does not hold are judged
    # together, shared out over the cores when there are many (story.core.parallel).
    texts_of = {
        name: _cached_texts(verdicts, name, grouped.get(name, []), context, files, lowercase) for name, _ in unjudged
    }
    misses = [
        (name, item_key, item)
        for name, texts in texts_of.items()
        for item_key, (item, verdict) in texts.items()
        if verdict is None
    ]
    if misses:
        rules = load(TEXT_RULES)

        def judge_part(part: Sequence[tuple[str, str, VisibleText]]) -> list[tuple[list[Diagnostic], set[str]]]:
            return [_judge_text(story, files, item, rules) for _, _, item in part]

        judged = [verdict for part in in_parts(judge_part, misses) for verdict in part]
        for (name, item_key, item), verdict in zip(misses, judged, strict=True):
            texts_of[name][item_key] = (item, verdict)
    for name, key in unjudged:
        texts = {item_key: verdict for item_key, (_, verdict) in texts_of[name].items() if verdict is not None}
        verdicts.put(name, shown[name], words[name], key, texts)
        for diagnostics, stems in texts.values():
            found.extend(diagnostics)
            needed |= stems
    return found, needed


def _cached_texts(
    verdicts: Verdicts, name: str, items: list[VisibleText], context: str, files: StoryFiles, lowercase: frozenset[str]
) -> dict[str, tuple[VisibleText, tuple[list[Diagnostic], set[str]] | None]]:
    """The texts of a file by key, each with its cached verdict (``None`` where there is none)."""
    keyed = {}
    for item in items:
        item_key = text_key(item, context, files, lowercase)
        keyed[item_key] = (item, verdicts.text(name, item_key))
    return keyed


def _judge_text(
    story: Story, files: StoryFiles, item: VisibleText, rules: list[Any]
) -> tuple[list[Diagnostic], set[str]]:
    from story.checking.rules.vocabulary import needed_stems

    return [d for rule in rules for d in rule(story, files, [item])], needed_stems(story, [item])


def _by_file(story: Story, names: Iterable[str] | None = None) -> dict[str, list[VisibleText]]:
    """The story's visible texts (those written in the files ``names``), grouped by file."""
    grouped: dict[str, list[VisibleText]] = {}
    for item in visible_texts(story, files=None if names is None else frozenset(names)):
        grouped.setdefault(item[0].pos.file, []).append(item)
    return grouped


def _entry(diagnostics: Iterable[Diagnostic], needed: Iterable[str]) -> dict[str, list[Any]]:
    return {"diagnostics": [_data(d) for d in diagnostics], "needed": sorted(needed)}


def _verdict(entry: object) -> tuple[list[Diagnostic], set[str]]:
    if not isinstance(entry, dict):
        raise ValueError("not a cached verdict")
    return [_diagnostic(data) for data in entry["diagnostics"]], {str(word) for word in entry["needed"]}


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
