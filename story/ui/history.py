"""The history log: every scene read, in reading order, with its narration."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from story.core.progress import Progress
from story.ui.content import literal


class HistoryScreen(Screen[str | None]):
    """What was read, oldest first. Enter goes back to that scene; Esc returns."""

    DEFAULT_CSS = """
    #history-title {
        padding: 0 1;
        background: $panel;
    }

    #history {
        height: 1fr;
        border: none;
        scrollbar-gutter: stable;
    }

    #history > .option-list--option {
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("backspace,h", "close", "Back", show=False),
    ]

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        yield Static(Content("History: what you have read, oldest first. Enter goes back there."), id="history-title")
        yield OptionList(*self._entries(), id="history", markup=False)
        yield Footer()

    def _entries(self) -> list[Option]:
        story = self.progress.story
        entries = []
        for number, scene_id in enumerate(self.progress.history, start=1):
            scene = story.scenes.get(scene_id)
            if scene is None:
                continue
            lines = [Content(f"{number}. ").stylize("bold $text-accent") + literal(scene.title.value, "bold")]
            lines += [literal(passage.text.value, "dim") for passage in scene.passages]
            entries.append(Option(Content("\n").join(lines), id=f"{number}:{scene_id}"))
        return entries

    def on_mount(self) -> None:
        history = self.query_one(OptionList)
        history.focus()
        if history.option_count:
            history.highlighted = history.option_count - 1
            self.call_after_refresh(history.scroll_to_highlight)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        self.dismiss(option_id.partition(":")[2] or None)

    def action_close(self) -> None:
        self.dismiss(None)
