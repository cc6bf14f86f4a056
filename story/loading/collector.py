"""Python's cycle collector, paused while a story is loaded and checked."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while a story is loaded and checked.

    A story's trees hold hundreds of thousands of small objects and no reference cycles, so the
    collector frees nothing; but each of its passes walks every live object, and with the
    collector running, loading a 10,000-scene story took three times as long. Nested and
    concurrent uses are fine: the collector is switched back on only by the use that paused it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
