"""The ``story`` command line.

Each subcommand lives in its own module under :mod:`story.commands` and is imported only when it
runs, so that ``story check`` and ``story cite`` never import Textual.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import NoReturn

from story import __version__

COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("story.commands.play", "play a story in the terminal (the default)"),
    "check": ("story.commands.check", "check that a story invents nothing"),
    "cite": ("story.commands.cite", "find a passage in the sources and print a ready citation"),
    "schema": ("story.commands.schema", "print the JSON Schema of story files"),
    "present": ("story.commands.present", "present a story to a class, one passage at a time"),
    "serve": ("story.commands.serve", "serve the player to browsers on this machine or network"),
    "export": ("story.commands.export", "write a printable handout (Markdown or HTML), or the story as one web page"),
    "graph": ("story.commands.graph", "draw the scene map (Mermaid or Graphviz DOT)"),
    "new": ("story.commands.new", "scaffold a new scene file"),
    "bench": ("story.commands.bench", "measure the player and story check against their budgets"),
}
"""Subcommand name to (module, help). Each module has ``add_arguments`` and ``run``."""


class UsageError(Exception):
    """A bad command line: exit status 2."""


_ending_at_once = False
"""Whether the command running ends the process as soon as it has run (see :func:`main`)."""
_kept: list[object] = []
"""What such a command made, kept until the process ends (see :func:`keep_to_the_end`)."""


def keep_to_the_end(made: object) -> None:
    """Keep ``made`` until the process ends, if the command running ends it at once (see :func:`main`).

    A checked story of millions of objects would otherwise be freed one by one as the function
    that made it returns, just before the process ends and frees them all at once.
    """
    if _ending_at_once:
        _kept.append(made)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with the arguments of ``command`` only (or of every command when ``None``).

    Each command's module is imported to add its arguments, and some import a lot (Textual, the
    checker): a run needs only its own command's, and ``story --help`` lists the others by name.
    """
    parser = argparse.ArgumentParser(
        prog="story",
        description="An interactive explainer of a reported news event. Every line cites the reporting.",
    )
    parser.add_argument("--version", action="version", version=f"story {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if command is None or name == command:  # a run parses its own command's line only
            sub = subparsers.add_parser(name, help=help_text, description=help_text)
            importlib.import_module(module_name).add_arguments(sub)
    return parser


def run() -> NoReturn:
    """The ``story`` program (and ``python -m story``): run the command line, and exit with its status."""
    sys.exit(main(exit_at_once=True))


def main(argv: list[str] | None = None, exit_at_once: bool = False) -> int:
    """Run the command line. Returns the exit status.

    Args:
        argv: The arguments (default: the process's own).
        exit_at_once: End the process as soon as a command that leaves nothing to clean up (its
            module's ``EXIT_AT_ONCE``) has run and its output is flushed, as mypy does: ``story
            check`` may hold a story of millions of objects, which Python would otherwise free
            one by one on its way out.
    """
    global _ending_at_once
    # Until the command is known to need it, the collector is off: the modules imported meanwhile
    # live as long as the process, and a command that ends it at once never needs it.
    collecting = exit_at_once and gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _main(argv, exit_at_once, collecting)
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if not missing or missing == "story":
            raise  # a fault of this package, not of its installation
        print(
            f"story: the Python module {missing!r} is missing: run story from the virtualenv it was installed "
            "in, or install it with its dependencies (see the README)",
            file=sys.stderr,
        )
        return 1
    finally:  # the process did not end at once (a usage error, say): leave it as it was
        _ending_at_once = False
        _kept.clear()
        if collecting:
            gc.enable()


def _main(argv: list[str] | None, exit_at_once: bool, collecting: bool) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list = ["play", *args_list]
    chosen = args_list[0] if args_list and args_list[0] in COMMANDS else None
    parser = build_parser(chosen)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    global _ending_at_once
    _ending_at_once = exit_at_once and getattr(module, "EXIT_AT_ONCE", False)
    if collecting and not _ending_at_once:
        gc.enable()  # the command needs the collector (the player's own holds it back: story.ui.memory)
    try:
        status = int(module.run(args) or 0)
        if _ending_at_once:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
        return status
    except UsageError as error:
        print(f"story {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``story play --plain | head``): stop quietly, and keep
        # Python from reporting the same broken pipe again when it flushes standard output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
