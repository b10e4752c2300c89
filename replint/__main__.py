"""``python -m replint``."""

from replint.cli import main

main()
