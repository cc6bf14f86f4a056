"""Child processes for the benchmark: how they are started and timed, and where they work.

Every measured process is started fresh, so imports and start-up count, as they do for a reader.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from story.bench.figures import BenchError


def run_process(command: Sequence[str], cwd: Path | None = None, expect: Sequence[int] = (0,)) -> float:
    """Run a command to completion, returning its wall-clock time in seconds.

    Raises:
        BenchError: if it exits with a status not in ``expect``.
    """
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment())
    elapsed = time.perf_counter() - start
    if done.returncode not in expect:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise BenchError(f"{' '.join(command)} exited {done.returncode}: " + " / ".join(tail))
    return elapsed


def environment() -> dict[str, str]:
    """This process's environment, less what would make a child slower than a reader's."""
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["STORY_CACHE_DIR"] = str(work_dir() / "verdicts")  # never the user's own cache
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


def ensure_bytecode() -> None:
    """Write the package's ``.pyc`` files, as ``pip install`` does.

    Run from a checkout with ``PYTHONDONTWRITEBYTECODE`` set, every child process would otherwise
    compile this package from source on each start while the baseline's libraries load from
    bytecode, and the start-up figures would measure the compiler rather than the program.
    """
    import compileall

    compileall.compile_dir(str(package_root() / "story"), quiet=1)
