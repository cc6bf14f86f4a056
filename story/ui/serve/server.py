"""The server: textual-serve's, holding up under careless and hostile clients.

textual-serve runs a command for every browser connection and relays the terminal over a
websocket. On top of it this module adds what a classroom needs, and what keeps one class from
being stalled by one client:

- a page with no online font (:mod:`~story.ui.templates`), built from the address the browser
  used, so it works offline and from other machines;
- a signed session cookie per browser and a private save folder per session
  (:mod:`~story.ui.serve.sessions`), so each student keeps their own progress;
- only the host names the server was started for, and websockets from its own page
  (:mod:`~story.ui.serve.hosts`);
- at most ``max_sessions`` players running, counted as processes: a player is ended whatever the
  way its browser went (:mod:`~story.ui.serve.player`), and a browser beyond the cap is told the
  class is full;
- every size and message a client sends checked, static files served from a fixed list (anything
  else is a cheap 404), and a log of one line per event (:mod:`~story.ui.serve.logs`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.server import Server

from story.ui.serve.hosts import EVERY_INTERFACE, Hosts
from story.ui.serve.logs import Refusals, set_up
from story.ui.serve.player import MAX_HEIGHT, MAX_WIDTH, MIN_HEIGHT, MIN_WIDTH, Player, clamp
from story.ui.serve.sessions import DEFAULT_KEEP_DAYS, Session, Sessions

log = logging.getLogger("story.ui.serve")

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
COOKIE = "story_session"
DEFAULT_MAX_SESSIONS = 60
"""Each session is a process of its own (see the README for its memory); this bounds the total."""
HEARTBEAT = float(os.environ.get("STORY_SERVE_HEARTBEAT", "") or 15.0)
"""Seconds between pings to a browser; one that does not answer within half of it is gone.

