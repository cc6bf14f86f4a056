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
from textual.strip import Strip

if TYPE_CHECKING:
    from textual.css.styles import StylesBase
    from textual.filter import LineFilter

Ahead = tuple[list[Segment], int]
"""A row finished ahead and not drawn yet: its filtered segments, and its length in cells."""

KEPT = 256
"""Finished rows kept per widget: the screen shown and what each of the next moves would show
(nine at most), on a terminal of about thirty rows. Each row keeps Textual strips with caches of
their own: many more would cost the player's memory more than they save (``story bench``, figure 6)."""


class Keyed(Protocol):
    def row_key(self, y: int) -> Hashable | None:
        """What row ``y`` of the content shows, or ``None`` if it cannot be kept."""


class RowCache(StylesCache):
    """Textual's cache of a widget's finished lines, which also keeps content rows by key."""

    def __init__(self, widget: Keyed, kept: int = KEPT) -> None:
        """Args:
        widget: Whose rows are drawn.
        kept: How many finished rows to keep, the last used.
        """
        super().__init__()
        self._widget = widget
        self._kept = kept
        self._rows: dict[Hashable, Strip | Ahead] = {}
        """Rows drawn or finished since the page shown was shown."""
        self._older: dict[Hashable, Strip | Ahead] = {}
        """Rows from before, among them the page shown, until it is drawn."""
        self._new_page = False
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
        self._older.clear()
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
            if self._new_page:
                self._new_page = False
                self._older = {}

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
                if key is not None and self._find(key) is None:
                    content = _always(line)
                    strip = super().render_line(
                        styles, y, size, content_size, padding, base_background, background, content, *rest
                    )
                    self._put(key, self._ahead(self._filtered(strip)))
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
        if key is not None:
            self._last = (styles, size, content_size, padding, base_background, background, rest)
            kept = self._get(key)
            if kept is not None:
                return kept
        strip = super().render_line(
            styles, y, size, content_size, padding, base_background, background, render_content_line, *rest
        )
        if key is None:
            return strip
        kept = self._own_result(self._filtered(strip))
        self._put(key, kept)
        return kept

    def new_page(self) -> None:
        """The widget shows another page: once it is drawn, rows not drawn since are dropped.

        What is kept is then the page on screen and the pages of the next moves (finished
        while the reader reads), not every page ever drawn.
        """
        self._older.update(self._rows)
        self._rows = {}
        self._new_page = True

    def _find(self, key: Hashable) -> Strip | Ahead | None:
        """A kept row as it is kept, counted as used since the page shown (it stays kept)."""
        kept = self._rows.get(key)
        if kept is None:
            kept = self._older.pop(key, None)
            if kept is not None:
                self._rows[key] = kept
        return kept

    def _get(self, key: Hashable) -> Strip | None:
        """A kept row as the strip Textual draws (a row finished ahead becomes one now)."""
        kept = self._find(key)
        if isinstance(kept, tuple):
            segments, length = kept
            kept = self._rows[key] = self._own_result(Strip(segments, length))
        return kept

    @staticmethod
    def _ahead(strip: Strip) -> Ahead:
        """A row finished ahead, as kept until it is drawn: its segments, not yet a strip (which
        carries caches of its own: for the rows of every next move, more memory than they)."""
        return list(strip), strip.cell_length

    def _put(self, key: Hashable, strip: Strip | Ahead) -> None:
        rows = self._rows
        rows[key] = strip
        while len(rows) > self._kept:
            del rows[next(iter(rows))]  # the first kept (a page the reader never moved to)

    def _filtered(self, strip: Strip) -> Strip:
        """A finished row as the app's line filters make it."""
        filters, background = self._filters
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        return strip

    def _own_result(self, filtered: Strip) -> Strip:
        """A filtered row made its own filter result.

        Textual runs the filters on each strip it draws, keeping the result on the strip (a
        second strip, with caches of its own). A kept row is that result, made its own result:
        one strip a row, and the same one each time it is drawn, so that what Textual keeps on
        it (its cuts and crops) serves every frame.
        """
        filters, background = self._filters
        for line_filter in filters:
            filtered._filter_cache[(line_filter, background)] = filtered
        return filtered

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
