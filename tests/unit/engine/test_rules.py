"""One small story per rule and code, with the exact diagnostics `story check` must give.

Each case writes a story folder (``story.yaml`` and ``scenes.yaml`` by default, see
``conftest.py``) and compares ``(code, file, line, column)`` of every diagnostic.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from story.checking.checker import check_path
from story.core.codes import Code

from .stories import SCENE_YAML, SEEDS, SOURCES, STORY_YAML, write_story


class Case(NamedTuple):
    name: str
    files: dict[str, str | bytes]
    expected: list[tuple[str, str, int, int]]
    """``(code, file name, line, column)`` of every diagnostic, in report order."""


def scene(
    ident: str,
    choices: tuple[str, ...] = (),
    ending: bool = False,
    extra: str = "",
) -> str:
    """A scene of 7 lines, then 2 lines per choice, then ``ending`` and ``extra``."""
    text = (
        f"  - id: {ident}\n"
        "    title: Fired 40 times\n"
        "    passages:\n"
        "      - text: It fired 40 times.\n"
        "        cite:\n"
        '          - source: "004"\n'
        "            quote: fired 40 times\n"
    )
    if choices:
        text += "    choices:\n"
        for target in choices:
            text += f"      - label: Read on\n        target: {target}\n"
    if ending:
        text += "    ending: true\n"
    return text + extra


def scenes(*items: str) -> str:
    return "scenes:\n" + "".join(items)


def only(*items: str) -> dict[str, str | bytes]:
    """A story whose scene file holds these scenes."""
    return {"scenes.yaml": scenes(*items)}


def edit(old: str, new: str) -> dict[str, str | bytes]:
    """The one-scene story with one change to its scene file."""
    return {"scenes.yaml": SCENE_YAML.replace(old, new)}


FACTS = """\
facts:
  - id: shots
    title: Fired 40 times
    text: It fired 40 times.
    cite: [{source: "004", quote: fired 40 times}]
"""

CHECKPOINT = """\
    checkpoint:
      question: How many times fired?
      options:
        - text: "40"
          correct: true
          cite: [{source: "004", quote: fired 40 times}]
        - text: "150"
          cite: [{source: "004", quote: collapsing 150 yards after the border line}]
      explanation:
        text: It fired 40 times.
        cite: [{source: "004", quote: fired 40 times}]
"""

FOLDED_QUOTE = "quote: >-\n" + " " * 14 + "fired 40\n" + " " * 14 + "days"

TWO_CORRECT = CHECKPOINT.replace('- text: "150"\n', '- text: "150"\n          correct: true\n')

OTHER_ACCOUNT = CHECKPOINT.replace(
    '- text: "150"\n          cite: [{source: "004", quote: collapsing 150 yards after the border line}]',
    '- text: "50"\n          cite: [{source: "000", quote: about 50 meters south of the demilitarized zone}]',
)
"""A checkpoint whose wrong option is the other article's figure (E607 at line 16, column 17)."""


def manifest(*entries: str) -> dict[str, str | bytes]:
    """A story whose sources manifest is ``sources.yaml`` in its folder, one entry a source.

    Each entry is ``id|title|label`` (an empty part is left out); the first is on line 2.
    """
    lines = ["sources:"]
    files = {"000": "000_e9370be8ceca53e7.txt", "004": "004_62e58e1013552225.txt"}
    for entry in entries:
        source_id, title, label = entry.split("|")
        lines += [f'  - id: "{source_id}"', f"    file: {SEEDS / files[source_id]}"]
        lines += [f"    title: {title}"] if title else []
        lines += [f"    label: {label}"] if label else []
    return {
        "sources.yaml": "\n".join(lines) + "\n",
        "story.yaml": STORY_YAML.replace(str(SOURCES), "sources.yaml"),
        "scenes.yaml": SCENE_YAML,
    }


HEADLINE = "North Korean Defector Evaded Hail of Bullets to Reach Safety in 'Movie-Like' Escape"

CITE = '        cite:\n          - source: "004"\n            quote: fired 40 times\n'
"""The citation of :data:`SCENE_YAML`'s one passage (lines 6 to 8)."""

