"""The command line: parse options -> Session -> formatter -> exit code."""

from replint.cli.main import check, main, run

__all__ = ["check", "main", "run"]
