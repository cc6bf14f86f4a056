"""The story's web page, measured: its size, and how soon a browser paints it.

Two figures for ``story export --format web``:

- the page's size: the bundled story's page in bytes, and gzipped as a web server would send it;
- its first paint: headless Chromium (Debian's, driven by Playwright) opens the page and the
  clock is the browser's own ``first-contentful-paint``, against a minimal HTML page (a heading
  and a paragraph) opened the same way in the same run, the two taken turn about, each in a
  fresh browser context (nothing cached). Both pages are answered from memory, so no network
  or disk is timed; what is left is parsing the page, reading the story's data and drawing the
  first scene.

``python -m story.bench.web [--runs N] [--json]`` prints them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
from dataclasses import asdict, dataclass
from typing import Any

from story.bench.figures import BenchError

MINIMAL_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A page</title></head>'
    "<body><h1>A heading</h1><p>A paragraph.</p></body></html>"
)
"""The baseline: the least a page can be and still paint some text."""

URL = "http://bench.example/page.html"
"""Where the measured pages are said to be (answered from memory)."""


@dataclass(frozen=True)
class WebFigures:
    """The web page's figures, from one run."""

    page_bytes: int
    """The bundled story's page, as written."""
    page_gzip_bytes: int
    """The same, gzipped (what a web server that compresses sends)."""
    first_paint_ms: float
    """Median first contentful paint of the story's page."""
    baseline_paint_ms: float
    """Median first contentful paint of :data:`MINIMAL_PAGE`."""
    runs: int

    @property
    def paint_ratio(self) -> float:
        """The story page's first paint over the minimal page's."""
        return self.first_paint_ms / self.baseline_paint_ms if self.baseline_paint_ms else float("inf")


def page_size(page: str) -> tuple[int, int]:
    """A page's size in bytes, as it is and gzipped."""
    data = page.encode("utf-8")
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def bundled_page() -> str:
    """The bundled story's page."""
    from story.core.paths import bundled_story
    from story.loading.loader import load_story
    from story.render.web import page_html

    story, _, _ = load_story(bundled_story())
    if story is None:
        raise BenchError("the bundled story does not load")
    return page_html(story)


def _chromium() -> str:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    if found is None:
        raise BenchError("needs Chromium (Debian's chromium package) to time the page's first paint")
    return found


def _first_paint(browser: Any, page: str) -> float:
    """Open a page in a fresh context; its first contentful paint, in milliseconds."""
    context = browser.new_context()
    body = page.encode("utf-8")
    try:
        context.route(
            "**/*",
            lambda route: (
                route.fulfill(body=body, content_type="text/html; charset=utf-8")
                if route.request.url == URL
                else route.abort()
            ),
        )
        tab = context.new_page()
        tab.goto(URL)
        painted = tab.evaluate(
            """() => new Promise((resolve) => {
                const found = () => performance.getEntriesByName("first-contentful-paint")[0];
                if (found()) return resolve(found().startTime);
                new PerformanceObserver(() => found() && resolve(found().startTime)).observe({type: "paint"});
            })"""
        )
        return float(painted)
    finally:
        context.close()


def first_paints(page: str, runs: int) -> tuple[list[float], list[float]]:
    """First paints of a page and of :data:`MINIMAL_PAGE`, ``runs`` each, taken turn about.

    Raises:
        BenchError: without Playwright or Chromium.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BenchError("needs the playwright package to time the page's first paint") from None
    executable = _chromium()
    story_ms: list[float] = []
    baseline_ms: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        try:
            _first_paint(browser, MINIMAL_PAGE)  # a first page warms the browser up: not counted
            for run in range(runs):
                pair = [(story_ms, page), (baseline_ms, MINIMAL_PAGE)]
                for times, html in pair if run % 2 == 0 else reversed(pair):
                    times.append(_first_paint(browser, html))
        finally:
            browser.close()
    return story_ms, baseline_ms


def measure_web(runs: int = 9, page: str | None = None) -> WebFigures:
    """The web page's size and first paint (see the module's docstring).

    Args:
        runs: How many times each page is opened.
        page: The page to measure (default: the bundled story's).

    Raises:
        BenchError: when the page cannot be made or timed.
    """
    page = bundled_page() if page is None else page
    size, compressed = page_size(page)
    story_ms, baseline_ms = first_paints(page, max(1, runs))
    return WebFigures(size, compressed, statistics.median(story_ms), statistics.median(baseline_ms), len(story_ms))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m story.bench.web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="times each page is opened (default 9)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    try:
        figures = measure_web(args.runs)
    except BenchError as error:
        print(f"story bench: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({**asdict(figures), "paint_ratio": round(figures.paint_ratio, 3)}, indent=1))
    else:
        print(f"page size      {figures.page_bytes / 1024:.1f} KiB ({figures.page_gzip_bytes / 1024:.1f} KiB gzipped)")
        print(
            f"first paint    {figures.first_paint_ms:.1f} ms, minimal page {figures.baseline_paint_ms:.1f} ms: "
            f"{figures.paint_ratio:.2f}x (median of {figures.runs})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
