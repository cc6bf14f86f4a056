"""A planned story written as a story folder: YAML files that ``story check`` reads."""

from __future__ import annotations

import shutil
from pathlib import Path

from story.bench.plan import (
    STORY_CITES,
    STORY_TITLE,
    VOCABULARY,
    Cite,
    Plan,
    PlannedFact,
    PlannedPassage,
    PlannedScene,
    PlannedTerm,
    seeds_folder,
)
from story.core.paths import bundled_story

SCENES_PER_FILE = 100
"""Scenes per generated YAML file, the way an author splits a long story into chapters."""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _cite_lines(cites: list[Cite], indent: str) -> list[str]:
    lines = [f"{indent}cite:"]
    for source_id, quote in cites:
        lines.append(f'{indent}  - source: "{source_id}"')
        lines.append(f"{indent}    quote: {_quoted(quote)}")
    return lines


def _passage_lines(passage: PlannedPassage, indent: str, first: str = "- ") -> list[str]:
    return [f"{indent}{first}text: {_quoted(passage.text)}", *_cite_lines(passage.cite, indent + "  ")]


def _scene_yaml(scene: PlannedScene) -> list[str]:
    lines = [f"  - id: {scene.id}", f"    title: {_quoted(scene.title)}", "    passages:"]
    for passage in scene.passages:
        lines += _passage_lines(passage, "      ")
    if scene.unlocks:
        lines.append(f"    unlocks: [{', '.join(scene.unlocks)}]")
    checkpoint = scene.checkpoint
    if checkpoint:
        lines += ["    checkpoint:", f"      question: {_quoted(checkpoint.question.text)}", "      options:"]
        for index, option in enumerate(checkpoint.options):
            lines += _passage_lines(option, "        ")
            if index == checkpoint.correct:
                lines.append("          correct: true")
        lines += _passage_lines(checkpoint.explanation, "      ", "explanation:\n        ")
    if scene.ending:
        lines.append("    ending: true")
    else:
        lines.append("    choices:")
        for label, target in scene.choices:
            lines += [f"      - label: {_quoted(label)}", f"        target: {target}"]
    return lines


def _fact_yaml(fact: PlannedFact) -> list[str]:
    lines = [f"  - id: {fact.id}", f"    title: {_quoted(fact.title)}"]
    if fact.text:
        lines.append(f"    text: {_quoted(fact.text.text)}")
        lines += _cite_lines(fact.text.cite, "    ")
    else:
        lines.append("    accounts:")
        for account in fact.accounts:
            lines += _passage_lines(account, "      ")
    return lines


def _term_yaml(term: PlannedTerm) -> list[str]:
    return [
        f"  - id: {term.id}",
        f"    term: {_quoted(term.term)}",
        f"    text: {_quoted(term.text.text)}",
        *_cite_lines(term.text.cite, "    "),
    ]


def write_story(plan: Plan, root: Path, seeds: Path | None = None) -> Path:
    """Write a planned story as a story folder, with a copy of the articles beside it.

    Args:
        plan: The story.
        root: An empty or missing folder. ``root/story`` gets the YAML files and
            ``root/seeds`` the articles and their manifest.
        seeds: Where the articles are (the bundled ones by default).

    Returns:
        The story folder, ready for ``story check``.
    """
    story_dir, seeds_dir = root / "story", root / "seeds"
    story_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(seeds or seeds_folder(), seeds_dir, dirs_exist_ok=True)
    if seeds is None:  # the bundled manifest lives with the bundled story, its files one folder up
        manifest = (bundled_story() / "sources.yaml").read_text(encoding="utf-8")
        (seeds_dir / "sources.yaml").write_text(manifest.replace("../seeds/", ""), encoding="utf-8")
    header = ["story:", f"  title: {_quoted(STORY_TITLE)}"]
    header += _cite_lines(list(STORY_CITES), "  ")
    header += [f"  start: {plan.scenes[0].id}", "  sources: ../seeds/sources.yaml"]
    if any(scene.checkpoint for scene in plan.scenes):  # the only text that needs the vocabulary
        header += [f"  vocabulary: [{', '.join(VOCABULARY)}]"]
    (story_dir / "story.yaml").write_text("\n".join(header) + "\n", encoding="utf-8")
    for chapter, first in enumerate(range(0, len(plan.scenes), SCENES_PER_FILE)):
        scenes = plan.scenes[first : first + SCENES_PER_FILE]
        lines = ["scenes:"]
        for scene in scenes:
            lines += _scene_yaml(scene)
        facts = [plan.facts[s.id] for s in scenes if s.id in plan.facts]
        if facts:
            lines.append("facts:")
            for fact in facts:
                lines += _fact_yaml(fact)
        terms = [plan.terms[s.id] for s in scenes if s.id in plan.terms]
        if terms:
            lines.append("glossary:")
            for term in terms:
                lines += _term_yaml(term)
        (story_dir / f"chapter-{chapter:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return story_dir
