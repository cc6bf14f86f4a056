"""`story check`: the rules that prove a story invents nothing.

Each rule is a function that takes the loaded story and returns diagnostics. :func:`check_path`
runs the loader and every rule and returns a :class:`Report`; it never prints.
"""

from __future__ import annotations

import difflib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .details import details, ordinary_words, support_keys
from .diagnostics import Diagnostic, Pos, sort_diagnostics
from .loader import StoryFiles, load_story, occurrence
from .model import Citation, Passage, Story, Text
from .sources import Coverage, normalise
from .yamlsafe import paused_gc, reads_as_boolean

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
                    "E202",
                    f"unknown source id {citation.source!r}",
                    f"{hint}known sources: {known} (quote ids: source: \"004\")",
                )
            )
            continue
        if not any(character.isalnum() for character in citation.quote):
            found.append(
                Diagnostic(
                    citation.pos,
                    "E304",
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
                    "E201",
                    f"quote runs across two paragraphs of source {source.id} (lines {across.line}-{last}): "
                    f"\"{_short(citation.quote)}\"",
                    "split it into one quote per paragraph",
                )
            )
            continue
        searched += 1
        closest = source.closest(citation.quote) if searched <= CLOSEST_LIMIT else None
        detail = f" (closest: \"{_short(closest[0])}\", line {closest[1]})" if closest else ""
        elsewhere = [other.id for other in story.sources.values() if other is not source and other.find(citation.quote)]
        hint = (
            f"the quote is in source {elsewhere[0]}; change `source:`"
            if elsewhere
            else "copy the words exactly; `story cite \"some words\"` prints a ready citation"
        )
        found.append(
            Diagnostic(
                citation.pos,
                "E201",
                f"quote not found in source {source.id}: \"{_short(citation.quote)}\"{detail}",
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


def visible_texts(story: Story) -> Iterator[tuple[Text, list[Citation], str]]:
    """Every player-visible text, the citations that must support it, and what it is."""
    yield story.title, story.title_cite, "story title"
    for scene in story.scenes.values():
        scene_cites = list(scene.citations())
        if scene.checkpoint:
            scene_cites += scene.checkpoint.cite + scene.checkpoint.explanation.cite
        yield scene.title, scene_cites, "scene title"
        for passage in scene.passages:
            yield passage.text, passage.cite, "passage"
        for prompt in scene.discuss:
            yield prompt.text, prompt.cite, "discussion prompt"
        for choice in scene.choices:
            target = story.scenes.get(choice.target)
            cites = scene_cites + (target.citations() if target else [])
            yield choice.label, cites, "choice"
        checkpoint = scene.checkpoint
        if checkpoint:
            every = checkpoint.cite + checkpoint.explanation.cite
            for option in checkpoint.options:
                every = every + option.cite
            yield checkpoint.question, every, "checkpoint question"
            for option in checkpoint.options:
                yield option.text, option.cite, "checkpoint option"
            yield checkpoint.explanation.text, checkpoint.explanation.cite, "checkpoint explanation"
    for fact in story.facts.values():
        yield fact.title, fact.citations(), "fact title"
        if fact.text:
            yield fact.text.text, fact.text.cite, "fact"
        for account in fact.accounts:
            yield account.text, account.cite, "account"
    for unknown in story.unknowns.values():
        yield unknown.text.text, unknown.text.cite, "unknown"
    for term in story.glossary.values():
        yield term.term, term.text.cite, "glossary term"
        yield term.text.text, term.text.cite, "glossary definition"
    for moment in story.timeline:
        yield moment.when, moment.text.cite, "timeline time words"
        yield moment.text.text, moment.text.cite, "timeline entry"


_KIND_TEXT = {
    "number": ("E501", "number", "a figure the cited quotes do not give"),
    "date": ("E502", "weekday or month", "a date the cited quotes do not give"),
    "name": ("E503", "name", "a name the cited quotes do not give"),
}


def check_details(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Numbers, weekdays, months and names must appear in the quotes a text cites."""
    found: list[Diagnostic] = []
    texts = list(visible_texts(story))
    ordinary = ordinary_words([source.text for source in story.sources.values()] + [t.value for t, _, _ in texts])
    for text, cites, what in texts:
        if not cites:
            continue  # reported by the schema as E504
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
            hint = f"{why}; cite a quote that contains it (`story cite \"{detail.word}\"`)"
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


def check_graph(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Start scene, choice targets, reachability, dead ends and endings."""
    found: list[Diagnostic] = []
    ids = list(story.scenes)
    if story.start and story.start not in story.scenes:  # a missing `start:` is E302
        guess = difflib.get_close_matches(story.start, ids, n=1)
        found.append(
            Diagnostic(
                story.start_pos,
                "E403",
                f"start scene {story.start!r} does not exist",
                f"did you mean {guess[0]!r}?" if guess else "set `start:` to the id of a scene",
            )
        )
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.target not in story.scenes:
                guess = difflib.get_close_matches(choice.target, ids, n=1)
                found.append(
                    Diagnostic(
                        choice.target_pos,
                        "E402",
                        f"choice leads to a missing scene {choice.target!r}",
                        f"did you mean {guess[0]!r}?" if guess else "add the scene or fix the target",
                    )
                )
        if scene.ending and scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    "E406",
                    f"ending {scene.id!r} has choices",
                    "an ending closes the story; remove `ending: true` or the choices",
                )
            )
        if not scene.ending and not scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    "E405",
                    f"dead end: scene {scene.id!r} has no choices and is not an ending",
                    "add a choice, or mark it `ending: true`",
                )
            )
    if story.start not in story.scenes:
        return found
    seen = reachable(story)
    for scene in story.scenes.values():
        if scene.id in seen:
            continue
        if scene.ending:
            found.append(
                Diagnostic(scene.pos, "E407", f"ending {scene.id!r} cannot be reached", "add a choice that leads to it")
            )
        else:
            found.append(
                Diagnostic(
                    scene.pos,
                    "W404",
                    f"scene {scene.id!r} cannot be reached from the start",
                    "add a choice that leads to it, or remove it",
                )
            )
    if not story.endings:
        found.append(Diagnostic(story.pos, "E408", "the story has no ending", "mark a final scene `ending: true`"))
        return found
    # Scenes from which no ending can be reached trap the player in a loop.
    incoming: dict[str, list[str]] = {scene_id: [] for scene_id in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.target in incoming:
                incoming[choice.target].append(scene.id)
    can_end: set[str] = set()
    queue = deque(scene.id for scene in story.endings)
    while queue:
        scene_id = queue.popleft()
        if scene_id in can_end:
            continue
        can_end.add(scene_id)
        queue.extend(incoming[scene_id])
    for scene_id in sorted(seen - can_end, key=lambda s: story.scenes[s].pos):
        scene = story.scenes[scene_id]
        if scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    "W409",
                    f"no ending can be reached from scene {scene_id!r}",
                    "the player would loop forever; add a way towards an ending",
                )
            )
    return found


