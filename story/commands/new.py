"""``story new SCENE_ID``: scaffold a scene file to fill in.

The scaffold is meant to fail ``story check`` until it is filled: every placeholder is an empty
string marked ``# TODO``, which the schema rejects (E304, "must not be empty") at its own line,
so nothing half-written can pass as finished.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ..cli import UsageError
from ..paths import resolve_story
from ..schema import ID_PATTERN

SCHEMA_FILE = "story.schema.json"

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new scene. `story check` fails until every TODO below is filled in.
#  1. Find the words in the articles:   story cite "some words"
#     It prints a ready citation (source and quote) to paste under `cite:`.
#  2. Write the passage using only what its quotes say: every number, date and name in the text
#     must appear in them. Keep the article's own attribution ("according to ...").
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
    parser.add_argument("path", nargs="?", help="story folder to add it to (default: the bundled story)")


def run(args: argparse.Namespace) -> int:
    from ..loader import load_story

    scene_id: str = args.scene_id
    if not re.match(ID_PATTERN, scene_id):
        raise UsageError(
            f"bad scene id {scene_id!r}: use lowercase letters, digits, - and _, starting with a letter or digit"
        )
    try:
        root = resolve_story(args.path)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
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
    print(f" {args.path}" if args.path else "")
    return 0


def _schema_path(root: Path, target: Path) -> str | None:
    """The schema's path relative to the new file, if the story folder has a copy."""
    schema = root / SCHEMA_FILE
    if not schema.is_file():
        return None
    return Path(os.path.relpath(schema, target.parent)).as_posix()


def _quoted(source_id: str) -> str:
    # Source ids such as 004 must stay text in YAML.
    return '"' + source_id.replace("\\", "\\\\").replace('"', '\\"') + '"'
