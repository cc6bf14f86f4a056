"""What the teacher's terminal shows: where to connect, sessions starting and ending, refusals.

No line per HTTP request, and no tracebacks: textual-serve's own logging prints them with every
local variable, which floods the terminal and costs the event loop most of a second each. An
error is one line, its type and message. Refusals are counted: the first of each kind is shown
at once, and a flood of them becomes one line every few seconds.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger("story.ui.serve")

REFUSALS_EVERY = 10.0
"""Seconds between two lines about the same kind of refusal."""

_LONGEST = 300


class OneLine(logging.Formatter):
    """A record as one line: an exception's traceback becomes its type and message."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message}: {type(error).__name__}: {error}"
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        line = f"{stamp} {message}".replace("\n", " ")
        return line if len(line) <= _LONGEST else line[: _LONGEST - 1] + "\u2026"


def set_up(stream: TextIO | None = None, *, debug: bool = False) -> None:
    """Send the server's log, one line a record, to ``stream`` (standard output)."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(OneLine())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    # One line per request is noise for a teacher; a refused or failed one is said by this module.
    logging.getLogger("aiohttp.access").setLevel(logging.CRITICAL)
    # Malformed requests (anyone can send them) are answered with 400 and not worth a line.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)


class Refusals:
    """Says why requests were refused, without letting a flood of them flood the terminal.

    Refusals are counted by kind; the first of a kind is said at once with its detail (the name
    asked for, say), and later ones at most every :data:`REFUSALS_EVERY` seconds, as a count.
    """

    def __init__(self, every: float = REFUSALS_EVERY) -> None:
        self.every = every
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def note(self, kind: str, detail: str = "") -> None:
        now = time.monotonic()
        if now - self._last.get(kind, -self.every) >= self.every and not self._held.get(kind):
            self._last[kind] = now
            log.info("refused %s%s", kind, f" ({detail})" if detail else "")
        else:
            self._held[kind] = self._held.get(kind, 0) + 1

    def flush(self) -> None:
        """Say how many were held back (called every few seconds)."""
        now = time.monotonic()
        for kind, held in list(self._held.items()):
            if now - self._last.get(kind, 0) >= self.every:
                del self._held[kind]
                self._last[kind] = now
                log.info("refused %s %d more time%s", kind, held, "s" * (held != 1))
