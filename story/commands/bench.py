"""``story bench``: measure the player and ``story check`` against their budgets."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on standard output")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and few runs: a smoke test, not a measurement"
    )


def run(args: argparse.Namespace) -> int:
    from story.bench.figures import Settings
    from story.bench.harness import run_all
    from story.bench.report import report_json, report_table

    settings = Settings.quick_mode() if args.quick else Settings()

    def progress(message: str) -> None:
        print(f"story bench: {message}...", file=sys.stderr, flush=True)

    figures = run_all(settings, progress)
    print(report_json(figures, settings) if args.json else report_table(figures, settings))
    return 0
