"""An accessibility check with axe-core: no serious or critical violation, in any state of the page.

axe-core is the npm package, installed by the test into pytest's cache folder (npm reaches the
package registry; without npm, or offline, the test is skipped and says why). Its script is put
into the page as text, so that no request leaves the page for it either.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import PHONE
from .pages import WebPage

AXE = "axe-core@^4.10"
"""The checker, as given to npm."""


@pytest.fixture(scope="module")
def axe_script(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    cache = getattr(request.config, "cache", None)  # None when pytest runs with -p no:cacheprovider
    folder = Path(cache.mkdir("axe-core")) if cache is not None else tmp_path_factory.mktemp("axe-core")
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("needs npm to install axe-core")
        try:
            done = subprocess.run(
                [npm, "install", "--prefix", str(folder), AXE, "--no-audit", "--no-fund", "--loglevel=error"],
                capture_output=True,
                text=True,
                timeout=120,
            )
        except subprocess.TimeoutExpired:
            pytest.skip("npm could not install axe-core in two minutes (offline?)")
        if done.returncode != 0 or not script.is_file():
            pytest.skip(f"npm could not install axe-core (offline?): {(done.stderr or done.stdout).strip()[-300:]}")
    return script.read_text(encoding="utf-8")


def _violations(page: WebPage, script: str) -> list[dict[str, Any]]:
    if not page.page.evaluate("() => typeof window.axe === 'object'"):
        page.page.add_script_tag(content=script)
    results = page.page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
    )
    return [item for item in results if item["impact"] in ("serious", "critical")]


STATES = {
    "the first scene": [],
    "a question": ["1", "1"],
    "its answer": ["1"],
    "the fact panel": ["f"],
    "the source view": ["Escape", "s"],
    "the history": ["Escape", "h"],
    "the help": ["Escape", "?"],
    "the question to start again": ["Escape", "r"],
}
"""Each state of the page, and the keys that bring it from the one before."""

RUNS = [
    ("light", "desktop", list(STATES)),
    ("light", "phone", list(STATES)),
    ("dark", "desktop", ["the first scene", "its answer", "the source view", "the help"]),
]
"""Every state in light; in dark, where the colours differ most (the contrast of every part)."""


def test_no_serious_accessibility_violations(open_page, bundled_html: str, axe_script: str) -> None:
    found: dict[str, Any] = {}
    for theme, name, wanted in RUNS:
        # The page's policy allows only its own script: the test's context lets axe's in.
        page = open_page(bundled_html, viewport=PHONE if name == "phone" else None, bypass_csp=True, color_scheme=theme)
        for state, keys in STATES.items():
            page.press(*keys)
            if state in wanted:
                problems = _violations(page, axe_script)
                if problems:
                    found[f"{theme}, {name}, {state}"] = problems
    assert not found, json.dumps(found, indent=1)
