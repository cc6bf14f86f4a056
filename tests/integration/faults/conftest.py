"""The classroom fixtures (``run_cli``), for the fault tests too."""

from tests.functional.classroom.conftest import run_cli

__all__ = ["run_cli"]
