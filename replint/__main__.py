"""``python -m replint``."""

from replint.cli.main import run

run()
