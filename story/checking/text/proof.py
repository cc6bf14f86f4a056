"""The alignment made readable: what a claim kept of its quotes, what it left out, what it added.

Used by ``story check --explain`` (text and JSON) and by the player's source view. Words are
marked the way a word diff marks them: ``[-left out-]``, ``{+added+}``; a left-out word that
changes meaning (a negation, a hedge or modal, an approximator, a condition) is ``[-!word-]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from story.checking.text.align import Alignment, Token, align
from story.checking.text.claims import text_sentences, using_sentences
from story.checking.text.meaning_words import Finding, meaning_kind

CLOSING = frozenset(",.;:!?)]'\"”’")
"""Marks written against the word before them."""
OPENING = frozenset("([“‘")
"""Marks written against the word after them."""


@dataclass(frozen=True)
class Piece:
    """A run of text with how the claim treats it."""

    text: str
    state: str
    """``kept``, ``dropped``, ``meaning`` (a dropped meaning word), ``added`` or ``mark``."""
    space: bool | None = None
    """Whether a space comes before it where it was written (``None``: not known, guessed from
    the marks around it)."""


def _written(tokens: tuple[Token, ...], text: str, states: list[str]) -> list[Piece]:
    """Pieces as the tokens are written in ``text``: what the tokenizer leaves out between two
    tokens ("'s" of "man's", the hyphen of "low-crawled") stays with the token before it, and a
    space stands where the text has one."""
    pieces: list[Piece] = []
    for index, (token, state) in enumerate(zip(tokens, states, strict=True)):
        end = token.start + len(token.text)
        following = text[end : tokens[index + 1].start] if index + 1 < len(tokens) else ""
        attached = following.split(None, 1)[0] if following and not following[0].isspace() else ""
        before = text[tokens[index - 1].start + len(tokens[index - 1].text) : token.start] if index else ""
        pieces.append(Piece(token.text + attached, state, any(ch.isspace() for ch in before)))
    return pieces


def quote_pieces(alignment: Alignment, quote: int) -> list[Piece]:
    """The quote's words, each kept, dropped, or dropped with a meaning of its own."""
    tokens = alignment.quote_tokens[quote]
    states: list[str] = []
    for j, token in enumerate(tokens):
        if token.kind == "mark":
            states.append("mark")
        elif alignment.is_kept(quote, j):
            states.append("kept")
        elif meaning_kind(tokens, j) is not None:
            states.append("meaning")
        else:
            states.append("dropped")
    return _written(tokens, alignment.quotes[quote], states)


def claim_pieces(alignment: Alignment) -> list[Piece]:
    """The claim's words, each traced to a quote (kept) or added."""
    states = [
        "mark" if token.kind == "mark" else ("kept" if alignment.link(i) is not None else "added")
        for i, token in enumerate(alignment.claim_tokens)
    ]
    return _written(alignment.claim_tokens, alignment.claim, states)


def spaced(pieces: list[Piece]) -> list[tuple[Piece, bool]]:
    """Each piece, and whether a space goes before it: none before a closing mark or after an
    opening one, so the text reads as written."""
    previous = ""
    out: list[tuple[Piece, bool]] = []
    for index, piece in enumerate(pieces):
        if piece.space is not None:
            out.append((piece, index > 0 and piece.space))
        else:
            joined = (piece.state == "mark" and piece.text in CLOSING) or previous in OPENING
            out.append((piece, index > 0 and not joined))
        previous = piece.text
    return out


def diff_text(pieces: list[Piece]) -> str:
    """Pieces as one line, word-diff style: ``[-dropped-]``, ``[-!meaning-]``, ``{+added+}``."""
    forms = {"mark": "{}", "kept": "{}", "dropped": "[-{}-]", "meaning": "[-!{}-]", "added": "{{+{}+}}"}
    return "".join((" " if space else "") + forms[piece.state].format(piece.text) for piece, space in spaced(pieces))


def to_json(alignment: Alignment, findings: list[Finding]) -> dict[str, object]:
    """The alignment as data: every claim word with where it comes from, every quote word's fate."""

    def token(t: Token) -> dict[str, object]:
        return {"text": t.text, "start": t.start}

    return {
        "claim": alignment.claim,
        "words": [
            {**token(t), "from": list(alignment.links[i]) if i in alignment.links else None}
            for i, t in enumerate(alignment.claim_tokens)
            if t.kind != "mark"
        ],
        "quotes": [
            {
                "quote": alignment.quotes[q],
                "words": [
                    {**token(t), "state": piece.state}
                    for t, piece in zip(alignment.quote_tokens[q], quote_pieces(alignment, q), strict=True)
                    if t.kind != "mark"
                ],
            }
            for q in range(len(alignment.quotes))
        ],
        "findings": [
            {"kind": f.kind, "word": alignment.claim_tokens[f.claim_index].text, "what": f.what} for f in findings
        ],
    }


def made_from(text: str, quote: str) -> list[Alignment]:
    """How the sentences of a text that use a quote were made from it, one alignment a sentence."""
    sentences = text_sentences(text)
    return [align(text[slice(*sentences[index])], (quote,)) for index in using_sentences(text, quote)]
