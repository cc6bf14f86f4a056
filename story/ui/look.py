"""How a scene looks in one state: its parts (title, narration with footnote markers, checkpoint,
picks, footnotes) and the page blocks they make. The scene view (:mod:`story.ui.scene`) shows a
look; it builds one for each move the reader may make next, while they read."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.content import Content

from story.core.footnotes import Footnotes, scene_footnotes
from story.core.model import Scene, Story
from story.core.options import Answered, answered_checkpoints, feedback, option_sources, shown_order
from story.core.progress import Progress
from story.core.reader import ANSWER, CHOOSE, RESTART, START_AGAIN, STAY, Pick
from story.ui.blocks import Block
from story.ui.content import literal, quote, with_markers

State = tuple[str, int | None, str | None, tuple[int, ...], tuple[Answered, ...], tuple[int, ...], bool]
"""A scene as shown: its id, its checkpoint's answer, the notice above it, its options' order, (at
an ending) the answers given on the way, which of its choices lead to a scene already read, and
whether the reader is asked if they want to start again."""

QUESTION = "Start again from the first scene?"
WARNING = "Your history and answers will be cleared."


PICK = "pick"
"""What the key of a block that is one of the scene's picks starts with."""


def is_pick(block: Block) -> bool:
    """Whether a block of a scene's look is one of its picks (a choice or an answer, not a footnote)."""
    return block.item and isinstance(block.key, tuple) and block.key[:1] == (PICK,)


def scene_state(progress: Progress, notice: str | None, asking: bool = False) -> State:
    """What the scene view shows of some progress."""
    answers = tuple(answered_checkpoints(progress)) if progress.scene.ending else ()
    order = tuple(shown_order(progress))
    return (progress.scene.id, progress.answered(), notice, order, answers, progress.read_choices(), asking)


@dataclass
class SceneLook:
    """How a scene looks in one state: its parts, and the page blocks they make."""

    state: State
    """What the look shows: see :data:`State`."""
    picks: list[Pick]
    footnotes: Footnotes
    notice: str | None
    title: Content
    passages: Content
    checkpoint: Content | None
    choices: list[Content]
    sources: list[Content]
    blocks: list[Block]

    @classmethod
    def empty(cls) -> SceneLook:
        return cls(
            ("", None, None, (), (), (), False), [], Footnotes(), None, Content(""), Content(""), None, [], [], []
        )

    @classmethod
    def of(
        cls,
        story: Story,
        scene: Scene,
        answered: int | None,
        notice: str | None,
        order: tuple[int, ...] = (),
        answers: tuple[Answered, ...] = (),
        read: tuple[int, ...] = (),
        restarting: bool = False,
    ) -> SceneLook:
        """Build a scene's look (``order``, ``answers``, ``read``, ``restarting``: see :data:`State`).
        Blocks are keyed by what they show, so that the wrapped lines of one state serve another."""
        shown = list(order) or list(range(len(scene.checkpoint.options) if scene.checkpoint else 0))
        notes = scene_footnotes(scene, answered is not None, shown)
        title = literal(scene.title.value, "bold $text-primary")
        passages = Content("\n\n").join([with_markers(p.text.value, notes.numbers(p.cite)) for p in scene.passages])
        checkpoint = None if scene.checkpoint is None else _checkpoint(scene, answered, notes, story, shown)
        picks = [Pick(RESTART), Pick(STAY)] if restarting else _picks(scene, answered, shown)
        choices = [_pick_prompt(scene, pick, number, read) for number, pick in enumerate(picks, start=1)]
        sources = [
            Content(f"[{note.number}] ").stylize("bold $text-accent") + quote(note.citation, story) for note in notes
        ]
        blocks: list[Block] = []
        if notice:
            blocks.append(Block(literal(notice), gap=1, style="scene--notice", key=("notice", notice)))
        blocks.append(Block(title, gap=1, key=("title", scene.id)))
        blocks.append(Block(passages, gap=1, key=("passages", scene.id)))
        if checkpoint is not None:
            key = ("checkpoint", scene.id, answered, order)
            blocks.append(Block(checkpoint, gap=1, style="scene--checkpoint", key=key))
        if answers:
            summary = _summary(answers)
            blocks.append(Block(summary, gap=1, style="scene--checkpoint", key=("answers", scene.id, answers)))
        if restarting:
            question = Content("\n").join(
                [
                    Content(QUESTION).stylize("bold"),
                    Content(WARNING),
                    Content("y yes \u00b7 n or Esc no").stylize("dim"),
                ]
            )
            blocks.append(Block(question, gap=1, style="scene--ask", key=("ask",)))
        asking = answered is None and scene.checkpoint is not None
        blocks += [
            Block(
                choice,
                gap=int(number == 1),
                item=True,
                key=(PICK, scene.id, asking, order, number, read, restarting),
            )
            for number, choice in enumerate(choices, start=1)
        ]
        if sources:
            blocks.append(Block(Content("Sources"), gap=1, rule=True, style="scene--heading", key=("sources",)))
            blocks += [
                Block(source, item=True, key=("note", scene.id, answered is not None, number))
                for number, source in enumerate(sources, start=1)
            ]
        line = 0
        for index, block in enumerate(blocks):
            # Each block's text a line apart from the last, as it reads when copied.
            blocks[index] = replace(block, line=line)
            line += len(block.content.plain.split("\n")) + 1 if isinstance(block.content, Content) else 0
        state = (scene.id, answered, notice, order, answers, read, restarting)
        return cls(state, picks, notes, notice, title, passages, checkpoint, choices, sources, blocks)


