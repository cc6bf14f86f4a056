"""Saves under faults: kill -9 while saving, a full disk, a read-only folder, bad saves, two players.

Each runs the real code: a player process killed in a loop (forked, so each kill costs
milliseconds), a small tmpfs filled up where this machine lets a test mount one, the plain and the
terminal player started on a corpus of bad saves, and two `story play --plain` on one save.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from story.core.model import Story
from story.core.progress import Progress
from story.core.saves import SaveStore
from story.loading.loader import load_story
from tests import ROOT
from tests.functional.ui.tiny import TINY
from tests.unit.progress.test_saves import BAD_SAVES

KILLS = 25


def tiny() -> Story:
    story, _, _ = load_story(TINY)
    assert story is not None
    return story


# -- kill -9 while saving ---------------------------------------------------------------------------


def _save_for_ever(story: Story, directory: Path) -> None:
    """The child: a player saving as fast as it can, a longer history each time."""
    store = SaveStore(story, directory)
    progress, _ = store.load()
    while True:
        progress.choose(0) if progress.scene.choices else progress.restart()
        store.save(progress)


def kill_while_saving(directory: Path, kills: int = KILLS, seed: int = 14) -> dict[str, int]:
    """Kill a saving player ``kills`` times at random moments; count what each kill left."""
    draw = random.Random(seed)
    story = tiny()
    SaveStore(story, directory).save(Progress(story))  # the save each kill may break
    intact = leftovers = 0
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                _save_for_ever(story, directory)
            finally:
                os._exit(0)
        time.sleep(draw.uniform(0.01, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        leftovers += len(list(directory.glob(".save-*.tmp")))
        store = SaveStore(story, directory)
        progress, notice = store.load()
        intact += notice is None and store.resumed and progress.trail[0] == "crossing"
    return {
        "kills": kills,
        "intact": intact,
        "temporary files left by kills": leftovers,
        "temporary files after": len(list(directory.glob(".save-*.tmp"))),
        "kept aside": len(list(directory.glob("*.bak"))),
    }


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_9_while_saving_leaves_the_save_intact_and_no_temporary_files(tmp_path: Path) -> None:
    figures = kill_while_saving(tmp_path)
    assert figures["intact"] == KILLS and figures["kept aside"] == 0, figures
    assert figures["temporary files after"] == 0, figures


# -- a full disk and a read-only folder -------------------------------------------------------------

SMALL_DISK = textwrap.dedent(
    """
    import errno, os, subprocess, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from story.core.saves import SaveStore
    from story.loading.loader import load_story

    disk = Path({disk!r})
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], check=True)
    story, _, _ = load_story(Path({tiny!r}))
    store = SaveStore(story, disk)
    progress, _ = store.load()
    progress.choose(0)
    store.save(progress)
    filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)  # fill the disk
    try:
        while True:
            os.write(filler, b"x" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC, error
    os.close(filler)
    progress.choose(0)
    try:
        store.save(progress)
        print("full: saved?!")
    except OSError as error:
        print("full:", errno.errorcode[error.errno])
    again, notice = SaveStore(story, disk).load()
    print("after full:", again.trail, notice, sorted(p.name for p in disk.glob(".save-*")))
    (disk / "filler").unlink()
    store.save(progress)
    print("freed:", SaveStore(story, disk).load()[0].trail)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    progress.back()
    try:
        store.save(progress)
        print("read-only: saved?!")
    except OSError as error:
        print("read-only:", errno.errorcode[error.errno])
    again, notice = SaveStore(story, disk).load()
    print("after read-only:", again.trail, notice)
    """
)


def _namespace() -> list[str] | None:
    """A way to mount a tmpfs here without touching the machine's own mounts, if there is one."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return None
    for command in (["unshare", "--mount"], ["unshare", "--user", "--map-root-user", "--mount"]):
        probe = subprocess.run([*command, "true"], capture_output=True, timeout=10)
        if probe.returncode == 0:
            return command
    return None


def test_a_full_disk_and_a_read_only_folder_keep_the_last_save(tmp_path: Path) -> None:
    command = _namespace()
    if command is None:
        pytest.skip("this machine lets no test mount a tmpfs (unshare --mount is refused: no CAP_SYS_ADMIN)")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = SMALL_DISK.format(root=str(ROOT), disk=str(disk), tiny=str(TINY))
    result = subprocess.run(
        [*command, sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    if result.returncode != 0 and "mount" in result.stderr and "tmpfs" not in result.stdout:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "full: ENOSPC"
    assert lines[1] == "after full: ['crossing', 'chase'] None []", "the last save stays, and no temporary file"
    assert lines[2] == "freed: ['crossing', 'chase', 'rescue']"
    assert lines[3] == "read-only: EROFS"
    assert lines[4] == "after read-only: ['crossing', 'chase', 'rescue'] None"


# -- bad saves, in the players ----------------------------------------------------------------------

PLAYER_CORPUS = ["list-in-trail", "mapping-in-trail", "nested-100000", "nested-object", "answer-a-list"]


def _plant(kind: str, store: SaveStore, elsewhere: Path) -> bytes | None:
    store.directory.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        store.path.mkdir()
        return None
    if kind == "link":
        elsewhere.write_text(json.dumps(Progress(store.story).to_dict()), encoding="utf-8")
        store.path.symlink_to(elsewhere)
        return None
    if kind == "huge":
        content = b'{"version": 1, "trail": [' + b'"crossing", ' * 600_000 + b'"crossing"]}'
    else:
        content = BAD_SAVES[kind]
    store.path.write_bytes(content)
    return content


@pytest.mark.parametrize("kind", [*PLAYER_CORPUS, "huge", "folder", "link"])
def test_the_plain_player_starts_on_a_bad_save(tmp_path: Path, kind: str) -> None:
    from story.render.plain import run_plain

    saves = tmp_path / "saves"
    content = _plant(kind, SaveStore(tiny(), saves), tmp_path / "elsewhere.json")
    out, err = io.StringIO(), io.StringIO()
    status = run_plain(TINY, save_dir=saves, stdin=io.StringIO("1\nq\n"), stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    assert "could not be read" in out.getvalue() and "The chase" in out.getvalue()
    kept = list(saves.glob("*.bak"))
    assert len(kept) == 1 and (content is None or kept[0].read_bytes() == content)
    assert SaveStore(tiny(), saves).load()[0].scene.id == "chase", "it saved again"


async def test_the_terminal_player_starts_on_a_bad_save_and_says_where_it_resumed(tmp_path: Path) -> None:
    from story.ui.app import make_app

    saves = tmp_path / "saves"
    store = SaveStore(tiny(), saves)
    for kind in ("list-in-trail", "nested-100000"):
        _plant(kind, store, tmp_path / "elsewhere.json")
        app = make_app(TINY, save_dir=saves)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.reader.notice is not None and "could not be read" in app.reader.notice
            assert app.reader.progress is not None and app.reader.progress.scene.id == "crossing"
    progress = Progress(store.story)
    progress.choose(0)
    store.save(progress)
    app = make_app(TINY, save_dir=saves)
    async with app.run_test() as pilot:
        await pilot.pause()
        toasts = [n.message for n in app._notifications]
        assert any("Resumed your saved progress at \u201cThe chase\u201d" in t for t in toasts), toasts


# -- two players on one save ------------------------------------------------------------------------


def test_two_plain_players_on_one_save(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    environment = {**os.environ, "STORY_DATA_DIR": str(saves)}

    def player() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "story", "play", "--plain", str(TINY)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=environment,
        )

    def wait_for(process: subprocess.Popen[str], words: str) -> str:
        assert process.stdout is not None
        seen = ""
        deadline = time.monotonic() + 30
        while words not in seen:
            line = process.stdout.readline()
            assert line and time.monotonic() < deadline, f"{words!r} never came: {seen[-500:]}"
            seen += line
        return seen

    first, second = player(), player()
    try:
        for process in (first, second):
            wait_for(process, "Type a number")
        assert first.stdin is not None and second.stdin is not None
        first.stdin.write("1\n")  # the chase
        first.stdin.flush()
        asked = wait_for(first, "Answer with a number")
        right = "1" if "\n1. 40\n" in asked else "2"  # each reader sees the options in an order of their own
        first.stdin.write(f"{right}\n")  # answered
        first.stdin.flush()
        wait_for(first, "Right")
        second.stdin.write("2\n")  # the rescue: it must not overwrite the first one's progress
        second.stdin.flush()
        told = wait_for(second, "Type a number")
    finally:
        outputs = [process.communicate("q\n", timeout=30) for process in (first, second)]
    assert "could not be saved" in told + outputs[1][0] and "open in another player" in told + outputs[1][0]
    kept, _ = SaveStore(tiny(), saves).load()
    assert kept.trail == ["crossing", "chase"] and kept.answers == {"chase": 0}
