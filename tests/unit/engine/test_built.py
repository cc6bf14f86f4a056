"""The story kept for the player is never stale: it is read back only while every input is unchanged.

Each test loads a story through :func:`load_built` and compares it with a story built afresh; a
counter on the loader says whether it was built again or read back.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from story.core import caches
from story.core.model import Story
from story.loading import built as built_module
from story.loading import loader
from story.loading.built import load_built
from tests import ROOT
from tests.unit.engine.stories import edit, own_sources_story, seen


class Counted:
    """Loads a story as the player does, and counts the builds."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.builds = 0
        build = loader.load_story

        def counted(*args: object, **kwargs: object) -> object:
            self.builds += 1
            return build(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(loader, "load_story", counted)
        self._build = build

    def load(self, root: Path) -> tuple[Story | None, list[tuple[object, ...]], bool]:
        """The story as the player gets it, its problems, and whether it was built (not read back).

        Always checked against the story built afresh.
        """
        before = self.builds
        story, diagnostics = load_built(root)
        fresh, fresh_diagnostics, _ = self._build(root)
        assert story == fresh
        assert seen(diagnostics) == seen(fresh_diagnostics)
        return story, seen(diagnostics), self.builds > before


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(monkeypatch)


def _entry() -> Path:
    (entry,) = Path(os.environ["STORY_CACHE_DIR"]).glob(f"parsed-*/{built_module.ENTRY}")
    return entry


def test_an_unchanged_story_is_read_back_as_built(tmp_path: Path, counted: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    story, problems, built = counted.load(root)
    assert built and story is not None and {code for _, code, *_ in problems} == set()
    again, same, rebuilt = counted.load(root)
    assert not rebuilt and same == problems
    assert again is not story and again == story


def test_the_bundled_story_is_read_back_from_a_story_file_too(counted: Counted) -> None:
    assert counted.load(ROOT / "scenes")[2]
    assert not counted.load(ROOT / "scenes" / "story.yaml")[2]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda root: edit(root / "scenes.yaml", "dawn.\n", "noon.\n"), id="a scene file"),
        pytest.param(lambda root: edit(root / "story.yaml", "Fired 40", "Shot 40"), id="the story file"),
        pytest.param(lambda root: edit(root / "sources.yaml", "Hail of Bullets\n", "Bullets\n"), id="the manifest"),
        pytest.param(
            lambda root: next((root / "seeds").glob("004_*")).write_text("Another article.\n", encoding="utf-8"),
            id="an article",
        ),
        pytest.param(lambda root: next((root / "seeds").glob("004_*")).unlink(), id="an article removed"),
        pytest.param(lambda root: (root / "more.yaml").write_text("facts: []\n", encoding="utf-8"), id="a new file"),
        pytest.param(
            lambda root: (
                (root / "deeper" / "more.yaml").parent.mkdir()
                or (root / "deeper" / "more.yaml").write_text("scenes: [\n", encoding="utf-8")
            ),
            id="a new broken file in a folder",
        ),
        pytest.param(lambda root: (root / "scenes.yaml").rename(root / "scenes.yml"), id="a file renamed away"),
    ],
)
def test_a_change_to_any_input_builds_the_story_again(tmp_path: Path, counted: Counted, change: object) -> None:
    root = own_sources_story(tmp_path / "story")
    story, problems, _ = counted.load(root)
    change(root)  # type: ignore[operator]
    changed, changed_problems, built = counted.load(root)
    assert built
    assert (changed, changed_problems) != (story, problems)
    assert not counted.load(root)[2]  # and the new story is kept


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
def test_a_path_that_leads_to_another_file_builds_the_story_again(tmp_path: Path, counted: Counted) -> None:
    """The same bytes through a link: the story shows the article's path, so it is another input."""
    root = own_sources_story(tmp_path / "story")
    article = next((root / "seeds").glob("004_*"))
    copy = tmp_path / "elsewhere.txt"
    copy.write_bytes(article.read_bytes())
    counted.load(root)
    article.unlink()
    article.symlink_to(copy)
    assert counted.load(root)[2]


def test_a_new_loader_builds_the_story_again(tmp_path: Path, counted: Counted, monkeypatch: pytest.MonkeyPatch) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    monkeypatch.setattr(built_module, "loader_version", lambda: "another loader")
    assert counted.load(root)[2]
    assert not counted.load(root)[2]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        pickle.dumps("a header of another shape"),
        pickle.dumps((1, "x", "y", "z", {})) + b"truncated",
        b"\x80\x05\x95",
    ],
)
def test_a_damaged_entry_builds_the_story_again(tmp_path: Path, counted: Counted, damage: bytes) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    _entry().write_bytes(damage)
    assert counted.load(root)[2]
    assert not counted.load(root)[2]  # the damaged entry was replaced