``STORY_SERVE_HEARTBEAT`` shortens it for the tests, which play a browser that vanishes."""
MAX_MESSAGE = 64 * 1024
"""The largest message a browser may send (a paste of text; the page's own are a few bytes)."""
TIDY_SECONDS = 3600.0
"""How often expired sessions are looked for (and once at start)."""

CLOSE_FULL = 1013  # "try again later"
CLOSE_BAD = 1008  # "policy violation"
CLOSE_STOPPING = 1001  # "going away"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


class StoryServer(Server):
    """textual-serve's server with per-browser saves, a page that needs no internet, and limits."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        title: str = "story",
        sessions_dir: Path,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        keep_days: float = DEFAULT_KEEP_DAYS,
        allow_hosts: tuple[str, ...] = (),
    ) -> None:
        """
        Args:
            command: Shell command run for each browser (see :func:`play_command`).
            host: Address to listen on.
            port: Port to listen on.
            title: Shown on the page while the app starts.
            sessions_dir: One folder per browser session is made under it for saves.
            max_sessions: Most players running at once.
            keep_days: Sessions unused this many days are removed (0: never).
            allow_hosts: Host names to answer to besides this machine's address and names.
        """
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.max_sessions = max_sessions
        self.sessions = Sessions(sessions_dir, keep_days=keep_days)
        self.hosts = Hosts(host, allow_hosts)
        self.refusals = Refusals()
        self.players: dict[Player, Session] = {}
        """Players whose process is running (or being ended): what the cap counts."""
        self.statics = {
            path.relative_to(self.statics_path).as_posix(): path
            for path in self.statics_path.rglob("*")
            if path.is_file()
        }
        self._chores: asyncio.Task[None] | None = None

    @property
    def sessions_dir(self) -> Path:
        return self.sessions.directory

    # -- running -----------------------------------------------------------------------------

    def initialize_logging(self) -> None:
        set_up(debug=self.debug)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C, logging one line per event and none per request."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signal_number, self.request_exit)
            except (NotImplementedError, RuntimeError):
                pass
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=None,
            access_log=None,
            shutdown_timeout=5,
        )

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/static/{name:.*}", self.handle_static, name="static"),
                web.get("/favicon.ico", self.handle_favicon),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        shown = "127.0.0.1" if self.host in EVERY_INTERFACE else self.host
        say = [f"Serving {self.title} on http://{shown}:{self.port}"]
        if self.host in EVERY_INTERFACE:
            say.append("Listening on every network interface: other machines can connect.")
            say.append(f"Names it answers to: {', '.join(sorted(self.hosts.names))}, and any address.")
        say.append(f"Each browser's progress is saved under {self.sessions_dir}")
        if self.sessions.keep_days > 0:
            say.append(f"Progress not used for {self.sessions.keep_days:g} days is removed.")
        say.append(f"At most {self.max_sessions} browsers are served at once. Press Ctrl+C to stop.")
        print("\n".join(say), flush=True)
        self._chores = asyncio.create_task(self._keep_tidy())

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every player before the server goes (their browsers are told why)."""
        if self._chores is not None:
            self._chores.cancel()
        log.info("stopping%s", f": ending {len(self.players)} player(s)" if self.players else "")
        for player in list(self.players):
            player.gone = True
            if not player.websocket.closed:
                try:
                    await asyncio.wait_for(
                        player.websocket.close(code=CLOSE_STOPPING, message=b"The server stopped."), 1
                    )
                except (ConnectionError, RuntimeError, TimeoutError):
                    pass
        await asyncio.gather(*(player.end() for player in list(self.players)), return_exceptions=True)

    async def _keep_tidy(self) -> None:
        """Say held-back refusals every few seconds; remove expired sessions every hour."""
        tidied = -TIDY_SECONDS
        while True:
            if time.monotonic() - tidied >= TIDY_SECONDS:
                tidied = time.monotonic()
                playing = {session.folder for session in self.players.values()}
                try:
                    expired = await asyncio.to_thread(self.sessions.tidy, playing)
                except OSError as error:
                    log.warning("could not tidy %s: %s", self.sessions_dir, error)
                else:
                    if expired:
                        log.info("removed %d session(s) unused for %g days", expired, self.sessions.keep_days)
            self.refusals.flush()
            await asyncio.sleep(self.refusals.every)

    # -- requests ----------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Answer only to this server's names; one line, never a traceback, for a failure."""
        host = request.headers.get("Host")
        if not self.hosts.allows(host):
            self.refusals.note(
                "a request for a host name it does not answer to", f"{_short(host or '')!r}; --allow-host adds one"
            )
            return web.Response(
                status=421,
                text="This server does not answer to that name. Use the address the teacher gave.",
                headers=SECURITY_HEADERS,
            )
        try:
            response = await handler(request)
        except web.HTTPException:
            raise
        except Exception as error:
            log.warning("%s %s failed: %s: %s", request.method, _short(request.path), type(error).__name__, error)
            return web.Response(status=500, text="Something went wrong.", headers=SECURITY_HEADERS)
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
        return response

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """The page: the terminal, wired to this server as the browser reached it."""
        scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": clamp(request.query.get("fontsize", "16"), 6, 48, 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        session_id, sign_again = self.sessions.identify(request.cookies.get(COOKIE))
        if session_id is None or sign_again:
            max_age = int(self.sessions.keep_days * 24 * 3600) if self.sessions.keep_days > 0 else 365 * 24 * 3600
            response.set_cookie(
                COOKIE, self.sessions.issue(session_id), max_age=max_age, httponly=True, samesite="Strict", path="/"
            )
        return response

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        """The page's script, styles, font and background: a fixed list, nothing else."""
        path = self.statics.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound(text="Not found.")
        return web.FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    async def handle_favicon(self, request: web.Request) -> web.StreamResponse:
        """The page carries its icon; a browser that asks anyway gets nothing, quickly."""
        return web.Response(status=204, headers={"Cache-Control": "public, max-age=86400"})

    # -- sessions ----------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start this browser's player, relay it, and end it however the browser goes."""
        if not self.hosts.page_allows(request.headers.get("Origin"), request.headers.get("Host")):
            # Another site's page may not drive a session (cross-site websocket hijacking).
            self.refusals.note("a websocket from another site's page", _short(request.headers.get("Origin", "")))
            raise web.HTTPForbidden(text="websocket from another origin")
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE)
        if len(self.players) >= self.max_sessions:
            await websocket.prepare(request)
            self.refusals.note("a browser: the class is full", f"{self.max_sessions} playing")
            message = f"The class is full: {self.max_sessions} are reading. Try again in a minute."
            await websocket.close(code=CLOSE_FULL, message=message.encode())
            return websocket
        session_id, _ = self.sessions.identify(request.cookies.get(COOKIE))
        session = self.sessions.open(session_id)
        width = clamp(request.query.get("width", "80"), MIN_WIDTH, MAX_WIDTH, 80)
        height = clamp(request.query.get("height", "24"), MIN_HEIGHT, MAX_HEIGHT, 24)
        player = Player(
            self.command, request=request, websocket=websocket, save_dir=session.folder, downloads=self.download_manager
        )
        self.players[player] = session
        started = time.monotonic()
        why: str | None = None
        sent_away = False
        try:
            await websocket.prepare(request)
            await player.start(width, height)
            log.info("session %s started (%d of %d playing)", session.name, len(self.players), self.max_sessions)
            why = await self._relay(websocket, player)
            sent_away = why is not None
        except Exception as error:  # a broken connection must not take the server down
            why = f"{type(error).__name__}: {error}"
        finally:
            await self._part(request, websocket, player, sent_away)
            status = await player.end()
            del self.players[player]
            kept = self.sessions.close(session)
            failed = f"; the player failed: {player.why_it_failed()}" if player.failed else ""
            log.info(
                "session %s ended after %s%s%s (%d playing)",
                session.name,
                _duration(time.monotonic() - started),
                "; its progress is kept" if kept else "",
                failed or (f"; {why}" if why else ""),
                len(self.players),
            )
            log.debug("session %s: the player's exit status was %s", session.name, status)
        return websocket

    async def _part(
        self, request: web.Request, websocket: web.WebSocketResponse, player: Player, sent_away: bool
    ) -> None:
        """Close the browser's connection (saying why, if it was sent away), for sure."""
        player.gone = True
        if not websocket.closed:
            code, message = (CLOSE_BAD, b"The page sent something it never sends.") if sent_away else (1000, b"")
            try:
                await asyncio.wait_for(websocket.close(code=code, message=message), 2)
            except (ConnectionError, RuntimeError, TimeoutError):
                pass
        if request.transport is not None:
            request.transport.abort()  # even with output unsent to a browser that stopped reading

    async def _relay(self, websocket: web.WebSocketResponse, player: Player) -> str | None:
        """Pass the browser's messages to the player. Returns why the browser was sent away, if it was.

        Only what the page sends is understood: keys, sizes (bounded), pings, focus and blur.
        """
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                if message.type == WSMsgType.BINARY:
                    return "it sent a binary message"
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):
                return "it sent a message that is not JSON"
            if not (isinstance(envelope, list) and 1 <= len(envelope) <= 2 and isinstance(envelope[0], str)):
                return "it sent a malformed message"
            kind, data = envelope[0], envelope[1] if len(envelope) == 2 else None
            if kind == "stdin" and isinstance(data, str):
                if not await player.send_bytes(data.encode("utf-8", "replace")):
                    return None
            elif kind == "resize" and isinstance(data, dict):
                width = clamp(data.get("width"), MIN_WIDTH, MAX_WIDTH, 80)
                height = clamp(data.get("height"), MIN_HEIGHT, MAX_HEIGHT, 24)
                await player.set_terminal_size(width, height)
            elif kind == "ping" and isinstance(data, str) and len(data) <= 32:
                await player.send_text(json.dumps(["pong", data]))
            elif kind == "focus":
                await player.focus()
            elif kind == "blur":
                await player.blur()
            else:
                return f"it sent an unknown message ({_short(kind, 20)!r})"
            if player.gone:
                return None
        return None


def play_command(root: Path | None, *, present: bool = False) -> str:
    """The shell command textual-serve runs for each browser.

    ``exec`` replaces the shell, so a session is one process, not two.
    """
    import shlex

    words = [sys.executable, "-m", "story", "present" if present else "play"]
    if root is not None:
        words.append(str(root.resolve()))
    return "exec " + shlex.join(words)


def _short(text: str, most: int = 60) -> str:
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
