"""Playing the bundled story's web page with the keyboard, as a reader would."""

from __future__ import annotations

import pytest

from story.core.model import Story
from story.core.options import feedback
from story.core.progress import Progress
from story.core.queries import reading_place
from story.render.plain_lines import entry_called

from .conftest import PHONE
from .pages import WebPage, expected_notes, expected_passages, option_order, path_to


def _answer(page: WebPage, story: Story, right: bool | None = None) -> tuple[int, list[int]]:
    """Answer the question on screen by its number key (a right or a wrong option, or the first)."""
    scene = story.scenes[page.scene_id]
    assert scene.checkpoint is not None
    order = option_order(scene, page.picks)
    place = 0
    if right is not None:
        place = next(n for n, index in enumerate(order) if scene.checkpoint.is_right(index) == right)
    page.press(str(place + 1))
    return order[place], order


@pytest.mark.parametrize("ending", ["summing-up", "tour-end"])
def test_walks_to_each_ending_with_the_keyboard_showing_the_terminals_text(
    open_page, bundled: Story, bundled_html: str, ending: str
) -> None:
    assert {scene.id for scene in bundled.endings} == {"summing-up", "tour-end"}
    page = open_page(bundled_html)
    read: list[str] = []
    for step in [*path_to(bundled, ending), None]:
        scene = bundled.scenes[page.scene_id]
        read.append(scene.id)
        assert page.title == " ".join(scene.title.value.split())
        number, of = reading_place(bundled, scene.id, read)
        assert page.place.startswith(f"scene {number} of {of}")
        order = list(range(len(scene.checkpoint.options))) if scene.checkpoint else []
        if scene.checkpoint is not None:
            order = option_order(scene, page.picks)
            assert page.texts("#scene .passage") == expected_passages(bundled, scene, False, order)
            answered, order = _answer(page, bundled)
        assert page.texts("#scene .passage") == expected_passages(bundled, scene, scene.checkpoint is not None, order)
        assert page.texts("#scene .notes li") == expected_notes(bundled, scene, scene.checkpoint is not None, order)
        if step is None:
            break
        assert page.picks == [" ".join(choice.label.value.split()) for choice in scene.choices]
        page.press(str(step + 1))
        assert page.focused == "h2#scene-title", "the focus moves to the new scene"
    assert page.scene_id == ending
    assert page.place.endswith("end")
    assert page.picks == ["Start again from the beginning"]
    asked = sum(bundled.scenes[scene_id].checkpoint is not None for scene_id in read)
    if asked:
        summary = page.text("#scene .summary h3")
        assert summary.startswith("Your answers: ") and summary.endswith(f" of {asked} right")
    else:
        assert page.page.locator("#scene .summary").count() == 0, "no answers, no summary"
    page.press("1")
    assert page.scene_id == bundled.start and "answers right" not in page.place


def _walk(page: WebPage, story: Story, goal: str) -> None:
    """Go to a scene by its number keys, answering each question on the way rightly."""
    for step in path_to(story, goal):
        if story.scenes[page.scene_id].checkpoint is not None:
            _answer(page, story, right=True)
        page.press(str(step + 1))
    assert page.scene_id == goal


