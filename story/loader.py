"""Load a story folder into the model, collecting every problem as a diagnostic.

Loading never raises for bad input: a broken file is reported and skipped, a broken scene is
reported and the rest still load, so that ``story check`` can report everything at once.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Pos
from .model import (
    Account,
    Checkpoint,
    Choice,
    Citation,
    Fact,
    Moment,
    Option,
    Passage,
    Scene,
    Story,
    Term,
    Text,
    Unknown,
)
from .schema import validate
from .sources import Source
from .yamlsafe import Node, is_null, load_file, paused_gc

MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sources"],
    "properties": {
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "file"],
                "properties": {
                    "id": {"type": "string", "minLength": 1, "description": "Source id."},
                    "file": {
                        "type": "string",
                        "minLength": 1,
                        "description": "Article file, relative to the manifest.",
                    },
                    "title": {"type": "string", "minLength": 1, "description": "Title, as printed in the article."},
                },
            },
        }
    },
}


class StoryFiles:
    """The raw lines of every file read, to place words inside multi-line text."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}
        self.unreadable_sources: set[str] | None = None
        """Source ids the manifest names but whose article could not be read; ``None`` when
        the manifest itself could not be read. Quotes citing these are not checked, since the
        problem is already reported once where the sources are named."""
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


def story_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` file under a story folder, in a stable order.

    Hidden files and folders (``.git``, ``.venv``, the ``._name.yaml`` files macOS leaves on
    copied drives, editors' lock files) are not part of the story.
    """
    return sorted(
        path
        for path in root.rglob("*.yaml")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def load_story(path: Path | str) -> tuple[Story | None, list[Diagnostic], StoryFiles]:
    """Load a story folder (or the folder of a story file).

    Args:
        path: A story folder, or any YAML file inside one.

    Returns:
        The story (``None`` if nothing usable was found), the diagnostics, and the raw files.
    """
    root = Path(path)
    if root.is_file():
        root = root.parent
    files = StoryFiles()
    diagnostics: list[Diagnostic] = []
    builder = _Builder(diagnostics, files)
    paths = story_files(root)
    if not paths:
        diagnostics.append(
            Diagnostic(Pos(str(root)), "E100", "no *.yaml files in the story folder", "point at a story folder")
        )
        return None, diagnostics, files
    with paused_gc():
        for file in paths:
            builder.read(file)
        story = builder.finish(root)
    return story, diagnostics, files


def read_yaml(file: Path, diagnostics: list[Diagnostic], files: StoryFiles | None = None) -> Node | None:
    """Read one YAML file into a node tree, reporting problems."""
    name = str(file)
    try:
        data = file.read_bytes()
    except OSError as error:
        diagnostics.append(Diagnostic(Pos(name), "E100", f"cannot read file: {error.strerror or error}"))
        return None
    root, found = load_file(data, name)
    diagnostics.extend(found)
    if root is not None and files is not None:
        files.lines[name] = data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if root is not None and root.kind != "map":
        diagnostics.append(
            Diagnostic(
                root.pos,
                "E108",
                f"the top level of a story file must be a mapping, not {'a list' if root.kind == 'seq' else 'text'}",
                "start the file with a section such as `scenes:`",
            )
        )
        return None
    return root


def load_sources(
    manifest: Path, diagnostics: list[Diagnostic], where: Pos, unreadable: set[str] | None = None
) -> dict[str, Source]:
    """Load the sources manifest and the articles it names.

    Args:
        manifest: The manifest file.
        diagnostics: Where problems are reported.
        where: Position of the ``sources:`` value that names the manifest.
        unreadable: Filled with the ids of sources whose article could not be read.
    """
    if not manifest.is_file():
        diagnostics.append(
            Diagnostic(
                where, "E203", f"sources manifest not found: {manifest}", "give a path relative to the story file"
            )
        )
        return {}
    node = read_yaml(manifest, diagnostics)
    if node is None:
        return {}
    unreadable = set() if unreadable is None else unreadable
    problems = validate(node, MANIFEST_SCHEMA, "sources manifest")
    diagnostics.extend(problems)
    sources: dict[str, Source] = {}
    entries = node.get("sources")
    for entry in entries.items() if entries is not None else []:
        if entry.kind != "map":
            continue
        id_node, file_node, title_node = entry.get("id"), entry.get("file"), entry.get("title")
        if id_node is None or file_node is None or id_node.kind != "scalar" or file_node.kind != "scalar":
            continue
        source_id = id_node.text
        if source_id in sources:
            diagnostics.append(Diagnostic(id_node.pos, "E401", f"duplicate source id {source_id!r}"))
            continue
        article = manifest.parent / file_node.text
        try:
            text = article.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            diagnostics.append(
                Diagnostic(file_node.pos, "E203", f"cannot read source {source_id} ({article}): {reason}")
            )
            unreadable.add(source_id)
            continue
        title = title_node.text if title_node is not None and title_node.kind == "scalar" else None
        source = Source(source_id, article, text, title)
        if title and source.find(title) is None:
            diagnostics.append(
                Diagnostic(
                    title_node.pos if title_node else entry.pos,
                    "E201",
                    f"title not found in source {source_id}: {title!r}",
                    "take the title from the article's own text, or leave it out",
                )
            )
        sources[source_id] = source
    return sources


class _Builder:
    """Turns validated YAML trees into model objects, skipping what is broken."""

    def __init__(self, diagnostics: list[Diagnostic], files: StoryFiles) -> None:
        self.diagnostics = diagnostics
        self.files = files
        self.story_node: tuple[Path, Node] | None = None
        self.scenes: list[Scene] = []
        self.facts: list[Fact] = []
        self.unknowns: list[Unknown] = []
        self.terms: list[Term] = []
        self.timeline: list[Moment] = []
        self.timeline_pos: Pos | None = None
        self.paths: list[str] = []

    def read(self, file: Path) -> None:
        root = read_yaml(file, self.diagnostics, self.files)
        self.paths.append(str(file))
        if root is None:
            return
        self.diagnostics.extend(validate(root))
        story = root.get("story")
        if story is not None:
            if self.story_node is not None:
                self.diagnostics.append(
                    Diagnostic(
                        root.keys["story"].pos,
                        "E601",
                        "a second `story:` section",
                        f"the story is already defined in {self.story_node[0]}; keep one",
                    )
                )
            else:
                self.story_node = (file, story)
        for node in _seq(root.get("scenes")):
            scene = self._scene(node)
            if scene:
                self.scenes.append(scene)
        for node in _seq(root.get("facts")):
            fact = self._fact(node)
            if fact:
                self.facts.append(fact)
        for node in _seq(root.get("unknowns")):
            ident = _plain_text(node.get("id"))
            if ident:
                self.unknowns.append(Unknown(ident, self._passage_or_blank(node), node.pos))
        for node in _seq(root.get("glossary")):
            ident = _plain_text(node.get("id"))
            if ident:
                term = self._text(node.get("term")) or _blank(node)
                self.terms.append(Term(ident, term, self._passage_or_blank(node), node.pos))
        timeline = root.get("timeline")
        if timeline is not None:
            if self.timeline_pos is not None:
                self.diagnostics.append(
                    Diagnostic(
                        root.keys["timeline"].pos,
                        "E602",
                        "the timeline is split across files",
                        f"keep the whole timeline in one list (first at {self.timeline_pos}) so its order is explicit",
                    )
                )
            self.timeline_pos = self.timeline_pos or root.keys["timeline"].pos
            for node in _seq(timeline):
                ident = _plain_text(node.get("id"))
                if ident:
                    when = self._text(node.get("when")) or _blank(node)
                    self.timeline.append(Moment(ident, when, self._passage_or_blank(node), node.pos))

    def finish(self, root: Path) -> Story | None:
        if self.story_node is None:
            self.diagnostics.append(
                Diagnostic(
                    Pos(str(root)),
                    "E601",
                    "no file in the story folder has a `story:` section",
                    "add a story.yaml with story: {title, cite, start, sources}",
                )
            )
            return None
        # A broken value here is already reported by the schema; carry on with a blank so that
        # the rest of the story is still checked.
        file, node = self.story_node
        title = self._text(node.get("title")) or _blank(node)
        start_node = node.get("start")
        start = _plain_text(start_node) or ""
        sources_node = node.get("sources")
        sources: dict[str, Source] = {}
        if sources_node is not None and sources_node.kind == "scalar" and sources_node.text.strip():
            unreadable: set[str] = set()
            sources = load_sources(file.parent / sources_node.text, self.diagnostics, sources_node.pos, unreadable)
            if sources or unreadable:
                self.files.unreadable_sources = unreadable
        story = Story(
            title=title,
            start=start,
            root=str(root),
            pos=node.pos,
            start_pos=start_node.pos if start_node is not None else node.pos,
            title_cite=self._cites(node.get("cite")),
            sources=sources,
            vocabulary=[t for t in (self._text(n) for n in _seq(node.get("vocabulary"))) if t],
            files=self.paths,
        )
        seen: dict[str, Pos] = {}

        def claim(ident: str, pos: Pos, kind: str) -> bool:
            if ident in seen:
                self.diagnostics.append(
                    Diagnostic(
                        pos,
                        "E401",
                        f"duplicate id {ident!r} ({kind})",
                        f"first used at {seen[ident]}; ids must be unique across scenes and the fact panel",
                    )
                )
                return False
            seen[ident] = pos
            return True

        for scene in self.scenes:
            if claim(scene.id, scene.pos, "scene"):
                story.scenes[scene.id] = scene
        for fact in self.facts:
            if claim(fact.id, fact.pos, "fact"):
                story.facts[fact.id] = fact
        for unknown in self.unknowns:
            if claim(unknown.id, unknown.pos, "unknown"):
                story.unknowns[unknown.id] = unknown
        for term in self.terms:
            if claim(term.id, term.pos, "glossary term"):
                story.glossary[term.id] = term
        for moment in self.timeline:
            if claim(moment.id, moment.pos, "timeline entry"):
                story.timeline.append(moment)
        return story

    # -- pieces -------------------------------------------------------------------------

    def _text(self, node: Node | None) -> Text | None:
        # A bare `no` is kept as the text it was meant to be; the schema reports it (E305).
        if node is None or node.kind != "scalar" or is_null(node):
            return None
        if not node.text.strip():
            return None
        end_line = node.end_line or node.pos.line
        return Text(node.text, node.pos, node.plain, end_line)

    def _cites(self, node: Node | None) -> list[Citation]:
        cites = []
        for item in _seq(node):
            source = item.get("source")
            quote = item.get("quote")
            if source is None or quote is None or source.kind != "scalar" or quote.kind != "scalar":
                continue
            cites.append(Citation(source.text, quote.text, quote.pos))
        return cites

    def _passage(self, node: Node) -> Passage | None:
        text = self._text(node.get("text"))
        if text is None:
            return None
        return Passage(text, self._cites(node.get("cite")), node.pos)

    def _passage_or_blank(self, node: Node) -> Passage:
        """The passage, or a blank one where its text is broken (already reported)."""
        return self._passage(node) or Passage(_blank(node), self._cites(node.get("cite")), node.pos)

    def _scene(self, node: Node) -> Scene | None:
        ident = _plain_text(node.get("id"))
        if ident is None:
            return None
        title = self._text(node.get("title")) or _blank(node)
        passages = [p for p in (self._passage(n) for n in _seq(node.get("passages"))) if p]
        choices = []
        for item in _seq(node.get("choices")):
            label = self._text(item.get("label")) or _blank(item)
            target = item.get("target")
            if target is not None and target.kind == "scalar":
                choices.append(Choice(label, target.text, item.pos, target.pos))
        ending = node.get("ending")
        scene = Scene(
            id=ident,
            title=title,
            passages=passages,
            choices=choices,
            pos=node.pos,
            ending=_flag(ending),
            unlocks=[(n.text, n.pos) for n in _seq(node.get("unlocks")) if n.kind == "scalar"],
            discuss=[p for p in (self._passage(n) for n in _seq(node.get("discuss"))) if p],
        )
        checkpoint = node.get("checkpoint")
        if checkpoint is not None and checkpoint.kind == "map":
            scene.checkpoint = self._checkpoint(checkpoint)
        return scene

    def _checkpoint(self, node: Node) -> Checkpoint | None:
        question = self._text(node.get("question")) or _blank(node)
        explanation_node = node.get("explanation")
        if explanation_node is not None and explanation_node.kind == "map":
            explanation = self._passage_or_blank(explanation_node)
        else:
            explanation = Passage(_blank(node), [], node.pos)
        options = []
        for item in _seq(node.get("options")):
            text = self._text(item.get("text")) or _blank(item)
            options.append(Option(text, self._cites(item.get("cite")), _flag(item.get("correct")), item.pos))
        return Checkpoint(question, options, explanation, node.pos, self._cites(node.get("cite")))

    def _fact(self, node: Node) -> Fact | None:
        ident = _plain_text(node.get("id"))
        if ident is None:
            return None
        fact = Fact(ident, self._text(node.get("title")) or _blank(node), node.pos)
        text_node = node.get("text")
        if text_node is not None:
            text = self._text(text_node) or _blank(node)
            fact.text = Passage(text, self._cites(node.get("cite")), node.pos)
        for item in _seq(node.get("accounts")):
            passage = self._passage_or_blank(item)
            fact.accounts.append(Account(passage.text, passage.cite, passage.pos))
        has_text = text_node is not None
        has_accounts = node.get("accounts") is not None
        if has_text == has_accounts:
            self.diagnostics.append(
                Diagnostic(
                    node.pos,
                    "E603",
                    f"fact {ident!r} needs either `text` with `cite`, or `accounts`, "
                    f"not {'both' if has_text else 'neither'}",
                    "use `accounts` only where the sources disagree",
                )
            )
        if text_node is not None and node.get("cite") is None:
            self.diagnostics.append(
                Diagnostic(
                    text_node.pos, "E504", f"fact {ident!r} has text but no citation", "add `cite:` beside `text:`"
                )
            )
        if has_accounts and not has_text and node.get("cite") is not None:
            self.diagnostics.append(
                Diagnostic(
                    node.keys["cite"].pos,
                    "E603",
                    f"fact {ident!r} has both `accounts` and a fact-level `cite`",
                    "cite inside each account instead",
                )
            )
        return fact


def _seq(node: Node | None) -> list[Node]:
    if node is None or node.kind != "seq":
        return []
    return node.items()


def _blank(node: Node) -> Text:
    """Stand-in for a text that is missing or broken (and already reported)."""
    return Text("", node.pos, False, node.pos.line)


_TRUE = frozenset({"true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})


def _flag(node: Node | None) -> bool:
    """A boolean value. ``yes`` and ``on`` (reported as E305) count as what they were meant to say."""
    return node is not None and node.kind == "scalar" and node.plain and node.text in _TRUE


def _plain_text(node: Node | None) -> str | None:
    if node is None or node.kind != "scalar" or is_null(node) or not node.text.strip():
        return None
    return node.text
