"""The page as a file: what it holds, what it refuses, and the command that writes it (no browser)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from story.core.footnotes import scene_footnotes
from story.core.model import Story
from story.core.sources import normalise
from story.render.web import WebRefused, page_html, part, script_json, write_web
from story.render.web_data import storage_key, story_data
from tests import ROOT

from .conftest import MARKUP


def _data(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="story-data">(.*?)</script>', page, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_the_page_needs_nothing_outside_it(bundled_html: str) -> None:
    for name in ("page.html", "page.css", "page.js"):
        text = part(name)
        assert "http:" not in text and "https:" not in text, name
        assert "@import" not in text and "url(" not in text and "@font-face" not in text, name
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "document.write" not in text, name
        assert "eval(" not in text and "new Function" not in text, name
    assert "src=" not in bundled_html.replace('<link rel="icon" href="data:,">', "")
    assert bundled_html.count("<script") == 2 and bundled_html.count("<style") == 1
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', bundled_html)
    assert policy is not None and "default-src &#x27;none&#x27;" in policy.group(1)


def test_the_data_round_trips_whatever_the_text(markup: Story) -> None:
    data = story_data(markup)
    escaped = script_json(data)
    assert "<" not in escaped and ">" not in escaped and "&" not in escaped
    assert json.loads(escaped) == data
    assert _data(page_html(markup)) == data


def test_the_data_is_the_models(bundled: Story, bundled_html: str) -> None:
    data = _data(bundled_html)
    assert data["key"] == storage_key({key: value for key, value in data.items() if key != "key"})
    scenes = data["scenes"]
    assert isinstance(scenes, dict) and set(scenes) == set(bundled.scenes)
    notes, cites = data["notes"], data["cites"]
    assert isinstance(notes, list) and isinstance(cites, list)
    for scene_id, scene in bundled.scenes.items():
        shown = scenes[scene_id]
        assert [choice["target"] for choice in shown["choices"]] == [choice.target for choice in scene.choices]
        # one note a quote, in the order the terminal numbers them
        cited = [cite for passage in shown["passages"] for cite in passage["cite"]]
        cited += shown["checkpoint"]["cite"] if shown["checkpoint"] else []
        numbered = dict.fromkeys(cites[cite][0] for cite in cited)
        expected = [
            (n.citation.source, f"\u201c{normalise(n.citation.quote)}\u201d") for n in scene_footnotes(scene, False)
        ]
        assert [(notes[n][0], notes[n][1]) for n in numbered] == expected
    assert all(note[3] for note in notes), "every quote of a checked story is found in its article"
    assert data["labels"] == {"000": "Shot and wounded", "004": "Hail of Bullets"}, "a reader sees labels, not ids"


def test_another_version_of_a_story_keeps_its_progress_under_another_key(bundled: Story, markup: Story) -> None:
    key = storage_key(story_data(bundled))
    story, version = key.split(":")[1:]
    data = story_data(bundled)
    data["scenes"]["start"]["title"] = "Edited"
    del data["key"]
    edited = storage_key(data)
    assert edited.split(":")[1] == story and edited.split(":")[2] != version
    assert storage_key(story_data(markup)).split(":")[1] != story, "another story, another key"


def test_a_story_that_fails_check_makes_no_page(markup: Story, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    with pytest.raises(WebRefused) as refused:
        write_web(markup, out)
    assert refused.value.errors and all(error.is_error for error in refused.value.errors)
    assert "passes `story check`" in str(refused.value)
    assert not out.exists()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "story", "export", "--format", "web", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_writes_refuses_and_explains(tmp_path: Path, bundled_html: str) -> None:
    out = tmp_path / "story.html"
    done = _run("scenes", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == bundled_html
    assert done.stderr.startswith(f"wrote {out}")
    refused = _run(str(MARKUP), "-o", str(tmp_path / "markup.html"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert " error E701: " in refused.stderr and refused.stderr.rstrip().endswith("passes `story check`")
    assert not (tmp_path / "markup.html").exists()
    missing = _run("no/such/story", "-o", str(out))
    assert missing.returncode == 2 and "no such story folder" in missing.stderr and "Traceback" not in missing.stderr
    unwritable = _run("scenes", "-o", str(tmp_path / "no" / "such" / "folder" / "story.html"))
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr and "Traceback" not in unwritable.stderr
