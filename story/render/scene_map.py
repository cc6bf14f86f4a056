"""The scene map: the scenes and choices drawn as Mermaid or Graphviz DOT, in story order.

Pure: no Textual, no Rich. Every piece of text taken from a story file is escaped for the
format it goes into, so a title holding quotes, brackets or backslashes cannot break the
diagram or inject into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from story.core.model import Scene, Story
from story.core.queries import reachable, story_order

FORMATS = ("mermaid", "dot")


@dataclass(frozen=True)
class Node:
    """One scene on the map, with what marks it."""

    key: str
    """A diagram-safe identifier (``s1``, ``s2``...): scene ids may clash with keywords."""
    scene: Scene
    start: bool
    ending: bool
    checkpoint: bool
    unreachable: bool

    @property
    def marks(self) -> list[str]:
        """The marks, as words shown in the node (UI labels, not story text)."""
        marks = []
        if self.start:
            marks.append("start")
        if self.ending:
            marks.append("ending")
        if self.checkpoint:
            marks.append("checkpoint")
        if self.unreachable:
            marks.append("unreachable")
        return marks


def scene_map(story: Story) -> tuple[list[Node], list[tuple[str, str, str]], list[str]]:
    """The nodes, the edges and the missing choice targets of a story.

    Returns:
        Nodes in story order; edges as ``(from key, to key, choice label)``, where a missing
        target gets the key ``m1``, ``m2``...; and the missing target ids, in that order.
    """
    seen = reachable(story)
    nodes = [
        Node(
            key=f"s{index}",
            scene=scene,
            start=scene.id == story.start,
            ending=scene.ending,
            checkpoint=scene.checkpoint is not None,
            unreachable=scene.id not in seen,
        )
        for index, scene in enumerate(story_order(story), start=1)
    ]
    keys = {node.scene.id: node.key for node in nodes}
    missing: list[str] = []
    edges = []
    for node in nodes:
        for choice in node.scene.choices:
            if choice.target not in keys:
                if choice.target not in missing:
                    missing.append(choice.target)
                target = f"m{missing.index(choice.target) + 1}"
            else:
                target = keys[choice.target]
            edges.append((node.key, target, choice.label.value))
    return nodes, edges, missing


# -- Mermaid ------------------------------------------------------------------------------


def mermaid_text(text: str) -> str:
    """Escape text for a double-quoted Mermaid label.

    Mermaid reads ``#name;`` and ``#123;`` as entity codes, so ``#`` itself and every character
    that could close the label or be read as markup are written as numeric codes.
    """
    text = " ".join(text.split())
    return "".join(f"#{ord(ch)};" if ch in '#"<>&[]{}()|`\\' else ch for ch in text)


def to_mermaid(story: Story) -> str:
    """The scene map as a Mermaid flowchart."""
    nodes, edges, missing = scene_map(story)
    lines = ["flowchart TD"]
    for node in nodes:
        label = mermaid_text(node.scene.title.value) + "<br/><small>" + mermaid_text(node.scene.id)
        if node.marks:
            label += " · " + ", ".join(node.marks)
        label += "</small>"
        if node.ending:
            shape = f'((("{label}")))'
        elif node.start:
            shape = f'(["{label}"])'
        elif node.checkpoint:
            shape = f'{{{{"{label}"}}}}'
        else:
            shape = f'["{label}"]'
        lines.append(f"    {node.key}{shape}")
    for index, target in enumerate(missing, start=1):
        lines.append(f'    m{index}["{mermaid_text(target)}<br/><small>missing</small>"]')
    for source, target, label in edges:
        lines.append(f'    {source} -->|"{mermaid_text(label)}"| {target}')
    lines.append("    classDef start stroke-width:4px")
    lines.append("    classDef ending stroke-width:3px")
    lines.append("    classDef checkpoint fill:#fff4d6")
    lines.append("    classDef unreachable stroke-dasharray:5 5,opacity:0.6")
    lines.append("    classDef missing stroke:#c00,stroke-width:2px,stroke-dasharray:3 3")
    for mark in ("start", "ending", "checkpoint", "unreachable"):
        keys = [node.key for node in nodes if mark in node.marks]
        if keys:
            lines.append(f"    class {','.join(keys)} {mark}")
    if missing:
        lines.append(f"    class {','.join(f'm{i}' for i in range(1, len(missing) + 1))} missing")
    return "\n".join(lines) + "\n"


# -- Graphviz DOT -------------------------------------------------------------------------


def dot_text(text: str) -> str:
    """Escape text for a double-quoted DOT string.

    Inside a DOT label a backslash starts an escape (``\\n``, ``\\N``, ``\\G``...), so every
    backslash is doubled before quotes are escaped, and line breaks become spaces.
    """
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(story: Story) -> str:
    """The scene map as a Graphviz digraph."""
    nodes, edges, missing = scene_map(story)
    lines = [
        f'digraph "{dot_text(story.title.value)}" {{',
        "    rankdir=TB;",
        '    node [shape=box, style="rounded", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for node in nodes:
        # Title and id are escaped separately so that the line break between them stays a real one.
        text = dot_text(node.scene.title.value) + "\\n" + dot_text(node.scene.id)
        if node.marks:
            text += "\\n[" + ", ".join(node.marks) + "]"
        attributes = [f'label="{text}"']
        styles = ["rounded"]
        if node.start:
            styles.append("bold")
        if node.unreachable:
            styles.append("dashed")
            attributes.append('color="gray50"')
            attributes.append('fontcolor="gray40"')
        if node.checkpoint:
            attributes.append("shape=hexagon")
        if node.ending:
            attributes.append("peripheries=2")
        attributes.insert(1, f'style="{",".join(styles)}"')
        lines.append(f"    {node.key} [{', '.join(attributes)}];")
    for index, target in enumerate(missing, start=1):
        lines.append(f'    m{index} [label="{dot_text(target)}\\n[missing]", color="red", style="dashed"];')
    for source, target, label in edges:
        lines.append(f'    {source} -> {target} [label="{dot_text(label)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(story: Story, format: str) -> str:
    """The scene map in one of :data:`FORMATS`.

    Raises:
        ValueError: for an unknown format.
    """
    if format == "mermaid":
        return to_mermaid(story)
    if format == "dot":
        return to_dot(story)
    raise ValueError(f"unknown graph format {format!r}; use one of {', '.join(FORMATS)}")
