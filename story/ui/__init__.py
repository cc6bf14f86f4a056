"""The Textual player. Only :mod:`story.commands.play` and the tests import it."""
