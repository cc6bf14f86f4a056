"""The player's check in a child process gives what `story check` gives, and fails with a reason."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from story.checking import background
from story.checking.background import CheckFailed, check_in_child
from story.checking.checker import check_path
from story.core.diagnostics import Diagnostic
from tests.unit.engine.stories import write_story

SCENES = """\
scenes:
  - id: a
    title: Fired 40 times
    passages:
      - text: It fired 45 times at dawn, "as ordered".
        cite:
          - source: "004"
            quote: fired 40 times
    ending: true
"""


def _seen(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str, str]]:
    return sorted((Path(d.pos.file).name, d.pos.line, d.pos.column, str(d.code), d.message) for d in diagnostics)


def test_the_child_reports_what_story_check_reports(tmp_path: Path) -> None:
    root = write_story(tmp_path, {"scenes.yaml": SCENES})
    found = check_in_child(root)
    assert {str(d.code) for d in found} >= {"E501", "E701", "E706"}
    assert _seen(found) == _seen(check_path(root).diagnostics)
    assert all(d.hint for d in found)


def test_a_clean_story_gives_no_diagnostics(tmp_path: Path) -> None:
    assert check_in_child(write_story(tmp_path, {})) == []


def test_a_child_that_prints_no_report_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(background.sys, "executable", sys.executable)
    root = write_story(tmp_path, {})
    real = background.subprocess.Popen

    def garbled(command: list[str], **kwargs: object) -> object:
        return real([sys.executable, "-c", "print('not json')"], **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(background.subprocess, "Popen", garbled)
    with pytest.raises(CheckFailed, match="no report"):
        check_in_child(root)


def test_a_child_that_crashes_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = background.subprocess.Popen

    def crashing(command: list[str], **kwargs: object) -> object:
        code = "import sys; sys.stderr.write('Traceback...\\nBoom: it broke\\n'); sys.exit(3)"
        return real([sys.executable, "-c", code], **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(background.subprocess, "Popen", crashing)
    with pytest.raises(CheckFailed, match="exited 3: Boom: it broke"):
        check_in_child(write_story(tmp_path, {}))


def test_a_child_that_takes_too_long_is_given_up(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = background.subprocess.Popen

    def slow(command: list[str], **kwargs: object) -> object:
        return real([sys.executable, "-c", "import time; time.sleep(5)"], **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(background.subprocess, "Popen", slow)
    with pytest.raises(CheckFailed, match="more than 0 s"):
        check_in_child(write_story(tmp_path, {}), timeout=0.2)


def test_a_check_stopped_from_another_thread_ends_its_child(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import threading

    real = background.subprocess.Popen
    started: list[object] = []

    def slow(command: list[str], **kwargs: object) -> object:
        process = real([sys.executable, "-c", "import time; time.sleep(30)"], **kwargs)  # type: ignore[call-overload]
        started.append(process)
        return process

    monkeypatch.setattr(background.subprocess, "Popen", slow)
    check = background.ChildCheck(write_story(tmp_path, {}))
    failures: list[Exception] = []

    def run() -> None:
        try:
            check.run(timeout=60)
        except CheckFailed as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    while not started:
        thread.join(0.05)
    check.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert [str(error) for error in failures] == ["the check was stopped"]
    assert started[0].poll() is not None  # type: ignore[attr-defined]


def test_stopping_a_check_ends_the_processes_it_shared_its_work_out_to(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A large story's check forks (story.core.parallel): stopping it must not wait for a part."""
    import threading

    real = background.subprocess.Popen
    started: list[object] = []
    forking = "import os, time\nos.fork()\ntime.sleep(30)"  # a part that holds the check's pipes

    def slow(command: list[str], **kwargs: object) -> object:
        process = real([sys.executable, "-c", forking], **kwargs)  # type: ignore[call-overload]
        started.append(process)
        return process

    monkeypatch.setattr(background.subprocess, "Popen", slow)
    check = background.ChildCheck(write_story(tmp_path, {}))
    thread = threading.Thread(target=lambda: pytest.raises(CheckFailed, check.run, 60))
    thread.start()
    while not started:
        thread.join(0.05)
    time.sleep(0.5)  # the part is forked
    check.stop()
    thread.join(10)
    assert not thread.is_alive(), "the player would wait for the part to finish"
