"""Figures 1, 2 and 6: the player's first frame, scene transitions and memory.

Each measurement runs in a fresh child process (``python -m story.bench.player ...``), the player
and the baseline alike, so that neither inherits the other's imports or memory:

* **first frame**: ``story play --new`` is launched in a pseudo-terminal of 100 x 32, as a reader
  launches it, and the clock stops when the terminal has received the start scene's title; the
  baseline is launched as ``python -c <its source>`` and stops the clock with its one line of text.
* **transitions**: the player is driven with Pilot through the bundled story, always taking the
  choice that leads to the scene visited least. The clock starts before the key is sent and stops
  at the last frame the key caused, after that frame is encoded into the bytes a terminal would
  get (headless Pilot skips that step; it is done here so that it counts).
* **memory**: peak RSS (``ru_maxrss``) after a full walkthrough that reads every scene and answers
  every checkpoint, against the baseline app after as many key presses.

The baseline is a minimal Textual app: one ``Static`` and a ``Footer``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from story.bench.harness import Figure, Settings

SIZE = (100, 32)
"""Terminal size for every measurement (columns, rows)."""
BASELINE_TEXT = "A minimal Textual app: one Static and a Footer."
QUIET = 0.03
"""A key's work is done when no frame has been drawn for this long after Pilot's own wait."""
FRAME_TIMEOUT = 30.0
_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


MINIMAL_APP = f"""
from textual.app import App
from textual.widgets import Footer, Static


class MinimalApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static({BASELINE_TEXT!r}, markup=False)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
"""
"""The baseline: the smallest app with a screen like the player's (text and a footer)."""


def minimal_app() -> Any:
    namespace: dict[str, Any] = {"__name__": "story_bench_minimal"}
    exec(compile(MINIMAL_APP, "<minimal app>", "exec"), namespace)
    return namespace["MinimalApp"]()


def story_app(save_dir: Path) -> Any:
    from story.ui.app import make_app

    return make_app(None, new=True, save_dir=save_dir)


# -- figure 1: first frame --------------------------------------------------------------------


def first_frame(command: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from starting ``command`` in a pseudo-terminal until ``marker`` is on its screen."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    columns, rows = SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    wanted = marker.encode("utf-8")
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
    )
    os.close(slave)
    received = b""
    found: float | None = None
    try:
        while time.perf_counter() - start < FRAME_TIMEOUT:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            received += chunk
            if wanted in _ANSI.sub(b"", received):
                found = time.perf_counter() - start
                break
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    if found is None:
        from story.bench.harness import BenchError

        shown = _ANSI.sub(b"", received).decode("utf-8", "replace").strip()[-300:]
        raise BenchError(f"{marker!r} never appeared on screen; got {shown!r}")
    return found


def start_title() -> str:
    """The words the bundled story's start scene shows first: its title (or its start)."""
    from story.core.paths import bundled_story
    from story.loading.loader import load_story

    story, _, _ = load_story(bundled_story())
    if story is None or story.start not in story.scenes:
        from story.bench.harness import BenchError

        raise BenchError("the bundled story does not load, so the player cannot show it")
    title = story.scenes[story.start].title.value
    # A long title may wrap; its first words are on one line.
    return " ".join(title.split()[:4])


# -- figure 2 and 6: driving the player with Pilot ----------------------------------------------


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
    return "1", picks[0].kind if picks else "none"


async def _walk(app: Any, pilot: Any, clock: FrameClock | None, transitions: int | None) -> dict[str, Any]:
    """Walk the story with number keys until every scene is read (or ``transitions`` are timed)."""
    from story.checking.checker import reachable

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


def _reachable_ids(app: Any) -> set[str]:
    from story.checking.checker import reachable

    return reachable(app.story)


def child_main(argv: list[str] | None = None) -> int:
    """Entry point of the child processes: prints one JSON document."""
    parser = argparse.ArgumentParser(prog="python -m story.bench.player")
    parser.add_argument("what", choices=("transitions", "memory"))
    parser.add_argument("app", choices=("story", "minimal"))
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    if args.what == "transitions":
        result = asyncio.run(_child_transitions(args.count))
    else:
        result = asyncio.run(_child_memory(args.app))
    print(json.dumps(result))
    return 0


# -- the parent side --------------------------------------------------------------------------


