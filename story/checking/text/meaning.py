"""What an alignment says about meaning: every change the meaning rules report.

Dropping a meaning word while keeping a word it governs changes the claim; dropping the whole
clause it governs does not (:mod:`story.checking.text.meaning_words`). Participants and figures
are read by :mod:`story.checking.text.participants`. Nothing here emits a diagnostic:
:func:`findings` lists what the meaning rules report.
"""

from __future__ import annotations

from story.checking.text.align import Alignment
from story.checking.text.meaning_words import (
    Finding,
    clause,
    governs,
    in_a_run,
    is_content,
    meaning_kind,
    meaning_kinds,
    reach,
)
from story.checking.text.participants import roles, spliced


def findings(alignment: Alignment) -> list[Finding]:
    """Every change of meaning the alignment shows, in claim order.

    Read once per alignment: the same sentence with the same quotes (a title repeated, a passage
    used twice, a sentence read by two rules) shares one alignment (:func:`~story.checking.text.align.align`).
    """
    kept = alignment.read.get("findings")
    if not isinstance(kept, tuple):
        found = _dropped(alignment) + _inserted_or_moved(alignment) + roles(alignment) + spliced(alignment)
        kept = alignment.read["findings"] = tuple(sorted(found, key=lambda finding: finding.claim_index))
    return list(kept)


def _claim_index_of(alignment: Alignment, quote: int, index: int) -> int | None:
    for claim_index, link in alignment.links.items():
        if link == (quote, index):
            return claim_index
    return None


def _leads_in(alignment: Alignment, quote: int, index: int) -> bool:
    """Whether the claim keeps the word of the quote just before a meaning word ("was" in "was not")."""
    tokens = alignment.quote_tokens[quote]
    k = index - 1
    while k >= 0 and tokens[k].kind == "mark":
        k -= 1
    return k >= 0 and alignment.is_kept(quote, k)


def _dropped(alignment: Alignment) -> list[Finding]:
    """Meaning words of a quote left out while words they govern are kept (one finding a clause)."""
    found: list[Finding] = []
    for q, tokens in enumerate(alignment.quote_tokens):
        claimed: dict[int, list[int]] = {}
        for j, kind in enumerate(meaning_kinds(tokens)):
            if kind is None or (q, j) in alignment.kept:
                continue
            governed = [k for k in governs(tokens, j, kind) if alignment.is_kept(q, k) and is_content(tokens[k])]
            if not _leads_in(alignment, q, j):
                governed = [k for k in governed if in_a_run(alignment, q, k)]
            if not governed:
                continue  # the whole clause it governs was left out
            at = min(c for k in governed if (c := _claim_index_of(alignment, q, k)) is not None)
            claimed.setdefault(at, []).append(j)
        for at, dropped in claimed.items():
            kinds = sorted({meaning_kind(tokens, j) or "" for j in dropped})
            found.append(Finding("dropped", at, q, tuple(dropped), " and ".join(kinds)))
    return found


def _inserted_or_moved(alignment: Alignment) -> list[Finding]:
    """Meaning words the claim adds, or puts where they govern other words than in the quote."""
    found: list[Finding] = []
    claim = alignment.claim_tokens
    for i, kind in enumerate(meaning_kinds(claim)):
        if kind is None:
            continue
        link = alignment.link(i)
        if i and claim[i - 1].lower == "how":
            continue  # "how many", "how much" ask; they claim nothing
        if link is None:
            found.append(Finding("inserted", i, -1, (), kind))
            continue
        q, j = link
        quote_kind = meaning_kind(alignment.quote_tokens[q], j)
        if quote_kind is None:
            if alignment.quote_tokens[q][j].lower != claim[i].lower:
                found.append(Finding("inserted", i, q, (j,), kind))
            continue  # the quote's own word, whose kind its edge hides ("the man has yet")
        quote_reach = set(clause(alignment.quote_tokens[q], j))
        for k in reach(claim, i, kind):
            other = alignment.link(k)
            if other is None or not is_content(claim[k]) or other[0] != q:
                continue  # words from another quote may go on where this one stops
            if other[1] not in quote_reach:
                found.append(Finding("moved", i, q, (j,), kind))
                break
    return found
