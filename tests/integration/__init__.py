"""Real programs: the player in tmux, the served page in a browser, the benchmark, the linters."""
