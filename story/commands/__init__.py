"""Subcommands of the ``story`` command line, one module each."""
