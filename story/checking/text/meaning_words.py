"""The meaning words and what they govern: the vocabulary the meaning rules read an alignment with.

A negation, a hedge or modal, an approximator or quantifier and a conditional each govern the
words after them in their clause (their reach). Nothing here emits a diagnostic.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from story.checking.text.align import Alignment, Token
from story.checking.text.stems import FUNCTION_WORDS, IRREGULAR
from story.checking.text.tokens import NUMBER_WORDS

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
AUXILIARIES = BE | {"has", "have", "had", "do", "does", "did"}
"""After a governed word, one of these starts another predicate, which the meaning word does not reach."""


class Finding(NamedTuple):
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


def has_meaning_word(tokens: tuple[Token, ...]) -> bool:
    """Whether any token is a meaning word."""
    return any(kind is not None for kind in meaning_kinds(tokens))


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


def _is_figure(token: Token) -> bool:
    """A figure in digits or in words ("40", "five")."""
    return token.kind == "number" or token.lower in NUMBER_WORDS


def _figure_follows(tokens: tuple[Token, ...], index: int) -> bool:
    for token in tokens[index + 1 : index + 4]:
        if _is_figure(token):
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
        if content and token.lower in AUXILIARIES:
            break  # a new predicate: "the man who did not run | was shot"
        end += 1
        content += is_content(token)
        if kind in {"approximator", "quantifier"} and _is_figure(token):
            break  # "at least five": the approximator qualifies the figure, not what it counts
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


def in_a_run(alignment: Alignment, quote: int, index: int) -> bool:
    """Whether a kept quote word came with a neighbour: a lone word may be the claim's own, met
    by chance in a quote the sentence uses for something else ("bullets" in another clause)."""
    return any(
        tile.quote == quote and tile.at <= index < tile.at + tile.length and tile.length > 1 for tile in alignment.tiles
    )
