"""`story export`: the printable handout in Markdown and HTML."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from story.checking.checker import check_path
from story.core.paths import bundled_story
from story.loading.loader import load_story
from story.render.export import md_escape, to_html, to_markdown
from story.render.handout import handout
from tests import ROOT

from .helpers import HANDOUT, HOSTILE, compare_golden


@pytest.fixture(scope="module")
def fixture_story():
    report = check_path(HANDOUT)
    assert report.errors == 0, [d.render() for d in report.diagnostics]
    return report.story


@pytest.fixture(scope="module")
def hostile_story():
    story, _, _ = load_story(HOSTILE)
    assert story is not None and len(story.scenes) == 2
    return story


class _Collector(HTMLParser):
    """The tags and the text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def _parse(document: str) -> _Collector:
    collector = _Collector()
    collector.feed(document)
    return collector


# -- golden files -------------------------------------------------------------------------


@pytest.mark.parametrize(("format", "name"), [("markdown", "handout.md"), ("html", "handout.html")])
def test_export_matches_golden(run_cli, format: str, name: str) -> None:
    status, out, err = run_cli("export", str(HANDOUT), "--format", format)
    assert status == 0, err
    compare_golden(name, out)


def test_output_file_is_written(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    status, out, err = run_cli("export", str(HANDOUT), "--format", "html", "-o", str(target))
    assert status == 0, err
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# -- what the handout holds ---------------------------------------------------------------


def test_scenes_come_in_story_order_then_the_sections(fixture_story) -> None:
    text = to_markdown(fixture_story)
    order = [
        "### A soldier defected",
        "### The army fired",
        "### The rescue",
        "## Facts",
        "## Where the accounts differ",
        "## Not known",
        "## Glossary",
        "## Timeline",
        "## Quiz",
        "## Answer key",
        "## Notes",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_every_citation_becomes_a_numbered_note_with_quote_and_line(fixture_story) -> None:
    text = to_markdown(fixture_story)
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, flags=re.M))
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    assert refs == set(notes), "every marker has a note and every note a marker"
    assert list(notes) == [str(n) for n in range(1, len(notes) + 1)]
    quotes = {" ".join(c.quote.split()) for c in fixture_story.citations()}
    assert {re.sub(r"^[^,]+, line \d+: “(.*)”$", r"\1", note) for note in notes.values()} == quotes
    assert notes["7"] == "Hail of Bullets, line 5: “fired 40 times”", "the article by its label, never its id"


def test_the_same_quote_keeps_its_number(fixture_story) -> None:
    text = to_markdown(fixture_story)
    assert text.count("[^7]: ") == 1
    assert text.count("[^7]") >= 4  # narration, fact, the answer key's explanation and option


def test_disagreement_is_a_table_with_one_column_per_source(fixture_story) -> None:
    text = to_markdown(fixture_story)
    header = next(line for line in text.splitlines() if line.startswith("|  |"))
    assert header == "|  | Shot and wounded | Hail of Bullets |", "each article by its label"
    row = next(line for line in text.splitlines() if line.startswith("| **His wounds**"))
    cells = [cell.strip() for cell in row.strip("|").split(" | ")]
    assert cells[1].startswith("Reports indicate he was wounded in the elbow and shoulder.")
    assert cells[2].startswith("His uniform was blooded")


def test_quiz_lists_options_and_the_answer_key_comes_after_all_questions(fixture_story) -> None:
    text = to_markdown(fixture_story)
    quiz = text[text.index("## Quiz") : text.index("## Answer key")]
    key = text[text.index("## Answer key") : text.index("## Notes")]
    assert "How many times did the North Korean army fire" in quiz
    assert "- a) 40\n- b) 150" in quiz
    assert "**1\\. a) 40**" in key and "The North Korean army fired 40 times." in key
    assert "[^" not in quiz.split("- a) 40")[1], "no note marker in the options: more notes would give the answer away"
    assert "Options: a)[^7] b)[^16]" in key, "the answer key gives every option's notes"


def test_discussion_prompts_and_choices_are_in_their_scene(fixture_story) -> None:
    text = to_markdown(fixture_story)
    first = text[text.index("### A soldier defected") : text.index("### The army fired")]
    assert "Why are border crossings at the demilitarized zone rather rare?" in first
    assert "* Read about the shots → [The army fired](#scene-shots)" in first


