"""A list of items to pick from, drawn as one piece of content.

The scene's choices and footnotes change with every scene. An ``OptionList`` of automatic height
inside a scrolling view re-measures itself over several frames after each change; this widget
is one ``Content`` whose height Textual measures once, so a new scene costs one frame.
"""

from __future__ import annotations

from typing import cast

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class PickList(Widget, can_focus=True):
    """Items one under another; arrows move a highlight, Enter or a click picks."""

    DEFAULT_CSS = """
    PickList {
        height: auto;
    }
    PickList > .pick-list--highlight {
        background: $block-cursor-blurred-background;
    }
    PickList:focus > .pick-list--highlight {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    COMPONENT_CLASSES = {"pick-list--highlight"}

    BINDINGS = [
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "pick", "Pick", show=False),
    ]

    SHOW_BLURRED = True
    """Whether the highlight shows while the list does not have focus."""

    highlighted: reactive[int | None] = reactive(None)
    """Index of the highlighted item, if any."""

    class Picked(Message):
        """An item was picked with Enter or a click."""

        def __init__(self, pick_list: PickList, index: int) -> None:
            super().__init__()
            self.pick_list = pick_list
            self.index = index

        @property
        def control(self) -> PickList:
            return self.pick_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Content] = []

    def set_items(self, items: list[Content]) -> None:
        """Show new items, the first highlighted."""
        self.items = items
        self.set_reactive(PickList.highlighted, 0 if items else None)
        self.refresh(layout=True)

    def render(self) -> Content:
        if not self.items:
            return Content("")
        highlighted = self.highlighted
        if highlighted is None or not 0 <= highlighted < len(self.items):
            return Content("\n").join(self.items)
        if not (self.SHOW_BLURRED or self.has_focus):
            return Content("\n").join(self.items)
        style = self.get_visual_style("pick-list--highlight")
        items = list(self.items)
        item = items[highlighted]
        width = self.content_size.width
        if item.cell_length < width and "\n" not in item.plain:
            item = item.pad_right(width - item.cell_length)  # highlight the whole line
        items[highlighted] = item.stylize(style)
        return Content("\n").join(items)

    def watch_highlighted(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- where items are -------------------------------------------------------------------

    def _spans(self) -> list[tuple[int, int]]:
        """First line and height of each item at the current width."""
        width = self.content_size.width
        spans = []
        line = 0
        for item in self.items:
            height = item.get_height(cast(RulesMap, self.styles), width) if width else 1
            spans.append((line, height))
            line += height
        return spans

    def index_at(self, y: int) -> int | None:
        """The item drawn on line ``y`` of the content, if any."""
        for index, (line, height) in enumerate(self._spans()):
            if line <= y < line + height:
                return index
        return None

    def _bring_into_view(self) -> None:
        """Scroll the container so that the highlighted item shows."""
        if self.highlighted is None or not isinstance(self.parent, Widget):
            return
        spans = self._spans()
        if not 0 <= self.highlighted < len(spans):
            return
        line, height = spans[self.highlighted]
        top = self.virtual_region.y + self.styles.gutter.top + line
        self.parent.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)

    # -- actions ---------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if not self.items:
            return
        current = self.highlighted if self.highlighted is not None else -step
        self.highlighted = max(0, min(len(self.items) - 1, current + step))
        self._bring_into_view()

    def action_move_to(self, index: int) -> None:
        if self.items:
            self.highlighted = index % len(self.items)
            self._bring_into_view()

    def action_pick(self) -> None:
        if self.highlighted is not None and 0 <= self.highlighted < len(self.items):
            self.post_message(self.Picked(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.index_at(offset.y)
        if index is not None:
            event.stop()
            self.highlighted = index
            self.post_message(self.Picked(self, index))
