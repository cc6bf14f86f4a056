"""A page: a document whose items a cursor moves over, picked with Enter or a click.

The scene view's choices and footnotes and the fact panel's entries are items (see
:class:`~story.ui.document.Block`); the arrow keys move the cursor over them, and picking one
posts :class:`Page.Picked`.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message

from story.ui.document import Document


class Page(Document, can_focus=True, inherit_bindings=False):
    """Blocks one under another, scrolled as one; the cursor moves over the items."""

    BINDINGS = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "pick", "Pick", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    class Picked(Message):
        """An item was picked with Enter or a click."""

        def __init__(self, page: Page, item: int) -> None:
            super().__init__()
            self.page = page
            self.item = item
            """Index of the item among the page's items (not among its blocks)."""

        @property
        def control(self) -> Page:
            return self.page

    # -- the cursor ----------------------------------------------------------------------------

    def _refresh_item(self, item: int | None) -> None:
        span = None if item is None else self.item_span(item)
        if span is not None:
            self.refresh_lines(*span)

    def on_focus(self) -> None:
        self._refresh_item(self.cursor)

    def on_blur(self) -> None:
        self._refresh_item(self.cursor)

    def bring_into_view(self, item: int) -> None:
        """Scroll so that an item shows."""
        span = self.item_span(item)
        if span is not None:
            start, height = span
            self.scroll_to_region(Region(0, start, 1, height), animate=False, immediate=True)

    def block_span(self, index: int) -> tuple[int, int] | None:
        """First line and height of a block's content on the page, once the page has a width."""
        self._measure()
        if not self._width or not 0 <= index < len(self._blocks):
            return None
        return self._starts[index], self._height(self._blocks[index], self._width)

    def reveal(self, start: int, end: int, *, prefer_end: bool = False) -> None:
        """Scroll lines ``start`` to ``end`` of the page into view, moving as little as possible.

        Lines that cannot all be shown are shown from ``start``, or up to ``end`` with ``prefer_end``.
        """
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if end - start > height:
            y = end - height if prefer_end else start
        elif end > top + height:
            y = end - height
        elif start < top:
            y = start
        else:
            return
        self.scroll_to(y=max(0, y), animate=False, immediate=True)

    # -- keys and the mouse --------------------------------------------------------------------

    def move_cursor(self, item: int | None, *, scroll: bool = True) -> None:
        """Put the cursor on an item (clamped), redrawing only the lines that change."""
        if not self._items:
            return
        new = None if item is None else max(0, min(item, len(self._items) - 1))
        old, self.cursor = self.cursor, new
        if old != new:
            self._refresh_item(old)
            self._refresh_item(new)
        if scroll and new is not None:
            self.bring_into_view(new)

    def action_move(self, step: int) -> None:
        if not self._items:
            return
        current = self.cursor if self.cursor is not None else -step
        self.move_cursor(current + step)

    def action_move_to(self, index: int) -> None:
        if self._items:
            self.move_cursor(index % len(self._items))

    def action_pick(self) -> None:
        if self.cursor is not None and 0 <= self.cursor < len(self._items):
            self.post_message(Page.Picked(self, self.cursor))

    def action_page(self, pages: int) -> None:
        self.scroll_pages(pages)

    def overlay_clicked(self, y: int) -> None:
        """The line drawn over row ``y`` (see :meth:`overlay_line`) was clicked."""

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.x >= self._width:  # the scrollbar
            return
        if self.overlay_line(offset.y) is not None:
            event.stop()
            self.overlay_clicked(offset.y)
            return
        item = self.item_at(self.scroll_offset.y + offset.y)
        if item is not None:
            event.stop()
            self.move_cursor(item, scroll=False)
            self.post_message(Page.Picked(self, item))
