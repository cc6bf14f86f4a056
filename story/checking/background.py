"""`story check` in a child process, for the player: its diagnostics without its imports or its memory.

The player shows a story as soon as it is loaded, and tells the reader (or the author, live) what
`story check` finds in it. Running the checker in the player's own process would import the rules
and hold their caches for as long as the player runs; a child process runs the very same command
line an author runs, with its cache of verdicts (:mod:`story.checking.verdicts`), and hands back
its JSON.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos

TIMEOUT = 300.0
"""Seconds a check may take before the player gives up on it (a story of 10,000 scenes takes about 20)."""


class CheckFailed(Exception):
    """The child process could not check the story: it crashed, timed out or printed no report."""


def check_in_child(root: Path, timeout: float = TIMEOUT) -> list[Diagnostic]:
    """Run ``story check --format json`` on a story folder in a child process, and wait for it.

    Returns:
        Its diagnostics, with positions as the child printed them (relative to the working folder
        when shorter, as ``story check`` prints them).

    Raises:
        CheckFailed: with the reason, if no report came back.
    """
    return ChildCheck(root).run(timeout)


class ChildCheck:
    """One run of ``story check`` in a child process, which another thread may stop."""

    def __init__(self, root: Path) -> None:
        self.command = [sys.executable, "-m", "story", "check", "--format", "json", str(root)]
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._lock = threading.Lock()

    def run(self, timeout: float = TIMEOUT) -> list[Diagnostic]:
        """Start the child and wait for its report (see :func:`check_in_child`)."""
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        with self._lock:
            if self._stopped:
                raise CheckFailed("the check was stopped")
            try:
                # In a process group of its own, so that ending it ends the processes a large
                # story's check shares its work out to as well (story.core.parallel).
                self._process = subprocess.Popen(
                    self.command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env=env,
                    start_new_session=True,
                )
            except OSError as error:
                raise CheckFailed(f"story check could not start: {error.strerror or error}") from None
        process = self._process
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.communicate()
            raise CheckFailed(f"story check took more than {timeout:.0f} s") from None
        if self._stopped:
            raise CheckFailed("the check was stopped")
        if process.returncode not in (0, 1):
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            raise CheckFailed(f"story check exited {process.returncode}: {last[0]}")
        try:
            data = json.loads(out)
            return [_diagnostic(item) for item in data["diagnostics"]]
        except (ValueError, KeyError, TypeError) as error:
            raise CheckFailed(f"story check printed no report it could be read from ({error})") from None

    def stop(self) -> None:
        """End the child now, if it runs (the player is closing): :meth:`run` then raises."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                _kill(self._process)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End a check and every process of its group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, OSError):  # no process groups (Windows), or gone already
        process.kill()


def _diagnostic(item: dict[str, object]) -> Diagnostic:
    related = item.get("related") or []
    if not isinstance(related, list):
        raise TypeError("related is not a list")
    return Diagnostic(
        Pos(str(item["file"]), int(str(item["line"])), int(str(item["column"]))),
        Code.lookup(str(item["code"])),
        str(item["message"]),
        str(item.get("hint") or ""),
        tuple(str(line) for line in related),
    )