def test_a_checkpoint_answered_wrong_then_right(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    _walk(page, bundled, "wheel-and-run")
    assert "1/1 answers right" in page.place
    scene = bundled.scenes["wheel-and-run"]
    assert scene.checkpoint is not None
    assert page.text("#scene .checkpoint .hint") == "Answer with a number key, or pick an answer below."
    wrong, order = _answer(page, bundled, right=False)
    verdict = feedback(scene.checkpoint, wrong, order)
    assert verdict.startswith("Not quite: the answer is ")
    assert page.text("#scene .verdict") == verdict
    assert page.says(verdict + " " + " ".join(scene.checkpoint.explanation.text.value.split()))
    assert "\u2190 your answer" in page.texts("#scene .answered li")[order.index(wrong)]
    # the feedback quotes the article: the explanation's quotes, with their labels
    quotes = page.texts("#scene .because li")
    assert quotes and all(quote.endswith("\u2014 Hail of Bullets") for quote in quotes)
    # a first answer counts: the number keys now take the choices
    assert page.picks == [" ".join(choice.label.value.split()) for choice in scene.choices]
    assert "1/2 answers right" in page.place
    shots = next(n for n, choice in enumerate(scene.choices) if choice.target == "the-shots")
    page.press(str(shots + 1))
    checkpoint = bundled.scenes["the-shots"].checkpoint
    assert page.scene_id == "the-shots" and checkpoint is not None
    right, order = _answer(page, bundled, right=True)
    assert page.text("#scene .verdict") == feedback(checkpoint, right, order) == "Right."
    assert "2/3 answers right" in page.place


def test_where_the_articles_disagree_both_accounts_count(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    _walk(page, bundled, "where-found")
    scene = bundled.scenes["where-found"]
    assert scene.checkpoint is not None and len(scene.checkpoint.right) == 2
    answered, order = _answer(page, bundled, right=True)
    verdict = page.text("#scene .verdict")
    assert verdict == feedback(scene.checkpoint, answered, order)
    assert verdict.startswith("Right. The articles give different accounts here, and both count: ")
    rights = [line for line in page.texts("#scene .answered li") if line.startswith("\u2713")]
    assert len(rights) == 2 and all(" \u2014 " in line for line in rights), "each names its article"


def test_options_keep_one_order_per_reader_and_differ_between_readers(
    open_page, bundled: Story, bundled_html: str
) -> None:
    page = open_page(bundled_html)
    orders = set()
    for reader in range(6):
        page.page.evaluate("() => localStorage.clear()")
        page.page.reload()  # a new reader in this browser: a new seed
        page.press("1", "1")  # the map, then the border: three options
        assert page.scene_id == "the-border"
        first = page.picks
        page.press("b", "1")
        assert page.picks == first, "the same after going back"
        if reader == 0:
            page.page.reload()
            assert page.picks == first, "the same after a reload"
            page.press("r", "y", "1", "1")
            assert page.picks == first, "the same after a restart"
        orders.add(tuple(first))
    assert len(orders) > 1, "six readers do not all see one order"


def test_a_footnote_opens_its_article_with_the_quote_highlighted(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    page.press("1")
    scene = bundled.scenes[page.scene_id]
    notes = expected_notes(bundled, scene, False, [])
    page.page.locator("#scene .passage .marker").nth(1).click()
    assert page.dialog() == "source"
    assert page.text("#source-status").startswith(f"footnote [2] \u00b7 2 of {len(notes)} \u00b7 line ")
    quote = notes[1].split("\u201c", 1)[1].rsplit("\u201d", 1)[0]
    assert " ".join(page.texts("#article mark")) == quote
    assert page.focused == "mark", "the highlight has the focus, for a screen reader to read"
    page.press("n")
    assert page.text("#source-status").startswith(f"footnote [3] \u00b7 3 of {len(notes)}")
    page.press("p", "p")
    assert page.text("#source-status").startswith(f"footnote [1] \u00b7 1 of {len(notes)}")
    assert page.texts("#article mark")
    assert "How the text was made from this quote" in page.text("#source-proof")
    page.press("Escape")
    assert page.dialog() is None
    assert page.focused == "button.marker", "the focus goes back where it was"
    page.page.locator("#scene .notes button").nth(2).focus()
    page.press("s")
    assert page.text("#source-status").startswith("footnote [3]"), "s opens the footnote with the focus"


def test_keyboard_only_back_history_facts_help_and_restart(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html, viewport=PHONE)
    page.press("1", "2")  # the map, the drive
    assert page.scene_id == "the-drive"
    assert "new in Facts (f)" in page.place, "a narrow screen folds the panel and says what is new"
    progress = Progress(bundled)
    progress.choose(0)
    progress.choose(1)
    page.press("f")
    assert page.page.locator("#facts").is_visible()
    assert page.text("#facts-count").startswith(f"{len(progress.unlocked)} of ")
    assert "new in Facts" not in page.place
    kinds = {entry_called(bundled, entry).rsplit("(", 1)[1].rstrip(")") for entry in progress.unlocked}
    sections = {
        "fact": "Facts",
        "where the articles differ": "Where the articles differ",
        "not known": "Not known",
        "glossary": "Glossary",
        "timeline": "Timeline",
    }
    assert set(page.texts("#facts h3")) == {sections[kind] for kind in kinds}
    page.press("Escape")
    assert not page.page.locator("#facts").is_visible()
    page.press("b")
    assert page.scene_id == "map" and page.focused == "h2#scene-title"
    page.press("h")
    assert page.dialog() == "history"
    assert page.texts("#history-list .title") == [
        f"{n}. {bundled.scenes[s].title.value}" for n, s in enumerate(["start", "map", "the-drive", "map"], 1)
    ]
    page.press("ArrowUp", "Enter")
    assert page.dialog() is None and page.scene_id == "the-drive" and page.focused == "h2#scene-title"
    page.press("?")
    assert page.dialog() == "help" and "Next quote" in page.text("#help-body")
    page.press("Escape", "r")
    assert page.dialog() == "confirm"
    page.press("n")
    assert page.dialog() is None and page.scene_id == "the-drive"
    page.press("r", "y")
    assert page.scene_id == bundled.start and page.focused == "h2#scene-title"
    first = "; ".join(entry_called(bundled, entry) for entry, _ in bundled.scenes[bundled.start].unlocks)
    assert page.says(f"Started again from the beginning. New in the fact panel: {first}.")


def test_a_number_key_answers_only_a_question_in_sight(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html, viewport={"width": 390, "height": 500})
    page.press("1", "1")
    assert page.scene_id == "the-border"
    page.page.evaluate("() => window.scrollTo(0, 0)")
    page.press("1")
    assert page.page.locator("#scene .verdict").count() == 0, "the first press brings the answers into sight"
    assert page.says("press the number again")
    page.press("1")
    assert page.page.locator("#scene .verdict").count() == 1


def test_saves_the_shape_the_terminal_player_reads(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    page.press("1", "1")
    _answer(page, bundled)
    page.press("2")
    key = page.page.evaluate("() => JSON.parse(document.getElementById('story-data').textContent).key")
    saved = page.saved(key)
    progress, notes = Progress.from_dict(bundled, saved)
    assert notes == [] and progress.scene.id == page.scene_id
    assert progress.trail == ["start", "map", "the-border", page.scene_id] and len(progress.answers) == 1


def test_the_map_marks_the_places_already_read(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    _walk(page, bundled, "map")
    assert page.texts("#scene .picks .read") == []
    place = bundled.scenes["map"].choices[0].target
    page.press("1")
    assert page.scene_id == place
    if bundled.scenes[place].checkpoint is not None:
        _answer(page, bundled, right=True)
    back = next(n for n, choice in enumerate(bundled.scenes[place].choices) if choice.target == "map")
    page.press(str(back + 1))
    assert page.scene_id == "map"
    marks = page.texts("#scene .picks li")
    assert "\u2713 read" in marks[0] and not any("\u2713 read" in mark for mark in marks[1:])
