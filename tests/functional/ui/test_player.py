"""The player, driven with Pilot: what a reader does, and what the screen then holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import OptionList, Static

from story.core.reader import RESTART, START_AGAIN, STAY
from story.ui.app import StoryApp, make_app
from story.ui.facts import FactPanel
from story.ui.help import HelpScreen
from story.ui.history import HistoryScreen
from story.ui.look import QUESTION
from story.ui.palette import StoryCommands
from story.ui.player import PlayerScreen, StoryBar
from story.ui.problems import ProblemsPanel
from story.ui.scene import SceneView
from story.ui.source import HIGHLIGHT, SourceScreen

from .helpers import (
    SEED,
    SIZE,
    checkpoint,
    choices,
    fact_ids,
    find_on_screen,
    footnotes,
    passages,
    rendered_lines,
    scene,
    settle,
    text_of,
    tiny_app,
    title,
    wait_until,
)
from .tiny import TINY, copy_tiny, edit

# -- the scene view ---------------------------------------------------------------------------


async def test_first_scene_shows_narration_markers_choices_and_footnotes() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert title(app) == "A soldier crosses"
        assert "on Monday. [1]" in passages(app)
        assert "rather rare. [2]" in passages(app)
        assert choices(app) == ["1  Follow the chase", "2  Follow the rescue"]
        notes = footnotes(app)
        assert len(notes) == 2
        assert notes[0].startswith("[1] \u201cA North Korean soldier was shot")
        assert notes[0].endswith("\u2014 Shot and wounded"), "the article by its label, never its id"
        assert "scene 1 of 4" in text_of(app.player.query_one(StoryBar))
        assert app.focused is scene(app) and scene(app).cursor == 0


async def test_number_keys_enter_and_clicks_pick_choices() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert app.progress is not None and app.progress.scene.id == "rescue"
        assert title(app) == "The rescue"
        await pilot.press("enter")
        assert app.progress.scene.id == "hospital"
        # An ending offers to start again.
        assert choices(app) == ["1  Start again from the beginning"]
        await pilot.press("b", "b")
        assert app.progress.scene.id == "crossing"
        x, y = find_on_screen(scene(app), "Follow the chase")
        await pilot.click(SceneView, offset=(x, y))
        await settle(pilot)
        assert app.progress.scene.id == "chase"


async def test_arrow_keys_move_the_highlight() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert app.progress is not None and app.progress.scene.id == "rescue"


async def test_a_number_with_no_choice_does_nothing() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7")
        assert app.progress is not None and app.progress.trail == ["crossing"]


async def test_back_rolls_back_one_step() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "1")
        assert app.progress is not None and app.progress.trail == ["crossing", "rescue", "hospital"]
        await pilot.press("left")
        assert app.progress.scene.id == "rescue"
        await pilot.press("backspace")
        assert app.progress.scene.id == "crossing"
        assert title(app) == "A soldier crosses"
        await pilot.press("b")  # at the start: nothing to go back to, and no crash
        assert app.progress.trail == ["crossing"]


# -- footnotes and the source view -----------------------------------------------------------


def highlighted_text(screen: SourceScreen) -> str:
    """The text the source view highlights."""
    found = []
    for paragraph in screen.query(".paragraph"):
        content = paragraph.visual  # type: ignore[attr-defined]
        for span in content.spans:
            if span.style == HIGHLIGHT:
                found.append(content.plain[span.start : span.end])
    return " ".join(found)


def styled_words(visual: object, style: str) -> list[str]:
    """The words of the source view's proof that carry a style, but for its last line (the legend)."""
    assert isinstance(visual, Content)
    content = visual
    legend = content.plain.rindex("\n")
    return [content.plain[s.start : s.end] for s in content.spans if style in str(s.style) and s.end <= legend]


async def test_the_source_view_shows_how_the_text_was_made_from_the_quote() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        proof = app.screen.query_one("#source-proof", Static)
        text = text_of(proof)
        assert "How the text was made from this quote:" in text
        assert "on screen  A North Korean soldier was shot and wounded" in text
        assert styled_words(proof.visual, "strike") == []  # the passage keeps every word of its quote
        await pilot.press("n")  # the second passage: "Border crossings ... are rather rare."
        await settle(pilot)
        proof = app.screen.query_one("#source-proof", Static)
        assert "the quote  border crossings at the demilitarized zone" in text_of(proof)
        await pilot.press("escape", "1")  # the chase: "according to CCTV footage" from a second quote
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        proof = app.screen.query_one("#source-proof", Static)
        assert "on screen  Four officials chased their defecting comrade" in text_of(proof)
        # The attribution comes from the passage's other quote, so against this one it is added.
        added = styled_words(proof.visual, "underline")
        assert added == ["according", "to", "CCTV", "footage", "of", "the", "scene"]


