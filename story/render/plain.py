"""The plain player: the story line by line, for screen readers, dumb terminals and pipes.

It shares the core with the Textual player (the model, :class:`~story.core.progress.Progress` and the
saves) and imports neither Textual nor Rich. Numbered footnotes follow each scene; the player
types a number to pick, or a letter for the other commands.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TextIO

from story.checking.checker import check_path
from story.core.diagnostics import Diagnostic
from story.core.footnotes import Footnotes
from story.core.labels import described
from story.core.model import Scene, Story
from story.core.options import feedback, option_sources, shown_footnotes, shown_order
from story.core.progress import Progress, unplayable
from story.core.saves import SaveStore, resumed
from story.render.plain_lines import answer_lines, entry_called, fact_panel_lines, markers, quote_text, wrap

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


class PlainPlayer:
    """Reads commands from a stream and prints the story to another."""

    def __init__(self, progress: Progress, store: SaveStore | None, out: TextIO, width: int | None = None) -> None:
        """
        Args:
            progress: Where the reader is.
            store: Where to save (``None``: nowhere).
            out: Where to print.
            width: Wrap lines to this many columns (``None``: leave them whole, as for a file).
        """
        self.progress = progress
        self.store = store
        self._unsaved: str | None = None
        """The last reason progress could not be saved, so that it is said once, not at every move."""
        self.out = out
        self.width = width

    @property
    def story(self) -> Story:
        return self.progress.story

    def say(self, text: str = "") -> None:
        self.out.write(wrap(text, self.width) + "\n")

    # -- showing ---------------------------------------------------------------------------

    def show_scene(self, fresh: list[str] | None = None) -> None:
        progress = self.progress
        scene = progress.scene
        notes = shown_footnotes(progress)
        self.say()
        self.say(f"== {scene.title.value} ==")
        place = progress.place
        self.say(f"(scene {place.number} of {place.of})")
        for passage in scene.passages:
            self.say()
            self.say(passage.text.value + markers(notes.numbers(passage.cite)))
        self._show_checkpoint(scene, notes)
        asking = self._asking()
        if asking:
            self._show_options()  # the options before the notes: a listener hears the question, then them
        self._show_notes(notes, 0)
        if fresh:
            names = "; ".join(entry_called(self.story, entry_id) for entry_id in fresh)
            self.say()
            self.say(f"New in the fact panel: {names}. Type f to read it.")
        self._show_picks(scene, listed=asking)

    def _asking(self) -> bool:
        return self.progress.scene.checkpoint is not None and self.progress.answered() is None

    def _show_options(self) -> None:
        checkpoint = self.progress.scene.checkpoint
        assert checkpoint is not None
        for number, index in enumerate(shown_order(self.progress), start=1):
            self.say(f"{number}. {checkpoint.options[index].text.value}")

    def _show_checkpoint(self, scene: Scene, notes: Footnotes) -> None:
        checkpoint = scene.checkpoint
        if checkpoint is None:
            return
        answered = self.progress.answered()
        self.say()
        self.say("Question: " + checkpoint.question.value + markers(notes.numbers(checkpoint.cite)))
        if answered is None:
            return
        order = shown_order(self.progress)
        several = len(checkpoint.right) > 1
        for number, index in enumerate(order, start=1):
            option = checkpoint.options[index]
            tags = []
            if checkpoint.is_right(index):
                tags.append(f"right answer, in {option_sources(option, self.story)}" if several else "right answer")
            if index == answered:
                tags.append("your answer")
            tag = f" ({', '.join(tags)})" if tags else ""
            self.say(f"  {number}. {option.text.value}{markers(notes.numbers(option.cite))}{tag}")
        self.say(feedback(checkpoint, answered, order))
        explanation = checkpoint.explanation
        self.say(explanation.text.value + markers(notes.numbers(explanation.cite)))

    def _show_notes(self, notes: Footnotes, start: int) -> None:
        items = notes.items[start:]
        if not items:
            return
        self.say()
        self.say("Footnotes:")
        for note in items:
            self.say(f"[{note.number}] {quote_text(note.citation, self.story)}")

    def _show_picks(self, scene: Scene, listed: bool = False) -> None:
        """What the reader can type now; the options too, unless ``listed`` just above."""
        self.say()
        if self._asking():
            if not listed:
                self._show_options()
            self.say("Answer with a number (? for help).")
        elif scene.ending:
            self._show_answers()
            self.say("The end.")
            self.say("1. Start again from the beginning")
            self.say("Type 1 to start again, b to go back, q to quit (? for help).")
        else:
            self.say("Choices:")
            read = self.progress.read_choices()
            for index, choice in enumerate(scene.choices, start=1):
                self.say(f"{index}. {choice.label.value}" + (" (read)" if index - 1 in read else ""))
            self.say("Type a number (? for help).")

    def _show_answers(self) -> None:
        """At an ending: how the reader answered the questions on the way."""
        for line in answer_lines(self.progress):
            self.say(line)

    def show_facts(self) -> None:
        for line in fact_panel_lines(self.story, self.progress.unlocked):
            self.say(line)

    def show_history(self) -> None:
        self.say()
        self.say("Scenes read so far:")
        for number, scene_id in enumerate(self.progress.visited, start=1):
            here = " (you are here)" if scene_id == self.progress.scene.id else ""
            self.say(f"{number}. {self.story.scenes[scene_id].title.value}{here}")
        self.say("Type g and a number to go back to one of them.")

    def show_source(self, number: int) -> None:
        notes = shown_footnotes(self.progress)
        if not 1 <= number <= len(notes):
            self.say(f"There is no footnote {number} here." if len(notes) else "This scene has no footnotes.")
            return
        citation = notes.items[number - 1].citation
        source = self.story.sources.get(citation.source)
        if source is None:
            self.say(f"Footnote {number} quotes {self.story.source_label(citation.source)}.")
            return
        match = source.find(citation.quote)
        heading = described(source)
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
        self.say(f"Footnote [{number}] quotes: {quote_text(citation, self.story)}")

    # -- acting ----------------------------------------------------------------------------

    def save(self) -> None:
        if self.store is None:
            return
        try:
            self.store.save(self.progress)
        except OSError as error:
            message = f"(Your progress could not be saved: {error})"
            if message != self._unsaved:  # said once, not after every move
                self.say(message)
            self._unsaved = message
        else:
            self._unsaved = None

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
            notes_before = len(shown_footnotes(progress))
            progress.answer(shown_order(progress)[number - 1])
            self.save()
            notes = shown_footnotes(progress)
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
    seed: int | None = None,
    width: int | None = None,
) -> int:
    """Play a story line by line.

    Args:
        root: The story folder.
        new: Start over, keeping any old save aside.
        save_dir: Where saves go.
        stdin: Where commands come from (default: standard input).
        stdout: Where the story goes (default: standard output).
        stderr: Where problems go (default: standard error).
        seed: The options' order for a reader starting afresh (default: a new one).
        width: Wrap lines to this many columns (default: the terminal's width when printing to
            one, as a dumb terminal does not wrap words; never when printing to a file or pipe).

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
    if seed is not None and len(progress.history) <= 1 and not progress.answers:
        progress.seed = seed
    if width is None and _is_terminal(out):
        width = shutil.get_terminal_size().columns - 1  # the last column would wrap on some terminals
    player = PlainPlayer(progress, store, out, width)
    player.say(story.title.value)
    player.say("Every passage has numbered footnotes quoting the articles. Type ? for help.")
    if notice:
        player.say()
        player.say(notice)
    elif store.resumed:
        player.say()
        player.say(resumed(progress))
    fresh = progress.unlocked if len(progress.history) <= 1 else None
    player.show_scene(fresh)
    status = player.run(stdin)
    player.save()
    return status
