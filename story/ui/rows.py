"""Rendered rows kept by what they show, not only by where they are.

Textual keeps a widget's finished lines (content with its padding, border and colours) by row,
and a widget that changes throws them away. A page that moves on changes every row, yet much of
what it shows was drawn before: an entry of the fact panel pushed down by a new one, the scene
the reader comes back to, the one :meth:`~story.ui.document.Document.prepare_blocks` got ready
while the reader read. :class:`RowCache` keeps finished rows by the key the widget gives each
row (:meth:`Keyed.row_key`), so that such a row costs a lookup.

This is Textual's own cache with one method wrapped, so it is tied to the Textual release the
project pins (``StylesCache.render_line``): a row the widget gives no key is drawn by Textual as
before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rich.segment import Segment
from textual._styles_cache import StylesCache
from textual.cache import LRUCache
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.css.styles import StylesBase
    from textual.filter import LineFilter

Kept = tuple[list[Segment], int]
"""A finished row: its segments, filtered, and its length in cells."""

KEPT = 256
"""Finished rows kept per widget: the screen shown and what each of the next moves would show
(nine at most), on a terminal of about thirty rows. Each row keeps Textual strips with caches of
their own: many more would cost the player's memory more than they save (``story bench``, figure 6)."""


class Keyed(Protocol):
    def row_key(self, y: int) -> Hashable | None:
        """What row ``y`` of the content shows, or ``None`` if it cannot be kept."""


class RowCache(StylesCache):
    """Textual's cache of a widget's finished lines, which also keeps content rows by key."""

    def __init__(self, widget: Keyed) -> None:
        super().__init__()
        self._widget = widget
        self._rows: LRUCache[Hashable, Kept] = LRUCache(KEPT)
        self._last: tuple[Any, ...] | None = None
        """What Textual drew the last content row with, but the row and its content."""
        self._filters: tuple[tuple[LineFilter, ...], Any] = ((), None)
        """The app's line filters, and the background they were given, as of the last render."""
        self._looks: tuple[tuple[int, int], Hashable] | None = None
        """The content's first row and last row but one, and everything but the row that a
        content row is drawn from, as of the last row drawn (``None``: work it out again)."""

    def forget(self) -> None:
        """Drop every kept row (the widget's styles changed)."""
        self._rows.clear()
        self._last = None
        self._looks = None

    def render(
        self,
        styles: StylesBase,
        size: Any,
        base_background: Any,
        background: Any,
        render_content_line: Callable[[int], Strip],
        filters: Sequence[LineFilter],
        *args: Any,
        **kwargs: Any,
    ) -> list[Strip]:
        self._looks = None  # sizes and colours may have changed since the last render
        self._filters = (tuple(filters), background)
        try:
            return super().render(
                styles, size, base_background, background, render_content_line, filters, *args, **kwargs
            )
        finally:
            self._looks = None

    def prepare(self, rows: Iterable[tuple[int, Hashable, Strip]]) -> None:
        """Finish content rows that the widget may show next, as Textual would draw them now.

        Args:
            rows: For each, the row of the content, what it shows (the key
                :meth:`Keyed.row_key` will give it), and its content.
        """
        if self._last is None:
            return  # nothing drawn yet: how Textual draws is not known
        styles, size, content_size, padding, base_background, background, rest = self._last
        top = styles.gutter.top
        self._looks = None
        try:
            for row, shows, line in rows:
                y = row + top
                key = self._key(styles, y, size, content_size, padding, base_background, background, rest, shows)
                if key is not None and key not in self._rows:
                    content = _always(line)
                    strip = super().render_line(
                        styles, y, size, content_size, padding, base_background, background, content, *rest
                    )
                    self._rows[key] = self._keep(strip)
        finally:
            self._looks = None

    def render_line(
        self,
        styles: StylesBase,
        y: int,
        size: Any,
        content_size: Any,
        padding: Any,
        base_background: Any,
        background: Any,
        render_content_line: Callable[[int], Strip],
        *rest: Any,
    ) -> Strip:
        key = self._key(styles, y, size, content_size, padding, base_background, background, rest)
        if key is None:
            return super().render_line(
                styles, y, size, content_size, padding, base_background, background, render_content_line, *rest
            )
        self._last = (styles, size, content_size, padding, base_background, background, rest)
        kept = self._rows.get(key)
        if kept is not None:
            return self._strip(kept)
        strip = super().render_line(
            styles, y, size, content_size, padding, base_background, background, render_content_line, *rest
        )
        self._rows[key] = self._keep(strip)
        return strip

    def _keep(self, strip: Strip) -> Kept:
        """A finished row as kept: its segments once the app's line filters have run on them.

        Only the segments: a strip of Textual's carries caches of its own (seven), which would
        cost more memory than its segments.
        """
        filters, background = self._filters
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        return list(strip), strip.cell_length

    def _strip(self, kept: Kept) -> Strip:
        """A kept row as a strip for Textual to draw.

        Textual runs the app's filters on each strip it draws, keeping the result on the strip:
        the kept segments are already filtered, so the strip is its own result.
        """
        segments, length = kept
        strip = Strip(segments, length)
        filters, background = self._filters
        for line_filter in filters:
            strip._filter_cache[(line_filter, background)] = strip
        return strip

    def _key(
        self,
        styles: StylesBase,
        y: int,
        size: Any,
        content_size: Any,
        padding: Any,
        base_background: Any,
        background: Any,
        rest: tuple[Any, ...],
        shows: Hashable | None = None,
    ) -> Hashable | None:
        """The key of a content row; ``None`` for a border or padding row, or if the widget has
        an outline (drawn over its rows).

        ``shows`` is what the row shows, if not what the widget shows there now.
        """
        if self._looks is None:
            gutter = styles.gutter
            rows = (gutter.top, min(size[1] - gutter.bottom, gutter.top + content_size[1]))
            if any(edge for edge, _ in styles.outline):
                rows = (0, 0)
            # Everything else Textual draws a content row from: sizes, colours, its border's
            # sides, and the arguments after the content (titles, opacity, theme), by identity
            # where they cannot be hashed.
            _, _, opacity, theme, native = rest
            looks = (styles.border, styles.tint, styles.text_opacity, opacity, id(theme), native, self._filters)
            self._looks = rows, (size, content_size, padding, base_background, background, looks)
        (first, end), drawn = self._looks
        if not first <= y < end:
            return None
        shows = self._widget.row_key(y - first) if shows is None else shows
        return None if shows is None else (shows, drawn)


def _always(line: Strip) -> Callable[[int], Strip]:
    """A content-line callback for Textual that gives ``line`` whatever the row."""
    return lambda _: line
