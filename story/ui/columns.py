"""Content in columns side by side: how the fact panel shows accounts that disagree."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

GAP = 2
"""Blank cells between two columns."""


class SideBySide(Visual):
    """A heading over columns of equal width, each wrapped on its own.

    A Textual visual rather than a Rich table: heights are cheap to measure (the fact panel
    measures every entry whenever it changes) and styles come from the theme.
    """

    def __init__(self, heading: Content, columns: list[Content]) -> None:
        self.heading = heading
        self.columns = columns
        self._height: tuple[int, int] | None = None

    def _widths(self, width: int) -> list[int]:
        count = max(1, len(self.columns))
        room = max(count, width - GAP * (count - 1))
        widths = [room // count] * count
        widths[-1] += room - sum(widths)
        return widths

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._height is not None and self._height[0] == width:
            return self._height[1]
        heights = [column.get_height(rules, w) for column, w in zip(self.columns, self._widths(width), strict=True)]
        height = self.heading.get_height(rules, width) + max(heights, default=0)
        self._height = (width, height)
        return height

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips = self.heading.render_strips(width, None, style, options)
        widths = self._widths(width)
        rendered = [
            column.render_strips(w, None, style, options) for column, w in zip(self.columns, widths, strict=True)
        ]
        rich_style = style.rich_style
        gap = Strip.blank(GAP, rich_style)
        for row in range(max((len(lines) for lines in rendered), default=0)):
            parts: list[Strip | None] = []
            for index, (lines, w) in enumerate(zip(rendered, widths, strict=True)):
                if index:
                    parts.append(gap)
                line = lines[row] if row < len(lines) else Strip.blank(w, rich_style)
                parts.append(line.adjust_cell_length(w, rich_style))
            strips.append(Strip.join(parts))
        return strips[:height] if height is not None else strips
