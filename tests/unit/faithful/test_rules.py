"""The faithfulness rules on small stories built from the real articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from story.checking.text.scopes import sentence_scopes
from story.checking.text.stems import stem, unsupported_words, words_of
from story.core.queries import CLAIM_KINDS, QUESTION_KINDS, TITLE_KINDS, visible_texts
from story.loading.loader import load_story
from tests import ROOT

from .helpers import Cite, faithful, found, where, write_story

# -- stems and words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "quoted"),
    [
        ("fired", "firing"),
        ("crawled", "crawl"),
        ("defection", "defected"),
        ("rescue", "rescued"),
        ("ran", "run"),
        ("drove", "drive"),
        ("shot", "shoot"),
        ("shots", "shot"),
        ("fled", "flee"),
        ("told", "tell"),
        ("men", "man"),
    ],
)
def test_forms_of_a_word_share_a_stem(written: str, quoted: str) -> None:
    assert stem(written) == stem(quoted)


@pytest.mark.parametrize(("one", "other"), [("armed", "unarmed"), ("defector", "defected"), ("shot", "shout")])
def test_different_words_keep_different_stems(one: str, other: str) -> None:
    assert stem(one) != stem(other)


def test_words_split_hyphens_and_contractions_keeping_offsets() -> None:
    text = "Troops low-crawled; he didn't stop at the nation's border."
    parts = [(w.text, w.start) for w in words_of(text)]
    assert ("low", 7) in parts and ("crawled", 11) in parts
    assert ("did", 23) in parts and ("n't", 26) in parts
    assert ("nation", 42) in parts
    assert all(text[start : start + len(word)] == word for word, start in parts)


@pytest.mark.parametrize(
    ("text", "quotes", "unsupported"),
    [
        ("South Korean troops crawled to the wounded man.", ["South Korean troops low-crawled to the wounded man"], []),
        ("Then a mine went off beside him.", ["dragged him to safety"], ["mine", "went"]),
        ("He was crying as he ran.", ["ran toward the border crossing"], ["crying"]),
        ("He was not wounded.", ["the North Korean soldier was wounded"], ["not"]),
        ("He didn't run.", ["ran toward the border crossing"], ["didn't"]),
        ("The army fired 41 times at Kim on Friday.", ["fired 40 times"], ["army"]),
        ("Read about the wheel.", ["one of the the wheels came loose"], ["Read"]),
    ],
)
def test_unsupported_words(text: str, quotes: list[str], unsupported: list[str]) -> None:
    assert [w.text for w in unsupported_words(text, quotes)] == unsupported


# -- E701 -----------------------------------------------------------------------------------


def test_clean_story_has_no_findings(tmp_path: Path) -> None:
    root = write_story(
        tmp_path,
        [
            (
                "South Korean troops crawled to the wounded man and dragged him to safety.",
                [Cite("South Korean troops low-crawled to the wounded man and dragged him to safety", "000")],
            ),
            (
                'He drove a jeep through the so-called border "peace village" of Panmunjom.',
                [Cite('drove a jeep through the so-called border "peace village" of Panmunjom')],
            ),
        ],
    )
    assert check_all(root) == []


def check_all(root: Path) -> list[str]:
    from story.checking.checker import check_path

    return [d.render() for d in check_path(root).diagnostics]


def test_invented_event_is_reported_word_by_word(tmp_path: Path) -> None:
    text = "He was dragged to safety. Then a mine went off beside him."
    root = write_story(tmp_path, [(text, [Cite("dragged him to safety", "000")])])
    diagnostics = faithful(root)
    assert found(diagnostics) == [("E701", *where(root, "mine")), ("E701", *where(root, "went"))]
    assert '`story cite "mine"`' in diagnostics[0].hint
    assert "neither article uses it" in diagnostics[0].hint


def test_a_word_the_articles_give_elsewhere_asks_for_a_citation(tmp_path: Path) -> None:
    root = write_story(tmp_path, [("He was taken by helicopter.", [Cite("He was airlifted")])])
    diagnostics = faithful(root)
    assert [(d.code, d.message.split("'")[1]) for d in diagnostics] == [("E701", "taken"), ("E701", "helicopter")]
    assert "an article uses it elsewhere" in diagnostics[1].hint


def test_numbers_and_names_are_left_to_the_details_rule(tmp_path: Path) -> None:
    root = write_story(tmp_path, [("Kim fired 41 times.", [Cite("fired 40 times")])])
    from story.checking.checker import check_path

    codes = sorted(d.code for d in check_path(root).diagnostics)
    assert codes == ["E501", "E503"]


def test_folded_text_reports_the_line_of_the_word(tmp_path: Path) -> None:
    root = write_story(tmp_path, [("placeholder", [Cite("drove a jeep through the so-called border")])])
    scenes = root / "scenes.yaml"
    scenes.write_text(
        scenes.read_text().replace(
            'text: "placeholder"',
            "text: >-\n          He drove a jeep through the\n          so-called border, crying.",
        )
    )
    assert found(faithful(root)) == [("E701", *where(root, "crying"))]


def test_titles_and_choices_are_checked_with_navigation_verbs_allowed(tmp_path: Path) -> None:
    extra = """\
  - id: b
    title: The wheels
    passages:
      - text: One of the wheels came loose.
        cite: [{source: "004", quote: one of the the wheels came loose}]
    ending: true
