"""Rows kept by what they show (story.ui.rows): never stale, and ready before the move that shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual._styles_cache import StylesCache

from story.core.paths import bundled_story
from story.ui.app import make_app
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


async def rows_drawn_anew(pilot: Any, key: str, monkeypatch: Any) -> dict[type[ScrollbarColumn], list[int]]:
    """The content rows of the scene view and of the fact panel drawn anew (not from kept rows)
    when ``key`` is pressed."""
    views = {
        type(view): view for view in (pilot.app.player.query_one(SceneView), pilot.app.player.query_one(FactPanel))
    }
    drawn: dict[type[ScrollbarColumn], list[int]] = {kind: [] for kind in views}
    ahead: list[bool] = []
    render_line = StylesCache.render_line
    prepare = RowCache.prepare

    def counted(cache: StylesCache, styles: Any, y: int, *rest: Any) -> Any:
        for kind, view in views.items():
            if (
                cache is view._row_cache
                and not ahead
                and view.styles.gutter.top <= y < view.size.height - view.styles.gutter.bottom
            ):
                drawn[kind].append(y)
        return render_line(cache, styles, y, *rest)

    def preparing(cache: RowCache, *args: Any) -> None:
        ahead.append(True)  # the next moves got ready after this one: not drawn on screen
        try:
            prepare(cache, *args)
        finally:
            ahead.pop()

    with monkeypatch.context() as patched:
        patched.setattr(StylesCache, "render_line", counted)
        patched.setattr(RowCache, "prepare", preparing)
        before = cells(pilot.app)
        await pilot.press(key)
        await settle(pilot)
        assert cells(pilot.app) != before
    return drawn


async def got_ready(pilot: Any) -> None:
    """Wait until what each of the scene's picks leads to is got ready."""
    app = pilot.app
    await settle(pilot)
    await wait_until(pilot, lambda: len(scene(app)._prepared) >= min(len(app.player.picks), 9))
    await pilot.pause(0.05)


# At 40 x 12 the fact panel is folded away, and the scene may draw a hint over its last row.
@pytest.mark.parametrize(("widget", "size"), [(SceneView, SIZE), (FactPanel, SIZE), (SceneView, (40, 12))])
async def test_a_move_got_ready_ahead_draws_only_kept_rows(
    widget: type[ScrollbarColumn], size: tuple[int, int], monkeypatch: Any
) -> None:
    app = tiny_app()
    async with app.run_test(size=size) as pilot:
        await got_ready(pilot)
        view = app.player.query_one(widget)
        assert view.display
        anew = (await rows_drawn_anew(pilot, "1", monkeypatch))[widget]
        # Only a row the scene draws a hint over ("2 choices below") is not kept.
        hinted = isinstance(view, SceneView) and view.hint() is not None
        allowed = {view.size.height - 1 - view.styles.gutter.bottom} if hinted else set()
        assert set(anew) <= allowed, f"rows drawn anew: {anew}"
        drawn = cells(app)
        forget_rows(app)
        assert cells(app) == drawn


async def test_every_next_move_of_a_scene_of_many_choices_is_kept(tmp_path: Path, monkeypatch: Any) -> None:
    """At the bundled story's map, each of its choices shows other facts: the fact panel's pages
    for all of them are kept together, so the first got ready is still there when taken."""
    app = make_app(bundled_story(), new=True, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await got_ready(pilot)
        await pilot.press("1")  # the start's first choice opens the map
        await got_ready(pilot)
        assert app.progress is not None and app.progress.scene.id == "map"
        assert len(app.player.picks) >= 8
        anew = await rows_drawn_anew(pilot, "1", monkeypatch)
        assert app.progress.scene.id != "map"
        assert anew == {SceneView: [], FactPanel: []}


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
