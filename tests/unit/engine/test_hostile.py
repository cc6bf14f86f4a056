"""Hostile files: each gets a clean error, in bounded memory, and nothing in it ever runs.

Memory is measured with tracemalloc (deterministic, unlike wall time); time is bounded only by
a generous guard against hanging, since the engine's speed is measured by benchmarks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from story.checking.checker import check_path
from story.loading import yamlsafe
from story.loading.decode import MAX_FILE_BYTES
from story.loading.loader import load_story
from story.loading.yamlsafe import MAX_DEPTH, MAX_NODES, load_file

from .stories import ROOT, SCENE_YAML, STORY_YAML, write_story

MARKER = "pwned-marker"
"""A file the hostile tags below would create if anything in a story file were executed."""


def alias_bomb() -> bytes:
    """The 'billion laughs': nine levels of nine aliases, 9**9 values if expanded."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


def executing_tags(marker: Path) -> list[bytes]:
    command = f"touch {marker}"
    return [
        f"scenes: !!python/object/apply:os.system ['{command}']\n".encode(),
        f"!!python/object/apply:os.system ['{command}']\n".encode(),
        f"scenes:\n  - !!python/object/new:os.system [['{command}']]\n".encode(),
        f"scenes: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n".encode(),
        f'a: !!python/name:os.system\nb: !!python/object/apply:builtins.exec [\'open("{marker}", "w")\']\n'.encode(),
    ]


