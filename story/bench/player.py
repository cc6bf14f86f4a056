"""Figures 1, 2 and 6: the player's first frame, scene transitions and memory."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .harness import Figure, Settings


def figures(settings: Settings) -> list[Figure]:
    from .harness import BenchError

    raise BenchError("the player is not measured yet")
