"""Benchmark: memory of `story serve` with N concurrent browser sessions (default 30).

Not a test (pytest does not collect it). Run from the repository root:

    python3 -m tests.integration.serve.bench_serve_memory [--sessions 30] [--story PATH]

It starts `story serve`, opens N websocket sessions the way the page does (each one starts its
own player process), waits until every player has drawn its first screen and taken a step, lets
them settle, then reads /proc: RSS of each process, and PSS, which splits pages shared between
processes (Python's own code, mapped libraries) fairly among them, so the sum is the real total.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from tests import ROOT

from .browser import serving


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _tree(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        current = queue.pop()
        pids.append(current)
        queue.extend(_children(current))
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of a process, in KiB."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


async def _session(
    http: aiohttp.ClientSession, url: str, number: int, ready: asyncio.Event, stop: asyncio.Event
) -> int:
    received = 0
    stepped = False
    async with http.get(url) as page:  # the page issues the session's (signed) cookie
        cookie = page.cookies["story_session"].value
    async with http.ws_connect(url + "ws?width=100&height=32", headers={"Cookie": f"story_session={cookie}"}) as ws:
        await ws.send_json(["resize", {"width": 100, "height": 32}])
        while not stop.is_set():
            try:
                message = await asyncio.wait_for(ws.receive(), timeout=0.5)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                received += len(message.data)
                if received > 2000 and not stepped:
                    stepped = True
                    await ws.send_json(["stdin", "1"])  # take the first choice, like a student would
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
            if stepped and received > 6000:
                ready.set()
    return received


async def measure(url: str, server_pid: int, sessions: int, settle: float) -> dict[str, object]:
    stop = asyncio.Event()
    readies = [asyncio.Event() for _ in range(sessions)]
    started = time.monotonic()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        tasks = [asyncio.create_task(_session(http, url, n + 1, readies[n], stop)) for n in range(sessions)]
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), timeout=300)
        all_ready = time.monotonic() - started
        await asyncio.sleep(settle)
        pids = _tree(server_pid)
        memory = {pid: _memory(pid) for pid in pids}
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    players = [pid for pid in pids if pid != server_pid]
    rss = [memory[pid][0] for pid in players]
    pss = [memory[pid][1] for pid in players]
    return {
        "sessions": sessions,
        "player_processes": len(players),
        "seconds_until_all_drawn": round(all_ready, 1),
        "server_rss_mib": round(memory[server_pid][0] / 1024, 1),
        "per_session_rss_mib": round(sum(rss) / len(rss) / 1024, 1) if rss else 0,
        "per_session_pss_mib": round(sum(pss) / len(pss) / 1024, 1) if pss else 0,
        "total_rss_mib": round((sum(rss) + memory[server_pid][0]) / 1024, 1),
        "total_pss_mib": round((sum(pss) + memory[server_pid][1]) / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--story", default=str(ROOT / "scenes"))
    parser.add_argument("--settle", type=float, default=5.0, help="seconds to wait once all are drawn")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as saves:
        with serving(Path(args.story), Path(saves), "--max-sessions", str(args.sessions + 5)) as url:
            server_pid = _server_pid(url)
            result = asyncio.run(measure(url, server_pid, args.sessions, args.settle))
    print(json.dumps(result, indent=2))
    return 0


def _server_pid(url: str) -> int:
    """The pid of the `story serve` process listening on the URL's port."""
    port = int(url.rsplit(":", 1)[1].strip("/"))
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in command and str(port).encode() in command:
            return int(proc.name)
    raise RuntimeError("server process not found")


if __name__ == "__main__":
    sys.exit(main())
