"""Properties: the loader returns diagnostics for anything, and the matcher agrees with itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from story.checking.checker import check_path
from story.checking.text.details import _is_ordinary, _strip_possessive, details, lowercase_words, support_keys
from story.checking.text.tokens import MONTHS, TOKEN, WEEKDAYS, sentence_pieces, starts_sentence, tokens, words
from story.core.diagnostics import Diagnostic
from story.core.queries import word_pattern
from story.core.sources import Coverage, Match, Source, normalise, search
from story.loading.yamlsafe import load_file

from .stories import ROOT, SCENE_YAML, write_story

SEEDS = ROOT / "seeds"
SOURCES = {path.name[:3]: Source(path.name[:3], path, path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")}

# -- YAML-ish text built from the pieces that trip parsers up -----------------------------

PIECES = [
    "scenes:", "story:", "facts:", "- ", "  ", "    ", "\n", "\r\n", "\t", ": ", ":", "? ", "[", "]", "{", "}",
    ",", "&a ", "*a", "&b ", "*b", "!!python/object/apply:os.system ['true']", "!tag ", "!!str ", "---\n",
    "...\n", "|\n", ">-\n", "'", '"', "\\", "#", "id: a", "title: x", "text: ", "cite:", "no", "yes", "on",
    "004", "1.10", "~", "null", "<<: *a", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "\x00", "\ufeff", "é", "💥",
    "\u2028", "\x85", "@", "`", "|-", "- - - -", "{a: [b, {c: d}]}",
]  # fmt: skip

yamlish = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)
raw_bytes = st.binary(max_size=400)
text_bytes = st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass"))


def assert_clean(result: tuple[object, list[Diagnostic]]) -> None:
    root, diagnostics = result
    assert isinstance(diagnostics, list)
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert re.fullmatch(r"[EW]\d{3}", diagnostic.code)
        assert diagnostic.pos.line >= 1 and diagnostic.pos.column >= 1
        assert diagnostic.message
    if root is None:
        assert any(d.is_error for d in diagnostics)


@settings(max_examples=400, deadline=None)
@given(yamlish.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_loader_never_raises_on_yamlish_text(data: bytes) -> None:
    assert_clean(load_file(data, "random.yaml"))


@settings(max_examples=300, deadline=None)
@given(raw_bytes | text_bytes)
def test_loader_never_raises_on_bytes(data: bytes) -> None:
    assert_clean(load_file(data, "random.yaml"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(yamlish.map(str.encode), raw_bytes), st.sampled_from(["text", "title", "quote", "target", "id"]))
def test_check_never_raises_on_a_broken_scene_file(tmp_path: Path, garbage: bytes, key: str) -> None:
    """A whole story with one random file, and one whose value is random: diagnostics, no exception."""
    lines = SCENE_YAML.splitlines(keepends=True)
    spliced = "".join(
        line.split(":", 1)[0] + ": " + garbage.decode("utf-8", "replace").replace("\n", " ") + "\n"
        if line.strip().startswith((key + ":", "- " + key + ":"))
        else line
        for line in lines
    )
    root = write_story(tmp_path / "story", {"scenes.yaml": spliced, "random.yaml": garbage})
    report = check_path(root)
    assert report.errors >= 0
    for diagnostic in report.diagnostics:
        assert Path(diagnostic.pos.file).name in {"scenes.yaml", "random.yaml", "story.yaml", "story"}


# -- quotes and search --------------------------------------------------------------------


@st.composite
def article_spans(draw: st.DrawFn) -> tuple[Source, int, int]:
    source = draw(st.sampled_from(sorted(SOURCES.values(), key=lambda s: s.id)))
    words = [m.span() for m in re.finditer(r"\S+", source.norm)]
    first = draw(st.integers(0, len(words) - 1))
    count = draw(st.integers(1, 12))
    last = min(len(words) - 1, first + count - 1)
    return source, words[first][0], words[last][1]


@settings(max_examples=300, deadline=None)
@given(article_spans())
def test_every_run_of_whole_words_within_a_paragraph_is_found(span: tuple[Source, int, int]) -> None:
    source, start, end = span
    quote = source.norm[start:end]
    match = source.find(quote)
    if source.crosses_paragraph(start, end):
        assume(source.norm.count(quote) == 1)
        assert match is None
        assert source.find(quote, across_paragraphs=True) is not None
    else:
        assert match is not None
        assert source.norm[match.start : match.end] == normalise(quote)


@settings(max_examples=200, deadline=None)
@given(article_spans(), st.sampled_from(["\n", "  ", "\t", " \r\n "]))
def test_whitespace_quotes_and_dashes_do_not_matter(span: tuple[Source, int, int], space: str) -> None:
    source, start, end = span
    assume(not source.crosses_paragraph(start, end))
    quote = (
        source.norm[start:end].replace(" ", space).replace("'", "\u2019").replace('"', "\u201c").replace("-", "\u2014")
    )
    assert source.find(quote) is not None


@settings(max_examples=150, deadline=None)
@given(article_spans(), st.integers(0, 3), st.integers(0, 3))
def test_search_prints_quotes_that_check_accepts(span: tuple[Source, int, int], trim_start: int, trim_end: int) -> None:
    """Whatever `story cite` prints, exact or fuzzy, is found verbatim by `story check`."""
    source, start, end = span
    query = source.norm[start:end]
    query = query[trim_start : len(query) - trim_end] if len(query) > trim_start + trim_end + 2 else query
    assume(query.strip())
    for found in search(list(SOURCES.values()), query):
        assert found.source.find(found.quote) is not None, found


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_search_never_raises(query: str) -> None:
    for found in search(list(SOURCES.values()), query):
        assert found.source.find(found.quote) is not None, found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 300)), max_size=30))
def test_coverage_matches_counting_characters(spans: list[tuple[int, int]]) -> None:
    source = SOURCES["004"]
    coverage = Coverage(source)
    covered_chars: set[int] = set()
    for start, length in spans:
        start = min(start, len(source.norm))
        end = min(len(source.norm), start + length)
        coverage.add(Match(start, end, 1))
        covered_chars.update(range(start, end))
    for sentence in source.sentences:
        expected = len(covered_chars & set(range(sentence.start, sentence.end))) / max(1, sentence.end - sentence.start)
        assert coverage.covered(sentence) == pytest.approx(expected)


# -- details ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_a_text_supports_its_own_details(text: str) -> None:
    """Quoting a text word for word supports every detail in it."""
    support = support_keys([text])
    for detail in details(text):
        assert detail.key in support[detail.kind], detail
        assert text[detail.start :].startswith(detail.word)


DETAILED = [
    "May", "may", "Monday", "Kim", "Kim's", "AK-47", "forty-one", "Forty", "2017/18", "1,000", "3rd", "1990s",
    "I", "US", "guards", "Guards", " ", ". ", "\n", "-", "/", "'", "\u2019", "(", '"', "é", "Ab", ";",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DETAILED) | st.text(max_size=3), max_size=20).map("".join), st.booleans())
def test_details_are_those_read_word_by_word(text: str, guards_are_ordinary: bool) -> None:
    """details() reads each token's words in place; it finds what reading words() in order finds,
    counting each word's earlier occurrences among all the words before it."""
    ordinary = frozenset({"guard", "guards"}) if guards_are_ordinary else frozenset()
    assert [tuple(detail) for detail in details(text, ordinary)] == _details_word_by_word(text, ordinary)


