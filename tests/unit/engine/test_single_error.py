"""One mistake, one diagnostic: a broken value is reported once, where it is.

The schema reports a value it rejects (or a required one that is missing). After that the value is
unknown, not missing and not empty: no rule may judge the stand-in the loader keeps in its place.
Each case below makes one mistake in a clean story built so that the old readings showed (a
choice with no target made a dead end, a citation with no source left a title unsupported...) and
expects exactly one diagnostic, of every code including the faithfulness rules.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from story.checking.checker import check_path
from tests import ROOT

from .stories import SOURCES, write_story

STORY = f"""\
story:
  title: Fired 40 times at the border town of Panmunjom
  cite:
    - source: "004"
      quote: fired 40 times
    - source: "000"
      quote: the border town of Panmunjom
  start: a
  sources: {SOURCES}
  vocabulary: [article]
"""
"""The story: its title needs both quotes (lines 4-7); `article` is needed by scene ``a``."""

SCENE_A = """\
scenes:
  - id: a
    title: Fired 40 times
    passages:
      - text: In the article, it fired 40 times.
        cite:
          - source: "004"
            quote: fired 40 times
    checkpoint:
      question: Where did it fire 40 times?
      options:
        - text: the border town of Panmunjom
          correct: true
          cite: [{source: "000", quote: the border town of Panmunjom}]
        - text: across the demilitarized zone
          cite: [{source: "000", quote: defected across the demilitarized zone}]
      explanation:
        text: It fired 40 times.
        cite: [{source: "004", quote: fired 40 times}]
    unlocks: [shots]
    choices:
      - label: Read about the border town of Panmunjom
        target: b
"""
"""The start scene. Its question's "40" comes from the explanation's quote only; its one choice's
label comes from the target's quotes only (scene ``b``, in another file)."""

SCENE_B = """\
scenes:
  - id: b
    title: Fired 40 times at the border town of Panmunjom
    passages:
      - text: It fired 40 times.
        cite:
          - source: "004"
            quote: fired 40 times
      - text: It was the border town of Panmunjom.
        cite:
          - source: "000"
            quote: the border town of Panmunjom
    ending: true
"""
"""The one ending. Its title needs the quotes of both its passages."""

FACTS = """\
facts:
  - id: shots
    title: Shot by his own troops, wounds to his elbow
    accounts:
      - text: He was shot and wounded by his own troops.
        cite: [{source: "000", quote: was shot and wounded by his own troops}]
      - text: His uniform was blooded from gunshot wounds to his shoulder, elbow and abdomen.
        cite:
          - source: "004"
            quote: uniform blooded from at least five gunshot wounds to his shoulder, elbow and abdomen
"""
"""A fact unlocked by scene ``a``; its title needs both accounts' quotes."""

FILES = {"story.yaml": STORY, "scenes.yaml": SCENE_A, "town.yaml": SCENE_B, "facts.yaml": FACTS}


class Case(NamedTuple):
    name: str
    file: str
    old: str
    new: str
    expected: tuple[str, str, int, int]
    """``(code, file name, line, column)`` of the one diagnostic."""


CITE_B = '        cite:\n          - source: "000"\n            quote: the border town of Panmunjom\n'
"""The citation of scene ``b``'s second passage (lines 10 to 12 of town.yaml)."""

OPTION_40 = (
    "        - text: the border town of Panmunjom\n"
    "          correct: true\n"
    '          cite: [{source: "000", quote: the border town of Panmunjom}]\n'
)
EXPLANATION = (
    '      explanation:\n        text: It fired 40 times.\n        cite: [{source: "004", quote: fired 40 times}]\n'
)

