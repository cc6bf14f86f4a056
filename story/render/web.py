"""The story as one web page: the model as data, and the page that plays it, in one HTML file.

The file needs nothing else: no server of its own, no network (its Content-Security-Policy
forbids every request), no font or script from anywhere. Put it on any web host, a learning
platform or a USB stick, and each reader's progress is kept in their own browser.

The data is :func:`story.render.web_data.story_data`; the page's parts are the hand-written
files in ``webpage/`` (``page.html``, ``page.css``, ``page.js``). The data goes into a
``<script type="application/json">`` element with every ``<``, ``>`` and ``&`` escaped, so that
no story text (``</script>``, ``<!--``) can end the element early, and the page inserts every
text as text.

``python -m story.render.web STORY_FOLDER -o FILE`` writes a story's page.
Pure: no Textual, no Rich.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from story import __version__
from story.core.diagnostics import Diagnostic
from story.core.model import Story
from story.render.web_data import story_data

PARTS = "webpage"
"""The package folder (beside this module) holding the page's hand-written parts."""

_SLOT = re.compile(r"@(CSP|VERSION|TITLE|STYLE|DATA|SCRIPT)@")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class WebRefused(Exception):
    """The story does not pass ``story check``: no page is made from it.

    ``str()`` is the message for the author; :attr:`errors` the check's errors.
    """

    def __init__(self, errors: list[Diagnostic]) -> None:
        self.errors = errors
        count = len(errors)
        super().__init__(
            f"the story has {count} error{'s' * (count != 1)}; a web page is made only from a story that "
            "passes `story check`"
        )


def part(name: str) -> str:
    """One of the page's hand-written parts (``page.html``, ``page.css``, ``page.js``)."""
    return resources.files("story.render").joinpath(PARTS, name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever its strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda match: _JSON_ESCAPES[match.group(0)], text)


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def policy(style: str, script: str) -> str:
    """The page's Content-Security-Policy: its own style and script, and no request of any kind."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_digest(script)}'",
            f"style-src '{_digest(style)}'",
            "img-src data:",
            "connect-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        ]
    )


def page_html(story: Story) -> str:
    """The page for a story, whatever it holds (:func:`write_web` makes one only of a checked story).

    Args:
        story: A loaded story.

    Returns:
        One HTML document.
    """
    style, script = part("page.css"), part("page.js")
    data = story_data(story)
    slots = {
        "CSP": html.escape(policy(style, script)),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(data["title"]),
        "STYLE": style,
        "DATA": script_json(data),
        "SCRIPT": script,
    }
    # One pass, so that nothing put in a slot is read again as a slot.
    return _SLOT.sub(lambda match: slots[match.group(1)], part("page.html"))


def check_errors(story: Story) -> list[Diagnostic]:
    """The errors ``story check`` finds in a story's folder (none: the story may be published)."""
    from story.checking.checker import check_path

    return [diagnostic for diagnostic in check_path(story.root).diagnostics if diagnostic.is_error]


def write_web(story: Story, out: Path) -> int:
    """Write a story's page to a file, if the story passes ``story check``.

    Args:
        story: A loaded story (its folder is checked again, as ``story check`` would).
        out: The file to write.

    Returns:
        The page's size in bytes.

    Raises:
        WebRefused: the story has errors (nothing is written).
        OSError: the file cannot be written.
    """
    errors = check_errors(story)
    if errors:
        raise WebRefused(errors)
    page = page_html(story).encode("utf-8")
    # Written beside the file and renamed over it: a page on a web host is never half a page.
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(page)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return len(page)
