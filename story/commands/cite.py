"""``story cite "some words"``: find a passage and print a ready-to-paste YAML citation.

Words found exactly print as citations to paste under ``cite:``, and the command exits 0.
"Exactly" is what ``story check`` asks of a quote (E201): the words as typed appear in the
article, case and all, on whole words and within one paragraph; only whitespace, the kind of
quote mark and the kind of dash may differ. So a citation printed as exact always passes.

Anything else (a changed figure, other capitals, part of a word, a fuzzy guess) prints the closest
passages commented out, each saying how it differs, and exits 1: pasted as it is, such a result
cites nothing, so it cannot pass for the quote the author meant.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys

from story.cli import UsageError
from story.commands.check import story_folder
from story.core.sources import Found, Source, normalise, search
from story.loading.loader import load_story

SHOWN_DIFFERENCES = 3
"""Most word differences named in a near match's header."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("words", help="some words from the articles (fuzzy is fine: near matches print as comments)")
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument("--source", help="search only this source id")
    parser.add_argument("-n", "--limit", type=int, default=3, help="most results to print (default 3)")


def run(args: argparse.Namespace) -> int:
    root = story_folder(args.path)
    story, diagnostics, _ = load_story(root)
    if story is None or not story.sources:
        for diagnostic in diagnostics:
            if diagnostic.is_error:
                print(diagnostic.render(), file=sys.stderr)
        print("story cite: error: the story's sources could not be loaded", file=sys.stderr)
        return 1
    sources = list(story.sources.values())
    if args.source:
        sources = [s for s in sources if s.id == args.source]
        if not sources:
            raise UsageError(f"unknown source {args.source!r}; known: {', '.join(story.sources)}")
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    exact = exact_matches(sources, args.words, args.limit)
    if exact:
        for found in exact:
            print(f"# {found.source.path.name}, line {found.line} (exact)")
            _print_citation(found, prefix="")
        return 0
    near = search(sources, args.words, args.limit)
    if not near:
        print(f"nothing like {args.words!r} in the sources", file=sys.stderr)
        return 1
    for found in near:
        print(f"# {found.source.path.name}, line {found.line}: no exact match; {describe(args.words, found.quote)}")
        _print_citation(found, prefix="# ")
    print(
        f"story cite: no exact match for {args.words!r}; the closest passages are printed as comments. "
        "Check what the article says, write your text to match it, then cite its exact words",
        file=sys.stderr,
    )
    return 1


def exact_matches(sources: list[Source], words: str, limit: int) -> list[Found]:
    """Where the words are found as ``story check`` finds a quote: the first place in each source."""
    results: list[Found] = []
    for source in sources:
        match = source.find(words)
        if match is None:
            continue
        start, end = source.original_span(match)
        quote = re.sub(r"\s+", " ", source.text[start:end]).strip()
        results.append(Found(source, quote, match.line, 1.0))
        if len(results) >= limit:
            break
    return results


def describe(words: str, quote: str) -> str:
    """How a near match differs from the words asked for, e.g. ``closest, 93% alike (differs: "45" → "40")``.

    Words the passage has before or after the ones asked for are context, not differences: the
    passage is then said to be longer, and only the part that lines up with the words is compared.
    """
    asked_words, passage_words = normalise(words).split(" "), normalise(quote).split(" ")
    matcher = difflib.SequenceMatcher(None, asked_words, passage_words, autojunk=False)
    changes = matcher.get_opcodes()
    first, last = 0, len(passage_words)
    if changes and changes[0][0] == "insert":
        first = changes.pop(0)[4]
    if changes and changes[-1][0] == "insert":
        last = changes.pop()[3]
    longer = ", in a longer passage" if (first, last) != (0, len(passage_words)) else ""
    asked, core = " ".join(asked_words), " ".join(passage_words[first:last])
    if asked.lower() == core.lower():
        return f"differs only in capitals{longer}"
    # Never 100%: a near match is never the quote itself.
    percent = min(99, round(100 * difflib.SequenceMatcher(None, asked, core, autojunk=False).ratio()))
    named = [
        f"{_words(asked_words[i1:i2])} → {_words(passage_words[j1:j2])}"
        for tag, i1, i2, j1, j2 in changes
        if tag != "equal"
    ]
    shown = ", ".join(named[:SHOWN_DIFFERENCES]) + (", …" if len(named) > SHOWN_DIFFERENCES else "")
    return f"closest, {percent}% alike{longer}" + (f" (differs: {shown})" if shown else "")


def _words(words: list[str], most: int = 40) -> str:
    text = " ".join(words)
    if not text:
        return "(nothing)"
    return json.dumps(text if len(text) <= most else text[: most - 1] + "…", ensure_ascii=False)


def _print_citation(found: Found, prefix: str) -> None:
    print(f"{prefix}- source: {json.dumps(found.source.id)}")
    print(f"{prefix}  quote: {json.dumps(found.quote, ensure_ascii=False)}")
