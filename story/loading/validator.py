"""The schema's validator: checks the positioned YAML tree and reports with line numbers.

It reads :data:`story.loading.schema.SCHEMA`, the definition published for editors, and knows
only the keywords in :data:`story.loading.schema.VALIDATED`. Beyond JSON Schema, it reports the
YAML traps the tree keeps visible: a bare ``no`` or ``004`` where text belongs, a YAML 1.1
boolean where YAML 1.2 tools read text, and a standard tag that changes what a value is.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.loading.node import Node, is_int, is_null, is_yaml11_bool, is_yaml_number, reads_as_boolean
from story.loading.schema import SCHEMA

_KIND_NAMES = {"map": "a mapping", "seq": "a list", "scalar": "text"}
_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "boolean": "true or false",
    "integer": "a number",
}


_BOOLEANS = ("true", "false", "True", "False", "TRUE", "FALSE")
"""What YAML 1.2 reads as a boolean."""
_TRUE_WORDS = ("true", "y", "yes", "on")
"""Lowercased, the YAML 1.1 words for true."""

_TAG_TYPES = {
    "tag:yaml.org,2002:str": "string",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:seq": "array",
    "tag:yaml.org,2002:map": "object",
}
"""What every YAML tool reads a value with one of the standard tags as. (The non-specific tag
``!`` is left out: it asks for the value's plain meaning, which the other checks look at.)"""
_TAG_NAMES = {
    "string": "text",
    "boolean": "a boolean",
    "number": "a number",
    "null": "nothing (null)",
    "array": "a list",
    "object": "a mapping",
}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _describe(node: Node) -> str:
    if node.kind == "scalar":
        tagged = _TAG_TYPES.get(node.tag or "")
        if is_null(node) or tagged == "null":
            return "nothing (null)"
        if tagged == "number":
            return f"a number {node.text[:40]!r}"
        return f"text {node.text[:40]!r}"
    return _KIND_NAMES[node.kind]


def _short_tag(node: Node) -> str:
    return "!!" + (node.tag or "").rsplit(":", 1)[1]


def _written(where: str, text: str) -> str:
    """How to write ``where: text`` as plain quoted text, if that is short enough to show."""
    if not text or len(text) > 40 or "\n" in text:
        return ""
    return f": {where}: {json.dumps(text, ensure_ascii=False)}"


def _tag_mismatch(node: Node, expected: str, where: str) -> Diagnostic | None:
    """E305 for a standard tag that makes YAML tools read the value as something else."""
    tagged = _TAG_TYPES.get(node.tag or "")
    if tagged is None or tagged == expected:
        return None
    what = f"{node.text[:40]!r} in {where}" if node.kind == "scalar" else where
    return Diagnostic(
        node.pos,
        Code.YAML_TRAP,
        f"{what} is tagged {_short_tag(node)}, so YAML tools read it as {_TAG_NAMES[tagged]}",
        "remove the tag" + (_written(where, node.text) if node.kind == "scalar" and expected == "string" else ""),
    )


def validate(node: Node, schema: dict[str, Any] | None = None, where: str = "file") -> list[Diagnostic]:
    """Validate a YAML tree against the schema.

    Args:
        node: Root of the tree.
        schema: Schema (or part of it); the whole file schema by default.
        where: Name of the thing being validated, for messages.

    Returns:
        Diagnostics for unknown keys, missing keys, wrong types and bad values.
    """
    found: list[Diagnostic] = []
    _validate(node, _resolve(schema or SCHEMA), where, found)
    return found


def _validate(node: Node, schema: dict[str, Any], where: str, found: list[Diagnostic]) -> None:
    expected = schema.get("type")
    if expected == "object":
        if node.kind != "map":
            found.append(_wrong_type(node, expected, where))
            return
        mismatch = _tag_mismatch(node, expected, where)
        if mismatch is not None:
            found.append(mismatch)
        properties = schema.get("properties", {})
        for key, value in node.children.items():
            if key not in properties:
                key_pos = node.keys[key].pos
                guess = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.6)
                allowed = ", ".join(properties)
                hint = f"did you mean {guess[0]!r}?" if guess else f"allowed keys: {allowed}"
                found.append(Diagnostic(key_pos, Code.UNKNOWN_KEY, f"unknown key {key!r} in {where}", hint))
                continue
            _validate(value, _resolve(properties[key]), key, found)
        for key in schema.get("required", []):
            if key not in node.children:
                if key == "cite":
                    found.append(
                        Diagnostic(
                            node.pos,
                            Code.UNCITED_TEXT,
                            f"{where} has no citation",
                            "every visible text needs `cite:` with a verbatim quote; try `story cite`",
                        )
                    )
                    continue
                found.append(
                    Diagnostic(
                        node.pos,
                        Code.MISSING_KEY,
                        f"missing required key {key!r} in {where}",
                        _resolve(properties[key]).get("description", ""),
                    )
                )
    elif expected == "array":
        if node.kind != "seq":
            found.append(_wrong_type(node, expected, where))
            return
        mismatch = _tag_mismatch(node, expected, where)
        if mismatch is not None:
            found.append(mismatch)
        minimum = schema.get("minItems", 0)
        if where == "cite" and not node.items():
            found.append(
                Diagnostic(
                    node.pos,
                    Code.UNCITED_TEXT,
                    "`cite:` is empty",
                    "every visible text needs at least one verbatim quote; try `story cite`",
                )
            )
        elif len(node.items()) < minimum:
            found.append(
                Diagnostic(
                    node.pos,
                    Code.EMPTY_VALUE,
                    f"{where} needs at least {minimum} item{'s' if minimum != 1 else ''}",
                    schema.get("description", ""),
                )
            )
        item_schema = _resolve(schema.get("items", {}))
        item_name = where[:-1] if where.endswith("s") else f"{where} item"
        for item in node.items():
            _validate(item, item_schema, item_name, found)
    elif expected == "string":
        if node.kind != "scalar" or is_null(node):
            found.append(_wrong_type(node, expected, where))
            return
        mismatch = _tag_mismatch(node, expected, where)
        if mismatch is not None:
            found.append(mismatch)
            return
        if is_yaml11_bool(node):
            found.append(
                Diagnostic(
                    node.pos,
                    Code.YAML_TRAP,
                    f"bare {node.text!r} in {where} is read as a boolean by YAML 1.1 tools",
                    f'quote it: {where}: "{node.text}"',
                )
            )
            return
        if is_yaml_number(node):
            found.append(
                Diagnostic(
                    node.pos,
                    Code.YAML_TRAP,
                    f"bare {node.text!r} in {where} is read as a number by YAML tools",
                    f'quote it: {where}: "{node.text}"',
                )
            )
            return
        if len(node.text.strip()) < schema.get("minLength", 0):
            found.append(
                Diagnostic(node.pos, Code.EMPTY_VALUE, f"{where} must not be empty", schema.get("description", ""))
            )
            return
        pattern = schema.get("pattern")
        if pattern is not None:
            if not re.match(pattern, node.text):
                found.append(
                    Diagnostic(
                        node.pos,
                        Code.EMPTY_VALUE,
                        f"{where} {node.text!r} is not a valid id",
                        "use lowercase letters, digits, '-' and '_', starting with a letter or digit",
                    )
                )
    elif expected == "boolean":
        if node.kind == "scalar" and node.tag in _TAG_TYPES and reads_as_boolean(node.text):
            # `!!str true` is text to every YAML tool; `!!bool true` is a boolean to them, but
            # story reads only a bare true or false. Either way: write it bare.
            tagged = _TAG_TYPES[node.tag]
            if tagged == "boolean":
                meaning = "but story reads only a bare true or false"
            else:
                meaning = f"so YAML tools read it as {_TAG_NAMES[tagged]}"
            found.append(
                Diagnostic(
                    node.pos,
                    Code.YAML_TRAP,
                    f"{where}: {node.text!r} is tagged {_short_tag(node)}, {meaning}",
                    f"remove the tag: {where}: {'true' if node.text.lower() in _TRUE_WORDS else 'false'}",
                )
            )
        elif node.kind != "scalar" or not node.plain or node.text not in _BOOLEANS:
            if is_yaml11_bool(node):
                found.append(
                    Diagnostic(
                        node.pos,
                        Code.YAML_TRAP,
                        f"{where}: {node.text!r} is a YAML 1.1 boolean that YAML 1.2 tools read as text",
                        f"write {where}: {'true' if node.text.lower() in _TRUE_WORDS else 'false'}",
                    )
                )
            else:
                found.append(_wrong_type(node, expected, where))
    elif expected == "integer":
        if not is_int(node):
            found.append(_wrong_type(node, expected, where))


def _wrong_type(node: Node, expected: str, where: str) -> Diagnostic:
    return Diagnostic(
        node.pos,
        Code.WRONG_TYPE,
        f"{where} should be {_TYPE_NAMES[expected]}, not {_describe(node)}",
        "see `story schema` for the format",
    )