async def test_s_opens_the_first_footnote_in_its_article() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        assert text_of(screen.query_one("#source-title")) == "Shot and wounded"
        assert "footnote [1] \u00b7 1 of 2 \u00b7 line 1" in text_of(screen.query_one("#source-status"))
        assert highlighted_text(screen).startswith("A North Korean soldier was shot and wounded")
        await pilot.press("n")
        assert (
            highlighted_text(screen)
            == "border crossings at the demilitarized zone directly into South Korea are rather rare"
        )
        await pilot.press("n")  # wraps round
        assert highlighted_text(screen).startswith("A North Korean soldier")
        await pilot.press("p")
        assert "border crossings" in highlighted_text(screen)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)


async def test_source_view_names_the_source_and_scrolls_to_the_passage() -> None:
    app = tiny_app()
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("2")  # the rescue cites a passage far down article 004
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        heading = text_of(screen.query_one("#source-title"))
        assert heading.startswith("Hail of Bullets \u00b7 North Korean Defector Evaded Hail of Bullets")
        await settle(pilot)
        article = screen.query_one("#article")
        assert article.scroll_y > 0
        visible = "\n".join(rendered_lines(article))
        assert "He was rescued by two South Korean" in visible


async def test_enter_on_a_footnote_opens_that_footnote() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        # The arrows go down from the two choices into the footnotes.
        await pilot.press("down", "down", "down")
        assert scene(app).footnote_under_cursor == 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.index == 1
        assert "border crossings" in highlighted_text(app.screen)


async def test_clicking_a_marker_opens_its_footnote() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        x, y = find_on_screen(scene(app), "[2]")
        await pilot.click(SceneView, offset=(x + 1, y))
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.index == 1


async def test_a_quote_missing_from_its_article_is_shown_not_crashed(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(
        root / "scenes.yaml",
        "quote: border crossings at the demilitarized zone",
        "quote: border crossings at the DMZ zone",
    )
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "n")
        await settle(pilot)
        status = text_of(app.screen.query_one("#source-status"))
        assert "this quote is not in the article" in status
        assert highlighted_text(app.screen) == ""  # type: ignore[arg-type]


# -- fact panel --------------------------------------------------------------------------------


async def test_fact_panel_unlocks_entries_as_scenes_are_read() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert fact_ids(app) == ["wounds", "dmz"]
        panel = app.player.query_one(FactPanel)
        assert panel.border_subtitle == "2 of 5 found \u00b7 2 new"
        await pilot.press("1")
        assert fact_ids(app) == ["shots", "wounds", "dmz", "armistice"]
        await pilot.press("b")  # going back forgets nothing
        assert "shots" in fact_ids(app)


async def test_a_disagreement_shows_both_accounts_side_by_side() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.player.query_one(FactPanel)
        lines = rendered_lines(panel)
        header = next(line for line in lines if "Shot and wounded" in line)
        assert "Hail of Bullets" in header  # both articles on one line: side by side
        text = "\n".join(lines)
        assert "WHERE THE ARTICLES DIFFER" in text
        assert "Reports" in text and "blooded" in text


async def test_a_fact_panel_entry_opens_to_its_sources() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.player.query_one(FactPanel)
        panel.focus()
        panel.highlight("wounds")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourceScreen)
        assert [mark.source_id for mark in screen.marks] == ["000", "004"]
        assert highlighted_text(screen).startswith("Reports indicate the North Korean soldier")
        await pilot.press("n")
        await settle(pilot)
        assert text_of(screen.query_one("#source-title")).startswith("Hail of Bullets")
        assert highlighted_text(screen).startswith("blooded from at least five")


# -- checkpoints ----------------------------------------------------------------------------------


