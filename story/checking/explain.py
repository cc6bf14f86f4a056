"""``story check --explain FILE:LINE``: the proof behind one text, word by word.

For the visible text at a line, each sentence is shown against the quotes it uses: the quote
with the words the sentence keeps, the words it leaves out (meaning words marked) and the words
it adds, then what the meaning rules found in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from story.checking.rules.meaning import Claim, claims_of
from story.checking.text.meaning import findings
from story.checking.text.meaning_words import Finding
from story.checking.text.proof import claim_pieces, diff_text, quote_pieces, to_json
from story.core.model import Story
from story.core.queries import visible_texts

LEGEND = "kept words as they are, [-left out-], [-!left out, and it changes the meaning-], {+added+}"


@dataclass(frozen=True)
class Explanation:
    """One sentence of a text, its alignment and what the rules read in it."""

    claim: Claim
    findings: list[Finding]
    sentence: int
    """Which sentence of its text, from 1."""
    sentences: int


def explain(story: Story, file: Path, line: int) -> list[Explanation]:
    """The alignments of the text at a line of a story file: the text the line is in, or else the
    last text that starts above it (so the line of a quote explains the text it backs). Empty when
    no cited text starts at or above the line."""
    target = file.resolve()
    above = [
        (text, cites, what)
        for text, cites, what in visible_texts(story)
        if cites and text.pos.line <= line and Path(text.pos.file).resolve() == target
    ]
    inside = [item for item in above if line <= max(item[0].end_line, item[0].pos.line)]
    chosen: list[Claim] = []
    for text, cites, what in chain(reversed(inside), reversed(above)):  # only the text wanted is aligned
        chosen = list(claims_of(text, cites, what))
        if chosen:
            break
    return [Explanation(claim, findings(claim.alignment), index + 1, len(chosen)) for index, claim in enumerate(chosen)]


def render_text(explanations: list[Explanation]) -> str:
    """The explanations as the terminal shows them."""
    lines = [f"legend: {LEGEND}"]
    for explanation in explanations:
        claim = explanation.claim
        lines.append("")
        lines.append(f"{claim.text.pos}: {claim.what}, sentence {explanation.sentence} of {explanation.sentences}")
        lines.append(f"  text:  {diff_text(claim_pieces(claim.alignment))}")
        for index, citation in enumerate(claim.cites):
            where = f", line {citation.match.line}" if citation.match is not None else ""
            lines.append(f"  quote {index + 1} (article {citation.source}{where}):")
            lines.append(f"         {diff_text(quote_pieces(claim.alignment, index))}")
        if explanation.findings:
            for finding in explanation.findings:
                word = claim.alignment.claim_tokens[finding.claim_index].text
                lines.append(f"  found: {finding.kind} {finding.what} at {word!r}".rstrip())
        else:
            lines.append("  found: nothing; every word is traced and every meaning word kept")
    return "\n".join(lines)


def render_json(explanations: list[Explanation]) -> list[dict[str, object]]:
    """The explanations as data, for ``--format json``."""
    return [
        {
            "file": explanation.claim.text.pos.file,
            "line": explanation.claim.text.pos.line,
            "kind": explanation.claim.what,
            "sentence": explanation.sentence,
            "sources": [citation.source for citation in explanation.claim.cites],
            **to_json(explanation.claim.alignment, explanation.findings),
        }
        for explanation in explanations
    ]
