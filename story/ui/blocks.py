"""What a page is made of: blocks, one under another (see :class:`~story.ui.document.Document`)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from textual.visual import Visual


@dataclass(frozen=True, eq=False)
class Block:
    """One piece of a page."""

    content: Visual
    gap: int = 0
    """Blank lines above the block."""
    style: str = ""
    """A component class for the block's colours; if it has a ``border-left``, the block is
    boxed: a bar of that colour down its left, and a cell of padding either side."""
    rule: bool = False
    """Draw a rule across the page just above the block."""
    item: bool = False
    """The cursor can stop on the block, and picking it posts :class:`Page.Picked <story.ui.page.Page.Picked>`."""
    key: Hashable = None
    """Names what the block shows, so that its wrapped lines are reused when a page is rebuilt
    with the same block (the fact panel keeps most entries from one rebuild to the next)."""
    line: int = 0
    """Where the block's text starts in the page's text, in lines: text selected with the
    mouse is copied from there (see :meth:`Document.get_selection`)."""


def line_shown(block: Block, offset: int, look: str, key: Hashable = None) -> Hashable:
    """What line ``offset`` of a block shows, as a key equal only for lines drawn the same."""
    return (block.key if key is None else key, block.line, offset, look, block.rule and offset == -1)
