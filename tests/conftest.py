"""Shared fixtures: the repository root, the seeds, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' parsed-data and regex caches out of the user's own cache.

    Set before collection, because importing replint's rule modules already compiles
    patterns and reads data through the cache. Removed at exit by an atexit handler
    registered before replint's own, so it runs after replint has saved its table.
    """
    import atexit
    import shutil
    import tempfile

    directory = tempfile.mkdtemp(prefix="replint-test-cache-")
    os.environ["REPLINT_CACHE_DIR"] = directory
    atexit.register(shutil.rmtree, directory, True)


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def run_replint(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh interpreter (what a user and CI run)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=cwd or ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        check=False,
    )


@pytest.fixture
def replint_cmd():
    def run(*args: str, **kwargs):
        proc = run_replint(*args, **kwargs)
        proc.stdout = proc.stdout.decode("utf-8") if isinstance(proc.stdout, bytes) else proc.stdout
        proc.stderr = proc.stderr.decode("utf-8") if isinstance(proc.stderr, bytes) else proc.stderr
        return proc

    return run
