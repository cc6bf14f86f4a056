"""Generate stories of any size in which every line cites real quotes from the bundled articles.

The benchmark needs stories far larger than the bundled one that still pass ``story check``:
every text a player sees is a verbatim quote (or two) of an article and cites exactly that, so
every number and name it holds is supported. One :class:`Plan` is written two ways, as a story
folder (:func:`write_story`) and as Ink source (:func:`write_ink`), so that ``story check`` and an
Ink compiler are given the same story.

Shape of a generated story of ``n`` scenes: scene ``i`` offers "Read on" (to ``i + 1``) and
"Continue" (to ``i + 2``), every seventh scene also offers "Go back" (to ``i - 5``), every 100th
scene and the last are endings, every tenth scene asks a checkpoint, and every twentieth scene
unlocks a fact (every other one disputed, one account per article) and every fiftieth a glossary
term. Titles are "The" and one of the scene's own quoted words.

Run ``python3 -m story.bench.generate 1000 OUT`` to write one by hand.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from story.core.paths import bundled_story
from story.core.sources import Source
from story.loading.yamlsafe import load_file

SCENES_PER_FILE = 100
"""Scenes per generated YAML file, the way an author splits a long story into chapters."""

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
    """The bundled articles and their manifest."""
    return bundled_story().parent / "seeds"


def load_seed_sources(seeds: Path | None = None) -> list[Source]:
    """The articles named by the bundled sources manifest."""
    seeds = seeds or seeds_folder()
    manifest = seeds / "sources.yaml"
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


# -- YAML ---------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _cite_lines(cites: list[Cite], indent: str) -> list[str]:
    lines = [f"{indent}cite:"]
    for source_id, quote in cites:
        lines.append(f'{indent}  - source: "{source_id}"')
        lines.append(f"{indent}    quote: {_quoted(quote)}")
    return lines


def _passage_lines(passage: PlannedPassage, indent: str, first: str = "- ") -> list[str]:
    return [f"{indent}{first}text: {_quoted(passage.text)}", *_cite_lines(passage.cite, indent + "  ")]


def _scene_yaml(scene: PlannedScene) -> list[str]:
    lines = [f"  - id: {scene.id}", f"    title: {_quoted(scene.title)}", "    passages:"]
    for passage in scene.passages:
        lines += _passage_lines(passage, "      ")
    if scene.unlocks:
        lines.append(f"    unlocks: [{', '.join(scene.unlocks)}]")
    checkpoint = scene.checkpoint
    if checkpoint:
        lines += ["    checkpoint:", f"      question: {_quoted(checkpoint.question.text)}", "      options:"]
        for index, option in enumerate(checkpoint.options):
            lines += _passage_lines(option, "        ")
            if index == checkpoint.correct:
                lines.append("          correct: true")
        lines += _passage_lines(checkpoint.explanation, "      ", "explanation:\n        ")
    if scene.ending:
        lines.append("    ending: true")
    else:
        lines.append("    choices:")
        for label, target in scene.choices:
            lines += [f"      - label: {_quoted(label)}", f"        target: {target}"]
    return lines


def _fact_yaml(fact: PlannedFact) -> list[str]:
    lines = [f"  - id: {fact.id}", f"    title: {_quoted(fact.title)}"]
    if fact.text:
        lines.append(f"    text: {_quoted(fact.text.text)}")
        lines += _cite_lines(fact.text.cite, "    ")
    else:
        lines.append("    accounts:")
        for account in fact.accounts:
            lines += _passage_lines(account, "      ")
    return lines


def _term_yaml(term: PlannedTerm) -> list[str]:
    return [
        f"  - id: {term.id}",
        f"    term: {_quoted(term.term)}",
        f"    text: {_quoted(term.text.text)}",
        *_cite_lines(term.text.cite, "    "),
    ]


def write_story(plan: Plan, root: Path, seeds: Path | None = None) -> Path:
    """Write a planned story as a story folder, with a copy of the articles beside it.

    Args:
        plan: The story.
        root: An empty or missing folder. ``root/story`` gets the YAML files and
            ``root/seeds`` the articles and their manifest.
        seeds: Where the articles are (the bundled ones by default).

    Returns:
        The story folder, ready for ``story check``.
    """
    story_dir, seeds_dir = root / "story", root / "seeds"
    story_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(seeds or seeds_folder(), seeds_dir, dirs_exist_ok=True)
    header = ["story:", f"  title: {_quoted(STORY_TITLE)}"]
    header += _cite_lines(list(STORY_CITES), "  ")
    header += [f"  start: {plan.scenes[0].id}", "  sources: ../seeds/sources.yaml"]
    if any(scene.checkpoint for scene in plan.scenes):  # the only text that needs the vocabulary
        header += [f"  vocabulary: [{', '.join(VOCABULARY)}]"]
    (story_dir / "story.yaml").write_text("\n".join(header) + "\n", encoding="utf-8")
    for chapter, first in enumerate(range(0, len(plan.scenes), SCENES_PER_FILE)):
        scenes = plan.scenes[first : first + SCENES_PER_FILE]
        lines = ["scenes:"]
        for scene in scenes:
            lines += _scene_yaml(scene)
        facts = [plan.facts[s.id] for s in scenes if s.id in plan.facts]
        if facts:
            lines.append("facts:")
            for fact in facts:
                lines += _fact_yaml(fact)
        terms = [plan.terms[s.id] for s in scenes if s.id in plan.terms]
        if terms:
            lines.append("glossary:")
            for term in terms:
                lines += _term_yaml(term)
        (story_dir / f"chapter-{chapter:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return story_dir


# -- Ink ----------------------------------------------------------------------------------

_INK_SPECIAL = set("\\{}[]|#<>-/~*+=")


def ink_escape(text: str) -> str:
    """Text as literal Ink content: every character Ink might read as syntax is escaped."""
    return "".join("\\" + c if c in _INK_SPECIAL else c for c in text)


def _ink_passage(passage: PlannedPassage) -> str:
    tags = " ".join(f"#cite {source_id}: {ink_escape(quote)}" for source_id, quote in passage.cite)
    return f"{ink_escape(passage.text)} {tags}".rstrip()


def ink_source(plan: Plan) -> str:
    """The planned story as one Ink file: a knot per scene, fact and glossary term.

    Citations become tags, choices sticky choices, a checkpoint a choice block whose gather
    holds the explanation, and an ending ``-> END``.
    """
    lines = [f"# title: {ink_escape(STORY_TITLE)}", f"-> {plan.scenes[0].id}", ""]
    for scene in plan.scenes:
        lines += [f"== {scene.id} ==", f"# title: {ink_escape(scene.title)}"]
        lines += [_ink_passage(passage) for passage in scene.passages]
        for entry in scene.unlocks:
            lines.append(f"# unlocks: {entry}")
        if scene.checkpoint:
            checkpoint = scene.checkpoint
            lines.append(ink_escape(checkpoint.question.text))
            for option in checkpoint.options:
                lines.append(f"+ [{_ink_passage(option)}]")
            lines.append(f"- {_ink_passage(checkpoint.explanation)}")
        if scene.ending:
            lines.append("-> END")
        else:
            for label, target in scene.choices:
                lines.append(f"+ [{ink_escape(label)}] -> {target}")
        lines.append("")
    for fact in plan.facts.values():
        lines += [f"== {fact.id} ==", f"# title: {ink_escape(fact.title)}"]
        lines += [_ink_passage(p) for p in ([fact.text] if fact.text else fact.accounts)]
        lines += ["-> DONE", ""]
    for term in plan.terms.values():
        lines += [f"== {term.id} ==", f"# term: {ink_escape(term.term)}", _ink_passage(term.text), "-> DONE", ""]
    return "\n".join(lines)


def write_ink(plan: Plan, file: Path) -> Path:
    """Write the planned story as Ink source."""
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(ink_source(plan), encoding="utf-8")
    return file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write a generated story that passes `story check`")
    parser.add_argument("scenes", type=int, help="how many scenes (at least 2)")
    parser.add_argument("out", type=Path, help="folder to write (story/ and seeds/ inside)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ink", action="store_true", help="also write story.ink")
    args = parser.parse_args(argv)
    plan = plan_story(args.scenes, args.seed)
    story_dir = write_story(plan, args.out)
    print(f"{story_dir}: {len(plan.scenes)} scenes, {plan.citations} citations")
    if args.ink:
        print(write_ink(plan, args.out / "story.ink"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
