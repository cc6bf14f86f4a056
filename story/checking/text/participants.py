"""Who did what, and which figure or name goes with which words: what an alignment shows of roles.

Around a verb the claim keeps, the participants must keep the parts they have in the quote (a
change of voice with "by" keeps them); a figure or a name must stay with the words it belongs to.
Nothing here emits a diagnostic.
"""

from __future__ import annotations

from story.checking.text.align import Alignment, Token
from story.checking.text.meaning_words import (
    BE,
    FUNCTION,
    Finding,
    in_a_run,
    is_content,
    is_verb_like,
)

PERSONAL = frozenset("he she they we i it you".split())
"""Personal pronouns, by their key (every case of one is one key): participants like any noun."""


def _is_participant(token: Token) -> bool:
    return is_content(token) or (token.kind == "word" and token.key in PERSONAL)


def _by_agent(tokens: tuple[Token, ...], verb: int, participant: int) -> bool:
    """Whether the participant after a verb is its agent: "shot by soldiers"."""
    return participant > verb and any(token.lower == "by" for token in tokens[verb + 1 : participant])


def _passive(tokens: tuple[Token, ...], verb: int) -> bool:
    """Whether a form of "be" stands just before the verb (a passive, without its agent perhaps)."""
    return any(token.lower in BE for token in tokens[max(0, verb - 3) : verb])


def _only_list_glue(tokens: tuple[Token, ...], start: int, end: int) -> bool:
    between = tokens[start + 1 : end]
    return bool(between) and all(token.kind == "mark" or token.lower in {"and", "or"} for token in between)


def _may_change_roles(alignment: Alignment) -> bool:
    """Whether roles can have changed at all: some words come in another order than in their
    quote, or "by" stands in the claim or a quote (a change of voice, or a passive's agent)."""
    if any(token.lower == "by" for token in alignment.claim_tokens):
        return True
    if any(token.lower == "by" for tokens in alignment.quote_tokens for token in tokens):
        return True
    last: dict[int, int] = {}
    for index in sorted(alignment.links):
        quote, at = alignment.links[index]
        if at < last.get(quote, -1):
            return True
        last[quote] = at
    return False


def roles(alignment: Alignment) -> list[Finding]:
    """Participants that trade places around a verb the claim keeps, unless the voice changed.

    "X shot Y" may become "Y was shot by X" (the agent moves behind "by"), never "Y shot X", and
    "Y was shot by X" never "X was shot" (the agent made the one acted upon).
    """
    found: list[Finding] = []
    claim = alignment.claim_tokens
    if not _may_change_roles(alignment):
        return found
    content = [i for i in range(len(claim)) if _is_participant(claim[i]) and i in alignment.links]
    for position, p in enumerate(content):
        q, qp = alignment.links[p]
        quote = alignment.quote_tokens[q]
        if not (is_verb_like(claim[p]) and is_verb_like(quote[qp])):
            continue
        before = [a for a in content[:position] if alignment.links[a][0] == q]
        after = [b for b in content[position + 1 :] if alignment.links[b][0] == q]
        if before and after:
            a, b = before[-1], after[0]
            qa, qb = alignment.links[a][1], alignment.links[b][1]
            near = abs(qa - qp) <= 12 and abs(qb - qp) <= 12
            listed = _only_list_glue(quote, min(qa, qp), max(qa, qp)) or _only_list_glue(
                quote, min(qb, qp), max(qb, qp)
            )
            inverted, kept_order = qb < qp < qa, qa < qp < qb
            if near and not listed and (inverted or kept_order):
                voice_changed = _by_agent(claim, p, b) != _by_agent(quote, qp, max(qa, qb))
                if inverted != voice_changed:
                    found.append(Finding("roles", a, q, (qa, qp, qb), claim[p].text))
                    continue
        # A passive claim whose subject is the quote's agent ("X was shot" of "he was shot by X").
        if before and _passive(claim, p):
            a = before[-1]
            qa = alignment.links[a][1]
            if _by_agent(quote, qp, qa) and qa - qp <= 12:
                found.append(Finding("roles", a, q, (qp, qa), claim[p].text))
    return found


def _same_kind(one: Token, other: Token) -> bool:
    """Two figures, or two names (capitalised words that are not glue; see :func:`_names`)."""
    if one.kind == "number" or other.kind == "number":
        return one.kind == other.kind == "number"
    return (
        one.kind == other.kind == "word"
        and one.text[:1].isupper()
        and other.text[:1].isupper()
        and one.lower not in FUNCTION
        and other.lower not in FUNCTION
    )


