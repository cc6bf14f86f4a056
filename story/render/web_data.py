"""The story as data for the web page: one JSON document the page plays from.

Everything a reader sees that the model can say once is said here, in Python, from the same
model and helpers as the terminal player: the texts (prose as :func:`prose` shows it, the
articles verbatim), each quote as a footnote shows it (“words” and the article's label), where
each quote is in its article, how a text was made from its quote, each scene's route (for
"scene 7 of 20"), the fact panel's entries and the names they go by. The page keeps only what
depends on its reader: where they are, what they read and answered, and their order of options.

Pure: no Textual, no Rich.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from story.checking.text.proof import Piece, claim_pieces, made_from, quote_pieces, spaced
from story.core.labels import described
from story.core.model import Citation, Fact, Moment, Passage, Scene, Story, Term, Unknown
from story.core.options import option_sources
from story.core.progress import SAVE_VERSION, entry_name
from story.core.queries import CLAIM_KINDS, routes, story_order, visible_texts
from story.core.sources import Source, normalise
from story.render.plain_lines import entry_called

FORMAT = 1
"""The shape of the data; the page refuses data of another shape."""

REPLACEMENT = "\ufffd"
"""Shown in place of a control character, as the terminal player does."""

_CONTROLS = {code: REPLACEMENT for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(code) not in "\t\n\r"}


def prose(text: str) -> str:
    """Story text as the player shows it: each run of whitespace one space, control characters
    replaced (they would be invisible, or worse, in a page)."""
    return " ".join(text.split()).translate(_CONTROLS)


def verbatim(text: str) -> str:
    """An article's text, every character where it is (control characters replaced one for one)."""
    return text.translate(_CONTROLS)


def utf16(text: str, index: int) -> int:
    """Where character ``index`` of ``text`` is for JavaScript, which counts UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


class _Quotes:
    """The story's quotes, numbered once each, and where each is in its article.

    A footnote is a pair (article, quote): the page numbers a scene's notes the way
    :func:`story.core.footnotes.scene_footnotes` does, one number a pair. A citation is a pair
    and the text it backs, for the source view's proof of how that text was made from it.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.notes: list[list[Any]] = []
        self.cites: list[list[int]] = []
        self.proofs: list[list[list[str]]] = []
        self._notes: dict[tuple[str, str], int] = {}
        self._cites: dict[tuple[int, str | None], int] = {}
        self._proofs: dict[tuple[str, str], int] = {}
        self._paragraphs: dict[str, list[tuple[int, int]]] = {}
        self.told: dict[int, str] = {}
        """The text each citation backs (a claim rather than a title), by the citation's id."""
        for text, cites, _ in sorted(visible_texts(story, labels=False), key=lambda item: item[2] not in CLAIM_KINDS):
            for citation in cites or ():
                self.told.setdefault(id(citation), text.value)

    def paragraphs(self, source: Source) -> list[tuple[int, int]]:
        """The article's non-blank lines, as (start, end) offsets: each is a paragraph."""
        found = self._paragraphs.get(source.id)
        if found is None:
            found = []
            offset = 0
            for line in source.text.split("\n"):
                if line.strip():
                    found.append((offset, offset + len(line)))
                offset += len(line) + 1
            self._paragraphs[source.id] = found
        return found

    def of(self, citations: list[Citation]) -> list[int]:
        """The indexes of some citations in :attr:`cites`."""
        return [self._cite(citation) for citation in citations]

    def _cite(self, citation: Citation) -> int:
        note = self._note(citation)
        told = self.told.get(id(citation))
        key = (note, told)
        index = self._cites.get(key)
        if index is None:
            index = self._cites[key] = len(self.cites)
            self.cites.append([note, self._proof(citation, told)])
        return index

    def _note(self, citation: Citation) -> int:
        key = (citation.source, citation.quote)
        index = self._notes.get(key)
        if index is not None:
            return index
        index = self._notes[key] = len(self.notes)
        source = self.story.sources.get(citation.source)
        match = source.find(citation.quote) if source else None
        marks: list[list[int]] = []
        if source is not None and match is not None:
            start, end = source.original_span(match)
            for number, (first, last) in enumerate(self.paragraphs(source)):
                if first < end and start < last:
                    text = source.text[first:last]
                    marks.append([number, utf16(text, max(0, start - first)), utf16(text, min(last, end) - first)])
        quote = prose(f"\u201c{normalise(citation.quote)}\u201d")
        self.notes.append([citation.source, quote, match.line if match else 0, marks])
        return index

    def _proof(self, citation: Citation, told: str | None) -> int:
        """How ``told`` was made from the citation's quote, as the source view shows it (-1: none)."""
        if told is None:
            return -1
        key = (told, citation.quote)
        index = self._proofs.get(key)
        if index is None:
            alignments = made_from(told, citation.quote)
            if not alignments:
                index = -1
            else:
                shown = [piece for alignment in alignments for piece in [*claim_pieces(alignment), None]][:-1]
                index = len(self.proofs)
                self.proofs.append([_pieces(shown), _pieces(quote_pieces(alignments[0], 0))])
            self._proofs[key] = index
        return index


