"""Story text that looks like markup is shown as it is written, and the page reaches for nothing."""

from __future__ import annotations

from story.core.model import Story
from story.render.web import page_html

ELEMENTS_NO_STORY_MAKES = "body b, body i, body img, body iframe, body svg, body a:not(.skip), body abbr, body td, "
ELEMENTS_NO_STORY_MAKES += "body u, body br, body style, body p button[onclick], main h1, #facts h1, dialog h1"


def _literal(text: str) -> str:
    return " ".join(text.split()).replace("\u0007", "\ufffd")


def test_markup_in_story_text_is_shown_literally(open_page, markup: Story) -> None:
    page = open_page(page_html(markup))
    assert page.page.evaluate("() => window.pwned") is None, "nothing in the story ran"
    assert page.page.evaluate("() => document.scripts.length") == 2
    assert page.page.title() == f"{_literal(markup.scenes['first'].title.value)} \u2014 {_literal(markup.title.value)}"
    assert page.text("#story-title") == _literal(markup.title.value)
    first = markup.scenes["first"]
    assert page.title == _literal(first.title.value)
    passages = page.texts("#scene .passage")
    assert passages[0].startswith(_literal(first.passages[0].text.value) + " [1]")
    assert passages[1] == "A control\ufffd character and a line separator. [2]", "a control character shows as \ufffd"
    assert first.checkpoint is not None
    assert page.text("#scene .question") == _literal(first.checkpoint.question.value)
    assert sorted(page.picks) == sorted(_literal(option.text.value) for option in first.checkpoint.options)
    facts = page.text("#facts")
    assert "Wounds <u>| [table]</u>" in facts and "<abbr>JSA</abbr>" in facts
    assert "Reports indicate he was wounded <br> in the elbow | shoulder." in facts
    assert "<style>body{display:none}</style>" in facts
    page.press("1")  # answer, with the first option shown
    assert page.text("#scene .explanation").startswith('<iframe src="about:blank"></iframe> &#60;script&#62;')
    assert page.picks == ['<button onclick="window.pwned=1">Go on</button> [1]']
    page.page.locator("#scene .marker").first.click()
    assert page.dialog() == "source"
    page.press("Escape", "1")
    assert page.title == "<!-- -->"
    assert page.texts("#scene .passage") == ['<svg onload="window.pwned=1"></svg> [1]']
    page.press("h")
    assert page.texts("#history-list .title")[0] == f"1. {_literal(first.title.value)}"
    page.press("Escape")
    assert page.page.evaluate(f"() => document.querySelectorAll({ELEMENTS_NO_STORY_MAKES!r}).length") == 0
    assert page.page.evaluate("() => window.pwned") is None


def test_story_text_cannot_end_the_data_early(markup: Story) -> None:
    page = page_html(markup)
    assert page.count("</script>") == 2, "the data's and the code's own ends only"
    data = page[page.index('<script type="application/json"') : page.index("</script>")]
    assert "<" not in data[1:] and "<!--" not in data
    assert "\\u003c/script\\u003e" in data


def test_no_request_leaves_the_page(open_page, bundled_html: str) -> None:
    page = open_page(bundled_html)  # the fixture fails the test on any request but the page's own
    policy = page.page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content") or ""
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    blocked = page.page.evaluate(
        """async () => {
            const image = new Image();
            image.src = "https://example.com/pixel.png";
            try { await fetch("https://example.com/"); return false; } catch (error) { return true; }
        }"""
    )
    assert blocked, "the page's policy stops a request even if something asked for one"
    page.press("1", "1", "1", "s", "Escape", "f", "h", "Escape", "?", "Escape")
    assert page.scene_id != "start"
