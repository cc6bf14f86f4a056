"""The meaning rules' corpus: claims that change what their quotes say, and faithful rewrites.

Each case aligns one claim sentence to its quotes (:mod:`story.checking.text.align`) and lists
what :func:`story.checking.text.meaning.findings` must report, in claim order. The sentences are
made up for the rules, not taken from the bundled story, so the rules are tried on wording they
were not written against; the story's own claims are mutated in test_meaning_mutations.py.
"""

from __future__ import annotations

import pytest

from story.checking.text.align import align
from story.checking.text.meaning import findings
from story.checking.text.proof import claim_pieces, diff_text, quote_pieces

CAUGHT: list[tuple[str, str, tuple[str, ...], list[str]]] = [
    ("negation dropped", "The guards fired at him.", ("the guards did not fire at him",), ["dropped"]),
    ("contracted negation dropped", "The guards fired at him.", ("the guards didn't fire at him",), ["dropped"]),
    ("never dropped", "The two sides exchanged fire.", ("the two sides never exchanged fire",), ["dropped"]),
    ("yet to dropped", "His identity has been confirmed.", ("his identity has yet to be confirmed",), ["dropped"]),
    ("no dropped", "There was an exchange of fire.", ("there was no exchange of fire",), ["dropped"]),
    ("without dropped", "He crossed with a weapon.", ("he crossed without a weapon",), ["dropped"]),
    (
        "modal would dropped",
        "This is the first such shooting.",
        ("this would be the first such shooting",),
        ["dropped"],
    ),
    ("modal could dropped", "The talks resume next week.", ("the talks could resume next week",), ["dropped"]),
    ("may dropped", "The bullet hit the building.", ("the bullet may have hit the building",), ["dropped"]),
    ("hedge presumed dropped", "The man is a farmer.", ("the man is presumed to be a farmer",), ["dropped"]),
    (
        "reportedly dropped",
        "Officials were impressed by the escape.",
        ("officials were reportedly impressed by the escape",),
        ["dropped"],
    ),
    ("conditional dropped", "They violated the treaty.", ("if they fired, they violated the treaty",), ["dropped"]),
    ("not clear if dropped", "He was hit twice.", ("it was not clear if he was hit twice",), ["dropped"]),
    ("about dropped", "Officers counted 30 shots.", ("officers counted about 30 shots",), ["dropped"]),
    ("more than dropped", "The crowd numbered 500 people.", ("the crowd numbered more than 500 people",), ["dropped"]),
    ("at least dropped", "He had four wounds.", ("he had at least four wounds",), ["dropped"]),
    ("at least dropped before a figure in words", "He had five wounds.", ("he had at least five wounds",), ["dropped"]),
    (
        "some dropped before a figure",
        "Each year 2,000 workers leave.",
        ("each year some 2,000 workers leave",),
        ["dropped"],
    ),
    ("some dropped before a noun", "Farmers left the village.", ("some farmers left the village",), ["dropped"]),
    ("negation inserted", "The guards did not fire at him.", ("the guards fired at him",), ["inserted"]),
    ("nobody for somebody", "Nobody was hurt.", ("somebody was hurt",), ["inserted"]),
    ("hedge inserted", "The soldiers reportedly fired at him.", ("the soldiers fired at him",), ["inserted"]),
    ("up to dropped", "The storm lasted 3 days.", ("the storm lasted up to 3 days",), ["dropped"]),
    (
        "negation dropped with its verb kept",
        "He crossed and was shot.",
        ("he did not cross and was shot",),
        ["dropped"],
    ),
    ("modal inserted", "The guards would fire at him.", ("the guards fired at him",), ["inserted"]),
    ("approximator inserted", "Officers counted about 30 shots.", ("officers counted 30 shots",), ["inserted"]),
    ("quantifier inserted", "Many farmers left the village.", ("farmers left the village",), ["inserted"]),
    ("negation moved", "He stopped, and was not shot.", ("he did not stop, and was shot",), ["moved"]),
    ("roles swapped", "The prisoner attacked the guards.", ("the guards attacked the prisoner",), ["roles"]),
    ("roles swapped with names", "Smith visited Jones.", ("Jones visited Smith",), ["roles"]),
    (
        "roles swapped in the passive",
        "The soldiers were rescued by him.",
        ("he was rescued by the soldiers",),
        ["roles"],
    ),
    (
        "figure from elsewhere in the same quote",
        "It fired 150 times.",
        ("it fired 40 times, and he ran 150 yards",),
        ["spliced"],
    ),
    (
        "passive agent made the patient",
        "The guards were attacked.",
        ("the prisoner was attacked by the guards",),
        ["roles"],
    ),
    (
        "active made passive without swapping",
        "The guards were attacked by the prisoner.",
        ("the guards attacked the prisoner",),
        ["roles"],
    ),
    (
        "figure moved to the other quote's noun",
        "The car drove 300 miles.",
        ("the car drove 40 miles", "a 300 page report"),
        ["spliced"],
    ),
    (
        "figure put in the quote's place",
        "Police fired 12 rounds.",
        ("police fired 9 rounds", "12 officers arrived"),
        ["spliced"],
    ),
    (
        "nationality swapped",
        "French troops crossed the river.",
        ("German troops crossed the river", "French troops waited"),
        ["spliced"],
    ),
    (
        "person swapped",
        "Minister Park signed the order.",
        ("Minister Kim signed the order", "Park objected"),
        ["spliced"],
    ),
    (
        "two figures traded between two quotes in one sentence",
        "The 20 boats left the northern port, and the southern port sent 300 boats.",
        ("the 300 boats left the northern port", "the southern port sent 20 boats"),
        ["spliced", "spliced"],
    ),
    (
        "two names traded between two clauses joined by a semicolon",
        "Minister Lee praised the pilots; Minister Park criticised the crew.",
        ("Minister Park praised the pilots", "Minister Lee criticised the crew"),
        ["spliced", "spliced"],
    ),
]

