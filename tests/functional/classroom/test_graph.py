"""`story graph`: the scene map, and story order."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from story.loading.loader import load_story
from story.render.scene_map import dot_text, mermaid_text, story_order, to_dot, to_mermaid

from .helpers import HANDOUT, HOSTILE, compare_golden

BRANCHES = """\
scenes:
  - id: lost
    title: A scene no choice reaches
    passages:
      - text: He drove a jeep.
        cite: [{source: "004", quote: drove a jeep}]
    choices:
      - label: Read about the shots
        target: nowhere
"""


@pytest.mark.parametrize(("format", "name"), [("mermaid", "graph.mmd"), ("dot", "graph.dot")])
def test_graph_matches_golden(run_cli, format: str, name: str) -> None:
    status, out, err = run_cli("graph", str(HANDOUT), "--format", format)
    assert status == 0, err
    compare_golden(name, out)


def test_mermaid_is_the_default(run_cli) -> None:
    status, out, _ = run_cli("graph", str(HANDOUT))
    assert status == 0
    assert out.startswith("flowchart TD\n")


def test_story_order_ends_with_unreachable_scenes(story_copy) -> None:
    root = story_copy()
    (root / "lost.yaml").write_text(BRANCHES, encoding="utf-8")
    story, _, _ = load_story(root)
    assert story is not None
    assert [scene.id for scene in story_order(story)] == ["crossing", "shots", "rescue", "lost"]


def test_marks_start_endings_checkpoints_unreachable_and_missing(story_copy) -> None:
    root = story_copy()
    (root / "lost.yaml").write_text(BRANCHES, encoding="utf-8")
    story, _, _ = load_story(root)
    assert story is not None
    mermaid = to_mermaid(story)
    assert re.search(r"^    s1\(\[.*crossing · start", mermaid, re.M), "start is a stadium"
    assert re.search(r"^    s2\{\{.*shots · checkpoint", mermaid, re.M), "checkpoint is a hexagon"
    assert re.search(r"^    s3\(\(\(.*rescue · ending", mermaid, re.M), "ending is a double circle"
    assert re.search(r"^    s4\[.*lost · unreachable", mermaid, re.M)
    assert "    class s4 unreachable" in mermaid
    assert re.search(r'^    m1\["nowhere<br/><small>missing', mermaid, re.M)
    assert '    s4 -->|"Read about the shots"| m1' in mermaid
    dot = to_dot(story)
    assert re.search(r'^    s1 \[label="A soldier defected\\ncrossing\\n\[start\]", style="rounded,bold"', dot, re.M)
    assert re.search(r"^    s3 .*peripheries=2", dot, re.M)
    assert re.search(r"^    s2 .*shape=hexagon", dot, re.M)
    assert re.search(r'^    s4 .*style="rounded,dashed"', dot, re.M)
    assert re.search(r'^    m1 \[label="nowhere\\n\[missing\]", color="red"', dot, re.M)


def test_a_story_with_errors_is_still_drawn(run_cli, story_copy) -> None:
    root = story_copy()
    (root / "lost.yaml").write_text(BRANCHES, encoding="utf-8")
    status, out, _ = run_cli("graph", str(root), "--format", "dot")
    assert status == 0
    assert "missing" in out


def test_a_folder_without_a_story_fails(run_cli, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("scenes: []\n", encoding="utf-8")
    status, out, err = run_cli("graph", str(tmp_path))
    assert status == 1
    assert out == ""
    assert "E601" in err


@pytest.mark.parametrize("args", [["graph", "no/such/story"], ["graph", str(HANDOUT), "--format", "svg"]])
def test_usage_errors_exit_2(run_cli, args: list[str]) -> None:
    status, _, _ = run_cli(*args)
    assert status == 2


# -- escaping -----------------------------------------------------------------------------

_DOT_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_MERMAID_STRING = re.compile(r'"[^"]*"')


def test_dot_quotes_every_story_text() -> None:
    story, _, _ = load_story(HOSTILE)
    assert story is not None
    dot = to_dot(story)
    # Outside the quoted strings only DOT's own syntax is left.
    bare = _DOT_STRING.sub('""', dot)
    assert re.fullmatch(r'[\w\s\[\]=,;{}"\->]*', bare), bare
    assert '\\"peace village\\"' in dot
    assert "back\\\\slash" in dot  # a backslash is doubled, so `\s` cannot become an escape


def test_mermaid_quotes_every_story_text() -> None:
    story, _, _ = load_story(HOSTILE)
    assert story is not None
    mermaid = to_mermaid(story)
    for line in mermaid.splitlines()[1:]:
        bare = _MERMAID_STRING.sub('""', line)
        assert re.fullmatch(r'[\w\s\[\](){}|",:#;.\->]*', bare), line
    # Each label holds no character that could close it or start markup.
    for label in _MERMAID_STRING.findall(mermaid):
        inner = re.sub(r"<br/>|</?small>", "", label[1:-1])
        assert not set(inner) & set('"<>[]{}()|`\\'), label
    assert "#60;script#62;" not in mermaid  # hostile script tag is not in a scene title...
    assert "#91;/#93;" in mermaid  # ...but the title's [/] is, encoded


@pytest.mark.parametrize(
    ("text", "mermaid", "dot"),
    [
        ('say "hi"', "say #34;hi#34;", 'say \\"hi\\"'),
        ("a\\nb", "a#92;nb", "a\\\\nb"),
        ("#1 <b>", "#35;1 #60;b#62;", "#1 <b>"),
        ("two\nlines", "two lines", "two lines"),
    ],
)
def test_escapers(text: str, mermaid: str, dot: str) -> None:
    assert mermaid_text(text) == mermaid
    assert dot_text(text) == dot


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot(tmp_path: Path) -> None:
    for root in (HANDOUT, HOSTILE):
        story, _, _ = load_story(root)
        assert story is not None
        result = subprocess.run(["dot", "-Tsvg"], input=to_dot(story), capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        assert "peace village" in result.stdout or root == HANDOUT


def test_story_order_reads_each_path_whole_before_the_next() -> None:
    """Depth-first: the first choice's path comes whole, then the second choice's (a short tour)."""
    from story.core.diagnostics import Pos
    from story.core.model import Choice, Scene, Story, Text

    here = Pos("s.yaml", 1, 1)

    def scene(scene_id: str, *targets: str) -> Scene:
        choices = [Choice(Text(t, here), t, here, here) for t in targets]
        return Scene(scene_id, Text(scene_id, here), [], choices, here, ending=not targets)

    story = Story(Text("t", here), "start", ".", here, here)
    for item in (
        scene("start", "full-1", "tour-1"),
        scene("full-1", "full-2", "end"),
        scene("full-2", "end"),
        scene("tour-1", "end"),
        scene("end"),
    ):
        story.scenes[item.id] = item
    assert [s.id for s in story_order(story)] == ["start", "full-1", "full-2", "end", "tour-1"]
