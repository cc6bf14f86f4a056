"""Automated playthroughs of the bundled story, and the editorial promises it makes.

The story's own conventions, which these tests hold it to:

- the start scene's first choice is the full walkthrough, its second the short tour;
- on either path, always taking the first choice reads that whole path and ends it;
- every other choice is a side path that rejoins the story, so every scene, choice, ending and
  checkpoint can be reached by a player.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.core.model import Fact, Moment, Scene, Story, Term, Unknown
from story.core.paths import bundled_story
from story.core.progress import Progress
from story.loading.loader import load_story

WORDS_PER_MINUTE = 200
"""A reading speed for the estimates below: about 200 words a minute."""

SHORT_TOUR_MAX_SCENES = 12


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, diagnostics, _ = load_story(bundled_story())
    assert loaded is not None, [str(d) for d in diagnostics]
    return loaded


def routes(story: Story) -> dict[str, list[int]]:
    """For every reachable scene, the choice indices that lead to it from the start (shortest)."""
    found: dict[str, list[int]] = {story.start: []}
    queue = deque([story.start])
    while queue:
        scene_id = queue.popleft()
        for index, choice in enumerate(story.scenes[scene_id].choices):
            if choice.target not in found:
                found[choice.target] = [*found[scene_id], index]
                queue.append(choice.target)
    return found


def replay(story: Story, route: list[int]) -> Progress:
    """A fresh player who has taken these choices, in order."""
    progress = Progress(story)
    for index in route:
        progress.choose(index)
    return progress


def first_choices(story: Story, start_choice: int) -> list[str]:
    """The scenes a player reads taking ``start_choice`` at the start, then always the first choice."""
    progress = replay(story, [start_choice])
    while not progress.finished:
        assert len(progress.history) <= len(story.scenes), f"loop at {progress.scene.id}"
        progress.choose(0)
    return list(progress.history)


def count_words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def scene_words(scene: Scene) -> int:
    """Words a player reads in the scene view: title, narration and the checkpoint."""
    total = count_words(scene.title.value) + sum(count_words(p.text.value) for p in scene.passages)
    checkpoint = scene.checkpoint
    if checkpoint:
        total += count_words(checkpoint.question.value) + count_words(checkpoint.explanation.text.value)
        total += sum(count_words(option.text.value) for option in checkpoint.options)
    return total


def panel_words(story: Story, entry_id: str) -> int:
    """Words of one fact-panel entry."""
    entry = story.entry(entry_id)
    if isinstance(entry, Fact):
        texts = [entry.title.value] + ([entry.text.text.value] if entry.text else [])
        texts += [account.text.value for account in entry.accounts]
    elif isinstance(entry, Unknown):
        texts = [entry.text.text.value]
    elif isinstance(entry, Term):
        texts = [entry.term.value, entry.text.text.value]
    else:
        assert isinstance(entry, Moment), entry_id
        texts = [entry.when.value, entry.text.text.value]
    return sum(count_words(text) for text in texts)


def reading_minutes(story: Story, path: list[str], *, panel: bool) -> float:
    """Estimated reading time of a path, optionally with the fact-panel entries it unlocks."""
    words = sum(scene_words(story.scenes[scene_id]) for scene_id in dict.fromkeys(path))
    if panel:
        unlocked = dict.fromkeys(e for s in path for e, _ in story.scenes[s].unlocks)
        words += sum(panel_words(story, entry_id) for entry_id in unlocked)
    return words / WORDS_PER_MINUTE


# -- the story is clean ------------------------------------------------------------------


def test_check_finds_nothing_at_all() -> None:
    report = check_path(bundled_story())
    assert [str(d) for d in report.diagnostics] == []
    assert report.errors == 0 and report.warnings == 0


def test_every_article_is_cited_sentence_by_sentence() -> None:
    report = check_path(bundled_story())
    for coverage in report.coverage:
        summary = coverage.summary()
        assert summary["percent"] >= 95, (summary, [s.text for s, _ in coverage.uncited()])


def test_every_scene_file_starts_with_the_schema_modeline() -> None:
    files = sorted(Path(bundled_story()).glob("*.yaml"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=story.schema.json", path.name


# -- playthroughs ------------------------------------------------------------------------


def test_every_scene_is_visited(story: Story) -> None:
    visited: set[str] = set()
    for route in routes(story).values():
        visited.update(replay(story, route).visited)
    assert visited == set(story.scenes)


def test_every_choice_is_taken(story: Story) -> None:
    taken: set[tuple[str, int]] = set()
    arrived: set[str] = set()
    for scene_id, route in routes(story).items():
        for index, choice in enumerate(story.scenes[scene_id].choices):
            progress = replay(story, route)
            assert progress.scene.id == scene_id
            landed = progress.choose(index)
            assert landed.id == choice.target
            taken.add((scene_id, index))
            arrived.add(landed.id)
    every = {(s.id, i) for s in story.scenes.values() for i in range(len(s.choices))}
    assert taken == every
    assert arrived | {story.start} == set(story.scenes)


def test_every_ending_is_reached(story: Story) -> None:
    endings = {scene.id for scene in story.endings}
    assert len(endings) >= 2, "the full walkthrough and the short tour each end"
    reached = set()
    for scene_id, route in routes(story).items():
        progress = replay(story, route)
        if progress.finished:
            reached.add(scene_id)
            assert not progress.scene.choices
    assert reached == endings


def test_no_scene_traps_the_player(story: Story) -> None:
    for scene_id, route in routes(story).items():
        progress = replay(story, route)
        steps = 0
        while not progress.finished:  # always the first choice: must end
            progress.choose(0)
            steps += 1
            assert steps <= len(story.scenes), f"no way out from {scene_id}"


@pytest.mark.parametrize("answer", ["right", "wrong"])
def test_every_checkpoint_is_answered(story: Story, answer: str) -> None:
    checkpoints = {sid: s.checkpoint for sid, s in story.scenes.items() if s.checkpoint}
    assert len(checkpoints) >= 8
    for scene_id, route in routes(story).items():
        checkpoint = story.scenes[scene_id].checkpoint
        if checkpoint is None:
            continue
        right = [i for i, option in enumerate(checkpoint.options) if option.correct]
        assert len(right) == 1, scene_id
        wrong = [i for i in range(len(checkpoint.options)) if i not in right]
        assert wrong, f"{scene_id}: a question needs a wrong answer"
        for option in right if answer == "right" else wrong:
            progress = replay(story, route)
            assert progress.answer(option) is (answer == "right")
            assert progress.answered() == option
            assert progress.score == ((1, 1) if answer == "right" else (0, 1))
            # The first answer counts; answering again does not change the score.
            progress.answer(right[0] if answer == "wrong" else wrong[0])
            assert progress.score == ((1, 1) if answer == "right" else (0, 1))
        checkpoints.pop(scene_id)
    assert not checkpoints, "checkpoints no player can reach"


def test_checkpoints_come_from_both_articles(story: Story) -> None:
    sources = set()
    for scene in story.scenes.values():
        if scene.checkpoint:
            sources.update(c.source for c in scene.checkpoint.explanation.cite)
    assert sources == set(story.sources)


# -- the two paths -----------------------------------------------------------------------


def test_start_offers_the_full_story_and_the_short_tour(story: Story) -> None:
    assert len(story.scenes[story.start].choices) == 2
    full, short = first_choices(story, 0), first_choices(story, 1)
    assert full[-1] != short[-1], "each path has its own ending"
    assert set(full) & set(short) == {story.start}


def test_the_full_walkthrough_reads_every_scene_of_the_full_story(story: Story) -> None:
    full = first_choices(story, 0)
    short = set(first_choices(story, 1))
    assert len(full) == len(set(full)), "the walkthrough never reads a scene twice"
    assert set(full) | short == set(story.scenes)


def test_the_short_tour_has_at_most_twelve_scenes(story: Story) -> None:
    short = first_choices(story, 1)
    assert len(short) <= SHORT_TOUR_MAX_SCENES
    assert sum(1 for s in short if story.scenes[s].checkpoint) >= 2, "a demo still asks questions"


def test_reading_time_of_the_full_walkthrough(story: Story) -> None:
    full = first_choices(story, 0)
    scenes_only = reading_minutes(story, full, panel=False)
    with_panel = reading_minutes(story, full, panel=True)
    assert 14 <= scenes_only <= 20, f"{scenes_only:.1f} min of scene text"
    assert with_panel <= 25, f"{with_panel:.1f} min with the fact panel"


def test_reading_time_of_the_short_tour(story: Story) -> None:
    short = first_choices(story, 1)
    scenes_only = reading_minutes(story, short, panel=False)
    assert 3 <= scenes_only <= 6.5, f"{scenes_only:.1f} min of scene text"
    full = reading_minutes(story, first_choices(story, 0), panel=False)
    assert scenes_only * 2.5 <= full


# -- the fact panel: disagreements, unknowns, glossary, timeline -------------------------

DISAGREEMENTS = [
    "who-he-was",
    "his-wounds",
    "where-he-was-found",
    "who-rescued-him",
    "fire-into-the-south",
    "defectors-each-year",
    "previous-crossings",
    "town-or-village",
]


@pytest.mark.parametrize("fact_id", DISAGREEMENTS)
def test_each_disagreement_has_one_account_per_article(story: Story, fact_id: str) -> None:
    fact = story.facts[fact_id]
    assert [account.sources for account in fact.accounts] == [["000"], ["004"]]


def test_every_disputed_fact_is_a_listed_disagreement(story: Story) -> None:
    assert sorted(f.id for f in story.facts.values() if f.disputed) == sorted(DISAGREEMENTS)


def test_both_paths_show_the_main_disagreements(story: Story) -> None:
    main = {"his-wounds", "where-he-was-found", "who-rescued-him", "fire-into-the-south", "defectors-each-year"}
    for start_choice in (0, 1):
        path = first_choices(story, start_choice)
        unlocked = {e for s in path for e, _ in story.scenes[s].unlocks}
        assert main <= unlocked, (start_choice, main - unlocked)


def test_unknowns_keep_the_articles_hedges(story: Story) -> None:
    hedges = ("yet to", "not immediately clear", "probe was needed", "would", "if ")
    assert len(story.unknowns) >= 4
    for unknown in story.unknowns.values():
        assert any(h in unknown.text.text.value for h in hedges), unknown.id


def test_glossary_has_the_terms_a_reader_meets(story: Story) -> None:
    terms = {term.term.value for term in story.glossary.values()}
    assert {
        "DMZ",
        "JSA",
        "Armistice",
        "Panmunjom",
        "United Nations Command",
        "Korean People's Army",
        "Joint Chiefs of Staff",
    } <= terms


def test_timeline_runs_in_order_in_the_articles_time_words(story: Story) -> None:
    assert [m.when.value for m in story.timeline] == [
        "1953", "1998", "2007", "As recently as June", "Monday", "Tuesday", "Over the next 10 days",
    ]  # fmt: skip


# -- voice -------------------------------------------------------------------------------


def _visible(story: Story) -> list[str]:
    from story.core.queries import visible_texts

    return [text.value for text, _, _ in visible_texts(story)]


def test_no_second_person(story: Story) -> None:
    for text in _visible(story):
        assert not re.search(r"\b(you|your|yours|yourself)\b", text, re.I), text


def test_quoted_people_keep_their_titles(story: Story) -> None:
    texts = " ".join(_visible(story))
    assert "South Korean Army General Suh Wook, chief director of operations" in texts
    assert "Defense Minister Song Young-moo" in texts
    assert "doctor Lee Cook-jong" in texts.replace("Doctor Lee", "doctor Lee")
    # Every mention of Suh Wook carries his title.
    assert texts.count("Suh Wook") == len(re.findall(r"Suh Wook, chief director|General Suh Wook", texts))


@pytest.mark.parametrize(
    "attribution",
    ["according to the South Korean military", "Reports indicate", "according to CCTV footage",
     "told the media", "quoted in the Korea Herald", "as quoted by Reuters", "Yonhap reported",
     "told the local press", "reportedly"],
)  # fmt: skip
def test_every_attribution_is_kept(story: Story, attribution: str) -> None:
    texts = " ".join(p.text.value for s in story.scenes.values() for p in s.passages)
    assert attribution.lower() in texts.lower()


def test_the_article_that_notes_changed_reports_says_so(story: Story) -> None:
    texts = [p.text.value for s in story.scenes.values() for p in s.passages]
    assert any("contrary to earlier reports" in t.lower() for t in texts)
