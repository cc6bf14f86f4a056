"""Where ``story check`` keeps its caches, and how it names what a cached value depends on.

Three caches save an author's next check most of its work: stored reports
(:mod:`story.checking.reports`), parsed files (:mod:`story.loading.parsed`) and verdicts
(:mod:`story.checking.verdicts`); the player adds the story as built, kept beside the parsed files
(:mod:`story.loading.built`). Each keeps one entry per story folder, named by
:func:`story_name`, in one folder of the user's; all of them only save time: a cache that cannot
be read or written is ignored, and deleting the folder is always safe. What no check has used for
:data:`KEEP_DAYS` days is removed (:func:`prune`), so that stories long gone do not fill the disk.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import sys
import time
from functools import cache
from pathlib import Path
from typing import BinaryIO

from story import __version__

_PACKAGE = Path(__file__).resolve().parent.parent
"""The package folder (``story/``)."""


KEEP_DAYS = 30
"""Days a story's cached entries are kept after the last check that used them."""
KINDS = {"reports": ".json", "verdicts": ".json", "parsed": ""}
"""Each cache, and how its entry for a story ends (a folder for parsed files)."""


def story_name(root: Path) -> str:
    """The part of a cache entry's name that stands for a story folder (a hash of its full path)."""
    return hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]


def entry_path(kind: str, root: Path, folder: Path | None = None) -> Path:
    """Where cache ``kind`` (one of :data:`KINDS`) keeps its entry for the story folder ``root``."""
    return (folder or cache_dir()) / f"{kind}-{story_name(root)}{KINDS[kind]}"


def read_regular(path: Path) -> bytes:
    """A file's bytes; only a regular file's (or a folder's, which raises): a named pipe would never end.

    Raises:
        OSError: if it cannot be read, or is not a regular file.
        ValueError: if the path holds a NUL.
    """
    if path.exists() and not path.is_file() and not path.is_dir():
        raise OSError(0, "not a regular file")
    return path.read_bytes()


def digest_of(data: bytes) -> str:
    """The hash :func:`file_digest` gives a file of these bytes."""
    return hashlib.sha256(data).hexdigest()


def reason_unread(error: OSError | ValueError) -> str:
    """What :func:`file_digest` gives a file that could not be read, for this reason."""
    if isinstance(error, ValueError):
        return "!ValueError"  # a NUL in the path
    return "!" + (errno.errorcode.get(error.errno, str(error.errno)) if error.errno else error.strerror or "OSError")


def file_digest(path: Path) -> str:
    """A hash of a file's bytes, or why it cannot be read (``!ENOENT``, ``!EISDIR``, ``!EACCES``...).

    What a check says of a file it cannot read depends on why, so the reason stands in for the hash.
    """
    try:
        return digest_of(read_regular(path))
    except (OSError, ValueError) as error:
        return reason_unread(error)


def file_state(path: str, digest: str | None = None) -> list[str]:
    """What a cached value made from the file at ``path`` depends on: a hash of its bytes (or why it
    could not be read; ``digest`` when already known) and the file the path leads to through any links."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = path
    return [file_digest(Path(path)) if digest is None else digest, real]


def used(root: Path, folder: Path | None = None) -> None:
    """Mark a story's entries as used now, read or written, so that :func:`prune` keeps them."""
    for kind in KINDS:
        try:
            os.utime(entry_path(kind, root, folder))
        except OSError:
            pass  # not there, or not ours to touch: it only costs a later check its speed


def prune(folder: Path | None = None, days: int = KEEP_DAYS, now: float | None = None) -> list[str]:
    """Remove every story's entries that no check has used for ``days`` days; never fail.

    Looked at no more than once a day (a marker file in the folder says when it last was).

    Returns:
        The names of the entries removed.
    """
    folder = folder or cache_dir()
    now = time.time() if now is None else now
    marker = folder / ".pruned"
    removed: list[str] = []
    try:
        if now - marker.stat().st_mtime < 24 * 3600:
            return removed
    except FileNotFoundError:
        pass
    except OSError:
        return removed
    try:
        marker.touch()
        os.utime(marker, (now, now))
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(tuple(f"{kind}-" for kind in KINDS)):
            continue
        try:
            if now - entry.lstat().st_mtime <= days * 24 * 3600:
                continue
            if entry.is_dir() and not entry.is_symlink():
                import shutil  # only an old cache's folders need it

                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry.name)
    return removed


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
    """A hash of the package version, Python's version, PyYAML's files and every source file in ``folders``.

    A cached value made by code in those folders is keyed by it, so that an edit to that code (a
    rule, a message, a model class) never reads a value the old code made; nor does another
    PyYAML, whose messages a broken file's problems quote.
    """
    digest = hashlib.sha256(f"{__version__}\0{sys.version_info[:2]}\0{_pyyaml()}".encode())
    for folder in folders:
        for path in sorted((_PACKAGE / folder).rglob("*.py")):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def loader_version() -> str:
    """A hash of the code a story's files are built by: the loader and the model it builds, and
    PyYAML's files. Parsed files and the story as built are kept under it."""
    return source_digest("core", "loading")


@cache
def _pyyaml() -> str:
    """Where PyYAML's files are, with their sizes and times, without importing it: a new version,
    or the same without its C parser, is other files."""
    from importlib.util import find_spec

    try:
        spec = find_spec("yaml")
    except (ImportError, ValueError):
        return "none"
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    found = []
    for folder in folders:
        try:
            names = sorted(name for name in os.listdir(folder) if name.endswith((".py", ".so", ".pyd")))
        except OSError:
            continue
        for name in names:
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(found) or "none"


def open_private(path: Path) -> BinaryIO:
    """Open a cache file of pickled values to read, only if it is a regular file of the user's own
    that no one else can write; links are not followed.

    Checked on the file opened, not on its name, so that a folder swapped between a check and
    the opening cannot slip another file in; a named pipe is refused without waiting for a writer.

    Raises:
        OSError: if it cannot be opened, or is not such a file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or not _users_alone(info):
            raise OSError(errno.EPERM, "not a private regular file")
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def write_atomically(path: Path, payload: bytes) -> bool:
    """Write a cache file whole or not at all (a reader sees the old one or the new one); never raise.

    Returns:
        False when the folder cannot be written: a cache that cannot be written only costs the
        next check its speed.
    """
    import tempfile  # imported by writers only: a check with --no-cache writes nothing

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    return True


def write_json(path: Path, data: object) -> bool:
    """:func:`write_atomically` a cache's JSON: compact, with the C encoder (``json.dump`` streams
    through the pure-Python one), and ASCII, so that any file name in it can be written."""
    return write_atomically(path, json.dumps(data, separators=(",", ":")).encode("ascii"))


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
    return stat.S_ISDIR(info.st_mode) and _users_alone(info)


def _users_alone(info: os.stat_result) -> bool:
    """Whether a file (or folder) is the user's own, and no one else can write it."""
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return info.st_uid == owner and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
