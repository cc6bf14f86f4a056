"""The tests, in three layers: ``unit`` (pure functions and rules, no terminal), ``functional``
(the command line, the player through Pilot, SVG snapshots and golden files) and ``integration``
(real programs: tmux, a browser, the benchmark, the linters)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The repository."""
