"""A walk through the bundled story in a real 80x24 terminal: from the map to an ending.

The reader always takes the first choice and answers each question with 1. Every screen on the way
must name the articles by their labels (never "source 004"), show a count that never passes its
total, keep "? Help" on the footer, and never answer a question whose options are off screen. The
ending sums up the answers.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

from tests import ROOT

from .test_tmux import TMUX, Terminal, story_command  # noqa: F401  (TMUX: the module's skip condition)
from .test_tmux import pytestmark as pytestmark  # noqa: PLC0414
from .test_tmux import terminals as terminals  # noqa: PLC0414, F401

_COUNT = re.compile(r"(?:scene )?(\d+)(?: of |/)(\d+)")
_BARE_IDS = ("source 000", "source 004", "article 000", "article 004", "Source 000", "Source 004")


def _top_count(screen: str) -> tuple[int, int]:
    found = _COUNT.search(screen.splitlines()[0])
    assert found is not None, screen
    return int(found.group(1)), int(found.group(2))


def test_a_walk_through_the_bundled_story_at_80x24(terminals: Callable[[], Terminal], tmp_path: Path) -> None:
    terminal = terminals()
    play = " ".join(shlex.quote(part) for part in [*story_command(), "play", "--new"])
    terminal.start(
        f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES STORY_DATA_DIR={shlex.quote(str(tmp_path))} "
        f"TERM=xterm-256color {play}; echo EXIT:$?; sleep 60",
        80,
        24,
    )
    screen = terminal.wait_for("? Help")
    counts: list[tuple[int, int]] = []
    for _ in range(120):
        lines = screen.splitlines()
        top = lines[0]
        assert not any(bare in screen for bare in _BARE_IDS), screen
        assert lines[-1].rstrip().endswith("? Help") or "Help" in lines[-1], screen
        number, of = _top_count(screen)
        assert 1 <= number <= of, top
        counts.append((number, of))
        if "end" in [part.strip() for part in top.split("\u00b7")]:
            break
        before = screen
        terminal.send("1")
        screen = _settled(terminal, before)
    else:
        raise AssertionError(f"no ending after 120 presses of 1; last screen:\n{screen}")
    assert len({count for count in counts}) > 5, counts
    assert counts[-1][0] > 5, "the walk went through the map's places"
    # The ending's summary of the answers, scrolled to if it is below the screen.
    for _ in range(10):
        if "Your answers:" in screen:
            break
        terminal.send("Space")
        screen = terminal.screen()
    assert re.search(r"Your answers: \d+ of \d+ right", screen), screen
    terminal.send("q")
    terminal.wait_for("EXIT:0")


def _settled(terminal: Terminal, before: str) -> str:
    """The screen once a key has taken effect (or, after a while, as it is)."""
    for _ in range(100):
        screen = terminal.screen()
        assert "Traceback" not in screen, screen
        if screen != before:
            # A frame may be caught half drawn: wait until two reads agree.
            again = terminal.screen()
            if again == screen:
                return screen
        terminal.tmux("list-sessions")  # a short pause that does something
    return terminal.screen()