async def test_checkpoint_is_answered_with_a_number_and_quotes_the_article() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        assert "How many times did the North Korean army fire? [3]" in checkpoint(app)
        assert choices(app) == ["1  150", "2  40"]  # the reader's own order: "40" is written first
        await pilot.press("1")
        assert app.progress is not None and app.progress.answered() == 1, "recorded as the option written"
        feedback = checkpoint(app)
        assert "\u2717 1. 150" in feedback and "\u2713 2. 40" in feedback, "listed as shown"
        assert "Not quite: the answer is 2." in feedback
        assert "\u201cfired 40 times\u201d \u2014 Hail of Bullets" in feedback  # the article's words
        assert "your answer" in feedback
        assert choices(app) == ["1  Follow the rescue"]
        assert any("collapsing 150 yards" in note for note in footnotes(app))
        assert "0/1 answers right" in text_of(app.player.query_one(StoryBar))


async def test_right_answer_and_first_answer_counts() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2")
        assert "Right." in checkpoint(app)
        await pilot.press("b", "1")  # back, and to the chase again: still answered
        assert app.progress is not None and app.progress.answers == {"chase": 0}
        assert choices(app) == ["1  Follow the rescue"]


# -- navigation ----------------------------------------------------------------------------------


async def test_history_lists_what_was_read_and_jumps_back() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "1", "h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        history = screen.query_one(OptionList)
        prompts = [str(history.get_option_at_index(i).prompt) for i in range(history.option_count)]
        assert [p.splitlines()[0] for p in prompts] == ["1. A soldier crosses", "2. The rescue", "3. Medical treatment"]
        assert "He was rescued by two South Korean soldiers" in prompts[1]
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.progress is not None and app.progress.scene.id == "rescue"


def asked(app: StoryApp) -> bool:
    """Whether the scene asks if the reader wants to start again (in place of its choices)."""
    view = scene(app)
    return [pick.kind for pick in view.picks] == [RESTART, STAY] and QUESTION in "".join(rendered_lines(view))


async def test_restart_asks_first() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "r")
        await settle(pilot)
        assert asked(app) and isinstance(app.screen, PlayerScreen)
        assert scene(app).cursor == 1  # on "No": Enter loses nothing
        await pilot.press("n")
        await settle(pilot)
        assert not asked(app) and app.progress is not None and app.progress.scene.id == "chase"
        assert [pick.kind for pick in scene(app).picks] != [RESTART, STAY]
        await pilot.press("r", "y")
        await settle(pilot)
        assert app.progress.trail == ["crossing"] and app.progress.answers == {}
        assert title(app) == "A soldier crosses"
        assert not asked(app)


async def test_the_question_is_answered_like_any_pick() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "r")
        await settle(pilot)
        await pilot.press("2")  # "No, stay here"
        await settle(pilot)
        assert app.progress is not None and app.progress.scene.id == "chase" and not asked(app)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")  # no, too
        await settle(pilot)
        assert app.progress.scene.id == "chase" and not asked(app)
        await pilot.press("r")
        await settle(pilot)
        before = app.progress.trail[-2]
        await pilot.press("b")  # moving elsewhere drops the question
        await settle(pilot)
        assert app.progress.scene.id == before and not asked(app)
        await pilot.press("y")  # answers nothing now
        await settle(pilot)
        assert app.progress.scene.id == before
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("1")  # "Yes, start again"
        await settle(pilot)
        assert app.progress.trail == ["crossing"] and not asked(app)


async def test_starting_again_is_drawn_in_the_first_frame() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "r")
        await settle(pilot)
        await pilot.pause(0.2)  # the first scene is got ready while the reader reads the question
        frames: list[bool] = []
        display = app._display

        def counted(screen: object, renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if renderable is not None:
                frames.append(any("A soldier crosses" in line for line in rendered_lines(scene(app))))

        app._display = counted  # type: ignore[method-assign]
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause(0.2)
        # One frame shows the first scene; the only other one is the toast that says so.
        assert frames[:1] == [True] and len(frames) <= 2


async def test_ending_offers_to_start_again() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "1")
        assert app.progress is not None and app.progress.finished
        trail = list(app.progress.trail)
        await pilot.press("1")  # the reader's history and answers are not cleared without asking
        await settle(pilot)
        assert asked(app) and app.progress.trail == trail
        await pilot.press("n")
        await settle(pilot)
        assert app.progress.trail == trail and [pick.kind for pick in scene(app).picks] == [START_AGAIN]
        await pilot.press("1", "y")
        await settle(pilot)
        assert app.progress.trail == ["crossing"]


