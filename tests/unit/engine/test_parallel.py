"""Texts shared out over processes give the report one process gives, and a failed part is judged again."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from story.checking import checker
from story.checking.checker import check_path
from story.checking.verdicts import Verdicts
from story.core import parallel
from story.core.paths import bundled_story
from story.loading import build
from story.loading.loader import load_story
from tests.unit.engine.stories import edit, own_sources_story, seen


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Share out whatever the size, as on a machine with two cores free."""
    monkeypatch.setattr(parallel, "processes", lambda count, minimum=parallel.MINIMUM: 2)


def _squares(part: Sequence[int]) -> list[tuple[int, bool]]:
    return [(n * n, parallel._IN_PART) for n in part]


def test_parts_come_back_in_order_and_one_was_forked(two_processes: None) -> None:
    parts = parallel.in_parts(_squares, list(range(7)))
    assert [square for part in parts for square, _ in part] == [n * n for n in range(7)]
    assert [{forked for _, forked in part} for part in parts] == [{False}, {True}]


def test_a_part_whose_process_fails_is_judged_here(two_processes: None) -> None:
    def fails_when_forked(part: Sequence[int]) -> list[int]:
        if parallel._IN_PART:
            raise RuntimeError("lost")
        return [n + 1 for n in part]

    assert parallel.in_parts(fails_when_forked, [1, 2, 3, 4]) == [[2, 3], [4, 5]]


def _lengths(parts: Sequence[Sequence[object]]) -> list[int]:
    return [len(part) for part in parts]


@pytest.mark.parametrize("count", [1, 2, 3, 7])
@pytest.mark.parametrize("length", [1, 2, 7, 100])
def test_parts_are_contiguous_none_empty_and_about_equal(count: int, length: int) -> None:
    items = list(range(length))
    parts = parallel._cut(items, min(count, length), None, 0.0)
    assert [item for part in parts for item in part] == items
    assert all(parts) and len(parts) <= count
    assert max(_lengths(parts)) - min(_lengths(parts)) <= 1


def test_parts_are_cut_where_the_work_reaches_each_share_not_by_count() -> None:
    files = [b"x" * 90, b"x", b"x", b"x" * 30, b"x" * 30, b"x" * 30]
    assert _lengths(parallel._cut(files, 2, len, 0.0)) == [2, 4]  # 91 bytes each, not 122 and 60
    assert _lengths(parallel._cut(files, 3, len, 0.0)) == [1, 3, 2]
    assert _lengths(parallel._cut([b"x" * 500, b"x", b"x"], 3, len, 0.0)) == [1, 2]  # no part is left empty


def test_the_part_done_here_is_larger_by_what_sending_the_others_back_costs() -> None:
    parts = parallel._cut(list(range(100)), 2, None, 0.25)
    assert _lengths(parts) == [56, 44]  # 44 * 1.25 = 55
    assert _lengths(parallel._cut(list(range(100)), 2, None, 0.0)) == [50, 50]


def test_nothing_is_shared_out_when_it_would_not_pay_or_is_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert parallel.processes(10 * parallel.MINIMUM) == 4
    assert parallel.processes(parallel.MINIMUM + 1) == 1  # too few texts for two processes
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.processes(10 * parallel.MINIMUM) == 1  # forking beside a thread is unsafe
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(parallel, "_IN_PART", True)
    assert parallel.processes(10 * parallel.MINIMUM) == 1  # a part never shares out again
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(parallel, "_IN_PART", False)
    assert parallel.processes(10 * parallel.MINIMUM) == 1  # one core


@pytest.mark.parametrize("cached", [False, True])
def test_a_check_shared_out_reports_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    root = own_sources_story(tmp_path)

    def report() -> list[tuple[object, ...]]:
        verdicts = Verdicts(root, tmp_path / f"cache-{parallel.processes(0)}") if cached else None
        return seen(check_path(root, verdicts=verdicts).diagnostics)

    alone = report()
    assert {code for _, code, *_ in alone} >= {"E501", "E701"}
    monkeypatch.setattr(parallel, "processes", lambda count, minimum=parallel.MINIMUM: 2)
    assert report() == alone
    monkeypatch.setattr(checker, "ALONGSIDE", 1)  # the ordinary words read alongside the whole-story rules
    assert report() == alone


def test_ordinary_words_read_alongside_the_whole_story_rules_are_the_storys_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from story.checking.rules.texts import ordinary, ordinary_read
    from story.checking.text import details
    from story.checking.text.details import ordinary_words
    from story.core.queries import visible_texts

    forked: list[bool] = []
    whole = checker.load
    lowercase_words = details.lowercase_words
    read_where: list[tuple[bool, int]] = []

    def watched(names: tuple[str, ...]) -> list[object]:
        forked.append(parallel._IN_PART)
        return whole(names)

    def reading(texts: Sequence[str]) -> set[str]:
        read_where.append((parallel._IN_PART, len(texts)))
        if parallel._IN_PART:  # the forked process's part is sent back, not seen here: say so
            os.write(reading_pipe, b"%d\n" % len(texts))
        return lowercase_words(texts)

    readings, reading_pipe = os.pipe()
    monkeypatch.setattr(checker, "load", watched)
    monkeypatch.setattr(details, "lowercase_words", reading)
    monkeypatch.setattr(checker, "ALONGSIDE", 1)
    monkeypatch.setattr(parallel, "processes", lambda count, minimum=parallel.MINIMUM: 2)
    try:
        report = check_path(bundled_story())
    finally:
        os.close(reading_pipe)
    there = int(os.read(readings, 64) or b"0")
    os.close(readings)
    assert report.story is not None
    assert not report.errors and set(forked) == {False}  # the rules ran here
    here = sum(count for forked_part, count in read_where if not forked_part)
    read = dict.fromkeys(ordinary_read(report.story, visible_texts(report.story)))
    assert (there, here) == (len(read), 0)  # every text read in the forked process, none here
    assert ordinary(report.story) == ordinary_words(ordinary_read(report.story, visible_texts(report.story)))


