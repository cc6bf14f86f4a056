"""``story serve``: serve the player to browsers, one session and one save per browser."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from story.cli import UsageError
from story.core.paths import resolve_story


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 lets a classroom connect)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument(
        "--save-dir",
        metavar="DIR",
        help="where each browser's progress is kept (default: a `served` folder in the story's data folder)",
    )
    parser.add_argument(
        "--max-sessions", type=int, default=60, metavar="N", help="most browsers served at once (default 60)"
    )
    parser.add_argument(
        "--keep-days",
        type=float,
        default=60,
        metavar="DAYS",
        help="remove the progress of browsers not seen for DAYS days (default 60; 0 keeps it for ever)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name the classroom uses to reach this machine (repeatable; its address always works)",
    )
    parser.add_argument("--present", action="store_true", help="serve present mode instead of the player")


def run(args: argparse.Namespace) -> int:
    from story.core.saves import default_save_dir
    from story.loading.loader import load_story

    try:
        root = resolve_story(args.path) if args.path else None
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    if args.max_sessions < 1:
        raise UsageError("--max-sessions must be at least 1")
    if not 0 <= args.keep_days < 100 * 365:
        raise UsageError(f"--keep-days must be 0 or more, not {args.keep_days}")
    for name in args.allow_host:
        if not name or any(c in name for c in "/:@ \t\r\n"):
            raise UsageError(f"--allow-host takes a host name, like school-pc.local, not {name!r}")
    story, diagnostics, _ = load_story(root) if root is not None else load_story(_bundled())
    if story is None:
        for diagnostic in diagnostics:
            if diagnostic.is_error:
                print(diagnostic.render(), file=sys.stderr)
        print("story serve: the story could not be loaded", file=sys.stderr)
        return 1
    try:
        # Fail early and plainly if the port is taken, rather than with a traceback from aiohttp.
        with socket.create_server((args.host, args.port), reuse_port=False):
            pass
    except OSError as error:
        print(f"story serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1

    from story.checking.background import CheckFailed, check_in_child
    from story.ui.serve import StoryServer, play_command

    # Every reader's player checks the story as it starts. Checked once here first, each of them
    # finds the report stored (story check's cache) instead of a whole class checking at once.
    try:
        check_in_child(root.resolve() if root is not None else _bundled())
    except CheckFailed:
        pass  # each player tells its reader what went wrong

    sessions = Path(args.save_dir) if args.save_dir else default_save_dir() / "served"
    try:
        server = StoryServer(
            play_command(root, present=args.present),
            host=args.host,
            port=args.port,
            title=story.title.value,
            sessions_dir=sessions.resolve(),
            max_sessions=args.max_sessions,
            keep_days=args.keep_days,
            allow_hosts=tuple(args.allow_host),
        )
    except OSError as error:
        print(f"story serve: cannot keep progress in {sessions}: {error.strerror or error}", file=sys.stderr)
        return 1
    server.serve()
    return 0


def _bundled() -> Path:
    from story.core.paths import bundled_story

    return bundled_story()
