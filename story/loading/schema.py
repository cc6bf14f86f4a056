"""The scene format as a JSON Schema, and a validator that reports with line numbers.

The same schema is published for editors (``story schema``; yaml-language-server then
autocompletes and validates scene files) and checked here against the positioned YAML tree, so
the two can never drift apart. The validator knows only the parts of JSON Schema used below.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.loading.yamlsafe import Node, is_int, is_null, is_yaml11_bool, is_yaml_number, reads_as_boolean

ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
SCHEMA_ID = "https://story.invalid/schema/story.schema.json"


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": description}


def _id(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN, "description": description}


def _with_markdown(schema: Any) -> Any:
    """The schema with a ``markdownDescription`` beside every description that uses markdown.

    Editors (yaml-language-server, VS Code) render ``markdownDescription`` on hover and escape a
    plain ``description``, which would show `code` with its backticks. ``description`` stays as
    written: the validator quotes it in hints, where backticks mark code as in every other hint.
    """
    if isinstance(schema, list):
        return [_with_markdown(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        result[key] = value if key == "description" else _with_markdown(value)
        if key == "description" and "`" in value:
            result["markdownDescription"] = value
    return result


_CITE = {"$ref": "#/$defs/cites"}

_FACT_FORMS = "A fact needs either text with cite, or accounts (one per source) where the sources disagree."
"""What editors say about a fact with neither or both; ``story check`` reports it as E603."""

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "story file",
    "description": (
        "One YAML file of a story folder. Every `*.yaml` file in the folder is part of the story; "
        "exactly one of them holds the `story:` section."
    ),
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "story": {"$ref": "#/$defs/story"},
        "scenes": {"type": "array", "items": {"$ref": "#/$defs/scene"}, "description": "Scenes of the story."},
        "facts": {"type": "array", "items": {"$ref": "#/$defs/fact"}, "description": "Entries of the fact panel."},
        "unknowns": {
            "type": "array",
            "items": {"$ref": "#/$defs/unknown"},
            "description": "What the articles say is not known.",
        },
        "glossary": {"type": "array", "items": {"$ref": "#/$defs/term"}, "description": "Glossary terms."},
        "timeline": {
            "type": "array",
            "items": {"$ref": "#/$defs/moment"},
            "description": "The order of events, earliest first, in the articles' own time words.",
        },
    },
    "$defs": {
        "citation": {
            "type": "object",
            "description": "A verbatim quote from one source. Paste it from `story cite`.",
            "additionalProperties": False,
            "required": ["source", "quote"],
            "properties": {
                "source": {
                    "type": "string",
                    "minLength": 1,
                    "description": 'Source id from the sources manifest; quote it ("004").',
                },
                "quote": _text(
                    "Words copied verbatim from the source (whitespace, quote marks and dashes may differ)."
                ),
            },
        },
        "cites": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/citation"},
            "description": "Citations backing the text beside them.",
        },
        "passage": {
            "type": "object",
            "description": "Player-visible text with the quotes that back it.",
            "additionalProperties": False,
            "required": ["text", "cite"],
            "properties": {"text": _text("The text a player sees."), "cite": _CITE},
        },
        "story": {
            "type": "object",
            "description": "The story itself: title, first scene and sources.",
            "additionalProperties": False,
            "required": ["title", "cite", "start", "sources"],
            "properties": {
                "title": _text("Title shown to the player."),
                "cite": _CITE,
                "start": _id("Id of the first scene."),
                "sources": _text("Path of the sources manifest, relative to this file."),
                "vocabulary": {
                    "type": "array",
                    "items": {"type": "string", "minLength": 1},
                    "description": "Neutral connective words any text may use. Never a word that carries a fact.",
                },
            },
        },
        "scene": {
            "type": "object",
            "description": "One scene: narration, then choices of what to look at next.",
            "additionalProperties": False,
            "required": ["id", "title", "passages"],
            "properties": {
                "id": _id("Unique id, used by choices and `start`."),
                "title": _text("Scene title (sentence case), checked against the scene's quotes."),
                "passages": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/passage"},
                    "description": "Narration, one paragraph each.",
                },
                "choices": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/choice"},
                    "description": "What the player may look at next.",
                },
                "ending": {"type": "boolean", "description": "True for a scene that ends the story."},
                "checkpoint": {"$ref": "#/$defs/checkpoint"},
                "unlocks": {
                    "type": "array",
                    "items": _id("Id of a fact, unknown, glossary term or timeline entry."),
                    "description": "Fact-panel entries revealed when the scene is read.",
                },
                "discuss": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/passage"},
                    "description": "Discussion questions for a class (present mode).",
                },
            },
        },
        "choice": {
            "type": "object",
            "description": "A choice of what to look at next. It never changes what happened.",
            "additionalProperties": False,
            "required": ["label", "target"],
            "properties": {
                "label": _text("Label shown to the player; checked against this scene's and the target's quotes."),
                "target": _id("Id of the scene it leads to."),
            },
        },
        "checkpoint": {
            "type": "object",
            "description": "A question about what was read. Every option, right or wrong, comes from the articles.",
            "additionalProperties": False,
            "required": ["question", "options", "explanation"],
            "properties": {
                "question": _text("The question."),
                "cite": _CITE,
                "options": {
                    "type": "array",
                    "minItems": 2,
                    "items": {"$ref": "#/$defs/option"},
                    "description": "Answers offered; exactly one has `correct: true`.",
                },
                "explanation": {"$ref": "#/$defs/passage"},
            },
        },
        "option": {
            "type": "object",
            "description": "One answer. Wrong answers are other figures or names the articles give.",
            "additionalProperties": False,
            "required": ["text", "cite"],
            "properties": {
                "text": _text("The answer as shown."),
                "cite": _CITE,
                "correct": {"type": "boolean", "description": "True for the right answer."},
            },
        },
        "fact": {
            "type": "object",
            "description": "A fact-panel entry: `text` with `cite`, or two or more `accounts` where sources disagree.",
            "additionalProperties": False,
            "required": ["id", "title"],
            "properties": {
                "id": _id("Unique id, used by `unlocks`."),
                "title": _text("Short heading."),
                "text": _text("The fact."),
                "cite": _CITE,
                "accounts": {
                    "type": "array",
                    "minItems": 2,
                    "items": {"$ref": "#/$defs/passage"},
                    "description": "One account per source where the sources disagree.",
                },
            },
            # For editors only: the loader reports these forms as E603 (and `text` without `cite`
            # as E504), so the validator below leaves them alone (see EDITOR_ONLY).
            "oneOf": [
                {"required": ["text", "cite"], "not": {"required": ["accounts"]}, "errorMessage": _FACT_FORMS},
                {
                    "required": ["accounts"],
                    "not": {"anyOf": [{"required": ["text"]}, {"required": ["cite"]}]},
                    "errorMessage": _FACT_FORMS,
                },
            ],
        },
        "unknown": {
            "type": "object",
            "description": "Something the articles say is not known.",
            "additionalProperties": False,
            "required": ["id", "text", "cite"],
            "properties": {
                "id": _id("Unique id, used by `unlocks`."),
                "text": _text("What is not known."),
                "cite": _CITE,
            },
        },
        "term": {
            "type": "object",
            "description": "A glossary term, defined only by the articles' words.",
            "additionalProperties": False,
            "required": ["id", "term", "text", "cite"],
            "properties": {
                "id": _id("Unique id, used by `unlocks`."),
                "term": _text("The term."),
                "text": _text("Its definition."),
                "cite": _CITE,
            },
        },
        "moment": {
            "type": "object",
            "description": "A timeline entry. `when` uses only the articles' own time words.",
            "additionalProperties": False,
            "required": ["id", "when", "text", "cite"],
            "properties": {
                "id": _id("Unique id, used by `unlocks`."),
                "when": _text("The article's time words: 'Monday', 'then', 'in 1953'."),
                "text": _text("What happened."),
                "cite": _CITE,
            },
        },
    },
}
SCHEMA = _with_markdown(SCHEMA)
"""The schema as published: with a ``markdownDescription`` beside each description in markdown."""

VALIDATED = frozenset(
    {"type", "properties", "additionalProperties", "required", "items", "minItems", "minLength", "pattern", "$ref"}
)
"""The JSON Schema keywords :func:`validate` checks."""
EDITOR_ONLY = frozenset({"oneOf", "anyOf", "not", "errorMessage"})
"""Keywords only editors read: the fact's forms, which the loader checks itself (E603, E504).
Checking them here too would report each mistake twice."""
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "markdownDescription"})
"""Keywords that describe rather than constrain."""


def schema_json() -> str:
    """The JSON Schema as published for editors."""
    return json.dumps(SCHEMA, indent=2) + "\n"


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
