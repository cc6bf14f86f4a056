"""How a diagnostic names and places what it reports: shared by the rule modules."""

from __future__ import annotations

import re

from story.checking.text.stems import Word
from story.core.diagnostics import Pos
from story.core.model import Scene, Text
from story.core.sources import normalise
from story.loading.files import StoryFiles


def shorten(text: str, limit: int) -> str:
    """Text as a message quotes it: normalised, and cut to ``limit`` characters with an ellipsis."""
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def called(noun: str, scene: Scene) -> str:
    """How a message names a scene: "scene 'the-drive'", or "a scene with no id"."""
    if scene.id:
        return f"{noun} {scene.id!r}"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} with no id"


def _occurrence(text: str, word: str, start: int) -> int:
    """How many times ``word`` appears as a whole word in ``text`` before ``start``."""
    pattern = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])")
    return sum(1 for match in pattern.finditer(text, 0, start) if match.start() < start)


def locate_word(files: StoryFiles, text: Text, word: Word) -> Pos:
    """Where a word of a text is in its file."""
    return files.locate(text, word.text, _occurrence(text.value, word.text, word.start))
