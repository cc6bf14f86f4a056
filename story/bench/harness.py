"""The figures of ``story bench``, each a median over repeated runs.

Machines are noisy, so wherever a figure can be a ratio it is one: the story's time (or memory)
over a baseline measured in the same run, with the two measured turn about. Every process is
started fresh, so imports and start-up count, as they do for a reader.

1. ``first_frame``: the player's first painted screen against a minimal Textual app.
2. ``transition``: keypress to the next scene rendered, p95 over many transitions; ``reload``, a
   saved edit to the edit drawn in the player, p95.
3. ``check``: ``story check --no-cache`` on the bundled story against importing PyYAML and loading
   the same files with ``CSafeLoader``; ``check_cached``, the same with its caches warm;
   ``check_edit``, the largest generated story checked after one file changed, against loading it.
4. ``scaling``: ``story check --no-cache`` on generated stories of 1,000 and 10,000 scenes.
5. ``peer``: the same generated stories compiled by inkjs, the JavaScript Ink compiler.
6. ``memory``: peak RSS of the player after a full walkthrough against the minimal app.
7. ``web_page``: the bundled story's web page, first paint in Chromium against a minimal page
   (with its size); reported, with no budget.

Figures 1, 2 and 6 (and ``reload``) are measured by :mod:`story.bench.player`, figures 3 to 5 by
:mod:`story.bench.check`, figure 7 by :mod:`story.bench.web`; :mod:`story.bench.report` shows them.
"""

from __future__ import annotations

from collections.abc import Callable

from story.bench import player
from story.bench.check import (
    figure_check,
    figure_check_edit,
    figure_peer,
    figure_scaling,
    generated_story,
    measure_generated,
)
from story.bench.figures import FIGURE_ORDER, BenchError, Figure, Settings, skipped
from story.bench.processes import ensure_bytecode


def run_all(settings: Settings, progress: Callable[[str], None] | None = None) -> list[Figure]:
    """Measure every figure. A figure that cannot be measured is reported as skipped."""
    say = progress or (lambda message: None)
    figures: dict[str, Figure] = {}
    say("compiling the package's bytecode, as installing it does")
    ensure_bytecode()
    say("story check on the bundled story")
    figures["check"] = _guarded("check", figure_check, settings)
    figures["check_cached"] = _guarded("check_cached", figure_check, settings, True)
    say(f"generating stories of {settings.sizes[0]:,} and {settings.sizes[1]:,} scenes")
    stories = [generated_story(size) for size in settings.sizes]
    say("story check and inkjs on the generated stories, turn about")
    try:
        times = measure_generated(settings, stories)
    except BenchError as error:
        figures["scaling"] = skipped("scaling", str(error))
        figures["peer"] = skipped("peer", str(error))
    else:
        figures["scaling"] = figure_scaling(settings, stories, times)
        figures["peer"] = figure_peer(settings, stories, times)
    say(f"story check after an edit to the story of {settings.sizes[1]:,} scenes")
    figures["check_edit"] = _guarded("check_edit", figure_check_edit, settings, stories[-1])
    say("the player")
    try:
        for figure in player.figures(settings):
            figures[figure.id] = figure
    except BenchError as error:
        for key in ("first_frame", "transition", "reload", "memory"):
            figures.setdefault(key, skipped(key, str(error)))
    say("the web page in headless Chromium")
    figures["web_page"] = _guarded("web_page", figure_web, settings)
    return [figures.get(key) or skipped(key, "not measured") for key in FIGURE_ORDER]


def figure_web(settings: Settings) -> Figure:
    """The bundled story's web page: its first paint against a minimal page, and its size."""
    from story.bench.web import measure_web

    measured = measure_web(runs=3 if settings.quick else 9)
    return Figure(
        "web_page",
        "the web page's first paint in Chromium vs a minimal HTML page",
        measured.paint_ratio,
        "x",
        "reported",
        None,
        {
            "page_kib": round(measured.page_bytes / 1024, 1),
            "gzip_kib": round(measured.page_gzip_bytes / 1024, 1),
            "first_paint_ms": round(measured.first_paint_ms, 1),
            "minimal_page_ms": round(measured.baseline_paint_ms, 1),
            "runs": measured.runs,
        },
    )


def _guarded(key: str, measure: Callable[..., Figure], *args: object) -> Figure:
    try:
        return measure(*args)
    except BenchError as error:
        return skipped(key, str(error))
