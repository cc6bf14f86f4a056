"""Driving `story serve` from a real headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import ROOT

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

CAPTURE_TERMINAL = """
(() => {
  // Keep a copy of everything the server sends to the terminal, to read what is on screen:
  // the terminal draws on a canvas, so the page holds no text to query.
  window.__term = "";
  const decoder = new TextDecoder();
  const Native = window.WebSocket;
  function Capturing(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__term += decoder.decode(event.data, {stream: true});
      }
    });
    return socket;
  }
  Capturing.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Capturing[name] = Native[name];
  window.WebSocket = Capturing;
})();
"""

_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def chromium() -> str | None:
    """Debian's Chromium, if installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    return found


REQUIRE_BROWSER = bool(os.environ.get("STORY_REQUIRE_BROWSER"))
"""Set by CI: there, a missing browser is a failure, not a skip."""


def chromium_or_skip() -> str:
    """Debian's Chromium, with the playwright package to drive it; else skip the test (fail in CI)."""
    executable = chromium()
    try:
        import playwright  # noqa: F401
    except ImportError:
        executable = None
    if executable is None:
        if REQUIRE_BROWSER:
            pytest.fail("Chromium and playwright are required (STORY_REQUIRE_BROWSER is set)")
        pytest.skip("needs Debian's chromium and the playwright package")
    return executable


def screen_text(raw: str) -> str:
    """Terminal output with its escape sequences removed."""
    return _ESCAPE.sub("", raw)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def serving(story: Path, save_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `story serve` on a free port; yields its URL, stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "story", "serve", str(story), "--port", str(port), "--save-dir", str(save_dir), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
