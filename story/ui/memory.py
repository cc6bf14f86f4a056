"""Keeping the garbage collector off what lives as long as the story is played."""

from __future__ import annotations

import gc


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