def _details_word_by_word(text: str, ordinary: frozenset[str]) -> list[tuple[str, str, str, int, int]]:
    expected = []
    checkable = words(text)
    spelled = [word for word, *_ in checkable]
    for index, (word, start, key, initial) in enumerate(checkable):
        if key is None and not word[:1].isupper():
            continue
        occurrence = spelled[:index].count(word)
        bare = _strip_possessive(word)
        if key is not None:
            expected.append(("number", word, key, occurrence, start))
        elif bare in WEEKDAYS or bare in MONTHS:
            if not (bare == "May" and initial):
                expected.append(("date", word, bare.lower(), occurrence, start))
        elif bare[:1].isupper() and bare != "I" and not (initial and _is_ordinary(bare, ordinary)):
            expected.append(("name", word, bare.lower(), occurrence, start))
    return expected


_SENTENCE_ENDS = [
    ". ", ". . ", "2. 5", "2.5", "1,000. ", "! ", "? ", ": ", "; ", ".\n",
    '." ', ". (", ". ( ", ".\u201d ", "\n\n", ". \u201c", ".", " ",
]  # fmt: skip


@st.composite
def _recurring_sentences(draw: st.DrawFn) -> str:
    """A text of a few sentences, some of them repeated, as a story's passages repeat its quotes."""
    sentence = st.lists(st.sampled_from(DETAILED) | st.text(max_size=3), max_size=8).map("".join)
    pool = draw(st.lists(sentence, min_size=1, max_size=3))
    parts = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(_SENTENCE_ENDS)), min_size=1, max_size=6))
    return "".join(sentence + end for sentence, end in parts)


@settings(max_examples=300, deadline=None)
@given(_recurring_sentences(), st.booleans())
def test_a_text_is_read_sentence_by_sentence_as_it_is_read_whole(text: str, guards_are_ordinary: bool) -> None:
    """tokens() and details() read a text piece by piece, each piece once however often it
    recurs: what they find is what one pass over the whole text finds, word by word."""
    ordinary = frozenset({"guard", "guards"}) if guards_are_ordinary else frozenset()
    whole = [(m.group(), m.start(), starts_sentence(text, m.start())) for m in TOKEN.finditer(text)]
    assert list(tokens(text)) == whole
    assert "".join(piece for _, piece in sentence_pieces(text)) == text
    assert [tuple(detail) for detail in details(text, ordinary)] == _details_word_by_word(text, ordinary)


@settings(max_examples=200, deadline=None)
@given(st.lists(_recurring_sentences(), max_size=4))
def test_lowercase_words_are_those_found_in_each_whole_text(texts: list[str]) -> None:
    """lowercase_words() reads pieces of texts, each once: it finds the words a reading of each
    whole text finds."""
    whole = {_strip_possessive(word) for text in texts for word in TOKEN.findall(text) if word[0].islower()}
    assert lowercase_words(texts) == whole


WORDLY = ["A", "a", "North", "north", "Korean", "soldier", " ", "  ", "-", "'", "_", "\n", ",", "é", "Ab", "x"]


@given(
    st.lists(st.sampled_from(WORDLY) | st.text(max_size=3), max_size=14).map("".join),
    st.sampled_from(["A North Korean soldier", "north korean", "a", "Kim's", "Hail-of", "Ab", "é x"]),
    st.booleans(),
)
def test_a_name_is_found_only_on_word_boundaries(text: str, name: str, ignore_case: bool) -> None:
    """word_pattern, which looks back for the boundary after its first word, finds what the plain
    definition finds: the name's words, anything but word characters between them, at boundaries."""
    words = [re.escape(word) for word in re.findall(r"[\w'-]+", normalise(name))]
    plain = re.compile(r"(?<![\w])" + r"\W+".join(words) + r"(?![\w])", re.IGNORECASE if ignore_case else 0)
    found = word_pattern(name, ignore_case=ignore_case)
    assert [m.span() for m in found.finditer(text)] == [m.span() for m in plain.finditer(text)]
