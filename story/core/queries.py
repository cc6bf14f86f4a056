"""What the model answers that is not a rule: which texts a player sees and what backs each, which
scenes are reachable, and the order a reader meets them in.

The checker's rules, the renderers and the UI all ask these questions; none of them reports anything.
"""

from __future__ import annotations

import re
import weakref
from collections import deque
from collections.abc import Container, Iterable, Iterator
from operator import attrgetter
from typing import Any, TypeVar

from story.core.diagnostics import Pos
from story.core.model import Checkpoint, Citation, Fact, Loaded, Moment, Scene, Story, Term, Text, Unknown
from story.core.sources import Match, normalise

TITLE_KINDS = frozenset({"story title", "scene title", "fact title", "choice", "glossary term", "timeline time words"})
"""Labels rather than claims: checked for content words, never for attributions or hedges."""

QUESTION_KINDS = frozenset({"checkpoint question", "checkpoint option", "discussion prompt"})
"""Questions and answers: checked for content words. A question asserts nothing, and an option
answers the question that frames it, so neither needs to repeat an attribution or a hedge; the
checkpoint's explanation, which is a claim, does."""

CLAIM_KINDS = frozenset(
    {"passage", "fact", "account", "unknown", "glossary definition", "timeline entry", "checkpoint explanation"}
)
"""Texts that state what happened: every rule applies."""


_SOURCE = attrgetter("source")


def visible_texts(
    story: Story, *, labels: bool = True, files: Container[str] | None = None
) -> Iterator[tuple[Text, list[Citation] | None, str]]:
    """Every player-visible text, the citations that must support it, and what it is.

    The citations are ``None`` when some of them are broken (a citation, a ``cite:`` or a list
    that holds them was missing or rejected by the schema, and reported) or quote an article that
    could not be read: what they would support is unknown, so no rule judges the text against the
    rest.

    A text that names an article by its label ("Hail of Bullets") is backed by the label too, as
    if it quoted it: a label is checked to be the article's own words (:mod:`story.core.labels`).
    With ``labels=False``, only the citations the story gives. With ``files``, only the texts
    written in those files.
    """
    naming = label_citations(story) if labels else []
    named: dict[str, list[Citation]] = {}
    """The labels each text names, by its words: a story repeats its choices' labels."""
    known = story.sources.__contains__
    for text, cites, what in _visible_texts(story, files):
        # Most quotes are of articles that were read: only a quote of another source is looked at.
        if cites and not all(map(known, map(_SOURCE, cites))) and any(story.unread(c.source) for c in cites):
            cites = None  # a quote of an article that could not be read: what it backs is unknown
        if cites and naming:
            labelled = named.get(text.value)
            if labelled is None:
                labelled = named[text.value] = [citation for pattern, citation in naming if pattern.search(text.value)]
            cites = cites + labelled
        yield text, cites, what


def label_citations(story: Story) -> list[tuple[re.Pattern[str], Citation]]:
    """For each labelled source: how its label is found in a text, and the label as a quote of it.

    A label names its article only written as it is written ("Hail of Bullets"): "a hail of
    bullets" in a sentence is about the event, not the article.
    """
    found = []
    for source in story.sources.values():
        if not source.label:
            continue
        pattern = word_pattern(source.label)
        where = word_pattern(source.label, ignore_case=True).search(source.norm)
        if where is None:
            continue  # a label that is not the article's words (E204) backs nothing
        match = Match(where.start(), where.end(), source.line_at(where.start()))
        found.append((pattern, Citation(source.id, source.label, Pos(story.manifest), match, label=True)))
    return found


