"""Story text as Textual content, always literal.

Story files are untrusted input: Textual markup would eat ``[smith1999]``, fail on ``[/]`` and run
``[@click=app.quit]``. Everything an author wrote goes through :func:`literal`, and only the
markers and labels built here carry styles or actions.
"""

from __future__ import annotations

from textual.content import Content

from story.core.model import Citation, Story
from story.core.sources import normalise

MARKER_STYLE = "bold $text-accent"


def literal(text: str, style: str = "") -> Content:
    """Story text as content, never parsed as markup."""
    content = Content(text)
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


def source_name(story: Story, source_id: str) -> str:
    """How a source is named beside a quote: its id (titles are shown in the source view)."""
    return f"source {source_id}" if source_id in story.sources else f"unknown source {source_id}"


def quote(citation: Citation, story: Story) -> Content:
    """A quote as a reader sees it: the words in quotation marks, then the source."""
    words = literal(f"\u201c{normalise(citation.quote)}\u201d", "italic")
    return words + literal(f" \u2014 {source_name(story, citation.source)}", "dim")
