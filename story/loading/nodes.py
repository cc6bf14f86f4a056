"""Turn one validated YAML node into one model object: a text, its citations, a scene, a fact.

A value the schema rejected, or a required one that is missing, has been reported once by the
schema. These readers put a stand-in in its place and name the field in the object's ``broken``
set (see :mod:`story.core.model`), so that the rules treat it as unknown instead of judging the
stand-in as if the author had written it. :mod:`story.loading.build` puts the objects together.
"""

from __future__ import annotations

import re

from story.core.codes import Code
from story.core.diagnostics import Diagnostic
from story.core.model import Account, Checkpoint, Choice, Citation, Fact, Option, Passage, Scene, Text
from story.loading.node import Node, is_null, reads_as_boolean
from story.loading.schema import ID_PATTERN


def read_text(node: Node | None) -> Text | None:
    """A player-visible text, or ``None`` when it is missing, not text, null or blank."""
    # A bare `no` is kept as the text it was meant to be; the schema reports it (E305).
    if node is None or node.kind != "scalar" or is_null(node):
        return None
    if not node.text.strip():
        return None
    end_line = node.end_line or node.pos.line
    return Text(node.text, node.pos, node.plain, end_line)


def read_cites(node: Node | None, required: bool = True) -> tuple[list[Citation], bool]:
    """The citations of a ``cite:`` value, and whether they are all there.

    A citation without a usable source or quote is left out (the schema reports it), and so
    is the answer "all there": what the missing quote would support is unknown. So is a
    ``cite:`` that is missing (when ``required``), empty or not a list.
    """
    if node is None:
        return [], not required
    items = seq(node)
    whole = bool(items)
    cites = []
    for item in items:
        source = plain_text(item.get("source"))
        quote = item.get("quote")
        if source is None or plain_text(quote) is None:
            whole = False
            continue
        assert quote is not None
        cites.append(Citation(source, quote.text, quote.pos))
    return cites, whole


def read_passage(node: Node) -> Passage | None:
    """A text with its ``cite:``, or ``None`` when the text is broken."""
    text = read_text(node.get("text"))
    if text is None:
        return None
    cites, whole = read_cites(node.get("cite"))
    return Passage(text, cites, node.pos, broken=broken_fields(cite=not whole))


def read_passage_or_blank(node: Node) -> Passage:
    """The passage, or a blank one where its text is broken (already reported)."""
    passage = read_passage(node)
    if passage is not None:
        return passage
    cites, whole = read_cites(node.get("cite"))
    return Passage(blank(node), cites, node.pos, broken=broken_fields(text=True, cite=not whole))


def read_passages(node: Node | None, required: bool) -> tuple[list[Passage], bool]:
    """The passages of a list, and whether that is all of them (none was broken)."""
    items = seq(node)
    passages = [p for p in (read_passage(n) for n in items) if p]
    if node is None:
        return passages, not required
    return passages, node.kind == "seq" and len(passages) == len(items) and (bool(items) or not required)


def read_scene(node: Node) -> Scene:
    """A scene, with whatever of it is broken named in its ``broken`` set."""
    ident, broken = read_id(node)
    title = read_text(node.get("title"))
    passages, whole = read_passages(node.get("passages"), required=True)
    discuss, discuss_whole = read_passages(node.get("discuss"), required=False)
    choices_node = node.get("choices")
    choices_broken = choices_node is not None and choices_node.kind != "seq"
    choices = []
    for item in seq(choices_node):
        # A choice whose target is missing or not an id may have meant any scene: it is left
        # out, and the scene's choices are broken (they may lead anywhere).
        target = item.get("target")
        if target is None or not is_id(plain_text(target)):
            choices_broken = True
            continue
        label = read_text(item.get("label"))
        choices.append(
            Choice(label or blank(item), target.text, item.pos, target.pos, broken=broken_fields(label=label is None))
        )
    unlocks_node = node.get("unlocks")
    unlocks_broken = unlocks_node is not None and unlocks_node.kind != "seq"
    unlocks = []
    for item in seq(unlocks_node):
        entry_id = plain_text(item)
        if entry_id is not None and is_id(entry_id):
            unlocks.append((entry_id, item.pos))
        else:
            unlocks_broken = True
    ending = node.get("ending")
    checkpoint = node.get("checkpoint")
    broken |= broken_fields(
        title=title is None,
        passages=not whole,
        discuss=not discuss_whole,
        choices=choices_broken,
        unlocks=unlocks_broken,
        ending=ending is not None and not _reads_as_flag(ending),
        checkpoint=checkpoint is not None and checkpoint.kind != "map",
    )
    if node.kind != "map":  # reported (E303): it may have held anything a scene holds
        broken |= {"choices", "ending", "unlocks", "discuss", "checkpoint"}
    scene = Scene(
        id=ident,
        title=title or blank(node),
        passages=passages,
        choices=choices,
        pos=node.pos,
        ending=_flag(ending),
        unlocks=unlocks,
        discuss=discuss,
        broken=broken,
    )
    if checkpoint is not None and checkpoint.kind == "map":
        scene.checkpoint = read_checkpoint(checkpoint)
    return scene


