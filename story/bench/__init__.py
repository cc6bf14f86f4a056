"""The benchmark behind ``story bench``: generated stories, a peer compiler and the player.

:mod:`story.bench.harness` measures the figures and :mod:`story.bench.report` shows them; the
figures and their arithmetic are in :mod:`story.bench.figures`, which imports nothing else of the
benchmark. Figures 3 to 5 (``story check``) are measured by :mod:`story.bench.check`, on stories
planned by :mod:`story.bench.plan` and written as YAML by :mod:`story.bench.yaml_story` and as Ink
by :mod:`story.bench.ink_story` for the peer (:mod:`story.bench.inkjs`); ``python -m
story.bench.generate`` writes one by hand. Figures 1, 2 and 6 (the player) are measured by
:mod:`story.bench.player`, partly in child processes running :mod:`story.bench.pilot`.
"""
