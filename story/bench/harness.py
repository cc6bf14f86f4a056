"""The six figures of ``story bench``, each a median over repeated runs.

Machines are noisy, so wherever a figure can be a ratio it is one: the story's time (or memory)
over a baseline measured in the same run, with the two measured turn about. Every process is
started fresh, so imports and start-up count, as they do for a reader.

1. ``first_frame``: the player's first painted screen against a minimal Textual app.
2. ``transition``: keypress to the next scene rendered, p95 over many transitions.
3. ``check``: ``story check`` on the bundled story against importing PyYAML and loading the same
   files with ``CSafeLoader``.
4. ``scaling``: ``story check`` on generated stories of 1,000 and 10,000 scenes.
5. ``peer``: the same generated stories compiled by inkjs, the JavaScript Ink compiler.
6. ``memory``: peak RSS of the player after a full walkthrough against the minimal app.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from story.bench import generate
from story.bench.generate import plan_story, write_ink, write_story
from story.core.paths import bundled_story
from story.loading.loader import story_files
from story.loading.yamlsafe import load_file

INKJS = "inkjs@^2.4"
"""The peer, as given to npm."""


@dataclass(frozen=True)
class Settings:
    """How much to measure."""

    quick: bool = False
    check_runs: int = 15
    sizes: tuple[int, int] = (1_000, 10_000)
    scaling_runs: int = 5
    frame_runs: int = 10
    transitions: int = 300
    memory_runs: int = 3

    @classmethod
    def quick_mode(cls) -> Settings:
        """Small sizes and few runs: proves the benchmark works, says little about speed."""
        return cls(
            quick=True, check_runs=3, sizes=(100, 1_000), scaling_runs=3, frame_runs=3, transitions=50, memory_runs=1
        )


@dataclass
class Figure:
    """One measured figure, with its budget."""

    id: str
    name: str
    value: float | None
    """The headline number, in ``unit``; ``None`` when skipped."""
    unit: str
    budget: str
    """The budget in words, such as ``<= 1.2x``."""
    met: bool | None
    """Whether the budget is met (``None`` when there is no budget or the figure was skipped)."""
    detail: dict[str, object] = field(default_factory=dict)
    skipped: str | None = None
    """Why the figure could not be measured."""
    verdict: str | None = None
    """What the table says in its "met" column, where one word is not enough."""

    def shown(self) -> str:
        if self.value is None:
            return "skipped"
        if self.unit == "x":
            return f"{self.value:.2f}x"
        return f"{self.value:.1f} {self.unit}" if self.unit == "ms" else f"{self.value:.2f} {self.unit}"


# -- measuring ------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class BenchError(Exception):
    """A measurement that could not be taken honestly (say, a generated story that fails check)."""


def run_process(command: Sequence[str], cwd: Path | None = None, expect: Sequence[int] = (0,)) -> float:
    """Run a command to completion, returning its wall-clock time in seconds.

    Raises:
        BenchError: if it exits with a status not in ``expect``.
    """
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_environment())
    elapsed = time.perf_counter() - start
    if done.returncode not in expect:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise BenchError(f"{' '.join(command)} exited {done.returncode}: " + " / ".join(tail))
    return elapsed


def alternate(runs: int, *commands: Callable[[], float]) -> list[list[float]]:
    """Call each measurement ``runs`` times, turn about, so drift in the machine hits all alike."""
    results: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            results[index].append(command())
    return results


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def package_root() -> Path:
    """The folder holding the ``story`` package, so that child processes import this very copy."""
    return Path(__file__).resolve().parent.parent.parent


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]


def work_dir() -> Path:
    """Where generated stories and the peer's npm install are kept between runs.

    ``STORY_BENCH_DIR`` if set, else ``bench-work/`` in a checkout (it is git-ignored), else the
    user's cache folder.
    """
    if os.environ.get("STORY_BENCH_DIR"):
        return Path(os.environ["STORY_BENCH_DIR"])
    root = package_root()
    if (root / "pyproject.toml").is_file() and (root / ".git").exists():
        return root / "bench-work"
    import platformdirs

    return Path(platformdirs.user_cache_dir("story")) / "bench"


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


def figure_check(settings: Settings) -> Figure:
    story = bundled_story()
    files = [str(f) for f in yaml_files_read_by_check(story)]
    cwd = package_root()
    check = python_command("-m", "story", "check", str(story))
    floor = python_command("-c", _FLOOR, *files)
    # A story being written may have errors; it is checked in full all the same.
    verdict = (0, 1)
    run_process(check, cwd, verdict)  # warm the file cache and byte-code once, unmeasured
    run_process(floor, cwd)
    checks, floors = alternate(
        settings.check_runs, lambda: run_process(check, cwd, verdict), lambda: run_process(floor, cwd)
    )
    ratio = median(checks) / median(floors)
    return Figure(
        "check",
        "story check on the bundled story vs import yaml + CSafeLoader",
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
    version = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest()[:12]
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
        script.write_text(_INK_COMPILE, encoding="utf-8")
        times.inkjs_version = inkjs_version(bundle)
    for generated in stories:
        check = python_command("-m", "story", "check", str(generated.story))
        run_process(check, cwd)  # a story that fails check is no benchmark: this raises
        measures = [functools.partial(run_process, check, cwd)]
        if bundle is not None:
            compile_ink = ["node", str(script), str(bundle), str(generated.ink)]
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


_INK_COMPILE = r"""
const fs = require("fs");
const { Compiler, CompilerOptions } = require(process.argv[2]);
const source = fs.readFileSync(process.argv[3], "utf-8");
const start = process.hrtime.bigint();
const errors = [];
const onError = (message, type) => { if (type === 2) errors.push(message); };
const options = new CompilerOptions(null, [], false, onError, null);
let story = null;
try { story = new Compiler(source, options).Compile(); } catch (error) { errors.push(String(error)); }
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ errors: errors.slice(0, 3), ms }) + "\n");
process.exit(story && errors.length === 0 ? 0 : 1);
"""
"""Compile one Ink file in-process with inkjs; exit 1 on any compile error."""


def ensure_inkjs(folder: Path) -> tuple[Path | None, str]:
    """Install inkjs with npm into ``folder`` (once), returning its compiler bundle.

    Returns:
        The path of ``ink-full.js`` (``None`` if it cannot be had) and what happened.
    """
    bundle = folder / "node_modules" / "inkjs" / "dist" / "ink-full.js"
    if shutil.which("node") is None:
        return None, "node is not installed"
    if bundle.is_file():
        return bundle, "installed before"
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--prefix", str(folder), INKJS, "--no-audit", "--no-fund", "--loglevel=error"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not bundle.is_file():
        return None, f"npm install {INKJS} failed: {(done.stderr or done.stdout).strip()[-300:]}"
    return bundle, "installed now"


def inkjs_version(bundle: Path) -> str:
    package = bundle.parent.parent / "package.json"
    try:
        return str(json.loads(package.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


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


# -- figures 1, 2 and 6: the player -----------------------------------------------------------


def player_figures(settings: Settings) -> list[Figure]:
    """First frame, scene transitions and memory, each measured in fresh child processes."""
    from story.bench import player

    return player.figures(settings)


# -- all of it ------------------------------------------------------------------------------


FIGURE_ORDER = ("first_frame", "transition", "check", "scaling", "peer", "memory")


def run_all(settings: Settings, progress: Callable[[str], None] | None = None) -> list[Figure]:
    """Measure all six figures. A figure that cannot be measured is reported as skipped."""
    say = progress or (lambda message: None)
    figures: dict[str, Figure] = {}
    say("compiling the package's bytecode, as installing it does")
    ensure_bytecode()
    say("story check on the bundled story")
    figures["check"] = _guarded("check", figure_check, settings)
    say(f"generating stories of {settings.sizes[0]:,} and {settings.sizes[1]:,} scenes")
    stories = [generated_story(size) for size in settings.sizes]
    say("story check and inkjs on the generated stories, turn about")
    try:
        times = measure_generated(settings, stories)
    except BenchError as error:
        figures["scaling"] = _skipped("scaling", str(error))
        figures["peer"] = _skipped("peer", str(error))
    else:
        figures["scaling"] = figure_scaling(settings, stories, times)
        figures["peer"] = figure_peer(settings, stories, times)
    say("the player")
    try:
        for figure in player_figures(settings):
            figures[figure.id] = figure
    except BenchError as error:
        for key in ("first_frame", "transition", "memory"):
            figures.setdefault(key, _skipped(key, str(error)))
    return [figures.get(key) or _skipped(key, "not measured") for key in FIGURE_ORDER]


def ensure_bytecode() -> None:
    """Write the package's ``.pyc`` files, as ``pip install`` does.

    Run from a checkout with ``PYTHONDONTWRITEBYTECODE`` set, every child process would otherwise
    compile this package from source on each start while the baseline's libraries load from
    bytecode, and the start-up figures would measure the compiler rather than the program.
    """
    import compileall

    compileall.compile_dir(str(package_root() / "story"), quiet=1)


def _guarded(key: str, measure: Callable[..., Figure], *args: object) -> Figure:
    try:
        return measure(*args)
    except BenchError as error:
        return _skipped(key, str(error))


_NAMES = {
    "first_frame": ("first frame of the player vs a minimal Textual app", "x", "<= 1.2x"),
    "transition": ("scene transition, keypress to rendered (p95)", "ms", "<= 16.7 ms"),
    "check": ("story check on the bundled story vs import yaml + CSafeLoader", "x", "<= 2x"),
    "scaling": ("story check on generated stories", "s", "10,000 scenes <= 2 s; 10,000/1,000 <= 12x"),
    "peer": ("story check vs inkjs compiling the same stories as Ink", "x", "< 1x (goal)"),
    "memory": ("peak RSS after a full walkthrough vs a minimal Textual app", "x", "<= 1.3x"),
}


def _skipped(key: str, why: str) -> Figure:
    name, unit, budget = _NAMES[key]
    return Figure(key, name, None, unit, budget, None, skipped=why)


def report_json(figures: list[Figure], settings: Settings) -> str:
    import platform

    document = {
        "quick": settings.quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "figures": {figure.id: asdict(figure) for figure in figures},
    }
    return json.dumps(document, indent=2)


def report_table(figures: list[Figure], settings: Settings) -> str:
    rows = [("#", "figure", "value", "budget", "met")]
    for number, figure in enumerate(figures, start=1):
        met = "skipped" if figure.skipped else ("-" if figure.met is None else ("yes" if figure.met else "NO"))
        met = figure.verdict or met
        rows.append((str(number), figure.name, figure.shown(), figure.budget, met))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for figure in figures:
        if figure.skipped:
            lines.append(f"{figure.id}: skipped: {figure.skipped}")
        elif figure.detail:
            lines.append(f"{figure.id}: " + ", ".join(f"{key}={value}" for key, value in figure.detail.items()))
    if settings.quick:
        lines.append("quick mode: small sizes and few runs; a smoke test, not a measurement")
    return "\n".join(lines)
