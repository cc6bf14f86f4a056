"""Figures 3, 4 and 5: ``story check`` on the bundled story, on generated stories, and the peer.

3. ``check``: ``story check --no-cache`` on the bundled story against importing PyYAML and loading
   the same files with ``CSafeLoader``; ``check_cached``, the same with its caches warm, as an
   author's second check finds them (:mod:`story.checking.verdicts`, :mod:`story.loading.parsed`);
   ``check_edit``, the largest generated story checked after one of its files changed, caches
   warm, against loading its YAML.
4. ``scaling``: ``story check --no-cache`` on generated stories of 1,000 and 10,000 scenes.
5. ``peer``: the same generated stories compiled by inkjs, the JavaScript Ink compiler.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from story.bench.figures import Figure, Settings, alternate, median
from story.bench.generate import generator_source
from story.bench.ink_story import write_ink
from story.bench.inkjs import INK_COMPILE, compile_command, ensure_inkjs, inkjs_version
from story.bench.plan import plan_story
from story.bench.processes import package_root, python_command, run_process, work_dir
from story.bench.yaml_story import write_story
from story.core.paths import bundled_story
from story.loading.listing import story_files
from story.loading.yamlsafe import load_file

# -- figure 3: story check on the bundled story ---------------------------------------------

_FLOOR = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as file:\n"
    "        yaml.load(file, Loader=yaml.CSafeLoader)\n"
)
"""The floor: import PyYAML and load each YAML file with libyaml; nothing checked."""


def yaml_files_read_by_check(story: Path) -> list[Path]:
    """The story's YAML files and its sources manifest: every YAML file ``story check`` reads."""
    files = story_files(story)
    for file in files:
        root, _ = load_file(file.read_bytes(), str(file))
        section = root.get("story") if root is not None and root.kind == "map" else None
        manifest = section.get("sources") if section is not None and section.kind == "map" else None
        if manifest is not None and manifest.kind == "scalar" and (file.parent / manifest.text).is_file():
            return [*files, file.parent / manifest.text]
    return files


def figure_check(settings: Settings, cached: bool = False) -> Figure:
    story = bundled_story()
    files = [str(f) for f in yaml_files_read_by_check(story)]
    cwd = package_root()
    check = python_command("-m", "story", "check", str(story), *(() if cached else ("--no-cache",)))
    floor = python_command("-c", _FLOOR, *files)
    # A story being written may have errors; it is checked in full all the same.
    verdict = (0, 1)
    run_process(check, cwd, verdict)  # warm the file cache and byte-code once, unmeasured
    run_process(floor, cwd)
    checks, floors = alternate(
        settings.check_runs, lambda: run_process(check, cwd, verdict), lambda: run_process(floor, cwd)
    )
    ratio = median(checks) / median(floors)
    if cached:
        name = "story check, caches warm, on the bundled story vs import yaml + CSafeLoader"
    else:
        name = "story check --no-cache on the bundled story vs import yaml + CSafeLoader"
    return Figure(
        "check_cached" if cached else "check",
        name,
        ratio,
        "x",
        "<= 2x",
        ratio <= 2.0,
        {
            "check_ms": round(1000 * median(checks), 1),
            "floor_ms": round(1000 * median(floors), 1),
            "yaml_files": len(files),
            "runs": settings.check_runs,
        },
    )


# -- figure 3c: an author's edit to a large story --------------------------------------------

_EDIT = ("text: ", "text: Then ")
"""The edit: a word put before the first text of one file, and taken out again on the next run."""