# fmt: off
CASES = [
    # -- choices: a broken choice may lead anywhere, and its scene is no dead end ------------------
    Case("a choice with no target", "scenes.yaml", "        target: b\n", "",
         ("E302", "scenes.yaml", 22, 9)),
    Case("choices that are not a list", "scenes.yaml",
         "    choices:\n      - label: Read about the border town of Panmunjom\n        target: b\n",
         "    choices: 5\n",
         ("E303", "scenes.yaml", 21, 14)),
    Case("a choice that is not a mapping", "scenes.yaml",
         "      - label: Read about the border town of Panmunjom\n        target: b\n", "      - b\n",
         ("E303", "scenes.yaml", 22, 9)),
    Case("a choice's target that is not an id", "scenes.yaml", "target: b", "target: B",
         ("E304", "scenes.yaml", 23, 17)),
    Case("a choice's target that is null", "scenes.yaml", "target: b", "target:",
         ("E303", "scenes.yaml", 23, 16)),
    # -- ids: a scene or entry with a broken id may be the one a choice or an unlock meant ---------
    Case("a scene id that is not an id (a choice in another file leads to it)", "town.yaml",
         "id: b", "id: Bad Id",
         ("E304", "town.yaml", 2, 9)),
    Case("a scene with no id", "town.yaml", "  - id: b\n    title", "  - title",
         ("E302", "town.yaml", 2, 5)),
    Case("a scene id that is null", "town.yaml", "id: b", "id:",
         ("E303", "town.yaml", 2, 8)),
    Case("a scene that is not a mapping", "town.yaml", SCENE_B[len("scenes:\n"):], "  - b\n",
         ("E303", "town.yaml", 2, 5)),
    Case("a scenes section that is not a list", "town.yaml", SCENE_B, "scenes: 5\n",
         ("E303", "town.yaml", 1, 9)),
    Case("a story section that is not a mapping", "story.yaml", STORY, "story: 5\n",
         ("E303", "story.yaml", 1, 8)),
    Case("start is not an id", "story.yaml", "start: a", "start: A",
         ("E304", "story.yaml", 8, 10)),
    Case("no start", "story.yaml", "  start: a\n", "",
         ("E302", "story.yaml", 2, 3)),
    Case("an unlock that is not an id", "scenes.yaml", "unlocks: [shots]", "unlocks: [Shots]",
         ("E304", "scenes.yaml", 20, 15)),
    Case("unlocks that are not a list", "scenes.yaml", "unlocks: [shots]", "unlocks: shots",
         ("E303", "scenes.yaml", 20, 14)),
    Case("a fact id that is not an id", "facts.yaml", "id: shots", "id: Shots",
         ("E304", "facts.yaml", 2, 9)),
    Case("a fact with no id", "facts.yaml", "  - id: shots\n    title", "  - title",
         ("E302", "facts.yaml", 2, 5)),
    Case("a fact that is not a mapping", "facts.yaml", FACTS[len("facts:\n"):], "  - shots\n",
         ("E303", "facts.yaml", 2, 5)),
    Case("a facts section that is not a list", "facts.yaml", FACTS, "facts: 5\n",
         ("E303", "facts.yaml", 1, 8)),
    # -- citations: a text whose quotes are broken is not judged against the rest -----------------
    Case("a quote with no source", "story.yaml",
         '    - source: "000"\n      quote: the border town', "    - quote: the border town",
         ("E302", "story.yaml", 6, 7)),
    Case("a citation with no quote", "story.yaml",
         '    - source: "000"\n      quote: the border town of Panmunjom\n', '    - source: "000"\n',
         ("E302", "story.yaml", 6, 7)),
    Case("an empty source", "story.yaml", 'source: "000"', 'source: ""',
         ("E304", "story.yaml", 6, 15)),
    Case("an empty quote", "story.yaml", "quote: the border town of Panmunjom", 'quote: ""',
         ("E304", "story.yaml", 7, 14)),
    Case("a citation that is not a mapping", "story.yaml",
         '    - source: "000"\n      quote: the border town of Panmunjom\n',
         "    - the border town of Panmunjom\n",
         ("E303", "story.yaml", 6, 7)),
    Case("a passage with no cite", "town.yaml", CITE_B, "",
         ("E504", "town.yaml", 9, 9)),
    Case("a passage whose cite is empty", "town.yaml", CITE_B, "        cite: []\n",
         ("E504", "town.yaml", 10, 15)),
    Case("a passage whose cite is not a list", "town.yaml", CITE_B, "        cite: 5\n",
         ("E303", "town.yaml", 10, 15)),
    Case("a passage with no text", "town.yaml",
         "      - text: It was the border town of Panmunjom.\n        cite:", "      - cite:",
         ("E302", "town.yaml", 9, 9)),
    Case("passages that are not a list (a choice's target)", "town.yaml",
         SCENE_B[SCENE_B.index("    passages:"):SCENE_B.index("    ending:")], "    passages: 5\n",
         ("E303", "town.yaml", 4, 15)),
    Case("no passages (a choice's target)", "town.yaml",
         SCENE_B[SCENE_B.index("    passages:"):SCENE_B.index("    ending:")], "    passages: []\n",
         ("E304", "town.yaml", 4, 15)),
    Case("an account with no cite", "facts.yaml",
         '        cite: [{source: "000", quote: was shot and wounded by his own troops}]\n', "",
         ("E504", "facts.yaml", 5, 9)),
    Case("accounts that are not a list", "facts.yaml",
         FACTS[FACTS.index("    accounts:"):], "    accounts: 5\n",
         ("E303", "facts.yaml", 4, 15)),
    Case("a vocabulary that is not a list", "story.yaml", "vocabulary: [article]", "vocabulary: 5",
         ("E303", "story.yaml", 10, 15)),
    Case("an empty vocabulary word", "story.yaml", "vocabulary: [article]", 'vocabulary: [""]',
         ("E304", "story.yaml", 10, 16)),
    # -- checkpoints: a broken option may be the answer ------------------------------------------
    Case("an answer's correct that is not a boolean", "scenes.yaml", "correct: true", "correct: 1",
         ("E303", "scenes.yaml", 13, 20)),
    Case("an answer's correct that is quoted", "scenes.yaml", "correct: true", 'correct: "true"',
         ("E303", "scenes.yaml", 13, 20)),
    Case("an answer that is not a mapping", "scenes.yaml", OPTION_40, "        - the border town of Panmunjom\n",
         ("E303", "scenes.yaml", 12, 11)),
    Case("options that are not a list", "scenes.yaml",
         SCENE_A[SCENE_A.index("      options:"):SCENE_A.index("      explanation:")], "      options: 5\n",
         ("E303", "scenes.yaml", 11, 16)),
    Case("one option only", "scenes.yaml", OPTION_40, "",
         ("E304", "scenes.yaml", 12, 9)),
    Case("no explanation", "scenes.yaml", EXPLANATION, "",
         ("E302", "scenes.yaml", 10, 7)),
    Case("an explanation with no cite", "scenes.yaml",
         '        cite: [{source: "004", quote: fired 40 times}]\n    unlocks', "    unlocks",
         ("E504", "scenes.yaml", 18, 9)),
    Case("a checkpoint that is not a mapping", "scenes.yaml",
         SCENE_A[SCENE_A.index("    checkpoint:"):SCENE_A.index("    unlocks:")], "    checkpoint: 5\n",
         ("E303", "scenes.yaml", 9, 17)),
    # -- endings: a broken ending may be one -----------------------------------------------------
    Case("an ending that is not a boolean", "town.yaml", "ending: true", "ending: 5",
         ("E303", "town.yaml", 13, 13)),
    Case("an ending that is null", "town.yaml", "ending: true", "ending:",
         ("E303", "town.yaml", 13, 12)),
]
# fmt: on


