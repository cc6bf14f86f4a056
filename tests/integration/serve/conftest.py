"""The classroom fixtures, for the served page's tests too."""

from tests.functional.classroom.conftest import run_cli, story_copy

__all__ = ["run_cli", "story_copy"]
