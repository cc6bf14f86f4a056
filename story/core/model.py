"""The story as plain data: scenes, passages, citations, facts and the rest.

Everything here is built by :mod:`story.loading.loader` from YAML and carries the position of its
text, so that any rule can point an author at the exact file:line:col.

A value the schema rejects (or a required one that is missing) is already reported, once. The
loader then puts a stand-in in its place (a blank text, an empty list, ``None``) and names the
field in the object's ``broken`` set. A stand-in is not what the author wrote, so no rule may judge
it as a value: a broken ``choices`` does not make a dead end, and a broken citation does not make
a text unsupported. What it stood for is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from story.core.diagnostics import Pos
from story.core.labels import UNLISTED, suggested_label
from story.core.sources import Match, Source


@dataclass
class Loaded:
    """Base of the model objects the loader builds from a YAML mapping."""

    broken: frozenset[str] = field(default=frozenset(), kw_only=True)
    """Names of the fields that hold a stand-in for a value that was missing or rejected by the
    schema (and reported): rules treat what it stood for as unknown. For a list, the name says
    that something in the list was broken, and what is left may not be all of it."""


@dataclass
class Citation:
    """A verbatim quote from one source."""

    source: str
    quote: str
    pos: Pos
    match: Match | None = None
    """Where the quote is in its source, found by the loader (:func:`story.loading.build.match_quotes`);
    ``None`` if it was not found, or not looked up (an unknown source, a quote with no words)."""
    label: bool = field(default=False, kw_only=True)
    """True for an article's label standing as a quote of it, for a text that names the article
    (:func:`story.core.queries.label_citations`): the story does not cite it."""


@dataclass
class Text:
    """A piece of player-visible text and where it was written."""

    value: str
    pos: Pos
    plain: bool = False
    """True when written as an unquoted YAML scalar (column then points at the text itself)."""
    end_line: int = 0
    """Last file line the text spans."""

    def __str__(self) -> str:
        return self.value


@dataclass
class Passage(Loaded):
    """A paragraph of narration with the quotes that back it.

    ``cite`` is broken when it is missing, empty, not a list, or holds a citation without a
    source or a quote: what the quotes would support is then unknown.
    """

    text: Text
    cite: list[Citation]
    pos: Pos


@dataclass
class Choice(Loaded):
    """What the player may look at next. Choices never change what happened."""

    label: Text
    target: str
    pos: Pos
    target_pos: Pos


@dataclass
class Option(Loaded):
    """One answer offered by a checkpoint."""

    text: Text
    cite: list[Citation]
    correct: bool
    """False when broken (then named in ``broken``)."""
    pos: Pos


@dataclass
class Checkpoint(Loaded):
    """A question about what the player has read."""

    question: Text
    options: list[Option]
    explanation: Passage
    pos: Pos
    cite: list[Citation] = field(default_factory=list)

    @property
    def answer(self) -> int:
        """Index of the first correct option (the first option, if the story is broken)."""
        return self.right[0]

    @property
    def right(self) -> list[int]:
        """Indexes of the correct options: one, or more where the articles disagree and each
        account counts (the first option, if the story is broken)."""
        return [index for index, option in enumerate(self.options) if option.correct] or [0]

    def is_right(self, index: int) -> bool:
        """Whether option ``index`` (from 0) is a right answer."""
        return index in self.right


@dataclass
class Scene(Loaded):
    """One place in the story.

    A broken ``id`` is kept as written when it is text (so that a choice written the same way
    still leads there), and is blank otherwise (see :attr:`Story.unnamed`). Broken ``choices``
    may lead anywhere; a broken ``ending`` reads as false.
    """

    id: str
    title: Text
    passages: list[Passage]
    choices: list[Choice]
    pos: Pos
    ending: bool = False
    checkpoint: Checkpoint | None = None
    unlocks: list[tuple[str, Pos]] = field(default_factory=list)
    """Ids of facts, unknowns, glossary terms and timeline entries this scene reveals."""
    discuss: list[Passage] = field(default_factory=list)
    """Questions for a class, shown in present mode."""

    def citations(self) -> list[Citation]:
        """Every citation in the scene's narration."""
        return [c for passage in self.passages for c in passage.cite]


@dataclass
class Account(Loaded):
    """One source's version of a fact the sources disagree about."""

    text: Text
    cite: list[Citation]
    pos: Pos

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.cite})


