"""Keeping the garbage collector off the reader's keys.

Python's cycle collector runs whenever enough objects have been made, which in the player is
during a move: drawing a scene makes a few thousand objects, and every tenth young collection
also walks what the last ones kept (a few milliseconds), every hundredth everything reading has
kept (the rows of every page got ready: tens of milliseconds). Each fell on whichever key the
reader happened to press. The player freezes what lives as long as the story
(:func:`freeze_long_lived`), and runs the collector after each move's frame is drawn, while the
reader reads (:class:`Collector`).
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


class Collector:
    """Runs the cycle collector between moves, as often as Python would, instead of during them."""

    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None
        """Python's thresholds before :meth:`start` (restored by :meth:`stop`)."""

    def start(self) -> None:
        """Collect only between moves from now on (and during one that makes a great many objects)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()  # type: ignore[assignment]  # three, as set below
            young, *older = self._thresholds
            gc.set_threshold(max(young, DURING_MOVES), *older)

    def stop(self) -> None:
        """Give the collector back its own thresholds."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def between_moves(self) -> int | None:
        """Collect what Python would have collected by now, if anything: the oldest generation
        whose count is over its threshold. Returns the generation collected, if one was."""
        if self._thresholds is None or not gc.isenabled():
            return None
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return generation
        return None
