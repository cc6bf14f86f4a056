"""Work on a large story shared out over the free cores, as ruff checks files on every core.

Two jobs of a cold check split into parts that need nothing of each other: parsing the story's
files (:mod:`story.loading.loader`), and judging each text against its own quotes (the text rules,
:mod:`story.checking.checker` and :mod:`story.checking.verdicts`). On a machine with more than one
core free to this process, when there is enough of either, :func:`in_parts` does the first part
here and each other one in a process forked from this one, which finds what it needs in its copy
of this process's memory and sends back only what it made. The results come back in the order of
the parts, so a report is the same as from one process.

Nothing is shared out where forking is unsafe or unavailable: on a platform without ``fork``, in a
process running other threads (a forked copy of a thread's lock can never be released, so the
player, which runs threads, never forks), or inside a part already forked. A part whose process
fails is done here instead, so a check never loses a verdict to a process.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")

MINIMUM = 1_500
"""Fewest texts worth a process of their own: starting one and sending back its verdicts costs
about as much as judging a few hundred texts."""

MINIMUM_BYTES = 1 << 20
"""Fewest bytes of YAML worth parsing in a process of their own."""

_IN_PART = False
"""True in a forked process: it does its part and does not share it out again."""


def processes(count: int, minimum: int = MINIMUM) -> int:
    """How many processes ``count`` items are shared out over: one unless there are cores to spare
    and each process gets at least ``minimum`` items."""
    if _IN_PART or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS has no affinity: every core is free to us
        cores = os.cpu_count() or 1
    return max(1, min(cores, count // minimum))


def in_parts(
    work: Callable[[Sequence[Item]], Result],
    items: Sequence[Item],
    minimum: int = MINIMUM,
    size: Callable[[Item], int] | None = None,
    sending: float = 0.0,
) -> list[Result]:
    """``work`` of each part of ``items``, in order: one part here, the others in forked processes.

    Args:
        work: Does a part; what it returns must pickle. It runs in a copy of this process, so it
            reads the story from memory, and what it changes there is lost.
        items: What to share out, in contiguous parts of about equal work.
        minimum: Fewest items worth a process of their own.
        size: How much work an item is (by default, the same for every item).
        sending: What a forked part costs beyond doing it, as a share of doing it: copying the
            memory it writes to, and sending its result back. The part done here is larger by as
            much, so that the parts are done at about the same time.

    Returns:
        ``work(part)`` of each part, in the order of the parts (one part when not shared out).
    """
    count = min(processes(len(items), minimum), len(items))
    if count <= 1:
        return [work(items)]
    parts = _cut(items, count, size, sending)
    children = [_fork(work, part) for part in parts[1:]]
    try:
        results = [work(parts[0])]
        for index, (part, child) in enumerate(zip(parts[1:], children, strict=True)):
            children[index] = None  # collected (or failed to fork): nothing left to end
            sent = _collect(child) if child is not None else None
            results.append(work(part) if sent is None else sent[0])
    finally:
        for child in children:  # left when a part raised here: end and reap the others
            if child is not None:
                _end(child)
    return results


def _cut(items: Sequence[Item], count: int, size: Callable[[Item], int] | None, sending: float) -> list[Sequence[Item]]:
    """``items`` in at most ``count`` contiguous parts, none empty: the first (done here) of
    ``1 + sending`` shares of the work, each other of one share."""
    weights = [1] * len(items) if size is None else [max(size(item), 1) for item in items]
    total = sum(weights)
    share = total / (count + sending)
    ends = [total - share * (count - 1 - index) for index in range(count - 1)]  # where each part but the last ends
    parts: list[Sequence[Item]] = []
    start = done = passed = 0
    for index, weight in enumerate(weights):
        done += weight
        if passed < len(ends) and done >= ends[passed] - 1e-9:
            while passed < len(ends) and done >= ends[passed] - 1e-9:  # an item heavier than a share ends several
                passed += 1
            parts.append(items[start : index + 1])
            start = index + 1
    if start < len(items):
        parts.append(items[start:])
    return parts


def alongside(here: Callable[[], Result], there: Callable[[], Other], worth: bool = True) -> tuple[Result, Other]:
    """``here()`` in this process while ``there()`` runs in a forked one: two jobs of a large
    story that need nothing of each other. One after the other here, ``here()`` first, when it is
    not ``worth`` a process or forking is unsafe (see :func:`processes`), or when the forked
    process fails: ``there()`` may then use what ``here()`` left behind.

    Returns:
        What each returned; what ``there()`` returns must pickle.
    """
    child = _fork(lambda _: there(), ()) if worth and processes(2, 1) > 1 else None
    try:
        done = here()
    except BaseException:
        if child is not None:
            _end(child)
        raise
    sent = _collect(child) if child is not None else None
    return done, there() if sent is None else sent[0]


_Child = tuple[int, int]
"""A forked part: its process id and the end of the pipe its result comes through."""


def _fork(work: Callable[[Sequence[Item]], Result], part: Sequence[Item]) -> _Child | None:
    import pickle

    try:
        reading, writing = os.pipe()
    except OSError:
        return None  # no process to be had: the part is done here
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid:
        os.close(writing)
        return pid, reading
    # The forked part: do it, send the pickled result, and leave without running this
    # process's exit handlers or flushing its output, which belong to the parent. It lets go of
    # the parent's standard streams at once, so that whoever reads the parent's output (the
    # player reads a background check's) is not kept waiting by a part the parent no longer wants.
    global _IN_PART
    _IN_PART = True
    status = 1
    try:
        os.close(reading)
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
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
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 0  # reaped already (SIGCHLD ignored): a payload read whole is all there is to go by
    if status != 0 or not payload:
        return None
    try:
        return (pickle.loads(payload),)  # written by our own forked process
    except Exception:  # a part cut short: done here instead
        return None


def _end(child: _Child) -> None:
    """End a forked part whose result is no longer wanted, and reap it."""
    pid, reading = child
    os.close(reading)
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
