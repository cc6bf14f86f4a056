"""The schema's three fixes: standard tags, the fact's forms for editors, markdown hovers."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from story.checking.checker import check_path
from story.loading.schema import ANNOTATIONS, EDITOR_ONLY, SCHEMA, VALIDATED, schema_json

from .stories import SCENE_YAML, write_story
from .test_rules import FAITHFUL, scene, scenes

# -- standard tags ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (
            "!!bool yes",
            "scenes.yaml:3:12: error E305: 'yes' in title is tagged !!bool, so YAML tools read it as a boolean\n"
            '    hint: remove the tag: title: "yes"',
        ),
        (
            '!!int "40"',
            "scenes.yaml:3:12: error E305: '40' in title is tagged !!int, so YAML tools read it as a number\n"
            '    hint: remove the tag: title: "40"',
        ),
        (
            "!!float 40",
            "scenes.yaml:3:12: error E305: '40' in title is tagged !!float, so YAML tools read it as a number\n"
            '    hint: remove the tag: title: "40"',
        ),
        (
            "!!null Fired 40 times",
            "scenes.yaml:3:12: error E305: 'Fired 40 times' in title is tagged !!null, "
            "so YAML tools read it as nothing (null)\n"
            '    hint: remove the tag: title: "Fired 40 times"',
        ),
    ],
)
def test_a_tag_on_text_is_one_diagnostic(value: str, rendered: str, tmp_path: Path) -> None:
    root = write_story(
        tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("title: Fired 40 times", f"title: {value}")}
    )
    # Like a bare `no`, a tagged `yes` is also a word the quotes do not give (E701).
    (diagnostic,) = [d for d in check_path(root).diagnostics if not d.code.startswith(FAITHFUL)]
    assert diagnostic.render(base=root) == rendered


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (
            "!!str false",
            "scenes.yaml:12:13: error E305: ending: 'false' is tagged !!str, so YAML tools read it as text\n"
            "    hint: remove the tag: ending: false",
        ),
        (
            "!!bool false",
            "scenes.yaml:12:13: error E305: ending: 'false' is tagged !!bool, "
            "but story reads only a bare true or false\n"
            "    hint: remove the tag: ending: false",
        ),
        (
            "!!int 0",
            "scenes.yaml:12:13: error E303: ending should be true or false, not a number '0'\n"
            "    hint: see `story schema` for the format",
        ),
    ],
)
def test_a_tag_on_a_boolean_is_one_diagnostic(value: str, rendered: str, tmp_path: Path) -> None:
    body = scenes(scene("a", ("b",), extra=f"    ending: {value}\n"), scene("b", ending=True))
    root = write_story(tmp_path / "story", {"scenes.yaml": body})
    (diagnostic,) = check_path(root).diagnostics
    assert diagnostic.render(base=root) == rendered


def test_the_non_specific_tag_keeps_the_plain_reading(tmp_path: Path) -> None:
    """`! no` is plain to PyYAML (a boolean): still the bare-word trap, reported once."""
    root = write_story(tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("title: Fired 40 times", "title: ! no")})
    codes = [
        (d.code, d.pos.line, d.pos.column) for d in check_path(root).diagnostics if not d.code.startswith(FAITHFUL)
    ]
    assert codes == [("E305", 3, 12)]


# -- a fact's forms ---------------------------------------------------------------------------

FACT_PARTS = {
    "text": "    text: It fired 40 times.\n",
    "cite": '    cite: [{source: "004", quote: fired 40 times}]\n',
    "accounts": (
        "    accounts:\n"
        '      - {text: It fired 40 times., cite: [{source: "004", quote: fired 40 times}]}\n'
        "      - text: Wounded in the elbow and shoulder.\n"
        '        cite: [{source: "000", quote: wounded in the elbow and shoulder}]\n'
    ),
}
COMBINATIONS = [
    frozenset(keys) for size in range(len(FACT_PARTS) + 1) for keys in itertools.combinations(FACT_PARTS, size)
]


def _valid(schema: dict[str, Any], present: frozenset[str]) -> bool:
    """The published fact keywords that say which keys may stand together, as JSON Schema reads them."""
    if not set(schema.get("required", [])) <= present:
        return False
    if "not" in schema and _valid(schema["not"], present):
        return False
    if "anyOf" in schema and not any(_valid(branch, present) for branch in schema["anyOf"]):
        return False
    return "oneOf" not in schema or sum(_valid(branch, present) for branch in schema["oneOf"]) == 1


def _fact_forms_reported(present: frozenset[str], tmp_path: Path) -> list[str]:
    facts = "facts:\n  - id: shots\n    title: Fired 40 times\n" + "".join(FACT_PARTS[key] for key in sorted(present))
    root = write_story(
        tmp_path / "story",
        {"scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")), "facts.yaml": facts},
    )
    return [d.code for d in check_path(root).diagnostics if d.code in ("E504", "E603")]


@pytest.mark.parametrize("present", COMBINATIONS, ids=["+".join(sorted(c)) or "neither" for c in COMBINATIONS])
def test_editors_and_story_check_agree_on_a_facts_forms(present: frozenset[str], tmp_path: Path) -> None:
    fact = json.loads(schema_json())["$defs"]["fact"]
    reported = _fact_forms_reported(present, tmp_path)
    assert _valid({"required": fact["required"], "oneOf": fact["oneOf"]}, present | {"id", "title"}) == (not reported)


def test_a_fact_with_neither_is_reported_once_as_before(tmp_path: Path) -> None:
    root = write_story(
        tmp_path / "story",
        {
            "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")),
            "facts.yaml": "facts:\n  - id: shots\n    title: Fired 40 times\n",
        },
    )
    (diagnostic,) = check_path(root).diagnostics
    assert diagnostic.render(base=root) == (
        "facts.yaml:2:5: error E603: fact 'shots' needs either `text` with `cite`, or `accounts`, not neither\n"
        "    hint: use `accounts` only where the sources disagree"
    )


def _keywords(schema: dict[str, Any], where: str = "#") -> list[tuple[str, str]]:
    """Every keyword of a schema and its subschemas, with where it is."""
    found = [(keyword, where) for keyword in schema]
    for keyword, value in schema.items():
        if keyword in ("properties", "$defs"):
            for name, sub in value.items():
                found += _keywords(sub, f"{where}/{keyword}/{name}")
        elif keyword in ("items", "not"):
            found += _keywords(value, f"{where}/{keyword}")
        elif keyword in ("oneOf", "anyOf"):
            for number, sub in enumerate(value):
                found += _keywords(sub, f"{where}/{keyword}/{number}")
    return found


def test_the_validator_knows_every_keyword_of_the_schema() -> None:
    keywords = _keywords(SCHEMA)
    assert {keyword for keyword, _ in keywords} <= VALIDATED | EDITOR_ONLY | ANNOTATIONS
    # Editor-only keywords are left to the loader, which checks a fact's forms and nothing else.
    editor_only = {where for keyword, where in keywords if keyword in EDITOR_ONLY}
    assert editor_only and all(
        where == "#/$defs/fact" or where.startswith("#/$defs/fact/oneOf/") for where in editor_only
    )


# -- markdown in descriptions -----------------------------------------------------------------


def _descriptions(schema: Any) -> list[dict[str, Any]]:
    if isinstance(schema, list):
        return [found for item in schema for found in _descriptions(item)]
    if not isinstance(schema, dict):
        return []
    here = [schema] if isinstance(schema.get("description"), str) else []
    return here + [found for value in schema.values() for found in _descriptions(value)]


def test_descriptions_with_markdown_have_a_markdown_description() -> None:
    published = _descriptions(json.loads(schema_json()))
    with_code = [d for d in published if "`" in d["description"]]
    assert len(with_code) >= 10
    for described in published:
        if "`" in described["description"]:
            assert described["markdownDescription"] == described["description"]
        else:
            assert "markdownDescription" not in described
    keys = list(with_code[0])
    assert keys.index("markdownDescription") == keys.index("description") + 1


def test_hints_still_quote_the_plain_description(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("  - id: a\n", "  - ending: false\n")})
    hints = [d.hint for d in check_path(root).diagnostics if d.code == "E302"]
    assert hints == ["Unique id, used by choices and `start`."]
