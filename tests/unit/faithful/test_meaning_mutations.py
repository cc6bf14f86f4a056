"""Mutation test of the meaning rules, generated from the bundled story's own claims.

Every claim sentence of the story is aligned to its quotes; each kind of break below is made
wherever the alignment shows a place for it (a kept negation to drop, a verb with a participant
on each side to swap, a passage whose quotes give two figures...), on up to :data:`SITES`
claims spread over the story. `story check` must then report the break at the claim's file and
line. No sentence is written here: the breaks are made from whatever the story says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.checking.rules.meaning import Claim, claims
from story.checking.text.align import Token
from story.checking.text.meaning_words import is_content, is_verb_like, meaning_kinds
from story.checking.text.participants import PERSONAL
from story.checking.text.stems import FUNCTION_WORDS
from story.core.diagnostics import Diagnostic
from story.core.queries import CLAIM_KINDS
from story.loading.loader import load_story

from .test_mutations import clean_copy, rewrite_text  # noqa: F401  (clean_copy is a fixture)

SITES = 3
"""How many claims each kind of break is made in."""

Edit = tuple[int, int, str]
"""Replace ``text.value[start:end]`` with a string."""


@dataclass(frozen=True)
class Kind:
    """One kind of break: where it can be made in a claim, and the codes that report it."""

    name: str
    make: Callable[[Claim], list[Edit] | None]
    codes: tuple[str, ...]


def _at(claim: Claim, index: int) -> tuple[int, int]:
    token = claim.alignment.claim_tokens[index]
    start = claim.start + token.start
    return start, start + len(token.text)


def _drop(kinds: set[str]) -> Callable[[Claim], list[Edit] | None]:
    """Leave out a meaning word the claim keeps from its quote."""

    def make(claim: Claim) -> list[Edit] | None:
        tokens = claim.alignment.claim_tokens
        for index, kind in enumerate(meaning_kinds(tokens)):
            link = claim.alignment.link(index)
            if kind not in kinds or link is None:
                continue
            if meaning_kinds(claim.alignment.quote_tokens[link[0]])[link[1]] != kind:
                continue
            start, end = _at(claim, index)
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if tokens[index].lower in {"more", "less", "fewer"} and following and following.lower == "than":
                end = _at(claim, index + 1)[1]
            if kind == "modal" and following and following.lower in {"be", "have"}:
                return [(start, _at(claim, index + 1)[1] + 1, "is " if following.lower == "be" else "")]
            if tokens[index].lower == "n't":
                return [(start, end, "")]
            return [(start, end + 1, "")] if claim.text.value[end : end + 1] == " " else [(start, end, "")]
        return None

    return make


def _insert(word: str, before: Callable[[Claim, int], bool]) -> Callable[[Claim], list[Edit] | None]:
    """Add a meaning word the quotes do not give, before the first token that ``before`` accepts."""

    def make(claim: Claim) -> list[Edit] | None:
        tokens = claim.alignment.claim_tokens
        if any(kind is not None for kind in meaning_kinds(tokens)):
            return None  # keep the break the only meaning word in the sentence
        for index in range(1, len(tokens)):
            if claim.alignment.link(index) is not None and before(claim, index):
                start, _ = _at(claim, index)
                return [(start, start, f"{word} ")]
        return None

    return make


def _after_be(claim: Claim, index: int) -> bool:
    return claim.alignment.claim_tokens[index - 1].lower in {"was", "were", "is", "are"}


def _figure(claim: Claim, index: int) -> bool:
    return claim.alignment.claim_tokens[index].kind == "number"


def _swap_roles(claim: Claim) -> list[Edit] | None:
    """Swap the participants on either side of a verb the claim keeps, in the quote's voice."""
    alignment = claim.alignment
    tokens = alignment.claim_tokens
    people = [i for i, t in enumerate(tokens) if i in alignment.links and (is_content(t) or t.key in PERSONAL)]
    for position, verb in enumerate(people[1:-1], start=1):
        a, b = people[position - 1], people[position + 1]
        if not is_verb_like(tokens[verb]) or tokens[a].kind != "word" or tokens[b].kind != "word":
            continue
        if is_verb_like(tokens[a]) or is_verb_like(tokens[b]) or tokens[b - 1].lower == "to":
            continue  # participants are nouns and pronouns, not other verbs
        links = [alignment.links[i] for i in (a, verb, b)]
        if len({q for q, _ in links}) != 1 or not links[0][1] < links[1][1] < links[2][1]:
            continue
        between = [t.lower for t in tokens[a + 1 : b] if t.kind != "mark"]
        if (
            "by" in between
            or tokens[a].lower == tokens[b].lower
            or tokens[a].text[:1].isupper() != tokens[b].text[:1].isupper()
        ):
            continue
        (a_start, a_end), (b_start, b_end) = _at(claim, a), _at(claim, b)
        return [(b_start, b_end, tokens[a].text), (a_start, a_end, tokens[b].text)]
    return None


