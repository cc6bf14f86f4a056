"""Generate a story of any size that passes ``story check``, as YAML and, if asked, as Ink.

The story is planned by :mod:`story.bench.plan` (every line a cited quote of the bundled articles)
and written by :mod:`story.bench.yaml_story` and :mod:`story.bench.ink_story`.

Run ``python3 -m story.bench.generate 1000 OUT`` to write one by hand.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from story.bench import ink_story, plan, yaml_story
from story.bench.ink_story import write_ink
from story.bench.plan import plan_story
from story.bench.yaml_story import write_story

GENERATOR = (plan, yaml_story, ink_story)
"""The modules whose source decides what a generated story holds."""


def generator_source() -> bytes:
    """The generator's source, by which generated stories kept between runs are keyed."""
    return b"".join(Path(str(module.__file__)).read_bytes() for module in GENERATOR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write a generated story that passes `story check`")
    parser.add_argument("scenes", type=int, help="how many scenes (at least 2)")
    parser.add_argument("out", type=Path, help="folder to write (story/ and seeds/ inside)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ink", action="store_true", help="also write story.ink")
    args = parser.parse_args(argv)
    planned = plan_story(args.scenes, args.seed)
    story_dir = write_story(planned, args.out)
    print(f"{story_dir}: {len(planned.scenes)} scenes, {planned.citations} citations")
    if args.ink:
        print(write_ink(planned, args.out / "story.ink"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
