"""The cycle collector runs between the reader's moves, not during them (story.ui.memory)."""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Iterator
from typing import Any

import pytest

from story.commands import play
from story.ui import app as app_module
from story.ui.memory import DURING_MOVES, Collector, give_back, hold_back

from .helpers import SIZE, settle, tiny_app


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collections() -> Iterator[list[tuple[float, float, int]]]:
    """Each collection as it runs: (start, end, generation)."""
    found: list[tuple[float, float, int]] = []
    started: list[float] = []

    def heard(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        else:
            found.append((started.pop(), time.perf_counter(), info["generation"]))

    gc.callbacks.append(heard)
    try:
        yield found
    finally:
        gc.callbacks.remove(heard)


@pytest.fixture
def thresholds() -> Iterator[tuple[int, ...]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        yield gc.get_threshold()
    finally:
        gc.set_threshold(*before)


def test_the_collector_waits_for_a_move_to_end_and_gives_its_thresholds_back(
    thresholds: tuple[int, ...], collections: list[tuple[float, float, int]]
) -> None:
    collector = Collector()
    assert collector.between_moves() is None  # not started: Python collects as it always does
    collector.start()
    assert gc.get_threshold() == (0, *thresholds[1:])  # nothing collected until the first frame is out
    gc.collect()
    collections.clear()
    made = [Cycle() for _ in range(DURING_MOVES + 5_000)]  # more than any threshold: Python would have collected
    assert not collections
    assert collector.between_moves() == 0
    assert [generation for _, _, generation in collections] == [0]
    assert gc.get_threshold() == (DURING_MOVES, *thresholds[1:])  # from then on, only a move that makes a great many
    assert collector.between_moves() is None  # nothing made since
    collections.clear()
    more = [Cycle() for _ in range(DURING_MOVES + 5_000)]
    assert [generation for _, _, generation in collections] == [0]
    del made, more
    collector.stop()
    assert gc.get_threshold() == thresholds


def test_between_moves_collects_the_oldest_generation_python_would(thresholds: tuple[int, ...]) -> None:
    collector = Collector()
    collector.start()
    try:
        gc.collect()
        done = []
        for _ in range(thresholds[1] + 2):  # young collections, one a move, until the middle one is due
            _ = [Cycle() for _ in range(thresholds[0] + 100)]
            done.append(collector.between_moves())
        assert done[:-1] == [0] * (thresholds[1] + 1)
        assert done[-1] == 1
    finally:
        collector.stop()


async def test_no_collection_runs_between_a_key_and_its_frame(collections: list[tuple[float, float, int]]) -> None:
    """A move's objects are collected after its frame is drawn, while the reader reads."""
    before = gc.get_threshold()
    app = tiny_app()
    frames: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        display = app._display

        def drawn(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                frames.append(time.perf_counter())

        app._display = drawn  # type: ignore[method-assign]
        await settle(pilot)
        await pilot.pause(0.2)
        moves = []
        for key in ["1", "2", "b", "1", "1", "b", "b"] * 4:
            collections.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause(0.05)
            first = next((frame for frame in frames if frame >= start), None)
            if first is None:
                continue
            moves.append(first)
            during = [c for c in collections if start <= c[0] <= first]
            assert not during, f"a collection of generation {during[0][2]} ran during the move {key!r}"
        assert len(moves) > 10
    assert gc.get_threshold() == before


def test_held_back_from_the_start_the_collector_still_judges_by_pythons_thresholds(thresholds: tuple[int, ...]) -> None:
    hold_back()
    try:
        assert gc.get_threshold() == (0, *thresholds[1:])
        collector = Collector()
        collector.start()
        gc.collect()
        _ = [Cycle() for _ in range(thresholds[0] + 100)]
        assert collector.between_moves() == 0  # over Python's threshold, far under the raised one
        collector.stop()
        assert gc.get_threshold() == thresholds
    finally:
        give_back()


def test_a_collector_turned_off_by_whoever_runs_the_player_stays_off() -> None:
    before = gc.get_threshold()
    gc.set_threshold(0, *before[1:])
    collector = Collector()
    try:
        collector.start()
        _ = [Cycle() for _ in range(1_000)]
        assert collector.between_moves() is None
        assert gc.get_threshold()[0] == 0
    finally:
        collector.stop()
        gc.set_threshold(*before)


def test_story_play_holds_the_collector_back_before_it_imports_textual(
    thresholds: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, ...]] = []

    class Player:
        return_code = 0

        def run(self) -> None:
            seen.append(gc.get_threshold())

    monkeypatch.setattr(app_module, "make_app", lambda *args, **kwargs: Player())
    monkeypatch.setattr(play, "wants_plain", lambda explicit: False)
    try:
        assert play.run(argparse.Namespace(path=None, new=True, plain=False)) == 0
        assert seen == [(0, *thresholds[1:])]
    finally:
        give_back()
    assert gc.get_threshold() == thresholds
