"""The scene format as a JSON Schema: one definition for editors and for ``story check``.

The same schema is published for editors (``story schema``; yaml-language-server then
autocompletes and validates scene files) and checked by :mod:`story.loading.validator` against
the positioned YAML tree, so the two can never drift apart. The validator knows only the keywords
in :data:`VALIDATED`; the schema uses no others but those in :data:`EDITOR_ONLY` and
:data:`ANNOTATIONS`.
"""

from __future__ import annotations

import json
from typing import Any

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
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/source"},
            "description": (
                "Only in the sources manifest (the file `story:` names in `sources:`): the articles, "
                "each with an id and a label for readers."
            ),
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
        "source": {
            "type": "object",
            "description": "One article of the sources manifest. Nothing is added that the article does not print.",
            "additionalProperties": False,
            "required": ["id", "file", "label"],
            "properties": {
                "id": {
                    "type": "string",
                    "minLength": 1,
                    "description": 'Source id, used by citations; quote it ("004"). Readers never see it.',
                },
                "file": _text("Article file, relative to the manifest."),
                "title": _text("Title, as printed in the article; only where it prints one."),
                "label": {
                    "type": "string",
                    "description": (
                        "How readers are told which article this is: at most five words of its headline (or of "
                        "its first sentence where it has none), e.g. `Hail of Bullets`. Never a publisher, date "
                        "or author."
                    ),
                },
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
                    "description": (
                        "Answers offered; at least one has `correct: true` (more than one where the articles "
                        "disagree and each account counts)."
                    ),
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
                "correct": {"type": "boolean", "description": "True for a right answer."},
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
            # as E504), so the validator leaves them alone (see EDITOR_ONLY).
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
"""The JSON Schema keywords :func:`story.loading.validator.validate` checks."""
EDITOR_ONLY = frozenset({"oneOf", "anyOf", "not", "errorMessage"})
"""Keywords only editors read: the fact's forms, which the loader checks itself (E603, E504).
Checking them in the validator too would report each mistake twice."""
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "markdownDescription"})
"""Keywords that describe rather than constrain."""


def schema_json() -> str:
    """The JSON Schema as published for editors."""
    return json.dumps(SCHEMA, indent=2) + "\n"
