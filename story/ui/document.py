"""A document of blocks drawn line by line: what the scene view and the fact panel show their text on.

Both views change as a whole when the reader moves on. Built from child widgets (a ``Static``
per part, an ``OptionList``), every change of content height sets off a second layout of the
screen, and each layout repaints the scrollbars on the frame after: three frames per key,
about a sixtieth of a second apart. A document is one widget of fixed size that wraps its blocks
itself, keeps the wrapped lines and sets its scroll height without a layout: a change is a
repaint of the lines on screen, drawn in one frame. It draws its scrollbar in its own last
column too (see :mod:`story.ui.scrollbar`).

Blocks that are picked (choices, footnotes, fact-panel entries) are *items*. The document draws
the cursor on one; moving it with the keys and picking are :class:`~story.ui.page.Page`'s.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Sequence
from typing import cast

from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from story.ui.blocks import Block, line_shown
from story.ui.scrollbar import ScrollbarColumn

EDGE = "\u2588"
"""The bar down the left of a boxed block (what Textual draws for a ``thick`` border)."""
RULE = "\u2500"


class Document(ScrollbarColumn):
    """Blocks one under another, scrolled as one, drawn with the Line API."""

    DEFAULT_CSS = """
    Document > .page--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    Document > .page--cursor-blurred {
        background: $block-cursor-blurred-background;
    }
    Document > .page--rule {
        color: $panel-lighten-2;
    }
    """

    COMPONENT_CLASSES = {"page--cursor", "page--cursor-blurred", "page--rule"}

    BOTTOM = 0
    """Blank lines after the last block."""

    ALLOW_SELECT = False
    """Selecting needs blocks whose ``line`` places them in the page's text; a page that sets
    them allows it."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._blocks: list[Block] = []
        self._items: list[int] = []
        """Index in ``_blocks`` of each item."""
        self.cursor: int | None = None
        """Index of the item under the cursor, if any."""
        self._tops: list[int] = []
        """First line of each block, its gap included."""
        self._starts: list[int] = []
        """First line of each block's content."""
        self._wrapped: dict[tuple[Hashable, int, int, str], list[list[Segment]]] = {}
        """Wrapped lines of blocks, by (block key, its line in the text, width, cursor look)."""
        self._heights: dict[tuple[Hashable, int], int] = {}
        """Heights of blocks' content, by (block key, width)."""
        self._plain: tuple[Strip, Strip] | None = None
        """A blank line and a rule at ``_width``."""
        self._styles: dict[str, Style] = {}
        """The widget's style ("") and its component classes' styles, until the styles change."""
        self._looks: Hashable = None
        """What :meth:`_looks_now` gave when the styles last changed."""

    # -- what the page holds ---------------------------------------------------------------

    @property
    def blocks(self) -> Sequence[Block]:
        return self._blocks

    @property
    def item_count(self) -> int:
        return len(self._items)

    def set_blocks(self, blocks: list[Block], *, cursor: int | None = 0, home: bool = True) -> None:
        """Show new blocks.

        Only the rows of the view that show something else are drawn again, so that a page
        rebuilt with a block added below the view costs nothing to draw.

        Args:
            blocks: What the page shows, top to bottom.
            cursor: The item to put the cursor on (``None`` for none; clamped).
            home: Scroll back to the top; otherwise keep the scroll position.
        """
        before = self._rows() if not home else None
        bar_before = self._bar_key()
        self._row_cache.new_page()
        self._blocks = blocks
        self._items = [index for index, block in enumerate(blocks) if block.item]
        self.cursor = None if cursor is None or not self._items else max(0, min(cursor, len(self._items) - 1))
        keys = {self._key(block) for block in blocks}
        self._wrapped = {key: lines for key, lines in self._wrapped.items() if key[0] in keys}
        self._heights = {key: height for key, height in self._heights.items() if key[0] in keys}
        self._width = 0
        self._measure(top=0 if home else None)
        if home and self.scroll_y:
            self.scroll_to(y=0, animate=False)  # redraws the whole view
            return
        if before is None:  # a page from its top is drawn whole
            self.refresh()
            return
        after = self._rows()
        if len(before) != len(after) or bar_before != self._bar_key():
            self.refresh()
            return
        for row, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                self.refresh(Region(0, row, self._width, 1))

    def prepare_blocks(self, blocks: list[Block], *, top: int | None = 0) -> None:
        """Wrap, ahead of time, what the view would show of some blocks (see :meth:`set_blocks`).

        A later :meth:`set_blocks` with blocks of the same keys then draws from what is kept
        here. Blocks without keys cannot be found again, so they are not prepared.

        Args:
            blocks: Blocks a later move may show.
            top: The line the view would start at (default: where it is now).
        """
        width = self._width
        if not width:
            return
        if any(block.key is None for block in blocks):
            return
        view = self.scrollable_content_region.height
        start = self.scroll_offset.y if top is None else top
        first = next((index for index, block in enumerate(blocks) if block.item), None)
        looks = [self.cursor_look(0) if index == first else "" for index in range(len(blocks))]
        tops, starts, height = self._lay_out(blocks, looks, start + view)
        start = max(0, min(start, height - view))  # where the view would be scrolled to
        blank, _ = self._blank_and_rule()
        rows: list[tuple[Hashable | None, Strip]] = []
        for line in range(start, start + view):
            if self.may_overlay(line - start) and self.overlaid_ahead(line - start, blocks, starts, start, view):
                rows.append((None, blank))  # a line drawn over is not kept
            elif not blocks or not 0 <= line < height:
                rows.append(((None, width), blank))
            else:
                index = bisect_right(tops, line) - 1
                block, offset, look = blocks[index], line - starts[index], looks[index]
                rows.append(((line_shown(block, offset, look), width), self._line_of(block, offset, look)))
        self.prepare_rows(rows, height, start)

    def forget(self) -> None:
        """Drop every wrapped block and finished row (their keys may now name something else: a
        reloaded story)."""
        self._wrapped.clear()
        self._heights.clear()
        self._row_cache.forget()

    def _key(self, block: Block) -> Hashable:
        return block.key if block.key is not None else id(block)

    # -- measuring ---------------------------------------------------------------------------

    def _content_width(self) -> int:
        """Columns for the blocks: all but the last, which is the scrollbar's."""
        return self.scrollable_content_region.width - 1

    def _measure(self, top: int | None = None) -> None:
        """Lay the blocks out at the current width, if the page has one yet, and size the scrolling.

        Blocks that will be on screen are wrapped now (their height is their number of lines);
        the others are only measured, and wrapped if they are scrolled to.

        Args:
            top: The line the view will start at (default: where it is now).
        """
        region = self.scrollable_content_region
        width = region.width - 1
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._plain = None
        bottom = (self.scroll_offset.y if top is None else top) + region.height
        looks = [self._look_at(index) for index in range(len(self._blocks))]
        self._tops, self._starts, height = self._lay_out(self._blocks, looks, bottom)
        self._set_height(height)

    def _lay_out(self, blocks: Sequence[Block], looks: Sequence[str], bottom: int) -> tuple[list[int], list[int], int]:
        """Where blocks go at the current width: each one's first line (its gap included), the
        first line of its content, and the page's height.

        A block of known height is not wrapped again; of the others, those starting above line
        ``bottom`` are wrapped now, the rest only measured (and wrapped if scrolled to).
        """
        width = self._width
        tops: list[int] = []
        starts: list[int] = []
        line = 0
        for block, look in zip(blocks, looks, strict=True):
            tops.append(line)
            line += block.gap + block.rule
            starts.append(line)
            key = (self._key(block), width)
            height = self._heights.get(key)
            if height is None and line < bottom:
                height = self._heights[key] = len(self._wrap_block(block, look))
            elif height is None:
                height = self._height(block, width)
            line += height
        return tops, starts, line + self.BOTTOM if blocks else 0

    def _height(self, block: Block, width: int) -> int:
        key = (self._key(block), width)
        height = self._heights.get(key)
        if height is None:
            inner = max(1, width - 3) if self._boxed(block) else width
            height = self._heights[key] = block.content.get_height(cast(RulesMap, self.styles), inner)
        return height

    def _set_height(self, height: int) -> None:
        """Tell the scrolling machinery how tall the page is, without a layout.

        The widget's own size does not depend on its content, so nothing else on the screen
        moves: setting ``virtual_size`` the usual way would lay out the whole screen again.
        """
        size = Size(self._width, height)
        if size == self.virtual_size:
            return
        self.set_reactive(Widget.virtual_size, size)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False)

    def restyled(self) -> bool:
        # A new theme, say: every line must be wrapped and drawn again in its colours.
        looks = self._looks_now()
        if looks == self._looks:
            return False
        self._looks = looks
        self._wrapped.clear()
        self._styles.clear()
        self._plain = None
        return True

    def _looks_now(self) -> Hashable:
        """The styles the blocks are drawn in: the widget's own and its component classes' (with
        the edge of a block boxed in one)."""
        if not self.is_attached:
            return None
        names = sorted(self._get_component_classes())
        try:
            return (
                self.visual_style,
                tuple((self.get_visual_style(name), self.get_component_styles(name).border_left) for name in names),
            )
        except KeyError:  # being mounted: the component classes have no styles yet, nor anything drawn
            return None

    def on_resize(self) -> None:
        self._measure()

    # -- drawing -------------------------------------------------------------------------------

    def _wrap_block(self, block: Block, look: str) -> list[list[Segment]]:
        """A block's lines, plain or under the cursor (``look`` names the class), as segments:
        mostly drawn from the rows kept (:mod:`story.ui.rows`), they need no strip's caches."""
        width = self._width
        cache_key = (self._key(block), block.line, width, look)
        selecting = self.text_selection is not None  # the selection is drawn into the lines
        cached = None if selecting else self._wrapped.get(cache_key)
        if cached is not None:
            return cached
        content = block.content
        if block.line and isinstance(content, Content):
            # Blank lines first, dropped once wrapped, so that the text's own line numbers
            # (what selecting goes by) count from the top of the page.
            content = Content("\n" * block.line) + content
        style = self._style("")
        if block.style:
            style = style + self._style(block.style)
        if look:
            style = style + self._style(look)
        rich_style = style.rich_style
        if self._boxed(block):
            edge_color = self.get_component_styles(block.style).border_left[1]
            edge = Segment(EDGE, (style + Style(foreground=edge_color)).rich_style)
            pad = Segment(" ", rich_style)
            inner = max(1, width - 3)
            strips = Visual.to_strips(self, content, inner, None, style)[block.line :]
            lines = [
                Strip([edge, pad, *strip.adjust_cell_length(inner, rich_style), pad], width).crop(0, width)
                for strip in strips
            ]
        else:
            strips = Visual.to_strips(self, content, width, None, style)[block.line :]
            lines = [strip.adjust_cell_length(width, rich_style) for strip in strips]
        wrapped = [list(line) for line in lines]
        if not selecting:
            self._wrapped[cache_key] = wrapped
        return wrapped

    def _style(self, name: str) -> Style:
        """The widget's own style (``name`` empty) or a component class's."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_visual_style(name) if name else self.visual_style
        return style

    def _boxed(self, block: Block) -> bool:
        return bool(block.style) and self.get_component_styles(block.style).border_left[0] not in ("", "none")

    def _blank_and_rule(self) -> tuple[Strip, Strip]:
        if self._plain is None:
            width = self._width
            base = self._style("")
            rule_style = (base + self._style("page--rule")).rich_style
            self._plain = (Strip.blank(width, base.rich_style), Strip([Segment(RULE * width, rule_style)], width))
        return self._plain

    def _locate(self, line: int) -> tuple[int, int] | None:
        """The block a line of the page belongs to and the line's place in its content (-1 is
        just above it, in its gap), or ``None`` off the page."""
        if not self._tops or not 0 <= line < self.virtual_size.height:
            return None
        index = bisect_right(self._tops, line) - 1
        return index, line - self._starts[index]

    def _rows(self) -> list[Hashable]:
        """What each row of the view shows, to tell which rows a change leaves alone."""
        if not self._width:
            return []
        top = self.scroll_offset.y
        return [self._row(top + y) for y in range(self.scrollable_content_region.height)]

    def _row(self, line: int) -> Hashable:
        """What a line of the page shows (``None``: nothing, a blank line)."""
        if (where := self._locate(line)) is None:
            return None
        block = self._blocks[where[0]]
        return line_shown(block, where[1], self._look_at(where[0]), self._key(block))

    def content_key(self, y: int) -> Hashable | None:
        if self._selecting:
            return None  # drawn with the selection in it
        if (where := self._locate(self._top_shown + y)) is None:
            return None, self._width  # a blank line
        index, offset = where
        block = self._blocks[index]
        if block.key is None:
            return None  # a block without a key is known only by its id, which a later block may reuse
        return line_shown(block, offset, self._look_at(index)), self._width

    def _look_at(self, block_index: int) -> str:
        cursor = self.cursor
        return "" if cursor is None or self._items[cursor] != block_index else self.cursor_look(cursor)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._measure()  # the page may have a new width since it was last drawn
        return super().render_lines(crop)

    def content_line(self, y: int) -> Strip:
        if (where := self._locate(self.scroll_offset.y + y)) is None:
            return self._blank_and_rule()[0]
        index, offset = where
        return self._line_of(self._blocks[index], offset, self._look_at(index))

    def _line_of(self, block: Block, offset: int, look: str) -> Strip:
        """Line ``offset`` of a block's content (negative: the gap above it, -1 the rule if any)."""
        blank, rule = self._blank_and_rule()
        if offset < 0:
            return rule if block.rule and offset == -1 else blank
        lines = self._wrap_block(block, look)
        return Strip(lines[offset], self._width) if offset < len(lines) else blank

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, from the blocks' text (not their wrapped lines)."""
        lines: list[str] = []
        for block in self._blocks:
            if isinstance(block.content, Content):
                text = block.content.plain.split("\n")
                lines += [""] * (block.line - len(lines))
                lines[block.line : block.line + len(text)] = text
        return selection.extract("\n".join(lines)), "\n"

    def cursor_look(self, item: int) -> str:
        """The component class the cursor gives an item, or ``""`` to draw it plain."""
        return "page--cursor" if self.has_focus else "page--cursor-blurred"

    # -- where things are ----------------------------------------------------------------------

    def item_span(self, item: int) -> tuple[int, int] | None:
        """First line and height of an item's content on the page, once the page has a width."""
        self._measure()
        if not self._width or not 0 <= item < len(self._items):
            return None
        block = self._items[item]
        return self._starts[block], self._height(self._blocks[block], self._width)

    def item_at(self, line: int) -> int | None:
        """The item drawn on a line of the page, if any."""
        self._measure()
        if not self._width or (where := self._locate(line)) is None:
            return None
        index, offset = where
        return self._items.index(index) if offset >= 0 and index in self._items else None
