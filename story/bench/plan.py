"""Plan stories of any size in which every line cites real quotes from the bundled articles.

The benchmark needs stories far larger than the bundled one that still pass ``story check``:
every text a player sees is a verbatim quote (or two) of an article and cites exactly that, so
every number and name it holds is supported. One :class:`Plan` is written two ways, as a story
folder (:func:`story.bench.yaml_story.write_story`) and as Ink source
(:func:`story.bench.ink_story.write_ink`), so that ``story check`` and an Ink compiler are given
the same story.

Shape of a generated story of ``n`` scenes: scene ``i`` offers "Read on" (to ``i + 1``) and
"Continue" (to ``i + 2``), every seventh scene also offers "Go back" (to ``i - 5``), every 100th
scene and the last are endings, every tenth scene asks a checkpoint, and every twentieth scene
unlocks a fact (every other one disputed, one account per article) and every fiftieth a glossary
term. Titles are "The" and one of the scene's own quoted words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from story.core.paths import bundled_story
from story.core.sources import Source
from story.loading.yamlsafe import load_file

STORY_TITLE = "A North Korean soldier's defection at Panmunjom"
STORY_CITES = (
    ("000", "A North Korean soldier was shot and wounded by his own troops as he defected"),
    ("004", 'the so-called border "peace village" of Panmunjom'),
)
"""The bundled story's own title and citations."""

QUESTION = "Which of these is in the article?"
VOCABULARY = ("article",)
"""Words the generated story uses beyond its quotes (declared as the story's vocabulary)."""

Cite = tuple[str, str]
"""(source id, quote)."""


@dataclass
class PlannedPassage:
    text: str
    cite: list[Cite]


@dataclass
class PlannedCheckpoint:
    question: PlannedPassage
    options: list[PlannedPassage]
    correct: int
    explanation: PlannedPassage


@dataclass
class PlannedScene:
    id: str
    title: str
    passages: list[PlannedPassage]
    choices: list[tuple[str, str]] = field(default_factory=list)
    """(label, target scene id)."""
    ending: bool = False
    checkpoint: PlannedCheckpoint | None = None
    unlocks: list[str] = field(default_factory=list)


@dataclass
class PlannedFact:
    id: str
    title: str
    text: PlannedPassage | None = None
    accounts: list[PlannedPassage] = field(default_factory=list)


@dataclass
class PlannedTerm:
    id: str
    term: str
    text: PlannedPassage


@dataclass
class Plan:
    """A whole generated story, before it is written in either language."""

    scenes: list[PlannedScene]
    facts: dict[str, PlannedFact]
    """By the id of the scene that unlocks them."""
    terms: dict[str, PlannedTerm]

    @property
    def citations(self) -> int:
        total = len(STORY_CITES)
        for scene in self.scenes:
            total += sum(len(p.cite) for p in scene.passages)
            if scene.checkpoint:
                checkpoint = scene.checkpoint
                total += len(checkpoint.explanation.cite) + sum(len(o.cite) for o in checkpoint.options)
        for fact in self.facts.values():
            total += sum(len(p.cite) for p in ([fact.text] if fact.text else []) + fact.accounts)
        total += sum(len(term.text.cite) for term in self.terms.values())
        return total


def seeds_folder() -> Path:
    """The bundled articles."""
    return bundled_story().parent / "seeds"


def load_seed_sources(seeds: Path | None = None) -> list[Source]:
    """The articles named by the bundled sources manifest (or by ``seeds/sources.yaml``, if given)."""
    manifest = seeds / "sources.yaml" if seeds else bundled_story() / "sources.yaml"
    seeds = manifest.parent
    root, _ = load_file(manifest.read_bytes(), str(manifest))
    assert root is not None, "the bundled sources manifest must load"
    sources = []
    entries = root.get("sources")
    for entry in entries.items() if entries is not None else []:
        source_id, file = entry.get("id"), entry.get("file")
        if source_id is None or file is None:
            continue
        path = seeds / file.text
        sources.append(Source(source_id.text, path, path.read_text(encoding="utf-8")))
    return sources


