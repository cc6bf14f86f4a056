"""Command palette (ctrl+p): go to any scene already read, and search the text.

Story text is shown as literal content: the palette's own helpers parse strings as markup, so
hits are built here from :class:`~textual.content.Content` and never from story strings.

The hits read the progress the player screen shows, and a hit picked posts a message to the app.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from story.core.progress import Progress, entry_name
from story.core.sources import Match, normalise
from story.ui.content import literal
from story.ui.player import PlayerScreen
from story.ui.source import Mark

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

    class GoTo(Message):
        """Go to a scene already read."""

        def __init__(self, scene_id: str) -> None:
            super().__init__()
            self.scene_id = scene_id

    class EntryOpened(Message):
        """Open the sources of a fact-panel entry."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    class MarksOpened(Message):
        """Show places in the sources."""

        def __init__(self, marks: list[Mark]) -> None:
            super().__init__()
            self.marks = marks

    @property
    def progress(self) -> Progress | None:
        """What the player screen shows (the palette can be opened over other screens too)."""
        for screen in self.app.screen_stack:
            if isinstance(screen, PlayerScreen):
                return screen.progress
        return None

    def _go_to(self, scene_id: str) -> None:
        self.app.post_message(self.GoTo(scene_id))

    def _open_entry(self, entry_id: str) -> None:
        self.app.post_message(self.EntryOpened(entry_id))

    def _open_marks(self, marks: list[Mark]) -> None:
        self.app.post_message(self.MarksOpened(marks))

    async def discover(self) -> Hits:
        progress = self.progress
        if progress is None:
            return
        for scene_id in progress.visited:
            scene = progress.story.scenes[scene_id]
            yield DiscoveryHit(
                Content("Go to: ") + literal(scene.title.value),
                partial(self._go_to, scene_id),
                text=f"Go to: {scene.title.value}",
                help="A scene you have read",
            )

    async def search(self, query: str) -> Hits:
        progress = self.progress
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
                    partial(self._go_to, scene_id),
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
                yield Hit(0.9, display, partial(self._go_to, scene_id), text=f"{scene.title.value} {text}")
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
            yield Hit(0.8, display, partial(self._open_entry, entry_id), text=words)
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
                        literal(f"{story.source_label(source.id)}, line {match.line}"),
                        _snippet(source.norm, start, end),
                    ]
                )
                yield Hit(0.7, display, partial(self._open_marks, [mark]), text=source.norm[start:end])
                shown += 1
                start = haystack.find(needle, end)


def _entry_words(entry: object) -> list[str]:
    # Normalised like the rest, so that a match's offsets are those of the text shown.
    words = [
        normalise(str(getattr(entry, attribute)))
        for attribute in ("title", "term", "when")
        if hasattr(entry, attribute)
    ]
    text = getattr(entry, "text", None)
    if text is not None:
        words.append(normalise(text.text.value))
    for account in getattr(entry, "accounts", []):
        words.append(normalise(account.text.value))
    return words
