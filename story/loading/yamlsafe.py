"""Read YAML safely, keeping the file, line and column of every value.

PyYAML's loaders accept duplicate keys, read ``no`` as ``False`` and happily build an alias
bomb that explodes later in whatever walks it. This module drives the (C, where available)
parser event by event and builds a small tree of :class:`Node` objects instead, so that:

* no Python object is ever constructed from a tag, so ``!!python/...`` cannot run anything;
* nesting depth, alias expansion, value length and file size are bounded before anything
  walks the tree;
* duplicate keys, tabs, non-UTF-8 bytes and stray documents are reported with file:line;
* plain scalars stay text: the schema decides whether ``no`` is a boolean or a YAML 1.1 trap.

:func:`load_file` is the way in. The bytes are decoded by :mod:`story.loading.decode` (size,
UTF-8, tabs); the tree, and what its plain scalars mean, is :mod:`story.loading.node`'s.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.loading.decode import decode
from story.loading.node import Node, is_null

try:  # libyaml is in the PyYAML wheel; fall back to pure Python if it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
"""Deeper nesting than this is never needed by a story and is refused."""
MAX_NODES = 200_000
"""Budget for nodes per file, counting every alias expansion (stops alias bombs)."""
MAX_SCALAR = 20_000
"""Longest text value accepted, in characters."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "!",
}


class _Stop(Exception):
    """Raised inside the builder to abandon a file after a fatal diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _Unreadable(Exception):
    """Raised inside the builder when the parser gives up, with how deep the builder had got."""

    def __init__(self, error: yaml.YAMLError, depth: int) -> None:
        self.error = error
        self.depth = depth


def _codepoint(character: object) -> int:
    if isinstance(character, str) and character:
        return ord(character[0])
    return int(character) if isinstance(character, int) else 0


def _byte_offset_pos(text: str, offset: int, file: str) -> Pos:
    """The place of a byte offset into the UTF-8 encoding of ``text`` (libyaml counts bytes)."""
    offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    line = text.count("\n", 0, offset) + 1
    return Pos(file, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _pos(file: str, mark: object) -> Pos:
    line = getattr(mark, "line", 0)
    column = getattr(mark, "column", 0)
    return Pos(file, line + 1, column + 1)


def _mark_offset(text: str, mark: object) -> int:
    """The character offset of a parser mark, from its line and column (which count characters)."""
    line, column = getattr(mark, "line", 0), getattr(mark, "column", 0)
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return min(start + column, len(text))


def parse(text: str, file: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into a :class:`Node` tree.

    Args:
        text: Decoded file content.
        file: Path used in diagnostics.

    Returns:
        The root node (``None`` when the file could not be read as YAML) and diagnostics.
    """
    diagnostics: list[Diagnostic] = []
    try:
        root = _build(text, file, diagnostics, _Loader)
    except _Stop as stop:
        return None, [*diagnostics, stop.diagnostic]
    except _Unreadable as unreadable:
        too_deep = _nesting_before(text, file, unreadable)
        if too_deep is not None:
            return None, [*diagnostics, too_deep]
        return None, [*diagnostics, _syntax_error(text, file, unreadable.error)]
    except RecursionError:  # pragma: no cover - depth is bounded before this can happen
        return None, [Diagnostic(Pos(file, 1, 1), Code.TOO_LARGE, "file is nested too deeply")]
    if root is not None and is_null(root):
        root = None  # "---" alone, or a document holding only a null
    if root is None:
        diagnostics.append(
            Diagnostic(
                Pos(file, 1, 1),
                Code.EMPTY_FILE,
                "file is empty",
                "add `scenes:`, `facts:` or another section, or delete the file",
            )
        )
    return root, diagnostics


def _nesting_before(text: str, file: str, unreadable: _Unreadable) -> Diagnostic | None:
    """The nesting limit's diagnostic, when the text nests too deeply before the parser gave up.

    A parser reads ahead of the events it has handed over (libyaml reads a whole flow collection
    ahead, and since 0.2.6 gives up by itself about 1,000 levels deep), so a syntax error can
    surface before the builder has seen the level that breaks :data:`MAX_DEPTH`. The text up to
    the error is then read again, event by event, by the pure-Python parser, which has no limit of
    its own, so the limit reported is always this module's, at the place where it is broken.
    """
    error = unreadable.error
    if isinstance(error, yaml.reader.ReaderError):
        return None
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    end = _mark_offset(text, mark) if mark is not None else len(text)
    head = text[:end]
    if unreadable.depth + head.count("[") + head.count("{") + head.count("-") < MAX_DEPTH:
        return None  # too few openings to break the limit: the common syntax error, read once
    try:
        _build(head, file, [], yaml.SafeLoader)
    except _Stop as stop:
        if stop.diagnostic.code == Code.TOO_LARGE:
            return stop.diagnostic
    except (_Unreadable, yaml.YAMLError, RecursionError):
        pass
    return None