async def test_palette_goes_to_visited_scenes_only() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1", "1")  # crossing, chase (answered), rescue
        provider = StoryCommands(app.screen)
        discovered = [hit.text async for hit in provider.discover()]
        assert discovered == ["Go to: A soldier crosses", "Go to: The chase", "Go to: The rescue"]
        hits = [hit async for hit in provider.search("chase")]
        assert any(hit.text == "Go to: The chase" for hit in hits)
        unread = [hit async for hit in provider.search("Medical treatment")]
        assert not any("Go to: Medical" in (hit.text or "") for hit in unread)
        jump = next(hit for hit in hits if hit.text == "Go to: The chase")
        jump.command()
        await settle(pilot)
        assert app.progress is not None and app.progress.scene.id == "chase"


async def test_palette_searches_scenes_facts_and_articles() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        provider = StoryCommands(app.screen)
        hits = [hit async for hit in provider.search("cctv footage")]
        texts = [str(hit.prompt) for hit in hits]
        assert any(text.startswith("Go to: The chase") for text in texts)
        assert any(text.startswith("Hail of Bullets, line") for text in texts)
        article = next(hit for hit in hits if str(hit.prompt).startswith("Hail of Bullets"))
        article.command()
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert highlighted_text(app.screen) == "CCTV footage"
        # Entries of the fact panel are searched too.
        await pilot.press("escape")
        found = [hit async for hit in provider.search("peninsula")]
        assert any(str(hit.prompt).startswith("Fact panel: DMZ") for hit in found)


async def test_ctrl_p_and_slash_open_the_palette() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CommandPalette"


async def test_help_lists_every_key() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        text = text_of(screen.query_one("#help-text"))
        from story.ui.history import HistoryScreen as History

        for bindings in (PlayerScreen.BINDINGS, SourceScreen.BINDINGS, History.BINDINGS, app.BINDINGS):
            for binding in bindings:
                if binding.description:  # type: ignore[union-attr]
                    assert binding.description in text  # type: ignore[union-attr]
        for key in ("1-9", "?", "ctrl+q", "ctrl+p", "Esc", "Enter"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit(key: str) -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await settle(pilot)
    assert app.return_code == 0


async def test_keys_typed_after_quit_open_nothing() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "s", "h", "question_mark")
    assert app.return_code == 0


# -- saves ------------------------------------------------------------------------------------------


