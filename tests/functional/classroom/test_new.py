"""`story new SCENE_ID`: a scaffold that fails `story check` until it is filled in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.commands import new
from story.core import paths
from tests import ROOT


def test_scaffold_is_created_with_the_schema_modeline(run_cli, story_copy) -> None:
    root = story_copy()
    (root / "story.schema.json").write_text("{}", encoding="utf-8")
    status, out, _ = run_cli("new", "the-hospital", str(root))
    assert status == 0
    scaffold = root / "the-hospital.yaml"
    assert str(scaffold) in out
    text = scaffold.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=story.schema.json"
    assert "  - id: the-hospital\n" in text
    assert 'source: "000"' in text
    assert "story cite" in text


def test_without_a_schema_copy_it_says_how_to_make_one(run_cli, story_copy) -> None:
    root = story_copy()
    status, out, _ = run_cli("new", "the-hospital", str(root))
    assert status == 0
    assert f"story schema -o {root / 'story.schema.json'}" in out


def test_placeholders_fail_check_at_their_own_lines(run_cli, story_copy) -> None:
    root = story_copy()
    assert check_path(root).errors == 0
    run_cli("new", "the-hospital", str(root))
    report = check_path(root)
    lines = (root / "the-hospital.yaml").read_text(encoding="utf-8").splitlines()
    mine = [d for d in report.diagnostics if d.pos.file.endswith("the-hospital.yaml") and d.is_error]
    todo_lines = {number for number, line in enumerate(lines, start=1) if "# TODO" in line}
    assert {d.pos.line for d in mine} == todo_lines
    assert {d.code for d in mine} >= {"E304"}
    assert all("must not be empty" in d.message or d.code in ("E304", "E402") for d in mine)


def test_filled_in_scaffold_passes(run_cli, story_copy) -> None:
    root = story_copy()
    run_cli("new", "the-hospital", str(root))
    scaffold = root / "the-hospital.yaml"
    text = scaffold.read_text(encoding="utf-8")
    filled = (
        text.replace('title: ""', "title: Airlifted", 1)
        .replace('text: ""', "text: He was airlifted to a medical center.", 1)
        .replace('quote: ""', "quote: He was airlifted to the Ajou University Medical Center", 1)
        .replace('source: "000"', 'source: "004"', 1)
        .replace('label: ""', "label: Read about the rescue", 1)
        .replace('target: ""', "target: rescue", 1)
    )
    scaffold.write_text(filled, encoding="utf-8")
    scenes = root / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace(
            "      - label: Read about the rescue\n        target: rescue\n  - id: shots",
            "      - label: Read about the rescue\n        target: rescue\n"
            "      - label: Read about the medical center\n        target: the-hospital\n  - id: shots",
        ),
        encoding="utf-8",
    )
    report = check_path(root)
    assert report.errors == 0, [d.render() for d in report.diagnostics]
    assert report.warnings == 0, [d.render() for d in report.diagnostics]


def test_refuses_to_overwrite(run_cli, story_copy) -> None:
    root = story_copy()
    existing = root / "the-hospital.yaml"
    existing.write_text("# mine\n", encoding="utf-8")
    status, _, err = run_cli("new", "the-hospital", str(root))
    assert status == 1
    assert "already exists" in err
    assert existing.read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("taken", ["shots", "dmz"])
def test_refuses_an_id_the_story_already_uses(run_cli, story_copy, taken: str) -> None:
    root = story_copy()
    status, _, err = run_cli("new", taken, str(root))
    assert status == 1
    assert taken in err
    assert not (root / f"{taken}.yaml").exists()


@pytest.mark.parametrize("bad", ["Hospital", "a b", "../escape", "x.yaml", "_x"])
def test_bad_ids_are_usage_errors(run_cli, story_copy, bad: str) -> None:
    root = story_copy()
    before = sorted(p.name for p in root.iterdir())
    status, _, err = run_cli("new", bad, str(root))
    assert status == 2
    assert "bad scene id" in err
    assert sorted(p.name for p in root.iterdir()) == before


def test_missing_story_folder_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    status, _, _ = run_cli("new", "x", str(tmp_path / "nope"))
    assert status == 2


# -- with no PATH: the story in the current folder, never the bundled one -------------------


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend `story` is installed from a wheel: its bundled story is a copy inside the package.

    Returns:
        The installed copy of the bundled story (``.../story/_bundled/scenes``).
    """
    package = tmp_path / "site-packages" / "story"
    shutil.copytree(ROOT / "scenes", package / "_bundled" / "scenes")
    shutil.copytree(ROOT / "seeds", package / "_bundled" / "seeds")
    monkeypatch.setattr(paths, "_HERE", package)
    assert paths.bundled_story() == package / "_bundled" / "scenes"
    return paths.bundled_story()


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_no_story_here_is_refused_and_the_bundled_story_is_untouched(
    run_cli, installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _listing(installed.parent)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    monkeypatch.chdir(empty)
    status, out, err = run_cli("new", "foo")
    assert status == 2
    assert out == ""
    assert err.startswith(f"story new: error: no story folder in {empty}")
    assert "story new SCENE_ID PATH" in err
    assert f"cp -r {installed.parent} my-story" in err
    assert _listing(installed.parent) == before
    assert not list(empty.iterdir())
    assert check_path(installed).errors == 0
    assert run_cli("check")[0] == 0  # `story check` on the bundled story still passes


def test_the_installed_bundled_story_is_refused_even_when_named(
    run_cli, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _listing(installed.parent)
    status, _, err = run_cli("new", "foo", str(installed))
    assert status == 2
    assert "is the bundled story installed with `story`; it is read-only" in err
    monkeypatch.chdir(installed)  # standing in it, with no PATH
    status, _, err = run_cli("new", "foo")
    assert status == 2
    assert "read-only" in err
    assert _listing(installed.parent) == before


def test_the_story_folder_in_the_current_folder_is_used(
    run_cli, story_copy, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _listing(installed.parent)
    root = story_copy()
    monkeypatch.chdir(root.parent)
    status, out, err = run_cli("new", "the-hospital")
    assert status == 0, err
    assert (root / "the-hospital.yaml").is_file()
    assert out.splitlines()[0] == f"created {Path(root.name) / 'the-hospital.yaml'}"
    assert out.rstrip().endswith(f"then: story check {root.name}")
    assert _listing(installed.parent) == before


def test_standing_in_the_story_folder_uses_it(run_cli, story_copy, monkeypatch: pytest.MonkeyPatch) -> None:
    root = story_copy()
    monkeypatch.chdir(root)
    status, out, err = run_cli("new", "the-hospital")
    assert status == 0, err
    assert out.splitlines()[0] == "created the-hospital.yaml"
    assert out.rstrip().endswith("then: story check .")
    assert (root / "the-hospital.yaml").is_file()


def test_two_story_folders_here_is_a_usage_error(
    run_cli, story_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = story_copy()
    shutil.copytree(root, tmp_path / "another")
    monkeypatch.chdir(tmp_path)
    status, _, err = run_cli("new", "the-hospital")
    assert status == 2
    assert "more than one story folder here (another, handout)" in err
    assert not list(tmp_path.rglob("the-hospital.yaml"))


def test_in_a_checkout_the_repository_root_means_its_scenes_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert new._story_here() == Path("scenes")
