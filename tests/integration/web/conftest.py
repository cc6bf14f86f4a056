"""The story's web page in a real headless Chromium (Debian's, never a downloaded one).

Each test opens the page in a fresh browser context whose every request is intercepted: the
page itself is answered from memory at :data:`URL`, and anything else is refused and recorded,
and the test fails if there was any.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from story.core.model import Story
from story.loading.loader import load_story
from story.render.web import page_html
from tests import ROOT
from tests.integration.serve.browser import chromium_or_skip

from .pages import URL, WebPage

MARKUP = Path(__file__).parent / "fixtures" / "markup"
"""A story whose every text looks like markup."""

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _load(root: Path) -> Story:
    story, _, _ = load_story(root)
    assert story is not None
    return story


@pytest.fixture(scope="session")
def bundled() -> Story:
    return _load(ROOT / "scenes")


@pytest.fixture(scope="session")
def bundled_html(bundled: Story) -> str:
    return page_html(bundled)


@pytest.fixture(scope="session")
def markup() -> Story:
    return _load(MARKUP)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Opens a page in a context of its own; fails the test if any request left a page."""
    contexts: list[Any] = []
    outside: list[str] = []
    errors: list[str] = []

    def opener(html: str, *, viewport: dict[str, int] | None = None, **options: Any) -> WebPage:
        context = browser.new_context(viewport=viewport or DESKTOP, **options)
        contexts.append(context)
        body = html.encode("utf-8")

        def answer(route: Any) -> None:
            if route.request.url == URL:
                route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", answer)
        page = context.new_page()
        page.set_default_timeout(5000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(URL)
        return WebPage(page)

    yield opener
    for context in contexts:
        context.close()
    assert outside == [], f"requests left the page: {outside}"
    assert errors == [], f"the page threw: {errors}"