async def test_progress_is_saved_and_resumed(tmp_path: Path) -> None:
    app = tiny_app(save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2")
    assert app.reader.store is not None and app.reader.store.path.exists()
    again = tiny_app(save_dir=tmp_path, seed=SEED + 1)  # a seed for a new reader: the save keeps its own
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.progress is not None
        assert again.progress.scene.id == "chase"
        assert again.progress.answers == {"chase": 0}  # "40", the second shown
        assert again.progress.seed == SEED
        assert title(again) == "The chase"
        assert scene(again).notice is None


async def test_new_starts_over_and_keeps_the_old_save(tmp_path: Path) -> None:
    app = tiny_app(save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
    fresh = make_app(TINY, new=True, save_dir=tmp_path)
    async with fresh.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert fresh.progress is not None and fresh.progress.trail == ["crossing"]
    assert len(list(tmp_path.glob("*.bak"))) == 1


async def test_corrupt_save_is_reported_and_set_aside(tmp_path: Path) -> None:
    app = tiny_app(save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
    assert app.reader.store is not None
    app.reader.store.path.write_text("{ this is not a save", encoding="utf-8")
    again = tiny_app(save_dir=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notice = scene(again).notice
        assert notice is not None and "could not be read" in notice
        assert "could not be read" in "\n".join(rendered_lines(scene(again)))
        assert again.progress is not None and again.progress.trail == ["crossing"]
        await pilot.press("1")  # the notice goes once the player moves on
        assert scene(again).notice is None
    kept = list(tmp_path.glob("*.bak"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ this is not a save"


async def test_save_from_an_edited_story_is_reported(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    saves = tmp_path / "saves"
    app = tiny_app(root, save_dir=saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # the rescue
    edit(root / "scenes.yaml", "  - id: rescue\n", "  - id: the-rescue\n")
    edit(root / "scenes.yaml", "target: rescue", "target: the-rescue")
    edit(root / "scenes.yaml", "target: rescue", "target: the-rescue")
    again = tiny_app(root, save_dir=saves)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.progress is not None and again.progress.scene.id == "crossing"
        assert "no longer has scene(s) rescue" in (scene(again).notice or "")


async def test_an_unwritable_save_folder_is_reported_not_crashed(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the save folder should be", encoding="utf-8")
    app = tiny_app(save_dir=blocker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: any("could not be saved" in n.message for n in app._notifications))
        assert app.progress is not None and app.progress.scene.id == "chase"


# -- looks and sizes ---------------------------------------------------------------------------------


async def test_narrow_terminal_folds_the_fact_panel_behind_a_key() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.player.query_one(FactPanel)
        await settle(pilot)
        assert panel.display and panel.region.width > 0
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert panel.region.width == 0
        await pilot.press("f")
        await settle(pilot)
        assert panel.region.width == 60 and app.focused is panel
        assert app.player.query_one("#scene").region.width == 0
        await pilot.press("escape")
        await settle(pilot)
        assert panel.region.width == 0 and app.focused is scene(app)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert panel.region.width > 0


async def test_f_hides_the_panel_on_a_wide_terminal() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await settle(pilot)
        assert app.player.query_one(FactPanel).region.width == 0
        await pilot.press("f")
        await settle(pilot)
        assert app.player.query_one(FactPanel).region.width > 0


@pytest.mark.parametrize("size", [(40, 12), (20, 6), (80, 24), (160, 50)])
async def test_every_screen_survives_small_and_large_terminals(size: tuple[int, int]) -> None:
    app = tiny_app()
    async with app.run_test(size=size) as pilot:
        for keys in (["1"], ["s"], ["n", "escape"], ["h"], ["escape", "question_mark"], ["escape", "f"], ["f", "1"]):
            await pilot.press(*keys)
            await settle(pilot)
        await pilot.resize_terminal(100, 32)
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        assert app.progress is not None and app.progress.scene.id == "chase"


async def test_resize_keeps_focus_on_something_visible() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        app.player.query_one(FactPanel).focus()
        await pilot.resize_terminal(50, 20)
        await settle(pilot)
        assert app.focused is scene(app)
        await pilot.press("1")
        assert app.progress is not None and app.progress.scene.id == "chase"


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "nord", "solarized-light"])
async def test_themes(theme: str) -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.press("1", "s")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)


async def test_t_toggles_light_and_dark() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light" and not app.current_theme.dark
        await pilot.press("t")
        assert app.theme == "textual-dark"


async def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert app.no_color
        # The cited passage is marked by reverse video, which needs no colour.
        assert "reverse" in HIGHLIGHT and highlighted_text(app.screen)  # type: ignore[arg-type]


# -- untrusted text ---------------------------------------------------------------------------------------

MARKUP = "[bold]not bold[/] and [/] and [@click=app.quit]no action[/] and [smith]"


async def test_markup_looking_text_is_shown_literally_and_is_inert(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    scenes = root / "scenes.yaml"
    edit(scenes, "title: A soldier crosses", 'title: "[/] crosses [b]"')
    edit(
        scenes,
        "      - text: Border crossings at the demilitarized zone directly into South Korea are rather rare.",
        f'      - text: "{MARKUP}"',
    )
    edit(scenes, "label: Follow the chase", 'label: "[@click=app.quit]Follow[/]"')
    edit(root / "panel.yaml", "term: DMZ", 'term: "[red]DMZ[/red]"')
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert title(app) == "[/] crosses [b]"
        assert MARKUP + " [2]" in passages(app)
        assert choices(app)[0] == "1  [@click=app.quit]Follow[/]"
        drawn = "\n".join(rendered_lines(scene(app)))
        assert "[bold]not bold[/]" in drawn and "[@click=app.quit]no" in drawn
        panel = app.player.query_one(FactPanel)
        assert str(panel.prompts["dmz"]).startswith("[red]DMZ[/red]")
        # Story text carries no style and no action: only the markers do.
        content = scene(app).passages
        start = content.plain.index(MARKUP)
        assert not [s for s in content.spans if s.start < start + len(MARKUP) and s.end > start]
        # Clicking the action-looking text does nothing.
        x, y = find_on_screen(scene(app), "[@click=app.quit]")
        await pilot.click(SceneView, offset=(x, y))
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PlayerScreen)
        await pilot.press("1")  # the label looks like an action; it is only a label
        assert app.progress is not None and app.progress.scene.id == "chase"
        await pilot.press("b", "h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)


# -- problems and live reload ----------------------------------------------------------------------------


async def test_check_errors_appear_in_a_panel(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", "quote: fired 40 times", "quote: fired 45 times")
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.player.query_one(ProblemsPanel)
        await wait_until(pilot, lambda: panel.display)
        assert "E201" in text_of(panel.query_one("#problems-text"))
        assert title(app) == "A soldier crosses"  # the story still plays
        await pilot.press("e")
        assert not panel.display
        await pilot.press("e")
        assert panel.display


async def test_a_story_that_cannot_load_shows_why(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "story.yaml", "start: crossing", "start: crossin")
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.player.query_one(ProblemsPanel)
        await wait_until(pilot, lambda: "E403" in text_of(panel.query_one("#problems-text")))
        assert app.progress is None
        assert "cannot be played" in text_of(panel.query_one("#problems-text"))
        await pilot.press("1", "s", "h", "b", "f", "r")  # nothing to act on, nothing breaks
        await settle(pilot)
        # Fixing the file starts the story.
        edit(root / "story.yaml", "start: crossin", "start: crossing")
        await wait_until(pilot, lambda: app.progress is not None and not panel.display)
        assert title(app) == "A soldier crosses"


async def test_live_reload_keeps_the_place(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    scenes = root / "scenes.yaml"
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        assert app.progress is not None and app.progress.scene.id == "chase"
        assert app.progress.answers == {"chase": 1}
        edit(
            scenes,
            "text: The North Korean army fired 40 times.",
            "text: The North Korean army took aim and fired 40 times.",
        )
        await wait_until(pilot, lambda: "took aim and fired" in passages(app))
        assert app.progress.scene.id == "chase" and app.progress.answers == {"chase": 1}
        assert app.progress.trail == ["crossing", "chase"]
        panel = app.player.query_one(ProblemsPanel)
        assert not panel.display

        # A broken quote: the new text plays, and the panel says what is wrong.
        edit(scenes, "quote: fired 40 times\n", "quote: fired 41 times\n")
        await wait_until(pilot, lambda: panel.display and "E201" in text_of(panel.query_one("#problems-text")))
        assert app.progress.scene.id == "chase"

        # Broken YAML: the last working story stays on screen.
        original = scenes.read_text(encoding="utf-8")
        scenes.write_text(original + "\n  - id: [unclosed\n", encoding="utf-8")
        await wait_until(pilot, lambda: "E104" in text_of(panel.query_one("#problems-text")))
        assert title(app) == "The chase"

        # Fixing the file clears the problems.
        scenes.write_text(original.replace("quote: fired 41 times\n", "quote: fired 40 times\n"), encoding="utf-8")
        await wait_until(pilot, lambda: not panel.display and not app.reader.diagnostics)
        assert app.progress.scene.id == "chase" and title(app) == "The chase"


async def test_live_reload_when_the_current_scene_is_removed(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    scenes = root / "scenes.yaml"
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        edit(scenes, "  - id: rescue\n", "  - id: the-rescue\n")
        await wait_until(pilot, lambda: app.progress is not None and app.progress.scene.id == "crossing")
        assert "no longer has scene(s) rescue" in (scene(app).notice or "")


async def test_resizing_under_another_screen_is_caught_up_with() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.resize_terminal(40, 12)
        await pilot.press("escape")
        await settle(pilot)
        assert app.player.has_class("-narrow") and not app.player.has_class("-wide")
        assert app.player.query_one(FactPanel).region.width == 0
        await pilot.press("s")
        await pilot.resize_terminal(*SIZE)
        await pilot.press("escape")
        await settle(pilot)
        assert app.player.has_class("-wide")
        assert app.player.query_one(FactPanel).region.width > 0


async def test_escape_brings_the_cursor_back_to_the_choices() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")  # the last footnote
        assert scene(app).footnote_under_cursor == 2
        await pilot.press("escape")
        assert app.focused is scene(app) and scene(app).cursor == 0
        app.player.query_one(FactPanel).focus()
        await pilot.press("escape")
        assert app.focused is scene(app)
