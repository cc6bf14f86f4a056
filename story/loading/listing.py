"""Which files make up a story folder. Light by design: a stored report is checked against it
before anything heavier is imported."""

from __future__ import annotations

from pathlib import Path


def story_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` file under a story folder, in a stable order.

    Hidden files and folders (``.git``, ``.venv``, the ``._name.yaml`` files macOS leaves on
    copied drives, editors' lock files) are not part of the story.
    """
    return sorted(
        path
        for path in root.rglob("*.yaml")
        if _maybe_file(path) and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def _maybe_file(path: Path) -> bool:
    """Whether a path may be a file: a file, or one in a folder that cannot be looked into
    (listed all the same, so that loading says why it cannot be read, never skips it unsaid)."""
    try:
        return path.is_file()
    except OSError:
        return True