def check_unlocks(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """`unlocks` must name real entries, and every entry must be unlocked somewhere."""
    found: list[Diagnostic] = []
    entry_ids = [*story.facts, *story.unknowns, *story.glossary, *(m.id for m in story.timeline)]
    unlocked: set[str] = set()
    seen = reachable(story)
    for scene in story.scenes.values():
        for entry_id, pos in scene.unlocks:
            if story.entry(entry_id) is None:
                guess = difflib.get_close_matches(entry_id, entry_ids, n=1)
                found.append(
                    Diagnostic(
                        pos,
                        "E410",
                        f"unlocks unknown entry {entry_id!r}",
                        f"did you mean {guess[0]!r}?" if guess else "ids come from facts, unknowns, glossary and timeline",
                    )
                )
            elif scene.id in seen:
                unlocked.add(entry_id)
    for entry_id in entry_ids:
        if entry_id not in unlocked:
            entry = story.entry(entry_id)
            assert entry is not None
            found.append(
                Diagnostic(
                    entry.pos,
                    "W411",
                    f"entry {entry_id!r} is never unlocked by a reachable scene",
                    f"add `unlocks: [{entry_id}]` to the scene that tells it",
                )
            )
    return found


# -- structure --------------------------------------------------------------------------


def check_structure(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Checkpoints have one right answer and distinct options; accounts keep to one source each."""
    found: list[Diagnostic] = []
    for scene in story.scenes.values():
        checkpoint = scene.checkpoint
        if checkpoint is None:
            continue
        correct = sum(option.correct for option in checkpoint.options)
        if correct != 1:
            found.append(
                Diagnostic(
                    checkpoint.pos,
                    "E604",
                    f"checkpoint in scene {scene.id!r} has {correct} correct options; it needs exactly one",
                    "mark the right answer with `correct: true`",
                )
            )
        seen: dict[str, Pos] = {}
        for option in checkpoint.options:
            key = normalise(option.text.value).lower()
            if key in seen:
                found.append(
                    Diagnostic(option.text.pos, "E605", f"option {option.text.value!r} is offered twice")
                )
            seen[key] = option.text.pos
    for fact in story.facts.values():
        by_source: dict[str, Pos] = {}
        for account in fact.accounts:
            sources = account.sources
            if len(sources) > 1:
                found.append(
                    Diagnostic(
                        account.pos,
                        "W606",
                        f"an account of fact {fact.id!r} cites more than one source ({', '.join(sources)})",
                        "each account should tell one source's version",
                    )
                )
            for source_id in sources[:1]:
                if source_id in by_source:
                    found.append(
                        Diagnostic(
                            account.pos,
                            "W606",
                            f"two accounts of fact {fact.id!r} cite the same source {source_id}",
                            "accounts show where different sources disagree",
                        )
                    )
                by_source[source_id] = account.pos
    return found


RULES: list[Rule] = [check_details, check_graph, check_unlocks, check_structure]
"""The built-in rules after quote matching, in order."""

from .faithful import FAITHFUL_RULES  # noqa: E402  (E701-W705: content words, attributions, hedges)

RULES.extend(FAITHFUL_RULES)


def passages(story: Story) -> Iterator[Passage]:
    """Every passage of narration, in scene order."""
    for scene in story.scenes.values():
        yield from scene.passages