def _child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    from story.bench.harness import BenchError, package_root

    command = [sys.executable, "-m", "story.bench.player", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=package_root())
    if done.returncode != 0:
        tail = " / ".join(done.stderr.strip().splitlines()[-4:])
        raise BenchError(f"story.bench.player {' '.join(args)} failed: {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env(saves: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["STORY_DATA_DIR"] = str(saves)
    env["TERM"] = "xterm-256color"
    env.pop("TEXTUAL", None)  # no devtools
    env["COLUMNS"], env["LINES"] = str(SIZE[0]), str(SIZE[1])
    return env


def figures(settings: Settings) -> list[Figure]:
    from story.bench.harness import BenchError, Figure, alternate, median, package_root, percentile

    try:
        import textual  # noqa: F401
    except ImportError as error:  # pragma: no cover - textual is a dependency
        raise BenchError(f"textual is not importable: {error}") from None
    found: list[Figure] = []
    with tempfile.TemporaryDirectory() as scratch:
        env = _env(Path(scratch) / "saves")
        cwd_env = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [str(package_root()), env.get("PYTHONPATH")])))

        # 1. First frame.
        try:
            marker = start_title()
            player = [sys.executable, "-m", "story", "play", "--new"]
            baseline = [sys.executable, "-c", MINIMAL_APP]
            first_frame(player, marker, cwd_env)  # warm the file cache, unmeasured
            first_frame(baseline, BASELINE_TEXT, cwd_env)
            story_times, minimal_times = alternate(
                settings.frame_runs,
                lambda: first_frame(player, marker, cwd_env),
                lambda: first_frame(baseline, BASELINE_TEXT, cwd_env),
            )
            ratio = median(story_times) / median(minimal_times)
            found.append(
                Figure(
                    "first_frame",
                    "first frame of the player vs a minimal Textual app",
                    ratio,
                    "x",
                    "<= 1.2x",
                    ratio <= 1.2,
                    {
                        "story_ms": round(1000 * median(story_times), 1),
                        "minimal_ms": round(1000 * median(minimal_times), 1),
                        "runs": settings.frame_runs,
                        "marker": marker,
                    },
                )
            )
        except BenchError as error:
            found.append(_skip("first_frame", str(error)))

        # 2. Scene transitions.
        try:
            result = _child(["transitions", "story", "--count", str(settings.transitions)], cwd_env)
            moves = [t["ms"] for t in result["timed"] if t["kind"] != "answer"]
            firsts = [t["first_ms"] for t in result["timed"] if t["kind"] != "answer"]
            answers = [t["ms"] for t in result["timed"] if t["kind"] == "answer"]
            p95 = percentile(moves, 0.95)
            found.append(
                Figure(
                    "transition",
                    "scene transition, keypress to rendered (p95)",
                    p95,
                    "ms",
                    "<= 16.7 ms",
                    p95 <= 16.7,
                    {
                        "transitions": len(moves),
                        "median_ms": round(median(moves), 2),
                        "p95_ms": round(p95, 2),
                        "max_ms": round(max(moves), 2),
                        "first_frame_p95_ms": round(percentile(firsts, 0.95), 2),
                        "answers": len(answers),
                        "answer_p95_ms": round(percentile(answers, 0.95), 2) if answers else None,
                        "scenes": result["scenes"],
                    },
                )
            )
        except BenchError as error:
            found.append(_skip("transition", str(error)))

        # 6. Memory.
        try:
            story_rss, minimal_rss = alternate(
                settings.memory_runs,
                lambda: float(_child(["memory", "story"], cwd_env)["rss_kib"]),
                lambda: float(_child(["memory", "minimal"], cwd_env)["rss_kib"]),
            )
            ratio = median(story_rss) / median(minimal_rss)
            found.append(
                Figure(
                    "memory",
                    "peak RSS after a full walkthrough vs a minimal Textual app",
                    ratio,
                    "x",
                    "<= 1.3x",
                    ratio <= 1.3,
                    {
                        "story_mib": round(median(story_rss) / 1024, 1),
                        "minimal_mib": round(median(minimal_rss) / 1024, 1),
                        "runs": settings.memory_runs,
                    },
                )
            )
        except BenchError as error:
            found.append(_skip("memory", str(error)))
    return found


def _skip(key: str, why: str) -> Figure:
    from story.bench.harness import _skipped

    return _skipped(key, why)


if __name__ == "__main__":
    raise SystemExit(child_main())
