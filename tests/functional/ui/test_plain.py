"""The plain player (`story play --plain`): line by line, numbered footnotes, numbers from stdin."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from story.render.plain import run_plain
from tests import ROOT

from .helpers import SEED
from .tiny import TINY, copy_tiny, edit


def play(commands: str, path: Path = TINY, **options: object) -> tuple[int, str, str]:
    options.setdefault("seed", SEED)  # the chase's question shows "150" first, then "40" (the right one)
    out, err = io.StringIO(), io.StringIO()
    status = run_plain(path, stdin=io.StringIO(commands), stdout=out, stderr=err, **options)  # type: ignore[arg-type]
    return status, out.getvalue(), err.getvalue()


def test_first_scene_has_numbered_footnotes_and_choices() -> None:
    status, out, err = play("")
    assert status == 0 and err == ""
    assert out.startswith("A soldier's defection\n")
    assert "== A soldier crosses ==" in out
    assert "into South Korea on Monday. [1]" in out
    assert "[1] \u201cA North Korean soldier was shot" in out and "(Shot and wounded)" in out
    assert "source" not in out, "an article is named by its label, never its id"
    assert "1. Follow the chase\n2. Follow the rescue\n" in out
    assert "New in the fact panel: DMZ (glossary); His wounds (where the articles differ)." in out


def test_numbers_pick_choices_and_answers() -> None:
    status, out, _ = play("1\n1\n")
    assert status == 0
    assert "== The chase ==" in out
    question = "Question: How many times did the North Korean army fire? [3]\n1. 150\n2. 40\n\nFootnotes:"
    assert question in out, "the options come right after the question, before the long quotes"
    assert "1. 150 [5] (your answer)" in out and "2. 40 [4] (right answer)" in out
    assert "Not quite: the answer is 2." in out
    assert "[5] \u201ccollapsing 150 yards after the border line\u201d (Hail of Bullets)" in out
    assert out.endswith("> \n")  # input ended at the prompt: a clean last line


def test_bad_input_explains_itself() -> None:
    _, out, _ = play("9\nxyzzy\n")
    assert "Type a number from 1 to 2, or ? for help." in out
    assert "Type a number, or ? for help." in out


def test_back_history_go_and_look() -> None:
    _, out, _ = play("2\nb\nh\ng 2\nl\nb\nb\n")
    assert "Scenes read so far:\n1. A soldier crosses (you are here)\n2. The rescue" in out
    assert out.count("== The rescue ==") == 3
    assert "This is the first scene: there is no going back." in out


def test_source_shows_the_quoted_paragraph() -> None:
    _, out, _ = play("2\ns 1\ns 9\n")
    assert "Hail of Bullets: the article headlined \u201cNorth Korean Defector Evaded Hail of Bullets" in out
    assert "The North Korean defector was unarmed" in out  # the article's own paragraph
    assert "Footnote [1] quotes: \u201cHe was rescued by two South Korean soldiers" in out
    assert "There is no footnote 9 here." in out


def test_facts_lists_disagreements_side_by_side_accounts() -> None:
    _, out, _ = play("f\n")
    assert "Where the articles differ:\n- His wounds\n    Shot and wounded: Reports indicate" in out
    assert "    Hail of Bullets: He was blooded" in out
    assert "Glossary:\n- DMZ: The demilitarized zone (DMZ) divides the Korean peninsula." in out


def test_ending_restart_and_quit() -> None:
    status, out, _ = play("2\n1\n1\nq\n1\n")
    assert status == 0
    assert "The end." in out
    assert out.count("== A soldier crosses ==") == 2
    assert out.count("== The chase ==") == 0  # q stopped before the last 1


def test_r_asks_before_restarting() -> None:
    _, out, _ = play("1\nr\nn\nr\ny\n")
    assert "Carrying on." in out
    assert out.count("== A soldier crosses ==") == 2


def test_help() -> None:
    _, out, _ = play("?\n")
    for command in ("a number", "b ", "s N", "f ", "h ", "g N", "r ", "q "):
        assert command in out


def test_resumes_from_the_save_and_new_starts_over(tmp_path: Path) -> None:
    play("1\n2\n", save_dir=tmp_path)
    _, out, _ = play("", save_dir=tmp_path, seed=SEED + 1)  # the save keeps its reader's order
    assert "== The chase ==" in out and "Right." in out and "2. 40 [4] (right answer, your answer)" in out
    assert "Resumed your saved progress at \u201cThe chase\u201d (scene 2 of" in out
    _, out, _ = play("", save_dir=tmp_path, new=True)
    assert "== A soldier crosses ==" in out and "== The chase ==" not in out
    assert "Resumed" not in out


def test_progress_that_cannot_be_saved_is_said_once(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    _, out, _ = play("1\n2\nb\n", save_dir=blocked)
    assert out.count("Your progress could not be saved") == 1


def test_corrupt_save_is_reported(tmp_path: Path) -> None:
    play("1\n", save_dir=tmp_path)
    (save,) = tmp_path.glob("save-*.json")
    save.write_text("nonsense", encoding="utf-8")
    status, out, _ = play("", save_dir=tmp_path)
    assert status == 0
    assert "Your saved progress could not be read" in out
    assert "== A soldier crosses ==" in out


def test_unplayable_story_fails_with_diagnostics(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "story.yaml", "start: crossing", "start: nowhere")
    status, out, err = play("", path=root)
    assert status == 1 and out == ""
    assert "E403" in err and "cannot play" in err


def test_story_errors_are_reported_but_the_story_plays(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", "quote: fired 40 times", "quote: fired 45 times")
    status, out, err = play("", path=root)
    assert status == 0 and "E201" in err and "== A soldier crosses ==" in out


def test_markup_looking_text_is_printed_as_is(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", "title: A soldier crosses", 'title: "[bold]A soldier[/] [@click=app.quit]"')
    _, out, _ = play("", path=root)
    assert "== [bold]A soldier[/] [@click=app.quit] ==" in out


def _story(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "story", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_plain_is_chosen_when_output_is_not_a_terminal() -> None:
    result = _story("play", str(TINY), stdin="1\nq\n")
    assert result.returncode == 0, result.stderr
    assert "== A soldier crosses ==" in result.stdout and "== The chase ==" in result.stdout
    assert "\x1b[" not in result.stdout  # no terminal codes in a pipe


def test_story_with_no_arguments_plays_the_bundled_story_plainly_in_a_pipe() -> None:
    result = _story(stdin="q\n")
    assert result.returncode == 0, result.stderr
    assert "Footnotes:" in result.stdout and "[1]" in result.stdout


def test_play_missing_path_is_a_usage_error() -> None:
    result = _story("play", "no/such/story")
    assert result.returncode == 2
    assert "no such story folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("explicit", "env", "tty", "expected"),
    [
        (True, {}, True, True),
        (False, {}, True, False),
        (False, {}, False, True),
        (False, {"TERM": "dumb"}, True, True),
        (False, {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, False, False),
    ],
)
def test_when_plain_mode_is_chosen(
    monkeypatch: pytest.MonkeyPatch, explicit: bool, env: dict[str, str], tty: bool, expected: bool
) -> None:
    from story.commands import play as command

    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
    assert command.wants_plain(explicit) is expected


def test_lines_wrap_to_the_terminals_width() -> None:
    _, out, _ = play("1\nf\n", width=40)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 40
    # A footnote's lines hang under its text, so that the number stands out.
    start = next(i for i, line in enumerate(lines) if line.startswith("[1] \u201cFour officials"))
    assert lines[start + 1].startswith("    ") and not lines[start + 1].startswith("     ")
    _, whole, _ = play("1\n")  # into a file or a pipe: no wrapping
    assert any(len(line) > 80 for line in whole.splitlines())


def test_the_ending_sums_up_the_answers() -> None:
    _, out, _ = play("1\n1\n1\n1\n")  # the chase, a wrong answer ("150"), the rescue, the hospital
    ending = out[out.index("== Medical treatment ==") :]
    summary = (
        "Your answers: 0 of 1 right.\n"
        "- Not quite: How many times did the North Korean army fire? You answered 150. The answer: 40.\n"
    )
    assert summary in ending and ending.index(summary) < ending.index("The end.")


def test_both_accounts_right_names_the_article_of_each(tmp_path: Path) -> None:
    root = copy_tiny(tmp_path)
    edit(root / "scenes.yaml", '        - text: "150"\n', '        - text: "150"\n          correct: true\n')
    _, out, _ = play("1\n1\n", path=root)
    assert "1. 150 [5] (right answer, in Hail of Bullets, your answer)" in out
    assert "Right. The articles give different accounts here, and both count: 1 and 2." in out


def test_a_footnote_is_shown_by_the_number_it_has_on_screen() -> None:
    _, out, _ = play("1\n1\ns 5\n")  # footnote 5: the quote of "150", the option shown first
    assert "Footnote [5] quotes: \u201ccollapsing 150 yards after the border line\u201d (Hail of Bullets)" in out


def test_a_reader_that_stops_reading_ends_the_player_quietly(tmp_path: Path) -> None:
    env = dict(os.environ, STORY_DATA_DIR=str(tmp_path))
    command = [sys.executable, "-m", "story", "play", "--plain", "--new", str(TINY)]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        assert process.stdout is not None and process.stdin is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        process.stdin.write(b"1\n2\nh\nl\n" * 50)
        process.stdin.close()
        errors = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