PASSES: list[tuple[str, str, tuple[str, ...]]] = [
    ("verbatim", "The guards did not fire at him.", ("the guards did not fire at him",)),
    (
        "two figures, each with its own noun, in one sentence",
        "The 300 boats left the northern port, and the southern port sent 20 boats.",
        ("the 300 boats left the northern port", "the southern port sent 20 boats"),
    ),
    (
        "two names, each kept with its own clause, joined by a semicolon",
        "Minister Park praised the pilots; Minister Lee criticised the crew.",
        ("Minister Park praised the pilots", "Minister Lee criticised the crew"),
    ),
    (
        "two clauses in the other order, each figure kept with its noun",
        "The southern port sent 20 boats; the 300 boats left the northern port.",
        ("the 300 boats left the northern port", "the southern port sent 20 boats"),
    ),
    (
        "shortened, governed clause dropped whole",
        "The soldier crossed the border.",
        ("the soldier, who was not armed, crossed the border",),
    ),
    ("relative clause dropped", "The driver escaped.", ("the driver, who had been drinking, escaped",)),
    ("relative clause with a negation dropped", "The man was shot.", ("the man who did not run was shot",)),
    ("passive kept with its agent", "The dam was built by Chinese engineers.", ("Chinese engineers built the dam",)),
    ("hedge kept in another form", "The man was presumed to be a farmer.", ("the man is presumed to be a farmer",)),
    ("negation kept, contraction expanded", "The guards did not fire.", ("the guards didn't fire",)),
    (
        "active to passive with the agent kept",
        "The prisoner was attacked by the guards.",
        ("the guards attacked the prisoner",),
    ),
    ("passive to active", "The guards attacked the prisoner.", ("the prisoner was attacked by the guards",)),
    ("pronoun case changes with voice", "He was rescued by two nurses.", ("two nurses rescued him",)),
    ("list reordered", "She visited Rome, Paris and Oslo.", ("she visited Oslo, Paris and Rome",)),
    ("list reversed", "The wounds were in the knee, hip and wrist.", ("the wounds were in the wrist, hip and knee",)),
    ("clause moved", "He had a fever after he crossed.", ("after he crossed he had a fever",)),
    (
        "adverbial fronted",
        "Each year, on average, about 900 students graduate.",
        ("about 900 students graduate each year on average",),
    ),
    (
        "two quotes, each figure on its own noun",
        "The car drove 40 miles and the report ran 300 pages.",
        ("the car drove 40 miles", "the report ran 300 pages"),
    ),
    ("approximator left out with its figure", "He had gunshot wounds.", ("he had at least five gunshot wounds",)),
    ("approximator kept", "Officers counted about 30 shots.", ("officers counted about 30 shots",)),
    ("more than kept", "The crowd numbered more than 500 people.", ("the crowd numbered more than 500 people",)),
    ("question asks how many", "How many shots did officers count?", ("officers counted 30 shots",)),
    (
        "conditional kept with the clause moved",
        "They violated the treaty if they fired.",
        ("if they fired, they violated the treaty",),
    ),
    ("tense changed", "The guards fire at him.", ("the guards fired at him",)),
    ("irregular form", "He ran to the gate.", ("he runs to the gate",)),
    ("modal kept", "This would be the first such shooting.", ("this would be the first such shooting",)),
    ("article added", "The farmers left a village.", ("farmers left the village",)),
    ("name kept", "Minister Kim signed the order.", ("Minister Kim signed the order", "Park objected")),
    ("conjunction joins two quotes", "The gate opened and the car left.", ("the gate opened", "the car left")),
]


@pytest.mark.parametrize(("name", "claim", "quotes", "kinds"), CAUGHT, ids=[case[0] for case in CAUGHT])
def test_a_change_of_meaning_is_caught(name: str, claim: str, quotes: tuple[str, ...], kinds: list[str]) -> None:
    assert [finding.kind for finding in findings(align(claim, quotes))] == kinds


@pytest.mark.parametrize(("name", "claim", "quotes"), PASSES, ids=[case[0] for case in PASSES])
def test_a_faithful_rewrite_passes(name: str, claim: str, quotes: tuple[str, ...]) -> None:
    alignment = align(claim, quotes)
    assert findings(alignment) == [], diff_text(claim_pieces(alignment))


def test_the_alignment_traces_every_word() -> None:
    alignment = align("He was a soldier, and he was shot.", ("it was not clear if he was a soldier", "he was shot"))
    assert diff_text(claim_pieces(alignment)) == "He was a soldier, {+and+} he was shot."
    assert diff_text(quote_pieces(alignment, 0)) == "[-it-] [-was-] [-!not-] [-clear-] [-!if-] he was a soldier"
    assert diff_text(quote_pieces(alignment, 1)) == "he was shot"


def test_a_moved_clause_stays_one_run() -> None:
    alignment = align("He had a fever after he crossed.", ("after he crossed he had a fever",))
    assert [(tile.at, tile.length) for tile in alignment.tiles] == [(3, 4), (0, 3)]
    assert alignment.inserted() == []
