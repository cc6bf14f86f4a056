"""Hostile clients for a real `story serve` on 127.0.0.1, and what to measure while they attack.

Every client here is bounded: a fixed number of connections and requests, each with a timeout,
all to the loopback address. Used by the tests beside this file and by ``measure.py``, which
prints the figures (players alive after the attack, worst ping under attack, saves intact).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests import ROOT
from tests.integration.serve.browser import free_port, wait_for_http

LONG_SEGMENT = "a" * 300
"""A path segment longer than a file name may be (255 bytes)."""


@dataclass
class Served:
    """A running `story serve`: its address, process, save folder and log."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    saves: Path
    log: Path

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def players(self) -> list[int]:
        """The player processes running under the server now."""
        return children(self.process.pid)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def served(story: Path, saves: Path, *extra: str, heartbeat: float = 2.0, root: Path = ROOT) -> Iterator[Served]:
    """Run `story serve` (of the code in ``root``) on a free port with its log in a file; stop it afterwards."""
    port = free_port()
    log = saves.parent / f"serve-{port}.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "story", "serve", str(story), "--port", str(port), "--save-dir", str(saves), *extra],
            cwd=root,
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={**os.environ, "STORY_SERVE_HEARTBEAT": str(heartbeat)},
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url)
        yield Served(url, port, process, saves, log)
    finally:
        players = children(process.pid)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pid in players:  # a server that failed to end its players must not leave them running
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def children(pid: int) -> list[int]:
    """A process's children (the server's players), from /proc."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def wait_until(condition, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def cookie_of(url: str) -> str:
    """A session cookie the server issues (the page sets it)."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        header = response.headers["Set-Cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


# -- hostile websocket clients ---------------------------------------------------------------------


async def huge_then_refuse(server: Served, http: aiohttp.ClientSession, seconds: float = 6.0) -> None:
    """Ask for a huge terminal, then refuse any frame over 64 KiB (the client closes with 1009)."""
    async with http.ws_connect(server.ws + "?width=100000&height=100000", max_msg_size=64 * 1024) as ws:
        await ws.send_json(["resize", {"width": 100000, "height": 100000}])
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                message = await asyncio.wait_for(ws.receive(), 1)
            except TimeoutError:
                await ws.send_json(["stdin", "1"])
                continue
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return


async def never_reads(server: Served, seconds: float = 4.0) -> None:
    """Open a websocket by hand, ask for a big terminal, then never read a byte (nor answer a ping)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port, limit=1024)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    writer.write(
        (
            "GET /ws?width=400&height=150 HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{server.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    await asyncio.sleep(seconds)
    writer.transport.abort()


async def vanishes(server: Served, http: aiohttp.ClientSession) -> None:
    """Connect, start a player, and drop the connection without a close frame."""
    ws = await http.ws_connect(server.ws)
    await ws.receive()
    ws._response.connection.transport.abort()  # type: ignore[union-attr]


async def sends_nonsense(server: Served, http: aiohttp.ClientSession, message: str | bytes) -> int | None:
    """Send one malformed message; returns the close code the server answered with."""
    async with http.ws_connect(server.ws) as ws:
        await ws.receive()
        if isinstance(message, bytes):
            await ws.send_bytes(message)
        else:
            await ws.send_str(message)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            reply = await asyncio.wait_for(ws.receive(), 10)
            if reply.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                return ws.close_code
    return None


async def long_paths(server: Served, http: aiohttp.ClientSession, rounds: int, at_once: int = 8) -> list[int]:
    """Requests for paths too long to be files, ``at_once`` at a time; returns their statuses."""
    paths = [f"static/{LONG_SEGMENT}", f"static/{LONG_SEGMENT}/{LONG_SEGMENT}", f"static/js/{LONG_SEGMENT}.js"]
    statuses: list[int] = []
    for number in range(rounds):
        batch = [http.get(server.url + paths[(number + i) % len(paths)]) for i in range(at_once)]
        for response in await asyncio.gather(*batch):
            statuses.append(response.status)
            response.release()
    return statuses


# -- a reader's session, measured ------------------------------------------------------------------


class Reader:
    """A well-behaved session: waits for its first screen, then measures the server's pongs."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.received = 0
        self.pings: list[float] = []

    async def drawn(self, at_least: int = 2000, timeout: float = 30, settle: float = 1.0) -> None:
        """Wait for the first screen, then ``settle`` seconds (the player's full check runs after it)."""
        deadline = time.monotonic() + timeout
        while self.received < at_least:
            message = await asyncio.wait_for(self.ws.receive(), max(0.1, deadline - time.monotonic()))
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"the session ended before it was drawn: {message}")
        await asyncio.sleep(settle)
        await self._drain()

    async def _drain(self) -> None:
        while True:
            try:
                message = await asyncio.wait_for(self.ws.receive(), 0.05)
            except TimeoutError:
                return
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += len(message.data)

    async def ping(self) -> float:
        """One round trip of the page's own ping, in milliseconds."""
        sent = time.perf_counter()
        stamp = str(int(time.time() * 1000))
        await self.ws.send_str(json.dumps(["ping", stamp]))
        while True:
            message = await asyncio.wait_for(self.ws.receive(), 30)
            if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data) == ["pong", stamp]:
                break
            if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                raise AssertionError(f"the session ended while measured: {message}")
        took = (time.perf_counter() - sent) * 1000
        self.pings.append(took)
        return took

    async def keep_pinging(self, stop: asyncio.Event, every: float = 0.05) -> None:
        while not stop.is_set():
            await self.ping()
            await asyncio.sleep(every)
