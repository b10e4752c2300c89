"""``python -m replint``."""

from replint.cli.main import main

main()
