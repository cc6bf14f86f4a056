"""Behaviour as a person meets it: the command line, the player through Pilot, snapshots, golden files."""
