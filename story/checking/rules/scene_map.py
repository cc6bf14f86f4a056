"""E402-W411: the scene map. Where the story starts, where each choice leads, what can be reached,
how it ends, and what each scene unlocks in the fact panel.

E401 (a duplicate id) is found by the loader, which keeps the first.
"""

from __future__ import annotations

import difflib
from collections import deque

from story.checking.rules.messages import called
from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Fact, Moment, Scene, Story, Term, Unknown
from story.core.queries import every_scene
from story.loading.files import StoryFiles


class _Routes:
    """Where each scene may lead, knowing what is broken.

    A scene whose choices are broken may lead anywhere. A choice to a missing scene may have meant
    a scene whose id is broken (the one mistake, reported there), so it may lead to any of those;
    and to anywhere while a whole ``scenes:`` section is unknown. Without anything broken, these are
    the choices as written.
    """

    def __init__(self, story: Story) -> None:
        self.scenes = every_scene(story)
        index = {id(scene): number for number, scene in enumerate(self.scenes)}
        self.nameless = [number for number, scene in enumerate(self.scenes) if "id" in scene.broken]
        """Scenes whose id is broken: what a choice to a missing scene may have meant."""
        self.lost = "scenes" in story.broken
        """Whether some file's ``scenes:`` is not a list, so that any scene may be missing."""
        self.leads: list[list[int]] = []
        self.anywhere: set[int] = set()
        for number, scene in enumerate(self.scenes):
            leads: list[int] = []
            if "choices" in scene.broken:
                self.anywhere.add(number)
            for choice in scene.choices:
                target = story.scenes.get(choice.target)
                if target is not None:
                    leads.append(index[id(target)])
                elif self.lost:
                    self.anywhere.add(number)
                else:
                    leads.extend(self.nameless)
            self.leads.append(leads)
        self.start = index[id(story.scenes[story.start])] if story.start in story.scenes else None

    @property
    def unknown_targets(self) -> bool:
        """Whether an id that names no scene may still have meant one (whose id is broken)."""
        return bool(self.nameless) or self.lost

    def reachable(self) -> set[int]:
        """The scenes that may be reachable from the start (by number)."""
        if self.start is None:
            return set()
        seen: set[int] = set()
        queue = deque([self.start])
        while queue:
            number = queue.popleft()
            if number in seen:
                continue
            if number in self.anywhere:
                return set(range(len(self.scenes)))
            seen.add(number)
            queue.extend(self.leads[number])
        return seen

    def can_end(self) -> set[int]:
        """The scenes from which an ending may be reached (by number)."""
        incoming: list[list[int]] = [[] for _ in self.scenes]
        for number, leads in enumerate(self.leads):
            for target in leads:
                incoming[target].append(number)
        queue = deque(
            number
            for number, scene in enumerate(self.scenes)
            if scene.ending or "ending" in scene.broken or number in self.anywhere
        )
        found: set[int] = set()
        while queue:
            number = queue.popleft()
            if number in found:
                continue
            found.add(number)
            queue.extend(incoming[number])
        return found


