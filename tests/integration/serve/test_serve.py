"""`story serve`: the page, sessions and saves, tested in a real headless Chromium."""

from __future__ import annotations

import os
import time
import urllib.request
from pathlib import Path

from story.ui.serve import TEMPLATES, play_command
from tests.functional.classroom.helpers import HANDOUT

from .browser import CAPTURE_TERMINAL, chromium_or_skip, screen_text, serving

# -- without a browser --------------------------------------------------------------------


def test_template_needs_no_internet() -> None:
    page = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page and "https://" not in page
    assert "@font-face" in page and "fonts/RobotoMono-VariableFont_wght.ttf" in page


def test_command_runs_the_player_as_one_process(tmp_path: Path) -> None:
    command = play_command(tmp_path)
    assert command.startswith("exec ") and " -m story play " in command
    assert str(tmp_path.resolve()) in command
    assert " -m story present" in play_command(None, present=True)
    weird = tmp_path / "a story; rm -rf x"
    assert "'" in play_command(weird), "paths are quoted for the shell"


def test_page_sets_a_session_cookie_and_binds_to_localhost(tmp_path: Path) -> None:
    with serving(HANDOUT, tmp_path / "saves") as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as response:
            cookie = response.headers["Set-Cookie"]
            page = response.read().decode("utf-8")
        assert cookie.startswith("story_session=") and "HttpOnly" in cookie
        assert "<title>A soldier&#39;s defection at Panmunjom</title>" in page
        assert f'data-session-websocket-url="ws://{url.removeprefix("http://").rstrip("/")}/ws"' in page


def test_listens_on_this_machine_only_unless_told() -> None:
    from story.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_usage_errors(run_cli) -> None:
    assert run_cli("serve", "no/such/story")[0] == 2
    assert run_cli("serve", str(HANDOUT), "--port", "0")[0] == 2
    assert run_cli("serve", str(HANDOUT), "--max-sessions", "0")[0] == 2


def test_a_taken_port_is_a_plain_error(run_cli) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        status, _, err = run_cli("serve", str(HANDOUT), "--port", str(port))
    assert status == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err


# -- in Chromium --------------------------------------------------------------------------


def _wait_for(page, words: str, since: int = 0, timeout: float = 40.0) -> int:
    """Wait until the terminal shows ``words`` (after offset ``since``); returns the output length."""
    deadline = time.monotonic() + timeout
    while True:
        raw = page.evaluate("window.__term")
        if words in screen_text(raw[since:]):
            return len(raw)
        if time.monotonic() > deadline:
            tail = screen_text(raw[since:])[-2000:]
            raise AssertionError(f"{words!r} never appeared on the terminal; last output: {tail!r}")
        page.wait_for_timeout(200)


def test_browser_loads_the_page_shows_the_story_and_moves_on_a_key(tmp_path: Path) -> None:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    saves = tmp_path / "saves"
    with serving(HANDOUT, saves) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        try:
            outside: list[str] = []
            local = url.rstrip("/")

            def offline(route) -> None:
                # The classroom may have no internet: anything not from this server is refused.
                if route.request.url.startswith(local):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            first = browser.new_context(viewport={"width": 1100, "height": 700})
            first.add_init_script(CAPTURE_TERMINAL)
            first.route("**/*", offline)
            page = first.new_page()
            fonts: list[str] = []
            page.on("response", lambda r: fonts.append(r.url) if "/static/fonts/" in r.url else None)
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url))
            page.goto(url)
            assert page.title() == "A soldier's defection at Panmunjom"
            seen = _wait_for(page, "A soldier defected")
            page.wait_for_function("document.body.classList.contains('-first-byte')")
            # The page gives the terminal the keyboard: the key bar shows before any key or click.
            _wait_for(page, "Quit", timeout=10)
            assert not [u for u in asked if "favicon" in u], "the page carries its icon"
            # Focus the terminal's keyboard input without clicking, which could land on a link.
            page.focus(".xterm-helper-textarea")
            page.keyboard.press("1")
            _wait_for(page, "The army fired", since=seen)
            assert outside == [], f"the page asked for outside resources: {outside}"
            assert fonts, "the terminal font comes from this server"

            # A second browser (its own cookies) gets its own session, from the start.
            second = browser.new_context(viewport={"width": 1100, "height": 700})
            second.add_init_script(CAPTURE_TERMINAL)
            second.route("**/*", offline)
            other = second.new_page()
            other.goto(url)
            _wait_for(other, "A soldier defected")
            assert "The army fired" not in screen_text(other.evaluate("window.__term"))

            # Each browser's moves are saved in a folder of its own, named by its session cookie.
            other.focus(".xterm-helper-textarea")
            other.keyboard.press("2")
            _wait_for(other, "The rescue")
            # The cookie is the session id and the server's signature of it.
            cookies = [
                c["value"].split(".")[0]
                for context in (first, second)
                for c in context.cookies()
                if c["name"] == "story_session"
            ]
            assert len(set(cookies)) == 2
            deadline = time.monotonic() + 20
            while sorted(p.parent.name for p in saves.glob("*/save-*.json")) != sorted(cookies):
                found = sorted(str(p.relative_to(saves)) for p in saves.rglob("*")) if saves.exists() else []
                assert time.monotonic() < deadline, f"no save per session: {found}"
                time.sleep(0.2)

            # The first browser reloads: a new app process, but its own progress comes back.
            page.reload()
            _wait_for(page, "The army fired", timeout=40)
        finally:
            browser.close()


def test_browser_beyond_the_cap_is_told_the_class_is_full(tmp_path: Path) -> None:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with serving(HANDOUT, tmp_path / "saves", "--max-sessions", "1") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        try:
            first = browser.new_context().new_page()
            first.add_init_script(CAPTURE_TERMINAL)
            first.goto(url)
            first.wait_for_function("document.body.classList.contains('-first-byte')", timeout=40000)
            second = browser.new_context().new_page()
            second.goto(url)
            second.wait_for_function("document.body.classList.contains('-closed')", timeout=20000)
            assert "The class is full" in second.inner_text(".closed-dialog .message")
            assert second.inner_text(".closed-dialog button") == "Try again"
        finally:
            browser.close()