def _is_name(tokens: tuple[Token, ...], index: int) -> bool:
    """A capitalised word inside a sentence that is not glue: "South" in "into South Korea"."""
    token = tokens[index]
    if index == 0 or token.kind != "word" or not token.text[:1].isupper() or token.lower in FUNCTION_WORDS:
        return False
    return not (tokens[index - 1].kind == "mark" and tokens[index - 1].key in {".", ":", '"', "("})


def _swap_name(claim: Claim) -> list[Edit] | None:
    """Put another name its quotes give in the place of a name the claim keeps.

    Names between quotation marks are left alone: those are quoted words or an article's label
    ("Hail of Bullets"), and altering them is :func:`_alter_speech`'s break (E706).
    """
    alignment = claim.alignment
    tokens = alignment.claim_tokens
    names = {quote[k].text for quote in alignment.quote_tokens for k in range(len(quote)) if _is_name(quote, k)}
    quoted = [match.span() for match in _SPEECH.finditer(claim.text.value)]
    for index, token in enumerate(tokens):
        if not _is_name(tokens, index) or index not in alignment.links:
            continue
        if any(start <= _at(claim, index)[0] < end for start, end in quoted):
            continue
        others = sorted(n for n in names if n.lower()[:4] != token.lower[:4] and n not in {t.text for t in tokens})
        if others:
            start, end = _at(claim, index)
            return [(start, end, others[0])]
    return None


def _move_figure(claim: Claim) -> list[Edit] | None:
    """Put the figure of one of the claim's quotes on the noun of another."""
    alignment = claim.alignment
    for index, token in enumerate(alignment.claim_tokens):
        link = alignment.link(index)
        if token.kind != "number" or link is None:
            continue
        for q, quote in enumerate(alignment.quote_tokens):
            other = next((t.text for t in quote if t.kind == "number" and t.key != token.key), None)
            if q != link[0] and other is not None:
                start, end = _at(claim, index)
                return [(start, end, other)]
    return None


_SPEECH = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def _alter_speech(claim: Claim) -> list[Edit] | None:
    """Change one word between quotation marks to another word of the same quotes."""
    sentence_end = claim.start + len(claim.alignment.claim)
    for match in _SPEECH.finditer(claim.text.value, claim.start, sentence_end):
        words = list(re.finditer(r"[A-Za-z]{4,}", match.group(1)))
        pool = {t.text for quote in claim.alignment.quote_tokens for t in quote if t.kind == "word" and len(t.text) > 3}
        for word in words:
            other = sorted(w for w in pool if w.lower() != word.group().lower())
            if other:
                start = match.start(1) + word.start()
                return [(start, start + len(word.group()), other[0])]
    return None


KINDS = [
    Kind("negation dropped", _drop({"negation"}), ("E707",)),
    Kind("hedge or modal dropped", _drop({"hedge", "modal", "condition"}), ("E707", "E703")),
    Kind("approximator or quantifier dropped", _drop({"approximator", "quantifier"}), ("E707",)),
    Kind("negation inserted", _insert("not", _after_be), ("E708",)),
    Kind("modal inserted", _insert("probably", _after_be), ("E708",)),
    Kind("approximator inserted", _insert("about", _figure), ("E708",)),
    Kind("roles swapped", _swap_roles, ("E709",)),
    Kind("participant swapped", _swap_name, ("E710", "E503")),
    Kind("figure moved to another quote's noun", _move_figure, ("E710",)),
    Kind("direct speech altered", _alter_speech, ("E706",)),
]


def _apply(value: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        value = value[:start] + new + value[end:]
    return value


def _spread(items: list[Claim]) -> list[Claim]:
    if len(items) <= SITES:
        return items
    return [items[round(i * (len(items) - 1) / (SITES - 1))] for i in range(SITES)]


def _caught(codes: tuple[str, ...], file: str, line: int, before: list[Diagnostic], after: list[Diagnostic]) -> bool:
    return any(
        d.code in codes and Path(d.pos.file).resolve() == Path(file).resolve() and d.pos.line == line
        for d in after
        if d not in before
    )


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_each_break_is_caught_at_its_line(kind: Kind, clean_copy: Path) -> None:  # noqa: F811
    story, _, _ = load_story(clean_copy / "scenes")
    assert story is not None
    before = check_path(clean_copy / "scenes").diagnostics
    sites = [
        (claim, edits)
        for claim in claims(story)
        if claim.what in CLAIM_KINDS and not claim.text.value.startswith(" ")
        for edits in [kind.make(claim)]
        if edits
    ]
    chosen = {id(claim): (claim, edits) for claim, edits in sites}
    picked = _spread([claim for claim, _ in chosen.values()])
    assert picked, f"no claim in the story to make {kind.name!r} in"
    missed = []
    for claim in picked:
        edits = chosen[id(claim)][1]
        path = Path(claim.text.pos.file)
        original = path.read_bytes()
        try:
            value = _apply(claim.text.value, edits)
            file, line, _ = rewrite_text(claim.text, value)
            after = check_path(clean_copy / "scenes").diagnostics
        finally:
            path.write_bytes(original)
        if not _caught(kind.codes, file, line, before, after):
            missed.append((value, [d.render() for d in after if d not in before]))
    print(f"{kind.name}: caught {len(picked) - len(missed)}/{len(picked)}")
    assert not missed
