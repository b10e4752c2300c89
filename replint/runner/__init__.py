"""The runner: plan (rule options resolved), run (serial or pool, corpus pass), fix."""
