"""The serving parts on their own, fed what hostile clients send: names, cookies, sizes, log lines."""

from __future__ import annotations

import io
import logging
import os
import stat
import time
from pathlib import Path

import pytest

from story.ui.serve.hosts import Hosts, split_host
from story.ui.serve.logs import OneLine, Refusals, set_up
from story.ui.serve.player import MAX_HEIGHT, MAX_WIDTH, clamp
from story.ui.serve.sessions import Sessions


def test_names_on_this_machine_only() -> None:
    hosts = Hosts("127.0.0.1", ["school-pc.local"])
    for good in (
        "127.0.0.1:8000",
        "localhost:8000",
        "LOCALHOST.:8000",
        "[::1]:8000",
        "10.0.0.7:8000",
        "school-pc.local",
    ):
        assert hosts.allows(good), good
    for bad in ("evil.example:8000", "127.0.0.1.nip.io", "localhost:80x", "", None, "a@localhost:1", "[::1"):
        assert not hosts.allows(bad), bad
    assert split_host("[::1]:8000") == ("::1", "8000") and split_host("::1") == ("::1", None)


def test_every_interface_adds_the_machines_names() -> None:
    import socket

    hosts = Hosts("0.0.0.0")
    assert hosts.allows(socket.gethostname()) and hosts.allows("localhost") and not hosts.allows("evil.example")


def test_only_this_servers_page_opens_a_session() -> None:
    hosts = Hosts("127.0.0.1")
    assert hosts.page_allows("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert hosts.page_allows(None, "127.0.0.1:8000"), "a client that is not a browser"
    assert not hosts.page_allows("http://evil.example:8000", "evil.example:8000"), "DNS rebinding"
    assert not hosts.page_allows("http://localhost:8000", "127.0.0.1:8000")
    assert not hosts.page_allows("null", "127.0.0.1:8000")
    assert not hosts.page_allows("file://127.0.0.1:8000", "127.0.0.1:8000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100000, MAX_WIDTH), (-5, 20), ("120", 120), ("1e9", 80), (True, 80), (None, 80), (float("nan"), 80), (99.7, 99)],
)
def test_sizes_are_clamped(value: object, expected: int) -> None:
    assert clamp(value, 20, MAX_WIDTH, 80) == expected
    assert clamp(10**9, 6, MAX_HEIGHT, 24) == MAX_HEIGHT


def test_only_issued_ids(tmp_path: Path) -> None:
    sessions = Sessions(tmp_path / "served")
    cookie = sessions.issue()
    session_id, _, _ = cookie.partition(".")
    assert sessions.identify(cookie) == (session_id, False)
    for forged in (
        session_id,
        session_id + "\n",
        cookie + "\n",
        cookie.upper(),
        cookie[:-1] + ("0" if cookie[-1] != "0" else "1"),
        "../" + cookie,
        "",
        None,
    ):
        assert sessions.identify(forged) == (None, False), forged
    # The secret survives a restart; another folder's does not sign the same ids.
    assert Sessions(tmp_path / "served").identify(cookie) == (session_id, False)
    assert Sessions(tmp_path / "other").identify(cookie) == (None, False)
    assert stat.S_IMODE((tmp_path / "served" / ".secret").stat().st_mode) == 0o600


def test_a_session_from_before_ids_were_signed_is_signed_if_known(tmp_path: Path) -> None:
    served = tmp_path / "served"
    (served / ("a" * 32)).mkdir(parents=True)
    served.chmod(0o755)
    sessions = Sessions(served)
    assert sessions.identify("a" * 32) == ("a" * 32, True)
    assert sessions.identify("b" * 32) == (None, False)
    assert stat.S_IMODE(served.stat().st_mode) == 0o700
    assert sessions.identify(sessions.issue("a" * 32)) == ("a" * 32, False)


def test_folders_are_private_and_nothing_is_left_for_nothing(tmp_path: Path) -> None:
    sessions = Sessions(tmp_path / "served")
    session = sessions.open("c" * 32)
    assert stat.S_IMODE(session.folder.stat().st_mode) == 0o700
    assert sessions.close(session) is False and not session.folder.exists()
    unsaved = sessions.open(None)
    (unsaved.folder / "save-x.json").write_text("{}")
    assert sessions.close(unsaved) is False and not unsaved.folder.exists()
    kept = sessions.open("d" * 32)
    (kept.folder / "save-x.json").write_text("{}")
    assert sessions.close(kept) is True and kept.folder.exists()


def test_tidying_touches_only_sessions(tmp_path: Path) -> None:
    """--save-dir may point at a folder that holds other things: they are never removed."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "notes").mkdir()
    (served / "empty").mkdir()
    (served / "photo.jpg").write_text("x")
    old, playing = served / ("e" * 32), served / ("f" * 32)
    for folder in (old, playing, served / "notes"):
        folder.mkdir(exist_ok=True)
        (folder / "save-x.json").write_text("{}")
        long_ago = time.time() - 100 * 24 * 3600
        os.utime(folder / "save-x.json", (long_ago, long_ago))
        os.utime(folder, (long_ago, long_ago))
    sessions = Sessions(served, keep_days=30)
    assert sessions.tidy({playing}) == 1
    assert sorted(p.name for p in served.iterdir()) == sorted([".secret", "empty", "notes", "photo.jpg", "f" * 32])
    assert Sessions(served, keep_days=0).tidy(set()) == 0


def test_log_lines_have_no_traceback() -> None:
    record = logging.LogRecord("story.ui.serve", logging.WARNING, __file__, 1, "GET %s failed", ("/x",), None)
    try:
        {}["secret local"] = [][1]
    except IndexError:
        import sys

        record.exc_info = sys.exc_info()
    line = OneLine().format(record)
    assert "failed: IndexError: list index out of range" in line and "Traceback" not in line and "\n" not in line
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a" * 1000 + "\nb", (), None)
    assert len(OneLine().format(record)) <= 300


def test_a_flood_of_refusals_is_a_few_lines() -> None:
    stream = io.StringIO()
    set_up(stream)
    refusals = Refusals(every=60)
    for number in range(1000):
        refusals.note("a request for a host name it does not answer to", f"'evil{number}.example'")
    refusals._last = {kind: 0 for kind in refusals._last}
    refusals.flush()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert "'evil0.example'" in lines[0] and "999 more times" in lines[1]
    logging.getLogger().handlers.clear()