@dataclass
class Fact(Loaded):
    """Something the player learns. With accounts, a place where the sources disagree."""

    id: str
    title: Text
    pos: Pos
    text: Passage | None = None
    accounts: list[Account] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return len(self.accounts) > 1

    def citations(self) -> list[Citation]:
        cites = list(self.text.cite) if self.text else []
        for account in self.accounts:
            cites.extend(account.cite)
        return cites


@dataclass
class Unknown(Loaded):
    """Something the articles say is not known."""

    id: str
    text: Passage
    pos: Pos


@dataclass
class Term(Loaded):
    """A glossary entry, defined only by the articles' words."""

    id: str
    term: Text
    text: Passage
    pos: Pos


@dataclass
class Moment(Loaded):
    """A timeline entry: an event and the article's own time words for it."""

    id: str
    when: Text
    text: Passage
    pos: Pos


@dataclass
class Story(Loaded):
    """A whole story: its sources, scenes and fact panel."""

    title: Text
    start: str
    root: str
    """The story folder."""
    manifest: str = field(default="", kw_only=True)
    """The sources manifest's file, if the story names one."""
    pos: Pos
    start_pos: Pos
    title_cite: list[Citation] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    unreadable_sources: frozenset[str] | None = field(default=frozenset(), kw_only=True)
    """Ids the manifest names whose article could not be read; ``None`` when the manifest itself
    could not be read (or names none). A quote of such a source cannot be checked, and what it
    would support is unknown: reported once, where the sources are named."""
    scenes: dict[str, Scene] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    unknowns: dict[str, Unknown] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    timeline: list[Moment] = field(default_factory=list)
    vocabulary: list[Text] = field(default_factory=list)
    """Neutral connective words any text may use (see the faithfulness rules)."""
    files: list[str] = field(default_factory=list)
    unnamed: list[Scene | Fact | Unknown | Term | Moment] = field(default_factory=list)
    """Scenes and fact-panel entries whose id is missing or not text (already reported). Nothing
    can lead to them or unlock them by name, so they are kept out of the tables above, but their
    texts and quotes are still checked."""

    def unread(self, source_id: str) -> bool:
        """Whether a quote of this source cannot be checked: its article (or the manifest) could
        not be read. What it would support is unknown; the problem is reported once, as E203."""
        unreadable = self.unreadable_sources
        return source_id not in self.sources and (unreadable is None or source_id in unreadable)

    def source_label(self, source_id: str) -> str:
        """How a source is named to a reader: its label, never its id."""
        source = self.sources.get(source_id)
        if source is None:
            return UNLISTED
        return source.label or suggested_label(source)

    def entry(self, entry_id: str) -> Fact | Unknown | Term | Moment | None:
        """A fact-panel entry by id, whatever its kind."""
        for table in (self.facts, self.unknowns, self.glossary):
            if entry_id in table:
                return table[entry_id]  # type: ignore[return-value]
        for moment in self.timeline:
            if moment.id == entry_id:
                return moment
        return None

    @property
    def endings(self) -> list[Scene]:
        return [scene for scene in self.scenes.values() if scene.ending]

    def citations(self) -> list[Citation]:
        """Every citation anywhere in the story (in unnamed scenes and entries too)."""
        cites = list(self.title_cite)
        unnamed_scenes = [item for item in self.unnamed if isinstance(item, Scene)]
        for scene in [*self.scenes.values(), *unnamed_scenes]:
            cites.extend(scene.citations())
            for prompt in scene.discuss:
                cites.extend(prompt.cite)
            if scene.checkpoint:
                checkpoint = scene.checkpoint
                cites.extend(checkpoint.cite)
                cites.extend(checkpoint.explanation.cite)
                for option in checkpoint.options:
                    cites.extend(option.cite)
        for fact in self.facts.values():
            cites.extend(fact.citations())
        for unknown in self.unknowns.values():
            cites.extend(unknown.text.cite)
        for term in self.glossary.values():
            cites.extend(term.text.cite)
        for moment in self.timeline:
            cites.extend(moment.text.cite)
        for entry in self.unnamed:
            if isinstance(entry, Fact):
                cites.extend(entry.citations())
            elif not isinstance(entry, Scene):
                cites.extend(entry.text.cite)
        return cites
