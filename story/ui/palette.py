"""Command palette (ctrl+p): go to any scene already read, and search the text.

Story text is shown as literal content: the palette's own helpers parse strings as markup, so
hits are built here from :class:`~textual.content.Content` and never from story strings.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from story.core.progress import entry_name
from story.core.sources import Match, normalise
from story.ui.content import literal
from story.ui.source import Mark

if TYPE_CHECKING:
    from story.ui.app import StoryApp

MATCH_STYLE = "bold underline"
SEARCH_MIN = 3
"""Shortest query searched as text (shorter ones only match scene titles)."""
SNIPPET = 28
"""Characters of context either side of a text match."""


def _highlight(text: str, start: int, end: int) -> Content:
    return literal(text).stylize(MATCH_STYLE, start, end)


def _snippet(text: str, start: int, end: int) -> Content:
    """A piece of text around a match, the match highlighted."""
    left = max(0, start - SNIPPET)
    right = min(len(text), end + SNIPPET)
    prefix = "\u2026" if left else ""
    suffix = "\u2026" if right < len(text) else ""
    piece = prefix + text[left:right] + suffix
    offset = len(prefix) - left
    return _highlight(piece, start + offset, end + offset).stylize("dim")


class StoryCommands(Provider):
    """Scenes read so far, and text in them, in the fact panel and in the articles."""

    @property
    def story_app(self) -> StoryApp:
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        progress = self.story_app.progress
        if progress is None:
            return
        for scene_id in progress.visited:
            scene = progress.story.scenes[scene_id]
            yield DiscoveryHit(
                Content("Go to: ") + literal(scene.title.value),
                partial(self.story_app.jump, scene_id),
                text=f"Go to: {scene.title.value}",
                help="A scene you have read",
            )

    async def search(self, query: str) -> Hits:
        progress = self.story_app.progress
        if progress is None:
            return
        story = progress.story
        matcher = self.matcher(query)
        for scene_id in progress.visited:
            scene = story.scenes[scene_id]
            title = f"Go to: {scene.title.value}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    literal(title),
                    partial(self.story_app.jump, scene_id),
                    text=title,
                    help="A scene you have read",
                )
        needle = normalise(query).lower()
        if len(needle) < SEARCH_MIN:
            return
        for scene_id in progress.visited:
            scene = story.scenes[scene_id]
            for passage in scene.passages:
                text = normalise(passage.text.value)
                start = text.lower().find(needle)
                if start < 0:
                    continue
                display = Content("\n").join(
                    [Content("Go to: ") + literal(scene.title.value), _snippet(text, start, start + len(needle))]
                )
                yield Hit(0.9, display, partial(self.story_app.jump, scene_id), text=f"{scene.title.value} {text}")
                break
        for entry_id in progress.unlocked:
            entry = story.entry(entry_id)
            if entry is None:
                continue
            words = ": ".join(_entry_words(entry))
            start = words.lower().find(needle)
            if start < 0:
                continue
            display = Content("\n").join(
                [
                    Content("Fact panel: ") + literal(entry_name(story, entry_id)),
                    _snippet(words, start, start + len(needle)),
                ]
            )
            yield Hit(0.8, display, partial(self.story_app.open_entry, entry_id), text=words)
        for source in story.sources.values():
            haystack = source.norm.lower()
            start = haystack.find(needle)
            shown = 0
            while start >= 0 and shown < 3:
                end = start + len(needle)
                match = Match(start, end, source.line_at(start))
                mark = Mark(source.id, source.norm[start:end], "search", match)
                display = Content("\n").join(
                    [
                        Content(f"Source {source.id}, line {match.line}"),
                        _snippet(source.norm, start, end),
                    ]
                )
                yield Hit(0.7, display, partial(self.story_app.open_marks, [mark]), text=source.norm[start:end])
                shown += 1
                start = haystack.find(needle, end)


def _entry_words(entry: object) -> list[str]:
    words = [str(getattr(entry, attribute)) for attribute in ("title", "term", "when") if hasattr(entry, attribute)]
    text = getattr(entry, "text", None)
    if text is not None:
        words.append(normalise(text.text.value))
    for account in getattr(entry, "accounts", []):
        words.append(normalise(account.text.value))
    return words
