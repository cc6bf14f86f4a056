"""`story check`: the rules that prove a story invents nothing.

Each rule is a function that takes the loaded story and returns diagnostics. :func:`check_path`
runs the loader and every rule and returns a :class:`Report`; it never prints.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from story.checking.details import details, ordinary_words, support_keys
from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos, sort_diagnostics
from story.core.model import Checkpoint, Citation, Fact, Loaded, Moment, Passage, Scene, Story, Term, Text, Unknown
from story.core.sources import Coverage, normalise
from story.loading.loader import StoryFiles, load_story, occurrence
from story.loading.yamlsafe import paused_gc, reads_as_boolean

Rule = Callable[[Story, StoryFiles], list[Diagnostic]]


@dataclass
class Report:
    """Everything `story check` found."""

    story: Story | None
    diagnostics: list[Diagnostic]
    coverage: list[Coverage] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(not d.is_error for d in self.diagnostics)


def check_path(path: Path | str, extra_rules: list[Rule] | None = None) -> Report:
    """Load a story folder and run every rule on it.

    Args:
        path: Story folder (or a file in it).
        extra_rules: Further rules to run after the built-in ones.

    Returns:
        The report, with diagnostics sorted by file and line.
    """
    with paused_gc():
        story, diagnostics, files = load_story(path)
        coverage: list[Coverage] = []
        if story is not None:
            diagnostics.extend(check_quotes(story, files))
            for rule in [*RULES, *(extra_rules or [])]:
                diagnostics.extend(rule(story, files))
            coverage = measure_coverage(story)
    return Report(story, sort_diagnostics(diagnostics), coverage)


# -- quotes -----------------------------------------------------------------------------


def _short(text: str, limit: int = 80) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


CLOSEST_LIMIT = 100
"""Quotes not found for which the closest passage is shown; past this, a broken or hostile
file would spend its time on hints."""


def check_quotes(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Every quote must appear verbatim in its source (E201), which must exist (E202)."""
    found: list[Diagnostic] = []
    unreadable = files.unreadable_sources
    searched = 0
    for citation in story.citations():
        source = story.sources.get(citation.source)
        if source is None:
            if unreadable is None or citation.source in unreadable:
                continue  # the manifest or the article could not be read: reported once as E203
            known = ", ".join(sorted(story.sources)) or "none"
            guess = difflib.get_close_matches(citation.source, list(story.sources), n=1)
            hint = f"did you mean {guess[0]!r}? " if guess else ""
            found.append(
                Diagnostic(
                    citation.pos,
                    Code.UNKNOWN_SOURCE,
                    f"unknown source id {citation.source!r}",
                    f'{hint}known sources: {known} (quote ids: source: "004")',
                )
            )
            continue
        if not any(character.isalnum() for character in citation.quote):
            found.append(
                Diagnostic(
                    citation.pos,
                    Code.EMPTY_VALUE,
                    f"quote {citation.quote!r} has no words",
                    "quote the words that back the text",
                )
            )
            continue
        citation.match = source.find(citation.quote)
        if citation.match is not None:
            continue
        across = source.find(citation.quote, across_paragraphs=True)
        if across is not None:
            last = source.line_at(across.end - 1)
            found.append(
                Diagnostic(
                    citation.pos,
                    Code.QUOTE_NOT_FOUND,
                    f"quote runs across two paragraphs of source {source.id} (lines {across.line}-{last}): "
                    f'"{_short(citation.quote)}"',
                    "split it into one quote per paragraph",
                )
            )
            continue
        searched += 1
        closest = source.closest(citation.quote) if searched <= CLOSEST_LIMIT else None
        detail = f' (closest: "{_short(closest[0])}", line {closest[1]})' if closest else ""
        elsewhere = [other.id for other in story.sources.values() if other is not source and other.find(citation.quote)]
        hint = (
            f"the quote is in source {elsewhere[0]}; change `source:`"
            if elsewhere
            else 'copy the words exactly; `story cite "some words"` prints a ready citation'
        )
        found.append(
            Diagnostic(
                citation.pos,
                Code.QUOTE_NOT_FOUND,
                f'quote not found in source {source.id}: "{_short(citation.quote)}"{detail}',
                hint,
            )
        )
    return found


def measure_coverage(story: Story) -> list[Coverage]:
    """How much of each source the story's quotes cover, by sentence."""
    coverage = {source_id: Coverage(source) for source_id, source in story.sources.items()}
    for citation in story.citations():
        if citation.match is not None and citation.source in coverage:
            coverage[citation.source].add(citation.match)
    return list(coverage.values())


