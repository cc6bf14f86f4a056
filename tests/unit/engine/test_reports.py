"""Stored reports are never stale: a check prints a stored output only while every input is unchanged.

Each test runs ``story check`` as a reader does, counting how often the story was really checked,
and compares every output with that of ``story check --no-cache``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from story.checking import checker, reports
from story.cli import main
from tests.unit.engine.stories import edit, own_sources_story


class Counted:
    """``story check`` with a count of the checks that loaded the story."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.checked = 0
        real = checker.check_path

        def counted(*args: object, **kwargs: object) -> checker.Report:
            self.checked += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(checker, "check_path", counted)

    def run(self, *argv: str) -> tuple[int, str, str]:
        status = main(["check", *argv])
        out, err = self.capsys.readouterr()
        return status, out, err

    def both(self, *argv: str) -> tuple[int, str, str]:
        """The output with the stores, after checking that it equals a fresh check's."""
        found = self.run(*argv)
        assert found == self.run("--no-cache", *argv)
        return found


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Counted:
    return Counted(monkeypatch, capsys)


def test_a_second_check_with_nothing_changed_prints_the_stored_output(tmp_path: Path, check: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    first = check.both(str(root))
    assert first[0] == 1 and "E701" in first[2]
    before = check.checked
    assert check.run(str(root)) == first
    assert check.checked == before  # not loaded again
    assert check.run(str(root), "--format", "json") == check.run("--no-cache", str(root), "--format", "json")
    assert check.run(str(root), "--uncited") == check.run("--no-cache", str(root), "--uncited")
    before = check.checked
    assert check.run(str(root), "--format", "json")[1].startswith("{")
    assert check.run(str(root), "--uncited")[1] != first[1]
    assert check.checked == before  # each way of asking has its own stored output


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CHANGES: dict[str, Callable[[Path], object]] = {
    "a story file": lambda root: edit(root / "scenes.yaml", "dawn.\n", "noon.\n"),
    "an article": lambda root: edit(
        next((root / "seeds").glob("004_*.txt")), "According to the South Korean military", "According to the military"
    ),
    "the manifest": lambda root: edit(root / "sources.yaml", "label: Hail of Bullets", "label: Evaded Hail of Bullets"),
    "a new story file": lambda root: (root / "more.yaml").write_text(
        "scenes:\n  - id: b\n    title: More\n    passages: []\n", encoding="utf-8"
    ),
    "a new file in a subfolder": lambda root: (
        (root / "deeper").mkdir() or (root / "deeper" / "more.yaml").write_text("facts: []\n", encoding="utf-8")
    ),
    "a removed article": lambda root: next((root / "seeds").glob("000_*.txt")).unlink(),
    "a removed story file": lambda root: (root / "sources.yaml").unlink(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_to_any_input_checks_the_story_again(tmp_path: Path, check: Counted, change: str) -> None:
    root = own_sources_story(tmp_path / "story")
    before = check.both(str(root))
    CHANGES[change](root)
    checked = check.checked
    after = check.both(str(root))
    assert check.checked == checked + 2, f"a change of {change} printed the stored output"
    assert after != before


def test_a_file_that_could_not_be_read_and_now_can_checks_again(tmp_path: Path, check: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    edit(root / "story.yaml", "sources: sources.yaml", "sources: elsewhere/sources.yaml")
    missing = check.both(str(root))
    assert "E203" in missing[2]
    (root / "elsewhere").mkdir()
    manifest = (root / "sources.yaml").read_text(encoding="utf-8").replace("seeds/", "../seeds/")
    (root / "elsewhere" / "sources.yaml").write_text(manifest, encoding="utf-8")
    checked = check.checked
    found = check.both(str(root))
    assert check.checked == checked + 2 and "E203" not in found[2]


def test_a_new_checker_checks_again(tmp_path: Path, check: Counted, monkeypatch: pytest.MonkeyPatch) -> None:
    root = own_sources_story(tmp_path / "story")
    check.both(str(root))
    monkeypatch.setattr(reports, "output_version", lambda: "another checker")
    checked = check.checked
    check.run(str(root))
    assert check.checked == checked + 1


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"[]",
        b'{"format": 1}',
        b"\xff",
        json.dumps({"format": 1, "version": "x", "entries": [{"asked": 3}]}).encode(),
    ],
)
def test_a_broken_store_is_ignored(tmp_path: Path, check: Counted, content: bytes) -> None:
    root = own_sources_story(tmp_path / "story")
    first = check.both(str(root))
    (path,) = (tmp_path / "cache").glob("reports-*.json")
    path.write_bytes(content)
    assert check.run(str(root)) == first


def test_a_stored_entry_of_another_shape_checks_again(tmp_path: Path, check: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    first = check.both(str(root))
    (path,) = (tmp_path / "cache").glob("reports-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"][0].update(stdout=None, status="one")
    path.write_text(json.dumps(data), encoding="utf-8")
    checked = check.checked
    assert check.run(str(root)) == first and check.checked == checked + 1


# -- cases found by trying hard to make a stored or cached result differ from a fresh one ----------

DUPLICATE = """\
scenes:
  - id: dup-scene
    title: A jeep
    passages:
      - text: He drove a {adjective}jeep through the village.
        cite:
          - source: "004"
            quote: drove a jeep through the so-called border "peace village" of Panmunjom
    ending: true
"""


def test_a_file_whose_texts_another_file_hides_is_judged_with_the_words_the_story_shows(
    tmp_path: Path, check: Counted
) -> None:
    root = own_sources_story(tmp_path / "story")
    (root / "zz-b.yaml").write_text(DUPLICATE.format(adjective="wobbly "), encoding="utf-8")
    (root / "zz-c.yaml").write_text(
        "scenes:\n  - id: c-scene\n    title: A jeep\n    passages:\n"
        "      - text: Wobbly, he drove a jeep through the so-called border.\n"
        '        cite:\n          - source: "004"\n            quote: drove a jeep through the so-called border\n'
        "    ending: true\n",
        encoding="utf-8",
    )
    shown = check.both(str(root))
    (root / "aa-a.yaml").write_text(DUPLICATE.format(adjective=""), encoding="utf-8")  # its dup-scene wins
    hidden = check.both(str(root))
    assert hidden != shown
    (root / "aa-a.yaml").unlink()
    assert check.both(str(root)) == shown


def test_a_manifest_named_through_a_link_is_followed(tmp_path: Path, check: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    other = tmp_path / "other.yaml"
    other.write_text("sources: []\n", encoding="utf-8")
    link = tmp_path / "link.yaml"  # outside the story folder, a link to the manifest inside it
    link.symlink_to(root / "sources.yaml")
    edit(root / "story.yaml", "sources: sources.yaml", "sources: ../link.yaml")
    before = check.both(str(root))
    link.unlink()
    link.symlink_to(other)
    assert check.both(str(root)) != before


def test_a_story_file_that_is_a_link_to_another_file_is_followed(tmp_path: Path, check: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    first, second = tmp_path / "v1", tmp_path / "v2"
    for folder in (first, second):
        folder.mkdir()
        (folder / "scenes.yaml").write_text((root / "scenes.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "scenes.yaml").unlink()
    (root / "scenes.yaml").symlink_to(first / "scenes.yaml")
    before = check.both(str(root))
    (root / "scenes.yaml").unlink()
    (root / "scenes.yaml").symlink_to(second / "scenes.yaml")
    check.both(str(root))  # the same bytes, the same output: what matters is that it is a fresh one's
    assert before[0] == 1


def test_the_working_folder_counts(tmp_path: Path, check: Counted, monkeypatch: pytest.MonkeyPatch) -> None:
    root = own_sources_story(tmp_path / "story")
    monkeypatch.chdir(tmp_path)
    near = check.both(str(root))  # positions shown relative to the working folder
    monkeypatch.chdir("/")
    far = check.both(str(root))
    assert near != far


def test_why_an_article_cannot_be_read_counts(tmp_path: Path, check: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    article = next((root / "seeds").glob("004_*.txt"))
    article.unlink()
    missing = check.both(str(root))
    article.mkdir()
    folder = check.both(str(root))
    assert missing != folder


def test_odd_file_names_and_paths_give_a_report_not_a_traceback(tmp_path: Path, check: Counted) -> None:
    import os

    root = own_sources_story(tmp_path / "story")
    (root / os.fsdecode(b"extra\xff.yaml")).write_text("scenes: []\n", encoding="utf-8")
    check.both(str(root))
    check.both(str(root))
    edit(root / "sources.yaml", "file: seeds/004_", "file: seeds/\x00004_")
    status, _, err = check.both(str(root))
    assert status == 1 and "Traceback" not in err


def test_an_article_that_is_a_named_pipe_is_reported_not_waited_for(tmp_path: Path, check: Counted) -> None:
    import os

    root = own_sources_story(tmp_path / "story")
    article = next((root / "seeds").glob("004_*.txt"))
    article.unlink()
    os.mkfifo(article)
    status, _, err = check.both(str(root))
    assert status == 1 and "not a regular file" in err
