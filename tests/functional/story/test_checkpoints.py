"""Checkpoints that teach: fair to both articles, never repeated, never giving the answer away.

- A checkpoint never marks as wrong what the other article reports about the same thing: a wrong
  option cites only articles a right option cites too, unless the question asks which article
  says what (its options are the articles, by their labels, each citing its own article).
- No question is asked twice in the whole story (the short tour has questions of its own).
- No option's footnote markers give the answer away: every option cites as many quotes.
"""

from __future__ import annotations

import re

import pytest

from story.core.model import Checkpoint, Scene, Story
from story.core.paths import bundled_story
from story.loading.loader import load_story

from .walks import first_choices, labels


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, diagnostics, _ = load_story(bundled_story())
    assert loaded is not None, [str(d) for d in diagnostics]
    return loaded


def checkpoints(story: Story) -> list[tuple[Scene, Checkpoint]]:
    return [(scene, scene.checkpoint) for scene in story.scenes.values() if scene.checkpoint]


def names_an_article(story: Story, text: str) -> str | None:
    """The source id of the article a text names by its label, if it names one."""
    for source_id, label in labels(story).items():
        if re.search(rf"\b{re.escape(label)}\b", text):
            return source_id
    return None


def asks_which_article(story: Story, checkpoint: Checkpoint) -> bool:
    """Whether the question asks which article says what: every option is an article's label."""
    return all(option.text.value.strip('"') in labels(story).values() for option in checkpoint.options)


def normalised(question: str) -> str:
    return " ".join(re.findall(r"[a-z0-9,']+", question.lower()))


# -- fair to both articles -----------------------------------------------------------------


def test_no_wrong_option_is_the_other_articles_account(story: Story) -> None:
    for scene, checkpoint in checkpoints(story):
        if asks_which_article(story, checkpoint):
            continue
        right = {c.source for option in checkpoint.options if option.correct for c in option.cite}
        for option in checkpoint.options:
            if not option.correct:
                other = {c.source for c in option.cite} - right
                assert not other, f"{scene.id}: {option.text.value!r} cites {other}, which no right option cites"


def test_which_article_questions_name_the_articles_and_cite_each(story: Story) -> None:
    asked = [(scene, cp) for scene, cp in checkpoints(story) if asks_which_article(story, cp)]
    assert len(asked) >= 4, "the disagreements are asked as which article says what"
    for scene, checkpoint in asked:
        assert "article" in checkpoint.question.value, scene.id
        named = [names_an_article(story, option.text.value) or "" for option in checkpoint.options]
        assert sorted(named) == sorted(labels(story)), f"{scene.id}: one option per article"
        for option, source_id in zip(checkpoint.options, named, strict=True):
            assert {c.source for c in option.cite} == {source_id}, f"{scene.id}: {option.text.value} cites it"
        assert sum(option.correct for option in checkpoint.options) == 1
        assert {c.source for c in checkpoint.explanation.cite} == set(labels(story)), "both accounts explained"


def test_a_disagreement_asked_about_shows_both_accounts(story: Story) -> None:
    """Where several options are right (each article's account), the explanation gives both."""
    both = [(scene, cp) for scene, cp in checkpoints(story) if sum(o.correct for o in cp.options) > 1]
    assert both, "at least one question accepts either article's account"
    for scene, checkpoint in both:
        sources = [{c.source for c in option.cite} for option in checkpoint.options if option.correct]
        assert len(set().union(*sources)) == len(sources), f"{scene.id}: one right account per article"
        assert set().union(*sources) <= {c.source for c in checkpoint.explanation.cite}


def test_questions_never_name_an_article_by_a_detail_in_it(story: Story) -> None:
    for scene, checkpoint in checkpoints(story):
        question = checkpoint.question.value
        assert not re.search(r"\bthe article (with|where|that)\b", question, re.IGNORECASE), scene.id
        named = names_an_article(story, question)
        if named is not None:
            assert named in {c.source for c in checkpoint.explanation.cite}, scene.id


def test_both_articles_are_asked_about(story: Story) -> None:
    sources = {c.source for _, cp in checkpoints(story) for c in cp.explanation.cite}
    assert sources == set(story.sources)


# -- never repeated, never given away --------------------------------------------------------


def test_no_question_is_asked_twice(story: Story) -> None:
    questions = [normalised(cp.question.value) for _, cp in checkpoints(story)]
    assert len(questions) == len(set(questions)), sorted(q for q in questions if questions.count(q) > 1)


def test_the_short_tour_asks_nothing_the_full_walk_asks(story: Story) -> None:
    full, short = first_choices(story, 0), first_choices(story, 1)
    asked = {
        path: {normalised(cp.question.value) for s in scenes if (cp := story.scenes[s].checkpoint)}
        for path, scenes in (("full", full), ("short", short))
    }
    assert len(asked["full"]) >= 12 and len(asked["short"]) >= 3
    assert not asked["full"] & asked["short"]


def test_every_option_cites_as_many_quotes(story: Story) -> None:
    for scene, checkpoint in checkpoints(story):
        counts = {len(option.cite) for option in checkpoint.options}
        assert counts == {1}, f"{scene.id}: options cite {counts} quotes"
