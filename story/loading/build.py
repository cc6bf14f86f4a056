"""Build the story from the YAML trees of its files: its sections, its ids, its sources and quotes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from story.core.caches import digest_of, file_digest, reason_unread
from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Fact, Moment, Scene, Story, Term, Unknown
from story.core.parallel import MINIMUM_BYTES, in_parts
from story.core.sources import Match, Source
from story.loading.files import StoryFiles, file_lines, parse_yaml
from story.loading.node import Node
from story.loading.nodes import (
    blank,
    broken_fields,
    is_id,
    plain_text,
    read_cites,
    read_fact,
    read_id,
    read_passage_or_blank,
    read_scene,
    read_text,
    seq,
)
from story.loading.sections import FileSections
from story.loading.sources_manifest import load_sources
from story.loading.validator import validate

if TYPE_CHECKING:
    from story.loading.parsed import ParsedFiles


class Builder:
    """Turns validated YAML trees into a story, skipping what is broken.

    :meth:`read` reads each file's sections (each node by :mod:`story.loading.nodes`, which puts a
    stand-in where a value is broken); :meth:`finish` assembles the story, loads its sources,
    claims every id once and finds every quote in its source.
    """

    def __init__(self, diagnostics: list[Diagnostic], files: StoryFiles, cache: ParsedFiles | None = None) -> None:
        self.diagnostics = diagnostics
        self.files = files
        self.cache = cache
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
        self.manifests: dict[Path, Node] = {}
        """Files with a top-level ``sources:`` and no ``story:``: the sources manifest, if the
        story names it, and otherwise story files read in :meth:`finish`."""

    def read(self, paths: list[Path]) -> None:
        """Read each file's sections, in order, into the lists kept until :meth:`finish`.

        What a file holds depends on its bytes alone, so it is taken from the cache of parsed
        files when that has it (see :mod:`story.loading.parsed`). The files it does not have are
        parsed, shared out over the free cores when they are large (:mod:`story.core.parallel`).
        """
        read: list[tuple[Path, bytes | OSError, FileSections | None]] = []
        for file in paths:
            name = str(file)
            self.paths.append(name)
            try:
                data = file.read_bytes()
            except OSError as error:
                self.files.inputs[name] = reason_unread(error)
                read.append((file, error, None))
                continue
            digest = self.files.digests[name] = self.files.inputs[name] = digest_of(data)
            read.append((file, data, self.cache.get(file, digest) if self.cache is not None else None))
        unparsed = [
            (file, content) for file, content, sections in read if sections is None and isinstance(content, bytes)
        ]
        large = sum(len(data) for _, data in unparsed) >= MINIMUM_BYTES
        if large:  # shared out by bytes: the part parsed here is larger by what pickling the others' costs
            parts = in_parts(_parse, unparsed, minimum=1, size=_bytes, sending=SENDING_PARSED)
        else:
            parts = [_parse(unparsed)]
        parsed = iter([sections for part in parts for sections in part])
        for file, content, cached in read:  # in the files' order, as their diagnostics are reported
            if isinstance(content, OSError):
                message = f"cannot read file: {content.strerror or content}"
                self.diagnostics.append(Diagnostic(Pos(str(file)), Code.UNREADABLE_PATH, message))
                continue
            sections = cached
            if sections is None:
                sections = next(parsed)
                if self.cache is not None:
                    self.cache.put(file, self.files.digests[str(file)], sections)
            if sections.parsed:
                self.files.lines[str(file)] = file_lines(content)
            self._add(sections)

    def _add(self, sections: FileSections) -> None:
        """Add one file's sections to the story's, reporting what clashes with another file's."""
        self.diagnostics.extend(sections.diagnostics)
        if sections.manifest is not None:
            self.manifests[sections.path] = sections.manifest  # the sources manifest, most likely: see finish()
            return
        if sections.story is not None:
            story_node, key_pos = sections.story
            if self.story_node is not None:
                self.diagnostics.append(
                    Diagnostic(
                        key_pos,
                        Code.STORY_SECTION,
                        "a second `story:` section",
                        f"the story is already defined in {self.story_node[0]}; keep one",
                    )
                )
            else:
                self.story_node = (sections.path, story_node)
        self.broken_sections |= sections.broken_sections
        self.scenes.extend(sections.scenes)
        self.facts.extend(sections.facts)
        self.unknowns.extend(sections.unknowns)
        self.terms.extend(sections.terms)
        if sections.timeline_pos is not None:
            if self.timeline_pos is not None:
                self.diagnostics.append(
                    Diagnostic(
                        sections.timeline_pos,
                        Code.SPLIT_TIMELINE,
                        "the timeline is split across files",
                        f"keep the whole timeline in one list (first at {self.timeline_pos}) so its order is explicit",
                    )
                )
            self.timeline_pos = self.timeline_pos or sections.timeline_pos
            self.timeline.extend(sections.timeline)

    def finish(self, root: Path) -> Story | None:
        """The story, from every file read; ``None`` when no file has a ``story:`` section (E601)."""
        manifest = self._manifest()
        for path, manifest_root in self.manifests.items():
            if path != manifest:
                self._add(read_sections(path, manifest_root))
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
        title = read_text(node.get("title"))
        start_node = node.get("start")
        start = plain_text(start_node) or ""
        title_cite, whole = read_cites(node.get("cite"))
        vocabulary_node = node.get("vocabulary")
        vocabulary = [read_text(n) for n in seq(vocabulary_node)]
        vocabulary_broken = vocabulary_node is not None and (vocabulary_node.kind != "seq" or None in vocabulary)
        # A `story:` that is not a mapping (E303) may have held a vocabulary too.
        vocabulary_broken = vocabulary_broken or node.kind != "map"
        sources_node = node.get("sources")
        sources: dict[str, Source] = {}
        unreadable_sources: set[str] | None = None  # the manifest itself could not be read
        if manifest is not None and sources_node is not None:
            unreadable: set[str] = set()
            sources = load_sources(
                manifest,
                self.diagnostics,
                sources_node.pos,
                unreadable,
                self.manifests.get(manifest),
                self.files.inputs,
            )
            if sources or unreadable:
                unreadable_sources = unreadable
        story = Story(
            title=title or blank(node),
            start=start,
            root=str(root),
            manifest=str(manifest or ""),
            pos=node.pos,
            start_pos=start_node.pos if start_node is not None else node.pos,
            title_cite=title_cite,
            sources=sources,
            vocabulary=[text for text in vocabulary if text],
            files=self.paths,
            unreadable_sources=None if unreadable_sources is None else frozenset(unreadable_sources),
            broken=broken_fields(
                title=title is None,
                title_cite=not whole,
                start=not is_id(start),
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
        sections: list[tuple[list[Any], dict[str, Any] | list[Any], str]] = [
            (self.scenes, story.scenes, "scene"),
            (self.facts, story.facts, "fact"),
            (self.unknowns, story.unknowns, "unknown"),
            (self.terms, story.glossary, "glossary term"),
            (self.timeline, story.timeline, "timeline entry"),
        ]
        for items, table, kind in sections:
            for item in items:
                if not item.id:
                    story.unnamed.append(item)
                elif claim(item.id, item.pos, kind):
                    if isinstance(table, list):
                        table.append(item)  # the timeline keeps its order
                    else:
                        table[item.id] = item
        match_quotes(story)
        return story

    def _manifest(self) -> Path | None:
        """The sources manifest the ``story:`` section names, as the path of a file read, if it is one."""
        if self.story_node is None:
            return None
        file, node = self.story_node
        sources_node = node.get("sources")
        if sources_node is None or sources_node.kind != "scalar" or not sources_node.text.strip():
            return None
        named = file.parent / sources_node.text
        # As named, it may be a link to a story file, or come to be another file: a stored report
        # must know.
        self.files.inputs[str(named)] = file_digest(named)
        try:
            where = named.resolve()
            for path in self.manifests:
                if path.resolve() == where:
                    return path
        except (OSError, ValueError):  # a NUL in the name, a loop of links: read as named, and reported
            pass
        return named


SENDING_PARSED = 0.2
"""What pickling the files a forked process parsed, to send them back, costs as a share of
parsing them (0.21 to 0.23, measured on generated stories of 1,000 and 10,000 scenes)."""


def _bytes(file: tuple[Path, bytes]) -> int:
    return len(file[1])


def _parse(files: Sequence[tuple[Path, bytes]]) -> list[FileSections]:
    return [file_sections(file, data) for file, data in files]


def file_sections(file: Path, data: bytes) -> FileSections:
    """One file's sections from its bytes."""
    diagnostics: list[Diagnostic] = []
    root, parsed = parse_yaml(data, str(file), diagnostics)
    if root is None:
        return FileSections(file, diagnostics, parsed=parsed)
    if root.get("sources") is not None and root.get("story") is None:
        return FileSections(file, diagnostics, parsed=True, manifest=root)
    sections = read_sections(file, root)
    sections.diagnostics[:0] = diagnostics
    sections.parsed = True
    return sections


def read_sections(file: Path, root: Node) -> FileSections:
    """The sections of one file's tree (a mapping), validated against the schema."""
    sections = FileSections(file, validate(root))
    diagnostics = sections.diagnostics
    if "sources" in root.keys:
        diagnostics.append(
            Diagnostic(
                root.keys["sources"].pos,
                Code.UNKNOWN_KEY,
                "a `sources:` list belongs in the sources manifest, and this file is not the one the story names",
                "move the list into the manifest, or point `sources:` in the `story:` section at this file",
            )
        )
    story = root.get("story")
    if story is not None:
        sections.story = (story, root.keys["story"].pos)
    for section in _SECTIONS:
        node = root.get(section)
        if node is not None and node.kind != "seq":
            sections.broken_sections.add(section)
    sections.scenes = [read_scene(node) for node in seq(root.get("scenes"))]
    sections.facts = [read_fact(node, diagnostics) for node in seq(root.get("facts"))]
    for node in seq(root.get("unknowns")):
        ident, broken = read_id(node)
        sections.unknowns.append(Unknown(ident, read_passage_or_blank(node), node.pos, broken=broken))
    for node in seq(root.get("glossary")):
        ident, broken = read_id(node)
        term = read_text(node.get("term"))
        if term is None:
            broken |= {"term"}
        sections.terms.append(Term(ident, term or blank(node), read_passage_or_blank(node), node.pos, broken=broken))
    timeline = root.get("timeline")
    if timeline is not None:
        sections.timeline_pos = root.keys["timeline"].pos
        for node in seq(timeline):
            ident, broken = read_id(node)
            when = read_text(node.get("when"))
            if when is None:
                broken |= {"when"}
            sections.timeline.append(
                Moment(ident, when or blank(node), read_passage_or_blank(node), node.pos, broken=broken)
            )
    return sections


_SECTIONS = ("scenes", "facts", "unknowns", "glossary", "timeline")
"""The top-level lists of a story file (besides ``story:``)."""


def match_quotes(story: Story) -> None:
    """Find every quote in its source, once, for the rules, the coverage, the UI and the export to read.

    A quote that cites an unknown source (E202), or has no words (E304), is not looked up; one
    that is not found keeps ``match`` at ``None`` (E201).
    """
    # A large story cites the same quote thousands of times: each is looked at once.
    found: dict[tuple[str, str], tuple[Match | None] | None] = {}
    """A quote's match (in a tuple of one), or ``None`` when it is not looked up."""
    for citation in story.citations():
        key = (citation.source, citation.quote)
        if key in found:
            looked_up = found[key]
        else:
            source = story.sources.get(citation.source)
            if source is not None and any(character.isalnum() for character in citation.quote):
                looked_up = (source.find(citation.quote),)
            else:
                looked_up = None
            found[key] = looked_up
        if looked_up is not None:
            citation.match = looked_up[0]
