"""Figures 2 and 6 in the child process: the player driven with Pilot, in-process.

Run as ``python -m story.bench.pilot transitions|memory story|minimal``, a fresh process for each
measurement, so that neither app inherits the other's imports or memory; it prints one JSON
document for :mod:`story.bench.player` to read.

* **transitions**: the player is driven through the bundled story, always taking the choice that
  leads to the scene visited least. The clock starts before the key is sent and stops at the last
  frame the key caused, after that frame is encoded into the bytes a terminal would get (headless
  Pilot skips that step; it is done here so that it counts).
* **reload**: the start scene's title is edited in a copy of the bundled story, by turns, and each
  edit is timed from the file written to the first frame drawn after the player took it up.
* **memory**: peak RSS (``ru_maxrss``) after a full walkthrough that reads every scene and answers
  every checkpoint, against the minimal app after as many key presses.

Textual and the player are imported inside the functions that need them, so that the process
measuring the minimal app loads no more than it must.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from story.bench.apps import SIZE, minimal_app, story_app

QUIET = 0.03
"""A key's work is done when no frame has been drawn for this long after Pilot's own wait."""


class FrameClock:
    """Records when each frame is drawn, by wrapping the app's ``_display``."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        self.frames: list[float] = []
        original = app._display
        console = app.console

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(console)  # what a real terminal would be sent
            self.frames.append(time.perf_counter())

        app._display = display

    async def settle(self, since: float) -> float | None:
        """Wait until frames stop, returning the time of the last frame after ``since``."""
        count = len(self.frames)
        quiet_from = time.perf_counter()
        while time.perf_counter() - quiet_from < QUIET:
            await asyncio.sleep(0.002)
            if len(self.frames) != count:
                count = len(self.frames)
                quiet_from = time.perf_counter()
        after = [frame for frame in self.frames if frame >= since]
        return after[-1] if after else None

    def first_after(self, since: float) -> float | None:
        return next((frame for frame in self.frames if frame >= since), None)


def _next_key(app: Any, visits: dict[str, int]) -> tuple[str, str]:
    """The number key to press next, and what it does: ``answer``, ``choose`` or ``restart``."""
    from story.core.reader import START_AGAIN
    from story.ui.scene import SceneView

    picks = list(app.player.query_one(SceneView).picks)[:9]
    for number, pick in enumerate(picks, start=1):
        if pick.kind == "answer":
            return str(number), "answer"
    scene = app.progress.scene
    chooses = [(number, pick) for number, pick in enumerate(picks, start=1) if pick.kind == "choose"]
    if chooses:
        number, _ = min(chooses, key=lambda item: visits.get(scene.choices[item[1].index].target, 0))
        return str(number), "choose"
    if picks and picks[0].kind == START_AGAIN:
        return "1", "restart"
    return "1", picks[0].kind if picks else "none"


async def _walk(app: Any, pilot: Any, clock: FrameClock | None, transitions: int | None) -> dict[str, Any]:
    """Walk the story with number keys until every scene is read (or ``transitions`` are timed)."""
    from story.core.queries import reachable

    await app.workers.wait_for_complete()  # the background check of the story, started on mount
    await pilot.pause()
    story = app.story
    everywhere = reachable(story)
    visits: dict[str, int] = {app.progress.scene.id: 1}
    timed: list[dict[str, Any]] = []
    presses = 0
    limit = 20 * len(story.scenes) + 50 + (transitions or 0)
    while presses < limit:
        if transitions is None and everywhere <= set(visits) and not _unanswered(app):
            break
        if transitions is not None and sum(1 for t in timed if t["kind"] != "answer") >= transitions:
            break
        key, kind = _next_key(app, visits)
        if kind == "restart":  # the scene asks before it clears the reader's history: say yes
            await pilot.press(key)
            await pilot.pause()
            key = "y"
        if clock is not None:
            app.clear_notifications()  # a toast expiring later would be counted as this key's frame
            await clock.settle(time.perf_counter())
        before = app.progress.scene.id
        start = time.perf_counter()
        await pilot.press(key)
        presses += 1
        if clock is not None:
            last = await clock.settle(start)
            first = clock.first_after(start)
            if last is None or first is None:
                raise RuntimeError(f"pressing {key} at scene {before!r} drew nothing")
            timed.append({"kind": kind, "ms": 1000 * (last - start), "first_ms": 1000 * (first - start)})
        scene_id = app.progress.scene.id
        if kind != "answer" and scene_id == before and kind != "restart":
            raise RuntimeError(f"pressing {key} at scene {before!r} did not move")
        visits[scene_id] = visits.get(scene_id, 0) + 1
    return {"presses": presses, "scenes": len(story.scenes), "visited": len(visits), "timed": timed}


