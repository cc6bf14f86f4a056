"""The fact panel (disagreements side by side, unknowns, a glossary that defines, a timeline) and
the story's voice (the articles named by their labels, attributions and titles kept)."""

from __future__ import annotations

import re

import pytest

from story.core.model import Story
from story.core.paths import bundled_story
from story.core.queries import visible_texts
from story.loading.loader import load_story

from .walks import first_choices, labels


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, diagnostics, _ = load_story(bundled_story())
    assert loaded is not None, [str(d) for d in diagnostics]
    return loaded


def _visible(story: Story) -> list[str]:
    return [text.value for text, _, _ in visible_texts(story)]


# -- the fact panel ----------------------------------------------------------------------

DISAGREEMENTS = [
    "who-he-was",
    "his-wounds",
    "where-he-was-found",
    "who-rescued-him",
    "fire-into-the-south",
    "defectors-each-year",
    "previous-crossings",
    "town-or-village",
]


@pytest.mark.parametrize("fact_id", DISAGREEMENTS)
def test_each_disagreement_has_one_account_per_article(story: Story, fact_id: str) -> None:
    fact = story.facts[fact_id]
    assert [account.sources for account in fact.accounts] == [["000"], ["004"]]


def test_every_disputed_fact_is_a_listed_disagreement(story: Story) -> None:
    assert sorted(f.id for f in story.facts.values() if f.disputed) == sorted(DISAGREEMENTS)


def test_both_paths_show_the_main_disagreements(story: Story) -> None:
    main = {"his-wounds", "where-he-was-found", "who-rescued-him", "fire-into-the-south", "defectors-each-year"}
    for start_choice in (0, 1):
        path = first_choices(story, start_choice)
        unlocked = {e for s in path for e, _ in story.scenes[s].unlocks}
        assert main <= unlocked, (start_choice, main - unlocked)


def test_unknowns_keep_the_articles_hedges(story: Story) -> None:
    hedges = ("yet to", "not immediately clear", "probe was needed", "would", "if ")
    assert len(story.unknowns) >= 4
    for unknown in story.unknowns.values():
        assert any(h in unknown.text.text.value for h in hedges), unknown.id


def test_glossary_entries_define_their_term(story: Story) -> None:
    """A definition names its term and says what or where it is; it does not retell who said what."""
    assert {term.term.value for term in story.glossary.values()} >= {
        "DMZ", "JSA", "Armistice", "Panmunjom", "Yonhap", "Ajou University Medical Center",
    }  # fmt: skip
    for term in story.glossary.values():
        definition = term.text.text.value
        assert term.term.value.lower() in definition.lower(), term.id
        assert not re.search(r"\b(said|told|reported|according to|chased|airlifted)\b", definition), term.id


def test_timeline_runs_in_order_in_the_articles_time_words(story: Story) -> None:
    assert [m.when.value for m in story.timeline] == [
        "1953", "1998", "2007", "As recently as June", "Monday", "Tuesday", "Over the next 10 days",
    ]  # fmt: skip


# -- which article says what -------------------------------------------------------------


def test_the_articles_have_their_reader_labels(story: Story) -> None:
    assert labels(story) == {"000": "Shot and wounded", "004": "Hail of Bullets"}


def test_no_text_says_an_article_without_naming_it(story: Story) -> None:
    vague = re.compile(r"\b(an|one|the other|that|another) article\b|\bthe article with\b", re.IGNORECASE)
    for text in _visible(story):
        assert not vague.search(text), text


def test_a_sentence_that_names_an_article_cites_it(story: Story) -> None:
    named = 0
    for text, cites, what in visible_texts(story):
        for sentence in re.split(r"(?<=[.?!])\s+", text.value):
            for source_id, label in labels(story).items():
                if f'"{label}"' in sentence and what != "option":
                    named += 1
                    assert any(c.source == source_id for c in cites or []), (what, sentence)
    assert named >= 30, "the narration names the articles where it contrasts them"


def test_narration_does_not_open_every_sentence_the_same_way(story: Story) -> None:
    """Read aloud, "In ..., ... In ..., ..." is scaffolding: the openings vary."""
    openings = []
    for scene in story.scenes.values():
        for passage in scene.passages:
            openings += [s.split(",")[0] for s in re.split(r"(?<=[.?!])\s+", passage.text.value) if s]
    by_label = [o for o in openings if any(o == f'In "{label}"' for label in labels(story).values())]
    assert len(by_label) <= len(openings) // 5, f"{len(by_label)} of {len(openings)} sentences open with In ..."


# -- voice -------------------------------------------------------------------------------


def test_no_second_person(story: Story) -> None:
    for text in _visible(story):
        assert not re.search(r"\b(you|your|yours|yourself)\b", text, re.I), text


def test_quoted_people_keep_their_titles(story: Story) -> None:
    texts = " ".join(_visible(story))
    assert "South Korean Army General Suh Wook, chief director of operations" in texts
    assert "Defense Minister Song Young-moo" in texts
    assert "doctor Lee Cook-jong" in texts.replace("Doctor Lee", "doctor Lee")
    # Every mention of Suh Wook in narration carries his title; a question may name him short.
    narration = " ".join(p.text.value for s in story.scenes.values() for p in s.passages)
    assert narration.count("Suh Wook") == len(re.findall(r"Suh Wook, chief director|General Suh Wook", narration))


@pytest.mark.parametrize(
    "attribution",
    ["according to the South Korean military", "Reports indicate", "according to CCTV footage",
     "told the media", "quoted in the Korea Herald", "as quoted by Reuters", "Yonhap reported",
     "told the local press", "reportedly"],
)  # fmt: skip
def test_every_attribution_is_kept(story: Story, attribution: str) -> None:
    texts = " ".join(p.text.value for s in story.scenes.values() for p in s.passages)
    assert attribution.lower() in texts.lower()


def test_the_article_that_notes_changed_reports_says_so(story: Story) -> None:
    texts = [p.text.value for s in story.scenes.values() for p in s.passages]
    assert any("contrary to earlier reports" in t.lower() for t in texts)
