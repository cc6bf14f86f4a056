"""Where ``story check`` keeps its caches, and how it names what a cached value depends on.

Two caches save an author's second check most of its work: the cache of parsed files
(:mod:`story.loading.parsed`) and the cache of verdicts (:mod:`story.checking.verdicts`). Both
live in one folder of the user's, and both only save time: a cache that cannot be read or written
is ignored, and deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from functools import cache
from pathlib import Path

from story import __version__

_PACKAGE = Path(__file__).resolve().parent.parent
"""The package folder (``story/``)."""


def cache_dir() -> Path:
    """The caches' folder: ``$STORY_CACHE_DIR``, else the user's cache folder.

    Without platformdirs the folder is ``~/.cache/story``.
    """
    override = os.environ.get("STORY_CACHE_DIR")
    if override:
        return Path(override)
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return Path.home() / ".cache" / "story"
    return Path(user_cache_dir("story"))


@cache
def source_digest(*folders: str) -> str:
    """A hash of the package version, Python's version and every source file in ``folders``.

    A cached value made by code in those folders is keyed by it, so that an edit to that code (a
    rule, a message, a model class) never reads a value the old code made.
    """
    digest = hashlib.sha256(f"{__version__}\0{sys.version_info[:2]}".encode())
    for folder in folders:
        for path in sorted((_PACKAGE / folder).rglob("*.py")):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def private_folder(folder: Path) -> bool:
    """Make ``folder`` (mode 0700) if it is missing; True when it is the user's own and no one else can write in it.

    A cache of pickled values is read only from such a folder: pickled data can run code, so it
    must come from no one but the user.
    """
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return stat.S_ISDIR(info.st_mode) and info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