def spliced(alignment: Alignment) -> list[Finding]:
    """A figure or name put in the place of the quote's own, or onto a noun of another quote.

    Where two neighbouring words of the claim come from different places (a seam), the claim is
    read on across the seam in each place's quote. Where the words stop agreeing at a figure or a
    name of the quote's that the claim left out, the claim has put its own in its place.
    """
    found: dict[int, Finding] = {}
    claim = alignment.claim_tokens
    words = [i for i, token in enumerate(claim) if token.kind != "mark"]
    for left, right in zip(words, words[1:], strict=False):
        one, other = alignment.link(left), alignment.link(right)
        if one is None or other is None or (one[0] == other[0] and other[1] == one[1] + 1):
            continue
        for start, (q, j), step in ((right, other, -1), (left, one, 1)):
            quote = alignment.quote_tokens[q]
            k = 1
            while True:
                c, t = start + step * k, j + step * k
                if not (0 <= c < len(claim) and 0 <= t < len(quote)):
                    break
                if claim[c].kind == "mark" or quote[t].kind == "mark":
                    break
                if claim[c].key == quote[t].key:
                    k += 1
                    continue
                used = in_a_run(alignment, q, j) or (
                    alignment.is_kept(q, t - 1) and alignment.is_kept(q, t + 1)
                )  # the claim uses this stretch of the quote, not a lone word met in it by chance
                if (
                    used
                    and _same_kind(claim[c], quote[t])
                    and _is_name_place(alignment, c)
                    and (not alignment.is_kept(q, t) or _stranded(alignment, q, t))
                ):
                    found.setdefault(c, Finding("spliced", c, q, (t,), quote[t].text))
                break
    for i, token in enumerate(claim):
        link = alignment.link(i)
        if token.kind != "number" or link is None or i in found:
            continue
        noun = _counted(alignment, i)
        if noun is not None and alignment.links[noun][0] != link[0] and _counts_its_own(alignment, *link):
            found[i] = Finding("spliced", i, alignment.links[noun][0], (alignment.links[noun][1],), "")
    return list(found.values())


def _stranded(alignment: Alignment, quote: int, index: int) -> bool:
    """Whether the claim keeps a quote's figure or name only as a short run set among words of
    another quote: the two traded places ("the 20 shots ... fired 40 shots" of "the 40 shots" and
    "fired 20 shots"; "Minister Lee praised ...; Minister Park criticised ...")."""
    tile = next(
        (t for t in alignment.tiles if t.quote == quote and t.at <= index < t.at + t.length),
        None,
    )
    if tile is None or tile.length > 3:
        return False
    claim = alignment.claim_tokens
    before = next((k for k in range(tile.claim - 1, -1, -1) if claim[k].kind != "mark"), None)
    after = next((k for k in range(tile.claim + tile.length, len(claim)) if claim[k].kind != "mark"), None)
    sides = [(k, alignment.link(k)) for k in (before, after) if k is not None]
    if any(link == (quote, tile.at - 1) or link == (quote, tile.at + tile.length) for _, link in sides):
        return False  # the run goes on in its own quote
    return any(link is not None and link[0] != quote for _, link in sides)


def _is_name_place(alignment: Alignment, index: int) -> bool:
    """Whether a capital letter on a claim word marks a name.

    At the start of a sentence a capital proves nothing, so there the word counts as a name when
    the quote it comes from capitalises it too.
    """
    claim = alignment.claim_tokens
    if claim[index].kind == "number":
        return True
    starts = index == 0 or (claim[index - 1].kind == "mark" and claim[index - 1].key in {".", ":", "!", "?", '"'})
    if not starts:
        return True
    link = alignment.link(index)
    return link is not None and alignment.quote_tokens[link[0]][link[1]].text[:1].isupper()


def _counts_its_own(alignment: Alignment, quote: int, index: int) -> bool:
    """Whether a figure's quote goes on to the noun it counts, which the claim leaves out.

    A quote that stops at the figure ("more than 1,000" and then "North Koreans have fled") says
    nothing of what it counts, so another quote may give the noun.
    """
    tokens = alignment.quote_tokens[quote]
    for k in range(index + 1, min(len(tokens), index + 3)):
        if tokens[k].kind == "mark":
            return False
        if is_content(tokens[k]):
            return not alignment.is_kept(quote, k)
    return False


def _counted(alignment: Alignment, index: int) -> int | None:
    """The claim token a figure counts: the next content word, if the claim traces it to a quote."""
    claim = alignment.claim_tokens
    for k in range(index + 1, min(len(claim), index + 3)):
        if claim[k].kind == "mark":
            return None
        if is_content(claim[k]):
            return k if alignment.link(k) is not None else None
    return None
