"""Figures 1, 2, 2b and 6: the player's first frame, scene transitions, live reload and memory.

Each measurement runs in a fresh child process, the player and the baseline alike, so that
neither inherits the other's imports or memory:

* **first frame**: ``story play --new`` is launched in a pseudo-terminal of 100 x 32, as a reader
  launches it, and the clock stops when the terminal has received the start scene's title; the
  baseline is launched as ``python -c <its source>`` and stops the clock with its one line of text.
* **transitions**, **reload** and **memory**: measured inside ``python -m story.bench.pilot``, which drives
  the app with Pilot (see :mod:`story.bench.pilot`) and prints what it measured as JSON.

The baseline is a minimal Textual app: one ``Static`` and a ``Footer`` (:mod:`story.bench.apps`).
"""

from __future__ import annotations

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
from typing import Any

from story.bench.apps import BASELINE_TEXT, MINIMAL_APP, SIZE
from story.bench.figures import BenchError, Figure, Settings, alternate, median, percentile, skipped
from story.bench.processes import environment, package_root
from story.core.paths import bundled_story
from story.loading.loader import load_story

FRAME_TIMEOUT = 30.0
_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


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
        shown = _ANSI.sub(b"", received).decode("utf-8", "replace").strip()[-300:]
        raise BenchError(f"{marker!r} never appeared on screen; got {shown!r}")
    return found


def start_title() -> str:
    """The words the bundled story's start scene shows first: its title (or its start)."""
    story, _, _ = load_story(bundled_story())
    if story is None or story.start not in story.scenes:
        raise BenchError("the bundled story does not load, so the player cannot show it")
    title = story.scenes[story.start].title.value
    # A long title may wrap; its first words are on one line.
    return " ".join(title.split()[:4])


# -- figures 2 and 6 in child processes, and all three figures ------------------------------


def _child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "story.bench.pilot", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=package_root())
    if done.returncode != 0:
        tail = " / ".join(done.stderr.strip().splitlines()[-4:])
        raise BenchError(f"story.bench.pilot {' '.join(args)} failed: {tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env(saves: Path) -> dict[str, str]:
    env = environment()
    env["STORY_DATA_DIR"] = str(saves)
    env["TERM"] = "xterm-256color"
    env.pop("TEXTUAL", None)  # no devtools
    env["COLUMNS"], env["LINES"] = str(SIZE[0]), str(SIZE[1])
    return env


def figures(settings: Settings) -> list[Figure]:
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
            found.append(skipped("first_frame", str(error)))

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
            found.append(skipped("transition", str(error)))

        # 2b. Live reload.
        try:
            edits = _child(["reload", "story", "--count", str(settings.reloads)], cwd_env)["edits"]
            p95 = percentile(edits, 0.95)
            found.append(
                Figure(
                    "reload",
                    "live reload, file saved to the edit drawn (p95)",
                    p95,
                    "ms",
                    "<= 300 ms",
                    p95 <= 300,
                    {
                        "edits": len(edits),
                        "median_ms": round(median(edits), 1),
                        "max_ms": round(max(edits), 1),
                    },
                )
            )
        except BenchError as error:
            found.append(skipped("reload", str(error)))

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
            found.append(skipped("memory", str(error)))
    return found