def summarise(root: Path) -> list[tuple[str, str, int, int]]:
    return [(d.code, Path(d.pos.file).name, d.pos.line, d.pos.column) for d in check_path(root).diagnostics]


def test_the_story_is_clean(tmp_path: Path) -> None:
    assert summarise(write_story(tmp_path / "story", FILES)) == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_one_mistake_one_diagnostic(case: Case, tmp_path: Path) -> None:
    assert FILES[case.file].count(case.old) == 1, "the mistake must be made in one place"
    files = {**FILES, case.file: FILES[case.file].replace(case.old, case.new)}
    assert summarise(write_story(tmp_path / "story", files)) == [case.expected]


# -- the bundled story ----------------------------------------------------------------------------

BUNDLED = [
    # (name, file, old, new, code): the cases first reported, made on a copy of the bundled story.
    (
        "a choice with no target",
        "place-defections.yaml",
        "      - label: Read where the articles disagree, and what is yet to be established\n"
        "        target: summing-up\n",
        "      - label: Read where the articles disagree, and what is yet to be established\n",
        "E302",
    ),
    (
        "choices: 5",
        "place-defections.yaml",
        "    choices:\n      - label: Read where the articles disagree, and what is yet to be established\n"
        "        target: summing-up\n      - label: Back to the map\n        target: map\n",
        "    choices: 5\n",
        "E303",
    ),
    ("a scene id that is not an id", "place-border.yaml", "  - id: the-border\n", "  - id: Bad Id\n", "E304"),
    (
        "a quote with no source",
        "story.yaml",
        '    - source: "000"\n      quote: the border town',
        "    - quote: the border town",
        "E302",
    ),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "code"), BUNDLED, ids=[case[0] for case in BUNDLED])
def test_one_mistake_in_the_bundled_story(name: str, file: str, old: str, new: str, code: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "scenes", tmp_path / "scenes")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")  # the story names ../seeds/sources.yaml
    path = tmp_path / "scenes" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1  # where the mistake starts
    (diagnostic,) = check_path(tmp_path / "scenes").diagnostics
    assert (diagnostic.code, Path(diagnostic.pos.file).name) == (code, file)
    assert line <= diagnostic.pos.line <= line + new.count("\n")


@pytest.mark.parametrize("lost", ["an article", "the manifest"])
def test_a_source_that_cannot_be_read_is_reported_once_and_nothing_it_backs_is_judged(
    tmp_path: Path, lost: str
) -> None:
    """A text quoting an article that could not be read is neither supported nor unsupported:
    what it says is unknown. The bundled story, with one article or its manifest gone, gives one
    error, not one for each text that quotes it."""
    shutil.copytree(ROOT / "scenes", tmp_path / "scenes")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    if lost == "an article":
        next((tmp_path / "seeds").glob("004_*.txt")).unlink()
    else:
        (tmp_path / "scenes" / "sources.yaml").unlink()
    report = check_path(tmp_path / "scenes")
    assert [str(d.code) for d in report.diagnostics] == ["E203"]
