"""`story serve` under attack, on 127.0.0.1: players ended, loop responsive, ids and names checked.

Each test drives a real server with bounded hostile clients, counting its player processes from
/proc before and after, and timing an open session's pings while it is attacked.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.functional.classroom.helpers import HANDOUT

from .hostile import (
    Reader,
    Served,
    cookie_of,
    huge_then_refuse,
    long_paths,
    never_reads,
    sends_nonsense,
    served,
    vanishes,
    wait_until,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts players from /proc")

CAP = 3
WORST_PING_MS = 500
"""An open session's ping while 8 long-path requests at a time hit the server (it was over 3 s)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    saves = tmp_path_factory.mktemp("serving") / "saves"
    with served(HANDOUT, saves, "--max-sessions", str(CAP)) as running:
        yield running


def _no_players(server: Served, timeout: float = 20) -> None:
    assert wait_until(lambda: not server.players(), timeout), f"players still running: {server.players()}"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


# -- players ----------------------------------------------------------------------------------------


def test_hostile_clients_leave_no_player_running_and_never_pass_the_cap(server: Served) -> None:
    _no_players(server)
    most = 0
    stop = False

    async def count() -> None:
        nonlocal most
        while not stop:
            most = max(most, len(server.players()))
            await asyncio.sleep(0.05)

    async def attack() -> None:
        nonlocal stop
        counting = asyncio.create_task(count())
        async with aiohttp.ClientSession() as http:
            for _ in range(3):  # three waves, each as many as the cap allows
                await asyncio.gather(
                    huge_then_refuse(server, http, seconds=2.5),
                    never_reads(server, seconds=2.5),
                    vanishes(server, http),
                    return_exceptions=True,
                )
        stop = True
        await counting

    asyncio.run(attack())
    assert most <= CAP, f"{most} players ran under a cap of {CAP}"
    _no_players(server)


NONSENSE: list[str | bytes] = [
    "not json",
    '{"a": 1}',
    '["resize", "x"]',
    "[" * 10000 + "]" * 10000,
    '["open_url", "https://example.org"]',
    b"\x00",
]


def test_a_message_the_page_never_sends_ends_the_session(server: Served) -> None:
    async def run() -> list[int | None]:
        codes: list[int | None] = []
        async with aiohttp.ClientSession() as http:
            for first in range(0, len(NONSENSE), CAP):
                batch = NONSENSE[first : first + CAP]
                codes += await asyncio.gather(*(sends_nonsense(server, http, message) for message in batch))
                await asyncio.to_thread(_no_players, server)
        return codes

    assert asyncio.run(run()) == [1008] * len(NONSENSE)


def test_the_class_is_full_is_said(server: Served) -> None:
    async def run() -> tuple[int | None, str]:
        async with aiohttp.ClientSession() as http:
            readers = [await http.ws_connect(server.ws) for _ in range(CAP)]
            await asyncio.gather(*(Reader(ws).drawn(at_least=1000, settle=0) for ws in readers))
            async with http.ws_connect(server.ws) as extra:
                message = await asyncio.wait_for(extra.receive(), 10)
            for ws in readers:
                await ws.close()
            return extra.close_code, str(message.extra)

    code, reason = asyncio.run(run())
    assert code == 1013 and "The class is full" in reason
    _no_players(server)


def test_long_paths_are_cheap_404s_and_do_not_stall_a_session(server: Served) -> None:
    async def run() -> tuple[list[int], list[float], float]:
        async with aiohttp.ClientSession() as http, http.ws_connect(server.ws) as ws:
            reader = Reader(ws)
            await reader.drawn()
            quiet = [await reader.ping() for _ in range(5)]
            reader.pings.clear()
            stop = asyncio.Event()
            pinging = asyncio.create_task(reader.keep_pinging(stop))
            started = time.monotonic()
            statuses = await long_paths(server, http, rounds=40)
            took = time.monotonic() - started
            stop.set()
            await pinging
            return statuses, [max(quiet), *reader.pings], took

    statuses, pings, took = asyncio.run(run())
    assert set(statuses) == {404} and len(statuses) == 320
    assert max(pings[1:]) < WORST_PING_MS, f"worst ping under attack {max(pings[1:]):.0f} ms (quiet {pings[0]:.0f} ms)"
    assert took < 10, f"320 long-path requests took {took:.1f} s"
    _no_players(server)


# -- what the server answers to ---------------------------------------------------------------------


