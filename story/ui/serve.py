"""Serving the player to browsers with textual-serve: one app process, and one save, per browser.

textual-serve runs a command for every browser connection and relays the terminal over a
websocket. On top of it this module adds what a classroom needs:

- a page template with no online font (the stock one asks Google Fonts for Roboto Mono; the font
  ships with textual-serve, so the page loads it from this server), so serving works offline;
- URLs built from the address the browser used, so the page works from other machines when the
  server listens on the network;
- a session cookie per browser, and a save folder per session (``STORY_DATA_DIR``), so each
  student keeps their own progress, also across reloads;
- a check that websockets come from this server's own page, and a cap on concurrent sessions.
"""

from __future__ import annotations

import logging
import re
import secrets
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("story.ui.serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
COOKIE = "story_session"
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
DEFAULT_MAX_SESSIONS = 60
"""Each session is a process of its own (see the README for its memory); this bounds the total."""


def play_command(root: Path | None, *, present: bool = False) -> str:
    """The shell command textual-serve runs for each browser.

    ``exec`` replaces the shell, so a session is one process, not two.
    """
    words = [sys.executable, "-m", "story", "present" if present else "play"]
    if root is not None:
        words.append(str(root.resolve()))
    return "exec " + shlex.join(words)


def session_id(request: web.Request) -> str | None:
    """The browser's session id from its cookie, if it has a valid one."""
    value = request.cookies.get(COOKIE, "")
    return value if _SESSION_ID.match(value) else None


class SessionAppService(AppService):
    """One browser's app process, with its own save folder."""

    def __init__(self, *args: Any, save_dir: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.save_dir = save_dir

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["STORY_DATA_DIR"] = str(self.save_dir)
        return environment


class StoryServer(Server):
    """textual-serve's server with per-browser saves and a page that needs no internet."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        title: str = "story",
        sessions_dir: Path,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
    ) -> None:
        """
        Args:
            command: Shell command run for each browser (see :func:`play_command`).
            host: Address to listen on.
            port: Port to listen on.
            title: Shown on the page while the app starts.
            sessions_dir: One folder per browser session is made under it for saves.
            max_sessions: Most app processes running at once.
        """
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.sessions_dir = sessions_dir
        self.max_sessions = max_sessions
        self.active = 0
        """App processes running now."""

    async def on_startup(self, app: web.Application) -> None:
        shown = "127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host
        self.console.print(f"Serving {self.title} on http://{shown}:{self.port}", highlight=False, markup=False)
        if self.host in ("", "0.0.0.0", "::"):
            self.console.print("Listening on every network interface: other machines can connect.", markup=False)
        self.console.print(f"Each browser's progress is saved under {self.sessions_dir}", markup=False)
        self.console.print("Press Ctrl+C to stop.", markup=False)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """The page: the terminal, wired to this server as the browser reached it."""
        scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": _to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if session_id(request) is None:
            response.set_cookie(
                COOKIE, secrets.token_hex(16), max_age=365 * 24 * 3600, httponly=True, samesite="Strict", path="/"
            )
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start this browser's app process and relay it (textual-serve's loop, with a save folder)."""
        origin = request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1] != request.host:
            # Another site's page may not drive a session (cross-site websocket hijacking).
            raise web.HTTPForbidden(text="websocket from another origin")
        websocket = web.WebSocketResponse(heartbeat=15)
        if self.active >= self.max_sessions:
            await websocket.prepare(request)
            await websocket.close(code=1013, message=b"too many sessions")
            return websocket
        session = session_id(request) or secrets.token_hex(16)
        width = _to_int(request.query.get("width", "80"), 80)
        height = _to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        self.active += 1
        try:
            await websocket.prepare(request)
            app_service = SessionAppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
                save_dir=self.sessions_dir / session,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except Exception as error:  # a broken connection must not take the server down
            log.exception(error)
        finally:
            self.active -= 1
            if app_service is not None:
                await app_service.stop()
        return websocket


def _to_int(value: str, default: int) -> int:
    try:
        return max(1, min(int(value), 1000))
    except ValueError:
        return default
