"""Untrusted text on screen: one helper (story.ui.content.literal) for the player and present mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from story.core.diagnostics import Pos
from story.core.model import Citation
from story.loading.loader import load_story
from story.ui.content import REPLACEMENT, literal, quote

from .helpers import SIZE, passages, rendered_lines, scene, settle, tiny_app, title
from .tiny import TINY, copy_tiny, edit

MARKUP = ["[bold]not bold[/]", "[/]", "[@click=app.quit]quit[/]", "[smith1999]", "[$accent]x", "[link=x]y"]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_is_text(text: str) -> None:
    content = literal(text)
    assert content.plain == text and not content.spans
    assert literal(text, "bold").spans[0].style == "bold"


def test_control_characters_never_reach_the_terminal() -> None:
    # YAML writes ESC as "\e"; a title could clear the screen or set the window's title.
    hostile = "a\x1b[2Jb\x1b]0;pwned\x07c\x9bd\x7fe\x00f"
    for verbatim in (False, True):
        plain = literal(hostile, verbatim=verbatim).plain
        assert not [c for c in plain if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0]
        assert plain.startswith(f"a{REPLACEMENT}[2Jb{REPLACEMENT}]0;pwnedc{REPLACEMENT}d")


def test_prose_is_one_paragraph_and_verbatim_text_keeps_its_places() -> None:
    assert literal("  two\n lines\tand  spaces \n").plain == "two lines and spaces"
    text = "line one\n    hint:  indented\tand\x1bmore"
    kept = literal(text, verbatim=True).plain
    assert len(kept) == len(text) and kept.split("\n")[1].startswith("    hint:  indented\t")
    # An article's passage is highlighted by offsets into its text: they must still hold.
    assert kept.index("more") == text.index("more")


def test_a_quote_is_its_words_then_its_source_dimmed() -> None:
    story, _, _ = load_story(TINY)
    assert story is not None
    shown = quote(Citation("004", "fired  40\ntimes", Pos("scenes.yaml", 1, 1)), story)
    assert shown.plain == "\u201cfired 40 times\u201d \u2014 Hail of Bullets"
    dim = [(span.start, span.end) for span in shown.spans if span.style == "dim"]
    assert dim == [(len("\u201cfired 40 times\u201d"), len(shown.plain))]


async def test_the_player_shows_control_characters_as_replacements(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", "title: A soldier crosses", 'title: "A soldier\\e[2J crosses\\e]0;pwned\\a"')
    edit(
        root / "scenes.yaml",
        "      - text: Border crossings at the demilitarized zone directly into South Korea are rather rare.",
        '      - text: "Border crossings\\e[31m are\\nrare."',
    )
    app = tiny_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert title(app) == f"A soldier{REPLACEMENT}[2J crosses{REPLACEMENT}]0;pwned"
        assert f"Border crossings{REPLACEMENT}[31m are rare." in passages(app)
        drawn = "\n".join(rendered_lines(scene(app)))
        assert "\x1b" not in drawn and f"A soldier{REPLACEMENT}[2J crosses" in drawn
