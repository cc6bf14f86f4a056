"""Serving the player to browsers with textual-serve: one player process, and one save, per browser.

:mod:`~story.ui.serve.server` is the server, :mod:`~story.ui.serve.player` one browser's player
process, :mod:`~story.ui.serve.sessions` the session ids and their save folders,
:mod:`~story.ui.serve.hosts` the names the server answers to, :mod:`~story.ui.serve.logs` what the
teacher's terminal shows.
"""

from story.ui.serve.server import COOKIE, DEFAULT_MAX_SESSIONS, TEMPLATES, StoryServer, play_command
from story.ui.serve.sessions import DEFAULT_KEEP_DAYS

__all__ = ["COOKIE", "DEFAULT_KEEP_DAYS", "DEFAULT_MAX_SESSIONS", "TEMPLATES", "StoryServer", "play_command"]
