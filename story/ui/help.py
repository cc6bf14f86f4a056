"""The help screen (``?``): every key, read from the bindings so it cannot go stale."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "leftsquarebracket": "[",
    "rightsquarebracket": "]",
    "escape": "Esc",
    "enter": "Enter",
    "backspace": "Backspace",
    "left": "\u2190",
    "right": "\u2192",
    "up": "\u2191",
    "down": "\u2193",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
}

EXTRA: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Lists (choices, footnotes, facts, history)",
        [
            ("\u2191 \u2193", "Move (in a scene: down from the choices into its footnotes)"),
            ("Enter", "Open or pick the highlighted line"),
            ("Tab Shift+Tab", "Move between the scene and the fact panel"),
        ],
    ),
    ("Command palette (ctrl+p or /)", [("type", "Go to a scene you have read, or search the text and the articles")]),
    ("Mouse", [("click", "Choices, footnotes, [n] markers and fact-panel entries all open with a click")]),
]


def key_label(keys: str) -> str:
    """A binding's keys as a person reads them: ``n,right`` becomes ``n \u2192``."""
    names = []
    for key in keys.split(","):
        key = key.strip()
        names.append(KEY_NAMES.get(key, key))
    return " ".join(names)


def describe(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) for each binding with a description, merging repeated actions."""
    rows: dict[str, tuple[list[str], str]] = {}
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if not binding.description:
            continue
        keys = binding.key_display if binding.key_display and "-" in binding.key_display else key_label(binding.key)
        entry = rows.setdefault(binding.description, ([], binding.description))
        if keys not in entry[0]:
            entry[0].append(keys)
    return [(" ".join(keys), description) for keys, description in rows.values()]


class HelpScreen(ModalScreen[None]):
    """Every key, by screen: the player's, and present mode's."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 84;
        max-width: 100%;
        height: 90%;
        max-height: 46;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-body {
        height: 1fr;
    }
    HelpScreen #help-title {
        dock: top;
        text-align: center;
    }
    HelpScreen #help-hint {
        dock: bottom;
    }
    """

    BINDINGS = [Binding("escape,question_mark,enter", "close", "Close help")]

    def __init__(
        self,
        sections: list[tuple[str, list[BindingType]]],
        extra: list[tuple[str, list[tuple[str, str]]]] | None = None,
    ) -> None:
        """
        Args:
            sections: A title and its screen's bindings, for each screen.
            extra: What the bindings do not say (default: the player's lists, palette and mouse).
        """
        super().__init__()
        self.sections = sections
        self.extra = EXTRA if extra is None else extra

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        groups = [(title, describe(bindings)) for title, bindings in self.sections] + self.extra
        for title, rows in groups:
            if lines:
                lines.append(Content(""))
            lines.append(Content(title).stylize("bold $text-primary"))
            for keys, description in rows:
                lines.append(Content(f"  {keys:<16} ").stylize("bold $text-accent") + Content(description))
        with Vertical(id="help"):
            yield Static(Content("Keys").stylize("bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(Content("\n").join(lines), id="help-text")
            yield Static(Content("Esc or ? closes this help.").stylize("dim"), id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss()
