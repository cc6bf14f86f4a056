"""How the scene view and the fact panel draw a move, and what they do on small terminals."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.widgets._toast import Toast

from story.ui.app import StoryApp
from story.ui.facts import FactPanel
from story.ui.player import StoryBar

from .helpers import SIZE, find_on_screen, rendered_lines, scene, screen_lines, settle, text_of, tiny_app


async def test_a_move_is_drawn_without_laying_the_screen_out() -> None:
    # Laying out sets off more layouts and a scrollbar repaint, each a frame later: a move
    # used to take three frames. Now the views only repaint.
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        layouts: list[object] = []
        app.player.screen_layout_refresh_signal.subscribe(app.player, layouts.append, immediate=True)
        for key in ("1", "1", "1", "b"):  # a choice, an answer (the wrong one, shown first), a choice, back
            await pilot.press(key)
            await settle(pilot)
        assert app.progress is not None and app.progress.scene.id == "chase"
        assert "Not quite" in "\n".join(rendered_lines(scene(app)))
        assert layouts == []


async def _first_move_drawn(prepared: bool, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    if not prepared:
        monkeypatch.setattr(StoryApp, "_get_ready", lambda self, moves, index: None)
    app = tiny_app(new=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert bool(scene(app)._prepared) is prepared
        await pilot.press("1")
        await settle(pilot)
        return screen_lines(app)


async def test_a_scene_got_ready_ahead_is_drawn_as_it_would_be_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    ahead = await _first_move_drawn(True, monkeypatch)
    assert "How many times did the North Korean army fire?" in "\n".join(ahead)
    assert ahead == await _first_move_drawn(False, monkeypatch)


async def test_a_hint_says_when_the_choices_are_below_the_view() -> None:
    app = tiny_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        view = scene(app)
        assert "2 choices below" in rendered_lines(view)[-1]
        while "Follow the chase" not in "\n".join(rendered_lines(view)):
            await pilot.press("space")
            await settle(pilot)
        assert "choices below" not in "\n".join(rendered_lines(view))


async def test_clicking_the_hint_brings_the_choices_into_view() -> None:
    app = tiny_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        view = scene(app)
        last = len(rendered_lines(view)) - 1
        await pilot.click(view, offset=(4, last))
        await settle(pilot)
        assert "Follow the chase" in "\n".join(rendered_lines(view))
        assert app.progress is not None and app.progress.scene.id == "crossing"  # a click on the hint picks nothing


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        ((100, 32), "A soldier's defection  \u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501 scene 1 of 4"),
        # The fact panel is folded away: the top line says what it holds that is new.
        ((60, 20), "A soldier's defection  scene 1 of 4 \u00b7 \u25cf 2 new in Facts (f)"),
        ((40, 12), "A soldier's defection  1/4 \u00b7 \u25cf2 new"),
        ((30, 10), "A soldier's d\u2026  1/4 \u00b7 \u25cf2 new"),
        ((20, 6), "A soldier's \u2026  1/4"),
    ],
)
async def test_the_top_line_fits_the_terminal(size: tuple[int, int], shown: str) -> None:
    app = tiny_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert text_of(app.player.query_one(StoryBar)) == shown


async def test_while_the_panel_is_folded_away_the_top_line_says_what_was_found() -> None:
    app = tiny_app()
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        await pilot.press("1")  # the chase reveals two entries
        await settle(pilot)
        assert "\u25cf2 new" in text_of(app.player.query_one(StoryBar))
        assert not list(app.screen.query(Toast))  # nothing covers the scene
        await pilot.press("f")  # the panel, seen
        await pilot.press("escape")
        await settle(pilot)
        assert "new" not in text_of(app.player.query_one(StoryBar))


async def test_beside_the_scene_the_panel_itself_says_what_is_new() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("1")
        await settle(pilot)
        assert app.player.query_one(FactPanel).border_subtitle == "4 of 5 found \u00b7 2 new"
        assert "new" not in text_of(app.player.query_one(StoryBar))
        assert not app._notifications
        await pilot.press("f")  # the panel hidden: now the top line says it
        await settle(pilot)
        assert "\u25cf 2 new in Facts (f)" in text_of(app.player.query_one(StoryBar))


async def test_text_dragged_over_in_the_scene_can_be_copied() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = scene(app)
        x, y = find_on_screen(view, "Border crossings")
        await pilot.mouse_down(view, offset=(x, y))
        await pilot.hover(view, offset=(x + 20, y + 1))  # on to the next line of the paragraph
        await pilot.mouse_up(view, offset=(x + 20, y + 1))
        await settle(pilot)
        assert app.screen.get_selected_text() == (
            "Border crossings at the demilitarized zone directly into South Korea are "
        )


async def test_the_scrollbar_pages_on_a_click_and_scrolls_on_a_drag() -> None:
    app = tiny_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        view = scene(app)
        bar_x = view.content_region.right - view.region.x - 1
        last = view.content_region.height - 1
        await pilot.click(view, offset=(bar_x, last))  # the track below the thumb
        await settle(pilot)
        assert view.scroll_y == last  # a page, less the line kept for context
        assert app.progress is not None and app.progress.scene.id == "crossing"  # nothing picked
        view.scroll_to(y=0, animate=False)
        await settle(pilot)
        await pilot.mouse_down(view, offset=(bar_x, 0))  # the thumb, at the top
        await pilot.hover(view, offset=(bar_x, 3))
        await pilot.mouse_up(view, offset=(bar_x, 3))
        await settle(pilot)
        assert view.scroll_y > 0


async def test_the_next_moves_are_got_ready_after_the_frame_of_a_move(monkeypatch: pytest.MonkeyPatch) -> None:
    """Getting the next moves ready takes as long as a frame: done before the move's frame is
    out, it would hold the frame up."""
    log: list[tuple[str, float]] = []
    get_ready = StoryApp._get_ready

    def logged(self: StoryApp, moves: int, index: int) -> None:
        log.append(("ready", time.perf_counter()))
        get_ready(self, moves, index)

    monkeypatch.setattr(StoryApp, "_get_ready", logged)
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        display = app._display

        def drawn(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                log.append(("frame", time.perf_counter()))

        monkeypatch.setattr(app, "_display", drawn)
        await settle(pilot)
        await pilot.pause(0.2)
        moved = 0
        for key in ["1", "1", "b", "question_mark", "escape", "b", "1"]:
            log.clear()
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause(0.15)
            events = [kind for kind, _ in log]
            if "frame" in events and "ready" in events:
                moved += 1
                assert events.index("frame") < events.index("ready"), f"after {key!r}: {events}"
        assert moved >= 3


async def test_getting_ready_as_the_app_shuts_down_does_nothing() -> None:
    """The scene view calls back after a frame, or after a timer: either may come once the
    app's widgets are gone."""
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        moves = app._moves
    assert not app.is_running
    app._get_ready(moves, 0)
