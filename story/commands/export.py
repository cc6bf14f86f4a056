"""``story export``: the printable handout (Markdown or HTML), or the story as one web page that plays it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from story.cli import UsageError
from story.core.paths import resolve_story


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument(
        "--format",
        choices=("markdown", "html", "web"),
        default="markdown",
        help="the handout as Markdown or HTML, or web: the story as one page that plays it in any browser",
    )
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    # Imported here so that `story --help` stays quick; none of these import Textual.
    from story.checking.checker import check_path
    from story.render.export import render
    from story.render.web import page_html

    try:
        root = resolve_story(args.path)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    if args.output and Path(args.output).is_dir():
        raise UsageError(f"--output is a folder: {args.output}")
    report = check_path(root)
    if report.story is None or report.errors:
        for diagnostic in report.diagnostics:
            if diagnostic.is_error:
                print(diagnostic.render(), file=sys.stderr)
        print(
            f"story export: the story has errors; {'a web page' if args.format == 'web' else 'a handout'} is made "
            "only from a story that passes `story check`",
            file=sys.stderr,
        )
        return 1
    text = page_html(report.story) if args.format == "web" else render(report.story, args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"story export: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
