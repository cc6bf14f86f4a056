"""SVG snapshots of the screens a reader looks at, with the fixed tiny story.

Update after a deliberate change with ``pytest tests/functional/ui/test_snapshots.py --snapshot-update``,
then look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from story.ui.facts import FactPanel

from .helpers import tiny_app


def _press_quietly(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press keys, then drop the toasts they raised, which would cover part of the picture."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_scene_view(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tiny_app(), terminal_size=(100, 32))


def test_checkpoint_feedback(snap_compare) -> None:  # type: ignore[no-untyped-def]
    # The chase's question, answered with the option shown first ("150"): a wrong answer.
    assert snap_compare(tiny_app(), terminal_size=(100, 32), run_before=_press_quietly("1", "1"))


def test_ending_with_the_answers_summed_up(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tiny_app(), terminal_size=(100, 32), run_before=_press_quietly("1", "1", "1", "1"))


def test_source_view(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tiny_app(), terminal_size=(100, 32), run_before=_press_quietly("2", "s"))


def test_fact_panel_with_a_disagreement(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def focus_the_disagreement(pilot: Pilot[None]) -> None:
        while not pilot.app.query(FactPanel):
            await pilot.pause()
        panel = pilot.app.query_one(FactPanel)
        panel.focus()
        panel.highlight("wounds")
        await pilot.pause()

    assert snap_compare(tiny_app(), terminal_size=(100, 32), run_before=focus_the_disagreement)


def test_help(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tiny_app(), press=["question_mark"], terminal_size=(100, 32))


def test_narrow_terminal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tiny_app(), terminal_size=(40, 12))


def test_narrow_terminal_with_the_fact_panel(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(tiny_app(), press=["f"], terminal_size=(60, 20))
