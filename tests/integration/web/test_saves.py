"""Progress kept in the browser: resumed after a reload, and a bad or stale save set aside."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from story.core.model import Story
from story.core.progress import check_save

from .pages import WebPage

ASIDE = re.compile(r"The old save was kept aside in this browser as \u201c(story:[0-9a-f]+:aside:[^\u201d]+)\u201d\.$")


def _key(page: WebPage) -> str:
    return str(page.page.evaluate("() => JSON.parse(document.getElementById('story-data').textContent).key"))


def test_a_reload_resumes_where_the_reader_was(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    assert page.notice is None
    page.press("1", "2")
    title, place = page.title, page.place
    found = page.text("#facts-count")
    page.page.reload()
    assert page.title == title and page.place == place and page.text("#facts-count").startswith(found[:9])
    where = place.split(" \u00b7 ")[0]
    assert page.notice == f"Resumed your saved progress at \u201c{title}\u201d ({where})."
    page.press("b")
    assert page.scene_id == "map" and page.notice is None, "the notice goes once the reader moves"
    check_save(page.saved(_key(page)))


CORRUPT = [
    ("{not json", "it is not JSON"),
    ("[]", "it is not a save file"),
    ('{"version": 2}', "not a save file of this version"),
    ('{"version": 1, "trail": [], "history": [], "visited": [], "answers": {}}', "its trail is empty"),
    (
        '{"version": 1, "trail": ["start"], "history": [], "visited": [], "answers": {"map": -1}}',
        "save file is missing its answers: they are not scenes with option numbers",
    ),
    ('{"version": 1, "trail": ["start"], "rm": 1}', "it has field(s) a save never has: rm"),
    ("[" * 100_000 + "]" * 100_000, None),
]
"""Saves that are not what a player writes, and why the page says it cannot read them."""


def test_a_corrupt_save_is_set_aside_with_a_notice(open_page, bundled_html: str) -> None:
    page = open_page(bundled_html)
    key = _key(page)
    for saved, reason in CORRUPT:
        page.page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, saved])
        page.page.reload()
        notice = page.notice or ""
        start = f"Your saved progress could not be read ({reason}); starting afresh. " if reason else "Your saved"
        assert notice.startswith(start), notice
        aside = ASIDE.search(notice)
        assert aside is not None, notice
        assert page.storage()[aside.group(1)] == saved, "the old save is kept, not lost"
        assert page.scene_id == "start"
        page.press("1")
        assert page.scene_id == "map"
        check_save(page.saved(key))
    asides = [name for name in page.storage() if ":aside:" in name]
    assert len(asides) == 3, "a browser keeps the last few saves set aside, not every one"


def test_an_older_versions_save_is_carried_over_or_set_aside(open_page, bundled: Story, bundled_html: str) -> None:
    page = open_page(bundled_html)
    key = _key(page)
    older = key.rsplit(":", 1)[0] + ":0123456789ab"
    save: dict[str, Any] = {
        "version": 1,
        "story": bundled.title.value,
        "trail": ["start", "map", "the-drive"],
        "history": ["start", "map", "the-drive"],
        "visited": ["start", "map", "the-drive"],
        "answers": {"the-drive": 1},
        "seed": 7,
    }
    page.page.evaluate(
        "([key, value]) => { localStorage.clear(); localStorage.setItem(key, value); }", [older, json.dumps(save)]
    )
    page.page.reload()
    assert page.scene_id == "the-drive" and page.notice is not None and page.notice.startswith("Resumed")
    storage = page.storage()
    assert older not in storage and json.loads(storage[key])["answers"] == {"the-drive": 1}, "carried over"

    save["trail"] = ["start", "map", "gone-scene"]
    page.page.evaluate(
        "([key, value]) => { localStorage.clear(); localStorage.setItem(key, value); }", [older, json.dumps(save)]
    )
    page.page.reload()
    notice = page.notice or ""
    assert notice.startswith(
        "The story has changed since your last visit (the story no longer has scene(s) gone-scene)."
    )
    assert ASIDE.search(notice) is not None
    assert page.scene_id == "map", "the reader resumes at the last scene the story still has"


def test_a_browser_that_keeps_nothing_still_plays(open_page, bundled_html: str) -> None:
    page = open_page(bundled_html)
    page.page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});"
    )
    page.page.reload()
    assert (page.notice or "").startswith("This browser keeps no progress for this page")
    page.press("1")
    assert page.scene_id == "map"


def test_a_second_tab_does_not_overwrite_the_first(open_page, bundled_html: str) -> None:
    first = open_page(bundled_html)
    second = WebPage(first.page.context.new_page())
    second.page.set_default_timeout(5000)
    second.page.goto(first.page.url)
    second.press("1")
    assert (first.notice or "").startswith("This story is open in another tab too")
    first.press("2")  # the first tab plays on, without saving over the second's progress
    assert first.scene_id == "tour-border"
    assert second.saved(_key(second))["trail"] == ["start", "map"]


def test_plays_from_a_file_as_from_a_usb_stick(browser: Any, bundled_html: str, tmp_path: Path) -> None:
    page_file = tmp_path / "story.html"
    page_file.write_text(bundled_html, encoding="utf-8")
    context = browser.new_context()
    outside: list[str] = []
    context.route("http*://**/*", lambda route: (outside.append(route.request.url), route.abort()))
    try:
        page = WebPage(context.new_page())
        page.page.set_default_timeout(5000)
        page.page.goto(page_file.as_uri())
        page.press("1")
        page.page.reload()
        assert page.scene_id == "map" and (page.notice or "").startswith("Resumed")
    finally:
        context.close()
    assert outside == []