def test_html_is_self_contained_and_prints(fixture_story) -> None:
    document = to_html(fixture_story)
    parsed = _parse(document)
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed"}
    for name, value in parsed.attributes:
        if name in ("href", "src"):
            assert value is not None and value.startswith("#"), f"{name}={value} leaves the file"
    lowered = document.lower()
    for outside in ("http://", "https://", "url(", "@import", "@font-face"):
        assert outside not in lowered
    assert "@media print" in document and "break-before: page" in document
    assert '<h2 id="answers" class="page-break">' in document
    # Every in-page link has a target.
    ids = set(re.findall(r' id="([^"]+)"', document))
    assert set(re.findall(r'href="#([^"]+)"', document)) <= ids


# -- escaping -----------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "He drove a jeep [@click=app.quit] <script>alert('x')</script> & [smith] **bold** | pipe "
    '`tick` \\n "quoted" </td></tr> ]]></style>',
    'The "peace village" [/] <i>*x*</i> | back\\slash {braces} #hash',
    "Why [red]this[/red] <em>question</em>?",
    'Go on ]] --> "quoted" ; |x| (y) {z}',
    "- a list? + or not",
    "1953. The armistice was signed in 1953 to end the Korean War.",
    "Reports indicate he was wounded in the elbow | shoulder <br>.",
    "Blooded from at least five gunshot wounds \\| <td>.",
    "Panmunjom <b>[bold]</b> [/] *x*",
]


def test_html_shows_story_text_literally(hostile_story) -> None:
    parsed = _parse(to_html(hostile_story))
    assert parsed.tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "sup",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    for text in HOSTILE_TEXTS:
        assert text in parsed.plain, text


def test_markdown_shows_story_text_literally(hostile_story) -> None:
    rendered = MarkdownIt("commonmark").enable("table").render(to_markdown(hostile_story))
    parsed = _parse(rendered)
    # Only the markup the handout writes itself: none from the story (no script, b, i, em, br, td in text...).
    assert parsed.tags <= {
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    # `em` comes only from the muted UI remarks, never from the story's asterisks.
    assert "*x*" in parsed.plain
    for text in HOSTILE_TEXTS:
        assert text in parsed.plain, text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("1953. A year", "1953\\. A year"),
        ("- not a list", "\\- not a list"),
        ("a | b", "a \\| b"),
        ("[x](y)", "\\[x\\](y)"),
        ("<b>", "\\<b\\>"),
        ("so-called  \n  words", "so-called words"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


# -- the bundled story and the command line -----------------------------------------------


@pytest.mark.parametrize("format", ["markdown", "html"])
def test_bundled_story_exports(run_cli, format: str) -> None:
    status, out, err = run_cli("export", "--format", format)
    assert status == 0, err
    story = check_path(bundled_story()).story
    assert story is not None
    for scene in story.scenes.values():
        title = md_escape(scene.title.value) if format == "markdown" else html.escape(scene.title.value)
        assert title in out
    assert out.count("line ") >= 1


def test_export_never_imports_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from story.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['export', {str(HANDOUT)!r}, '--format', 'html']) == 0\n"
        f"    assert main(['graph', {str(HANDOUT)!r}]) == 0\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "assert 'rich' not in sys.modules, 'rich was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_story_with_errors_is_not_exported(run_cli, story_copy) -> None:
    root = story_copy()
    scenes = root / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("quote: fired 40 times", "quote: fired 45 times", 1),
        encoding="utf-8",
    )
    status, out, err = run_cli("export", str(root))
    assert status == 1
    assert out == ""
    assert "E201" in err and "passes `story check`" in err


@pytest.mark.parametrize(
    "args",
    [
        ["export", "no/such/story"],
        ["export", str(HANDOUT), "--format", "pdf"],
    ],
)
def test_usage_errors_exit_2(run_cli, args: list[str]) -> None:
    status, _, err = run_cli(*args)
    assert status == 2
    assert "error" in err


def test_output_to_a_folder_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    status, _, err = run_cli("export", str(HANDOUT), "-o", str(tmp_path))
    assert status == 2
    assert "folder" in err


def test_blocks_keep_story_text_apart_from_notes(fixture_story) -> None:
    # The block tree is what both writers share: text spans never hold note markers.
    for block in handout(fixture_story):
        spans = getattr(block, "spans", [])
        for span in spans:
            assert "[^" not in getattr(span, "text", "")


