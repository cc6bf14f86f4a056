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

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import (
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
from story.core.sources import Source
from story.loading.schema import ID_PATTERN, validate
from story.loading.yamlsafe import Node, is_null, load_file, paused_gc, reads_as_boolean

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
            Diagnostic(
                Pos(str(root)), Code.UNREADABLE_PATH, "no *.yaml files in the story folder", "point at a story folder"
            )
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
        diagnostics.append(Diagnostic(Pos(name), Code.UNREADABLE_PATH, f"cannot read file: {error.strerror or error}"))
        return None
    root, found = load_file(data, name)
    diagnostics.extend(found)
    if root is not None and files is not None:
        files.lines[name] = data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if root is not None and root.kind != "map":
        diagnostics.append(
            Diagnostic(
                root.pos,
                Code.NOT_A_MAPPING,
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
                where,
                Code.SOURCES_UNREADABLE,
                f"sources manifest not found: {manifest}",
                "give a path relative to the story file",
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
            diagnostics.append(Diagnostic(id_node.pos, Code.DUPLICATE_ID, f"duplicate source id {source_id!r}"))
            continue
        article = manifest.parent / file_node.text
        try:
            text = article.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            diagnostics.append(
                Diagnostic(
                    file_node.pos, Code.SOURCES_UNREADABLE, f"cannot read source {source_id} ({article}): {reason}"
                )
            )
            unreadable.add(source_id)
            continue
        title = title_node.text if title_node is not None and title_node.kind == "scalar" else None
        source = Source(source_id, article, text, title)
        if title and source.find(title) is None:
            diagnostics.append(
                Diagnostic(
                    title_node.pos if title_node else entry.pos,
                    Code.QUOTE_NOT_FOUND,
                    f"title not found in source {source_id}: {title!r}",
                    "take the title from the article's own text, or leave it out",
                )
            )
        sources[source_id] = source
    return sources


class _Builder:
    """Turns validated YAML trees into model objects, skipping what is broken.

    A value the schema rejected, or a required one that is missing, has been reported once by the
    schema. The builder puts a stand-in in its place and names the field in the object's
    ``broken`` set (see :mod:`story.core.model`), so that the rules treat it as unknown instead of
    judging the stand-in as if the author had written it.
    """

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
        self.broken_sections: set[str] = set()
        """Top-level sections (``scenes``, ``facts``...) that some file gives as something other
        than a list: whatever they held is unknown."""

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
                        Code.STORY_SECTION,
                        "a second `story:` section",
                        f"the story is already defined in {self.story_node[0]}; keep one",
                    )
                )
            else:
                self.story_node = (file, story)
        for section in _SECTIONS:
            node = root.get(section)
            if node is not None and node.kind != "seq":
                self.broken_sections.add(section)
        for node in _seq(root.get("scenes")):
            self.scenes.append(self._scene(node))
        for node in _seq(root.get("facts")):
            self.facts.append(self._fact(node))
        for node in _seq(root.get("unknowns")):
            ident, broken = _ident(node)
            self.unknowns.append(Unknown(ident, self._passage_or_blank(node), node.pos, broken=broken))
        for node in _seq(root.get("glossary")):
            ident, broken = _ident(node)
            term = self._text(node.get("term"))
            if term is None:
                broken |= {"term"}
            self.terms.append(Term(ident, term or _blank(node), self._passage_or_blank(node), node.pos, broken=broken))
        timeline = root.get("timeline")
        if timeline is not None:
            if self.timeline_pos is not None:
                self.diagnostics.append(
                    Diagnostic(
                        root.keys["timeline"].pos,
                        Code.SPLIT_TIMELINE,
                        "the timeline is split across files",
                        f"keep the whole timeline in one list (first at {self.timeline_pos}) so its order is explicit",
                    )
                )
            self.timeline_pos = self.timeline_pos or root.keys["timeline"].pos
            for node in _seq(timeline):
                ident, broken = _ident(node)
                when = self._text(node.get("when"))
                if when is None:
                    broken |= {"when"}
                moment = Moment(ident, when or _blank(node), self._passage_or_blank(node), node.pos, broken=broken)
                self.timeline.append(moment)

    def finish(self, root: Path) -> Story | None:
        if self.story_node is None:
            self.diagnostics.append(
                Diagnostic(
                    Pos(str(root)),
                    Code.STORY_SECTION,
                    "no file in the story folder has a `story:` section",
                    "add a story.yaml with story: {title, cite, start, sources}",
                )
            )
            return None
        # A broken value here is already reported by the schema; carry on with a stand-in so that
        # the rest of the story is still checked.
        file, node = self.story_node
        title = self._text(node.get("title"))
        start_node = node.get("start")
        start = _plain_text(start_node) or ""
        title_cite, whole = self._cites(node.get("cite"))
        vocabulary_node = node.get("vocabulary")
        vocabulary = [self._text(n) for n in _seq(vocabulary_node)]
        vocabulary_broken = vocabulary_node is not None and (vocabulary_node.kind != "seq" or None in vocabulary)
        # A `story:` that is not a mapping (E303) may have held a vocabulary too.
        vocabulary_broken = vocabulary_broken or node.kind != "map"
        sources_node = node.get("sources")
        sources: dict[str, Source] = {}
        if sources_node is not None and sources_node.kind == "scalar" and sources_node.text.strip():
            unreadable: set[str] = set()
            sources = load_sources(file.parent / sources_node.text, self.diagnostics, sources_node.pos, unreadable)
            if sources or unreadable:
                self.files.unreadable_sources = unreadable
        story = Story(
            title=title or _blank(node),
            start=start,
            root=str(root),
            pos=node.pos,
            start_pos=start_node.pos if start_node is not None else node.pos,
            title_cite=title_cite,
            sources=sources,
            vocabulary=[text for text in vocabulary if text],
            files=self.paths,
            broken=_names(
                title=title is None,
                title_cite=not whole,
                start=not _is_id(start),
                vocabulary=vocabulary_broken,
            )
            | self.broken_sections,
        )
        seen: dict[str, Pos] = {}

        def claim(ident: str, pos: Pos, kind: str) -> bool:
            if ident in seen:
                self.diagnostics.append(
                    Diagnostic(
                        pos,
                        Code.DUPLICATE_ID,
                        f"duplicate id {ident!r} ({kind})",
                        f"first used at {seen[ident]}; ids must be unique across scenes and the fact panel",
                    )
                )
                return False
            seen[ident] = pos
            return True

        # Scenes and entries with no id at all cannot be named by a choice or an unlock, nor
        # clash with anything: they are kept aside, to check their texts (see Story.unnamed).
        for scene in self.scenes:
            if not scene.id:
                story.unnamed.append(scene)
            elif claim(scene.id, scene.pos, "scene"):
                story.scenes[scene.id] = scene
        for fact in self.facts:
            if not fact.id:
                story.unnamed.append(fact)
            elif claim(fact.id, fact.pos, "fact"):
                story.facts[fact.id] = fact
        for unknown in self.unknowns:
            if not unknown.id:
                story.unnamed.append(unknown)
            elif claim(unknown.id, unknown.pos, "unknown"):
                story.unknowns[unknown.id] = unknown
        for term in self.terms:
            if not term.id:
                story.unnamed.append(term)
            elif claim(term.id, term.pos, "glossary term"):
                story.glossary[term.id] = term
        for moment in self.timeline:
            if not moment.id:
                story.unnamed.append(moment)
            elif claim(moment.id, moment.pos, "timeline entry"):
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

    def _cites(self, node: Node | None, required: bool = True) -> tuple[list[Citation], bool]:
        """The citations of a ``cite:`` value, and whether they are all there.

        A citation without a usable source or quote is left out (the schema reports it), and so
        is the answer "all there": what the missing quote would support is unknown. So is a
        ``cite:`` that is missing (when ``required``), empty or not a list.
        """
        if node is None:
            return [], not required
        items = _seq(node)
        whole = bool(items)
        cites = []
        for item in items:
            source = _plain_text(item.get("source"))
            quote = item.get("quote")
            if source is None or _plain_text(quote) is None:
                whole = False
                continue
            assert quote is not None
            cites.append(Citation(source, quote.text, quote.pos))
        return cites, whole

    def _passage(self, node: Node) -> Passage | None:
        text = self._text(node.get("text"))
        if text is None:
            return None
        cites, whole = self._cites(node.get("cite"))
        return Passage(text, cites, node.pos, broken=_names(cite=not whole))

    def _passage_or_blank(self, node: Node) -> Passage:
        """The passage, or a blank one where its text is broken (already reported)."""
        passage = self._passage(node)
        if passage is not None:
            return passage
        cites, whole = self._cites(node.get("cite"))
        return Passage(_blank(node), cites, node.pos, broken=_names(text=True, cite=not whole))

    def _passages(self, node: Node | None, required: bool) -> tuple[list[Passage], bool]:
        """The passages of a list, and whether that is all of them (none was broken)."""
        items = _seq(node)
        passages = [p for p in (self._passage(n) for n in items) if p]
        if node is None:
            return passages, not required
        return passages, node.kind == "seq" and len(passages) == len(items) and (bool(items) or not required)

    def _scene(self, node: Node) -> Scene:
        ident, broken = _ident(node)
        title = self._text(node.get("title"))
        passages, whole = self._passages(node.get("passages"), required=True)
        discuss, discuss_whole = self._passages(node.get("discuss"), required=False)
        choices_node = node.get("choices")
        choices_broken = choices_node is not None and choices_node.kind != "seq"
        choices = []
        for item in _seq(choices_node):
            # A choice whose target is missing or not an id may have meant any scene: it is left
            # out, and the scene's choices are broken (they may lead anywhere).
            target = item.get("target")
            if target is None or not _is_id(_plain_text(target)):
                choices_broken = True
                continue
            label = self._text(item.get("label"))
            choices.append(
                Choice(label or _blank(item), target.text, item.pos, target.pos, broken=_names(label=label is None))
            )
        unlocks_node = node.get("unlocks")
        unlocks_broken = unlocks_node is not None and unlocks_node.kind != "seq"
        unlocks = []
        for item in _seq(unlocks_node):
            entry_id = _plain_text(item)
            if entry_id is not None and _is_id(entry_id):
                unlocks.append((entry_id, item.pos))
            else:
                unlocks_broken = True
        ending = node.get("ending")
        checkpoint = node.get("checkpoint")
        broken |= _names(
            title=title is None,
            passages=not whole,
            discuss=not discuss_whole,
            choices=choices_broken,
            unlocks=unlocks_broken,
            ending=ending is not None and not _reads_as_flag(ending),
            checkpoint=checkpoint is not None and checkpoint.kind != "map",
        )
        if node.kind != "map":  # reported (E303): it may have held anything a scene holds
            broken |= {"choices", "ending", "unlocks", "discuss", "checkpoint"}
        scene = Scene(
            id=ident,
            title=title or _blank(node),
            passages=passages,
            choices=choices,
            pos=node.pos,
            ending=_flag(ending),
            unlocks=unlocks,
            discuss=discuss,
            broken=broken,
        )
        if checkpoint is not None and checkpoint.kind == "map":
            scene.checkpoint = self._checkpoint(checkpoint)
        return scene

    def _checkpoint(self, node: Node) -> Checkpoint:
        question = self._text(node.get("question"))
        explanation_node = node.get("explanation")
        if explanation_node is not None and explanation_node.kind == "map":
            explanation = self._passage_or_blank(explanation_node)
        else:
            explanation = Passage(_blank(node), [], node.pos, broken=frozenset({"text", "cite"}))
        options_node = node.get("options")
        items = _seq(options_node)
        options = []
        for item in items:
            text = self._text(item.get("text"))
            cites, whole = self._cites(item.get("cite"))
            correct = item.get("correct")
            broken = _names(
                text=text is None,
                cite=not whole,
                correct=item.kind != "map" or (correct is not None and not _reads_as_flag(correct)),
            )
            options.append(Option(text or _blank(item), cites, _flag(correct), item.pos, broken=broken))
        cites, whole = self._cites(node.get("cite"), required=False)
        broken = _names(
            question=question is None,
            # Fewer than two options is reported too (E304): the missing one may be the answer.
            options=options_node is None or options_node.kind != "seq" or len(items) < 2,
            explanation=explanation_node is None or explanation_node.kind != "map",
            cite=not whole,
        )
        return Checkpoint(question or _blank(node), options, explanation, node.pos, cites, broken=broken)

    def _fact(self, node: Node) -> Fact:
        ident, broken = _ident(node)
        title = self._text(node.get("title"))
        accounts_node = node.get("accounts")
        accounts = _seq(accounts_node)
        broken |= _names(
            title=title is None,
            # Not a mapping (E303), the fact may have held accounts too.
            accounts=node.kind != "map"
            or (accounts_node is not None and (accounts_node.kind != "seq" or len(accounts) < 2)),
        )
        fact = Fact(ident, title or _blank(node), node.pos, broken=broken)
        if node.kind != "map":
            return fact  # nothing more to say of it than the schema did
        text_node = node.get("text")
        if text_node is not None:
            text = self._text(text_node)
            # Without `cite:` beside it, the text is reported below (E504), not by the schema.
            cites, whole = self._cites(node.get("cite"))
            fact.text = Passage(text or _blank(node), cites, node.pos, broken=_names(text=text is None, cite=not whole))
        for item in accounts:
            passage = self._passage_or_blank(item)
            fact.accounts.append(Account(passage.text, passage.cite, passage.pos, broken=passage.broken))
        has_text = text_node is not None
        has_accounts = accounts_node is not None
        what = f"fact {ident!r}" if ident else "a fact with no id"
        if has_text == has_accounts:
            self.diagnostics.append(
                Diagnostic(
                    node.pos,
                    Code.FACT_FORM,
                    f"{what} needs either `text` with `cite`, or `accounts`, not {'both' if has_text else 'neither'}",
                    "use `accounts` only where the sources disagree",
                )
            )
        if text_node is not None and node.get("cite") is None:
            self.diagnostics.append(
                Diagnostic(
                    text_node.pos, Code.UNCITED_TEXT, f"{what} has text but no citation", "add `cite:` beside `text:`"
                )
            )
        if has_accounts and not has_text and node.get("cite") is not None:
            self.diagnostics.append(
                Diagnostic(
                    node.keys["cite"].pos,
                    Code.FACT_FORM,
                    f"{what} has both `accounts` and a fact-level `cite`",
                    "cite inside each account instead",
                )
            )
        return fact


_SECTIONS = ("scenes", "facts", "unknowns", "glossary", "timeline")
"""The top-level lists of a story file (besides ``story:``)."""


def _seq(node: Node | None) -> list[Node]:
    if node is None or node.kind != "seq":
        return []
    return node.items()


def _blank(node: Node) -> Text:
    """Stand-in for a text that is missing or broken (and already reported)."""
    return Text("", node.pos, False, node.pos.line)


def _names(**fields: bool) -> frozenset[str]:
    """The names of the fields that are broken: ``_names(title=True, cite=False)`` is ``{"title"}``."""
    return frozenset(name for name, broken in fields.items() if broken)


def _is_id(text: str | None) -> bool:
    """Whether a value is an id the schema accepts."""
    return text is not None and re.match(ID_PATTERN, text) is not None


def _ident(node: Node) -> tuple[str, frozenset[str]]:
    """The ``id`` of a scene or entry as written ("" when it is not text), and ``{"id"}`` when broken."""
    ident = _plain_text(node.get("id")) or ""
    return ident, _names(id=not _is_id(ident))


_TRUE = frozenset({"true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})


def _flag(node: Node | None) -> bool:
    """A boolean value. ``yes`` and ``on`` (reported as E305) count as what they were meant to say."""
    return node is not None and node.kind == "scalar" and node.plain and node.text in _TRUE


def _reads_as_flag(node: Node) -> bool:
    """Whether :func:`_flag` knows what a value means: a bare YAML 1.2 or 1.1 boolean word."""
    return node.kind == "scalar" and node.plain and reads_as_boolean(node.text)


def _plain_text(node: Node | None) -> str | None:
    if node is None or node.kind != "scalar" or is_null(node) or not node.text.strip():
        return None
    return node.text
