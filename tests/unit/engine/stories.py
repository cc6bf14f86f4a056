"""Small stories written into a folder, for the engine tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests import ROOT

SOURCES = ROOT / "scenes" / "sources.yaml"
"""The bundled story's sources manifest, which the stories here use."""
SEEDS = ROOT / "seeds"
"""The articles."""

STORY_YAML = f"""\
story:
  title: Fired 40 times
  cite:
    - source: "004"
      quote: fired 40 times
  start: a
  sources: {SOURCES}
"""
"""A story file whose start scene is ``a``; line 5 holds its one quote."""

SCENE_YAML = """\
scenes:
  - id: a
    title: Fired 40 times
    passages:
      - text: It fired 40 times.
        cite:
          - source: "004"
            quote: fired 40 times
    ending: true
"""
"""One clean ending scene ``a``."""


def write_story(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a story folder.

    Args:
        root: Folder to write into (created if needed).
        files: File name to content; text is dedented. ``story.yaml`` defaults to
            :data:`STORY_YAML`, and ``scenes.yaml`` to :data:`SCENE_YAML` unless some other
            file is given besides ``story.yaml``.

    Returns:
        The folder.
    """
    root.mkdir(parents=True, exist_ok=True)
    files = dict(files)
    if not any(name != "story.yaml" for name in files):
        files["scenes.yaml"] = SCENE_YAML
    files.setdefault("story.yaml", STORY_YAML)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root
