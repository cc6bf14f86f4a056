"""What every figure of ``story bench`` is made of: its settings, its record and its arithmetic.

A leaf of the benchmark: it imports no other module of :mod:`story.bench`, so that the modules
measuring the figures and the one reporting them can all share it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    """How much to measure."""

    quick: bool = False
    check_runs: int = 15
    sizes: tuple[int, int] = (1_000, 10_000)
    scaling_runs: int = 5
    frame_runs: int = 10
    transitions: int = 300
    reloads: int = 20
    memory_runs: int = 3

    @classmethod
    def quick_mode(cls) -> Settings:
        """Small sizes and few runs: proves the benchmark works, says little about speed."""
        return cls(
            quick=True,
            check_runs=3,
            sizes=(100, 1_000),
            scaling_runs=3,
            frame_runs=3,
            transitions=50,
            reloads=4,
            memory_runs=1,
        )


@dataclass
class Figure:
    """One measured figure, with its budget."""

    id: str
    name: str
    value: float | None
    """The headline number, in ``unit``; ``None`` when skipped."""
    unit: str
    budget: str
    """The budget in words, such as ``<= 1.2x``."""
    met: bool | None
    """Whether the budget is met (``None`` when there is no budget or the figure was skipped)."""
    detail: dict[str, object] = field(default_factory=dict)
    skipped: str | None = None
    """Why the figure could not be measured."""
    verdict: str | None = None
    """What the table says in its "met" column, where one word is not enough."""

    def shown(self) -> str:
        if self.value is None:
            return "skipped"
        if self.unit == "x":
            return f"{self.value:.2f}x"
        return f"{self.value:.1f} {self.unit}" if self.unit == "ms" else f"{self.value:.2f} {self.unit}"


class BenchError(Exception):
    """A measurement that could not be taken honestly (say, a generated story that fails check)."""


FIGURE_ORDER = (
    "first_frame", "transition", "reload", "check", "check_cached", "check_edit",
    "scaling", "peer", "memory", "web_page",
)  # fmt: skip
"""The figures, in the order the table shows them."""

NAMES = {
    "first_frame": ("first frame of the player vs a minimal Textual app", "x", "<= 1.2x"),
    "transition": ("scene transition, keypress to rendered (p95)", "ms", "<= 16.7 ms"),
    "reload": ("live reload, file saved to the edit drawn (p95)", "ms", "<= 300 ms"),
    "check": ("story check --no-cache on the bundled story vs import yaml + CSafeLoader", "x", "<= 2x"),
    "check_cached": ("story check, caches warm, on the bundled story vs the same floor", "x", "<= 2x"),
    "check_edit": (
        "story check after one file of a generated story changed, vs loading its YAML",
        "s",
        "<= 0.5 s more",
    ),
    "scaling": ("story check on generated stories", "s", "10,000 scenes <= 2 s; 10,000/1,000 <= 12x"),
    "peer": ("story check vs inkjs compiling the same stories as Ink", "x", "< 1x (goal)"),
    "memory": ("peak RSS after a full walkthrough vs a minimal Textual app", "x", "<= 1.3x"),
    "web_page": ("the web page's first paint in Chromium vs a minimal HTML page", "x", "reported"),
}
"""Each figure's name, unit and budget, as shown when it could not be measured."""


def skipped(key: str, why: str) -> Figure:
    """The figure ``key``, not measured because of ``why``."""
    name, unit, budget = NAMES[key]
    return Figure(key, name, None, unit, budget, None, skipped=why)


# -- arithmetic -----------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def alternate(runs: int, *commands: Callable[[], float]) -> list[list[float]]:
    """Call each measurement ``runs`` times, turn about, so drift in the machine hits all alike."""
    results: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            results[index].append(command())
    return results
