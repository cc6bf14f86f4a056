"""``story play``: play a story. (The Textual player is imported only here.)"""

from __future__ import annotations

import argparse
import os
import sys

from story.cli import UsageError
from story.core.paths import resolve_story


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument("--new", action="store_true", help="start over (the old save is kept aside)")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line-by-line player for screen readers, dumb terminals and pipes "
        "(chosen automatically when output is not a terminal)",
    )


def wants_plain(explicit: bool) -> bool:
    """Whether to use the plain player: asked for, or no terminal to draw the app on."""
    if explicit:
        return True
    if os.environ.get("TEXTUAL_DRIVER"):
        # Served to a browser (textual-serve): output is a pipe, but the app draws fine.
        return False
    if os.environ.get("TERM") == "dumb":
        return True
    return not sys.stdout.isatty()


def run(args: argparse.Namespace) -> int:
    try:
        root = resolve_story(args.path)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    if wants_plain(args.plain):
        from story.render.plain import run_plain

        return run_plain(root, new=args.new)
    from story.ui.memory import hold_back

    hold_back()  # from here to the first frame, everything made lives as long as the player
    from story.ui.app import make_app

    app = make_app(root if args.path else None, new=args.new)
    app.run()
    return app.return_code or 0