_STATES = {"kept": "", "mark": "", "added": "a", "dropped": "d", "meaning": "m"}
"""How the page marks each piece of a proof (as the source view does: added words underlined,
left-out words struck through, a left-out meaning word in bold too); kept words are plain."""


def _pieces(pieces: Sequence[Piece | None]) -> list[str]:
    """Pieces as runs of text alike, flat: text, state, text, state... ``None`` parts two sentences.

    Words of one state make one run, the spaces inside it too; a space between two runs is plain.
    """
    parts: list[tuple[str, str]] = []
    sentence: list[Piece] = []
    for piece in [*pieces, None]:
        if piece is not None:
            sentence.append(piece)
            continue
        for index, (item, space) in enumerate(spaced(sentence)):
            if space or (index == 0 and parts):
                parts.append((" ", " "))
            parts.append((prose(item.text), _STATES[item.state]))
        sentence = []
    runs: list[list[str]] = []
    for position, (text, state) in enumerate(parts):
        if state == " ":
            # A space takes the state of the words on both sides when they agree, else none.
            after = parts[position + 1][1] if position + 1 < len(parts) else ""
            state = runs[-1][1] if runs and runs[-1][1] == after else ""
        if runs and runs[-1][1] == state:
            runs[-1][0] += text
        else:
            runs.append([text, state])
    return [part for run in runs for part in run]


def _passage(passage: Passage, quotes: _Quotes) -> dict[str, Any]:
    return {"text": prose(passage.text.value), "cite": quotes.of(passage.cite)}


def _scene(story: Story, scene: Scene, quotes: _Quotes, route: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": prose(scene.title.value),
        "passages": [_passage(passage, quotes) for passage in scene.passages],
        "choices": [{"label": prose(c.label.value), "target": c.target} for c in scene.choices],
        "ending": scene.ending,
        "unlocks": [entry for entry, _ in scene.unlocks if story.entry(entry) is not None],
        "route": route,
        "checkpoint": None,
    }
    checkpoint = scene.checkpoint
    if checkpoint is not None and checkpoint.options:
        data["checkpoint"] = {
            "question": prose(checkpoint.question.value),
            "cite": quotes.of(checkpoint.cite),
            "options": [
                {
                    "text": prose(option.text.value),
                    "cite": quotes.of(option.cite),
                    "right": checkpoint.is_right(index),
                    "sources": prose(option_sources(option, story)),
                }
                for index, option in enumerate(checkpoint.options)
            ],
            "explanation": _passage(checkpoint.explanation, quotes),
        }
    return data


