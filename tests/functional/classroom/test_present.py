"""`story present`: slides, big figures, citations, the fact panel, jumping, and no saves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Digits, Static

from story.core.options import fixed_orders
from story.core.progress import Progress
from story.core.queries import story_order
from story.loading.loader import load_story
from story.ui import content
from story.ui.help import HelpScreen
from story.ui.present import PresentApp, make_present_app, panels
from story.ui.present.app import StoryNotReady
from story.ui.present.panels import CitationPanel, FactPanel
from story.ui.present.slides import build_slides, key_figures, unlocked_until

from .helpers import HANDOUT, HOSTILE, SCENES

SIZE = (100, 32)


def shown(app: PresentApp, selector: str) -> str:
    """The plain text a Static shows."""
    content = app.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


def panel_text(app: PresentApp, panel: type) -> str:
    parts = []
    for static in app.query_one(panel).query(Static):
        content = static.content
        parts.append(content.plain if isinstance(content, Content) else str(content))
    return "\n".join(parts)


def figures(app: PresentApp) -> list[str]:
    return [digits.value for digits in app.query("#digits Digits").results(Digits)]


# -- pure ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The North Korean army fired 40 times.", ["40"]),
        ("collapsing 150 yards after the border line", ["150"]),
        ("the armistice signed in 1953", ["1953"]),
        ("some 1,000 North Koreans", ["1,000"]),
        ("in 1998 and 2007, the first in 1998", ["1998", "2007"]),
        ("armed with their pistols and AK-47 rifles", []),
        ("over the next 10 days, 50 meters south, in 1953 and 2007", ["10", "50", "1953"]),
        ("no figures at all", []),
    ],
)
def test_key_figures(text: str, expected: list[str]) -> None:
    assert key_figures(text) == expected


def test_slides_follow_story_order_passages_checkpoint_then_prompts() -> None:
    story, _, _ = load_story(HANDOUT)
    assert story is not None
    slides = [(s.scene.id, s.kind, s.index) for s in build_slides(story)]
    assert slides == [
        ("crossing", "passage", 0),
        ("crossing", "passage", 1),
        ("crossing", "discuss", 0),
        ("shots", "passage", 0),
        ("shots", "passage", 1),
        ("shots", "checkpoint", 0),
        ("rescue", "passage", 0),
    ]


def test_fact_panel_holds_only_what_shown_scenes_unlock() -> None:
    story, _, _ = load_story(HANDOUT)
    assert story is not None
    assert unlocked_until(story, []) == []
    assert unlocked_until(story, ["crossing"]) == ["dmz", "identity"]
    assert unlocked_until(story, ["crossing", "rescue"]) == ["dmz", "identity", "wounds"]


# -- the app ------------------------------------------------------------------------------


async def test_space_and_arrows_step_through_slides() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        assert app.index == 0
        assert shown(app, "#text").startswith("A North Korean soldier was shot and wounded")
        await pilot.press("space")
        assert shown(app, "#text").startswith("He drove a jeep")
        await pilot.press("right", "down")
        assert app.slide.scene.id == "shots" and app.slide.kind == "passage"
        await pilot.press("left")
        assert app.slide.kind == "discuss"
        await pilot.press("up", "up", "up")
        assert app.index == 0, "stepping back stops at the first slide"
        await pilot.press("end", "space")
        assert app.index == len(app.slides) - 1, "stepping on stops at the last slide"


async def test_key_figures_stand_out_in_digits() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        assert figures(app) == []
        assert not app.query_one("#figures").display
        await pilot.press("space", "space", "space")
        await pilot.pause()
        assert shown(app, "#text") == "The North Korean army took aim at one of their men and fired 40 times."
        assert figures(app) == ["40"]
        assert app.query_one("#figures").display
        await pilot.press("space")
        await pilot.pause()
        assert figures(app) == ["150"]


async def test_c_reveals_the_citations_of_the_slide() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space")
        assert not app.query_one(CitationPanel).display
        await pilot.press("c")
        await pilot.pause()
        assert app.query_one(CitationPanel).display
        text = panel_text(app, CitationPanel)
        assert "[1] “The North Korean army took aim at one of their men” — Hail of Bullets, line 5" in text
        assert "[2] “fired 40 times” — Hail of Bullets, line 5" in text
        assert shown(app, "#text").endswith("40 times. [1][2]")
        await pilot.press("space")
        await pilot.pause()
        assert "collapsing 150 yards" in panel_text(app, CitationPanel), "the panel follows the slide"
        await pilot.press("c")
        assert not app.query_one(CitationPanel).display
        assert not shown(app, "#text").endswith("]")


async def test_f_reveals_the_fact_panel_with_accounts_side_by_side() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        text = panel_text(app, FactPanel)
        assert "DMZ: The demilitarized zone (DMZ) divides the Korean peninsula." in text
        assert "His wounds" not in text
        await pilot.press("end")
        await pilot.pause()
        text = panel_text(app, FactPanel)
        assert "Where the accounts differ" in text
        accounts = list(app.query_one(FactPanel).query(".account").results(Static))
        assert len(accounts) == 2
        assert accounts[0].region.y == accounts[1].region.y, "the two accounts sit side by side"
        assert accounts[0].region.x < accounts[1].region.x


async def test_checkpoint_hides_the_answer_until_asked() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["space"] * 5)
        assert app.slide.kind == "checkpoint"
        assert shown(app, "#text") == "How many times did the North Korean army fire?"
        assert figures(app) == [], "no big digits that would give the answer away"
        extra = shown(app, "#extra")
        assert "a)  40" in extra and "b)  150" in extra
        assert "✓" not in extra and "The North Korean army fired 40 times." not in extra
        await pilot.press("a")
        extra = shown(app, "#extra")
        assert "a)  40  ✓" in extra
        assert "The North Korean army fired 40 times." in extra
        await pilot.press("space", "left")
        assert "✓" not in shown(app, "#extra"), "coming back shows the question afresh"


async def test_a_checkpoint_follows_the_handouts_order_and_hides_its_quotes_until_answered() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["space"] * 5, "c")
        await pilot.pause()
        order = fixed_orders(story_order(app.story))["shots"]
        options = app.story.scenes["shots"].checkpoint.options  # type: ignore[union-attr]
        lettered = [line for line in shown(app, "#extra").splitlines() if line[1:2] == ")"]
        assert [line.split(")", 1)[1].strip() for line in lettered] == [options[i].text.value for i in order]
        assert "]" not in "".join(lettered), "no option's note markers before the answer"
        assert "collapsing 150 yards" not in panel_text(app, CitationPanel)
        await pilot.press("a")
        await pilot.pause()
        assert "collapsing 150 yards" in panel_text(app, CitationPanel)


async def test_question_mark_lists_the_keys() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).content)
        assert "Citations" in text and "Answer" in text and "Go to scene" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_scene_n_of_m_is_counted_as_the_player_counts_it() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        progress = Progress(app.story)
        assert f"scene {progress.place.number} of {progress.place.of}" in shown(app, "#where")
        await pilot.press("space", "space", "space")  # the scene's slides, then the next scene
        progress.choose(0)
        assert app.slide.scene.id == progress.scene.id
        assert f"scene {progress.place.number} of {progress.place.of}" in shown(app, "#where")


async def test_discussion_prompts_have_their_slide() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")
        assert shown(app, "#text") == "Discuss"
        assert "1.  Why are border crossings at the demilitarized zone rather rare?" in shown(app, "#extra")


async def test_choices_show_on_a_scene_last_slide_and_number_keys_follow_them() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert app.index == 0, "choices work only once the scene has been shown"
        await pilot.press("space", "space")
        extra = shown(app, "#extra")
        assert "1  Read about the shots → The army fired" in extra
        assert "2  Read about the rescue → The rescue" in extra
        await pilot.press("2")
        assert app.slide.scene.id == "rescue"
        assert "(ending)" in shown(app, "#extra")


async def test_g_jumps_to_any_scene() -> None:
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "JumpScreen"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.slide.scene.id == "rescue" and app.slide.position == 0
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.slide.scene.id == "rescue"


async def test_start_at_a_scene() -> None:
    app = make_present_app(HANDOUT, scene="shots")
    async with app.run_test(size=SIZE):
        assert app.slide.scene.id == "shots" and app.slide.position == 0


async def test_story_text_is_shown_literally() -> None:
    story, _, _ = load_story(HOSTILE)
    assert story is not None
    app = PresentApp(story)
    async with app.run_test(size=SIZE) as pilot:
        text = shown(app, "#text")
        assert "[@click=app.quit]" in text and "<script>" in text and "**bold**" in text
        assert "[/]" in shown(app, "#where")
        await pilot.press("space")  # the prompt and the choices: more brackets
        assert "[red]this[/red]" in shown(app, "#extra")
        assert "Go on ]] -->" in shown(app, "#extra")
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape", "f", "c")
        await pilot.pause()
        assert "Wounds | [table]" in panel_text(app, FactPanel)
        assert app.is_running, "no markup ran and nothing raised"


async def test_control_characters_are_shown_as_replacements_with_the_players_helper(tmp_path: Path) -> None:
    # One helper shows untrusted text everywhere: present mode's is the player's.
    assert panels.literal is content.literal
    root = tmp_path / "hostile"
    root.mkdir()
    text = (HOSTILE / "story.yaml").read_text(encoding="utf-8")
    text = text.replace("../../../../../scenes/sources.yaml", str(SCENES / "sources.yaml"))
    text = text.replace("- text: 'Why [red]this[/red]", '- text: "Why\\e[2J\\x9b [red]this[/red]').replace(
        "<em>question</em>?'", '<em>question</em>?"'
    )
    text = text.replace("title: '- a list? + or not'", 'title: "a list\\e]0;pwned\\a\\n or not"')
    (root / "story.yaml").write_text(text, encoding="utf-8")
    story, _, _ = load_story(root)
    assert story is not None
    app = PresentApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # the prompt, and the choice with the next scene's title
        extra = shown(app, "#extra")
        replaced = content.REPLACEMENT
        assert f"Why{replaced}[2J{replaced} [red]this[/red]" in extra
        assert f"a list{replaced}]0;pwned or not" in extra  # the line break folded too
        assert not [c for c in extra if ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) < 0xA0]
        assert app.is_running


async def test_presenting_never_touches_saved_progress(tmp_path: Path) -> None:
    saves = Path(os.environ["STORY_DATA_DIR"])
    saves.mkdir(parents=True)
    save = saves / "save-0123456789ab.json"
    save.write_text('{"version": 1}', encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns, p.read_bytes()) for p in saves.iterdir())
    app = make_present_app(HANDOUT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["space"] * 8, "f", "c", "a", "g", "escape", "q")
    after = sorted((p.name, p.stat().st_mtime_ns, p.read_bytes()) for p in saves.iterdir())
    assert after == before


# -- the command line ---------------------------------------------------------------------


def test_a_story_with_errors_is_not_presented(run_cli, story_copy) -> None:
    root = story_copy()
    scenes = root / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("target: rescue", "target: rescu", 1), encoding="utf-8"
    )
    status, _, err = run_cli("present", str(root))
    assert status == 1
    assert "E402" in err and "passes `story check`" in err


def test_make_present_app_raises_for_a_story_with_errors(story_copy) -> None:
    root = story_copy()
    scenes = root / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("target: rescue", "target: rescu", 1), encoding="utf-8"
    )
    with pytest.raises(StoryNotReady) as raised:
        make_present_app(root)
    assert raised.value.report.errors >= 1


@pytest.mark.parametrize("args", [["present", "no/such/story"], ["present", str(HANDOUT), "--scene", "nowhere"]])
def test_usage_errors_exit_2(run_cli, args: list[str]) -> None:
    status, _, err = run_cli(*args)
    assert status == 2
    assert "error" in err


# -- snapshots ----------------------------------------------------------------------------


def test_snapshot_passage_with_figures(snap_compare) -> None:
    assert snap_compare(make_present_app(HANDOUT), press=["space", "space", "space"], terminal_size=SIZE)


def test_snapshot_checkpoint_answered_with_panels(snap_compare) -> None:
    assert snap_compare(make_present_app(HANDOUT), press=[*["space"] * 5, "a", "c", "f"], terminal_size=SIZE)