def _picks(scene: Scene, answered: int | None, order: list[int]) -> list[Pick]:
    if scene.checkpoint is not None and answered is None:
        return [Pick(ANSWER, index) for index in order]
    if scene.ending:
        return [Pick(START_AGAIN)]
    return [Pick(CHOOSE, index) for index in range(len(scene.choices))]


def _pick_prompt(scene: Scene, pick: Pick, number: int, read: tuple[int, ...] = ()) -> Content:
    if pick.kind == ANSWER and scene.checkpoint is not None:
        label = literal(scene.checkpoint.options[pick.index].text.value)
    elif pick.kind == CHOOSE:
        read_mark = Content("  \u2713 read").stylize("dim") if pick.index in read else Content("")
        label = literal(scene.choices[pick.index].label.value) + read_mark
    elif pick.kind == RESTART:
        label = Content("Yes, start again from the first scene")
    elif pick.kind == STAY:
        label = Content("No, stay here")
    else:
        label = Content("Start again from the beginning")
    key = f"{number}" if number < 10 else " "
    return Content(f" {key}  ").stylize("bold $text-accent") + label


def _checkpoint(scene: Scene, answered: int | None, notes: Footnotes, story: Story, order: list[int]) -> Content:
    checkpoint = scene.checkpoint
    assert checkpoint is not None
    lines = [
        Content("Question").stylize("bold $text-primary"),
        with_markers(checkpoint.question.value, notes.numbers(checkpoint.cite), "bold"),
    ]
    if answered is None:
        lines.append(Content("Answer with a number key, or pick an answer below.").stylize("dim"))
        return Content("\n").join(lines)
    several = len(checkpoint.right) > 1
    for number, index in enumerate(order, start=1):
        option = checkpoint.options[index]
        right_one = checkpoint.is_right(index)
        sign = "\u2713" if right_one else "\u2717"
        style = "$text-success" if right_one else ""
        line = Content(f" {sign} {number}. ").stylize(f"bold {style}") + with_markers(
            option.text.value, notes.numbers(option.cite), style
        )
        if several and right_one:
            line += Content(" \u2014 ").stylize("dim") + literal(option_sources(option, story), "dim")
        if index == answered:
            line = line + Content("  \u2190 your answer").stylize("italic")
        lines.append(line)
    right = checkpoint.is_right(answered)
    verdict = feedback(checkpoint, answered, order)
    lines.append(Content(verdict).stylize("bold $text-success" if right else "bold $text-warning"))
    explanation = checkpoint.explanation
    lines.append(with_markers(explanation.text.value, notes.numbers(explanation.cite)))
    for citation in explanation.cite:
        lines.append(Content("   ") + quote(citation, story))
    return Content("\n").join(lines)


def _summary(answers: tuple[Answered, ...]) -> Content:
    """At an ending: how the reader answered the questions on the way."""
    right = sum(item.right for item in answers)
    lines = [Content(f"Your answers: {right} of {len(answers)} right").stylize("bold $text-primary")]
    for item in answers:
        sign = Content(" \u2713 " if item.right else " \u2717 ").stylize("bold $text-success" if item.right else "bold")
        line = sign + literal(item.question) + Content(" \u2014 " if item.right else " \u2014 you answered ")
        line += literal(item.answer, "italic")
        if not item.right:
            line += Content("; the answer: ") + literal(" or ".join(item.right_answers), "bold")
        lines.append(line)
    return Content("\n").join(lines)
