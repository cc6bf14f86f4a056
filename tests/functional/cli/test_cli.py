"""`story check`, `story cite` and `story schema` as a user runs them: exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.core.sources import normalise
from story.loading.schema import schema_json
from tests.unit.engine.stories import ROOT, SCENE_YAML, write_story

FAITHFUL = ("E7", "W7")


def story(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return python("-m", "story", *args, cwd=cwd)


def python(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Python run with ``args``, as a user runs it, this package importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


# -- exit codes ---------------------------------------------------------------------------


def test_clean_story_exits_0(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {})
    result = story("check", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "ok: 0 errors, 0 warnings"


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    scene_b = SCENE_YAML.split("scenes:\n", 1)[1].replace("id: a", "id: b")
    unreachable = SCENE_YAML + scene_b.replace("ending: true", "choices: [{label: Read on, target: a}]")
    root = write_story(tmp_path / "story", {"scenes.yaml": unreachable})
    result = story("check", str(root))
    assert result.returncode == 0, result.stderr
    assert "scenes.yaml:10:5: warning W404: scene 'b' cannot be reached from the start" in result.stderr
    assert result.stdout.splitlines()[-1] == "ok: 0 errors, 1 warning"


def test_errors_exit_1(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("40 times", "45 times")})
    result = story("check", str(root))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.endswith(
        'scenes.yaml:8:20: error E201: quote not found in source 004: "fired 45 times" '
        '(closest: "fired 40 times", line 5)'
    )
    assert result.stdout.splitlines()[-1].startswith("failed: 1 error")


def test_paths_are_shown_relative_to_the_working_directory(tmp_path: Path) -> None:
    write_story(tmp_path / "tale", {"scenes.yaml": SCENE_YAML.replace("40 times", "45 times")})
    result = story("check", "tale", cwd=tmp_path)
    assert result.stderr.startswith("tale/scenes.yaml:8:20: error E201")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/folder"], "story check: error: no such story folder or file: no/such/folder"),
        (["check", "README.md"], "story check: error: not a story folder or a .yaml file: README.md"),
        (["check", "--format", "yaml"], "invalid choice: 'yaml'"),
        (["check", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "a", "b"], "unrecognized arguments: b"),
        (["cite"], "the following arguments are required: words"),
        (["cite", "fired", "no/such/folder"], "story cite: error: no such story folder or file: no/such/folder"),
        (["cite", "fired", "--source", "999"], "story cite: error: unknown source '999'"),
        (["cite", "fired", "--limit", "0"], "story cite: error: --limit must be at least 1"),
        (["cite", "fired", "--limit", "many"], "invalid int value: 'many'"),
        (["schema", "--bogus"], "unrecognized arguments: --bogus"),
        (["no-such-command"], "invalid choice: 'no-such-command'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = story(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_check_accepts_a_file_in_the_story(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("40 times", "45 times")})
    by_folder = story("check", str(root), "--format", "json")
    by_file = story("check", str(root / "scenes.yaml"), "--format", "json")
    assert by_file.returncode == by_folder.returncode == 1
    assert json.loads(by_file.stdout) == json.loads(by_folder.stdout)


def test_unreadable_story_is_an_error_not_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = story("check", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert "error E100: no *.yaml files in the story folder" in result.stderr
    assert "point at a story folder" in result.stderr


def test_a_folder_of_yml_files_is_told_to_rename_them(tmp_path: Path) -> None:
    for name in ("story.yml", "scenes.yml"):
        (tmp_path / name).write_text("scenes: []\n", encoding="utf-8")
    result = story("check", str(tmp_path))
    assert result.returncode == 1
    assert "hint: story files end in .yaml: rename scenes.yml and 1 more" in result.stderr


# -- output -------------------------------------------------------------------------------


def test_json_shape(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {"scenes.yaml": SCENE_YAML.replace("40 times", "45 times")})
    result = story("check", str(root), "--format", "json")
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert set(report) == {"errors", "warnings", "diagnostics", "scenes", "files", "coverage"}
    assert (report["scenes"], report["files"]) == (1, 2)
    engine = [d for d in report["diagnostics"] if not d["code"].startswith(FAITHFUL)]
    assert engine == [
        {
            "file": str(root / "scenes.yaml"),
            "line": 8,
            "column": 20,
            "severity": "error",
            "code": "E201",
            "message": 'quote not found in source 004: "fired 45 times" (closest: "fired 40 times", line 5)',
            "hint": 'copy the words exactly; `story cite "some words"` prints a ready citation',
            "related": [],
        }
    ]
    assert report["errors"] == sum(d["severity"] == "error" for d in report["diagnostics"])
    assert [c["source"] for c in report["coverage"]] == ["000", "004"]
    for coverage in report["coverage"]:
        assert set(coverage) == {"source", "sentences", "cited", "percent"}
        assert coverage["cited"] == 0  # the one quote was not found, so it covers nothing


def test_json_uncited(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {})
    report = json.loads(story("check", str(root), "--format", "json", "--uncited").stdout)
    uncited = report["uncited"]
    by_source = {c["source"]: c for c in report["coverage"]}
    for source_id, coverage in by_source.items():
        listed = [u for u in uncited if u["source"] == source_id]
        assert len(listed) == coverage["sentences"] - coverage["cited"]
    assert set(uncited[0]) == {"source", "line", "sentence", "covered"}
    # "fired 40 times" is a small part of line 5's long sentence: listed, partly covered.
    line5 = [u for u in uncited if u["source"] == "004" and u["line"] == 5]
    assert len(line5) == 1 and 0 < line5[0]["covered"] < 0.5
    assert line5[0]["sentence"].startswith("The North Korean army took aim")


def test_text_uncited_lists_sentences_with_their_lines(tmp_path: Path) -> None:
    root = write_story(tmp_path / "story", {})
    result = story("check", str(root), "--uncited")
    assert result.returncode == 0
    assert "  source 004 (Hail of Bullets): 0/22 sentences cited (0.0%)" in result.stdout
    assert "    004_62e58e1013552225.txt:7: Four officials chased their defecting comrade" in result.stdout
    assert "    004_62e58e1013552225.txt:5: The North Korean army took aim" in result.stdout
    assert "% quoted]" in result.stdout
    without = story("check", str(root))
    assert "004_62e58e1013552225.txt:7:" not in without.stdout


def test_coverage_counts_a_sentence_once_half_is_quoted(tmp_path: Path) -> None:
    # Line 7 of 004 is one sentence; quote most of it.
    quote = "Four officials chased their defecting comrade, armed with their pistols and AK-47 rifles"
    text = "Four officials chased their defecting comrade, armed with their pistols and AK-47 rifles."
    scenes = SCENE_YAML.replace("It fired 40 times.", text).replace("quote: fired 40 times", f"quote: {quote}")
    root = write_story(tmp_path / "story", {"scenes.yaml": scenes})
    coverage = {c.source.id: c for c in check_path(root).coverage}
    # Line 7 counts; the story title's "fired 40 times" is a sliver of line 5 and does not.
    assert coverage["004"].summary()["cited"] == 1
    assert [s.line for s, _ in coverage["004"].uncited()].count(7) == 0
    assert [s.line for s, _ in coverage["004"].uncited()].count(5) == 1


# -- story cite ---------------------------------------------------------------------------


def cite_results(output: str) -> list[str]:
    """Split `story cite` output into its results, each a header line and a citation as printed.

    An exact result's citation is plain YAML; a near match's is commented out (``# - source:``).
    """
    results: list[str] = []
    for line in output.splitlines():
        if line.startswith(("- ", "  ", "# - ", "#   ")):
            results[-1] += line + "\n"
        else:
            results.append(line + "\n")
    return results


def uncommented(citation: str) -> str:
    """A printed result's citation lines with any ``# `` taken off, as an author would uncomment it."""
    return "".join(line.removeprefix("# ") + "\n" for line in citation.splitlines()[1:])


def paste(citation: str, text: str) -> str:
    """A scene file whose one passage cites ``citation`` as printed by `story cite`."""
    indented = textwrap.indent(citation, " " * 10)
    return (
        "scenes:\n  - id: a\n    title: Shots\n    passages:\n"
        f"      - text: {json.dumps(text)}\n        cite:\n{indented}    ending: true\n"
    )


def quote_passes_check(source: str, quote: str, tmp_path: Path) -> bool:
    """Whether `story check` finds a quote in its source (no E2xx for it)."""
    citation = f"- source: {json.dumps(source)}\n  quote: {json.dumps(quote, ensure_ascii=False)}\n"
    root = write_story(tmp_path, {"scenes.yaml": paste(citation, quote)})
    return not [d for d in check_path(root).diagnostics if d.code.startswith("E2")]


EXACT = [
    "fired 40 times",
    "The North Korean army took aim",
    "blooded from at least five gunshot wounds",
    "urgently transferred to hospital in a helicopter",  # 000 uses curly quotes nearby
    'border "peace village" of Panmunjom',  # straight quotes for the article's curly ones
    "they\u2019re able to make it across",  # a curly apostrophe, as in the article
    "they're able to make it across",  # a straight one: quote marks may differ
    "fired  40\n times",  # whitespace may differ
]
NEAR = [
    "fired 45 times",  # a changed figure
    "collapsing 155 yards after the border line",
    "FIRED 40 TIMES",  # capitals differ
    "the North Korean army took aim",  # one capital differs
    "ired 40 tim",  # part of a word at each end
    "the north korean army fired forty times",
    "the man has yet to regain conciousness",
    "fired 40 times. Four officials",  # runs across two paragraphs
]


@pytest.mark.parametrize("words", EXACT)
def test_cite_exact_match_exits_0_with_pasteable_citations(words: str, tmp_path: Path) -> None:
    result = story("cite", words)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    results = cite_results(result.stdout)
    assert results
    for index, printed in enumerate(results):
        header, source_line, quote_line = printed.splitlines()
        assert header.startswith("# ") and header.endswith(" (exact)")
        assert source_line.startswith("- source: ") and quote_line.startswith("  quote: ")
        quote = json.loads(quote_line.removeprefix("  quote: "))
        assert normalise(quote) == normalise(words)  # the words asked for, in the article's characters
        root = write_story(
            tmp_path / f"story{index}", {"scenes.yaml": paste("\n".join([source_line, quote_line]) + "\n", quote)}
        )
        codes = [d.code for d in check_path(root).diagnostics]
        assert [code for code in codes if code.startswith(("E2", "E3", "E1"))] == [], (printed, codes)


@pytest.mark.parametrize("words", NEAR)
def test_cite_near_match_exits_1_and_prints_only_comments(words: str, tmp_path: Path) -> None:
    result = story("cite", words)
    assert result.returncode == 1
    assert f"story cite: no exact match for {words!r}" in result.stderr
    assert result.stdout and all(line.startswith("#") for line in result.stdout.splitlines())
    assert "exact)" not in result.stdout
    results = cite_results(result.stdout)
    for index, printed in enumerate(results):
        assert ": no exact match; " in printed.splitlines()[0]
        # Pasted as printed, it cites nothing, so `story check` fails.
        root = write_story(tmp_path / f"as-printed{index}", {"scenes.yaml": paste(printed, words)})
        assert check_path(root).errors > 0
        # Uncommented by an author who has read it, it is the article's own words.
        citation = uncommented(printed)
        quote = json.loads(citation.splitlines()[1].removeprefix("  quote: "))
        root = write_story(tmp_path / f"uncommented{index}", {"scenes.yaml": paste(citation, quote)})
        codes = [d.code for d in check_path(root).diagnostics]
        assert [code for code in codes if code.startswith(("E2", "E3", "E1"))] == [], (printed, codes)


@pytest.mark.parametrize("words", EXACT + NEAR)
def test_cite_calls_exact_just_what_check_accepts(words: str, tmp_path: Path) -> None:
    """Labelled exact if and only if the words, as typed, pass `story check` as a quote."""
    result = story("cite", words)
    exact = result.returncode == 0
    sources = {json.loads(line.split(": ", 1)[1]) for line in result.stdout.splitlines() if "- source: " in line}
    assert all(
        quote_passes_check(source, words, tmp_path / f"story{index}") == exact for index, source in enumerate(sources)
    )


def test_cite_near_number_names_the_difference(tmp_path: Path) -> None:
    result = story("cite", "fired 45 times")
    assert result.stdout.startswith(
        '# 004_62e58e1013552225.txt, line 5: no exact match; closest, 93% alike (differs: "45" → "40")\n'
        '# - source: "004"\n'
        '#   quote: "fired 40 times"\n'
    )
    root = write_story(tmp_path / "story", {"scenes.yaml": paste(result.stdout, "It fired 45 times.")})
    assert story("check", str(root)).returncode == 1


@pytest.mark.parametrize(
    ("words", "header"),
    [
        ("FIRED 40 TIMES", "# 004_62e58e1013552225.txt, line 5: no exact match; differs only in capitals"),
        (
            "the North Korean army took aim",
            "# 004_62e58e1013552225.txt, line 5: no exact match; differs only in capitals",
        ),
    ],
)
def test_cite_case_only_difference_is_not_exact(words: str, header: str) -> None:
    result = story("cite", words)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == header
    assert "(exact)" not in result.stdout


def test_cite_exact_citation_passes_the_whole_check(tmp_path: Path) -> None:
    (citation, *_) = cite_results(story("cite", "fired 40 times").stdout)
    assert citation == '# 004_62e58e1013552225.txt, line 5 (exact)\n- source: "004"\n  quote: "fired 40 times"\n'
    text = "It fired 40 times."
    root = write_story(
        tmp_path / "story", {"scenes.yaml": paste(citation, text).replace("title: Shots", "title: Fired 40 times")}
    )
    result = story("check", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_cite_source_filter_and_limit() -> None:
    everywhere = cite_results(story("cite", "North Korean").stdout)
    assert [r.splitlines()[1] for r in everywhere] == ['- source: "000"', '- source: "004"']
    assert len(cite_results(story("cite", "North Korean", "-n", "1").stdout)) == 1
    only = cite_results(story("cite", "North Korean", "--source", "004").stdout)
    assert [r.splitlines()[1] for r in only] == ['- source: "004"']
    near = cite_results(story("cite", "north korean soldier", "--source", "000", "-n", "2").stdout)
    assert len(near) == 2
    assert all('# - source: "000"' in r for r in near)


def test_cite_finds_nothing() -> None:
    result = story("cite", "zzzz qqqq xxxx")
    assert result.returncode == 1
    assert "nothing like 'zzzz qqqq xxxx' in the sources" in result.stderr
    assert result.stdout == ""


# -- story schema -------------------------------------------------------------------------


def test_schema_copy_in_the_repo_is_current() -> None:
    result = story("schema")
    assert result.returncode == 0
    assert result.stdout == schema_json()
    assert (ROOT / "scenes" / "story.schema.json").read_text(encoding="utf-8") == result.stdout


def test_schema_to_a_file(tmp_path: Path) -> None:
    result = story("schema", "-o", str(tmp_path / "s.json"))
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["title"] == "story file"


# -- no Textual ---------------------------------------------------------------------------

PROBE = """
import contextlib, io, sys
from story.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
print(",".join(sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "rich"))))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json", "--uncited"],
        ["cite", "fired 40 times"],
        ["cite", "north korean army fired forty"],
        ["schema"],
    ],
)
def test_headless_commands_never_import_textual(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    "module",
    [
        "story.loading.yamlsafe",
        "story.loading.schema",
        "story.loading.loader",
        "story.core.sources",
        "story.checking.text.details",
        "story.checking.checker",
        "story.core.diagnostics",
        "story.core.model",
    ],
)
def test_core_modules_never_import_textual_or_rich(module: str) -> None:
    probe = f"import sys, {module}; print(any(n.split('.')[0] in ('textual', 'rich') for n in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# -- story check --explain ------------------------------------------------------------------


def test_explain_shows_how_a_text_was_made_from_its_quote(tmp_path: Path) -> None:
    text = "He then exited the vehicle, according to the South Korean military."
    quote = "According to the South Korean military, he then exited the vehicle"
    root = write_story(
        tmp_path / "story",
        {
            "scenes.yaml": SCENE_YAML.replace("It fired 40 times.", text)
            .replace("quote: fired 40 times", f"quote: {quote}")
            .replace("title: Fired 40 times", "title: He exited the vehicle")
        },
    )
    # Line 8 is the quote: it explains the passage it backs (line 5).
    result = story("check", "--explain", f"{root / 'scenes.yaml'}:8")
    assert result.returncode == 0, result.stderr
    assert "scenes.yaml:5:15: passage, sentence 1 of 1" in result.stdout
    assert "text:  He then exited the vehicle, according to the South Korean military." in result.stdout
    assert "According to the South Korean military, he then exited the vehicle" in result.stdout
    assert "found: nothing" in result.stdout


def test_explain_marks_a_left_out_meaning_word_and_fails(tmp_path: Path) -> None:
    root = write_story(
        tmp_path / "story",
        {
            "scenes.yaml": SCENE_YAML.replace("It fired 40 times.", "He was a soldier.")
            .replace("quote: fired 40 times", "quote: although he is presumed to be a soldier")
            .replace("title: Fired 40 times", "title: A soldier")
        },
    )
    result = story("check", str(root), "--explain", f"{root / 'scenes.yaml'}:5")
    assert result.returncode == 1
    assert "[-although-] he [-is-] [-!presumed-] [-to-] [-be-] a soldier" in result.stdout
    assert "found: dropped hedge at 'soldier'" in result.stdout
    data = json.loads(story("check", "--explain", f"{root / 'scenes.yaml'}:5", "--format", "json").stdout)
    (explained,) = data["explain"]
    assert explained["kind"] == "passage" and explained["line"] == 5
    states = {word["text"]: word["state"] for word in explained["quotes"][0]["words"]}
    assert states["presumed"] == "meaning" and states["soldier"] == "kept" and states["although"] == "dropped"
    assert explained["findings"] == [{"kind": "dropped", "word": "soldier", "what": "hedge"}]


@pytest.mark.parametrize("where", ["scenes.yaml", "scenes.yaml:x", "scenes.yaml:0", "missing.yaml:3", "scenes.yaml:1"])
def test_explain_needs_the_line_of_a_cited_text(tmp_path: Path, where: str) -> None:
    root = write_story(tmp_path / "story", {})
    result = story("check", "--explain", str(root / where))
    assert result.returncode == 2
    assert result.stderr.startswith("story check: error: ") and "Traceback" not in result.stderr


def test_a_missing_dependency_is_named_not_a_traceback() -> None:
    blocked = (
        "import sys; sys.modules['snowballstemmer'] = sys.modules['Stemmer'] = None; "
        "from story.cli import main; raise SystemExit(main(['check', '--no-cache']))"
    )
    result = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "the Python module 'snowballstemmer' is missing" in result.stderr


# -- the cycle collector ---------------------------------------------------------------------

_COLLECTIONS = """
import gc, os, sys
from story.cli import run

def heard(phase, info):
    if phase == "stop":
        os.write(2, f"collected generation {info['generation']}\\n".encode())

gc.callbacks.append(heard)
sys.argv = ["story", *sys.argv[1:]]
run()
"""


def _checked_under(probe: str) -> str:
    """What ``story check --no-cache`` of the bundled story, run by ``probe`` (a script that
    watches it), writes to standard error; the check itself must pass."""
    done = python("-c", probe, "check", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "ok: 0 errors" in done.stdout
    return done.stderr


def test_story_check_runs_no_collection_from_its_imports_to_its_exit() -> None:
    """It ends its process at once: a collection would walk every object the check made, for nothing."""
    assert "collected" not in _checked_under(_COLLECTIONS)


def test_a_command_that_does_not_end_at_once_runs_with_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from story import cli
    from story.commands import graph

    seen: list[bool] = []
    monkeypatch.setattr(graph, "run", lambda args: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    try:
        assert cli.main(["graph"], exit_at_once=True) == 0
        assert seen == [True]
        assert gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("args", [["check", "/no/such/story"], ["graph", "--no-such-option"], ["--help"]])
def test_a_command_line_that_does_not_end_the_process_leaves_the_collector_on(args: list[str]) -> None:
    import gc

    from story import cli

    try:
        try:
            assert cli.main(args, exit_at_once=True) == 2
        except SystemExit as stop:  # argparse's own exit, for a bad option or --help
            assert stop.code in (0, 2)
        assert gc.isenabled()
        assert not cli._ending_at_once and not cli._kept
    finally:
        gc.enable()


_FREED = """
import os, sys, weakref
from story.checking import checker
from story.cli import run

checking = checker.check_path


def check_path(*args, **kwargs):
    report = checking(*args, **kwargs)
    weakref.finalize(report.story, os.write, 2, b"story freed\\n")
    weakref.finalize(report.files, os.write, 2, b"files freed\\n")
    return report


checker.check_path = check_path
sys.argv = ["story", *sys.argv[1:]]
run()
"""


def test_story_check_frees_nothing_of_the_checked_story_before_its_process_ends() -> None:
    """The process ends at once: freeing a story of millions of objects one by one first is waste."""
    assert "freed" not in _checked_under(_FREED)


def test_checked_in_this_process_the_story_is_freed_as_usual(tmp_path: Path) -> None:
    import gc
    import weakref

    from story import cli
    from story.checking import checker

    seen: list[weakref.ref[object]] = []
    checking = checker.check_path

    def check_path(*args: object, **kwargs: object) -> checker.Report:
        report = checking(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(weakref.ref(report.story))
        return report

    root = write_story(tmp_path / "story", {})
    checker.check_path = check_path  # type: ignore[assignment]
    try:
        assert cli.main(["check", str(root), "--no-cache"]) == 0
    finally:
        checker.check_path = checking  # type: ignore[assignment]
    gc.collect()
    assert len(seen) == 1 and seen[0]() is None
    assert not cli._kept
