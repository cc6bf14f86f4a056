"""What one story file holds, read from its bytes alone: the unit the cache of parsed files keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Fact, Moment, Scene, Term, Unknown
from story.loading.node import Node


@dataclass
class FileSections:
    """What one story file holds, read from its bytes alone: its sections and their problems.

    The :class:`Builder` adds each file's sections to the story's and reports what clashes
    between files. Nothing here depends on another file, so a file's sections can be kept in the
    cache of parsed files and read back while the file is unchanged.
    """

    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: bool = False
    """True when the file was read as a YAML mapping (its lines are then kept for positions)."""
    manifest: Node | None = None
    """The tree of a file with ``sources:`` and no ``story:``: the sources manifest, most likely."""
    story: tuple[Node, Pos] | None = None
    """The ``story:`` section and the position of its key."""
    timeline_pos: Pos | None = None
    """Where the file's ``timeline:`` key is, if it has one."""
    broken_sections: set[str] = field(default_factory=set)
    scenes: list[Scene] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    timeline: list[Moment] = field(default_factory=list)
