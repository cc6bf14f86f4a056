"""The proof reads as the text was written: marks, possessives and hyphens where they stand."""

from __future__ import annotations

import pytest

from story.checking.text.proof import Piece, claim_pieces, diff_text, made_from, quote_pieces, spaced


def _plain(pieces: list[Piece]) -> str:
    return "".join((" " if space else "") + piece.text for piece, space in spaced(pieces))


@pytest.mark.parametrize(
    ("claim", "quote"),
    [
        ('In "Hail of Bullets", the man\'s name was given.', "the man's name was given"),
        ("South Korean troops low-crawled to the wounded man.", "South Korean troops low-crawled to the wounded man"),
        ("He didn't stop (not once), officials said.", "He didn't stop, officials said"),
        ("It was “the so-called border” village.", "the so-called border village"),
    ],
)
def test_the_proof_shows_each_text_as_written(claim: str, quote: str) -> None:
    (alignment,) = made_from(claim, quote)
    assert _plain(claim_pieces(alignment)) == claim
    assert _plain(quote_pieces(alignment, 0)) == quote


def test_a_possessive_and_a_quoted_title_are_marked_as_written() -> None:
    (alignment,) = made_from('In "Hail of Bullets", the man\'s name is given.', "the man's name was given")
    assert diff_text(claim_pieces(alignment)) == '{+In+} "{+Hail+} {+of+} {+Bullets+}", the man\'s name {+is+} given.'
    assert diff_text(quote_pieces(alignment, 0)) == "the man's name [-was-] given"
