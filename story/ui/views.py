"""The player's other views: the source view, the history and the help, and the command palette.

They are loaded when first opened, not when the player starts: the first frame does not wait
for them. Their messages are handled by name (``on_story_commands_go_to``), so that naming
their classes loads nothing either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from story.core.footnotes import Footnotes
from story.core.reader import Reader
from story.ui.player import PlayerScreen

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from story.ui.facts import FactPanel
    from story.ui.palette import StoryCommands
    from story.ui.scene import SceneView
    from story.ui.source import Mark


def story_commands() -> type[Provider]:
    """The palette's story commands, loaded when the palette is first opened."""
    from story.ui.palette import StoryCommands

    return StoryCommands


class OtherViews(App[None]):
    """What the player opens over the scene; :class:`~story.ui.app.StoryApp` is one."""

    COMMANDS = App.COMMANDS | {story_commands}
    HELP_EXTRA: list[Binding] = []
    reader: Reader

    def open_screen(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Push a screen, unless the app is on its way out."""
        self.push_screen(screen, callback)

    def jump(self, scene_id: str) -> None:
        """Go to a scene already read (the player's move: see :class:`~story.ui.app.StoryApp`)."""
        raise NotImplementedError

    def on_story_commands_go_to(self, event: StoryCommands.GoTo) -> None:
        self.jump(event.scene_id)

    def on_player_screen_history_asked(self) -> None:
        self.show_history()

    def show_history(self) -> None:
        progress = self.reader.progress
        if progress is None:
            return

        def chosen(scene_id: str | None) -> None:
            if scene_id:
                self.jump(scene_id)

        from story.ui.history import HistoryScreen

        self.open_screen(HistoryScreen(progress), chosen)

    def on_scene_view_footnote_opened(self, event: SceneView.FootnoteOpened) -> None:
        self.open_footnote(event.number, event.footnotes)

    def open_footnote(self, number: int, notes: Footnotes) -> None:
        """Open the source view at footnote ``number``; n and p step through the scene's others."""
        story = self.reader.story
        if self.reader.progress is None or story is None:
            return
        if not len(notes):
            self.notify("This scene has no footnotes.")
            return
        from story.ui.source import footnote_marks

        self.open_marks(footnote_marks(story, notes), max(0, min(number - 1, len(notes) - 1)))

    def on_fact_panel_opened(self, event: FactPanel.Opened) -> None:
        self.open_entry(event.entry_id)

    def on_story_commands_entry_opened(self, event: StoryCommands.EntryOpened) -> None:
        self.open_entry(event.entry_id)

    def open_entry(self, entry_id: str) -> None:
        """Open the sources of a fact-panel entry."""
        from story.ui.source import entry_marks

        story = self.reader.story
        if story is None or story.entry(entry_id) is None:
            return
        marks = entry_marks(story, entry_id)
        if not marks:
            self.notify("This entry cites no source.")
        self.open_marks(marks)

    def on_story_commands_marks_opened(self, event: StoryCommands.MarksOpened) -> None:
        self.open_marks(event.marks)

    def open_marks(self, marks: list[Mark], index: int = 0) -> None:
        from story.ui.source import SourceScreen

        story = self.reader.story
        if story is None or not marks:
            return
        self.open_screen(SourceScreen(story, marks, index))

    def action_help(self) -> None:
        from story.ui.help import HelpScreen
        from story.ui.history import HistoryScreen
        from story.ui.source import SourceScreen

        sections = [
            ("Reading", PlayerScreen.BINDINGS),
            ("Source view", SourceScreen.BINDINGS),
            ("History", HistoryScreen.BINDINGS),
            ("Everywhere", [*self.BINDINGS, *self.HELP_EXTRA]),
        ]
        if not isinstance(self.screen, HelpScreen):
            self.open_screen(HelpScreen(sections))
