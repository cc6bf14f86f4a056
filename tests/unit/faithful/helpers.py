"""Small stories for the faithfulness rules, written into a temporary folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from story.checking.checker import check_path
from story.core.diagnostics import Diagnostic
from tests import ROOT

SOURCES = ROOT / "scenes" / "sources.yaml"
FAITHFUL_CODES = ("E701", "E702", "E703", "E704", "W705", "E706", "E707", "E708", "E709", "E710")


@dataclass
class Cite:
    """One quote, from source 004 unless told."""

    quote: str
    source: str = "004"


def write_story(
    root: Path,
    passages: list[tuple[str, list[Cite]]],
    *,
    vocabulary: list[str] | None = None,
    title: str | None = None,
    extra: str = "",
) -> Path:
    """Write a one-scene story whose passages are given; every scalar on one line.

    Args:
        root: Folder to write into.
        passages: Narration and the quotes it cites.
        vocabulary: The story's ``vocabulary:``.
        title: The scene title (default: the first quote, which supports itself).
        extra: More YAML appended to the scene file (facts, a second scene...).

    Returns:
        The story folder.
    """
    root.mkdir(parents=True, exist_ok=True)
    first = passages[0][1][0]
    story = [
        "story:",
        f"  title: {json.dumps(first.quote)}",
        "  cite:",
        f"    - {{source: {json.dumps(first.source)}, quote: {json.dumps(first.quote)}}}",
        "  start: a",
        f"  sources: {json.dumps(str(SOURCES))}",
    ]
    if vocabulary is not None:
        story.append(f"  vocabulary: {json.dumps(vocabulary)}")
    (root / "story.yaml").write_text("\n".join(story) + "\n", encoding="utf-8")
    scene = ["scenes:", "  - id: a", f"    title: {json.dumps(title or first.quote)}", "    passages:"]
    for text, cites in passages:
        scene.append(f"      - text: {json.dumps(text, ensure_ascii=False)}")
        scene.append("        cite:")
        for cite in cites:
            scene.append(f"          - {{source: {json.dumps(cite.source)}, quote: {json.dumps(cite.quote)}}}")
    scene.append("    ending: true")
    (root / "scenes.yaml").write_text("\n".join(scene) + "\n" + extra, encoding="utf-8")
    return root


def faithful(root: Path) -> list[Diagnostic]:
    """The faithfulness diagnostics of a story folder (other rules' findings left out)."""
    return [d for d in check_path(root).diagnostics if d.code in FAITHFUL_CODES]


def where(root: Path, word: str, nth: int = 0, file: str = "scenes.yaml") -> tuple[int, int]:
    """Line and column of the ``nth`` whole-word ``word`` in a file of the story."""
    import re

    pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
    seen = 0
    for number, line in enumerate((root / file).read_text(encoding="utf-8").split("\n"), start=1):
        for match in pattern.finditer(line):
            if seen == nth:
                return number, match.start() + 1
            seen += 1
    raise AssertionError(f"{word!r} not in {file}")


def found(diagnostics: list[Diagnostic], code: str | None = None) -> list[tuple[str, int, int]]:
    """(code, line, column) of each diagnostic, optionally of one code."""
    return [(d.code, d.pos.line, d.pos.column) for d in diagnostics if code is None or d.code == code]
