"""A scroll view that draws its own scrollbar, in the last column of its lines.

Textual's scrollbar is a widget of its own, and repainting it after every move cost as much as
the rest of the frame. A :class:`ScrollbarColumn` draws the same bar, cell by cell, beside each
line it renders, and handles the mouse on it: a click above or below the thumb scrolls a view,
and the thumb can be dragged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

from story.ui.rows import KEPT, RowCache

if TYPE_CHECKING:
    from story.ui.blocks import Block


UNDRAWN = 0.1
"""Seconds after which :meth:`ScrollbarColumn.after_drawn` calls back a view that was not drawn."""


class ScrollbarColumn(ScrollView):
    """Lines ``_width`` cells wide (see :meth:`content_line`), and a scrollbar in the column after."""

    DEFAULT_CSS = """
    ScrollbarColumn {
        overflow-x: hidden;
        /* Scrolls whatever its height; the view draws the scrollbar in its last column. */
        overflow-y: scroll;
        scrollbar-size-vertical: 0;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._width = 0
        """Columns left of the scrollbar, as the content was last measured; 0 until then."""
        self._bars: LRUCache[tuple[int, int, int, bool], list[Segment]] = LRUCache(16)
        """The scrollbar's cells, one per row, by (view height, page height, scroll position, and
        whether the mouse holds the thumb)."""
        self._grab: tuple[int, float] | None = None
        """Where the mouse took hold of the scrollbar's thumb: (screen row, scroll position)."""
        self._rows_shown = 0
        """Rows of the view, as of the lines being drawn."""
        self._bar_shown: list[Segment] = []
        """The scrollbar's cells for the lines being drawn."""
        self._top_shown = 0
        """The scroll position, as of the lines being drawn."""
        self._selecting = False
        """Whether text is selected, as of the lines being drawn."""
        self._styles_cache = self._row_cache = RowCache(self, self.ROWS_KEPT)
        self._after_drawn: Callable[[], object] | None = None
        """What to call once the view is next drawn (see :meth:`after_drawn`)."""

    ROWS_KEPT = KEPT
    """Finished rows kept (see :mod:`story.ui.rows`)."""

    def content_key(self, y: int) -> Hashable | None:
        """What row ``y`` of the view shows left of the scrollbar, as a key that is equal only for
        rows drawn the same; ``None`` if the row is not to be kept (see :mod:`story.ui.rows`)."""
        return None

    def overlay_line(self, y: int) -> Strip | None:
        """A line drawn over row ``y`` of the view instead of the content, if any."""
        return None

    def has_overlay(self, y: int) -> bool:
        """Whether :meth:`overlay_line` draws over row ``y`` (without drawing it)."""
        return False

    def may_overlay(self, y: int) -> bool:
        """Whether :meth:`overlay_line` may draw over row ``y`` whatever the content."""
        return False

    def overlaid_ahead(self, y: int, blocks: Sequence[Block], starts: list[int], top: int, view: int) -> bool:
        """Whether row ``y``, which :meth:`may_overlay`, would be drawn over on a page of ``blocks``
        (their content from line ``starts``) shown from line ``top``, ``view`` rows tall.

        Asked of a page finished ahead (see :meth:`prepare_rows`); a row drawn over is not kept.
        By default it may be.
        """
        return True

    def row_key(self, y: int) -> Hashable | None:
        content = self.content_key(y) if self._width and not self.has_overlay(y) else None
        if content is None:
            return None
        bar = self._bar_shown
        return content, (bar[y] if y < len(bar) else None)

    def content_line(self, y: int) -> Strip:
        """Row ``y`` of the view, left of the scrollbar."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        # Textual calls this whenever it applies the widget's rules, changed or not (a change of
        # focus anywhere above it will do): rows are drawn again only if their looks changed.
        super().notify_style_update()
        self._bars.clear()
        if self.restyled():
            self._row_cache.forget()

    def restyled(self) -> bool:
        """Whether the styles the content is drawn in changed since this was last asked."""
        return True

    def after_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the frame in which the view is next drawn is out, in place of
        any callback asked for before; or after :data:`UNDRAWN` seconds, if it is not drawn by then.

        Textual's ``call_after_refresh`` may run before a frame the screen has not heard of yet,
        and work meant for after the frame then holds it up.
        """
        self._after_drawn = callback
        self.set_timer(UNDRAWN, partial(self._call_after_drawn, callback))

    def _call_after_drawn(self, callback: Callable[[], object]) -> None:
        if self._after_drawn is callback:
            self._after_drawn = None
            callback()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._after_drawn is not None:  # called once this frame is out, from this view's queue
            self.call_later(self._call_after_drawn, self._after_drawn)
        self._rows_shown = self.scrollable_content_region.height
        self._bar_shown = self._bar_cells()
        self._top_shown = self.scroll_offset.y
        self._selecting = self.text_selection is not None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        if not width:
            return Strip.blank(self.scrollable_content_region.width, self.visual_style.rich_style)
        bar = self._bar_shown
        line = self.overlay_line(y)
        return _with_bar(self.content_line(y) if line is None else line, bar[y] if y < len(bar) else None)

    def prepare_rows(self, rows: list[tuple[Hashable | None, Strip]], height: int, top: int) -> None:
        """Finish, ahead of time, the rows of a page the view may show next (see :mod:`story.ui.rows`).

        Args:
            rows: What each row of the view would show, left of the scrollbar: its
                :meth:`content_key` (``None`` to leave the row alone) and its line.
            height: The page's height, in lines.
            top: The page's line at the top of the view.
        """
        bar = self._bar_cells((self.scrollable_content_region.height, height, top))
        cells: list[Segment | None] = [*bar[: len(rows)], *[None] * (len(rows) - len(bar))]
        self._row_cache.prepare(
            (y, (content, cell), _with_bar(line, cell))
            for y, ((content, line), cell) in enumerate(zip(rows, cells, strict=True))
            if content is not None
        )

    def _bar_key(self) -> tuple[int, int, int]:
        return self.scrollable_content_region.height, self.virtual_size.height, round(self.scroll_y)

    def _bar_cells(self, key: tuple[int, int, int] | None = None) -> list[Segment]:
        """The scrollbar's cell on each row, drawn as Textual draws its own scrollbars.

        Args:
            key: (view height, page height, scroll position) to draw it for, if not the view's own.
        """
        view, height, position = key or self._bar_key()
        held = self._grab is not None
        cells = self._bars.get((view, height, position, held))
        if cells is None:
            styles = self.styles
            _, background = self.background_colors
            back = background + styles.scrollbar_background
            color = back + (styles.scrollbar_color_active if held else styles.scrollbar_color)
            bar = ScrollBarRender.render_bar(
                size=view,
                virtual_size=max(height, view),
                window_size=view,
                position=position,
                back_color=back.rich_color,
                bar_color=color.rich_color,
            )
            # The same looks without the scrollbar widget's mouse actions: this view has its own.
            cells = self._bars[(view, height, position, held)] = [
                Segment(segment.text, RichStyle(color=style.color, bgcolor=style.bgcolor, reverse=style.reverse))
                for segment in bar.segments
                if (style := segment.style) is not None
            ]
        return cells

    def _on_bar(self, event: events.MouseEvent) -> bool:
        offset = event.get_content_offset_capture(self)
        return offset.x == self._width

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if not self._width or not self._on_bar(event):
            return
        event.stop()
        view, height, position = self._bar_key()
        if height <= view:
            return
        row = event.get_content_offset_capture(self).y
        thumb = [index for index, cell in enumerate(self._bar_cells()) if cell.style and cell.style.reverse]
        if thumb and row < thumb[0]:
            self.scroll_pages(-1)
        elif thumb and row > thumb[-1]:
            self.scroll_pages(1)
        else:
            self._grab = (event.screen_y, self.scroll_y)
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._grab is not None:
            start_row, start_y = self._grab
            view, height, _ = self._bar_key()
            self.scroll_to(y=start_y + (event.screen_y - start_row) * height / max(1, view), animate=False)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._grab is not None:
            self._grab = None
            self.release_mouse()
            self.refresh()

    def scroll_pages(self, pages: int) -> None:
        """Scroll by whole views, keeping one line of the last view for context."""
        step = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + pages * step, animate=False)


def _with_bar(line: Strip, cell: Segment | None) -> Strip:
    return Strip.join([line, Strip([cell or Segment(" ")], 1)])
