"""``python -m story``."""

from __future__ import annotations

from story.cli import run

if __name__ == "__main__":
    run()
