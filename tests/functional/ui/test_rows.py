"""Rows kept by what they show (story.ui.rows): never stale, and ready before the move that shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual._styles_cache import StylesCache

from story.ui.facts import FactPanel
from story.ui.rows import RowCache
from story.ui.scene import SceneView
from story.ui.scrollbar import ScrollbarColumn

from .helpers import SIZE, passages, rendered_lines, scene, settle, tiny_app, wait_until
from .tiny import copy_tiny, edit


def cells(app: Any) -> list[list[tuple[str, Style | None]]]:
    """The screen as drawn, cell by cell with its style (however the lines are cut up)."""
    return [
        [(char, segment.style) for segment in strip for char in segment.text]
        for strip in app.screen._compositor.render_strips()
    ]


def forget_rows(app: Any) -> None:
    for widget in app.screen.query(ScrollbarColumn):
        widget._row_cache.forget()
        widget._styles_cache.clear()


STEPS = [
    "1",  # a move
    "tab",  # the fact panel takes the focus: its border changes colour
    "down",
    "t",  # another theme: every colour changes
    "shift+tab",
    "pagedown",
    "1",
    "t",
    "resize",
    "2",
    "back",
    "resize back",
]


async def test_kept_rows_are_drawn_as_a_fresh_render_would_draw_them() -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for step in STEPS:
            if step == "resize":
                await pilot.resize_terminal(70, 24)
            elif step == "resize back":
                await pilot.resize_terminal(*SIZE)
            elif step == "back":
                await pilot.press("b")
            else:
                await pilot.press(step)
            await settle(pilot)
            await pilot.pause(0.05)  # the moves the reader may make next are got ready
            drawn = cells(app)
            forget_rows(app)
            assert cells(app) == drawn, f"after {step!r}, a kept row differs from a fresh render"


@pytest.mark.parametrize("widget", [SceneView, FactPanel])
async def test_a_move_got_ready_ahead_draws_only_kept_rows(widget: type[ScrollbarColumn], monkeypatch: Any) -> None:
    app = tiny_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)  # what the first scene's choices lead to is got ready
        view = app.player.query_one(widget)
        drawn: list[int] = []
        ahead: list[bool] = []
        render_line = StylesCache.render_line
        prepare = RowCache.prepare

        def counted(cache: StylesCache, styles: Any, y: int, *rest: Any) -> Any:
            if cache is view._row_cache and not ahead:
                drawn.append(y)
            return render_line(cache, styles, y, *rest)

        def preparing(cache: RowCache, *args: Any) -> None:
            ahead.append(True)  # the next moves got ready after this one: not drawn on screen
            try:
                prepare(cache, *args)
            finally:
                ahead.pop()

        monkeypatch.setattr(StylesCache, "render_line", counted)
        monkeypatch.setattr(RowCache, "prepare", preparing)
        before = cells(app)
        await pilot.press("1")
        await settle(pilot)
        assert cells(app) != before
        gutter = view.styles.gutter
        content = [y for y in drawn if gutter.top <= y < view.size.height - gutter.bottom]
        # The scene view's last row may carry a hint drawn over the page: never kept.
        allowed = {view.size.height - 1 - gutter.bottom} if widget is SceneView else set()
        assert set(content) <= allowed, f"rows drawn anew: {content}"


async def test_an_edited_story_is_drawn_in_its_new_words(tmp_path: Path) -> None:
    """A reloaded story names its blocks as before ("the passages of the chase"): the rows kept
    for the old words must go with it."""
    root = copy_tiny(tmp_path)
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await settle(pilot)
        await pilot.pause(0.2)  # the next moves are got ready, their rows kept
        assert any("fired 40 times" in line for line in rendered_lines(scene(app)))
        edit(
            root / "scenes.yaml",
            "The North Korean army fired 40 times.",
            "The North Korean army fired at him 40 times.",
        )
        await wait_until(pilot, lambda: "fired at him" in passages(app))
        await settle(pilot)
        assert any("fired at him 40 times" in line for line in rendered_lines(scene(app)))
        drawn = cells(app)
        forget_rows(app)
        assert cells(app) == drawn
