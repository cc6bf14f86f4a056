"""Helpers for driving the player with Pilot."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from story.ui.app import StoryApp, make_app
from story.ui.facts import FactPanel
from story.ui.scene import SceneView

from .tiny import TINY

SIZE = (100, 32)

SEED = 2
"""The seed the tests read the tiny story with: the chase's question shows "150" first, then "40"
(its right answer, written first in the story), so that every test answers by what is shown."""


def tiny_app(path: Path = TINY, **options: object) -> StoryApp:
    options.setdefault("seed", SEED)
    return make_app(path, **options)  # type: ignore[arg-type]


async def settle(pilot: Pilot[None]) -> None:
    """Let queued messages and refreshes run."""
    await pilot.pause()
    await pilot.pause()


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 8.0) -> None:
    """Wait for something that happens in a worker or on a timer (live reload, the check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)
        await asyncio.sleep(0)


def text_of(widget: Widget) -> str:
    """The plain text a Static shows."""
    return str(widget.visual)  # type: ignore[attr-defined]


def screen_lines(app: StoryApp) -> list[str]:
    """Every line of the screen as drawn, as plain text."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def rendered_lines(widget: Widget) -> list[str]:
    """The lines of the screen inside a widget's region (children included), as plain text."""
    region = widget.region
    lines = screen_lines(widget.app)  # type: ignore[arg-type]
    return [line[region.x : region.right] for line in lines[region.y : region.bottom]]


def find_on_screen(widget: Widget, needle: str) -> tuple[int, int]:
    """Where some text is drawn inside a widget, as an offset for ``pilot.click``."""
    for y, line in enumerate(rendered_lines(widget)):
        x = line.find(needle)
        if x >= 0:
            return x, y
    raise AssertionError(f"{needle!r} is not drawn in {widget!r}")


def scene(app: StoryApp) -> SceneView:
    return app.player.query_one(SceneView)


def passages(app: StoryApp) -> str:
    return str(scene(app).passages)


def title(app: StoryApp) -> str:
    return str(scene(app).scene_title)


def checkpoint(app: StoryApp) -> str:
    return str(scene(app).checkpoint or "")


def choices(app: StoryApp) -> list[str]:
    return [str(item).strip() for item in scene(app).choices]


def footnotes(app: StoryApp) -> list[str]:
    return [str(item) for item in scene(app).sources]


def fact_ids(app: StoryApp) -> list[str]:
    return list(app.player.query_one(FactPanel).entry_ids)
