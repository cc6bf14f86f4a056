"""One browser's player process: started with its own save folder, and ended for sure.

textual-serve's :class:`AppService` starts the player and relays its output to the websocket. Two
things are added here. Output for a browser that is gone is read and dropped, so the player is
never left blocked writing a frame nobody reads. And :meth:`Player.end` stops the player whatever
the reason the browser went (it closed, vanished, stopped reading, or sent nonsense): it asks
politely, then ends the process, and returns only once it has exited, so that a slot under
``--max-sessions`` is a running process, not an open websocket.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from contextlib import suppress
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("story.ui.serve")

QUIT_SECONDS = 3.0
"""How long a player asked to quit may take to save and exit before it is ended."""
SEND_SECONDS = 20.0
"""A browser that takes no output for this long is gone (it stopped reading)."""
STDERR_KEPT = 8 * 1024
"""The last bytes of a player's error output kept, to say in one line why it failed."""

MIN_WIDTH, MAX_WIDTH = 20, 400
MIN_HEIGHT, MAX_HEIGHT = 6, 150
"""Terminal sizes a browser may ask for: a 4K screen at a small font is about 400 by 150 cells."""


def clamp(value: object, low: int, high: int, default: int) -> int:
    """A size a client sent, as a whole number within bounds (``default`` if it is not a number)."""
    if isinstance(value, str):
        try:
            value = int(value.strip()[:8])
        except ValueError:
            return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return int(max(low, min(value, high)))


class Player(AppService):
    """A browser's player process, with its own save folder, ended when the browser goes."""

    def __init__(
        self,
        command: str,
        *,
        request: web.Request,
        websocket: web.WebSocketResponse,
        save_dir: Path,
        downloads: DownloadManager,
    ) -> None:
        super().__init__(
            command,
            write_bytes=self._send_bytes,
            write_str=self._send_str,
            close=self._close,
            download_manager=downloads,
        )
        self.request = request
        self.websocket = websocket
        self.save_dir = save_dir
        self.gone = False
        """The browser is gone: what the player writes is read and dropped."""
        self.error = b""
        """The end of what the player wrote to its error output."""
        self.ended = False
        """The server had to end the player with a signal (it did not exit when asked)."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["STORY_DATA_DIR"] = str(self.save_dir)
        return environment

    async def _send_bytes(self, data: bytes) -> None:
        await self._send(self.websocket.send_bytes(data))

    async def _send_str(self, data: str) -> None:
        await self._send(self.websocket.send_str(data))

    async def _send(self, sending: Coroutine[Any, Any, None]) -> None:
        """Send to the browser; one that takes nothing for :data:`SEND_SECONDS` is gone."""
        if self.gone:
            sending.close()
            return
        try:
            await asyncio.wait_for(sending, SEND_SECONDS)
        except (ConnectionError, RuntimeError, TimeoutError):
            self.leave()

    async def send_text(self, text: str) -> None:
        """Send the browser a message of the page's protocol (a pong)."""
        await self._send(self.websocket.send_str(text))

    async def _close(self) -> None:
        """The player quit (the reader pressed q): close the browser's websocket."""
        if not self.gone:
            with suppress(ConnectionError, RuntimeError, TimeoutError):
                await asyncio.wait_for(self.websocket.close(message=b"The story was closed."), 2)

    def leave(self) -> None:
        """The browser is gone: drop its connection at once, even with output still unsent."""
        self.gone = True
        if self.request.transport is not None:
            self.request.transport.abort()

    @property
    def failed(self) -> bool:
        """The player exited by itself with an error (see :meth:`why_it_failed`)."""
        process = self._process
        return process is not None and not self.ended and process.returncode not in (0, None)

    async def end(self) -> int | None:
        """Stop the player and wait until its process has exited. Returns its exit status."""
        self.gone = True
        process = self._process
        if process is None:
            return None
        try:
            if process.returncode is None:
                with suppress(Exception):
                    await asyncio.wait_for(self.send_meta({"type": "quit"}), 1)
                with suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), QUIT_SECONDS)
            for signal_it, grace in ((process.terminate, 2.0), (process.kill, None)):
                if process.returncode is not None:
                    break
                self.ended = True
                with suppress(ProcessLookupError):
                    signal_it()
                with suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), grace)
        except asyncio.CancelledError:
            with suppress(ProcessLookupError):
                process.kill()
            raise
        finally:
            if self._task is not None:
                with suppress(Exception, asyncio.CancelledError):
                    await asyncio.wait_for(self._task, 2)
                self._task = None
        return process.returncode

    async def stop(self) -> None:
        await self.end()

    async def run(self) -> None:
        """Relay the player's output (textual-serve's loop, never blocked by a gone browser)."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stdout, stderr = process.stdout, process.stderr
        errors = asyncio.create_task(self._read_errors(stderr))
        try:
            await self._relay(stdout)
            if not self.gone:  # the player ended by itself: tell the browser
                await self._close()
            self.gone = True
            while await stdout.read(64 * 1024):
                pass  # the browser is gone: read and drop what the player writes until it exits
        except asyncio.CancelledError:
            pass
        finally:
            self.gone = True
            with suppress(Exception, asyncio.CancelledError):
                await asyncio.wait_for(errors, 2)

    async def _relay(self, stdout: asyncio.StreamReader) -> None:
        try:
            for _ in range(10):
                line = await stdout.readline()
                if not line or line == b"__GANGLION__\n":
                    break
            read = stdout.readexactly
            while True:
                kind = await read(1)
                payload = await read(int.from_bytes(await read(4), "big"))
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except Exception as error:  # a player writing nonsense is ended, not the server
            log.warning("a player's output could not be read (%s: %s)", type(error).__name__, error)

    async def _read_errors(self, stderr: asyncio.StreamReader) -> None:
        while data := await stderr.read(4096):
            self.error = (self.error + data)[-STDERR_KEPT:]

    def why_it_failed(self) -> str:
        """The last line of the player's error output: the error, without its traceback."""
        lines = [line.strip() for line in self.error.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1][:200] if lines else "no message"
