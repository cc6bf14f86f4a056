"""A smoke test in a real terminal: the installed `story` command, driven through tmux.

Keys go in with ``send-keys`` and the screen comes back with ``capture-pane``, so this covers what
Pilot cannot: the terminal driver, key decoding, resizing a real window, and exiting cleanly.
The tmux server runs on a private socket and is killed at the end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import ROOT
from tests.functional.ui.tiny import copy_tiny

TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def story_command() -> list[str]:
    """The installed console script next to this Python, else ``python -m story``."""
    script = Path(sys.executable).with_name("story")
    return [str(script)] if script.exists() else [sys.executable, "-m", "story"]


class Terminal:
    """One tmux window running one command."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        result = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        return result.stdout

    def start(self, command: str, width: int, height: int) -> None:
        self.tmux("new-session", "-d", "-s", "smoke", "-x", str(width), "-y", str(height), command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "smoke")

    def send(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "smoke", key)
            time.sleep(0.15)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "smoke", "-x", str(width), "-y", str(height))

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """Wait until every text is on screen (a frame may be caught half drawn)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            assert "Traceback" not in screen, screen
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts!r} never all appeared; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed on screen")
            time.sleep(0.1)


@pytest.fixture
def terminals() -> Iterator[Callable[[], Terminal]]:
    """Makes terminals, each on a tmux server of its own: a server still shutting down must not
    take the next session."""
    made: list[Terminal] = []

    def make() -> Terminal:
        made.append(Terminal(f"story-smoke-{os.getpid()}-{uuid.uuid4().hex[:8]}"))
        return made[-1]

    try:
        yield make
    finally:
        for term in made:
            term.tmux("kill-server")


@pytest.fixture
def terminal(terminals: Callable[[], Terminal]) -> Terminal:
    return terminals()


def _launch(terminal: Terminal, tmp_path: Path, *args: str, width: int = 100, height: int = 32, env: str = "") -> None:
    root = copy_tiny(tmp_path)
    saves = tmp_path / "saves"
    play = " ".join(shlex.quote(part) for part in [*story_command(), "play", str(root), *args])
    command = (
        # COLUMNS and LINES would override the window's real size (pytest may export them).
        f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES STORY_DATA_DIR={shlex.quote(str(saves))} "
        "TERM=xterm-256color "
        f"{env} {play}; echo EXIT:$?; sleep 60"
    )
    terminal.start(command, width, height)


def test_play_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    _launch(terminal, tmp_path, "--new")
    terminal.wait_for("A soldier crosses", "1  Follow the chase", "on Monday. [1]", "Facts", "2 of 5 found")
    terminal.wait_for("scene 1 of 4")

    terminal.send("1")
    screen = terminal.wait_for("How many times did the North Korean army fire?", "1  ", "2  ")
    # Each reader has an order of their own: answer with whichever number shows the wrong "150".
    wrong = "1" if "1  150" in screen else "2"
    right = "2" if wrong == "1" else "1"
    terminal.send(wrong)
    terminal.wait_for(f"Not quite: the answer is {right}.")

    terminal.send("s")
    terminal.wait_for("Hail of Bullets \u00b7 North Korean Defector")
    terminal.send("n")
    terminal.wait_for("footnote [2]")
    terminal.send("Escape")
    terminal.wait_for("Follow the rescue")
    terminal.wait_gone("Hail of Bullets \u00b7 North Korean Defector")

    terminal.send("?")
    terminal.wait_for("Keys")
    terminal.send("Escape")
    # Esc and a quick next key read as alt+key, in any terminal: let the Esc land first.
    terminal.wait_gone("Keys")

    terminal.resize(40, 12)
    terminal.wait_gone("scene 2 of 4")  # the top line says "2/4" once the app has the new size
    terminal.send("f")
    terminal.wait_for("╭─ Facts")  # the panel's border, not the footer's label
    terminal.send("Escape")
    terminal.wait_gone("╭─ Facts")
    terminal.resize(80, 24)
    terminal.wait_for("The chase")

    terminal.send("b")
    terminal.wait_for("A soldier crosses")
    terminal.send("q")
    terminal.wait_for("EXIT:0")


def test_resumes_where_the_reader_left_off(terminals: Callable[[], Terminal], tmp_path: Path) -> None:
    terminal = terminals()
    _launch(terminal, tmp_path)
    terminal.wait_for("A soldier crosses")
    terminal.send("2")
    terminal.wait_for("He was rescued")
    terminal.send("q")
    terminal.wait_for("EXIT:0")
    terminal = terminals()
    root = tmp_path / "tiny"
    saves = tmp_path / "saves"
    play = " ".join(shlex.quote(part) for part in [*story_command(), "play", str(root)])
    terminal.start(
        f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES STORY_DATA_DIR={shlex.quote(str(saves))} "
        f"{play}; echo EXIT:$?; sleep 60",
        80,
        24,
    )
    terminal.wait_for("He was rescued")
    terminal.send("C-q")
    terminal.wait_for("EXIT:0")


def test_plain_mode_in_a_dumb_terminal(terminal: Terminal, tmp_path: Path) -> None:
    _launch(terminal, tmp_path, "--new", width=60, height=40, env="TERM=dumb")
    screen = terminal.wait_for("Type a number (? for help).")
    terminal.send("1", "Enter")
    screen = terminal.wait_for("== The chase ==", "Answer with a number")
    # Lines are wrapped at word boundaries to the terminal's width, not cut by the terminal.
    assert "Four officials chased their defecting comrade, according to\nCCTV footage" in screen, screen
    question = screen[screen.index("Question:") :]
    assert question.index("2. ") < question.index("Footnotes:"), "the options before the quotes"
    terminal.send("q", "Enter")
    terminal.wait_for("EXIT:0")