def test_an_entry_holding_something_else_builds_the_story_again(tmp_path: Path, counted: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    with open(_entry(), "rb") as handle:
        header = pickle.load(handle)
    for other in [["not", "a story"], ("a story?", []), (None, ["not a diagnostic"])]:
        _entry().write_bytes(pickle.dumps(header) + pickle.dumps(other))
        assert counted.load(root)[2]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder modes are POSIX")
def test_the_story_is_not_read_back_from_a_folder_others_can_write_in(tmp_path: Path, counted: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    _entry().parent.chmod(0o777)
    assert counted.load(root)[2]
    assert counted.load(root)[2]


def test_a_cache_that_cannot_be_written_costs_only_speed(
    tmp_path: Path, counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("STORY_CACHE_DIR", str(blocked / "cache"))
    root = own_sources_story(tmp_path / "story")
    assert counted.load(root)[2]
    assert counted.load(root)[2]


def test_a_story_read_back_needs_neither_pyyaml_nor_the_loader(tmp_path: Path) -> None:
    root = own_sources_story(tmp_path / "story")
    script = (
        "import sys\nfrom pathlib import Path\nfrom story.loading.built import load_built\n"
        f"story, _ = load_built(Path({str(root)!r}))\nassert story is not None\n"
        "print(sorted(name for name in sys.modules if name == 'yaml' or name.startswith('story.loading.loader')))"
    )

    def modules() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=os.environ, check=True
        )
        return done.stdout.strip()

    assert modules() == "['story.loading.loader', 'yaml']"  # built the first time
    assert modules() == "[]"


def test_the_story_named_another_way_is_built_again_with_its_own_paths(
    tmp_path: Path, counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The story's paths are written as the folder is named: from the working folder when relative."""
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    monkeypatch.chdir(tmp_path)
    story, _, built = counted.load(Path("story"))
    assert built and story is not None and story.files[0].startswith("story")
    assert not counted.load(Path("story"))[2]
    monkeypatch.chdir(root)
    assert counted.load(Path("."))[2]


def test_a_folder_with_no_story_file_keeps_nothing(tmp_path: Path, counted: Counted) -> None:
    """Its problem names the *.yml files there, which are no input of a story."""
    root = tmp_path / "story"
    root.mkdir()
    (root / "scenes.yml").write_text("scenes: []\n", encoding="utf-8")
    assert counted.load(root)[2]
    (root / "scenes.yml").rename(root / "other.yml")
    assert counted.load(root)[2]


def test_a_story_whose_kept_bytes_changed_is_built_again(tmp_path: Path, counted: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    data = _entry().read_bytes()
    with open(_entry(), "rb") as handle:
        pickle.load(handle)
        start = handle.tell()
    assert b"fired 45 times" in data[start:]
    _entry().write_bytes(data[:start] + data[start:].replace(b"fired 45 times", b"fired 49 times"))
    story, _, built = counted.load(root)  # still a story that unpickles, but not the one built
    assert built and story is not None
    assert not counted.load(root)[2]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_an_entry_that_is_a_named_pipe_is_not_waited_on(tmp_path: Path, counted: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    entry = _entry()
    entry.unlink()
    os.mkfifo(entry)
    assert counted.load(root)[2]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_an_entry_others_can_write_is_not_read(tmp_path: Path, counted: Counted) -> None:
    root = own_sources_story(tmp_path / "story")
    counted.load(root)
    _entry().chmod(0o666)
    assert counted.load(root)[2]


def test_another_pyyaml_is_another_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken file's problems quote PyYAML's messages: its files are part of the loader's version."""
    stamp = caches._pyyaml()
    assert "__init__.py" in stamp and "_yaml" in stamp  # the C parser, which this project installs
    before = caches.source_digest("core", "loading")
    monkeypatch.setattr(caches, "_pyyaml", lambda: stamp + "\nanother file")
    caches.source_digest.cache_clear()
    try:
        assert caches.source_digest("core", "loading") != before
    finally:
        caches.source_digest.cache_clear()


def test_a_file_in_a_folder_that_cannot_be_looked_into_is_listed_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listed, so that loading says why it cannot be read: a story never loses a file unsaid."""
    root = own_sources_story(tmp_path / "story")
    (root / "sub").mkdir()
    hidden = root / "sub" / "more.yaml"
    hidden.write_text("facts: []\n", encoding="utf-8")
    is_file, read_bytes = Path.is_file, Path.read_bytes

    def refused(path: Path) -> bool:
        if path == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return is_file(path)

    def unreadable(path: Path) -> bytes:
        if path == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "is_file", refused)
    monkeypatch.setattr(Path, "exists", lambda path: True)
    monkeypatch.setattr(Path, "read_bytes", unreadable)
    _, diagnostics = load_built(root)
    assert [(d.pos.file, str(d.code)) for d in diagnostics if "more.yaml" in d.pos.file] == [(str(hidden), "E100")]


def test_a_sources_path_with_a_nul_is_reported_not_raised(tmp_path: Path) -> None:
    root = own_sources_story(tmp_path / "story")
    edit(root / "story.yaml", "sources: sources.yaml", 'sources: "sources\\0.yaml"')
    _, diagnostics = load_built(root)
    assert [str(d.code) for d in diagnostics if "sources manifest not found" in d.message] == ["E203"]