"""
    root = write_story(tmp_path, [("He drove a jeep.", [Cite("drove a jeep")])], title="A daring drive", extra=extra)
    scenes = root / "scenes.yaml"
    text = scenes.read_text().replace(
        "    ending: true\n  - id: b",
        "    choices:\n      - {label: Read about the loose wheel, target: b}\n  - id: b",
        1,
    )
    scenes.write_text(text)
    assert found(faithful(root)) == [("E701", *where(root, "daring"))]


def test_vocabulary_allows_neutral_words_in_every_form(tmp_path: Path) -> None:
    passage = [("The article says he drove a jeep.", [Cite("drove a jeep")])]
    bare = write_story(tmp_path / "bare", passage)
    assert [d.message.split("'")[1] for d in faithful(bare)] == ["article", "says"]
    allowed = write_story(tmp_path / "allowed", passage, vocabulary=["articles", "say"])
    assert faithful(allowed) == []


@pytest.mark.parametrize(
    ("entry", "code", "why"),
    [
        ("Monday", "E704", "date"),
        ("forty", "E704", "number"),
        ("Seoul", "E704", "name"),
        ("not", "E704", "negation"),
        ("land mine", "E704", "single word"),
        ("the", "W705", "function word"),
        ("later", "W705", "never needed"),
    ],
)
def test_vocabulary_entries_that_carry_facts_or_are_not_needed(tmp_path: Path, entry: str, code: str, why: str) -> None:
    root = write_story(tmp_path, [("He drove a jeep.", [Cite("drove a jeep")])], vocabulary=[entry])
    diagnostics = faithful(root)
    assert [d.code for d in diagnostics] == [code]
    assert why in diagnostics[0].message
    assert diagnostics[0].pos.file.endswith("story.yaml") and diagnostics[0].pos.line == 7


def test_vocabulary_listing_one_word_twice_is_a_warning(tmp_path: Path) -> None:
    root = write_story(
        tmp_path,
        [("The article says he drove a jeep.", [Cite("drove a jeep")])],
        vocabulary=["article", "say", "articles"],
    )
    assert [(d.code, "articles" in d.message) for d in faithful(root)] == [("W705", True)]


def cite(quote: str) -> Cite:
    """A citation of whichever article holds the quote."""
    return Cite(quote, "000" if quote in ARTICLE_000 else "004")


ARTICLE_000 = (ROOT / "seeds" / "000_e9370be8ceca53e7.txt").read_text(encoding="utf-8")


# -- E702 -----------------------------------------------------------------------------------

MILITARY = "According to the South Korean military, he then exited the vehicle and ran toward the border crossing"
EXITED = "he then exited the vehicle and ran toward the border crossing"


def test_dropped_attribution_shows_the_articles_wording(tmp_path: Path) -> None:
    root = write_story(tmp_path, [("He then exited the vehicle and ran toward the border crossing.", [Cite(EXITED)])])
    diagnostics = faithful(root)
    assert found(diagnostics) == [("E702", *where(root, "He"))]
    assert diagnostics[0].message.endswith('attribution of a claim it cites: "According to the South Korean military"')
    assert diagnostics[0].related[0].startswith('article 004, line 27: "According to the South Korean military, he')


def test_kept_attribution_passes(tmp_path: Path) -> None:
    root = write_story(tmp_path, [(MILITARY + ".", [Cite(MILITARY)])])
    assert faithful(root) == []


def test_attribution_the_quotes_do_not_give_does_not_count(tmp_path: Path) -> None:
    """ "The article says" keeps no attribution: it drops who the article says it is from."""
    root = write_story(
        tmp_path,
        [("The article says he then exited the vehicle and ran toward the border crossing.", [Cite(EXITED)])],
        vocabulary=["article", "say"],
    )
    assert [d.code for d in faithful(root)] == ["E702"]


def test_claim_split_over_two_sentences_keeps_one_attribution(tmp_path: Path) -> None:
    text = "According to the South Korean military, he then exited the vehicle. He ran toward the border crossing."
    assert faithful(write_story(tmp_path, [(text, [Cite(MILITARY)])])) == []


def test_attribution_in_another_sentence_does_not_cover_the_claim(tmp_path: Path) -> None:
    text = (
        "According to CCTV footage of the scene, four officials chased their defecting comrade. "
        "He then exited the vehicle and ran toward the border crossing."
    )
    cites = [
        Cite("Four officials chased their defecting comrade"),
        Cite("according to CCTV footage of the scene"),
        Cite(EXITED),
    ]
    root = write_story(tmp_path, [(text, cites)])
    assert found(faithful(root)) == [("E702", *where(root, "He"))]


@pytest.mark.parametrize(
    ("text", "quotes", "codes"),
    [
        # Direct speech: the doctor's words are attributed, the airlift in the same sentence is not.
        (
            "He was airlifted to the Ajou University Medical Center.",
            ["He was airlifted to the Ajou University Medical Center"],
            [],
        ),
        (
            "(We) will have to ride out the crucial moments.",
            ["(We) will have to ride out the crucial moments"],
            ["E702"],
        ),
        (
            'Doctor Lee Cook-jong told the local press: "(We) will have to ride out the crucial moments."',
            ["doctor Lee Cook-jong told the local press", "(We) will have to ride out the crucial moments"],
            [],
        ),
        # The attribution's own words are no reported claim.
        (
            "Suh Wook is chief director of operations at South Korea's Joint Chiefs of Staff.",
            ["Suh Wook, chief director of operations at South Korea's Joint Chiefs of Staff"],
            [],
        ),
        ("Song Young-moo is the Defense Minister.", ["Defense Minister Song Young-moo"], []),
        # A contrast starts a statement in the article's own voice.
        (
            "It was not immediately clear if he was hit multiple times.",
            ["it was not immediately clear if he was hit multiple times"],
            [],
        ),
        (
            "He was wounded in the elbow and shoulder.",
            ["the North Korean soldier was wounded in the elbow and shoulder"],
            ["E702"],
        ),
        (
            "Reports indicate he was wounded in the elbow and shoulder.",
            ["Reports indicate the North Korean soldier was wounded in the elbow and shoulder"],
            [],
        ),
        # "reportedly" covers its clause only.
        ("The dynamic of the defection is becoming clearer.", ["The dynamic of the defection is becoming clearer"], []),
        ("South Korean lawmakers were impressed.", ["South Korean lawmakers reportedly impressed"], ["E702"]),
    ],
)
def test_what_the_article_attributes(tmp_path: Path, text: str, quotes: list[str], codes: list[str]) -> None:
    root = write_story(tmp_path, [(text, [cite(q) for q in quotes])])
    assert [d.code for d in faithful(root) if d.code == "E702"] == codes


# -- E703 -----------------------------------------------------------------------------------


def test_dropped_hedge_shows_the_articles_wording(tmp_path: Path) -> None:
    root = write_story(
        tmp_path, [("He drove a jeep. He was a soldier.", [Cite("drove a jeep"), Cite("to be a soldier")])]
    )
    diagnostics = faithful(root)
    assert found(diagnostics) == [("E703", *where(root, "He", 1))]
    assert diagnostics[0].message.endswith('what the article hedges: "he is presumed to be a soldier"')
    assert diagnostics[0].related[0].startswith('article 004, line 25: "The man, whose name')


@pytest.mark.parametrize(
    ("text", "quotes", "codes"),
    [
        ("He is presumed to be a soldier.", ["he is presumed to be a soldier"], []),
        # A hedge inside the quoted words is read from the alignment (E707), one around them by E703.
        ("He is a soldier.", ["he is presumed to be a soldier"], ["E707"]),
        ("He is a soldier.", ["to be a soldier"], ["E703"]),
        # The drive is not what the article presumes.
        (
            'He drove a jeep through the so-called border "peace village" of Panmunjom.',
            ['drove a jeep through the so-called border "peace village" of Panmunjom'],
            [],
        ),
        (
            "His name, provenience and intentions are disclosed.",
            ["whose name, provenience and intentions are yet to be established or publicly disclosed"],
            ["E707"],
        ),
        (
            "His name, provenience and intentions are yet to be established or publicly disclosed.",
            ["whose name, provenience and intentions are yet to be established or publicly disclosed"],
            [],
        ),
        # A modal hedges the words right after it, not a fact further on.
        (
            "The armistice was signed in 1953 to end the Korean War.",
            ["the armistice signed in 1953 to end the Korean War"],
            [],
        ),
        ("They violated one of the terms.", ["they would have violated one of the terms"], ["E707"]),
        ("They would have violated one of the terms.", ["they would have violated one of the terms"], []),
        (
            "North Korea fired shots inside the South Korean side.",
            ["If North Korea fired shots inside the South Korean side"],
            ["E707"],
        ),
        # "not immediately clear" around the quote, and "if" inside it: the alignment shows the
        # "if" left out, which says it once.
        ("He was hit multiple times.", ["if he was hit multiple times"], ["E707"]),
        # "as the soldier fled" is outside what was not clear.
        ("The soldier fled toward freedom.", ["the soldier fled toward freedom"], []),
        ("He ran under a hail of bullets.", ["ran toward the border crossing under a hail of bullets"], ["E702"]),
    ],
)
def test_what_the_article_hedges(tmp_path: Path, text: str, quotes: list[str], codes: list[str]) -> None:
    root = write_story(tmp_path, [(text, [cite(q) for q in quotes])])
    assert [d.code for d in faithful(root) if d.code in ("E702", "E703", "E707")] == codes


def test_questions_options_and_titles_need_no_attribution_or_hedge(tmp_path: Path) -> None:
    extra = """\
    checkpoint:
      question: What did he exit?
      options:
        - text: He exited the vehicle
          correct: true
          cite: [{source: "004", quote: he then exited the vehicle}]
        - text: He is a soldier
          cite: [{source: "004", quote: he is presumed to be a soldier}]
      explanation:
        text: According to the South Korean military, he then exited the vehicle.
        cite: [{source: "004", quote: "According to the South Korean military, he then exited the vehicle"}]
