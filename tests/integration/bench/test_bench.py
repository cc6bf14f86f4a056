"""The benchmark: its generator, its arithmetic, and one quick run. Never judged by time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from story.bench.figures import FIGURE_ORDER, Figure, Settings, percentile
from story.bench.ink_story import ink_escape, ink_source
from story.bench.plan import plan_story
from story.bench.report import report_table
from story.bench.yaml_story import write_story
from story.checking.checker import check_path
from story.checking.text.tokens import TOKEN as _TOKEN
from story.checking.text.tokens import starts_sentence as _starts_sentence
from story.checking.text.tokens import tokens
from tests import ROOT

# -- the generator ------------------------------------------------------------------------


@pytest.mark.parametrize("scenes", [2, 3, 57, 230])
def test_generated_story_passes_check_cleanly(tmp_path: Path, scenes: int) -> None:
    plan = plan_story(scenes, seed=scenes)
    report = check_path(write_story(plan, tmp_path))
    assert [d.render() for d in report.diagnostics] == []
    assert report.story is not None
    assert len(report.story.scenes) == scenes
    assert len(report.story.citations()) == plan.citations


def test_generated_story_is_the_same_for_the_same_seed() -> None:
    assert plan_story(40, seed=7) == plan_story(40, seed=7)
    assert plan_story(40, seed=7) != plan_story(40, seed=8)


def test_every_scene_cites_a_quote_of_the_articles() -> None:
    plan = plan_story(120, seed=3)
    assert all(passage.cite for scene in plan.scenes for passage in scene.passages)
    assert {source for scene in plan.scenes for p in scene.passages for source, _ in p.cite} == {"000", "004"}


def test_ink_escapes_everything_ink_reads_as_syntax() -> None:
    for character in "\\{}[]|#<>-/~*+=":
        assert ink_escape(character) == "\\" + character
    assert ink_escape("He drove a jeep, 40 times.") == "He drove a jeep, 40 times."


def test_ink_source_has_a_knot_per_scene_and_every_choice() -> None:
    plan = plan_story(30, seed=1)
    source = ink_source(plan)
    for scene in plan.scenes:
        assert f"== {scene.id} ==" in source
        for label, target in scene.choices:
            assert f"+ [{ink_escape(label)}] -> {target}" in source
    assert source.count("-> END") == sum(scene.ending for scene in plan.scenes)


# -- the arithmetic -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([1.0], 0.95, 1.0), ([3.0, 1.0, 2.0], 0.5, 2.0), (list(map(float, range(1, 101))), 0.95, 95.0)],
)
def test_percentile_is_nearest_rank(values: list[float], share: float, expected: float) -> None:
    assert percentile(values, share) == expected


def test_table_shows_every_figure_and_why_one_was_skipped() -> None:
    figures = [Figure(key, key, 1.5, "x", "<= 2x", True) for key in FIGURE_ORDER[:-1]]
    figures.append(Figure("memory", "memory", None, "x", "<= 1.3x", None, skipped="no terminal"))
    table = report_table(figures, Settings.quick_mode())
    assert table.count("1.50x") == len(FIGURE_ORDER) - 1
    assert "memory: skipped: no terminal" in table


# -- sentence starts: the fast tokens() agrees with the word-by-word definition -------------

_PIECES = st.sampled_from(list("aB1 .!?:;,\n\t\"'“‘”’()[]-_\u00a0xZ") + ["May", "I", "Mr. ", "1,000", "e.g. "])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_sentence_starts_match_the_definition(text: str) -> None:
    expected = [(m.group(), m.start(), _starts_sentence(text, m.start())) for m in _TOKEN.finditer(text)]
    assert list(tokens(text)) == expected


# -- one quick run of the whole benchmark -------------------------------------------------


def test_quick_benchmark_prints_every_figure(tmp_path: Path) -> None:
    env = dict(os.environ, STORY_BENCH_DIR=os.environ.get("STORY_BENCH_DIR", str(ROOT / "bench-work")))
    done = subprocess.run(
        [sys.executable, "-m", "story", "bench", "--quick", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)["figures"]
    assert list(figures) == list(FIGURE_ORDER)
    for key, figure in figures.items():
        if figure["skipped"]:
            assert figure["value"] is None
            # Only the peer may be missing, and only for want of node or npm.
            assert key == "peer", f"{key} skipped: {figure['skipped']}"
            assert "npm" in figure["skipped"] or "node" in figure["skipped"]
        else:
            assert isinstance(figure["value"], float), (key, figure)
            if key == "check_edit":  # seconds more than loading the YAML: a check faster than that is below 0
                assert figure["detail"]["check_ms"] > 0 and figure["detail"]["floor_ms"] > 0, figure
            else:
                assert figure["value"] > 0, (key, figure)
            assert isinstance(figure["met"], bool) or (key == "web_page" and figure["met"] is None)