# -- unsupported details ----------------------------------------------------------------


def visible_texts(story: Story) -> Iterator[tuple[Text, list[Citation] | None, str]]:
    """Every player-visible text, the citations that must support it, and what it is.

    The citations are ``None`` when some of them are broken (a citation, a ``cite:`` or a list
    that holds them was missing or rejected by the schema, and reported): what they would
    support is unknown, so no rule judges the text against the rest.
    """
    yield story.title, _cites(story.title_cite, story, "title_cite"), "story title"
    for scene in every_scene(story):
        scene_cites = _scene_cites(scene)
        yield scene.title, scene_cites, "scene title"
        for passage in scene.passages:
            yield passage.text, _cites(passage.cite, passage), "passage"
        for prompt in scene.discuss:
            yield prompt.text, _cites(prompt.cite, prompt), "discussion prompt"
        for choice in scene.choices:
            # A label is checked against its scene's quotes and its target's: with no such
            # target (E402), what the label may say is unknown too.
            target = story.scenes.get(choice.target)
            target_cites = _narration_cites(target) if target else None
            cites = None if scene_cites is None or target_cites is None else scene_cites + target_cites
            yield choice.label, cites, "choice"
        checkpoint = scene.checkpoint
        if checkpoint:
            yield checkpoint.question, _checkpoint_cites(checkpoint), "checkpoint question"
            for option in checkpoint.options:
                yield option.text, _cites(option.cite, option), "checkpoint option"
            explanation = checkpoint.explanation
            yield explanation.text, _cites(explanation.cite, explanation), "checkpoint explanation"
    for fact in _entries(story, Fact):
        yield fact.title, _fact_cites(fact), "fact title"
        if fact.text:
            yield fact.text.text, _cites(fact.text.cite, fact.text), "fact"
        for account in fact.accounts:
            yield account.text, _cites(account.cite, account), "account"
    for unknown in _entries(story, Unknown):
        yield unknown.text.text, _cites(unknown.text.cite, unknown.text), "unknown"
    for term in _entries(story, Term):
        cites = _cites(term.text.cite, term.text)
        yield term.term, cites, "glossary term"
        yield term.text.text, cites, "glossary definition"
    for moment in _entries(story, Moment):
        cites = _cites(moment.text.cite, moment.text)
        yield moment.when, cites, "timeline time words"
        yield moment.text.text, cites, "timeline entry"


def every_scene(story: Story) -> list[Scene]:
    """Every scene, including those whose id is missing (:attr:`Story.unnamed`)."""
    return [*story.scenes.values(), *(item for item in story.unnamed if isinstance(item, Scene))]


_Entry = TypeVar("_Entry", Fact, Unknown, Term, Moment)


def _entries(story: Story, kind: type[_Entry]) -> list[_Entry]:
    """Every fact-panel entry of a kind, including those whose id is missing."""
    tables: dict[type, Iterable[Any]] = {
        Fact: story.facts.values(),
        Unknown: story.unknowns.values(),
        Term: story.glossary.values(),
        Moment: story.timeline,
    }
    return [*tables[kind], *(item for item in story.unnamed if isinstance(item, kind))]


def _cites(cites: list[Citation], owner: Loaded, name: str = "cite") -> list[Citation] | None:
    """``cites``, or ``None`` when the owner's field that holds them is broken."""
    return None if name in owner.broken else cites


def _narration_cites(scene: Scene) -> list[Citation] | None:
    """The quotes of a scene's passages (a target's, for a choice label), ``None`` if some are broken."""
    if "passages" in scene.broken or any("cite" in passage.broken for passage in scene.passages):
        return None
    return scene.citations()


def _scene_cites(scene: Scene) -> list[Citation] | None:
    """The quotes behind a scene's title and choices: its passages' and its checkpoint's."""
    cites = _narration_cites(scene)
    if cites is None or "checkpoint" in scene.broken:
        return None
    checkpoint = scene.checkpoint
    if checkpoint:
        if "cite" in checkpoint.broken or "cite" in checkpoint.explanation.broken:
            return None
        cites = cites + checkpoint.cite + checkpoint.explanation.cite
    return cites


