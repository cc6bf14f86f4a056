"""Load a story folder into the model, collecting every problem as a diagnostic.

Loading never raises for bad input: a broken file is reported and skipped, a broken scene is
reported and the rest still load, so that ``story check`` can report everything at once.

This module finds the files and runs the steps: :mod:`story.loading.files` reads each file,
:mod:`story.loading.build` builds the story from them (each node by :mod:`story.loading.nodes`,
the sources by :mod:`story.loading.sources_manifest`) and finds every quote in its source.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from story.core.codes import Code
from story.core.diagnostics import Diagnostic, Pos
from story.core.model import Story
from story.loading.build import Builder
from story.loading.collector import paused_gc
from story.loading.files import StoryFiles
from story.loading.listing import story_files

if TYPE_CHECKING:
    from story.loading.parsed import ParsedFiles  # a check with --no-cache never imports it


def load_story(
    path: Path | str, parsed: ParsedFiles | None = None
) -> tuple[Story | None, list[Diagnostic], StoryFiles]:
    """Load a story folder (or the folder of a story file).

    Args:
        path: A story folder, or any YAML file inside one.
        parsed: The cache of parsed files to read each unchanged file from, and to update.

    Returns:
        The story (``None`` if nothing usable was found), the diagnostics, and the raw files.
    """
    root = Path(path)
    if root.is_file():
        root = root.parent
    files = StoryFiles()
    diagnostics: list[Diagnostic] = []
    builder = Builder(diagnostics, files, parsed)
    paths = story_files(root)
    if not paths:
        others = sorted(path.name for path in root.glob("*.yml"))
        hint = (
            f"story files end in .yaml: rename {others[0]}"
            + (f" and {len(others) - 1} more" if len(others) > 1 else "")
            if others
            else "point at a story folder"
        )
        diagnostics.append(
            Diagnostic(Pos(str(root)), Code.UNREADABLE_PATH, "no *.yaml files in the story folder", hint)
        )
        return None, diagnostics, files
    with paused_gc():
        builder.read(paths)
        story = builder.finish(root)
    if parsed is not None:
        parsed.save()
    return story, diagnostics, files
