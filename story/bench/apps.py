"""The two apps the player's figures compare: the story's player and a minimal Textual app.

Textual and the player are imported only when an app is made, so that a process measuring the
minimal app never loads the story's interface.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SIZE = (100, 32)
"""Terminal size for every measurement (columns, rows)."""
BASELINE_TEXT = "A minimal Textual app: one Static and a Footer."


MINIMAL_APP = f"""
from textual.app import App
from textual.widgets import Footer, Static


class MinimalApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static({BASELINE_TEXT!r}, markup=False)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
"""
"""The baseline: the smallest app with a screen like the player's (text and a footer)."""


def minimal_app() -> Any:
    namespace: dict[str, Any] = {"__name__": "story_bench_minimal"}
    exec(compile(MINIMAL_APP, "<minimal app>", "exec"), namespace)
    return namespace["MinimalApp"]()


def story_app(save_dir: Path) -> Any:
    from story.ui.app import make_app

    return make_app(None, new=True, save_dir=save_dir)
