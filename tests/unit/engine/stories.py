"""Small stories written into a folder, for the engine tests."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from story.core.diagnostics import Diagnostic
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


CACHED_SCENES = """\
scenes:
  - id: a
    title: Fired 40 times
    passages:
      - text: >-
          It fired 45 times at
          dawn.
        cite:
          - source: "004"
            quote: fired 40 times
      - text: >-
          According to the South Korean military, he collapsed 150 yards after the border line.
        cite:
          - source: "004"
            quote: According to the South Korean military
          - source: "004"
            quote: collapsing 150 yards after the border line
      - text: Dawn fired 40 times.
        cite:
          - source: "004"
            quote: fired 40 times
    ending: true
"""
"""One scene with an unsupported figure (E501) and word (E701) in lines 6-7, a clean passage, and in
line 18 a capitalised "Dawn" that is an ordinary word only while line 7 writes "dawn"."""


def own_sources_story(tmp_path: Path) -> Path:
    """A story folder with its own copy of the sources, so that a test may edit an article."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    manifest = (ROOT / "scenes" / "sources.yaml").read_text(encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(manifest.replace("../seeds/", "seeds/"), encoding="utf-8")
    story_yaml = (
        'story:\n  title: Fired 40 times\n  cite:\n    - source: "004"\n      quote: fired 40 times\n'
        "  start: a\n  sources: sources.yaml\n"
    )
    return write_story(tmp_path, {"story.yaml": story_yaml, "scenes.yaml": CACHED_SCENES})


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file with ``new`` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def seen(diagnostics: list[Diagnostic]) -> list[tuple[object, ...]]:
    """Diagnostics as plain values, to compare two reports whole."""
    return [(str(d.pos), str(d.code), d.message, d.hint, d.related) for d in diagnostics]
