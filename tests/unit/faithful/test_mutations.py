"""Mutation test: break the bundled story one way at a time; `story check` must catch each break.

The bundled story (``scenes/`` and ``seeds/``) is copied into a temporary folder. Each mutation
rewrites one player-visible text (or one quote) in the copy and expects a diagnostic at the file
and line of the change. Texts are picked by what they hold, not by their wording, so the test
keeps working as the story is edited: three texts spread over the story for each mutation.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.checking.text.details import support_keys
from story.checking.text.scopes import governing
from story.core.diagnostics import Diagnostic
from story.core.model import Citation, Story, Text
from story.core.queries import CLAIM_KINDS, visible_texts
from story.loading.loader import load_story
from tests import ROOT

SITES = 3
"""How many texts each mutation is tried on."""


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled story and its sources."""
    base = tmp_path_factory.mktemp("bundled")
    shutil.copytree(ROOT / "scenes", base / "scenes")
    shutil.copytree(ROOT / "seeds", base / "seeds")
    return base


def test_the_clean_story_passes(clean_copy: Path) -> None:
    report = check_path(clean_copy / "scenes")
    assert [d.render() for d in report.diagnostics] == []
    assert report.story is not None and report.story.vocabulary, "the story shows its vocabulary"


# -- how a mutation is made ------------------------------------------------------------------


@dataclass
class Site:
    """One visible text of the story, with what it cites."""

    text: Text
    cites: list[Citation]
    what: str


@dataclass
class Expect:
    """What `story check` must report for a mutation: a code at a line, at a column if given."""

    code: str | tuple[str, ...]
    """The code, or any one of several."""
    file: str
    line: int
    column: int | None = None


def claim_sites(story: Story) -> list[Site]:
    """Claims written as block or plain scalars, which a mutation can rewrite in place."""
    return [Site(t, c, w) for t, c, w in visible_texts(story) if w in CLAIM_KINDS and c and not t.value.startswith(" ")]


def spread(items: list[Site]) -> list[Site]:
    """Up to :data:`SITES` items from the start, middle and end of a list."""
    if len(items) <= SITES:
        return items
    picks = [items[round(i * (len(items) - 1) / (SITES - 1))] for i in range(SITES)]
    return list({id(site): site for site in picks}.values())


def rewrite_text(text: Text, value: str, marker: str | None = None) -> tuple[str, int, int]:
    """Replace a text's scalar in its file with ``value`` on one line, as a double-quoted scalar.

    Returns:
        ``(file, line, column)`` of ``marker`` (or of the scalar) in the rewritten file.
    """
    path = Path(text.pos.file)
    lines = path.read_text(encoding="utf-8").split("\n")
    scalar = json.dumps(value, ensure_ascii=False)
    first = text.pos.line - 1
    head = lines[first][: text.pos.column - 1]
    lines[first : max(text.end_line, text.pos.line)] = [head + scalar]
    path.write_text("\n".join(lines), encoding="utf-8")
    column = text.pos.column + (scalar.index(marker) if marker else 0)
    return text.pos.file, text.pos.line, column


def inject(sentence: str, word: str, code: str) -> Callable[[Site], Expect]:
    """A mutation that puts a sentence before a text and expects ``code`` at ``word``."""

    def mutate(site: Site) -> Expect:
        file, line, column = rewrite_text(site.text, f"{sentence} {site.text.value}", word)
        return Expect(code, file, line, column)

    return mutate


FIGURES = ("1,000", "150", "50", "40", "1953", "1998", "2007", "10")
NAMES = ("Suh Wook", "Song Young-moo", "Lee Cook-jong", "Yonhap", "Seoul", "Suwon", "China", "Reuters")


def real_figure(site: Site) -> Expect:
    """A figure the articles give, put in a text whose quotes do not give it."""
    numbers = support_keys([c.quote for c in site.cites])["number"]
    figure = next(f for f in FIGURES if f.replace(",", "") not in numbers)
    file, line, column = rewrite_text(site.text, f"It was {figure}. {site.text.value}", figure)
    return Expect("E501", file, line, column)


def real_name(site: Site) -> Expect:
    """A name the articles give, put in a text whose quotes do not give it."""
    quoted = " ".join(c.quote for c in site.cites)
    name = next(n for n in NAMES if n.split()[0] not in quoted)
    file, line, column = rewrite_text(site.text, f"It was {name}. {site.text.value}", name)
    return Expect("E503", file, line, column)


