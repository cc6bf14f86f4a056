"""The key bar at the foot of the player: Textual's footer, with fewer keys on a narrow terminal.

At 60 columns the whole footer ("1-9 Choose, b Back, s Sources, f Facts, h History, r Restart,
q Quit, ? Help") is cut off after "History". A narrow player leaves out the keys a reader needs
least often; they still work, and `?` lists every key.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyBar(Footer):
    """A footer that can leave some actions' keys out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left_out: frozenset[str] = frozenset()
        self._shown: tuple[object, ...] | None = None
        """What the keys shown were made from, so that the same keys are not made again."""

    def _showing(self) -> tuple[object, ...]:
        bindings = self.screen.active_bindings.values()
        return (self._left_out, *((binding, enabled, tip) for _, binding, enabled, tip in bindings if binding.show))

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Make the keys again only when they changed.

        Textual's footer remakes every key whenever the screen's bindings may have changed: when a
        dialog closes, say, with the same keys as before it opened. That costs a frame's time.
        """
        if self._bindings_ready and self.is_attached and screen is self.screen and self._showing() == self._shown:
            return
        super().bindings_changed(screen)

    def leave_out(self, actions: frozenset[str]) -> None:
        """Show every key but those of these actions (their names, as in the bindings)."""
        if actions != self._left_out:
            self._left_out = actions
            if self.is_attached:
                self.refresh(recompose=True)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._showing()
        shown = [
            widget
            for widget in super().compose()
            if not (isinstance(widget, FooterKey) and widget.action in self._left_out)
        ]
        if self._left_out:
            self.styles.grid_size_columns = len(shown)
        yield from shown