def _entry(story: Story, entry: Fact | Unknown | Term | Moment, quotes: _Quotes) -> dict[str, Any]:
    data: dict[str, Any] = {"name": prose(entry_name(story, entry.id)), "called": prose(entry_called(story, entry.id))}
    if isinstance(entry, Fact):
        data["title"] = prose(entry.title.value)
        if entry.disputed or entry.text is None:
            data["kind"] = "dispute"
            data["accounts"] = [
                {
                    "names": prose(", ".join(story.source_label(s) for s in account.sources) or "?"),
                    "text": prose(account.text.value),
                    "cite": quotes.of(account.cite),
                }
                for account in entry.accounts
            ]
        else:
            data["kind"] = "fact"
            data.update(_passage(entry.text, quotes))
        data["all"] = quotes.of(entry.citations())
        return data
    if isinstance(entry, Unknown):
        data["kind"], data["title"] = "unknown", ""
    elif isinstance(entry, Term):
        data["kind"], data["title"] = "term", prose(entry.term.value)
    else:
        data["kind"], data["title"] = "moment", prose(entry.when.value)
    data.update(_passage(entry.text, quotes))
    data["all"] = data["cite"]
    return data


def _source(source: Source, quotes: _Quotes) -> dict[str, Any]:
    """An article as the source view shows it: how it is introduced, and its paragraphs with their lines."""
    return {
        "about": prose(described(source)),
        "paragraphs": [
            [_line(source, first), verbatim(source.text[first:last])] for first, last in quotes.paragraphs(source)
        ],
    }


def _line(source: Source, offset: int) -> int:
    return source.text.count("\n", 0, offset) + 1


def story_data(story: Story) -> dict[str, Any]:
    """The story as the page plays it: see the module's docstring.

    The story should pass ``story check``; what a broken one lacks (a choice to nowhere, a
    missing article) the page leaves out rather than fail on.
    """
    quotes = _Quotes(story)
    found_routes: list[list[str]] = []
    route_index: dict[frozenset[str], int] = {}
    scenes: dict[str, Any] = {}
    by_scene = routes(story)
    order = [scene.id for scene in story_order(story)]
    for scene_id in order:
        route = by_scene.get(scene_id, frozenset({scene_id}))
        if route not in route_index:
            route_index[route] = len(found_routes)
            found_routes.append([other for other in order if other in route])
        scenes[scene_id] = _scene(story, story.scenes[scene_id], quotes, route_index[route])
    entries: dict[str, Any] = {}
    for table in (story.facts, story.unknowns, story.glossary):
        for entry_id, entry in table.items():
            entries[entry_id] = _entry(story, entry, quotes)
    for moment in story.timeline:
        entries[moment.id] = _entry(story, moment, quotes)
    cited = sorted({note[0] for note in quotes.notes})
    sources = {source_id: _source(source, quotes) for source_id, source in story.sources.items() if source_id in cited}
    labels = {source_id: prose(story.source_label(source_id)) for source_id in cited}
    data: dict[str, Any] = {
        "format": FORMAT,
        "save": SAVE_VERSION,
        "title": prose(story.title.value),
        "start": story.start,
        "scenes": scenes,
        "routes": found_routes,
        "entries": entries,
        "timeline": [moment.id for moment in story.timeline],
        "sources": sources,
        "labels": labels,
        "notes": quotes.notes,
        "cites": quotes.cites,
        "proofs": quotes.proofs,
    }
    data["key"] = storage_key(data)
    return data


def storage_key(data: dict[str, Any]) -> str:
    """Where a browser keeps a reader's progress: one key per story and version.

    ``story:<story>:<version>``: the story is known by its title and start scene, so that the
    pages of two stories on one web site (or one USB stick) never share a save; the version is
    a digest of everything the page plays, so that an edited story finds the last version's save
    under another key, and carries it over or sets it aside.
    """
    story = hashlib.sha256(f"{data['title']}\0{data['start']}".encode()).hexdigest()[:12]
    version = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    return f"story:{story}:{version}"