def figure_check_edit(settings: Settings, generated: Generated) -> Figure:
    """``story check`` on a copy of a generated story after one file changed, caches warm, vs the floor.

    Each measured check follows an edit to one scene file, put in and taken out by turns, so
    every check finds a file changed since the one before, as an author's does. The floor loads
    every YAML file of the same story with ``CSafeLoader``.
    """
    copy = work_dir() / "edited"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(generated.story.parent, copy, ignore=shutil.ignore_patterns("*.ink", "complete.json"))
    story = copy / generated.story.name
    files = [str(f) for f in yaml_files_read_by_check(story)]
    chapters = sorted(story.glob("chapter-*.yaml"))
    edited = chapters[len(chapters) // 2]
    original = edited.read_text(encoding="utf-8")
    changed = original.replace(*_EDIT, 1)
    cwd = package_root()
    check = python_command("-m", "story", "check", str(story))
    floor = python_command("-c", _FLOOR, *files)
    verdict = (0, 1)  # the edit may well make an error: an author's story mid-edit is checked all the same
    turn = [0]

    def edit_and_check() -> float:
        turn[0] += 1
        edited.write_text(changed if turn[0] % 2 else original, encoding="utf-8")
        return run_process(check, cwd, verdict)

    run_process(check, cwd, verdict)  # the first check fills the caches, unmeasured
    run_process(floor, cwd)
    checks, floors = alternate(settings.scaling_runs, edit_and_check, lambda: run_process(floor, cwd))
    extra = median(checks) - median(floors)
    return Figure(
        "check_edit",
        f"story check after one file of {generated.scenes:,} scenes changed, caches warm, vs loading its YAML",
        extra,
        "s",
        "<= 0.5 s more",
        extra <= 0.5,
        {
            "check_ms": round(1000 * median(checks), 1),
            "floor_ms": round(1000 * median(floors), 1),
            "ratio": round(median(checks) / median(floors), 2),
            "file": edited.name,
            "runs": settings.scaling_runs,
        },
    )


# -- figures 4 and 5: generated stories, and the peer ---------------------------------------


@dataclass(frozen=True)
class Generated:
    scenes: int
    story: Path
    """The story folder."""
    ink: Path
    citations: int


def generated_story(scenes: int, seed: int = 0) -> Generated:
    """A generated story of ``scenes`` scenes, from the work folder if it was written before."""
    # Keyed by the generator's own source, so that a changed generator never reuses old stories.
    version = hashlib.sha256(generator_source()).hexdigest()[:12]
    root = work_dir() / "stories" / f"{version}-{scenes}-{seed}"
    marker = root / "complete.json"
    if marker.is_file():
        citations = json.loads(marker.read_text())["citations"]
        return Generated(scenes, root / "story", root / "story.ink", citations)
    if root.exists():
        shutil.rmtree(root)
    plan = plan_story(scenes, seed)
    story = write_story(plan, root)
    ink = write_ink(plan, root / "story.ink")
    marker.write_text(json.dumps({"scenes": scenes, "citations": plan.citations}))
    return Generated(scenes, story, ink, plan.citations)


@dataclass
class GeneratedTimes:
    """Wall-clock times on the generated stories, by number of scenes."""

    check: dict[int, list[float]] = field(default_factory=dict)
    inkjs: dict[int, list[float]] = field(default_factory=dict)
    inkjs_version: str | None = None
    inkjs_skipped: str | None = None
    """Why inkjs was not run."""


def measure_generated(settings: Settings, stories: list[Generated]) -> GeneratedTimes:
    """``story check`` and, where it can be had, inkjs on each story, measured turn about.

    Raises:
        BenchError: if a generated story fails ``story check`` or its Ink fails to compile.
    """
    cwd = package_root()
    times = GeneratedTimes()
    bundle, how = ensure_inkjs(work_dir() / "npm")
    script = work_dir() / "ink-compile.js"
    if bundle is None:
        times.inkjs_skipped = how
    else:
        script.write_text(INK_COMPILE, encoding="utf-8")
        times.inkjs_version = inkjs_version(bundle)
    for generated in stories:
        check = python_command("-m", "story", "check", "--no-cache", str(generated.story))
        run_process(check, cwd)  # a story that fails check is no benchmark: this raises
        measures = [functools.partial(run_process, check, cwd)]
        if bundle is not None:
            compile_ink = compile_command(script, bundle, generated.ink)
            run_process(compile_ink)  # fails loudly if the Ink does not compile
            measures.append(functools.partial(run_process, compile_ink, None))
        results = alternate(settings.scaling_runs, *measures)
        times.check[generated.scenes] = results[0]
        if bundle is not None:
            times.inkjs[generated.scenes] = results[1]
    return times


def figure_scaling(settings: Settings, stories: list[Generated], times: GeneratedTimes) -> Figure:
    small, large = (median(times.check[g.scenes]) for g in stories)
    ratio = large / small
    big = stories[-1].scenes
    time_budget = big >= 10_000
    met = ratio <= 12.0 and (large <= 2.0 if time_budget else True)
    verdict = None
    if time_budget and (large <= 2.0) != (ratio <= 12.0):
        verdict = "time yes, ratio NO" if large <= 2.0 else "time NO, ratio yes"
    return Figure(
        "scaling",
        f"story check on generated stories of {stories[0].scenes:,} and {big:,} scenes",
        large,
        "s",
        f"{big:,} scenes <= 2 s; {big:,}/{stories[0].scenes:,} <= 12x" if time_budget else "ratio <= 12x",
        met,
        {
            **{f"check_{g.scenes}_ms": round(1000 * median(times.check[g.scenes]), 1) for g in stories},
            **{f"citations_{g.scenes}": g.citations for g in stories},
            "ratio": round(ratio, 2),
            "runs": settings.scaling_runs,
        },
        verdict=verdict,
    )


def figure_peer(settings: Settings, stories: list[Generated], times: GeneratedTimes) -> Figure:
    name = "story check vs inkjs compiling the same stories as Ink"
    if times.inkjs_skipped is not None:
        return Figure("peer", name, None, "x", "< 1x (goal)", None, skipped=times.inkjs_skipped)
    detail: dict[str, object] = {"inkjs": times.inkjs_version, "runs": settings.scaling_runs}
    ratio = 0.0
    for generated in stories:
        ours, theirs = median(times.check[generated.scenes]), median(times.inkjs[generated.scenes])
        ratio = ours / theirs
        detail[f"inkjs_{generated.scenes}_ms"] = round(1000 * theirs, 1)
        detail[f"check_{generated.scenes}_ms"] = round(1000 * ours, 1)
        detail[f"ratio_{generated.scenes}"] = round(ratio, 3)
    return Figure("peer", f"{name} ({stories[-1].scenes:,} scenes)", ratio, "x", "< 1x (goal)", ratio < 1.0, detail)
