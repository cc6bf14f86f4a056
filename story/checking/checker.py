"""`story check`: load a story and run every rule that proves it invents nothing.

:func:`check_path` runs the loader and each rule of :data:`story.checking.rules.RULES` and returns
a :class:`Report`; it never prints. The rules live one family to a module in
:mod:`story.checking.rules`, the text helpers they share in :mod:`story.checking.text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from story.checking.rules import STORY_RULES, TEXT_RULES, Rule, load
from story.core.diagnostics import Diagnostic, sort_diagnostics
from story.core.model import Story
from story.core.parallel import alongside, in_parts
from story.core.queries import visible_texts
from story.core.sources import Coverage
from story.loading.collector import paused_gc
from story.loading.files import StoryFiles
from story.loading.loader import load_story

if TYPE_CHECKING:
    from story.checking.verdicts import Verdicts  # imported when there is a cache to read
    from story.loading.parsed import ParsedFiles  # a check with --no-cache never imports it


@dataclass
class Report:
    """Everything `story check` found."""

    story: Story | None
    diagnostics: list[Diagnostic]
    coverage: list[Coverage] = field(default_factory=list)
    files: StoryFiles = field(default_factory=StoryFiles)
    """The files read: their lines, and a hash of each."""

    @property
    def inputs(self) -> dict[str, str]:
        """Every file read, with a hash of its bytes (see :attr:`StoryFiles.inputs`)."""
        return self.files.inputs

    @property
    def errors(self) -> int:
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(not d.is_error for d in self.diagnostics)


ALONGSIDE = 300
"""Scenes from which a story's ordinary words are read in a process of their own, while the rules
that read the story as a whole run in this one, which take longer (about 300 ms against 70 on the
generated story of 10,000 scenes)."""

FORKED_JUDGING = 0.05
"""What judging texts in a forked process costs beyond judging them, as a share of it (see
:func:`story.core.parallel.in_parts`): about 6% on the generated story of 10,000 scenes, mostly
copying the pages of the story the process touches."""

TEXTS_AT_ONCE = 512
"""How many texts every text rule reads before the next ones: fewer than the texts whose words
are cached (:func:`story.checking.text.tokens.tokens`), so that each text is read into words once."""


def check_path(
    path: Path | str,
    extra_rules: list[Rule] | None = None,
    verdicts: Verdicts | None = None,
    parsed: ParsedFiles | None = None,
) -> Report:
    """Load a story folder and run every rule on it.

    Args:
        path: Story folder (or a file in it).
        extra_rules: Further rules to run after the built-in ones.
        verdicts: Cached verdicts of the text rules to read and update (``story check`` keeps
            them in the user's cache folder); ``None`` judges every text afresh.
        parsed: The cache of parsed files (:mod:`story.loading.parsed`); ``None`` parses every file.

    Returns:
        The report, with diagnostics sorted by file and line.
    """
    with paused_gc():
        story, diagnostics, files = load_story(path, parsed)
        coverage: list[Coverage] = []
        if story is not None:
            diagnostics.extend(run_rules(story, files, verdicts))
            for rule in extra_rules or []:
                diagnostics.extend(rule(story, files))
            coverage = measure_coverage(story)
    return Report(story, sort_diagnostics(diagnostics), coverage, files)


def run_rules(story: Story, files: StoryFiles, verdicts: Verdicts | None = None) -> list[Diagnostic]:
    """Every built-in rule's diagnostics; each text's from ``verdicts`` when they hold it.

    A text whose verdict is not cached is judged by every text rule and its verdict kept. The
    text rules are imported only when some text needs them.
    """
    from story.checking.rules.texts import VisibleText, ordinary_read, remember_ordinary
    from story.checking.rules.vocabulary import check_vocabulary, needed_stems
    from story.checking.text.details import lowercase_words, ordinary_words

    def whole_story() -> list[Diagnostic]:
        return [d for rule in load(STORY_RULES) for d in rule(story, files)]

    if verdicts is None:
        rules = load(TEXT_RULES)
        # The story's ordinary words are read from the whole story once, before the texts are
        # shared out. In a large story, another process reads them while this one runs the rules
        # that read the story as a whole.
        texts = list(visible_texts(story))
        read = list(dict.fromkeys(ordinary_read(story, texts)))
        lowercase: set[str] | frozenset[str]
        if len(story.scenes) >= ALONGSIDE:
            found, lowercase = alongside(whole_story, lambda: lowercase_words(read))
        else:
            found, lowercase = whole_story(), ordinary_words(read)
        remember_ordinary(story, frozenset(lowercase))

        def judge_part(part: Sequence[VisibleText]) -> tuple[list[Diagnostic], set[str]]:
            # Every rule reads a few hundred texts before the next few hundred are read: the
            # words each text is read into are still cached when the next rule asks for them.
            judged: list[Diagnostic] = []
            stems: set[str] = set()
            for start in range(0, len(part), TEXTS_AT_ONCE):
                chunk = part[start : start + TEXTS_AT_ONCE]
                judged.extend(d for rule in rules for d in rule(story, files, chunk))
                stems |= needed_stems(story, chunk)
            return judged, stems

        needed = set()
        for diagnostics, stems in in_parts(judge_part, texts, sending=FORKED_JUDGING):
            found.extend(diagnostics)
            needed |= stems
    else:
        from story.checking.verdicts import judge

        found = whole_story()
        judged, needed = judge(story, files, verdicts)
        found.extend(judged)
        verdicts.save()
    found.extend(check_vocabulary(story, files, needed))
    return found


def measure_coverage(story: Story) -> list[Coverage]:
    """How much of each source the story's quotes cover, by sentence."""
    coverage = {source_id: Coverage(source) for source_id, source in story.sources.items()}
    for citation in story.citations():
        if citation.match is not None and citation.source in coverage:
            coverage[citation.source].add(citation.match)
    return list(coverage.values())
