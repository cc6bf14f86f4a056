"""Browser sessions: ids the server signs, private save folders, and how long they are kept.

A session id is 32 hex digits; the cookie holds the id and its signature (HMAC-SHA256 with a
secret kept in the sessions folder, so ids survive a restart of the server). The server accepts
only what it signed, so a client cannot choose an id, and a cookie with anything around the id
(a trailing newline, say) is not one. An id from before ids were signed is still accepted if its
folder exists, and the page then signs it.

Each session's saves are in a folder named by its id, readable by the server's user only (the
sessions folder too, so the ids cannot be listed). A session that saved nothing leaves nothing:
its folder is removed when its player ends, and a connection without a session (no cookie) plays
in a throwaway folder. Folders not used for ``keep_days`` days are removed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("story.ui.serve")

DEFAULT_KEEP_DAYS = 60
"""Sessions unused this long are removed (about a school term's break)."""

EMPTY_SECONDS = 3600.0
"""An empty session folder older than this was left by a server that stopped (a fresh one is in use)."""

_SIGNED = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{32})")
_EARLIER = re.compile(r"[0-9a-f]{32}")
_SECRET = ".secret"
_UNSAVED = ".unsaved"


@dataclass(frozen=True)
class Session:
    """Where one player keeps its saves."""

    id: str | None
    """The session's id; ``None`` for a connection without one."""
    folder: Path
    """Its save folder (for a connection without a session, a throwaway one)."""

    @property
    def name(self) -> str:
        """How the log names it: enough of the id to tell sessions apart, not enough to use."""
        return self.id[:6] if self.id else "(unsaved)"


class Sessions:
    """The sessions folder: ids, their folders, and their expiry."""

    def __init__(self, directory: Path, *, keep_days: float = DEFAULT_KEEP_DAYS) -> None:
        """
        Args:
            directory: One folder per session is made under it.
            keep_days: Sessions unused for this many days are removed; 0 keeps them for ever.
        """
        self.directory = directory
        self.keep_days = keep_days
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if directory.stat().st_mode & 0o077:
            if all(
                _EARLIER.fullmatch(entry.name) or entry.name in (_SECRET, _UNSAVED) for entry in directory.iterdir()
            ):
                directory.chmod(0o700)  # the ids are its folders' names: nobody else may list them
            else:
                log.warning("%s is readable by others, who can list the session ids: chmod 700 it", directory)
        self._secret = self._load_secret()

    # -- ids -------------------------------------------------------------------------------------

    def issue(self, session_id: str | None = None) -> str:
        """A cookie value for a new session (or for ``session_id``, to sign an earlier one)."""
        session_id = session_id or secrets.token_hex(16)
        return f"{session_id}.{self._sign(session_id)}"

    def identify(self, cookie: str | None) -> tuple[str | None, bool]:
        """The session id a cookie holds, and whether its cookie should be signed anew.

        ``None`` for anything the server did not issue.
        """
        if not cookie:
            return None, False
        signed = _SIGNED.fullmatch(cookie)
        if signed is not None:
            session_id, signature = signed.groups()
            if hmac.compare_digest(signature, self._sign(session_id)):
                return session_id, False
            return None, False
        if _EARLIER.fullmatch(cookie) and (self.directory / cookie).is_dir():
            return cookie, True  # made by a version that did not sign ids
        return None, False

    def _sign(self, session_id: str) -> str:
        return hmac.new(self._secret, session_id.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def _load_secret(self) -> bytes:
        path = self.directory / _SECRET
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            try:
                value = path.read_text(encoding="ascii").strip()
                if re.fullmatch(r"[0-9a-f]{64}", value):
                    return bytes.fromhex(value)
            except (OSError, UnicodeDecodeError):
                pass
            log.warning("%s is not a secret this server wrote; sessions last until it stops", path)
            return secrets.token_bytes(32)
        except OSError as error:
            log.warning("cannot keep a secret in %s (%s); sessions last until it stops", path, error.strerror)
            return secrets.token_bytes(32)
        secret = secrets.token_bytes(32)
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(secret.hex())
        return secret

    # -- folders ---------------------------------------------------------------------------------

    def open(self, session_id: str | None) -> Session:
        """The save folder of a session starting a player, made private, and marked as used now."""
        if session_id is None:
            folder = self.directory / _UNSAVED / secrets.token_hex(8)
            _private_folder(folder.parent)
        else:
            folder = self.directory / session_id
        _private_folder(folder)
        now = time.time()
        os.utime(folder, (now, now))
        return Session(session_id, folder)

    def close(self, session: Session) -> bool:
        """A player has ended: leave nothing if there is nothing to resume. Returns whether it kept a save."""
        if session.id is None:
            shutil.rmtree(session.folder, ignore_errors=True)
            return False
        try:
            session.folder.rmdir()  # only if empty
        except OSError:
            return True
        return False

    def tidy(self, playing: set[Path]) -> int:
        """Remove what no session can resume, and sessions unused for ``keep_days``.

        Throwaway folders and empty ones (an hour old) go at once; folders in ``playing`` are
        left alone, and so is anything not named like a session.
        Slow on a large folder: run it off the event loop. Returns how many sessions expired.
        """
        oldest = time.time() - self.keep_days * 24 * 3600 if self.keep_days > 0 else None
        expired = 0
        for folder in (self.directory / _UNSAVED).glob("*"):
            if folder not in playing:
                shutil.rmtree(folder, ignore_errors=True)
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return 0
        for entry in entries:
            folder = Path(entry.path)
            session = _EARLIER.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
            if not session or folder in playing:
                continue  # only session folders: the folder may hold other things too
            used = _last_used(folder)
            if used < time.time() - EMPTY_SECONDS:
                try:
                    folder.rmdir()  # only if empty: a session that never saved
                    continue
                except OSError:
                    pass
            if oldest is not None and used < oldest:
                shutil.rmtree(folder, ignore_errors=True)
                expired += 1
        return expired


def _private_folder(folder: Path) -> None:
    """Make the folder if needed, readable by this user only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def _last_used(folder: Path) -> float:
    """When a session was last used: its folder's time, or its newest file's."""
    newest = folder.stat().st_mtime
    try:
        for entry in os.scandir(folder):
            newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    except OSError:
        pass
    return newest