def test_html_prints_cleanly_in_chromium(tmp_path: Path) -> None:
    """Printed from a real browser: nothing wider than the page, and the quiz, the answer key and
    the notes each start a page of their own."""
    from tests.integration.serve.browser import chromium_or_skip

    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    report = check_path(HANDOUT)
    assert report.story is not None
    handout_file = tmp_path / "handout.html"
    handout_file.write_text(to_html(report.story), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"] if os.geteuid() == 0 else []
        )
        try:
            page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(handout_file.as_uri())
            page.emulate_media(media="print")
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert requests == [handout_file.as_uri()], "the handout loads nothing else"
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 4, f"{pages} pages: the scenes, then the quiz, the answer key and the notes each on their own"


# -- the quiz of the bundled story: fair, and each question once -----------------------------


@pytest.fixture(scope="module")
def bundled_handout() -> str:
    report = check_path(bundled_story())
    assert report.story is not None and report.errors == 0
    return to_markdown(report.story)


def _answer_letters(text: str) -> list[str]:
    key = text[text.index("## Answer key") : text.index("## Notes")]
    letters = []
    for line in key.splitlines():
        if line.startswith("- **"):
            letters += re.findall(r"(?:^\d+\\\. | and )([a-z])\) ", line.split("**")[1])
    return letters


def test_no_letter_is_more_than_half_of_the_answer_key(bundled_handout: str) -> None:
    letters = _answer_letters(bundled_handout)
    assert len(letters) >= 10, letters
    for letter in set(letters):
        assert letters.count(letter) <= len(letters) / 2, (letter, letters)


def test_no_question_is_asked_twice(bundled_handout: str) -> None:
    quiz = bundled_handout[bundled_handout.index("## Quiz") : bundled_handout.index("## Answer key")]
    questions = re.findall(r"^\*\*\d+\\\.\*\* (.*?)(?:\[\^\d+\])*$", quiz, flags=re.M)
    assert len(questions) >= 10
    assert len(questions) == len(set(questions)), [q for q in questions if questions.count(q) > 1]


def test_a_questions_anchor_is_on_the_question(bundled_handout: str) -> None:
    quiz = bundled_handout[bundled_handout.index("## Quiz") : bundled_handout.index("## Answer key")]
    for number in (1, 2, 3):
        anchor = quiz.index(f'<a id="quiz-{number}"></a>')
        assert quiz[anchor:].split("\n")[1].startswith(f"**{number}\\.**"), "the link lands on the question"
    page = to_html(load_story(bundled_story())[0])  # type: ignore[arg-type]
    assert re.search(r'<p id="quiz-1">\s*<strong>1\. </strong>', page)


def test_a_question_asked_again_is_in_the_quiz_once(story_copy) -> None:
    root = story_copy(HANDOUT)
    scenes = root / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    shots = text[text.index("  - id: shots") : text.index("  - id: rescue")]
    again = shots.replace("id: shots", "id: shots-again")  # the same question, as a short tour would ask it
    choice = "        target: shots\n"
    text = text.replace(choice, choice + "      - label: Read about the shots again\n        target: shots-again\n", 1)
    text += again
    scenes.write_text(text, encoding="utf-8")
    report = check_path(root)
    assert report.story is not None and "shots-again" in report.story.scenes
    page = to_markdown(report.story)
    quiz = page[page.index("## Quiz") : page.index("## Answer key")]
    assert quiz.count("How many times did the North Korean army fire?") == 1
    assert page.count("[Quiz question 1](#quiz-1)") == 2, "both scenes link to the one question"


def test_no_source_id_reaches_the_handout(bundled_handout: str) -> None:
    for bare in ("source 000", "source 004", "article 000", "article 004", "000:", "004:", "000,", "004,"):
        assert bare not in bundled_handout, bare
    assert "| Shot and wounded | Hail of Bullets |" in bundled_handout


def test_an_answer_key_with_both_accounts_right(story_copy) -> None:
    root = story_copy(HANDOUT)
    scenes = root / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    old = '        - text: "150"\n'
    assert old in text
    scenes.write_text(text.replace(old, '        - text: "150"\n          correct: true\n'), encoding="utf-8")
    report = check_path(root)
    assert report.story is not None and report.errors == 0, [d.render() for d in report.diagnostics]
    key = to_markdown(report.story).split("## Answer key")[1]
    assert "**1\\. a) 40 and b) 150** (the articles give different accounts: both count)" in key