def _checkpoint_cites(checkpoint: Checkpoint) -> list[Citation] | None:
    """The quotes behind a checkpoint's question: its own, its explanation's and every option's."""
    parts = [checkpoint, checkpoint.explanation, *checkpoint.options]
    if "options" in checkpoint.broken or any("cite" in part.broken for part in parts):
        return None
    every = checkpoint.cite + checkpoint.explanation.cite
    for option in checkpoint.options:
        every = every + option.cite
    return every


def _fact_cites(fact: Fact) -> list[Citation] | None:
    """The quotes behind a fact's title: its text's or every account's."""
    parts = [*([fact.text] if fact.text else []), *fact.accounts]
    if "accounts" in fact.broken or any("cite" in part.broken for part in parts):
        return None
    return fact.citations()


_KIND_TEXT = {
    "number": (Code.UNSUPPORTED_NUMBER, "number", "a figure the cited quotes do not give"),
    "date": (Code.UNSUPPORTED_DATE, "weekday or month", "a date the cited quotes do not give"),
    "name": (Code.UNSUPPORTED_NAME, "name", "a name the cited quotes do not give"),
}


def check_details(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Numbers, weekdays, months and names must appear in the quotes a text cites."""
    found: list[Diagnostic] = []
    texts = list(visible_texts(story))
    ordinary = ordinary_words([source.text for source in story.sources.values()] + [t.value for t, _, _ in texts])
    for text, cites, what in texts:
        if not cites:
            continue  # no quotes (E504), or some broken (reported): nothing to judge against
        if text.plain and reads_as_boolean(text.value):
            continue  # a bare `no` is reported by the schema as E305
        found_details = details(text.value, ordinary)
        if not found_details:
            continue  # most titles and choices: no figure, date or name to look up
        support = support_keys([c.quote for c in cites])
        for detail in found_details:
            if detail.key in support[detail.kind]:
                continue
            code, noun, why = _KIND_TEXT[detail.kind]
            hint = f'{why}; cite a quote that contains it (`story cite "{detail.word}"`)'
            if detail.kind == "name":
                hint += ", or write ordinary words in lowercase (titles in sentence case)"
            found.append(
                Diagnostic(
                    files.locate(text, detail.word, occurrence(text.value, detail.word, detail.start)),
                    code,
                    f"{noun} {detail.word!r} in {what} is not in its cited quotes",
                    hint,
                )
            )
    return found


# -- graph ------------------------------------------------------------------------------


def reachable(story: Story) -> set[str]:
    """Scene ids reachable from the start scene by choices."""
    seen: set[str] = set()
    queue = deque([story.start] if story.start in story.scenes else [])
    while queue:
        scene_id = queue.popleft()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        for choice in story.scenes[scene_id].choices:
            if choice.target in story.scenes and choice.target not in seen:
                queue.append(choice.target)
    return seen


class _Routes:
    """Where each scene may lead, knowing what is broken.

    A scene whose choices are broken may lead anywhere. A choice to a missing scene may have meant
    a scene whose id is broken (the one mistake, reported there), so it may lead to any of those;
    and to anywhere while a whole ``scenes:`` section is unknown. Without anything broken, these are
    the choices as written.
    """

    def __init__(self, story: Story) -> None:
        self.scenes = every_scene(story)
        index = {id(scene): number for number, scene in enumerate(self.scenes)}
        self.nameless = [number for number, scene in enumerate(self.scenes) if "id" in scene.broken]
        """Scenes whose id is broken: what a choice to a missing scene may have meant."""
        self.lost = "scenes" in story.broken
        """Whether some file's ``scenes:`` is not a list, so that any scene may be missing."""
        self.leads: list[list[int]] = []
        self.anywhere: set[int] = set()
        for number, scene in enumerate(self.scenes):
            leads: list[int] = []
            if "choices" in scene.broken:
                self.anywhere.add(number)
            for choice in scene.choices:
                target = story.scenes.get(choice.target)
                if target is not None:
                    leads.append(index[id(target)])
                elif self.lost:
                    self.anywhere.add(number)
                else:
                    leads.extend(self.nameless)
            self.leads.append(leads)
        self.start = index[id(story.scenes[story.start])] if story.start in story.scenes else None

    @property
    def unknown_targets(self) -> bool:
        """Whether an id that names no scene may still have meant one (whose id is broken)."""
        return bool(self.nameless) or self.lost

    def reachable(self) -> set[int]:
        """The scenes that may be reachable from the start (by number)."""
        if self.start is None:
            return set()
        seen: set[int] = set()
        queue = deque([self.start])
        while queue:
            number = queue.popleft()
            if number in seen:
                continue
            if number in self.anywhere:
                return set(range(len(self.scenes)))
            seen.add(number)
            queue.extend(self.leads[number])
        return seen

    def can_end(self) -> set[int]:
        """The scenes from which an ending may be reached (by number)."""
        incoming: list[list[int]] = [[] for _ in self.scenes]
        for number, leads in enumerate(self.leads):
            for target in leads:
                incoming[target].append(number)
        queue = deque(
            number
            for number, scene in enumerate(self.scenes)
            if scene.ending or "ending" in scene.broken or number in self.anywhere
        )
        found: set[int] = set()
        while queue:
            number = queue.popleft()
            if number in found:
                continue
            found.add(number)
            queue.extend(incoming[number])
        return found


def check_graph(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Start scene, choice targets, reachability, dead ends and endings.

    What is broken is not judged: a scene with broken choices is no dead end and may lead
    anywhere, a broken ``ending`` may be one, and a missing scene may be one whose id is broken.
    """
    found: list[Diagnostic] = []
    ids = list(story.scenes)
    routes = _Routes(story)
    # A missing `start:` is E302, a bad one E304: neither is looked up.
    if "start" not in story.broken and story.start not in story.scenes and not routes.unknown_targets:
        guess = difflib.get_close_matches(story.start, ids, n=1)
        found.append(
            Diagnostic(
                story.start_pos,
                Code.MISSING_START,
                f"start scene {story.start!r} does not exist",
                f"did you mean {guess[0]!r}?" if guess else "set `start:` to the id of a scene",
            )
        )
    for scene in routes.scenes:
        for choice in scene.choices:
            if choice.target not in story.scenes and not routes.unknown_targets:
                guess = difflib.get_close_matches(choice.target, ids, n=1)
                found.append(
                    Diagnostic(
                        choice.target_pos,
                        Code.MISSING_TARGET,
                        f"choice leads to a missing scene {choice.target!r}",
                        f"did you mean {guess[0]!r}?" if guess else "add the scene or fix the target",
                    )
                )
        if scene.ending and scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.ENDING_WITH_CHOICES,
                    f"{_called('ending', scene)} has choices",
                    "an ending closes the story; remove `ending: true` or the choices",
                )
            )
        if not scene.ending and not scene.choices and not {"ending", "choices"} & scene.broken:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.DEAD_END,
                    f"dead end: {_called('scene', scene)} has no choices and is not an ending",
                    "add a choice, or mark it `ending: true`",
                )
            )
    if routes.start is None:
        return found
    seen = routes.reachable()
    for number, scene in enumerate(routes.scenes):
        if number in seen or not scene.id:
            continue  # a scene with no id cannot be named here (its E302 is enough)
        if scene.ending:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.UNREACHABLE_ENDING,
                    f"ending {scene.id!r} cannot be reached",
                    "add a choice that leads to it",
                )
            )
        else:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.UNREACHABLE_SCENE,
                    f"scene {scene.id!r} cannot be reached from the start",
                    "add a choice that leads to it, or remove it",
                )
            )
    if not any(scene.ending or "ending" in scene.broken for scene in routes.scenes) and not routes.lost:
        found.append(
            Diagnostic(story.pos, Code.NO_ENDING, "the story has no ending", "mark a final scene `ending: true`")
        )
        return found
    # Scenes from which no ending can be reached trap the player in a loop.
    can_end = routes.can_end()
    for number in sorted(seen - can_end, key=lambda n: routes.scenes[n].pos):
        scene = routes.scenes[number]
        if scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.NO_WAY_OUT,
                    f"no ending can be reached from {_called('scene', scene)}",
                    "the player would loop forever; add a way towards an ending",
                )
            )
    return found


def _called(noun: str, scene: Scene) -> str:
    """How a message names a scene: "scene 'the-drive'", or "a scene with no id"."""
    if scene.id:
        return f"{noun} {scene.id!r}"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} with no id"


_ENTRY_SECTIONS = frozenset({"facts", "unknowns", "glossary", "timeline"})


def check_unlocks(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """`unlocks` must name real entries, and every entry must be unlocked somewhere.

    An unlock that names no entry may have meant one whose id is broken (reported there), and a
    broken `unlocks` may have named any entry: neither is judged.
    """
    found: list[Diagnostic] = []
    entries: list[Fact | Unknown | Term | Moment] = [
        *story.facts.values(),
        *story.unknowns.values(),
        *story.glossary.values(),
        *story.timeline,
    ]
    entry_ids = [entry.id for entry in entries]
    nameless = [entry for entry in entries if "id" in entry.broken]
    unknown_entries = bool(nameless) or any(not isinstance(item, Scene) for item in story.unnamed)
    unknown_entries = unknown_entries or bool(_ENTRY_SECTIONS & story.broken)
    routes = _Routes(story)
    seen = routes.reachable()
    unlocked: set[str] = set()
    any_entry = False  # a reachable scene's broken `unlocks` may have named any entry
    nameless_entry = False  # a reachable scene names no entry: it may have meant a nameless one
    for number, scene in enumerate(routes.scenes):
        reached = number in seen
        any_entry = any_entry or (reached and "unlocks" in scene.broken)
        for entry_id, pos in scene.unlocks:
            if story.entry(entry_id) is None:
                if unknown_entries:
                    nameless_entry = nameless_entry or reached
                    continue
                guess = difflib.get_close_matches(entry_id, entry_ids, n=1)
                hint = (
                    f"did you mean {guess[0]!r}?" if guess else "ids come from facts, unknowns, glossary and timeline"
                )
                found.append(Diagnostic(pos, Code.UNKNOWN_ENTRY, f"unlocks unknown entry {entry_id!r}", hint))
            elif reached:
                unlocked.add(entry_id)
    if routes.start is None or any_entry:
        return found  # nothing is known to be reachable (check_graph says why), or unlocked
    for entry in entries:
        if entry.id in unlocked or (nameless_entry and "id" in entry.broken):
            continue
        found.append(
            Diagnostic(
                entry.pos,
                Code.ENTRY_NEVER_UNLOCKED,
                f"entry {entry.id!r} is never unlocked by a reachable scene",
                f"add `unlocks: [{entry.id}]` to the scene that tells it",
            )
        )
    return found


# -- structure --------------------------------------------------------------------------


def check_structure(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Checkpoints have one right answer and distinct options; accounts keep to one source each."""
    found: list[Diagnostic] = []
    for scene in every_scene(story):
        checkpoint = scene.checkpoint
        if checkpoint is None:
            continue
        correct = sum(option.correct for option in checkpoint.options)
        # A broken option (or `correct:`) may be the answer: then only two or more is certain.
        unknown = "options" in checkpoint.broken or any("correct" in o.broken for o in checkpoint.options)
        if correct > 1 or (correct == 0 and not unknown):
            found.append(
                Diagnostic(
                    checkpoint.pos,
                    Code.CHECKPOINT_ANSWER,
                    f"checkpoint in {_called('scene', scene)} has {correct} correct options; it needs exactly one",
                    "mark the right answer with `correct: true`",
                )
            )
        seen: dict[str, Pos] = {}
        for option in checkpoint.options:
            if "text" in option.broken:
                continue  # a broken text is no option text, nor the same as another
            key = normalise(option.text.value).lower()
            if key in seen:
                found.append(
                    Diagnostic(option.text.pos, Code.REPEATED_OPTION, f"option {option.text.value!r} is offered twice")
                )
            seen[key] = option.text.pos
    for fact in _entries(story, Fact):
        by_source: dict[str, Pos] = {}
        for account in fact.accounts:
            sources = account.sources
            if len(sources) > 1:
                found.append(
                    Diagnostic(
                        account.pos,
                        Code.ACCOUNT_SOURCES,
                        f"an account of fact {fact.id!r} cites more than one source ({', '.join(sources)})",
                        "each account should tell one source's version",
                    )
                )
            for source_id in sources[:1]:
                if source_id in by_source:
                    found.append(
                        Diagnostic(
                            account.pos,
                            Code.ACCOUNT_SOURCES,
                            f"two accounts of fact {fact.id!r} cite the same source {source_id}",
                            "accounts show where different sources disagree",
                        )
                    )
                by_source[source_id] = account.pos
    return found


RULES: list[Rule] = [check_details, check_graph, check_unlocks, check_structure]
"""The built-in rules after quote matching, in order."""

from story.checking.faithful import FAITHFUL_RULES  # noqa: E402  (E701-W705: content words, attributions, hedges)

RULES.extend(FAITHFUL_RULES)


def passages(story: Story) -> Iterator[Passage]:
    """Every passage of narration, in scene order."""
    for scene in story.scenes.values():
        yield from scene.passages
