"""placeholder"""
from __future__ import annotations
import argparse
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?")
def run(args: argparse.Namespace) -> int:
    return 1
