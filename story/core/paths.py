"""Where the bundled story and its sources live, in a checkout and when installed."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent
"""The package folder (``story/``)."""


def bundled_story() -> Path:
    """The bundled story folder.

    In a checkout it is the repository's ``scenes/``; an installed wheel carries a copy (with
    ``seeds/`` beside it, so the story's relative paths still work) under ``story/_bundled``.
    """
    checkout = _HERE.parent / "scenes"
    if (checkout / "story.yaml").is_file() and (_HERE.parent / "pyproject.toml").is_file():
        return checkout
    return _HERE / "_bundled" / "scenes"


def resolve_story(path: str | None) -> Path:
    """The story folder named on the command line, or the bundled story.

    Raises:
        FileNotFoundError: if the path does not exist.
    """
    if path is None:
        return bundled_story()
    candidate = Path(path)
    if not candidate.exists():
        raise FileNotFoundError(f"no such story folder or file: {path}")
    return candidate.parent if candidate.is_file() else candidate


def installed_copy() -> Path:
    """Where an installed wheel keeps its copy of the bundled story and its sources.

    That copy belongs to the installed package: nothing may write into it (a stray file there
    breaks ``story check`` on the bundled story until it is deleted by hand). A checkout has no
    such folder; its bundled story is the repository's own ``scenes/``.
    """
    return _HERE / "_bundled"


def is_installed_copy(path: Path) -> bool:
    """Whether a folder or file is inside the installed package's copy of the bundled story."""
    return path.resolve().is_relative_to(installed_copy().resolve())
