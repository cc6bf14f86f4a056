"""The plain player: the story line by line, for screen readers, dumb terminals and pipes.

It shares the core with the Textual player (the model, :class:`~story.core.progress.Progress` and the
saves) and imports neither Textual nor Rich. Numbered footnotes follow each scene; the player
types a number to pick, or a letter for the other commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from story.checking.checker import check_path
from story.core.diagnostics import Diagnostic
from story.core.footnotes import Footnotes
from story.core.model import Citation, Fact, Scene, Story
from story.core.progress import Progress, entry_name, unplayable
from story.core.saves import SaveStore
from story.core.sources import normalise

HELP = """Commands:
  a number   pick that answer or choice
  b          go back one scene
  s N        show footnote N in its article (s alone: footnote 1)
  f          list the fact panel: facts, disagreements, unknowns, glossary, timeline
  h          list the scenes read so far
  g N        go back to scene N of that list
  r          start again from the beginning
  l          show the scene again
  ?          this help
  q          quit (progress is saved)"""


def quote_text(citation: Citation) -> str:
    return f"\u201c{normalise(citation.quote)}\u201d (source {citation.source})"


def _markers(numbers: list[int]) -> str:
    return "".join(f" [{number}]" for number in numbers)


class PlainPlayer:
    """Reads commands from a stream and prints the story to another."""

    def __init__(self, progress: Progress, store: SaveStore | None, out: TextIO) -> None:
        self.progress = progress
        self.store = store
        self.out = out
        self._printed_notes = 0

    @property
    def story(self) -> Story:
        return self.progress.story

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    # -- showing ---------------------------------------------------------------------------

    def show_scene(self, fresh: list[str] | None = None) -> None:
        progress = self.progress
        scene = progress.scene
        notes = progress.footnotes()
        self.say()
        self.say(f"== {scene.title.value} ==")
        place = progress.place
        self.say(f"(scene {place.number} of {place.of})")
        for passage in scene.passages:
            self.say()
            self.say(passage.text.value + _markers(notes.numbers(passage.cite)))
        self._show_checkpoint(scene, notes)
        self._show_notes(notes, 0)
        if fresh:
            names = ", ".join(entry_name(self.story, entry_id) for entry_id in fresh)
            self.say()
            self.say(f"New in the fact panel: {names}. Type f to read it.")
        self._show_picks(scene)

    def _show_checkpoint(self, scene: Scene, notes: Footnotes) -> None:
        checkpoint = scene.checkpoint
        if checkpoint is None:
            return
        answered = self.progress.answered()
        self.say()
        self.say("Question: " + checkpoint.question.value + _markers(notes.numbers(checkpoint.cite)))
        if answered is None:
            return
        for index, option in enumerate(checkpoint.options):
            tags = []
            if index == checkpoint.answer:
                tags.append("right answer")
            if index == answered:
                tags.append("your answer")
            tag = f" ({', '.join(tags)})" if tags else ""
            self.say(f"  {index + 1}. {option.text.value}{_markers(notes.numbers(option.cite))}{tag}")
        self.say("Right." if answered == checkpoint.answer else f"Not quite: the answer is {checkpoint.answer + 1}.")
        explanation = checkpoint.explanation
        self.say(explanation.text.value + _markers(notes.numbers(explanation.cite)))

    def _show_notes(self, notes: Footnotes, start: int) -> None:
        items = notes.items[start:]
        if not items:
            return
        self.say()
        self.say("Footnotes:")
        for note in items:
            self.say(f"[{note.number}] {quote_text(note.citation)}")

    def _show_picks(self, scene: Scene) -> None:
        self.say()
        checkpoint = scene.checkpoint
        if checkpoint is not None and self.progress.answered() is None:
            for index, option in enumerate(checkpoint.options, start=1):
                self.say(f"{index}. {option.text.value}")
            self.say("Answer with a number (? for help).")
        elif scene.ending:
            self.say("The end.")
            self.say("1. Start again from the beginning")
            self.say("Type 1 to start again, b to go back, q to quit (? for help).")
        else:
            self.say("Choices:")
            for index, choice in enumerate(scene.choices, start=1):
                self.say(f"{index}. {choice.label.value}")
            self.say("Type a number (? for help).")

    def show_facts(self) -> None:
        story = self.story
        unlocked = self.progress.unlocked
        if not unlocked:
            self.say("The fact panel is empty so far: entries appear as you read.")
            return
        entries = [story.entry(entry_id) for entry_id in unlocked]
        facts = [e for e in entries if isinstance(e, Fact) and not e.disputed]
        disputes = [e for e in entries if isinstance(e, Fact) and e.disputed]
        sections: list[tuple[str, list[tuple[str, str, list[Citation]]]]] = [
            ("Facts", [(f.title.value, f.text.text.value, f.text.cite) for f in facts if f.text]),
            ("Not known", [("", u.text.text.value, u.text.cite) for u in story.unknowns.values() if u.id in unlocked]),
            (
                "Glossary",
                [(t.term.value, t.text.text.value, t.text.cite) for t in story.glossary.values() if t.id in unlocked],
            ),
            ("Timeline", [(m.when.value, m.text.text.value, m.text.cite) for m in story.timeline if m.id in unlocked]),
        ]
        for heading, rows in sections[:1]:
            self._show_section(heading, rows)
        if disputes:
            self.say()
            self.say("Where the articles differ:")
            for fact in disputes:
                self.say(f"- {fact.title.value}")
                for account in fact.accounts:
                    self.say(f"    Source {', '.join(account.sources)}: {account.text.value}")
                    for citation in account.cite:
                        self.say(f"      {quote_text(citation)}")
        for heading, rows in sections[1:]:
            self._show_section(heading, rows)

    def _show_section(self, heading: str, rows: list[tuple[str, str, list[Citation]]]) -> None:
        if not rows:
            return
        self.say()
        self.say(f"{heading}:")
        for name, text, cites in rows:
            self.say(f"- {name}: {text}" if name else f"- {text}")
            for citation in cites:
                self.say(f"    {quote_text(citation)}")

    def show_history(self) -> None:
        self.say()
        self.say("Scenes read so far:")
        for number, scene_id in enumerate(self.progress.visited, start=1):
            here = " (you are here)" if scene_id == self.progress.scene.id else ""
            self.say(f"{number}. {self.story.scenes[scene_id].title.value}{here}")
        self.say("Type g and a number to go back to one of them.")

    def show_source(self, number: int) -> None:
        notes = self.progress.footnotes()
        if not 1 <= number <= len(notes):
            self.say(f"There is no footnote {number} here." if len(notes) else "This scene has no footnotes.")
            return
        citation = notes.items[number - 1].citation
        source = self.story.sources.get(citation.source)
        if source is None:
            self.say(f"Source {citation.source} is not in the story's sources.")
            return
        match = source.find(citation.quote)
        heading = f"Source {source.id}" + (f": {source.title}" if source.title else "")
        self.say()
        if match is None:
            self.say(f"{heading}. The quote of footnote {number} is not in this article.")
            return
        start, end = source.original_span(match)
        line_start = source.text.rfind("\n", 0, start) + 1
        line_end = source.text.find("\n", end)
        paragraph = source.text[line_start : line_end if line_end >= 0 else len(source.text)].strip()
        self.say(f"{heading}, line {match.line}:")
        self.say(paragraph)
        self.say(f"Footnote [{number}] quotes: {quote_text(citation)}")

    # -- acting ----------------------------------------------------------------------------

    def save(self) -> None:
        if self.store is None:
            return
        try:
            self.store.save(self.progress)
        except OSError as error:
            self.say(f"(Your progress could not be saved: {error})")

    def _move(self, before: set[str]) -> None:
        fresh = [entry for entry in self.progress.unlocked if entry not in before]
        self.save()
        self.show_scene(fresh)

    def pick(self, number: int) -> None:
        progress = self.progress
        scene = progress.scene
        before = set(progress.unlocked)
        if scene.checkpoint is not None and progress.answered() is None:
            if not 1 <= number <= len(scene.checkpoint.options):
                self.say(f"Answer with a number from 1 to {len(scene.checkpoint.options)}.")
                return
            notes_before = len(progress.footnotes())
            progress.answer(number - 1)
            self.save()
            notes = progress.footnotes()
            self.say()
            self._show_checkpoint(scene, notes)
            self._show_notes(notes, notes_before)
            self._show_picks(scene)
            return
        if scene.ending:
            if number != 1:
                self.say("Type 1 to start again, b to go back or q to quit.")
                return
            progress.restart()
            self._move(set())
            return
        if not 1 <= number <= len(scene.choices):
            self.say(f"Type a number from 1 to {len(scene.choices)}, or ? for help.")
            return
        try:
            progress.choose(number - 1)
        except IndexError as error:
            self.say(f"That choice cannot be followed: {error}.")
            return
        self._move(before)

    def handle(self, line: str, ask: TextIO) -> bool:
        """Do one command. Returns False to stop."""
        command, _, argument = line.strip().partition(" ")
        command = command.lower()
        argument = argument.strip()
        if not command:
            self._show_picks(self.progress.scene)
        elif command.isdigit():
            self.pick(int(command))
        elif command in ("q", "quit", "exit"):
            return False
        elif command in ("b", "back"):
            if self.progress.back():
                self._move(set(self.progress.unlocked))
            else:
                self.say("This is the first scene: there is no going back.")
        elif command in ("s", "source"):
            self.show_source(int(argument) if argument.isdigit() else 1)
        elif command in ("f", "facts"):
            self.show_facts()
        elif command in ("h", "history"):
            self.show_history()
        elif command in ("g", "go"):
            visited = self.progress.visited
            if argument.isdigit() and 1 <= int(argument) <= len(visited):
                before = set(self.progress.unlocked)
                self.progress.jump(visited[int(argument) - 1])
                self._move(before)
            else:
                self.say(f"Type g and a number from 1 to {len(visited)} (h lists them).")
        elif command in ("r", "restart"):
            self.out.write("Start again from the first scene? Your history and answers will be cleared. (y/n) ")
            self.out.flush()
            if ask.readline().strip().lower() in ("y", "yes"):
                self.progress.restart()
                self._move(set())
            else:
                self.say("Carrying on.")
        elif command in ("l", "look"):
            self.show_scene()
        elif command in ("?", "help"):
            self.say(HELP)
        else:
            self.say("Type a number, or ? for help.")
        return True

    def run(self, stdin: TextIO) -> int:
        while True:
            self.out.write("> ")
            self.out.flush()
            line = stdin.readline()
            if not line:
                self.say()
                return 0
            if not _is_terminal(stdin):
                # Piped commands are not echoed by a terminal; show them so the transcript reads.
                self.out.write(line if line.endswith("\n") else line + "\n")
            if not self.handle(line, stdin):
                return 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_plain(
    root: Path,
    *,
    new: bool = False,
    save_dir: Path | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Play a story line by line.

    Returns:
        The exit status: 0, or 1 when the story cannot be played at all.
    """
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    report = check_path(root)
    story = report.story
    problems: list[Diagnostic] = [d for d in report.diagnostics if d.is_error]
    for diagnostic in problems:
        err.write(diagnostic.render() + "\n")
    reason = unplayable(story)
    if reason is not None or story is None:
        err.write(f"story play: cannot play {root}: {reason}\n")
        return 1
    if problems:
        err.write(f"story play: the story has {len(problems)} error(s); `story check` explains them\n")
    store = SaveStore(story, save_dir)
    if new:
        store.clear()
        progress, notice = Progress(story), None
    else:
        progress, notice = store.load()
    player = PlainPlayer(progress, store, out)
    player.say(story.title.value)
    player.say("Every passage has numbered footnotes quoting the articles. Type ? for help.")
    if notice:
        player.say()
        player.say(notice)
    fresh = progress.unlocked if len(progress.history) <= 1 else None
    player.show_scene(fresh)
    status = player.run(stdin)
    player.save()
    return status