def test_ordinary_words_read_in_parts_are_those_of_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from story.checking.text import details

    texts = [
        "Guards ran. The guards' jeep stopped.",
        "Ran the Jeep? He said it was 'over'.",
        "North Korean soldiers fired; soldiers' rifles were AK-47s.",
        "The soldier's ally-in-arms ran across.",
    ]
    alone = details._ordinary_words(tuple(texts))
    assert {"ran", "jeep", "guards", "soldiers", "ally-in-arms", "soldier", "was"} <= alone
    assert "Guards" not in alone and "North" not in alone
    details._ordinary_words.cache_clear()
    forked: list[bool] = []
    lowercase_words = details.lowercase_words

    def watched(part: Sequence[str]) -> set[str]:
        forked.append(parallel._IN_PART)
        return lowercase_words(part)

    monkeypatch.setattr(details, "lowercase_words", watched)
    monkeypatch.setattr(parallel, "processes", lambda count, minimum=parallel.MINIMUM: 2)
    assert details._ordinary_words(tuple(texts)) == alone
    assert forked == [False]  # this process's part; the other was read in a forked one
    details._ordinary_words.cache_clear()


def test_files_parsed_in_parts_load_as_one_process_loads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "story"
    shutil.copytree(bundled_story(), root)
    edit(root / "place-jeep.yaml", "scenes:\n", "scenes:\n  - id: [broken\n")  # a file that does not parse
    edit(root / "place-rescue.yaml", "title: ", "title: 12 ")  # the schema's finding in another

    def loaded() -> tuple[list[str], list[tuple[object, ...]]]:
        story, diagnostics, _ = load_story(root)
        assert story is not None
        return list(story.scenes), seen(diagnostics)

    alone = loaded()
    assert {"E104"} <= {code for _, code, *_ in alone[1]}
    monkeypatch.setattr(build, "MINIMUM_BYTES", 0)
    monkeypatch.setattr(parallel, "processes", lambda count, minimum=parallel.MINIMUM: 2)
    assert loaded() == alone


def test_parts_come_back_when_the_kernel_reaps_forked_processes(two_processes: None) -> None:
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as a launcher may leave it
    try:
        parts = parallel.in_parts(_squares, list(range(6)))
    finally:
        signal.signal(signal.SIGCHLD, before)
    assert [square for part in parts for square, _ in part] == [n * n for n in range(6)]


def test_a_forked_part_lets_go_of_the_standard_streams(two_processes: None) -> None:
    def streams(part: Sequence[int]) -> list[bool]:
        quiet = os.stat(os.devnull)
        return [all(os.path.samestat(os.fstat(stream), quiet) for stream in (0, 1, 2)) for _ in part]

    assert parallel.in_parts(streams, [1, 2]) == [[False], [True]]


def test_when_this_part_fails_the_forked_ones_are_ended_and_reaped(two_processes: None) -> None:
    def slow_there_failing_here(part: Sequence[int]) -> list[int]:
        if parallel._IN_PART:
            time.sleep(60)
            return list(part)
        raise KeyError("a bug in a rule")

    started = time.monotonic()
    with pytest.raises(KeyError):
        parallel.in_parts(slow_there_failing_here, [1, 2, 3, 4])
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left running, nor unreaped


def test_a_job_alongside_runs_in_a_forked_process_and_comes_back(two_processes: None) -> None:
    here, there = parallel.alongside(lambda: ("here", parallel._IN_PART), lambda: ("there", parallel._IN_PART))
    assert here == ("here", False) and there == ("there", True)
    assert parallel.alongside(lambda: 1, lambda: parallel._IN_PART, worth=False) == (1, False)


def test_a_job_alongside_whose_process_fails_is_done_here(two_processes: None) -> None:
    def fails_when_forked() -> str:
        if parallel._IN_PART:
            raise RuntimeError("lost")
        return "done here"

    assert parallel.alongside(lambda: 1, fails_when_forked) == (1, "done here")


def test_when_the_job_here_fails_the_one_alongside_is_ended_and_reaped(two_processes: None) -> None:
    def fails() -> None:
        raise KeyError("a bug in a rule")

    started = time.monotonic()
    with pytest.raises(KeyError):
        parallel.alongside(fails, lambda: time.sleep(60))
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_large_story_checked_alongside_reports_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from story.checking import checker

    root = own_sources_story(tmp_path)
    alone = seen(check_path(root).diagnostics)
    forked: list[bool] = []
    real = parallel.alongside

    def watched(here: Callable[[], object], there: Callable[[], object], worth: bool = True) -> tuple[object, object]:
        forked.append(True)
        return real(here, there, worth)

    monkeypatch.setattr(checker, "ALONGSIDE", 0)
    monkeypatch.setattr(checker, "alongside", watched)
    monkeypatch.setattr(parallel, "processes", lambda count, minimum=parallel.MINIMUM: 2)
    assert seen(check_path(root).diagnostics) == alone
    assert forked == [True]