def changed_quote_word(site: Site) -> Expect:
    """One word of a quote changed (in the file), as a careless copy would."""
    citation = site.cites[0]
    word = max(re.findall(r"[A-Za-z]{4,}", citation.quote), key=len)
    path = Path(citation.pos.file)
    lines = path.read_text(encoding="utf-8").split("\n")
    pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
    for index in range(citation.pos.line - 1, len(lines)):
        start = citation.pos.column - 1 if index == citation.pos.line - 1 else 0
        match = pattern.search(lines[index], start)
        if match:
            replacement = "killed" if word != "killed" else "hurt"
            lines[index] = lines[index][: match.start()] + replacement + lines[index][match.end() :]
            break
    path.write_text("\n".join(lines), encoding="utf-8")
    return Expect("E201", citation.pos.file, citation.pos.line, citation.pos.column)


ATTRIBUTION = re.compile(
    r"\b(?:[Aa]ccording to [^,.;:]*,?\s*|[Rr]eports indicate\s+"
    r"|(?:said|says|told|added|reported|reportedly|quoted|briefing)\b\s*)"
)
"""An attribution as a writer would delete it: all of "according to X,", or the verb."""
HEDGE = re.compile(
    r"\b(?:a probe was needed to investigate whether|presumed to be|presumed|not immediately clear|yet to be"
    r"|would|could|if|whether"
    r"|a probe was needed|seemed)\b\s*",
    re.IGNORECASE,
)
"""A hedge as a writer would delete it."""


def has(story: Story, site: Site, kind: str) -> bool:
    return any(governing(c, story.sources[c.source], kind) for c in site.cites if c.source in story.sources)


def removed(pattern: re.Pattern[str], code: str | tuple[str, ...]) -> Callable[[Site], Expect]:
    """A mutation that deletes every attribution (or hedge) of a text."""

    def mutate(site: Site) -> Expect:
        value = re.sub(r"\s{2,}", " ", pattern.sub("", site.text.value)).strip()
        value = value[:1].upper() + value[1:]
        file, line, _ = rewrite_text(site.text, value)
        return Expect(code, file, line)

    return mutate


@dataclass
class Mutation:
    """One kind of break, and which texts it can be made in."""

    name: str
    make: Callable[[Site], Expect]
    eligible: Callable[[Story, Site], bool] = lambda story, site: True


MUTATIONS = [
    Mutation("invented event", inject("Then a mine went off beside him.", "mine", "E701")),
    Mutation("invented feeling", inject("He was crying with fear.", "crying", "E701")),
    Mutation("invented number", inject("He was hit 17 times.", "17", "E501")),
    Mutation("invented name", inject("Private Kang was the driver.", "Kang", "E503")),
    Mutation("invented place", inject("He was near Kaesong.", "Kaesong", "E503")),
    Mutation("real figure the quotes do not give", real_figure),
    Mutation("real name the quotes do not give", real_name),
    Mutation("changed word in a quote", changed_quote_word),
    Mutation(
        "removed attribution",
        removed(ATTRIBUTION, "E702"),
        lambda story, site: has(story, site, "attribution") and bool(ATTRIBUTION.search(site.text.value)),
    ),
    Mutation(
        "removed hedge",
        removed(HEDGE, ("E703", "E707")),  # around the quoted words, or inside them
        lambda story, site: has(story, site, "hedge") and bool(HEDGE.search(site.text.value)),
    ),
]


def caught(expect: Expect, before: list[Diagnostic], after: list[Diagnostic]) -> bool:
    new = [d for d in after if d not in before]
    return any(
        d.code in ((expect.code,) if isinstance(expect.code, str) else expect.code)
        and Path(d.pos.file).resolve() == Path(expect.file).resolve()
        and d.pos.line == expect.line
        and (expect.column is None or d.pos.column == expect.column)
        for d in new
    )


@pytest.fixture(scope="module")
def baseline(clean_copy: Path) -> list[Diagnostic]:
    return check_path(clean_copy / "scenes").diagnostics


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_each_mutation_is_caught_at_its_line(mutation: Mutation, clean_copy: Path, baseline: list[Diagnostic]) -> None:
    story, _, _ = load_story(clean_copy / "scenes")
    assert story is not None
    sites = spread([s for s in claim_sites(story) if mutation.eligible(story, s)])
    assert sites, f"no text in the story to try {mutation.name!r} on"
    missed = []
    for site in sites:
        # Texts and their quotes are in the same file: mutate it, check, put it back.
        path = Path(site.text.pos.file)
        original = path.read_bytes()
        try:
            expect = mutation.make(site)
            after = check_path(clean_copy / "scenes").diagnostics
        finally:
            path.write_bytes(original)
        if not caught(expect, baseline, after):
            missed.append((expect, [d.render() for d in after]))
    print(f"{mutation.name}: caught {len(sites) - len(missed)}/{len(sites)}")
    assert not missed