"""
    root = write_story(tmp_path, [(MILITARY + ".", [Cite(MILITARY)])], title="He exited the vehicle")
    scenes = root / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("    ending: true\n", "    ending: true\n" + extra))
    assert faithful(root) == []


def test_every_kind_of_visible_text_has_a_decision(tmp_path: Path) -> None:
    bundled = ROOT / "scenes"
    story, _, _ = load_story(bundled)
    assert story is not None
    kinds = {what for _, _, what in visible_texts(story)}
    kinds |= {"story title", "fact title", "account", "unknown", "glossary term", "glossary definition"}
    decided = [TITLE_KINDS, QUESTION_KINDS, CLAIM_KINDS]
    for kind in kinds:
        assert sum(kind in group for group in decided) == 1, kind


def test_scopes_of_a_sentence_with_speech() -> None:
    sentence = (
        'He was airlifted to the hospital where doctor Lee told the local press: "(We) will have to ride it out."'
    )
    scopes = sentence_scopes(sentence)
    assert [(s.kind, s.marker, sentence[s.start : s.end]) for s in scopes] == [
        ("attribution", "doctor Lee told the local press", '"(We) will have to ride it out."')
    ]


def test_the_articles_own_sentences_pass_every_rule(tmp_path: Path) -> None:
    """A passage that repeats a whole sentence of an article, citing it, is faithful by definition."""
    story, _, _ = load_story(write_story(tmp_path / "probe", [("He drove a jeep.", [Cite("drove a jeep")])]))
    assert story is not None
    passages = [(s.text, [Cite(s.text, source.id)]) for source in story.sources.values() for s in source.sentences]
    root = write_story(tmp_path / "articles", passages)
    assert [d.render() for d in faithful(root)] == []


def test_each_hedged_claim_keeps_its_own_hedge(tmp_path: Path) -> None:
    """Two claims from one article sentence, each hedged there: a hedge on one does not cover the other."""
    quote = (
        "this would be the first time the North fired shots into the South Korean side of the JSA, but the South "
        "Korean military officials said a probe was needed"
    )
    probe = "The South Korean military officials said a probe was needed."
    kept = f"This would be the first time the North fired shots. {probe}"
    dropped = f"This is the first time the North fired shots. {probe}"
    hedge = ("E703", "E707")  # the hedge is inside the quoted words, so the alignment reads it (E707)
    assert [d.code for d in faithful(write_story(tmp_path / "kept", [(kept, [Cite(quote)])])) if d.code in hedge] == []
    root = write_story(tmp_path / "dropped", [(dropped, [Cite(quote)])])
    assert found([d for d in faithful(root) if d.code in hedge]) == [("E707", *where(root, "first", 1))]
