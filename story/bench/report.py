"""The figures of ``story bench`` as a table for a reader or as one JSON document."""

from __future__ import annotations

import json
import os
from dataclasses import asdict

from story.bench.figures import Figure, Settings


def report_json(figures: list[Figure], settings: Settings) -> str:
    import platform

    document = {
        "quick": settings.quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "figures": {figure.id: asdict(figure) for figure in figures},
    }
    return json.dumps(document, indent=2)


def report_table(figures: list[Figure], settings: Settings) -> str:
    rows = [("#", "figure", "value", "budget", "met")]
    for number, figure in enumerate(figures, start=1):
        met = "skipped" if figure.skipped else ("-" if figure.met is None else ("yes" if figure.met else "NO"))
        met = figure.verdict or met
        rows.append((str(number), figure.name, figure.shown(), figure.budget, met))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for figure in figures:
        if figure.skipped:
            lines.append(f"{figure.id}: skipped: {figure.skipped}")
        elif figure.detail:
            lines.append(f"{figure.id}: " + ", ".join(f"{key}={value}" for key, value in figure.detail.items()))
    if settings.quick:
        lines.append("quick mode: small sizes and few runs; a smoke test, not a measurement")
    return "\n".join(lines)
