"""A yes/no question, answered with y or n (or Enter and Esc)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks before doing something that cannot be undone.

    A dialog asked more than once is best installed (:meth:`App.install_screen`) and pushed by
    name: a screen that is popped and not installed is removed, and Textual lays out the screen
    under it again once it is gone, a second full frame after the one that shows the answer.
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", then: Callable[[], object] | None = None) -> None:
        """Args:
        question: What is asked.
        yes: The label of the button that says yes.
        then: What to do on yes, done before the dialog closes, so that the screen it leaves
            behind is drawn once, already changed (a result callback runs a frame later).
        """
        super().__init__()
        self.question = question
        self.yes = yes
        self.then = then

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="warning")
                yield Button(Content("No (n)"), id="no")

    def on_screen_resume(self) -> None:
        # Each time it is shown, not only the first: "No" is the safe answer to start from.
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        if yes and self.then is not None:
            with self.app.batch_update():
                self.then()
                self.dismiss(yes)
        else:
            self.dismiss(yes)
