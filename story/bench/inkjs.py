"""The peer: inkjs, the JavaScript Ink compiler, installed with npm and run with node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

INKJS = "inkjs@^2.4"
"""The peer, as given to npm."""

INK_COMPILE = r"""
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


def compile_command(script: Path, bundle: Path, ink: Path) -> list[str]:
    """The command that compiles ``ink`` with the compiler ``bundle``, ``script`` holding :data:`INK_COMPILE`."""
    return ["node", str(script), str(bundle), str(ink)]
