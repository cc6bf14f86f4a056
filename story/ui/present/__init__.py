"""Present mode: a story shown to a class from the front, one passage at a time.

Present mode reads the story and nothing else: it never loads or writes a player's saved
progress.
"""

from __future__ import annotations

from story.ui.present.app import PresentApp, make_present_app

__all__ = ["PresentApp", "make_present_app"]
