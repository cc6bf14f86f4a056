"""``story play``: play a story. (The Textual player is imported only here.)"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")


def run(args: argparse.Namespace) -> int:
    raise SystemExit("story play: the player is not built yet")
