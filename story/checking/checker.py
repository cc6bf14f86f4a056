"""`story check`: load a story and run every rule that proves it invents nothing.

:func:`check_path` runs the loader and each rule of :data:`story.checking.rules.RULES` and returns
a :class:`Report`; it never prints. The rules live one family to a module in
:mod:`story.checking.rules`, the text helpers they share in :mod:`story.checking.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from story.checking.rules import RULES, Rule
from story.core.diagnostics import Diagnostic, sort_diagnostics
from story.core.model import Story
from story.core.sources import Coverage
from story.loading.loader import load_story
from story.loading.yamlsafe import paused_gc


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
            for rule in [*RULES, *(extra_rules or [])]:
                diagnostics.extend(rule(story, files))
            coverage = measure_coverage(story)
    return Report(story, sort_diagnostics(diagnostics), coverage)


def measure_coverage(story: Story) -> list[Coverage]:
    """How much of each source the story's quotes cover, by sentence."""
    coverage = {source_id: Coverage(source) for source_id, source in story.sources.items()}
    for citation in story.citations():
        if citation.match is not None and citation.source in coverage:
            coverage[citation.source].add(citation.match)
    return list(coverage.values())