class QuotePool:
    """Draws verbatim quotes from the articles.

    Narration, facts and explanations are whole sentences of an article, cited as one quote or
    as two that split the sentence, so that every attribution ("according to...") and hedge
    ("presumed to be...") the article gives stays in the text. Checkpoint options and glossary
    terms are shorter runs of whole words inside one sentence.
    """

    MIN_WORDS = 4
    MAX_WORDS = 16

    def __init__(self, sources: list[Source], rng: random.Random) -> None:
        self.rng = rng
        self.sentences: dict[str, list[list[str]]] = {
            source.id: [s.text.split(" ") for s in source.sentences if s.text.count(" ") + 1 >= self.MIN_WORDS]
            for source in sources
        }
        self.ids = sorted(self.sentences)

    def words(self, source_id: str | None = None) -> tuple[str, list[str]]:
        """The words of one sentence, and its source id."""
        source_id = source_id or self.rng.choice(self.ids)
        return source_id, self.rng.choice(self.sentences[source_id])

    def span(self, source_id: str | None = None) -> PlannedPassage:
        """A run of whole words inside one sentence, as text and as its only quote."""
        source_id, words = self.words(source_id)
        size = self.rng.randint(self.MIN_WORDS, min(self.MAX_WORDS, len(words)))
        start = self.rng.randint(0, len(words) - size)
        quote = " ".join(words[start : start + size])
        return PlannedPassage(quote, [(source_id, quote)])

    def sentence(self, source_id: str | None = None, words: list[str] | None = None) -> PlannedPassage:
        """A whole sentence, cited whole or as two quotes that split it between words."""
        if words is None:
            source_id, words = self.words(source_id)
        assert source_id is not None
        text = " ".join(words)
        if len(words) < 2 * self.MIN_WORDS or self.rng.random() < 0.5:
            return PlannedPassage(text, [(source_id, text)])
        cut = self.rng.randint(self.MIN_WORDS, len(words) - self.MIN_WORDS)
        return PlannedPassage(text, [(source_id, " ".join(words[:cut])), (source_id, " ".join(words[cut:]))])

    def paragraph(self, count: int) -> PlannedPassage:
        """A paragraph of ``count`` whole sentences, each with its own quotes.

        Sentences are drawn at random from both articles, so that paragraphs rarely repeat:
        a long story of real prose repeats no paragraph, and neither should the benchmark.
        """
        parts = [self.sentence() for _ in range(count)]
        return PlannedPassage(" ".join(p.text for p in parts), [c for p in parts for c in p.cite])

    def sentence_with(self, span: PlannedPassage) -> PlannedPassage:
        """The whole sentence a span was taken from."""
        source_id, quote = span.cite[0]
        for words in self.sentences[source_id]:
            if quote in " ".join(words):
                return self.sentence(source_id, words)
        raise AssertionError("a span always comes from a sentence")


def label_for(passages: list[PlannedPassage], rng: random.Random) -> str:
    """A title made of one of the passages' own lowercase words: "The border"."""
    candidates = [word.strip(".,;:\"'()") for passage in passages for word in passage.text.split(" ")]
    candidates = [w for w in candidates if w.isalpha() and w.islower() and len(w) >= 5 and w not in _NOT_LABELS]
    return f"The {rng.choice(candidates)}" if candidates else "The article"


_NOT_LABELS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleven twelve twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred thousand million billion dozen twice three seven eight "
    "never nothing nobody nowhere neither without".split()
)
"""Number words and negations, which a title should not lift out of their sentence."""


def plan_story(scenes: int, seed: int = 0, sources: list[Source] | None = None) -> Plan:
    """Plan a story of ``scenes`` scenes (at least 2), the same for the same seed."""
    if scenes < 2:
        raise ValueError("a generated story needs at least 2 scenes")
    rng = random.Random(seed)
    pool = QuotePool(sources or load_seed_sources(), rng)
    width = max(5, len(str(scenes - 1)))
    ident = [f"s{i:0{width}d}" for i in range(scenes)]
    planned: list[PlannedScene] = []
    facts: dict[str, PlannedFact] = {}
    terms: dict[str, PlannedTerm] = {}
    for i in range(scenes):
        passages = [pool.paragraph(3)]
        scene = PlannedScene(ident[i], label_for(passages, rng), passages)
        scene.ending = i == scenes - 1 or i % 100 == 99
        if not scene.ending:
            scene.choices.append(("Read on", ident[i + 1]))
            if i + 2 < scenes:
                scene.choices.append(("Continue", ident[i + 2]))
            if i % 7 == 3 and i >= 5:
                scene.choices.append(("Go back", ident[i - 5]))
        if i % 10 == 5:
            options: list[PlannedPassage] = []
            while len(options) < 3:
                option = pool.span()
                if all(option.text.lower() != other.text.lower() for other in options):
                    options.append(option)
            correct = rng.randrange(len(options))
            scene.checkpoint = PlannedCheckpoint(
                PlannedPassage(QUESTION, []), options, correct, pool.sentence_with(options[correct])
            )
        if i % 20 == 0:
            fact = PlannedFact(f"f{i:0{width}d}", "")
            if (i // 20) % 2:
                fact.accounts = [pool.sentence(source_id) for source_id in pool.ids]
                fact.title = label_for(fact.accounts, rng)
            else:
                fact.text = pool.paragraph(2)
                fact.title = label_for([fact.text], rng)
            facts[scene.id] = fact
            scene.unlocks.append(fact.id)
        if i % 50 == 25:
            text = pool.sentence()
            term_words = [w for w in text.text.split(" ") if w.isalpha() and w.islower() and w not in _NOT_LABELS]
            term = PlannedTerm(f"g{i:0{width}d}", max(term_words, key=len) if term_words else "article", text)
            terms[scene.id] = term
            scene.unlocks.append(term.id)
        planned.append(scene)
    return Plan(planned, facts, terms)