def _syntax_error(text: str, file: str, error: yaml.YAMLError) -> Diagnostic:
    if isinstance(error, yaml.reader.ReaderError):
        return Diagnostic(
            _byte_offset_pos(text, error.position, file),
            Code.YAML_SYNTAX,
            f"character U+{_codepoint(error.character):04X} is not allowed in YAML ({error.reason})",
            "this looks like a binary file, not YAML text",
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    hint = "check the indentation and quoting near this line"
    if re.search(r"\btabs?\b", str(problem)):
        hint = "indent with spaces, not tabs"
    return Diagnostic(_pos(file, mark), Code.YAML_SYNTAX, message, hint)


def _build(text: str, file: str, diagnostics: list[Diagnostic], loader_class: Any) -> Node | None:
    # One pass over the parser's events. This loop runs once per value of every story file
    # (a million times for a 10,000-scene story), so it dispatches on the exact event class,
    # most frequent first, and inlines what would otherwise be small function calls.
    anchors: dict[str, Node] = {}
    stack: list[tuple[Node, list[Node]]] = []
    """Open collections with the nodes read so far."""
    root: Node | None = None
    documents = 0
    total = 0
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent

    loader = loader_class(text)
    get_event = loader.get_event
    event: Any  # dispatched on its exact class below, which a type checker does not follow
    try:
        while True:
            try:
                event = get_event()
            except yaml.YAMLError as error:
                raise _Unreadable(error, len(stack)) from error
            kind = type(event)
            node: Node
            if kind is scalar_event:
                tag = event.tag
                if tag is not None and tag not in _STANDARD_TAGS:
                    raise _Stop(_bad_tag(file, event))
                value = event.value
                if len(value) > MAX_SCALAR:
                    raise _Stop(
                        Diagnostic(
                            _pos(file, event.start_mark),
                            Code.TOO_LARGE,
                            f"value is too long ({len(value):,} characters; the limit is {MAX_SCALAR:,})",
                            "split long text into several passages",
                        )
                    )
                start, end = event.start_mark, event.end_mark
                node = Node(
                    "scalar",
                    value,
                    file,
                    start.line + 1,
                    start.column + 1,
                    bool(event.implicit[0]) and not event.style,
                    tag,
                    # A block scalar ends at the start of the next line, which is not its text.
                    end_line=end.line if end.column == 0 and end.line > start.line else end.line + 1,
                )
                if event.anchor:
                    anchors[event.anchor] = node
            elif kind is mapping_end or kind is sequence_end:
                node, items = stack.pop()
                node.end_line = event.end_mark.line + 1
                size = 1
                for item in items:
                    size += item.size
                node.size = size
                if node.kind == "seq":
                    node.value = items
                else:
                    _finish_mapping(node, items, diagnostics)
                if node.anchor:
                    anchors[node.anchor] = node
            elif kind is mapping_start or kind is sequence_start:
                tag = event.tag
                if tag is not None and tag not in _STANDARD_TAGS:
                    raise _Stop(_bad_tag(file, event))
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(
                        Diagnostic(
                            _pos(file, event.start_mark),
                            Code.TOO_LARGE,
                            f"nesting is deeper than {MAX_DEPTH} levels",
                            "a story never needs this much nesting; is this the right file?",
                        )
                    )
                start = event.start_mark
                collection = Node(
                    "seq" if kind is sequence_start else "map",
                    [],
                    file,
                    start.line + 1,
                    start.column + 1,
                    tag=tag,
                    anchor=event.anchor,
                )
                stack.append((collection, []))
                continue
            elif kind is alias_event:
                target = anchors.get(event.anchor)
                if target is None:
                    raise _Stop(
                        Diagnostic(
                            _pos(file, event.start_mark),
                            Code.YAML_SYNTAX,
                            f"unknown alias *{event.anchor}",
                            "define the anchor with & before using it",
                        )
                    )
                node = target
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _Stop(
                        Diagnostic(
                            _pos(file, event.start_mark),
                            Code.YAML_SYNTAX,
                            "more than one YAML document in a file",
                            "remove the `---` line, or move the second document to its own file",
                        )
                    )
                continue
            elif event is None or kind is stream_end:
                break
            else:
                continue  # stream start, document end
            # Every finished value (scalar, collection or alias) joins its parent here.
            total += node.size
            if total > MAX_NODES:
                raise _Stop(
                    Diagnostic(
                        node.pos,
                        Code.TOO_LARGE,
                        f"file expands to more than {MAX_NODES:,} values (an alias bomb?)",
                        "avoid deeply repeated anchors and aliases",
                    )
                )
            if stack:
                stack[-1][1].append(node)
            else:
                root = node
    finally:
        loader.dispose()
    return root


def _bad_tag(file: str, event: Any) -> Diagnostic:
    return Diagnostic(
        _pos(file, event.start_mark),
        Code.FORBIDDEN_TAG,
        f"YAML tag {event.tag!r} is not allowed",
        "story files hold plain text, lists and mappings only; remove the tag",
    )


def _finish_mapping(node: Node, items: list[Node], diagnostics: list[Diagnostic]) -> None:
    pairs = list(zip(items[0::2], items[1::2], strict=False))  # a key always has a value
    node.value = pairs
    children, keys = node.children, node.keys
    for key, value in pairs:
        if key.kind != "scalar":
            diagnostics.append(
                Diagnostic(key.pos, Code.WRONG_TYPE, "a key must be plain text", "use a simple word as the key")
            )
            continue
        name: str = key.value  # type: ignore[assignment]  # a scalar's value is its text
        if name == "<<":
            diagnostics.append(
                Diagnostic(
                    key.pos,
                    Code.UNKNOWN_KEY,
                    "merge keys (<<) are not supported",
                    "write the keys out; each passage should carry its own citations",
                )
            )
            continue
        if name in children:
            first = keys[name].pos
            diagnostics.append(
                Diagnostic(
                    key.pos,
                    Code.DUPLICATE_KEY,
                    f"duplicate key {name!r} (first defined at line {first.line})",
                    "YAML keeps only the last value silently; remove or rename one of them",
                )
            )
            continue
        children[name] = value
        keys[name] = key


def load_file(data: bytes, file: str) -> tuple[Node | None, list[Diagnostic]]:
    """Decode and parse a file's bytes. Never raises for bad input."""
    text, diagnostics = decode(data, file)
    if text is None:
        return None, diagnostics
    root, more = parse(text, file)
    return root, diagnostics + more