def _unanswered(app: Any) -> bool:
    from story.ui.scene import SceneView

    return any(pick.kind == "answer" for pick in app.player.query_one(SceneView).picks)


def _max_rss_kib() -> int:
    """Peak resident memory of this process, in KiB.

    On Linux, ``ru_maxrss`` survives ``exec``: a child started by a large parent reports the
    parent's size. The kernel's high-water mark for this process's own memory does not.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


async def _child_transitions(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as saves:
        app = story_app(Path(saves))
        async with app.run_test(size=SIZE) as pilot:
            clock = FrameClock(app)
            return await _walk(app, pilot, clock, count)


async def _child_memory(kind: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as saves:
        if kind == "story":
            app = story_app(Path(saves))
            async with app.run_test(size=SIZE) as pilot:
                walked = await _walk(app, pilot, None, None)
                if walked["visited"] < len(_reachable_ids(app)):
                    raise RuntimeError("the walkthrough did not read every scene")
        else:
            app = minimal_app()
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                presses = int(os.environ.get("STORY_BENCH_PRESSES", "50"))
                for _ in range(presses):
                    await pilot.press("1")
                walked = {"presses": presses}
    return {"rss_kib": _max_rss_kib(), **{k: v for k, v in walked.items() if k != "timed"}}


async def _child_reload(count: int) -> dict[str, Any]:
    """Edit the start scene's title in a copy of the bundled story, ``count`` times, and time each
    edit from the file written to the first frame that shows it (live reload)."""
    import shutil

    from story.core.paths import bundled_story
    from story.ui.app import make_app

    with tempfile.TemporaryDirectory() as scratch:
        bundled = bundled_story()
        shutil.copytree(bundled.parent / "seeds", Path(scratch) / "seeds")
        root = Path(scratch) / bundled.name
        shutil.copytree(bundled, root)
        app = make_app(root, new=True, save_dir=Path(scratch) / "saves")
        async with app.run_test(size=SIZE) as pilot:
            clock = FrameClock(app)
            await pilot.pause()
            story = app.story
            if story is None:
                raise RuntimeError("the bundled story does not load")
            scene = story.scenes[story.start]
            file, title = Path(scene.title.pos.file), scene.title.value
            original = file.read_text(encoding="utf-8")
            if original.count(title) != 1:
                raise RuntimeError(f"the start scene's title is not written once, on one line, in {file}")
            times: list[float] = []
            for turn in range(count):
                await asyncio.sleep(0.5)  # the check of the last edit, in its child process, is done
                await clock.settle(time.perf_counter())
                wanted = title + " (edited)" if turn % 2 == 0 else title
                start = time.perf_counter()
                file.write_text(original.replace(title, wanted), encoding="utf-8")
                while (shown_story := app.story) is None or shown_story.scenes[story.start].title.value != wanted:
                    if time.perf_counter() - start > 5:
                        raise RuntimeError("an edit was not shown within 5 s")
                    await asyncio.sleep(0.001)
                adopted = time.perf_counter()
                await clock.settle(adopted)
                shown = clock.first_after(adopted)
                if shown is None:
                    raise RuntimeError("the edited story was adopted but never drawn")
                times.append(1000 * (shown - start))
            return {"edits": times}


def _reachable_ids(app: Any) -> set[str]:
    from story.core.queries import reachable

    return reachable(app.story)


def child_main(argv: list[str] | None = None) -> int:
    """Entry point of the child processes: prints one JSON document."""
    parser = argparse.ArgumentParser(prog="python -m story.bench.pilot")
    parser.add_argument("what", choices=("transitions", "memory", "reload"))
    parser.add_argument("app", choices=("story", "minimal"))
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    if args.what == "transitions":
        result = asyncio.run(_child_transitions(args.count))
    elif args.what == "reload":
        result = asyncio.run(_child_reload(args.count))
    else:
        result = asyncio.run(_child_memory(args.app))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(child_main())
