"""What the attribution rule (E702) and the hedge rule (E703) share: finding the claims a text
states without what the article's sentence says about them.

Not a rule itself. Each of the two rules passes its kind of scope and its own test of whether a
sentence of the text keeps it, and words its own diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from story.checking.rules.messages import locate_word, shorten
from story.checking.rules.texts import VisibleText, judged
from story.checking.text.claims import text_sentences, using_sentences
from story.checking.text.scopes import Governed, governing
from story.checking.text.stems import Word, quote_stems, words_of
from story.core.diagnostics import Pos
from story.core.model import Story, Text
from story.core.queries import CLAIM_KINDS
from story.loading.files import StoryFiles

Kept = Callable[[str, set[str]], bool]
"""Whether a sentence of a text keeps the attribution (or hedge), given the stems its quotes support."""


class Dropped(NamedTuple):
    """A sentence of a text that states a claim the article attributes (or hedges), without it."""

    what: str
    """What the text is ("passage", "fact"...)."""
    pos: Pos
    """Where the sentence starts in its file."""
    governed: Governed
    """The article's sentence, and its stretch that attributes (or hedges) the claim."""
    sentence: str
    """The sentence of the text that states the claim without it."""

    @property
    def wording(self) -> str:
        """The article's words that attribute (or hedge), shortened for a message."""
        return shorten(self.governed.scope.marker, 100)

    @property
    def context(self) -> str:
        """Where the article says it, and its whole sentence: a diagnostic's context line."""
        where = f"article {self.governed.source.id}, line {self.governed.sentence_line}"
        return f'{where}: "{shorten(self.governed.sentence, 240)}"'


def dropped(
    story: Story, files: StoryFiles, kind: str, kept: Kept, texts: Iterable[VisibleText] | None = None
) -> Iterator[Dropped]:
    """The sentences of claim texts that drop an attribution (``kind`` "attribution") or a hedge ("hedge").

    One group per attributed (or hedged) stretch of an article sentence: the sentences of the text
    that state the quoted words inside it must keep the attribution (or hedge). At most one is
    reported per sentence of the text.
    """
    for text, cites, what in judged(story, texts):
        if what not in CLAIM_KINDS or not cites:
            continue
        sentences = text_sentences(text.value)
        support = quote_stems([c.quote for c in cites])
        groups: dict[tuple[str, int, int, int], tuple[Governed, set[int]]] = {}
        for citation in cites:
            source = story.sources.get(citation.source)
            if source is None:
                continue
            for governed in governing(citation, source, kind):
                key = (source.id, governed.sentence_start, governed.scope.start, governed.scope.end)
                using = set(using_sentences(text.value, governed.claim))
                if key in groups:
                    groups[key][1].update(using)
                else:
                    groups[key] = (governed, using)
        reported: set[int] = set()
        for governed, using in groups.values():
            if not using:
                continue
            if any(kept(text.value[slice(*sentences[i])], support) for i in using):
                continue
            first = min(using)
            if first in reported:
                continue  # one diagnostic per sentence of the text
            reported.add(first)
            word = _first_word(text, sentences[first])
            pos = locate_word(files, text, word) if word else text.pos
            yield Dropped(what, pos, governed, text.value[slice(*sentences[first])])


def _first_word(text: Text, span: tuple[int, int]) -> Word | None:
    for word in words_of(text.value[span[0] : span[1]]):
        return Word(word.text, span[0] + word.start, word.initial)
    return None