# (name, bytes, expected diagnostics as (code, line, column))
HOSTILE: list[tuple[str, bytes, list[tuple[str, int, int]]]] = [
    ("alias bomb", alias_bomb(), [("E105", 5, 4)]),
    ("5,000 nested brackets", b"scenes: " + b"[" * 5000 + b"]" * 5000 + b"\n", [("E105", 1, MAX_DEPTH + 8)]),
    ("5,000 nested braces", b"scenes: " + b"{a: " * 5000 + b"}" * 5000 + b"\n", [("E105", 1, 4 * (MAX_DEPTH - 1) + 9)]),
    (
        "200 nested block lists",
        "".join("  " * i + "-\n" for i in range(200)).encode(),
        [("E105", MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)],
    ),
    ("a 3 MB line of text", b"scenes: " + b"x" * 3_000_000 + b"\n", [("E105", 1, 9)]),
    ("a 3 MB quoted line", b'scenes: "' + b"x " * 1_500_000 + b'"\n', [("E105", 1, 9)]),
    ("a 3 MB comment", b"# " + b"x" * 3_000_000 + b"\n", [("E107", 1, 1)]),
    ("a 3 MB flat list", b"scenes: [" + b"a," * 1_500_000 + b"]\n", [("E105", 1, 8 + 2 * MAX_NODES)]),
    ("a file over the size limit", b"a: b\n" * (MAX_FILE_BYTES // 5 + 1), [("E105", 1, 1)]),
    ("binary data", bytes(range(256)) * 16, [("E101", 3, 115)]),  # \n at byte 10, \r at 13, 0x80 at 128
    ("binary data that is UTF-8", b"\x00\x01\x02scenes: []\n", [("E104", 1, 1)]),
    ("a PNG header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [("E101", 1, 1)]),
    ("UTF-16", "scenes: []\n".encode("utf-16"), [("E101", 1, 1)]),
    ("Latin-1", "scenes:\n  - id: café\n".encode("latin-1"), [("E101", 2, 12)]),
    ("empty file", b"", [("E107", 1, 1)]),
    ("only whitespace", b"  \n\n   \n", [("E107", 1, 1)]),
    ("only a BOM", b"\xef\xbb\xbf", [("E107", 1, 1)]),
    ("explicit null document", b"---\n...\n", [("E107", 1, 1)]),
    ("unknown alias", b"scenes: *nowhere\n", [("E104", 1, 9)]),
    ("two documents", b"scenes: []\n---\nfacts: []\n", [("E104", 2, 1)]),
    ("a local tag", b"scenes: !include other.yaml\n", [("E106", 1, 9)]),
    ("a binary tag", b"scenes: !!binary aGVsbG8=\n", [("E106", 1, 9)]),
    ("a set", b"scenes: !!set {a, b}\n", [("E106", 1, 9)]),
    ("a timestamp tag", b"scenes: !!timestamp 2001-12-14\n", [("E106", 1, 9)]),
    ("duplicate keys", b"scenes: []\nfacts: []\nscenes: []\n", [("E103", 3, 1)]),
    ("a tab in indentation", b"scenes:\n\t- id: a\n", [("E102", 2, 1), ("E104", 2, 1)]),
    ("a mapping as a key", b"? {a: 1}\n: x\n", [("E303", 1, 3)]),
    ("a merge key", b"base: &b {id: a}\nscenes:\n  - <<: *b\n", [("E301", 3, 5)]),
    # libyaml counts bytes where this counts characters: each emoji is 4 bytes and 1 character.
    ("a control character after emoji", 'a: 1\nk: "\U0001f600\U0001f600\x07"\n'.encode(), [("E104", 2, 7)]),
    ("a syntax error after emoji", 'a: "\U0001f600\U0001f600" b\n'.encode(), [("E104", 1, 9)]),
    (
        "flow nesting under block nesting",
        b"a:\n" + b"".join(b"  " * i + b"-\n" for i in range(1, 30)) + b"  " * 30 + b"- " + b"[" * 2000 + b"\n",
        [("E105", 31, 62 + MAX_DEPTH - 30)],
    ),
]


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail rather than hang if some input makes the loader loop (not a timing test)."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the loader did not finish within 60 seconds")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("name", "data", "expected"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_file_gets_a_clean_error(
    name: str, data: bytes, expected: list[tuple[str, int, int]], hang_guard: None
) -> None:
    tracemalloc.start()
    try:
        root, diagnostics = load_file(data, "hostile.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(d.code, d.pos.line, d.pos.column) for d in diagnostics] == expected
    assert all(d.pos.file == "hostile.yaml" and d.message for d in diagnostics)
    # The input itself may take up to 4 MB; the tree is bounded by MAX_NODES small nodes.
    assert peak < 128 * 1024 * 1024


class _ParserWithALimit(yaml.SafeLoader):
    """A parser that gives up by itself 100 flow levels deep, as libyaml 0.2.6 does at 1,000.

    It stands for any parser that reads ahead and has a limit of its own below the text's depth, so
    that the nesting limit is shown to be this project's whatever parser is installed.
    """

    def fetch_flow_collection_start(self, token_class: type) -> None:  # type: ignore[override]
        if self.flow_level >= 100:
            raise yaml.scanner.ScannerError(None, None, "exceeded maximum nesting depth", self.get_mark())
        super().fetch_flow_collection_start(token_class)  # type: ignore[misc]


@pytest.mark.parametrize("parser", [yaml.CSafeLoader, yaml.SafeLoader, _ParserWithALimit], ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"scenes: " + b"[" * 500 + b"\n", (1, MAX_DEPTH + 8)),
        (
            b"scenes:\n" + b"".join(b"  " * i + b"- x:\n" for i in range(1, 200)),
            (MAX_DEPTH // 2 + 1, MAX_DEPTH + 3),
        ),  # two levels a line
    ],
    ids=["flow", "block"],
)
def test_the_nesting_limit_is_the_projects_own(
    parser: type, data: bytes, where: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """E105 where the limit is broken, whichever parser reads the file and whatever limit it has."""
    monkeypatch.setattr(yamlsafe, "_Loader", parser)
    _, diagnostics = load_file(data, "deep.yaml")
    assert [(d.code, d.pos.line, d.pos.column) for d in diagnostics] == [("E105", *where)]


@pytest.mark.parametrize("index", range(5))
def test_python_tags_never_run(index: int, tmp_path: Path, hang_guard: None) -> None:
    marker = tmp_path / MARKER
    data = executing_tags(marker)[index]
    root = write_story(tmp_path / "story", {"scenes.yaml": SCENE_YAML, "evil.yaml": data})
    report = check_path(root)
    assert "E106" in [d.code for d in report.diagnostics]
    assert not marker.exists()


def test_hostile_story_folder_from_the_command_line(tmp_path: Path) -> None:
    """Every hostile file at once, through `story check`: exit 1, every file named, no traceback."""
    marker = tmp_path / MARKER
    files: dict[str, str | bytes] = {"scenes.yaml": SCENE_YAML}
    for index, (_, data, _) in enumerate(HOSTILE):
        files[f"hostile{index:02}.yaml"] = data
    for index, data in enumerate(executing_tags(marker)):
        files[f"tag{index}.yaml"] = data
    root = write_story(tmp_path / "story", files)
    result = subprocess.run(
        [sys.executable, "-m", "story", "check", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    for index in range(len(HOSTILE)):
        assert f"hostile{index:02}.yaml:" in result.stderr
    assert not marker.exists()


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    story = b"\xef\xbb\xbf" + STORY_YAML.encode().replace(b"\n", b"\r\n")
    scenes = b"\xef\xbb\xbf" + SCENE_YAML.encode().replace(b"\n", b"\r\n")
    root = write_story(tmp_path / "story", {"story.yaml": story, "scenes.yaml": scenes})
    assert [d for d in check_path(root).diagnostics if not d.code.startswith(("E7", "W7"))] == []


def test_positions_survive_bom_and_crlf(tmp_path: Path) -> None:
    """After a BOM and CRLF line ends, a detail is still placed at its own line and column."""
    scenes = b"\xef\xbb\xbf" + SCENE_YAML.replace("It fired 40", "It fired 41").encode().replace(b"\n", b"\r\n")
    root = write_story(tmp_path / "story", {"scenes.yaml": scenes})
    found = [(d.code, d.pos.line, d.pos.column) for d in check_path(root).diagnostics if d.code.startswith("E5")]
    assert found == [("E501", 5, 24)]


def test_old_mac_line_ends_count_as_lines(tmp_path: Path) -> None:
    scenes = SCENE_YAML.replace("It fired 40", "It fired 41").encode().replace(b"\n", b"\r")
    root = write_story(tmp_path / "story", {"scenes.yaml": scenes})
    found = [(d.code, d.pos.line, d.pos.column) for d in check_path(root).diagnostics if d.code.startswith("E5")]
    assert found == [("E501", 5, 24)]


@pytest.mark.parametrize("word", ["no", "No", "NO", "on", "off", "yes", "y", "n", "true", "False"])
def test_yaml11_traps_flagged_where_text_is_expected(word: str, tmp_path: Path) -> None:
    root = write_story(
        tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("title: Fired 40 times", f"title: {word}")}
    )
    found = [(d.code, d.pos.line, d.pos.column) for d in check_path(root).diagnostics if not d.code.startswith("E7")]
    assert found == [("E305", 3, 12)]


@pytest.mark.parametrize("word", ['"no"', "'on'", "no more", "Yes, he did"])
def test_quoted_or_longer_text_is_not_a_trap(word: str, tmp_path: Path) -> None:
    root = write_story(
        tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("title: Fired 40 times", f"title: {word}")}
    )
    assert "E305" not in [d.code for d in check_path(root).diagnostics]


@pytest.mark.parametrize("number", ["004", "4", "1953", "1.10", "3:30", "1_000", "0x1F", ".5", "1e3"])
def test_bare_numbers_flagged_where_text_is_expected(number: str, tmp_path: Path) -> None:
    root = write_story(
        tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("title: Fired 40 times", f"title: {number}")}
    )
    assert ("E305", 3, 12) in [(d.code, d.pos.line, d.pos.column) for d in check_path(root).diagnostics]


def test_folder_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    story, diagnostics, _ = load_story(tmp_path / "empty")
    assert story is None
    assert [(d.code, d.pos.file) for d in diagnostics] == [("E100", str(tmp_path / "empty"))]


def test_hidden_files_and_folders_are_not_part_of_the_story(tmp_path: Path) -> None:
    """macOS leaves binary ``._name`` files on copied drives; a virtualenv may hold YAML."""
    root = write_story(
        tmp_path / "story",
        {"scenes.yaml": SCENE_YAML, "._scenes.yaml": b"\x00\x05\x16\x07\xff", ".venv/lib/x.yaml": "- a\n"},
    )
    assert [d for d in check_path(root).diagnostics if not d.code.startswith(("E7", "W7"))] == []


def test_a_story_inside_a_hidden_folder_still_loads(tmp_path: Path) -> None:
    root = write_story(tmp_path / ".stories" / "story", {})
    assert [d for d in check_path(root).diagnostics if not d.code.startswith(("E7", "W7"))] == []


def test_fifo_named_yaml_is_skipped(tmp_path: Path, hang_guard: None) -> None:
    """A pipe would block a reader forever; only regular files are read."""
    root = write_story(tmp_path / "story", {})
    os.mkfifo(root / "pipe.yaml")
    assert [d for d in check_path(root).diagnostics if not d.code.startswith(("E7", "W7"))] == []


def test_loader_budget_constants_are_what_the_readme_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"nested deeper than {MAX_DEPTH}" in readme
    assert "20,000 characters" in readme
