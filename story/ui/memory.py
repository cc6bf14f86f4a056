"""Keeping the garbage collector off the reader's keys.

Python's cycle collector runs whenever enough objects have been made, which in the player is
during a move: drawing a scene makes a few thousand objects, and every tenth young collection
also walks what the last ones kept (a few milliseconds), every hundredth everything reading has
kept (the rows of every page got ready: tens of milliseconds). Each fell on whichever key the
reader happened to press. The player freezes what lives as long as the story
(:func:`freeze_long_lived`), and runs the collector after each move's frame is drawn, while the
reader reads (:class:`Collector`). It holds the collector back from its start (:func:`hold_back`),
so that the collections Python would run on the way to the first frame wait until it is drawn.
"""

from __future__ import annotations

import gc

DURING_MOVES = 50_000
"""Objects made, net, that set off a collection while the player runs: far more than a move
makes (about 2,000), so that one runs during a move only if something makes a great many."""


def freeze_long_lived() -> None:
    """Keep the cycle collector off the objects that live as long as the story is played.

    The story, the widgets and Textual's caches are never garbage, yet every full collection
    walks all of them: at 100 x 32 that is several frames' time, falling on whichever key
    the reader happens to press. Once the story is loaded and checked, one collection
    clears what loading left, and freezing the survivors leaves the collector only what
    reading creates. A reload unfreezes first, so that the old story can be collected.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


_pythons: tuple[int, int, int] | None = None
"""Python's own thresholds while :func:`hold_back` holds the collector back."""


def hold_back() -> tuple[int, int, int]:
    """No collection at all until the first frame is drawn (:meth:`Collector.between_moves`), or
    until :func:`give_back`. Returns Python's own thresholds.

    The player starts with this, before it imports Textual: what it makes before its first frame
    (modules, styles, the story, the widgets) lives as long as it does. Python would walk it in a
    hundred young collections on the way, or, held back to :data:`DURING_MOVES`, in one that
    takes as long as two frames, over objects scattered in memory. The first collection between
    moves takes it all at once, after the frame.
    """
    global _pythons
    if _pythons is None:
        _pythons = gc.get_threshold()  # type: ignore[assignment]  # Python's three thresholds
        gc.set_threshold(0, *_pythons[1:])  # a young threshold of 0: Python collects nothing by itself
    return _pythons


def give_back() -> None:
    """Give the collector back Python's own thresholds."""
    global _pythons
    if _pythons is not None:
        gc.set_threshold(*_pythons)
        _pythons = None


class Collector:
    """Runs the cycle collector between moves, as often as Python would, instead of during them."""

    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None
        """Python's own thresholds, from :meth:`start` (given back by :meth:`stop`)."""

    def start(self) -> None:
        """Collect only between moves from now on: nothing until the first :meth:`between_moves`, then
        only between moves (and during one that makes a great many objects)."""
        if self._thresholds is None:
            self._thresholds = hold_back()

    def stop(self) -> None:
        """Give the collector back its own thresholds."""
        if self._thresholds is not None:
            give_back()
            self._thresholds = None

    def between_moves(self) -> int | None:
        """Collect what Python would have collected by now, if anything: the oldest generation
        whose count is over its threshold. Returns the generation collected, if one was.

        The first call, once the first frame is out, takes all that start-up made (about 50 ms,
        before a reader can have read the scene), and lets a move that makes a great many objects
        set off a collection again (:data:`DURING_MOVES`)."""
        if self._thresholds is None or not gc.isenabled() or not self._thresholds[0]:
            return None  # not started, or collection turned off by whoever runs the player
        counts = gc.get_count()
        collected = next((g for g in (2, 1, 0) if counts[g] > self._thresholds[g]), None)
        if collected is not None:
            gc.collect(collected)
        young, *older = self._thresholds
        if gc.get_threshold()[0] == 0:  # the first frame is out: a move may set off a collection again
            gc.set_threshold(max(young, DURING_MOVES), *older)
        return collected
