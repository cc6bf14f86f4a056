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


def quote_pieces(alignment: Alignment, quote: int) -> list[Piece]:
    """The quote's words, each kept, dropped, or dropped with a meaning of its own."""
    tokens = alignment.quote_tokens[quote]
    pieces: list[Piece] = []
    for j, token in enumerate(tokens):
        if token.kind == "mark":
            state = "mark"
        elif alignment.is_kept(quote, j):
            state = "kept"
        elif meaning_kind(tokens, j) is not None:
            state = "meaning"
        else:
            state = "dropped"
        pieces.append(Piece(token.text, state))
    return pieces


def claim_pieces(alignment: Alignment) -> list[Piece]:
    """The claim's words, each traced to a quote (kept) or added."""
    pieces: list[Piece] = []
    for i, token in enumerate(alignment.claim_tokens):
        if token.kind == "mark":
            pieces.append(Piece(token.text, "mark"))
        else:
            pieces.append(Piece(token.text, "kept" if alignment.link(i) is not None else "added"))
    return pieces


def spaced(pieces: list[Piece]) -> list[tuple[Piece, bool]]:
    """Each piece, and whether a space goes before it: none before a closing mark or after an
    opening one, so the text reads as written."""
    previous = ""
    out: list[tuple[Piece, bool]] = []
    for index, piece in enumerate(pieces):
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
    return [align(text[slice(*sentences[index])], (quote,)) for index in using_sentences(text, sentences, quote)]
