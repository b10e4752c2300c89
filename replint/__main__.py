"""``python -m replint``."""

from replint.infra.gcpolicy import for_one_command

# Before the command's imports, which allocate most of a run's objects. run() sets the
# same threshold again: the console script enters there, after its imports.
for_one_command()

from replint.cli.main import run  # noqa: E402

run()
