"""What an alignment says about meaning: the words that change what the words around them mean.

A negation, a hedge or modal, an approximator or quantifier and a conditional each govern the
words after them in their clause (their reach). Dropping such a word while keeping a word it
governs changes the claim; dropping the whole clause it governs does not. Nothing here emits a
diagnostic: :func:`findings` lists what the meaning rules report.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from story.checking.text.align import Alignment, Token
from story.checking.text.stems import FUNCTION_WORDS, IRREGULAR

NEGATIONS = frozenset("not no never nor none nothing nobody nowhere neither without yet".split())
MODALS = frozenset("would could can may might should will shall must".split())
HEDGES = frozenset(
    """presumed presumably reportedly allegedly apparently possibly probably likely unlikely believed
    suspected appear appears appeared seem seems seemed unclear unconfirmed perhaps maybe
    suggest suggests suggested estimated""".split()
)
APPROXIMATORS = frozenset("about around approximately roughly nearly almost some several over under up".split())
"""Words that make a figure inexact; they count only before a figure (``about 40``, ``up to 3``)."""
QUANTIFIERS = frozenset("some several many few more less fewer least most all every each".split())
CONDITIONALS = frozenset("if unless whether".split())

KINDS = {
    **{word: "negation" for word in NEGATIONS},
    **{word: "modal" for word in MODALS},
    **{word: "hedge" for word in HEDGES},
    **{word: "condition" for word in CONDITIONALS},
}
"""Meaning words of every kind but approximators and quantifiers, which depend on what follows."""

CLAUSE_ENDS = frozenset(", ; : . ! ? ( ) \" -".split()) | {"but", "while", "which", "who", "whose", "whom", "because",
                                                          "although", "though", "and", "then"}  # fmt: skip
"""Where a clause ends. "or" does not: "yet to be established or disclosed" leaves both unsaid."""
REACH = 3
"""How many content words a meaning word governs at most, in its clause."""
SUBORDINATORS = frozenset("if unless whether when after before since until because although though".split())

FUNCTION = (FUNCTION_WORDS | {"also", "just", "then", "there", "here"}) - NEGATIONS - MODALS - CONDITIONALS
"""Glue: words that carry no fact of their own, for telling which kept words a meaning word governs."""

BE = frozenset("is are was were be been being get got gets am".split())


@dataclass(frozen=True)
class Finding:
    """Something the meaning rules report about one claim."""

    kind: str
    """``dropped``, ``inserted``, ``moved``, ``roles`` or ``spliced``."""
    claim_index: int
    """The claim token the finding is reported at."""
    quote: int
    """The quote concerned (-1 for none)."""
    quote_indexes: tuple[int, ...]
    """The quote tokens concerned: the dropped meaning words, the swapped participants..."""
    what: str
    """The kind of meaning word (negation, hedge...), or what was swapped."""


def meaning_kind(tokens: tuple[Token, ...], index: int) -> str | None:
    """The kind of meaning word at ``index``, or None."""
    return meaning_kinds(tokens)[index]


@lru_cache(maxsize=1 << 14)
def meaning_kinds(tokens: tuple[Token, ...]) -> tuple[str | None, ...]:
    """The kind of meaning word of every token (None for the rest); quotes are read once."""
    return tuple(_meaning_kind(tokens, index) for index in range(len(tokens)))


def _meaning_kind(tokens: tuple[Token, ...], index: int) -> str | None:
    token = tokens[index]
    if token.kind != "word":
        return None
    word = token.lower
    if word == "n't":
        return "negation"
    if word == "yet" and not _next_is(tokens, index, {"to"}):
        return None  # "yet" alone is a conjunction; "has yet to" is a negation
    if word in KINDS:
        return KINDS[word]
    if word in APPROXIMATORS and _figure_follows(tokens, index):
        return "approximator"
    if word in QUANTIFIERS:
        if word in {"more", "less", "fewer"} and _next_is(tokens, index, {"than"}):
            return "approximator"
        if word in {"least", "most"} and index and tokens[index - 1].lower == "at":
            return "approximator"
        if word in {"more", "less", "least"} or (word == "most" and index and tokens[index - 1].lower == "the"):
            return None  # a comparison ("more elaborate", "the most dangerous"), not an amount
        following = _next_word(tokens, index)
        if following is not None and (following.kind == "number" or following.lower not in FUNCTION):
            return "quantifier"
    return None


def _next_word(tokens: tuple[Token, ...], index: int) -> Token | None:
    for token in tokens[index + 1 :]:
        if token.kind != "mark":
            return token
        return None
    return None


def _next_is(tokens: tuple[Token, ...], index: int, words: set[str]) -> bool:
    following = _next_word(tokens, index)
    return following is not None and following.lower in words


def _figure_follows(tokens: tuple[Token, ...], index: int) -> bool:
    for token in tokens[index + 1 : index + 4]:
        if token.kind == "number":
            return True
        if token.kind == "mark" or token.lower not in {"than", "to", "least", "a", "an", "of"}:
            return False
    return False


def reach(tokens: tuple[Token, ...], index: int, kind: str) -> range:
    """The tokens a meaning word governs: the rest of its clause, or up to the figure it qualifies."""
    end = index + 1
    content = 0
    while end < len(tokens) and content < REACH:
        token = tokens[end]
        if token.kind == "mark" and token.key in CLAUSE_ENDS:
            break
        if end > index + 1 and (token.lower in CLAUSE_ENDS or token.lower in SUBORDINATORS):
            break
        end += 1
        content += is_content(token)
        if kind in {"approximator", "quantifier"} and token.kind == "number":
            break
        if kind == "quantifier" and token.kind == "word" and token.lower not in FUNCTION:
            break
    return range(index + 1, end)


def governs(tokens: tuple[Token, ...], index: int, kind: str) -> list[int]:
    """What a meaning word governs: its reach, and for a condition the claim it makes conditional.

    "If they fired, they violated the treaty": "if" governs "they fired" and, after the comma,
    "violated the treaty"; in "they violated the treaty if they fired", the words before it.
    """
    governed = list(reach(tokens, index, kind))
    if tokens[index].lower not in {"if", "unless"}:
        return governed  # "whether" asks; it makes nothing around it conditional
    end = governed[-1] + 1 if governed else index + 1
    if end < len(tokens) and tokens[end].key == ",":
        governed += list(reach(tokens, end, kind))
    before: list[int] = []
    k = index - 1
    while k >= 0 and len([i for i in before if is_content(tokens[i])]) < REACH:
        if tokens[k].kind == "mark" and tokens[k].key in CLAUSE_ENDS:
            break
        before.append(k)
        k -= 1
    return before[::-1] + governed


def is_content(token: Token) -> bool:
    """A figure, or a word that is neither glue nor a meaning word."""
    if token.kind == "number":
        return True
    word = token.lower
    return (
        token.kind == "word"
        and word not in FUNCTION
        and word not in KINDS
        and word not in QUANTIFIERS
        and (word not in APPROXIMATORS)
    )


def clause(tokens: tuple[Token, ...], index: int) -> range:
    """The rest of the clause a word stands in, however long."""
    end = index + 1
    while end < len(tokens):
        token = tokens[end]
        if token.kind == "mark" and token.key in CLAUSE_ENDS or token.lower in CLAUSE_ENDS:
            break
        end += 1
    return range(index + 1, end)


def is_verb_like(token: Token) -> bool:
    """A lowercase word that reads as a verb form: ``-ed``, ``-ing`` or an irregular past form."""
    word = token.lower
    if token.kind != "word" or not token.text[:1].islower() or word in FUNCTION:
        return False
    return (len(word) > 4 and word.endswith(("ed", "ing"))) or word in IRREGULAR


def findings(alignment: Alignment) -> list[Finding]:
    """Every change of meaning the alignment shows, in claim order."""
    found = _dropped(alignment) + _inserted_or_moved(alignment) + _roles(alignment) + _spliced(alignment)
    return sorted(found, key=lambda finding: finding.claim_index)


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


def _in_a_run(alignment: Alignment, quote: int, index: int) -> bool:
    """Whether a kept quote word came with a neighbour: a lone word may be the claim's own, met
    by chance in a quote the sentence uses for something else ("bullets" in another clause)."""
    return any(
        tile.quote == quote and tile.at <= index < tile.at + tile.length and tile.length > 1 for tile in alignment.tiles
    )


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
                governed = [k for k in governed if _in_a_run(alignment, q, k)]
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


def _roles(alignment: Alignment) -> list[Finding]:
    """Participants that trade places around a verb the claim keeps, unless the voice changed.

    "X shot Y" may become "Y was shot by X" (the agent moves behind "by"), never "Y shot X", and
    "Y was shot by X" never "X was shot" (the agent made the one acted upon).
    """
    found: list[Finding] = []
    claim = alignment.claim_tokens
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


def _spliced(alignment: Alignment) -> list[Finding]:
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
                used = _in_a_run(alignment, q, j) or (
                    alignment.is_kept(q, t - 1) and alignment.is_kept(q, t + 1)
                )  # the claim uses this stretch of the quote, not a lone word met in it by chance
                if (
                    used
                    and _same_kind(claim[c], quote[t])
                    and _is_name_place(alignment, c)
                    and not alignment.is_kept(q, t)
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
