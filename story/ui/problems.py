"""The problems panel: what `story check` found, shown while playing instead of crashing."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from story.core.diagnostics import Diagnostic
from story.ui.content import literal


class ProblemsPanel(VerticalScroll, can_focus=True):
    """Check errors and warnings, compiler-style. Hidden when there are none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Story problems"
        self.diagnostics: list[Diagnostic] = []
        self.blocking: str | None = None
        self._shown = False

    def compose(self) -> ComposeResult:
        yield Static(id="problems-text", markup=False)

    def show(self, diagnostics: list[Diagnostic], blocking: str | None, base: Path | None = None) -> None:
        """Show the diagnostics; ``blocking`` says why the story cannot be played at all.

        The panel opens when what it shows changes, and otherwise keeps the player's choice.
        """
        if (diagnostics, blocking) == (self.diagnostics, self.blocking) and self.is_mounted and self._shown:
            return
        self._shown = True
        self.diagnostics = diagnostics
        self.blocking = blocking
        errors = sum(d.is_error for d in diagnostics)
        warnings = len(diagnostics) - errors
        self.border_subtitle = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        lines: list[Content] = []
        if blocking:
            lines.append(
                Content("This story cannot be played: ").stylize("bold $text-error")
                + literal(blocking)
                + Content(". Fix the files and save: the player reloads by itself.")
            )
        for diagnostic in diagnostics:
            style = "$text-error" if diagnostic.is_error else "$text-warning"
            first, _, rest = diagnostic.render(base).partition("\n")
            lines.append(literal(first, style, verbatim=True))
            if rest:
                lines.append(literal(rest, "dim", verbatim=True))
        self.query_one("#problems-text", Static).update(Content("\n").join(lines))
        self.set_class(bool(blocking), "-blocking")
        self.display = bool(lines)
