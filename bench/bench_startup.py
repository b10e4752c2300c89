"""Start-up cost: one seed report, whole process, against importing the bare dependencies.

The target (issue 19): `replint seeds/000_fd30382e888d4f13.txt` takes at most 1.6 times
the time of `python -c "import click, pluggy, yaml"` (issue 2 asked for 2.0). Median of N
runs each.

Both sides run from byte-compiled modules: pip compiles click, pluggy and yaml when it
installs them, and compiles replint too in a regular install, but an editable install
(`pip install -e .`) leaves that to the first import, which PYTHONDONTWRITEBYTECODE=1
forbids; every run would then compile replint from source. So the script compiles
replint's modules first, as pip would (they go to the ignored __pycache__ folders).

The two commands are run alternately, so a machine that speeds up or slows down
during the measurement (shared CI runners, frequency scaling) affects both alike.
The first replint run of a fresh installation also fills the per-user cache (parsed
data files; never compiled patterns, which are built on first use in every run); it is
run once before timing, as every later run on
a developer's machine or a cached CI runner finds the cache filled. `--cold` times
runs without the cache instead (REPLINT_NO_CACHE=1).

usage: python bench/bench_startup.py [N] [--cold] [--file PATH]

`--file` times another report instead of the seed (a Markdown weekly report also
imports markdown-it-py).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = [sys.executable, "-c", "import click, pluggy, yaml"]
LINT = [sys.executable, "-m", "replint", "seeds/000_fd30382e888d4f13.txt"]


def seconds(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="replint start-up against its dependencies")
    parser.add_argument("runs", type=int, nargs="?", default=10, help="runs of each command")
    parser.add_argument("--cold", action="store_true", help="without the per-user cache")
    parser.add_argument("--file", default=LINT[-1], help="the report to lint")
    args = parser.parse_args()
    lint = [*LINT[:-1], args.file]
    for package in ("replint", "rules"):
        compileall.compile_dir(ROOT / package, quiet=1)
    env = dict(os.environ)
    if args.cold:
        env["REPLINT_NO_CACHE"] = "1"
    seconds(lint, env)  # warm the OS file cache (and replint's, unless --cold)
    base: list[float] = []
    timed: list[float] = []
    for _ in range(args.runs):
        base.append(seconds(BASE, env))
        timed.append(seconds(lint, env))
    b, s = statistics.median(base), statistics.median(timed)
    how = f"median of {args.runs}" + (", no cache" if args.cold else "")
    print(f"import click, pluggy, yaml: {b * 1000:.0f} ms ({how})")
    print(f"replint {args.file}: {s * 1000:.0f} ms ({how})")
    print(f"ratio: {s / b:.2f} (target <= 1.6)")


if __name__ == "__main__":
    main()