def read_checkpoint(node: Node) -> Checkpoint:
    """A scene's checkpoint: its question, options and explanation."""
    question = read_text(node.get("question"))
    explanation_node = node.get("explanation")
    if explanation_node is not None and explanation_node.kind == "map":
        explanation = read_passage_or_blank(explanation_node)
    else:
        explanation = Passage(blank(node), [], node.pos, broken=frozenset({"text", "cite"}))
    options_node = node.get("options")
    items = seq(options_node)
    options = []
    for item in items:
        text = read_text(item.get("text"))
        cites, whole = read_cites(item.get("cite"))
        correct = item.get("correct")
        broken = broken_fields(
            text=text is None,
            cite=not whole,
            correct=item.kind != "map" or (correct is not None and not _reads_as_flag(correct)),
        )
        options.append(Option(text or blank(item), cites, _flag(correct), item.pos, broken=broken))
    cites, whole = read_cites(node.get("cite"), required=False)
    broken = broken_fields(
        question=question is None,
        # Fewer than two options is reported too (E304): the missing one may be the answer.
        options=options_node is None or options_node.kind != "seq" or len(items) < 2,
        explanation=explanation_node is None or explanation_node.kind != "map",
        cite=not whole,
    )
    return Checkpoint(question or blank(node), options, explanation, node.pos, cites, broken=broken)


def read_fact(node: Node, diagnostics: list[Diagnostic]) -> Fact:
    """A fact: a text with its ``cite:``, or accounts. Reports a fact of neither or both forms (E603)
    and a text with no citation (E504)."""
    ident, broken = read_id(node)
    title = read_text(node.get("title"))
    accounts_node = node.get("accounts")
    accounts = seq(accounts_node)
    broken |= broken_fields(
        title=title is None,
        # Not a mapping (E303), the fact may have held accounts too.
        accounts=node.kind != "map"
        or (accounts_node is not None and (accounts_node.kind != "seq" or len(accounts) < 2)),
    )
    fact = Fact(ident, title or blank(node), node.pos, broken=broken)
    if node.kind != "map":
        return fact  # nothing more to say of it than the schema did
    text_node = node.get("text")
    if text_node is not None:
        text = read_text(text_node)
        # Without `cite:` beside it, the text is reported below (E504), not by the schema.
        cites, whole = read_cites(node.get("cite"))
        fact.text = Passage(
            text or blank(node), cites, node.pos, broken=broken_fields(text=text is None, cite=not whole)
        )
    for item in accounts:
        passage = read_passage_or_blank(item)
        fact.accounts.append(Account(passage.text, passage.cite, passage.pos, broken=passage.broken))
    has_text = text_node is not None
    has_accounts = accounts_node is not None
    what = f"fact {ident!r}" if ident else "a fact with no id"
    if has_text == has_accounts:
        diagnostics.append(
            Diagnostic(
                node.pos,
                Code.FACT_FORM,
                f"{what} needs either `text` with `cite`, or `accounts`, not {'both' if has_text else 'neither'}",
                "use `accounts` only where the sources disagree",
            )
        )
    if text_node is not None and node.get("cite") is None:
        diagnostics.append(
            Diagnostic(
                text_node.pos, Code.UNCITED_TEXT, f"{what} has text but no citation", "add `cite:` beside `text:`"
            )
        )
    if has_accounts and not has_text and node.get("cite") is not None:
        diagnostics.append(
            Diagnostic(
                node.keys["cite"].pos,
                Code.FACT_FORM,
                f"{what} has both `accounts` and a fact-level `cite`",
                "cite inside each account instead",
            )
        )
    return fact


def seq(node: Node | None) -> list[Node]:
    """The items of a list, or none when the node is missing or not a list."""
    if node is None or node.kind != "seq":
        return []
    return node.items()


def blank(node: Node) -> Text:
    """Stand-in for a text that is missing or broken (and already reported)."""
    return Text("", node.pos, False, node.pos.line)


def broken_fields(**fields: bool) -> frozenset[str]:
    """The names of the fields that are broken: ``broken_fields(title=True, cite=False)`` is ``{"title"}``."""
    return frozenset(name for name, broken in fields.items() if broken)


def is_id(text: str | None) -> bool:
    """Whether a value is an id the schema accepts."""
    return text is not None and re.match(ID_PATTERN, text) is not None


def read_id(node: Node) -> tuple[str, frozenset[str]]:
    """The ``id`` of a scene or entry as written ("" when it is not text), and ``{"id"}`` when broken."""
    ident = plain_text(node.get("id")) or ""
    return ident, broken_fields(id=not is_id(ident))


_TRUE = frozenset({"true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})


def _flag(node: Node | None) -> bool:
    """A boolean value. ``yes`` and ``on`` (reported as E305) count as what they were meant to say."""
    return node is not None and node.kind == "scalar" and node.plain and node.text in _TRUE


def _reads_as_flag(node: Node) -> bool:
    """Whether :func:`_flag` knows what a value means: a bare YAML 1.2 or 1.1 boolean word."""
    return node.kind == "scalar" and node.plain and reads_as_boolean(node.text)


def plain_text(node: Node | None) -> str | None:
    """A scalar's text, or ``None`` when it is missing, not a scalar, null or blank."""
    if node is None or node.kind != "scalar" or is_null(node) or not node.text.strip():
        return None
    return node.text
