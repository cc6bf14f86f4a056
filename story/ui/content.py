"""Story text as Textual content, always literal.

Story files are untrusted input: Textual markup would eat ``[smith1999]``, fail on ``[/]`` and run
``[@click=app.quit]``, and a control character (YAML writes ESC as ``"\\e"``) would reach the
terminal as it is. Everything an author wrote goes through :func:`literal`, in the player and in
present mode alike, and only the markers and labels built here carry styles or actions.
"""

from __future__ import annotations

from textual.content import Content

from story.core.model import Citation, Story
from story.core.sources import normalise

MARKER_STYLE = "bold $text-accent"

REPLACEMENT = "\ufffd"
"""Shown in place of a control character."""

_CONTROLS = {
    code: REPLACEMENT
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]
    # Tabs and line breaks are text; Content drops BEL, BS, VT, FF and CR itself.
    if chr(code) not in "\t\n\a\b\v\f\r"
}


def literal(text: str, style: str = "", *, verbatim: bool = False) -> Content:
    """Untrusted text as content: never parsed as markup, and never a control sequence.

    Args:
        text: What an author (or an article, or a file being checked) says.
        style: A style for all of it.
        verbatim: Keep every character where it is: line breaks, runs of spaces, and the
            positions of the others (control characters become U+FFFD, one for one), for text
            that is highlighted by offsets (an article) or laid out in lines (a diagnostic's
            excerpt). Otherwise the text is prose: each run of whitespace, line breaks included,
            is one space, and there is none at either end.
    """
    if not verbatim:
        text = " ".join(text.split())
    content = Content(text.translate(_CONTROLS))
    return content.stylize(style) if style else content


def marker(number: int) -> Content:
    """A footnote marker such as ``[2]``; clicking it opens the footnote's source."""
    return Content(f"[{number}]").stylize(f"{MARKER_STYLE} @click=screen.open_footnote({number})")


def with_markers(text: str, numbers: list[int], style: str = "") -> Content:
    """A piece of story text followed by its footnote markers."""
    content = literal(text, style)
    for number in numbers:
        content = content + Content(" ") + marker(number)
    return content


def quote(citation: Citation, story: Story) -> Content:
    """A quote as a reader sees it: the words in quotation marks, then the article's label."""
    words = literal(f"\u201c{normalise(citation.quote)}\u201d", "italic")
    return words + (Content(" \u2014 ") + literal(story.source_label(citation.source))).stylize("dim")
