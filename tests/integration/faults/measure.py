"""The figures of the fault suite, printed as JSON: run it to see how serving and saves hold.

Not a test (pytest does not collect it). Run from the repository root:

    python3 -m tests.integration.faults.measure [--hostile 30] [--cap 3] [--kills 25]

- players alive after N hostile clients (huge terminals refused over 64 KiB, clients that never
  read, clients that vanish), the most seen running at once against the cap;
- an open session's worst ping while 8 requests at a time ask for paths too long to be files;
- saves intact after N kill -9 while saving, and the temporary files those kills left.

Everything goes to 127.0.0.1 only, in bounded numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import aiohttp

from tests.functional.classroom.helpers import HANDOUT

from .hostile import Reader, Served, huge_then_refuse, long_paths, never_reads, served, vanishes, wait_until
from .test_saves import kill_while_saving


async def _attack(server: Served, hostile: int, cap: int) -> dict[str, object]:
    most = 0
    done = asyncio.Event()

    async def count() -> None:
        nonlocal most
        while not done.is_set():
            most = max(most, len(server.players()))
            await asyncio.sleep(0.05)

    counting = asyncio.create_task(count())
    kinds = [huge_then_refuse, never_reads, vanishes]
    started = time.monotonic()
    async with aiohttp.ClientSession() as http:
        for first in range(0, hostile, cap):
            batch = []
            for number in range(first, min(first + cap, hostile)):
                kind = kinds[number % len(kinds)]
                batch.append(kind(server, seconds=3) if kind is never_reads else kind(server, http))
            await asyncio.gather(*batch, return_exceptions=True)
    attacked = time.monotonic() - started
    done.set()
    await counting
    wait_until(lambda: not server.players(), 25)
    return {
        "hostile clients": hostile,
        "cap (--max-sessions)": cap,
        "most players running at once": most,
        "players alive after the attack": len(server.players()),
        "attack seconds": round(attacked, 1),
    }


async def _ping_under_attack(server: Served, rounds: int) -> dict[str, object]:
    async with aiohttp.ClientSession() as http, http.ws_connect(server.ws) as ws:
        reader = Reader(ws)
        await reader.drawn()
        quiet = [await reader.ping() for _ in range(20)]
        reader.pings.clear()
        stop = asyncio.Event()
        pinging = asyncio.create_task(reader.keep_pinging(stop))
        started = time.monotonic()
        statuses = await long_paths(server, http, rounds=rounds)
        took = time.monotonic() - started
        stop.set()
        await pinging
    return {
        "long-path requests (8 at a time)": len(statuses),
        "their statuses": sorted(set(statuses)),
        "quiet ping ms (worst of 20)": round(max(quiet), 1),
        "worst ping under attack ms": round(max(reader.pings), 1),
        "pings under attack": len(reader.pings),
        "attack seconds": round(took, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hostile", type=int, default=30, help="hostile websocket clients (default 30)")
    parser.add_argument("--cap", type=int, default=3, help="the server's --max-sessions (default 3)")
    parser.add_argument("--rounds", type=int, default=400, help="rounds of 8 long-path requests (default 400)")
    parser.add_argument("--root", type=Path, help="serve the code of another checkout (to compare)")
    parser.add_argument("--kills", type=int, default=25, help="kill -9 while saving (default 25)")
    args = parser.parse_args()
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder) / "saves"
        root = {"root": args.root.resolve()} if args.root else {}
        with served(HANDOUT, saves, "--max-sessions", str(args.cap), **root) as server:
            figures["players"] = asyncio.run(_attack(server, args.hostile, args.cap))
            try:
                figures["ping"] = asyncio.run(_ping_under_attack(server, args.rounds))
            except (AssertionError, OSError, aiohttp.ClientError) as error:
                figures["ping"] = f"no session could be measured: {error}"
            log = server.log_text()
            figures["log"] = {"lines": len(log.splitlines()), "tracebacks": log.count("Traceback")}
        killed = Path(folder) / "killed"
        killed.mkdir()
        figures["saves"] = kill_while_saving(killed, kills=args.kills)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
