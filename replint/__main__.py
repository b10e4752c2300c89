"""``python -m replint``."""

from replint.infra.gcpolicy import for_one_command

for_one_command()  # before the command's imports, which allocate most of a run's objects

from replint.cli.main import run  # noqa: E402

run()
