"""Judge a large story's texts in more than one process, as ruff checks files on every core.

The text rules judge each text against its own quotes and nothing else of the story, so the texts
can be shared out. On a machine with more than one core free to this process, a story with more
than :data:`MINIMUM` texts a process is judged in parts: the first part here, each other one in a
process forked from this one, which finds the loaded story in its memory and sends back only what
it found. The order of the results is the order of the parts, so the report is the same as from
one process.

Nothing is shared out where forking is unsafe or unavailable: on a platform without ``fork``, in a
process running other threads (a forked copy of a thread's lock can never be released), or inside
a part already forked. A part whose process fails is judged here instead, so a check never loses
a verdict to a process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MINIMUM = 1_500
"""Fewest texts worth a process of their own: starting one and sending back its verdicts costs
about as much as judging a few hundred texts."""

_IN_PART = False
"""True in a forked process: it judges its part and does not share it out again."""


def processes(count: int, minimum: int = MINIMUM) -> int:
    """How many processes ``count`` texts are judged in: one unless there are cores to spare and
    each process gets at least ``minimum`` texts."""
    if _IN_PART or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS has no affinity: every core is free to us
        cores = os.cpu_count() or 1
    return max(1, min(cores, count // minimum))


def in_parts(work: Callable[[Sequence[Item]], Result], items: Sequence[Item], minimum: int = MINIMUM) -> list[Result]:
    """``work`` of each part of ``items``, in order: one part here, the others in forked processes.

    Args:
        work: Judges a part; what it returns must pickle. It runs in a copy of this process, so it
            reads the story from memory, and what it changes there is lost.
        items: What to share out, in contiguous parts of about equal size.
        minimum: Fewest items worth a process of their own.

    Returns:
        ``work(part)`` of each part, in the order of the parts (one part when not shared out).
    """
    count = min(processes(len(items), minimum), len(items))
    if count <= 1:
        return [work(items)]
    size = -(-len(items) // count)
    parts = [items[start : start + size] for start in range(0, len(items), size)]
    children = [_fork(work, part) for part in parts[1:]]
    results = [work(parts[0])]
    for part, child in zip(parts[1:], children, strict=True):
        sent = _collect(child) if child is not None else None
        results.append(work(part) if sent is None else sent[0])
    return results


_Child = tuple[int, int]
"""A forked part: its process id and the end of the pipe its result comes through."""


def _fork(work: Callable[[Sequence[Item]], Result], part: Sequence[Item]) -> _Child | None:
    import pickle

    try:
        reading, writing = os.pipe()
        pid = os.fork()
    except OSError:
        return None  # no process to be had: the part is judged here
    if pid:
        os.close(writing)
        return pid, reading
    # The forked part: judge, send the pickled result, and leave without running this
    # process's exit handlers or flushing its output, which belong to the parent.
    global _IN_PART
    _IN_PART = True
    status = 1
    try:
        os.close(reading)
        payload = pickle.dumps(work(part), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as out:
            out.write(payload)
        status = 0
    finally:
        os._exit(status)


def _collect(child: _Child) -> tuple[Any] | None:
    """What a forked part sent (in a tuple of one), or ``None`` if it failed."""
    import pickle

    pid, reading = child
    with os.fdopen(reading, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        return (pickle.loads(payload),)  # written by our own forked process
    except Exception:  # a part cut short: judged here instead
        return None
