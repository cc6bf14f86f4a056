"""The positioned YAML tree: a :class:`Node` per value, and what plain scalars mean to YAML tools.

:mod:`story.loading.yamlsafe` builds the tree; the schema's validator and the loader read it.
Plain scalars stay text in the tree: the predicates below say whether YAML 1.1 or 1.2 tools would
read one as a boolean, a number or a null, so that the schema can decide whether that is a trap.
"""

from __future__ import annotations

import re

from story.core.diagnostics import Pos


class Node:
    """A YAML value with its position.

    ``value`` is a ``str`` for scalars, a list of nodes for sequences, and a list of
    ``(key, value)`` node pairs for mappings.
    """

    __slots__ = (
        "kind", "value", "file", "line", "column", "plain", "tag", "anchor", "size", "end_line", "children", "keys",
        "_pos",
    )  # fmt: skip

    def __init__(
        self,
        kind: str,
        value: str | list[Node] | list[tuple[Node, Node]],
        file: str,
        line: int,
        column: int,
        plain: bool = False,
        tag: str | None = None,
        anchor: str | None = None,
        end_line: int = 0,
    ) -> None:
        self.kind = kind
        """``scalar``, ``seq`` or ``map``."""
        self.value = value
        self.file = file
        self.line = line
        self.column = column
        """Where the value starts, counting from 1 (see :attr:`pos`)."""
        self.plain = plain
        """True for an unquoted scalar, whose meaning YAML 1.1 resolvers may change."""
        self.tag = tag
        self.anchor = anchor
        self.size = 1
        """Nodes in this subtree, counting alias expansions."""
        self.end_line = end_line
        self.children: dict[str, Node] = {}
        """For mappings: key text to value node."""
        self.keys: dict[str, Node] = {}
        """For mappings: key text to key node, for positions of keys."""
        self._pos: Pos | None = None

    @property
    def pos(self) -> Pos:
        """Where the value starts. Made when first asked for: most positions are never reported."""
        pos = self._pos
        if pos is None:
            pos = self._pos = Pos(self.file, self.line, self.column)
        return pos

    @property
    def text(self) -> str:
        """The scalar's text (empty for collections)."""
        return self.value if isinstance(self.value, str) else ""

    def get(self, key: str) -> Node | None:
        """For mappings: the value under ``key``, if there is one."""
        return self.children.get(key)

    def items(self) -> list[Node]:
        """For sequences: the items (empty for anything else)."""
        return self.value if self.kind == "seq" else []  # type: ignore[return-value]


_BOOL_11 = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_NUMBER = re.compile(
    r"""^(?:[-+]?(?:0|[1-9][0-9_]*|0[0-7_]+|0b[01_]+|0o[0-7]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+)
    |[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)
"""Plain scalars that YAML 1.1 or 1.2 tools read as numbers: ``004`` (octal 4, or 4),
``1_000``, ``1.10`` (1.1), ``3:30`` (sexagesimal 210)..."""
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")


def is_yaml11_bool(node: Node) -> bool:
    """True for a plain scalar that YAML 1.1 tools read as a boolean (``no``, ``on``...)."""
    return node.kind == "scalar" and node.plain and reads_as_boolean(node.text)


def reads_as_boolean(text: str) -> bool:
    """True for the words a YAML 1.1 tool reads as a boolean when they stand unquoted."""
    return bool(_BOOL_11.match(text))


def is_yaml_number(node: Node) -> bool:
    """True for a plain scalar that YAML tools read as a number rather than text."""
    return node.kind == "scalar" and node.plain and bool(_NUMBER.match(node.text))


def is_null(node: Node) -> bool:
    """True for a plain scalar that YAML tools read as null (``~``, ``null``, nothing at all)."""
    return node.kind == "scalar" and node.plain and bool(_NULL.match(node.text))


def is_int(node: Node) -> bool:
    """True for a plain scalar written as a decimal integer."""
    return node.kind == "scalar" and node.plain and bool(_INT.match(node.text))
