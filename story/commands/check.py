"""``story check``: report every problem in a story, compiler-style."""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from story.checking.reports import Output, StoredReports
from story.cli import UsageError, keep_to_the_end
from story.core.caches import prune
from story.core.paths import resolve_story

EXIT_AT_ONCE = True
"""Once the report is printed and the caches written, nothing is left to clean up (see :func:`story.cli.main`)."""

if TYPE_CHECKING:
    from story.checking.checker import Report
    from story.checking.verdicts import Verdicts
    from story.loading.parsed import ParsedFiles


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="story folder (default: the bundled story)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--uncited", action="store_true", help="list the source sentences no quote cites")
    parser.add_argument(
        "--explain",
        metavar="FILE:LINE",
        help="show how the text at a line was made from its quotes: kept, left out and added words",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="judge every text afresh, neither reading nor writing the cache of verdicts",
    )


def story_folder(path: str | None) -> Path:
    """The story folder named on the command line: a folder, or a YAML file inside one.

    Raises:
        UsageError: if the path does not exist or is a file that is not YAML.
    """
    if path is not None and Path(path).is_file() and Path(path).suffix != ".yaml":
        raise UsageError(f"not a story folder or a .yaml file: {path}")
    try:
        return resolve_story(path)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    # A story's trees hold no cycles worth collecting: the collector, on, would only walk them,
    # and once the story is checked the process has little left to do (see story.loading.collector).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _explain(args) if args.explain else _report(args)
    finally:
        if collecting:
            gc.enable()


def _report(args: argparse.Namespace) -> int:
    root = story_folder(args.path)
    stored = None if args.no_cache else _stored(root, args)
    output = stored.lookup() if stored is not None else None
    if output is None:
        output, inputs = _check(root, args)
        if stored is not None:
            stored.store(inputs, output)
    sys.stderr.write(output.stderr)
    sys.stdout.write(output.stdout)
    if stored is not None:
        stored.used()  # the story's entries, read or written, are in use: pruning keeps them
        prune(stored.path.parent)
    return output.status


def _check(root: Path, args: argparse.Namespace) -> tuple[Output, dict[str, str]]:
    """Check the story (with the caches unless ``--no-cache``): what to print, and every file read."""
    from story.checking.checker import check_path  # imported only when the story must be checked
    from story.core.diagnostics import render_json

    verdicts, parsed = (None, None) if args.no_cache else _caches(root)
    report = check_path(root, verdicts=verdicts, parsed=parsed)
    keep_to_the_end(report)
    stdout, stderr = io.StringIO(), io.StringIO()
    if args.format == "json":
        stdout.write(render_json(report.diagnostics, _summary(report, args.uncited)) + "\n")
    else:
        _print_text(report, args.uncited, stdout, stderr)
    return Output(stdout.getvalue(), stderr.getvalue(), 1 if report.errors else 0), report.inputs


def _stored(root: Path, args: argparse.Namespace) -> StoredReports | None:
    """The reports stored for the story, or ``None`` when no cache folder can be had."""
    try:
        return StoredReports(root, [args.format, str(bool(args.uncited))])
    except (OSError, RuntimeError):  # no home folder, say
        return None


def _caches(root: Path) -> tuple[Verdicts | None, ParsedFiles | None]:
    """The story's caches of verdicts and parsed files, or ``None`` for each that cannot be had.

    Without a cache every text is judged and every file parsed afresh: a cache only saves time.
    """
    from story.checking.verdicts import Verdicts
    from story.loading.parsed import parsed_files

    try:
        verdicts: Verdicts | None = Verdicts(root)
    except (OSError, RuntimeError):  # no home folder, say
        verdicts = None
    return verdicts, parsed_files(root)


def _where(value: str) -> tuple[Path, int]:
    """``FILE:LINE`` from the command line.

    Raises:
        UsageError: if it is not a file and a line number.
    """
    file, _, line = value.rpartition(":")
    if not file or not line.isdigit() or int(line) < 1:
        raise UsageError(f"--explain wants FILE:LINE, such as scenes/rescue.yaml:14 (got {value!r})")
    if not Path(file).is_file():
        raise UsageError(f"no such file: {file}")
    return Path(file), int(line)


def _explain(args: argparse.Namespace) -> int:
    """Print the alignment of the text at FILE:LINE; exit 1 if it changes what its quotes mean."""
    from story.checking import explain as proof  # imported only for --explain
    from story.checking.checker import check_path

    file, line = _where(args.explain)
    root = story_folder(args.path if args.path is not None else str(file))
    report = check_path(root)
    if report.story is None:
        for diagnostic in report.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return 1
    explanations = proof.explain(report.story, file, line)
    if not explanations:
        raise UsageError(f"no cited text at {file}:{line}; give the line of a passage, fact or other text")
    if args.format == "json":
        sys.stdout.write(json.dumps({"explain": proof.render_json(explanations)}, indent=2) + "\n")
    else:
        print(proof.render_text(explanations))
    return 1 if any(explanation.findings for explanation in explanations) else 0


def _summary(report: Report, uncited: bool) -> dict[str, object]:
    story = report.story
    summary: dict[str, object] = {
        "scenes": len(story.scenes) if story else 0,
        "files": len(story.files) if story else 0,
        "coverage": [c.summary() for c in report.coverage],
    }
    if uncited:
        summary["uncited"] = [
            {"source": c.source.id, "line": s.line, "sentence": s.text, "covered": round(share, 2)}
            for c in report.coverage
            for s, share in c.uncited()
        ]
    return summary


def _print_text(report: Report, uncited: bool, out: io.StringIO, err: io.StringIO) -> None:
    for diagnostic in report.diagnostics:
        print(diagnostic.render(), file=err)
    story = report.story
    if story is not None:
        scenes, files = len(story.scenes), len(story.files)
        print(f"{story.title.value}: {scenes} scene{'s' * (scenes != 1)} in {files} file{'s' * (files != 1)}", file=out)
        for coverage in report.coverage:
            summary = coverage.summary()
            print(
                f"  source {summary['source']} ({coverage.source.label}): {summary['cited']}/{summary['sentences']} "
                "sentences cited "
                f"({summary['percent']}%)",
                file=out,
            )
            if uncited:
                for sentence, share in coverage.uncited():
                    partly = f" [{round(100 * share)}% quoted]" if share else ""
                    print(f"    {coverage.source.path.name}:{sentence.line}: {sentence.text}{partly}", file=out)
    errors, warnings = report.errors, report.warnings
    verdict = "ok" if not errors else "failed"
    print(f"{verdict}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", file=out)
