"""Jump to any scene: every scene of the story, in story order, to pick from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from story.core.model import Scene
from story.ui.content import literal


class JumpScreen(ModalScreen[str | None]):
    """Pick a scene; dismisses with its id, or ``None`` on Escape."""

    BINDINGS = [Binding("escape,g", "dismiss(None)", "Close")]

    def __init__(self, scenes: list[Scene], current: str) -> None:
        super().__init__()
        self.scenes = scenes
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="jump"):
            yield Static("Go to a scene", classes="heading", markup=False)
            options = [
                Option(
                    Content(f"{number:>2}  ").stylize("dim")
                    + literal(scene.title.value)
                    + Content(f"  {scene.id}").stylize("dim"),
                    id=scene.id,
                )
                for number, scene in enumerate(self.scenes, start=1)
            ]
            yield OptionList(*options, id="scenes", markup=False)

    def on_mount(self) -> None:
        scenes = self.query_one("#scenes", OptionList)
        ids = [scene.id for scene in self.scenes]
        if self.current in ids:
            scenes.highlighted = ids.index(self.current)
        scenes.focus()

    @on(OptionList.OptionSelected, "#scenes")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)
