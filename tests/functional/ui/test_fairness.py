"""Checkpoints that teach, in the player: the reader's own order of options, answers only to what
is on screen, feedback brought into view, both accounts where the articles disagree, and the sum
of the answers at an ending. And what must survive the fact panel going and coming back."""

from __future__ import annotations

import json
from pathlib import Path

from story.core.options import reader_order
from story.loading.loader import load_story
from story.ui.keybar import KeyBar
from story.ui.source import SourceScreen

from .helpers import SEED, SIZE, checkpoint, choices, rendered_lines, scene, screen_lines, settle, tiny_app
from .tiny import TINY, copy_tiny, edit


async def test_each_reader_has_an_order_of_their_own_that_lasts(tmp_path: Path) -> None:
    shown: dict[int, list[str]] = {}
    for seed in range(8):
        app = tiny_app(seed=seed, save_dir=tmp_path / str(seed))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("1")
            shown[seed] = choices(app)
            await pilot.press("b", "1")  # back, and there again
            assert choices(app) == shown[seed]
            await pilot.press("r", "y", "1")  # a restart keeps the reader's order
            await settle(pilot)
            assert choices(app) == shown[seed]
    assert {tuple(order) for order in shown.values()} == {("1  40", "2  150"), ("1  150", "2  40")}


async def test_a_resumed_reader_sees_the_same_order(tmp_path: Path) -> None:
    app = tiny_app(save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        before = choices(app)
    for other in (SEED + 1, SEED + 2):
        again = tiny_app(save_dir=tmp_path, seed=other)
        async with again.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert choices(again) == before


def _long_chase(tmp_path: Path) -> Path:
    """The tiny story, its chase told at length: at 60x16 the question's options start below the screen."""
    root = copy_tiny(tmp_path)
    long = "Four officials chased their defecting comrade, according to CCTV footage of the scene. " * 3
    edit(
        root / "scenes.yaml",
        "      - text: Four officials chased their defecting comrade, according to CCTV footage of the scene.\n",
        f"      - text: {long.strip()}\n",
    )
    return root


async def test_a_number_key_answers_only_options_on_screen(tmp_path: Path) -> None:
    app = tiny_app(_long_chase(tmp_path))
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.press("1")
        await settle(pilot)
        view = scene(app)
        assert not view.answers_in_view()
        await pilot.press("2")
        await settle(pilot)
        assert app.progress is not None and app.progress.answered() is None, "no answer to unseen options"
        drawn = "\n".join(rendered_lines(view))
        assert "1  150" in drawn and "2  40" in drawn and "\u25bc" not in drawn
        await pilot.press("2")
        await settle(pilot)
        assert app.progress.answered() == 0
        drawn = "\n".join(rendered_lines(view))
        assert "Right." in drawn, "the feedback is brought into view"


async def test_enter_on_an_unseen_option_brings_the_question_into_view(tmp_path: Path) -> None:
    app = tiny_app(_long_chase(tmp_path))
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.progress is not None and app.progress.answered() is None
        assert scene(app).answers_in_view()


async def test_both_accounts_right(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", '        - text: "150"\n', '        - text: "150"\n          correct: true\n')
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        feedback = checkpoint(app)
        assert "\u2713 1. 150 [5] \u2014 Hail of Bullets" in feedback and "\u2713 2. 40" in feedback
        assert "Right. The articles give different accounts here, and both count: 1 and 2." in feedback


async def test_the_ending_sums_up_the_answers() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2", "1", "1")  # the chase, "40" (right), the rescue, the hospital
        await settle(pilot)
        assert app.progress is not None and app.progress.finished
        drawn = "\n".join(rendered_lines(scene(app)))
        assert "Your answers: 1 of 1 right" in drawn
        (summary,) = [block.content for block in scene(app).blocks if block.key[0] == "answers"]  # type: ignore[index]
        assert "\u2713 How many times did the North Korean army fire? \u2014 40" in str(summary)


async def test_the_footnote_under_the_cursor_survives_the_fact_panel_going_and_coming_back() -> None:
    for size in (SIZE, (80, 24)):
        app = tiny_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("down", "down", "down")  # past the two choices, to the second footnote
            view = scene(app)
            assert view.footnote_under_cursor == 2
            await pilot.press("f", "f")
            await settle(pilot)
            if app.focused is not view:
                await pilot.press("tab")
                await settle(pilot)
            assert app.focused is view and view.footnote_under_cursor == 2
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, SourceScreen), "Enter opens the footnote, not a choice"
            assert app.progress is not None and app.progress.scene.id == "crossing"


async def test_the_key_bar_fits_a_narrow_terminal() -> None:
    app = tiny_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        bar = app.player.query_one(KeyBar)
        line = screen_lines(app)[bar.region.y].rstrip()
        assert line.endswith("? Help"), line
        assert "History" not in line  # left out here; `?` lists it, and h still works
        await pilot.press("h")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "HistoryScreen"
    wide = tiny_app()
    async with wide.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = wide.player.query_one(KeyBar)
        assert "History" in screen_lines(wide)[bar.region.y]


def test_the_order_depends_on_the_seed_and_the_scene_only() -> None:
    loaded, _, _ = load_story(TINY)
    assert loaded is not None
    checkpoint_ = loaded.scenes["chase"].checkpoint
    assert checkpoint_ is not None
    assert reader_order(checkpoint_, "chase", SEED) == [1, 0]
    assert reader_order(checkpoint_, "chase", SEED) == reader_order(checkpoint_, "chase", SEED)
    assert sorted(reader_order(checkpoint_, "elsewhere", 12345)) == [0, 1]


async def test_a_save_from_before_the_seed_still_loads(tmp_path: Path) -> None:
    app = tiny_app(save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "2")  # the chase, answered "40"
    (save,) = tmp_path.glob("save-*.json")
    data = json.loads(save.read_text(encoding="utf-8"))
    assert data.pop("seed") == SEED
    save.write_text(json.dumps(data), encoding="utf-8")
    again = tiny_app(save_dir=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.progress is not None and again.progress.scene.id == "chase"
        assert again.progress.answers == {"chase": 0}, "the answer is kept: it names the option as written"
        assert isinstance(again.progress.seed, int)
        assert "\u2713" in checkpoint(again)