def test_only_the_names_it_was_started_for(server: Served) -> None:
    port = server.port
    for host in (f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", "", f"[::1]:{port}x", f"localhost:{port}@x"):
        status, _, body = _get(server.url, {"Host": host} if host else {"Host": ""})
        assert status in (400, 421), f"{host!r} answered {status}"
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", f"LOCALHOST.:{port}"):
        assert _get(server.url, {"Host": host})[0] == 200, host


def test_a_rebound_or_foreign_page_cannot_open_a_session(server: Served) -> None:
    async def status(headers: dict[str, str]) -> int:
        async with aiohttp.ClientSession() as http:
            try:
                async with http.ws_connect(server.ws, headers=headers):
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    port = server.port
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    assert asyncio.run(status(rebound)) == 421
    assert asyncio.run(status({"Origin": "http://evil.example"})) == 403
    assert asyncio.run(status({"Origin": f"http://localhost:{port}"})) == 403, "the Origin must be the Host used"
    _no_players(server)


def test_paths_and_the_icon(server: Served) -> None:
    assert _get(server.url + "favicon.ico")[0] == 204
    assert _get(server.url + "static/js/textual.js")[0] == 200
    for path in ("static/", "static/js/", "static/../server.py", "static/%2e%2e/%2e%2e/etc/passwd", "download/x"):
        assert _get(server.url + path)[0] == 404, path
    status, headers, _ = _get(server.url)
    assert status == 200 and headers["X-Frame-Options"] == "DENY" and headers["Cache-Control"] == "no-store"


# -- session ids and folders ------------------------------------------------------------------------


def test_only_issued_ids_and_private_folders(server: Served) -> None:
    issued = cookie_of(server.url)
    session, _, signature = issued.partition(".")
    assert len(session) == 32 and len(signature) == 32
    forged = "0123456789abcdef0123456789abcdef"

    async def play(http: aiohttp.ClientSession, cookie: str) -> None:
        async with http.ws_connect(server.ws, headers={"Cookie": cookie}) as ws:
            await Reader(ws).drawn(at_least=1000, settle=0.2)
            await ws.send_json(["stdin", "1"])
            await asyncio.sleep(1.0)  # the move is saved

    async def run() -> None:
        bad = [
            f"story_session={forged}",
            f"story_session={forged}.{signature}",
            f'story_session="{issued}\\012"',  # a quoted cookie: \012 is a newline
            f"story_session={issued[:-1]}{'1' if issued.endswith('0') else '0'}",
        ]
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(play(http, cookie) for cookie in bad[:CAP]))
            await asyncio.to_thread(_no_players, server)
            await asyncio.gather(play(http, bad[CAP]), play(http, f"story_session={issued}"))

    asyncio.run(run())
    _no_players(server)
    folders = sorted(p.name for p in server.saves.iterdir() if not p.name.startswith("."))
    assert folders == [session], "only the issued session keeps a folder"
    # A forged cookie is not a session: the page issues a new one.
    assert cookie_of(server.url) != forged
    status, headers, _ = _get(server.url, {"Cookie": f"story_session={forged}"})
    assert status == 200 and "Set-Cookie" in headers
    for path in (server.saves, server.saves / session):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    assert stat.S_IMODE((server.saves / ".secret").stat().st_mode) == 0o600
    assert list((server.saves / session).glob("save-*.json"))


def test_the_log_says_what_a_teacher_needs_and_no_more(server: Served) -> None:
    _get(server.url)
    _get(server.url + "static/" + "b" * 300)
    text = server.log_text()
    assert text.startswith("Serving ") and f"http://127.0.0.1:{server.port}" in text
    assert "session " in text and " started (" in text and " ended after " in text
    assert "refused" in text and "class is full" in text
    for noise in ("Traceback", "GET /", "locals", "aiohttp", '"GET'):
        assert noise not in text, f"{noise!r} in the log:\n{text}"
    assert all(len(line) <= 300 for line in text.splitlines())


# -- growth -----------------------------------------------------------------------------------------


def test_old_sessions_expire_and_empty_ones_leave_nothing(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    old, recent, empty = saves / ("a" * 32), saves / ("b" * 32), saves / ("c" * 32)
    for folder in (old, recent, empty):
        folder.mkdir(parents=True)
    for folder in (old, recent):
        (folder / "save-x.json").write_text("{}")
    long_ago = time.time() - 40 * 24 * 3600
    for path in (old / "save-x.json", old, empty):
        os.utime(path, (long_ago, long_ago))
    (saves / ".unsaved" / "left").mkdir(parents=True)
    with served(HANDOUT, saves, "--keep-days", "30") as server:
        assert wait_until(lambda: not old.exists() and not empty.exists(), 10)
        assert recent.exists() and not list((saves / ".unsaved").iterdir())
        assert "removed 1 session(s) unused for 30 days" in server.log_text()
        assert stat.S_IMODE(saves.stat().st_mode) == 0o700

        async def cookieless() -> None:
            async with aiohttp.ClientSession() as http, http.ws_connect(server.ws) as ws:
                await Reader(ws).drawn(at_least=1000, settle=0.2)
                await ws.send_json(["stdin", "1"])
                await asyncio.sleep(1.0)

        asyncio.run(cookieless())
        _no_players(server)
        assert sorted(p.name for p in saves.iterdir()) == [".secret", ".unsaved", "b" * 32]
        assert not list((saves / ".unsaved").iterdir())


def test_usage_errors_for_the_new_options(run_cli) -> None:
    assert run_cli("serve", str(HANDOUT), "--keep-days", "-1")[0] == 2
    assert run_cli("serve", str(HANDOUT), "--keep-days", "nan")[0] == 2
    assert run_cli("serve", str(HANDOUT), "--allow-host", "http://x")[0] == 2


def test_the_page_says_why_a_session_ended_and_needs_no_icon_request() -> None:
    from story.ui.serve import TEMPLATES

    page = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert 'rel="icon"' in page and "data:image/svg+xml" in page
    assert "event.reason" in page and "textContent" in page and "innerHTML" not in page
    json.dumps(page)  # plain text