def check_graph(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """Start scene, choice targets, reachability, dead ends and endings.

    What is broken is not judged: a scene with broken choices is no dead end and may lead
    anywhere, a broken ``ending`` may be one, and a missing scene may be one whose id is broken.
    """
    found: list[Diagnostic] = []
    ids = list(story.scenes)
    routes = _Routes(story)
    # A missing `start:` is E302, a bad one E304: neither is looked up.
    if "start" not in story.broken and story.start not in story.scenes and not routes.unknown_targets:
        guess = difflib.get_close_matches(story.start, ids, n=1)
        found.append(
            Diagnostic(
                story.start_pos,
                Code.MISSING_START,
                f"start scene {story.start!r} does not exist",
                f"did you mean {guess[0]!r}?" if guess else "set `start:` to the id of a scene",
            )
        )
    for scene in routes.scenes:
        for choice in scene.choices:
            if choice.target not in story.scenes and not routes.unknown_targets:
                guess = difflib.get_close_matches(choice.target, ids, n=1)
                found.append(
                    Diagnostic(
                        choice.target_pos,
                        Code.MISSING_TARGET,
                        f"choice leads to a missing scene {choice.target!r}",
                        f"did you mean {guess[0]!r}?" if guess else "add the scene or fix the target",
                    )
                )
        if scene.ending and scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.ENDING_WITH_CHOICES,
                    f"{called('ending', scene)} has choices",
                    "an ending closes the story; remove `ending: true` or the choices",
                )
            )
        if not scene.ending and not scene.choices and not {"ending", "choices"} & scene.broken:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.DEAD_END,
                    f"dead end: {called('scene', scene)} has no choices and is not an ending",
                    "add a choice, or mark it `ending: true`",
                )
            )
    if routes.start is None:
        return found
    seen = routes.reachable()
    for number, scene in enumerate(routes.scenes):
        if number in seen or not scene.id:
            continue  # a scene with no id cannot be named here (its E302 is enough)
        if scene.ending:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.UNREACHABLE_ENDING,
                    f"ending {scene.id!r} cannot be reached",
                    "add a choice that leads to it",
                )
            )
        else:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.UNREACHABLE_SCENE,
                    f"scene {scene.id!r} cannot be reached from the start",
                    "add a choice that leads to it, or remove it",
                )
            )
    if not any(scene.ending or "ending" in scene.broken for scene in routes.scenes) and not routes.lost:
        found.append(
            Diagnostic(story.pos, Code.NO_ENDING, "the story has no ending", "mark a final scene `ending: true`")
        )
        return found
    # Scenes from which no ending can be reached trap the player in a loop.
    can_end = routes.can_end()
    for number in sorted(seen - can_end, key=lambda n: routes.scenes[n].pos):
        scene = routes.scenes[number]
        if scene.choices:
            found.append(
                Diagnostic(
                    scene.pos,
                    Code.NO_WAY_OUT,
                    f"no ending can be reached from {called('scene', scene)}",
                    "the player would loop forever; add a way towards an ending",
                )
            )
    return found


_ENTRY_SECTIONS = frozenset({"facts", "unknowns", "glossary", "timeline"})


def check_unlocks(story: Story, files: StoryFiles) -> list[Diagnostic]:
    """`unlocks` must name real entries, and every entry must be unlocked somewhere.

    An unlock that names no entry may have meant one whose id is broken (reported there), and a
    broken `unlocks` may have named any entry: neither is judged.
    """
    found: list[Diagnostic] = []
    entries: list[Fact | Unknown | Term | Moment] = [
        *story.facts.values(),
        *story.unknowns.values(),
        *story.glossary.values(),
        *story.timeline,
    ]
    entry_ids = [entry.id for entry in entries]
    nameless = [entry for entry in entries if "id" in entry.broken]
    unknown_entries = bool(nameless) or any(not isinstance(item, Scene) for item in story.unnamed)
    unknown_entries = unknown_entries or bool(_ENTRY_SECTIONS & story.broken)
    routes = _Routes(story)
    seen = routes.reachable()
    unlocked: set[str] = set()
    any_entry = False  # a reachable scene's broken `unlocks` may have named any entry
    nameless_entry = False  # a reachable scene names no entry: it may have meant a nameless one
    for number, scene in enumerate(routes.scenes):
        reached = number in seen
        any_entry = any_entry or (reached and "unlocks" in scene.broken)
        for entry_id, pos in scene.unlocks:
            if story.entry(entry_id) is None:
                if unknown_entries:
                    nameless_entry = nameless_entry or reached
                    continue
                guess = difflib.get_close_matches(entry_id, entry_ids, n=1)
                hint = (
                    f"did you mean {guess[0]!r}?" if guess else "ids come from facts, unknowns, glossary and timeline"
                )
                found.append(Diagnostic(pos, Code.UNKNOWN_ENTRY, f"unlocks unknown entry {entry_id!r}", hint))
            elif reached:
                unlocked.add(entry_id)
    if routes.start is None or any_entry:
        return found  # nothing is known to be reachable (check_graph says why), or unlocked
    for entry in entries:
        if entry.id in unlocked or (nameless_entry and "id" in entry.broken):
            continue
        found.append(
            Diagnostic(
                entry.pos,
                Code.ENTRY_NEVER_UNLOCKED,
                f"entry {entry.id!r} is never unlocked by a reachable scene",
                f"add `unlocks: [{entry.id}]` to the scene that tells it",
            )
        )
    return found
