"""Diagnostics as values: what the checker found, where, and how to fix it.

Nothing in this module prints. The CLI renders diagnostics; tests compare them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

from story.core.codes import Code


class Pos(NamedTuple):
    """A place in a file. Lines and columns count from 1."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a story."""

    pos: Pos
    code: Code
    """A stable code such as ``E201``, declared once in :mod:`story.core.codes` with its severity."""
    message: str
    hint: str = ""
    related: tuple[str, ...] = field(default=())
    """Extra lines shown under the hint, such as the article's own wording."""

    def __post_init__(self) -> None:
        # A code given as its text ("E201") becomes its registry entry; an unknown code is a bug.
        if not isinstance(self.code, Code):
            object.__setattr__(self, "code", Code.lookup(self.code))

    @property
    def severity(self) -> str:
        """``error`` or ``warning``, as the code's declaration says."""
        return self.code.severity

    @property
    def is_error(self) -> bool:
        return self.code.is_error

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.pos.file, self.pos.line, self.pos.column, self.code)

    def render(self, base: Path | None = None) -> str:
        """Render compiler-style: ``file:line:col: error E201: message`` plus a hint line."""
        where = Pos(_display_path(self.pos.file, base), self.pos.line, self.pos.column)
        text = f"{where}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        for extra in self.related:
            text += f"\n    {extra}"
        return text

    def to_json(self, base: Path | None = None) -> dict[str, object]:
        data = asdict(self)
        data.pop("pos")
        data["code"] = str(self.code)
        return {
            "file": _display_path(self.pos.file, base),
            "line": self.pos.line,
            "column": self.pos.column,
            "severity": self.severity,
            **data,
            "related": list(self.related),
        }


def _display_path(file: str, base: Path | None) -> str:
    """Show paths relative to the working directory when that is shorter."""
    if base is None:
        base = Path.cwd()
    try:
        return str(Path(file).resolve().relative_to(base.resolve()))
    except (ValueError, OSError):
        return file


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sort by file and position, and drop exact repeats."""
    seen: set[Diagnostic] = set()
    unique = []
    for diagnostic in diagnostics:
        if diagnostic not in seen:
            seen.add(diagnostic)
            unique.append(diagnostic)
    return sorted(unique, key=Diagnostic.sort_key)


def render_json(diagnostics: list[Diagnostic], extra: dict[str, object] | None = None) -> str:
    """Render diagnostics (and any summary) as one JSON document."""
    payload: dict[str, object] = {
        "errors": sum(d.is_error for d in diagnostics),
        "warnings": sum(not d.is_error for d in diagnostics),
        "diagnostics": [d.to_json() for d in diagnostics],
    }
    if extra:
        payload.update(extra)
    return json.dumps(payload, indent=2, ensure_ascii=False)
