"""What a test reads off the story's web page, and the moves it makes there, as a reader would."""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from story.core.footnotes import scene_footnotes
from story.core.model import Scene, Story
from story.core.sources import normalise

URL = "http://school.example/story.html"
"""Where the tests' pages live (answered from memory: nothing is served)."""


class WebPage:
    """A Playwright page showing the story."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def text(self, selector: str) -> str:
        return str(self.page.locator(selector).first.text_content() or "")

    def texts(self, selector: str) -> list[str]:
        return [str(text) for text in self.page.locator(selector).all_text_contents()]

    @property
    def scene_id(self) -> str:
        return str(self.page.get_attribute("#scene", "data-scene"))

    @property
    def title(self) -> str:
        return self.text("#scene-title")

    @property
    def place(self) -> str:
        return self.text("#place")

    @property
    def picks(self) -> list[str]:
        """The numbered items: a question's options, the choices, or a new start."""
        return self.texts("#scene .picks .text")

    @property
    def notice(self) -> str | None:
        found = self.page.locator("#scene .notice")
        return str(found.text_content()) if found.count() else None

    @property
    def focused(self) -> str:
        """The focused element, as ``tag#id.class``."""
        return str(
            self.page.evaluate(
                "() => { const e = document.activeElement; return e.tagName.toLowerCase() + "
                "(e.id ? '#' + e.id : '') + (e.className ? '.' + e.className.split(' ').join('.') : ''); }"
            )
        )

    def storage(self) -> dict[str, str]:
        return dict(self.page.evaluate("() => Object.fromEntries(Object.entries(localStorage))"))

    def saved(self, key: str) -> Any:
        return json.loads(self.storage()[key])

    def says(self, words: str) -> bool:
        """Whether the live region comes to say something that holds ``words`` (it speaks after a beat)."""
        try:
            self.page.wait_for_function(
                "(words) => document.getElementById('live').textContent.includes(words)", arg=words, timeout=2000
            )
        except Exception:
            return False
        return True

    def dialog(self) -> str | None:
        """The open dialog's id."""
        return self.page.evaluate("() => { const d = document.querySelector('dialog[open]'); return d && d.id; }")


def path_to(story: Story, goal: str) -> list[int]:
    """The choices (from 0) that lead from the start to a scene, fewest first."""
    queue: deque[tuple[str, list[int]]] = deque([(story.start, [])])
    seen = {story.start}
    while queue:
        scene_id, path = queue.popleft()
        if scene_id == goal:
            return path
        for index, choice in enumerate(story.scenes[scene_id].choices):
            if choice.target not in seen and choice.target in story.scenes:
                seen.add(choice.target)
                queue.append((choice.target, [*path, index]))
    raise AssertionError(f"no path to {goal}")


def option_order(scene: Scene, shown: list[str]) -> list[int]:
    """The options' indexes in the order a page shows their texts."""
    assert scene.checkpoint is not None
    texts = [" ".join(option.text.value.split()) for option in scene.checkpoint.options]
    assert len(set(texts)) == len(texts), "each option reads differently"
    return [texts.index(text) for text in shown]


def expected_passages(story: Story, scene: Scene, answered: bool, order: list[int]) -> list[str]:
    """A scene's passages as the terminal player shows them: the text, then its markers."""
    notes = scene_footnotes(scene, answered, order)
    return [
        " ".join(passage.text.value.split()) + "".join(f" [{n}]" for n in notes.numbers(passage.cite))
        for passage in scene.passages
    ]


def expected_notes(story: Story, scene: Scene, answered: bool, order: list[int]) -> list[str]:
    """A scene's footnotes as the terminal player shows them: [n] “quote” — label."""
    notes = scene_footnotes(scene, answered, order)
    return [
        f"[{n.number}] \u201c{normalise(n.citation.quote)}\u201d \u2014 {story.source_label(n.citation.source)}"
        for n in notes
    ]