# fmt: off
CASES = [
    Case("clean", {}, []),
    # -- 1. YAML safety and hygiene --------------------------------------------------------
    Case("E101 not UTF-8", {"scenes.yaml": SCENE_YAML.encode().replace(b"It fired", b"It \xe9fired")}, [
        ("E101", "scenes.yaml", 5, 18),
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("E102 tab inside text", edit("It fired", "It\tfired"), [
        ("E102", "scenes.yaml", 5, 17),
    ]),
    Case("E102 tab indentation", edit("    ending: true", "\tending: true"), [
        ("E102", "scenes.yaml", 9, 1),
        ("E104", "scenes.yaml", 9, 1),
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("E103 duplicate key", edit("    ending: true", "    ending: true\n    title: Again"), [
        ("E103", "scenes.yaml", 10, 5),
    ]),
    Case("E104 syntax error", edit("title: Fired 40 times", "title: [Fired 40 times"), [
        ("E104", "scenes.yaml", 4, 13),
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("E104 second document", {"scenes.yaml": SCENE_YAML + "---\nfacts: []\n"}, [
        ("E104", "scenes.yaml", 10, 1),
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("E105 nested too deeply", {"scenes.yaml": "facts: " + "[" * 100 + "]" * 100 + "\n"}, [
        ("E105", "scenes.yaml", 1, 71),  # the 64th bracket: the file's mapping is the first level
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("E106 python tag", edit("title: Fired", "title: !!python/name:os.getcwd Fired"), [
        ("E106", "scenes.yaml", 3, 12),
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("E107 empty file", {"scenes.yaml": SCENE_YAML, "notes.yaml": "# nothing yet\n"}, [
        ("E107", "notes.yaml", 1, 1),
    ]),
    Case("E108 top-level list", {"scenes.yaml": SCENE_YAML, "list.yaml": "- id: a\n- id: b\n"}, [
        ("E108", "list.yaml", 1, 1),
    ]),
    Case("E108 top-level text", {"scenes.yaml": SCENE_YAML, "text.yaml": "just some words\n"}, [
        ("E108", "text.yaml", 1, 1),
    ]),
    # -- 2. schema ---------------------------------------------------------------------------
    Case("E301 unknown key", edit("    ending: true", "    ending: true\n    choises: []"), [
        ("E301", "scenes.yaml", 10, 5),
    ]),
    Case("E301 unknown section", {"scenes.yaml": SCENE_YAML + "glosary: []\n"}, [
        ("E301", "scenes.yaml", 10, 1),
    ]),
    Case("E302 missing key", edit("    title: Fired 40 times\n", ""), [
        ("E302", "scenes.yaml", 2, 5),
    ]),
    Case("E303 text where a list belongs", only(scene("a", ending=True, extra="    unlocks: shots\n")), [
        ("E303", "scenes.yaml", 10, 14),
    ]),
    Case("E303 nothing where text belongs", edit("title: Fired 40 times", "title:"), [
        ("E303", "scenes.yaml", 3, 11),
    ]),
    Case("E304 empty text", edit("title: Fired 40 times", 'title: "  "'), [
        ("E304", "scenes.yaml", 3, 12),
    ]),
    Case("E304 quote with no words", edit("quote: fired 40 times", 'quote: "."'), [
        ("E501", "scenes.yaml", 3, 18),  # and so nothing supports the title's and the text's "40"
        ("E501", "scenes.yaml", 5, 24),
        ("E304", "scenes.yaml", 8, 20),
    ]),
    Case("E304 bad id", only(scene("a", ("Bad Id",)), scene("Bad Id", ending=True)), [
        ("E304", "scenes.yaml", 11, 17),
        ("E304", "scenes.yaml", 12, 9),
    ]),
    Case("E305 bare no as text", edit("title: Fired 40 times", "title: no"), [
        ("E305", "scenes.yaml", 3, 12),
    ]),
    Case("E305 bare on as text", edit("text: It fired 40 times.", "text: on"), [
        ("E305", "scenes.yaml", 5, 15),
    ]),
    Case("E305 bare yes as a boolean", edit("ending: true", "ending: yes"), [
        ("E305", "scenes.yaml", 9, 13),
    ]),
    Case("E305 bare number as a source id", edit('source: "004"', "source: 004"), [
        ("E305", "scenes.yaml", 7, 21),
    ]),
    # A standard tag says what every YAML tool reads the value as. Reported where the tagged
    # value starts, at its tag. (The tagged texts are otherwise supported by the quotes.)
    Case("E305 !!bool on text", edit("title: Fired 40 times", "title: !!bool yes"), [
        ("E305", "scenes.yaml", 3, 12),
    ]),
    Case("E305 !!int on text", edit("title: Fired 40 times", 'title: !!int "40"'), [
        ("E305", "scenes.yaml", 3, 12),
    ]),
    Case("E305 !!float on text", edit("title: Fired 40 times", "title: !!float 40"), [
        ("E305", "scenes.yaml", 3, 12),
    ]),
    Case("E305 !!null on text", edit("title: Fired 40 times", "title: !!null x"), [
        ("E305", "scenes.yaml", 3, 12),
    ]),
    Case("E305 !!bool on a passage's text", edit("text: It fired 40 times.", "text: !!bool It fired 40 times."), [
        ("E305", "scenes.yaml", 5, 15),
    ]),
    Case("E305 !!int on a source id", edit('source: "004"', "source: !!int 004"), [
        ("E305", "scenes.yaml", 7, 21),
    ]),
    Case("!!str on text is text", edit("title: Fired 40 times", "title: !!str Fired 40 times"), []),
    Case("!!str keeps a YAML 1.1 word as text", edit('source: "004"', "source: !!str 004"), []),
    # A scene with a choice, so that the loader's reading of the flag (false) is what was meant.
    Case("E305 !!str on a boolean", only(
        scene("a", ("b",), extra="    ending: !!str false\n"), scene("b", ending=True)
    ), [
        ("E305", "scenes.yaml", 12, 13),
    ]),
    Case("E305 !!bool on a boolean", only(
        scene("a", ("b",), extra="    ending: !!bool false\n"), scene("b", ending=True)
    ), [
        ("E305", "scenes.yaml", 12, 13),
    ]),
    Case("E305 tag on a list", edit("    passages:", "    passages: !!str"), [
        ("E305", "scenes.yaml", 4, 15),
    ]),
    # -- 3. graph ----------------------------------------------------------------------------
    Case("E401 duplicate scene id", only(scene("a", ending=True), scene("a", ending=True)), [
        ("E401", "scenes.yaml", 10, 5),
    ]),
    Case("E401 a scene and a fact share an id", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")),
        "facts.yaml": FACTS.replace("id: shots", "id: a"),
    }, [
        ("E401", "facts.yaml", 2, 5),
        ("E410", "scenes.yaml", 10, 15),
    ]),
    Case("E402 choice to a missing scene", only(scene("a", ("b", "c")), scene("b", ending=True)), [
        ("E402", "scenes.yaml", 13, 17),
    ]),
    Case("E403 missing start scene", only(scene("b", ending=True)), [
        ("E403", "story.yaml", 6, 10),
    ]),
    Case("W404 unreachable scene", only(scene("a", ending=True), scene("b", ("a",))), [
        ("W404", "scenes.yaml", 10, 5),
    ]),
    Case("E405 dead end", only(scene("a", ("b", "c")), scene("b"), scene("c", ending=True)), [
        ("E405", "scenes.yaml", 14, 5),
    ]),
    Case("E406 ending with choices", only(scene("a", ("b",), ending=True), scene("b", ending=True)), [
        ("E406", "scenes.yaml", 2, 5),
    ]),
    Case("E407 unreachable ending", only(scene("a", ending=True), scene("b", ending=True)), [
        ("E407", "scenes.yaml", 10, 5),
    ]),
    Case("E408 no ending", only(scene("a", ("b",)), scene("b", ("a",))), [
        ("E408", "story.yaml", 2, 3),
    ]),
    Case("W409 loop with no way out", only(scene("a", ("b", "c")), scene("b", ("b",)), scene("c", ending=True)), [
        ("W409", "scenes.yaml", 14, 5),
    ]),
    Case("E410 unknown unlock and W411 never unlocked", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shot]\n")),
        "facts.yaml": FACTS,
    }, [
        ("W411", "facts.yaml", 2, 5),
        ("E410", "scenes.yaml", 10, 15),
    ]),
    Case("W411 unlocked only by an unreachable scene", {
        "scenes.yaml": scenes(scene("a", ending=True), scene("b", ("a",), extra="    unlocks: [shots]\n")),
        "facts.yaml": FACTS,
    }, [
        ("W411", "facts.yaml", 2, 5),
        ("W404", "scenes.yaml", 10, 5),
    ]),
    # -- 4. quotes ---------------------------------------------------------------------------
    Case("E201 quote not found (the issue's example)", {
        "rescue.yaml": SCENE_YAML.replace("40 times", "45 times"),
    }, [
        ("E201", "rescue.yaml", 8, 20),
    ]),
    Case("E201 quote starts inside a word", edit("quote: fired", "quote: ired"), [
        ("E201", "scenes.yaml", 8, 20),
    ]),
    Case("E201 quote is case-sensitive", edit("quote: fired", "quote: Fired"), [
        ("E201", "scenes.yaml", 8, 20),
    ]),
    Case("E201 quote across two paragraphs", {
        "scenes.yaml": SCENE_YAML.replace("quote: fired 40 times", "quote: fired 40 times. Four officials chased"),
    }, [
        ("E201", "scenes.yaml", 8, 20),
    ]),
    Case("E201 quote in a folded scalar", {
        "scenes.yaml": SCENE_YAML.replace("quote: fired 40 times", FOLDED_QUOTE),
    }, [
        ("E201", "scenes.yaml", 8, 20),
    ]),
    Case("E202 unknown source id", edit('"004"', '"005"'), [
        ("E202", "scenes.yaml", 8, 20),
    ]),
    Case("E203 manifest not found", {"story.yaml": STORY_YAML.replace(str(SOURCES), "nowhere.yaml")}, [
        ("E203", "story.yaml", 7, 12),
    ]),
    Case("the manifest in the story folder, labels from the headline and the first sentence", manifest(
        "000||Shot and wounded", f"004|{HEADLINE}|Hail of Bullets",
    ), []),
    Case("E204 a source without a label", manifest("000||", f"004|{HEADLINE}|Hail of Bullets"), [
        ("E204", "sources.yaml", 2, 5),
    ]),
    Case("E204 a label that is not the article's words: a publisher", manifest(
        "000||Shot and wounded", f"004|{HEADLINE}|Newsweek",
    ), [
        ("E204", "sources.yaml", 8, 12),
    ]),
    Case("E204 a label from the article's body, not its headline", manifest(
        "000||Shot and wounded", f"004|{HEADLINE}|fired 40 times",
    ), [
        ("E204", "sources.yaml", 8, 12),
    ]),
    Case("E204 a label too long", manifest(
        "000||A North Korean soldier was shot and wounded", f"004|{HEADLINE}|Hail of Bullets",
    ), [
        ("E204", "sources.yaml", 4, 12),
    ]),
    Case("E204 two sources with one label", manifest("000||North Korean", f"004|{HEADLINE}|north korean"), [
        ("E204", "sources.yaml", 8, 12),
    ]),
    Case("E301 a sources list in a story file that is not the manifest", {
        "more.yaml": "sources: []\n",
        "scenes.yaml": SCENE_YAML,
    }, [
        ("E301", "more.yaml", 1, 1),
        ("E304", "more.yaml", 1, 10),
    ]),
    Case("E205 a sentence names an article it does not cite", edit("It fired", "Shot and wounded says it fired"), [
        ("E205", "scenes.yaml", 5, 15),
    ]),
    Case("E205 a sentence names an article for what the other says", {
        "scenes.yaml": SCENE_YAML.replace("It fired 40 times.", "Hail of Bullets says it was about 50 meters.").replace(
            '          - source: "004"\n            quote: fired 40 times\n',
            '          - source: "004"\n            quote: fired 40 times\n'
            '          - source: "000"\n            quote: about 50 meters\n',
        ),
    }, [
        ("E205", "scenes.yaml", 5, 15),
    ]),
    Case("E205 not for a sentence that quotes the headline", {
        "scenes.yaml": SCENE_YAML.replace("It fired 40 times.", f"{HEADLINE}.")
        .replace("quote: fired 40 times", f"quote: {HEADLINE}")
        .replace("title: Fired 40 times", "title: Hail of Bullets"),
    }, []),
    Case("E205 not for the article it cites", edit("It fired", "In Hail of Bullets, it fired"), []),
    Case("W206 not for the articles together", edit("It fired", "In the articles, it fired"), []),
    Case("W206 an article that is not named", edit("It fired", "In an article, it fired"), [
        ("W206", "scenes.yaml", 5, 18),
    ]),
    Case("W206 the other article", edit("It fired", "The other article says it fired"), [
        ("W206", "scenes.yaml", 5, 15),
    ]),
    # -- 5. unsupported details --------------------------------------------------------------
    Case("E501 number in digits", edit("It fired 40", "It fired 41"), [
        ("E501", "scenes.yaml", 5, 24),
    ]),
    Case("E501 number in words", edit("It fired 40", "It fired forty-one"), [
        ("E501", "scenes.yaml", 5, 24),
    ]),
    Case("E501 number word inside a hyphenated word", edit("40 times.", "40 times, ten-fold."), [
        ("E501", "scenes.yaml", 5, 34),
    ]),
    Case("E501 figure with a thousands separator", edit("It fired 40", "It fired 1,040"), [
        ("E501", "scenes.yaml", 5, 24),
    ]),
    Case("E502 weekday", edit("40 times.", "40 times on Friday."), [
        ("E502", "scenes.yaml", 5, 36),
    ]),
    Case("E502 month in a title", edit("title: Fired 40 times", "title: Fired 40 times in June"), [
        ("E502", "scenes.yaml", 3, 30),
    ]),
    Case("E503 name", edit("It fired", "It fired at Kim"), [
        ("E503", "scenes.yaml", 5, 27),
    ]),
    Case("E503 name at the start of a sentence", edit("It fired", "Pyongyang fired"), [
        ("E503", "scenes.yaml", 5, 15),
    ]),
    Case("E503 acronym at the start of a sentence", edit("It fired", "US fired"), [
        ("E503", "scenes.yaml", 5, 15),
    ]),
    Case("E503 name in a label", only(scene("a", ("b",)).replace("Read on", "Ask Kim"), scene("b", ending=True)), [
        ("E503", "scenes.yaml", 10, 20),
    ]),
    Case("E504 passage without citation", {
        "scenes.yaml": SCENE_YAML.replace(CITE, ""),
    }, [
        ("E504", "scenes.yaml", 5, 9),
    ]),
    Case("E504 empty cite", {
        "scenes.yaml": SCENE_YAML.replace(CITE, "        cite: []\n"),
    }, [
        ("E504", "scenes.yaml", 6, 15),
    ]),
    Case("E504 fact text without citation", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")),
        "facts.yaml": FACTS.replace('    cite: [{source: "004", quote: fired 40 times}]\n', ""),
    }, [
        ("E504", "facts.yaml", 4, 11),
    ]),
    # -- 6. structure ------------------------------------------------------------------------
    Case("E601 no story section", {"story.yaml": "facts: []\n", "scenes.yaml": SCENE_YAML}, [
        ("E601", "story", 0, 0),
    ]),
    Case("E601 two story sections", {"scenes.yaml": SCENE_YAML, "zz.yaml": STORY_YAML}, [
        ("E601", "zz.yaml", 1, 1),
    ]),
    Case("E602 timeline split across files", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [t1]\n")),
        "t1.yaml": """\
            timeline:
              - id: t1
                when: in 1953
                text: The armistice signed in 1953.
                cite: [{source: "004", quote: the armistice signed in 1953}]
            """,
        "t2.yaml": "timeline: []\n",
    }, [
        ("E602", "t2.yaml", 1, 1),
    ]),
    Case("E603 fact with neither text nor accounts", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")),
        "facts.yaml": "facts:\n  - id: shots\n    title: Fired 40 times\n",
    }, [
        ("E603", "facts.yaml", 2, 5),
    ]),
    Case("E603 fact with both text and accounts", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")),
        "facts.yaml": FACTS + "    accounts: []\n",
    }, [
        ("E603", "facts.yaml", 2, 5),
        ("E304", "facts.yaml", 6, 15),
    ]),
    Case("E304 a fact with one account", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [shots]\n")),
        "facts.yaml": """\
            facts:
              - id: shots
                title: Fired 40 times
                accounts:
                  - text: It fired 40 times.
                    cite: [{source: "004", quote: fired 40 times}]
            """,
    }, [
        ("E304", "facts.yaml", 5, 7),
    ]),
    Case("two correct options: each article's account counts", {
        "scenes.yaml": scenes(scene("a", ending=True, extra=TWO_CORRECT)),
    }, []),
    Case("E604 no correct option", {
        "scenes.yaml": scenes(scene("a", ending=True, extra=CHECKPOINT.replace("          correct: true\n", ""))),
    }, [
        ("E604", "scenes.yaml", 11, 7),
    ]),
    Case("E605 same option twice", {
        "scenes.yaml": scenes(scene("a", ending=True, extra=CHECKPOINT.replace('"150"', '"40"'))),
    }, [
        ("E605", "scenes.yaml", 16, 17),
        ("E501", "scenes.yaml", 16, 18),  # the duplicate still cites "150 yards"
    ]),
    Case("E607 the other article's account marked wrong", {
        "scenes.yaml": scenes(scene("a", ending=True, extra=OTHER_ACCOUNT)),
    }, [
        ("E607", "scenes.yaml", 16, 17),
    ]),
    Case("E607 not when both accounts are right", {
        "scenes.yaml": scenes(scene("a", ending=True, extra=OTHER_ACCOUNT.replace(
            '- text: "50"\n', '- text: "50"\n          correct: true\n'
        ))),
    }, []),
    Case("E607 not when the question asks which article", {
        "scenes.yaml": scenes(scene("a", ending=True, extra=OTHER_ACCOUNT.replace(
            "How many times fired?", "How many times fired, in the articles?"
        ))),
    }, []),
    Case("W606 an account mixes sources, and two accounts share a source", {
        "scenes.yaml": scenes(scene("a", ending=True, extra="    unlocks: [wounds]\n")),
        "facts.yaml": """\
            facts:
              - id: wounds
                title: Wounded in the elbow and shoulder
                accounts:
                  - text: Wounded in the elbow and shoulder.
                    cite:
                      - {source: "000", quote: wounded in the elbow and shoulder}
                      - {source: "004", quote: "shoulder, elbow and abdomen"}
                  - text: Wounded in the elbow and shoulder.
                    cite: [{source: "000", quote: wounded in the elbow and shoulder}]
            """,
    }, [
        ("W606", "facts.yaml", 5, 9),
        ("W606", "facts.yaml", 9, 9),
    ]),
]
# fmt: on

FAITHFUL = ("E7", "W7")
"""Codes of the faithfulness rules, which have their own tests (tests/unit/faithful); the cases above
are written to satisfy them, and compare only the engine's own codes. :data:`FAITHFUL_CASES`
below gives each faithfulness code a case of its own here too."""


def passage(title: str, text: str, quote: str, source: str = "004") -> dict[str, str | bytes]:
    """The one-scene story with one passage: its title on line 3, text on line 5, quote on line 8."""
    return {
        "scenes.yaml": SCENE_YAML.replace("title: Fired 40 times", f"title: {title}")
        .replace("It fired 40 times.", text)
        .replace('"004"\n            quote: fired 40 times', f'"{source}"\n            quote: {quote}')
    }


# fmt: off
FAITHFUL_CASES = [
    Case("E701 a content word no quote gives", passage("Fired 40 times", "It fired 40 mines.", "fired 40 times"), [
        ("E701", "scenes.yaml", 5, 27),
    ]),
    Case("E702 an attribution dropped", passage(
        "Toward the border crossing",
        "He then exited the vehicle and ran toward the border crossing.",
        "he then exited the vehicle and ran toward the border crossing",
    ), [
        ("E702", "scenes.yaml", 5, 15),
    ]),
    Case("E703 a hedge dropped around the quote", passage("A soldier", "He was a soldier.", "to be a soldier"), [
        ("E703", "scenes.yaml", 5, 15),
    ]),
    Case("E707 a hedge dropped inside the quote", passage(
        "A soldier", "He was a soldier.", "although he is presumed to be a soldier"
    ), [
        ("E707", "scenes.yaml", 5, 24),
    ]),
    Case("E706 words in quotation marks not verbatim", passage(
        "No exchange of fire", 'There was "no exchange of fire at all."', "there was no exchange of fire with our side",
        source="000",
    ), [
        ("E702", "scenes.yaml", 5, 15),  # the article attributes the words to an official
        ("E706", "scenes.yaml", 5, 26),
        ("E701", "scenes.yaml", 5, 49),
    ]),
    Case("E708 an approximator added", passage("Fired 40 times", "It fired about 40 times.", "fired 40 times"), [
        ("E708", "scenes.yaml", 5, 24),
    ]),
    Case("E709 roles swapped", passage(
        "The rescue", "He rescued two South Korean soldiers.", "He was rescued by two South Korean soldiers"
    ), [
        ("E709", "scenes.yaml", 5, 15),
    ]),
    Case("E704 a vocabulary word that carries a fact", {
        "story.yaml": STORY_YAML + "  vocabulary: [forty]\n",
    }, [
        ("E704", "story.yaml", 8, 16),
    ]),
    Case("W705 a vocabulary word never needed", {
        "story.yaml": STORY_YAML + "  vocabulary: [later]\n",
    }, [
        ("W705", "story.yaml", 8, 16),
    ]),
    Case("E710 a figure moved onto the other quote's noun", {
        "scenes.yaml": SCENE_YAML.replace("It fired 40 times.", "It fired 150 times.").replace(
            "quote: fired 40 times", "quote: fired 40 times\n          - {source: \"004\", quote: collapsing 150 yards}"
        )
    }, [
        ("E702", "scenes.yaml", 5, 15),  # the article attributes the collapse too
        ("E710", "scenes.yaml", 5, 24),
    ]),
]
# fmt: on


def summarise(root: Path, skip: tuple[str, ...] = FAITHFUL) -> list[tuple[str, str, int, int]]:
    """``(code, file name, line, column)`` of every diagnostic, but for codes starting with ``skip``."""
    report = check_path(root)
    return [
        (d.code, Path(d.pos.file).name, d.pos.line, d.pos.column)
        for d in report.diagnostics
        if not d.code.startswith(skip)
    ]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule(case: Case, tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", case.files)
    assert summarise(root) == case.expected


@pytest.mark.parametrize("case", FAITHFUL_CASES, ids=[case.name for case in FAITHFUL_CASES])
def test_faithfulness_rule(case: Case, tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", case.files)
    assert summarise(root, skip=()) == case.expected


def test_every_registered_code_has_a_case() -> None:
    """Every code of the registry is produced, at an exact file:line:col, by a case above."""
    covered = {code for case in CASES + FAITHFUL_CASES for code, *_ in case.expected}
    covered |= {"E100"}  # in test_hostile.py: a folder with no YAML
    assert {str(code) for code in Code} - covered == set()


def test_issue_example_message(tmp_path: Path) -> None:
    """The issue's own example, word for word."""
    root = write_story(tmp_path / "story", {"scenes/rescue.yaml": SCENE_YAML.replace("40 times", "45 times")})
    (diagnostic,) = check_path(root).diagnostics
    assert diagnostic.render(base=root) == (
        'scenes/rescue.yaml:8:20: error E201: quote not found in source 004: "fired 45 times" '
        '(closest: "fired 40 times", line 5)\n'
        '    hint: copy the words exactly; `story cite "some words"` prints a ready citation'
    )


def test_quote_in_the_other_source_says_so(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", passage("It was wounded.", "wounded in the elbow and shoulder"))
    (diagnostic,) = [d for d in check_path(root).diagnostics if not d.code.startswith(FAITHFUL)]
    assert (diagnostic.code, diagnostic.pos.line) == ("E201", 9)
    assert diagnostic.hint == "the quote is in source 000; change `source:`"


def test_quote_across_paragraphs_names_both_lines(tmp_path: Path) -> None:
    quote = "fired 40 times. Four officials chased"
    root = write_story(
        tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("quote: fired 40 times", f"quote: {quote}")}
    )
    (diagnostic,) = check_path(root).diagnostics
    assert "runs across two paragraphs of source 004 (lines 5-7)" in diagnostic.message


def passage(text: str, *quotes: str, source: str = "004") -> dict[str, str | bytes]:
    """A one-scene story whose one passage (line 6, column 15) has ``text`` and cites ``quotes``."""
    scalar = f"'{text}'" if '"' in text or ": " in text else text
    cites = "".join(f'          - source: "{source}"\n            quote: "{quote}"\n' for quote in quotes)
    return {
        "scenes.yaml": (
            "scenes:\n  - id: a\n    title: Shots\n    ending: true\n    passages:\n"
            f"      - text: {scalar}\n        cite:\n{cites}"
        )
    }


DETAIL_CASES = [
    # (name, text at line 6 column 15, quotes, expected (code, line, column))
    ("digits match words", "It fired forty times.", ["fired 40 times"], []),
    ("words match digits", "Two South Korean soldiers.", ["two South Korean soldiers"], []),
    ("hyphenated tens and units", "Forty-one shots.", ["fired 40 times"], [("E501", 6, 15)]),
    ("ordinal", "The third person.", ["the third person to defect"], []),
    ("ordinal not given", "The fourth person.", ["the third person to defect"], [("E501", 6, 19)]),
    (
        "decade is not the year",
        "In the 1990s.",
        ["two previous episodes occurring in 1998 and 2007"],
        [("E501", 6, 22)],
    ),
    ("hundreds is a number", "Hundreds fled.", ["more than 1,000 North Koreans have fled"], [("E501", 6, 15)]),
    ("thousands separator", "More than 1,000 fled.", ["more than 1,000 North Koreans have fled"], []),
    (
        "figure is one number",
        "More than 1,999 fled.",
        ["more than 1,000 North Koreans have fled", "1998 and 2007"],
        [("E501", 6, 25)],
    ),
    ("AK-47 figure checked apart", "AK-74 rifles.", ["armed with their pistols and AK-47 rifles"], [("E501", 6, 18)]),
    ("sentence-initial ordinary word", "Soldiers fired 40 times.", ["fired 40 times"], []),
    ("sentence-initial plural of an ordinary word", "Guards fired 40 times.", ["fired 40 times"], []),
    ("sentence-initial function word", "Because it fired 40 times.", ["fired 40 times"], []),
    ("name after a full stop", "It fired 40 times. Suh said so.", ["fired 40 times"], [("E503", 6, 34)]),
    ("name after a quotation mark", 'It fired 40 times. "Suh said so."', ["fired 40 times"], [("E503", 6, 36)]),
    ("name in the middle", "It fired 40 times at Suh.", ["fired 40 times"], [("E503", 6, 36)]),
    ("name with a possessive", "Suh's men fired 40 times.", ["fired 40 times", "General Suh Wook"], []),
    ("name in the quotes in lowercase form", "The Defense fired 40 times.", ["fired 40 times", "Defense Minister"], []),
    ("name with an accent", "It fired 40 times at Émile.", ["fired 40 times"], [("E503", 6, 36)]),
    ("weekday", "On Tuesday it fired 40 times.", ["fired 40 times"], [("E502", 6, 18)]),
    ("weekday cited", "On Tuesday it fired.", ["said Tuesday briefing lawmakers"], []),
    ("May the verb", "May it be so.", ["fired 40 times"], []),
    ("May the month", "It fired in May.", ["fired 40 times"], [("E502", 6, 27)]),
    ("pronoun I", "I fired 40 times.", ["fired 40 times"], []),
    ("no one is a number", "No one fired.", ["fired 40 times"], [("E501", 6, 18)]),
]


@pytest.mark.parametrize(("name", "text", "quotes", "expected"), DETAIL_CASES, ids=[c[0] for c in DETAIL_CASES])
def test_details(name: str, text: str, quotes: list[str], expected: list[tuple[str, int, int]], tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", passage(text, *quotes))
    assert [(code, line, column) for code, _, line, column in summarise(root)] == expected


POSITIONS = [
    # (name, the passage's `text:` value as written from column 15 of line 6, expected (code, line, column))
    ("plain", "It fired 40 times at Kim.", [("E503", 6, 36)]),
    ("plain over two lines", "It fired 40 times\n          at Kim.", [("E503", 7, 14)]),
    ("folded", ">-\n          It fired 40 times\n          at Kim.", [("E503", 8, 14)]),
    ("literal", "|\n          It fired 40 times.\n          Kim fired.", [("E503", 8, 11)]),
    ("double-quoted over lines", '"It fired 40 times\n          at \\"Kim\\"."', [("E503", 7, 16)]),
    (
        "single-quoted with an escaped quote",
        "'It''s Kim, and Kim''s gun\n          and Kim.'",
        [
            ("E503", 6, 22),
            ("E503", 6, 31),
            ("E503", 7, 15),
        ],
    ),
    ("possessive before the name", "It fired 40 times. Kim's men and Kim.", [("E503", 6, 34), ("E503", 6, 48)]),
    ("same word in the key's line is skipped", "Kim fired 40 times.", [("E503", 6, 15)]),
    ("escape keeps the text position", '"It fired 40 times at\\u0020Kim."', [("E503", 6, 15)]),
]


@pytest.mark.parametrize(("name", "value", "expected"), POSITIONS, ids=[case[0] for case in POSITIONS])
def test_detail_positions_in_every_scalar_style(
    name: str, value: str, expected: list[tuple[str, int, int]], tmp_path: Path
) -> None:
    body = (
        "scenes:\n  - id: a\n    title: Shots\n    ending: true\n    passages:\n"
        f"      - text: {value}\n"
        '        cite:\n          - source: "004"\n            quote: fired 40 times\n'
    )
    root = write_story(tmp_path / "story", {"scenes.yaml": body})
    assert [(code, line, column) for code, _, line, column in summarise(root)] == expected


@pytest.mark.parametrize(
    ("files", "code", "hint"),
    [
        (edit("    ending: true", "    ending: true\n    choises: []"), "E301", "did you mean 'choices'?"),
        (edit("    ending: true", "    ending: true\n    zzz: []"), "E301", "allowed keys: id, title, passages,"),
        (only(scene("a", ("scene-b",)), scene("scene-c", ending=True)), "E402", "did you mean 'scene-c'?"),
        (edit('"004"', '"04"'), "E202", "did you mean '004'?"),
        (edit("title: Fired 40 times", "title: no"), "E305", 'quote it: title: "no"'),
        (edit("ending: true", "ending: on"), "E305", "write ending: true"),
    ],
)
def test_hints(files: dict[str, str | bytes], code: str, hint: str, tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", files)
    hints = [d.hint for d in check_path(root).diagnostics if d.code == code]
    assert len(hints) == 1 and hints[0].startswith(hint), hints


def test_the_c_parser_is_used_where_available() -> None:
    import yaml

    from story.loading import yamlsafe

    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    assert yamlsafe._Loader is yaml.CSafeLoader
