"""``story cite "some words"``: find a passage and print a ready-to-paste YAML citation."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import UsageError
from ..loader import load_story
from ..sources import search
from .check import story_folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("words", help="some words from the articles (fuzzy is fine)")
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument("--source", help="search only this source id")
    parser.add_argument("-n", "--limit", type=int, default=3, help="most results to print (default 3)")


def run(args: argparse.Namespace) -> int:
    root = story_folder(args.path)
    story, diagnostics, _ = load_story(root)
    if story is None or not story.sources:
        for diagnostic in diagnostics:
            if diagnostic.is_error:
                print(diagnostic.render(), file=sys.stderr)
        print("story cite: error: the story's sources could not be loaded", file=sys.stderr)
        return 1
    sources = list(story.sources.values())
    if args.source:
        sources = [s for s in sources if s.id == args.source]
        if not sources:
            raise UsageError(f"unknown source {args.source!r}; known: {', '.join(story.sources)}")
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    found = search(sources, args.words, args.limit)
    if not found:
        print(f"nothing like {args.words!r} in the sources", file=sys.stderr)
        return 1
    for result in found:
        kind = "exact" if result.score == 1.0 else f"closest, {round(100 * result.score)}% alike"
        print(f"# {result.source.path.name}, line {result.line} ({kind})")
        print(f"- source: {json.dumps(result.source.id)}")
        print(f"  quote: {json.dumps(result.quote, ensure_ascii=False)}")
    return 0
