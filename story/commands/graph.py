"""``story graph``: the scene map as Mermaid or Graphviz DOT."""

from __future__ import annotations

import argparse
import sys

from story.cli import UsageError
from story.core.paths import resolve_story


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="output format")


def run(args: argparse.Namespace) -> int:
    from story.loading.loader import load_story
    from story.render.scene_map import render

    try:
        root = resolve_story(args.path)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    # The map is drawn even when the story has errors: a missing target or an unreachable
    # scene is exactly what an author wants to see. Only a story that cannot load stops it.
    story, diagnostics, _ = load_story(root)
    if story is None:
        for diagnostic in diagnostics:
            if diagnostic.is_error:
                print(diagnostic.render(), file=sys.stderr)
        print("story graph: the story could not be loaded", file=sys.stderr)
        return 1
    sys.stdout.write(render(story, args.format))
    return 0