def word_pattern(words: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """Some words as a pattern, on word boundaries, with any spacing or punctuation between them."""
    parts = [re.escape(word) for word in re.findall(r"[\w'-]+", normalise(words))]
    flags = re.IGNORECASE if ignore_case else 0
    if not parts:
        return re.compile(r"(?<![\w])(?![\w])", flags)
    # The pattern starts with the first word and looks back past it for the boundary, rather than
    # the other way round: a pattern that starts with a word lets the regular expression engine
    # skip ahead to where the word's first letter is, ten times faster over a whole text.
    first = parts[0]
    return re.compile(first + rf"(?<!\w{first})" + "".join(r"\W+" + part for part in parts[1:]) + r"(?![\w])", flags)


def _visible_texts(
    story: Story, files: Container[str] | None = None
) -> Iterator[tuple[Text, list[Citation] | None, str]]:
    if files is None or story.title.pos.file in files:
        yield story.title, _cites(story.title_cite, story, "title_cite"), "story title"
    for scene in every_scene(story):
        if files is not None and scene.pos.file not in files:
            continue
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
            target_cites = narration_cites(target) if target else None
            cites = None if scene_cites is None or target_cites is None else scene_cites + target_cites
            yield choice.label, cites, "choice"
        checkpoint = scene.checkpoint
        if checkpoint:
            yield checkpoint.question, _checkpoint_cites(checkpoint), "checkpoint question"
            for option in checkpoint.options:
                yield option.text, _cites(option.cite, option), "checkpoint option"
            explanation = checkpoint.explanation
            yield explanation.text, _cites(explanation.cite, explanation), "checkpoint explanation"
    for fact in entries(story, Fact):
        if files is not None and fact.pos.file not in files:
            continue
        yield fact.title, _fact_cites(fact), "fact title"
        if fact.text:
            yield fact.text.text, _cites(fact.text.cite, fact.text), "fact"
        for account in fact.accounts:
            yield account.text, _cites(account.cite, account), "account"
    for unknown in entries(story, Unknown):
        if files is not None and unknown.pos.file not in files:
            continue
        yield unknown.text.text, _cites(unknown.text.cite, unknown.text), "unknown"
    for term in entries(story, Term):
        if files is not None and term.pos.file not in files:
            continue
        cites = _cites(term.text.cite, term.text)
        yield term.term, cites, "glossary term"
        yield term.text.text, cites, "glossary definition"
    for moment in entries(story, Moment):
        if files is not None and moment.pos.file not in files:
            continue
        cites = _cites(moment.text.cite, moment.text)
        yield moment.when, cites, "timeline time words"
        yield moment.text.text, cites, "timeline entry"


def every_scene(story: Story) -> list[Scene]:
    """Every scene, including those whose id is missing (:attr:`Story.unnamed`)."""
    return [*story.scenes.values(), *(item for item in story.unnamed if isinstance(item, Scene))]


_Entry = TypeVar("_Entry", Fact, Unknown, Term, Moment)


def entries(story: Story, kind: type[_Entry]) -> list[_Entry]:
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


def narration_cites(scene: Scene) -> list[Citation] | None:
    """The quotes of a scene's passages (a target's, for a choice label), ``None`` if some are broken."""
    if "passages" in scene.broken or any("cite" in passage.broken for passage in scene.passages):
        return None
    return scene.citations()


def _scene_cites(scene: Scene) -> list[Citation] | None:
    """The quotes behind a scene's title and choices: its passages' and its checkpoint's."""
    cites = narration_cites(scene)
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


def story_order(story: Story) -> list[Scene]:
    """Every scene in story order.

    Story order is depth-first from the start scene, following each scene's choices in the
    order they are written: the first choice's whole path is read before the second choice's,
    so a main path and a short tour each stay in one piece. Scenes no choice reaches come last,
    in the order of the files.
    """
    order: list[str] = []
    seen: set[str] = set()
    stack = [story.start] if story.start in story.scenes else []
    while stack:
        scene_id = stack.pop()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        order.append(scene_id)
        targets = [c.target for c in story.scenes[scene_id].choices if c.target in story.scenes]
        stack.extend(target for target in reversed(targets) if target not in seen)
    order.extend(scene_id for scene_id in story.scenes if scene_id not in seen)
    return [story.scenes[scene_id] for scene_id in order]


_ROUTES: dict[int, tuple[weakref.ref[Story], dict[str, frozenset[str]]]] = {}


def routes(story: Story) -> dict[str, frozenset[str]]:
    """For each scene, the route it is read on: the start scene and all a choice of it leads to.

    The start's choices open the story's routes (a full walk and a short tour, say); a scene
    on more than one belongs to the first, and the start scene too. A story whose start has no
    choices is one route. Worked out once per story.
    """
    cached = _ROUTES.get(id(story))
    if cached is not None and cached[0]() is story:
        return cached[1]
    found: dict[str, frozenset[str]] = {}
    start = story.scenes.get(story.start)
    for choice in start.choices if start is not None else []:
        if choice.target in story.scenes and choice.target not in found:
            route = frozenset({story.start} | _reachable_from(story, choice.target))
            for scene_id in route:
                found.setdefault(scene_id, route)
    everything = frozenset(story.scenes)
    for scene_id in story.scenes:
        found.setdefault(scene_id, everything)
    if len(_ROUTES) > 8:
        _ROUTES.clear()
    _ROUTES[id(story)] = (weakref.ref(story), found)
    return found


def _reachable_from(story: Story, first: str) -> set[str]:
    seen = {first}
    queue = deque([first])
    while queue:
        for choice in story.scenes[queue.popleft()].choices:
            if choice.target in story.scenes and choice.target not in seen:
                seen.add(choice.target)
                queue.append(choice.target)
    return seen


def reading_place(story: Story, scene_id: str, read: Iterable[str]) -> tuple[int, int]:
    """Where a reader is, as "scene N of M": N scenes of the route being read have been read, of M.

    N counts the scene on screen too. The player counts what its reader has read, present mode
    what the class has been shown, both by this one definition: going back keeps the count, a
    choice that skips a scene ends the route short of its total ("12 of 20 · end"), and a reader
    of a short tour is counted against the tour's scenes only.
    """
    route = routes(story).get(scene_id, frozenset({scene_id}))
    return len(({scene_id} | set(read)) & route), len(route)
