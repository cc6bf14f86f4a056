"""Read a story's files: each YAML file into a node tree, and its raw lines to place a word in it."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Text
from story.loading.node import Node


class StoryFiles:
    """The raw lines of every file read, to place words inside multi-line text."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}
        self.digests: dict[str, str] = {}
        """A hash of each story file's bytes, by file: what a cache keys the file's verdicts by."""
        self.inputs: dict[str, str] = {}
        """Every file the story was read from (its files, the sources manifest as named and as
        read, the articles), with a hash of its bytes or why it could not be read
        (:func:`story.core.caches.file_digest`): a stored report of the story holds while each is
        unchanged and no file joins the story folder."""
        self._found: dict[tuple[Pos, str], list[Pos]] = {}
        """Every place of a word in a text's lines, found once (a long text may have many)."""

    def locate(self, text: Text, word: str, occurrence: int = 0) -> Pos:
        """Position of the ``occurrence``-th appearance of ``word`` in a piece of text.

        An appearance is a whole-word match, as counted by :func:`occurrence`. Folded and quoted YAML
        scalars do not keep a simple column mapping, so this looks for the word in the file
        lines the text spans. Falls back to the text's own position.
        """
        if not word or text.pos.file not in self.lines:
            return text.pos
        key = (text.pos, word)
        places = self._found.get(key)
        if places is None:
            places = self._found[key] = self._find_all(text, word)
        return places[occurrence] if 0 <= occurrence < len(places) else text.pos

    def _find_all(self, text: Text, word: str) -> list[Pos]:
        lines = self.lines[text.pos.file]
        # In a single-quoted scalar an apostrophe is written twice: "Kim''s".
        spellings = [word, word.replace("'", "''")] if "'" in word else [word]
        places: list[Pos] = []
        last = min(len(lines), max(text.end_line, text.pos.line))
        for number in range(text.pos.line, last + 1):
            skip = text.pos.column - 1 if number == text.pos.line else 0
            line = lines[number - 1]
            starts = sorted({start for spelling in spellings for start in _starts(line, spelling) if start >= skip})
            places.extend(Pos(text.pos.file, number, start + 1) for start in starts)
        return places


_RUN = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[dict[str, list[int]], frozenset[int]]:
    """Where each run of word characters starts, by its text; and where runs end."""
    index: dict[str, list[int]] = {}
    ends = set()
    for match in _RUN.finditer(text):
        index.setdefault(match.group(), []).append(match.start())
        ends.add(match.end())
    return index, frozenset(ends)


@lru_cache(maxsize=4096)
def _starts(text: str, word: str) -> list[int]:
    """Offsets of the whole-word matches of ``word`` in ``text``.

    A whole-word match neither starts nor ends inside a run of word characters, as with the
    pattern ``(?<!\\w)word(?!\\w)``. Looking candidates up by the word's first run keeps this
    linear in the length of the text, however many words are looked for.
    """
    first = _RUN.match(word)
    if first is None:  # does not begin with a word character: rare, so scan
        pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
        return [match.start() for match in pattern.finditer(text)]
    index, ends = _runs(text)
    size = len(word)
    ends_in_word = bool(_RUN.fullmatch(word[-1]))
    found = []
    for start in index.get(first.group(), ()):
        end = start + size
        if not text.startswith(word, start):
            continue
        if end in ends if ends_in_word else (end == len(text) or not _RUN.match(text[end])):
            found.append(start)
    return found


def occurrence(text: str, word: str, start: int) -> int:
    """How many whole-word matches of ``word`` come before offset ``start`` of ``text``.

    This is the ``occurrence`` that :meth:`StoryFiles.locate` expects: "Kim" in "Kim's son
    and Kim" occurs twice, since an apostrophe ends a whole-word match.
    """
    return bisect.bisect_left(_starts(text, word), start)


def read_yaml(file: Path, diagnostics: list[Diagnostic], files: StoryFiles | None = None) -> Node | None:
    """Read one YAML file into a node tree, reporting problems."""
    name = str(file)
    try:
        data = file.read_bytes()
    except OSError as error:
        diagnostics.append(Diagnostic(Pos(name), Code.UNREADABLE_PATH, f"cannot read file: {error.strerror or error}"))
        return None
    root, parsed = parse_yaml(data, name, diagnostics)
    if parsed and files is not None:
        files.lines[name] = file_lines(data)
    return root


def parse_yaml(data: bytes, name: str, diagnostics: list[Diagnostic]) -> tuple[Node | None, bool]:
    """A file's top-level mapping, from its bytes, reporting problems.

    Returns:
        The mapping (``None`` when the file is broken or holds something else), and whether the
        file was read as YAML at all (its lines are then worth keeping for positions).
    """
    from story.loading.yamlsafe import load_file  # PyYAML is imported only when a file is parsed

    root, found = load_file(data, name)
    diagnostics.extend(found)
    if root is not None and root.kind != "map":
        diagnostics.append(
            Diagnostic(
                root.pos,
                Code.NOT_A_MAPPING,
                f"the top level of a story file must be a mapping, not {'a list' if root.kind == 'seq' else 'text'}",
                "start the file with a section such as `scenes:`",
            )
        )
        return None, True
    return root, root is not None


def file_lines(data: bytes) -> list[str]:
    """A file's lines, as positions count them."""
    return data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
