"""A scroll view that draws its own scrollbar, in the last column of its lines.

Textual's scrollbar is a widget of its own, and repainting it after every move cost as much as
the rest of the frame. A :class:`ScrollbarColumn` draws the same bar, cell by cell, beside each
line it renders, and handles the mouse on it: a click above or below the thumb scrolls a view,
and the thumb can be dragged.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip


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
        self._bar: tuple[tuple[int, int, int], list[Segment]] | None = None
        """The scrollbar's cells, one per row, for (view height, page height, scroll position)."""
        self._grab: tuple[int, float] | None = None
        """Where the mouse took hold of the scrollbar's thumb: (screen row, scroll position)."""
        self._rows_shown = 0
        """Rows of the view, as of the lines being drawn."""
        self._bar_shown: list[Segment] = []
        """The scrollbar's cells for the lines being drawn."""

    def content_line(self, y: int) -> Strip:
        """Row ``y`` of the view, left of the scrollbar."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._bar = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._rows_shown = self.scrollable_content_region.height
        self._bar_shown = self._bar_cells()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        if not width:
            return Strip.blank(self.scrollable_content_region.width, self.visual_style.rich_style)
        bar = self._bar_shown
        cell = bar[y] if y < len(bar) else Segment(" ")
        return Strip.join([self.content_line(y), Strip([cell], 1)])

    def _bar_key(self) -> tuple[int, int, int]:
        return self.scrollable_content_region.height, self.virtual_size.height, round(self.scroll_y)

    def _bar_cells(self) -> list[Segment]:
        """The scrollbar's cell on each row, drawn as Textual draws its own scrollbars."""
        key = self._bar_key()
        if self._bar is None or self._bar[0] != key:
            view, height, position = key
            styles = self.styles
            _, background = self.background_colors
            back = background + styles.scrollbar_background
            color = back + (styles.scrollbar_color_active if self._grab else styles.scrollbar_color)
            bar = ScrollBarRender.render_bar(
                size=view,
                virtual_size=max(height, view),
                window_size=view,
                position=position,
                back_color=back.rich_color,
                bar_color=color.rich_color,
            )
            # The same looks without the scrollbar widget's mouse actions: this view has its own.
            cells = [
                Segment(segment.text, RichStyle(color=style.color, bgcolor=style.bgcolor, reverse=style.reverse))
                for segment in bar.segments
                if (style := segment.style) is not None
            ]
            self._bar = (key, cells)
        return self._bar[1]

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
            self._bar = None
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._grab is not None:
            start_row, start_y = self._grab
            view, height, _ = self._bar_key()
            self.scroll_to(y=start_y + (event.screen_y - start_row) * height / max(1, view), animate=False)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._grab is not None:
            self._grab = None
            self._bar = None
            self.release_mouse()
            self.refresh()

    def scroll_pages(self, pages: int) -> None:
        """Scroll by whole views, keeping one line of the last view for context."""
        step = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + pages * step, animate=False)
