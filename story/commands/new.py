"""``story new SCENE_ID``: scaffold a scene file to fill in.

The scaffold is meant to fail ``story check`` until it is filled: every placeholder is an empty
string marked ``# TODO``, which the schema rejects (E304, "must not be empty") at its own line,
so nothing half-written can pass as finished.

With no PATH the scene goes into the story in the current folder: the folder itself, or the one
story folder directly inside it (a story folder has a ``*.yaml`` file with a ``story:`` section).
It never goes into the bundled story an installed ``story`` carries: that copy is part of the
package, and ``story check``, ``export`` and ``present`` would fail on it from then on.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from story.cli import UsageError
from story.core.paths import bundled_story, installed_copy, is_installed_copy, resolve_story
from story.loading.schema import ID_PATTERN

SCHEMA_FILE = "story.schema.json"

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new scene. `story check` fails until every TODO below is filled in.
#  1. Find the words in the articles:   story cite "some words"
#     Words found exactly print a ready citation (source and quote) to paste under `cite:`;
#     otherwise it prints the closest passage as a comment: write what the article says, then cite.
#  2. Write the passage using only what its quotes say: every number, date and name in the text
#     must appear in them. Keep the article's own attribution ("according to ..."). To say which
#     article says it, name it by its label from the sources manifest, never "an article".
#  3. Lead a choice from another scene to this one (`target: {scene_id}`).
scenes:
  - id: {scene_id}
    title: ""                  # TODO: a short title in sentence case, backed by the quotes below
    passages:
      - text: ""               # TODO: one paragraph, saying only what its quotes say
        cite:
          - source: {source}
            quote: ""          # TODO: the article's exact words (story cite prints them)
    # unlocks: [an-entry-id]   # fact-panel entries this scene reveals
    # discuss:                 # questions for a class, shown by `story present`; cited like all text
    #   - text: ""
    #     cite:
    #       - source: {source}
    #         quote: ""
    choices:                   # or, for a last scene, replace `choices:` and its items with `ending: true`
      - label: ""              # TODO: what the reader looks at next
        target: ""             # TODO: the id of that scene
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scene_id", metavar="SCENE_ID", help="id of the new scene (lowercase letters, digits, - and _)")
    parser.add_argument(
        "path",
        nargs="?",
        help="story folder to add it to (default: the story in the current folder)",
    )


def run(args: argparse.Namespace) -> int:
    from story.loading.loader import load_story

    scene_id: str = args.scene_id
    if not re.match(ID_PATTERN, scene_id):
        raise UsageError(
            f"bad scene id {scene_id!r}: use lowercase letters, digits, - and _, starting with a letter or digit"
        )
    if args.path is None:
        root = _story_here()
    else:
        try:
            root = resolve_story(args.path)
        except FileNotFoundError as error:
            raise UsageError(str(error)) from None
    if is_installed_copy(root):
        raise UsageError(f"{root.resolve()} is the bundled story installed with `story`; it is read-only. {_COPY_HINT}")
    target = root / f"{scene_id}.yaml"
    if target.exists():
        print(f"story new: {target} already exists; not overwriting it", file=sys.stderr)
        return 1
    story, _, _ = load_story(root)
    if story is not None and scene_id in story.scenes:
        where = story.scenes[scene_id].pos
        print(f"story new: the story already has a scene {scene_id!r} ({where})", file=sys.stderr)
        return 1
    if story is not None and story.entry(scene_id) is not None:
        print(f"story new: the id {scene_id!r} is already used by a fact-panel entry", file=sys.stderr)
        return 1
    source = next(iter(story.sources), "000") if story is not None else "000"
    schema = _schema_path(root, target)
    text = TEMPLATE.format(scene_id=scene_id, source=_quoted(source), schema=schema or SCHEMA_FILE)
    try:
        # Mode "x" fails if the file appeared meanwhile: never overwrite.
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"story new: {target} already exists; not overwriting it", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"story new: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"created {target}")
    if schema is None:
        print(f"  for editor help: story schema -o {root / SCHEMA_FILE}")
    print('  next: fill in each TODO (`story cite "some words"` prints a citation), then: story check', end="")
    print(f" {args.path if args.path else root}")
    return 0


_COPY_HINT = "Pass a story folder of your own: story new SCENE_ID PATH"


def _story_here() -> Path:
    """The story in the current folder: the folder itself, or the one story folder inside it.

    Raises:
        UsageError: if there is none, or more than one, or it is the installed bundled story.
    """
    here = Path.cwd()
    if _is_story_folder(here):
        return Path(".")
    try:
        children = sorted(child for child in here.iterdir() if child.is_dir() and not child.name.startswith("."))
    except OSError:
        children = []
    found = [Path(child.name) for child in children if _is_story_folder(child)]
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(str(folder) for folder in found)
        raise UsageError(f"more than one story folder here ({names}); say which: story new SCENE_ID PATH")
    hint = _COPY_HINT
    if installed_copy().is_dir():
        hint += f" (to build on the bundled story, copy it first: cp -r {bundled_story().parent} my-story)"
    raise UsageError(f"no story folder in {here} (none has a .yaml file with a `story:` section). {hint}")


_STORY_SECTION = re.compile(r"""^\ufeff?["']?story["']?[ \t]*:(?:\s|$)""", re.MULTILINE)


def _is_story_folder(folder: Path) -> bool:
    """Whether a folder holds a ``*.yaml`` file with a top-level ``story:`` section."""
    try:
        files = sorted(folder.glob("*.yaml"))
    except OSError:
        return False
    for file in files:
        if file.name.startswith(".") or not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _STORY_SECTION.search(text):
            return True
    return False


def _schema_path(root: Path, target: Path) -> str | None:
    """The schema's path relative to the new file, if the story folder has a copy."""
    schema = root / SCHEMA_FILE
    if not schema.is_file():
        return None
    return Path(os.path.relpath(schema, target.parent)).as_posix()


def _quoted(source_id: str) -> str:
    # Source ids such as 004 must stay text in YAML.
    return '"' + source_id.replace("\\", "\\\\").replace('"', '\\"') + '"'
