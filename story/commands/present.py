"""``story present``: show a story to a class, one passage at a time. (Imports Textual only to run.)"""

from __future__ import annotations

import argparse
import sys

from story.cli import UsageError
from story.core.paths import resolve_story


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument("--scene", metavar="ID", help="start at this scene (default: the first)")


def run(args: argparse.Namespace) -> int:
    from story.ui.present.app import StoryNotReady, make_present_app

    try:
        root = resolve_story(args.path)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    try:
        app = make_present_app(root, scene=args.scene)
    except StoryNotReady as error:
        for diagnostic in error.report.diagnostics:
            if diagnostic.is_error:
                print(diagnostic.render(), file=sys.stderr)
        print(
            "story present: the story has errors; present mode shows only a story that passes `story check`",
            file=sys.stderr,
        )
        return 1
    except KeyError:
        raise UsageError(f"no scene {args.scene!r} in the story") from None
    app.run()
    return 0
