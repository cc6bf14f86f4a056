"""story: an interactive explainer of a reported news event, where every line cites the reporting."""

from __future__ import annotations

__version__ = "0.1.0"
