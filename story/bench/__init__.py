"""The benchmark behind ``story bench``: generated stories, a peer compiler and the player.

:mod:`story.bench.generate` writes stories of any size whose every line cites the bundled
articles, as YAML and as Ink source; :mod:`story.bench.harness` measures the six figures.
"""
