"""Start-up cost: one seed report, whole process, against importing the bare dependencies.

The target (issue 19): `replint seeds/000_fd30382e888d4f13.txt` takes at most 1.6 times
the time of `python -c "import click, pluggy, yaml"` (issue 2 asked for 2.0). Median of N
runs each.

Both sides run from byte-compiled modules: pip compiles click, pluggy and yaml when it
installs them, and compiles replint too in a regular install, but an editable install
(`pip install -e .`) leaves that to the first import, which PYTHONDONTWRITEBYTECODE=1
forbids; every run would then compile replint from source. So the script compiles
replint's modules first, as pip would (they go to the ignored __pycache__ folders).
It recompiles them all (force): compileall trusts a .pyc whose recorded mtime matches
the source's to the second, while import also compares the size, so a file edited in
the second it was compiled (a `git stash pop`) would be parsed from source in every
timed run (~18 M instructions for cli/main.py, enough to hide a 2% change).

The two commands are run alternately, so a machine that speeds up or slows down
during the measurement (shared CI runners, frequency scaling) affects both alike.
The first replint run of a fresh installation also fills the per-user cache (parsed
data files; never compiled patterns, which are built on first use in every run); it is
run once before timing, as every later run on
a developer's machine or a cached CI runner finds the cache filled. `--cold` times
runs without the cache instead (REPLINT_NO_CACHE=1).

It prints the wall-clock ratio (the target) and the CPU-time ratio (user + system of
each child process), with the load average: on a shared machine the wall-clock figure
of a 0.2 s process swings with what else runs, while its CPU time moves much less.

usage: python bench/bench_startup.py [N] [--cold] [--file PATH]

`--file` times another report instead of the seed (a Markdown weekly report also
imports markdown-it-py).

Measured (2-core machine shared with six other sessions, so never quiet; medians of
runs alternating floor / before / after; "before" is commit 82ff57b, both sides with
their own warm cache):

    load 9.2    wall  before 3.42x  after 3.00x   CPU  before 3.34x  after 2.77x
                (all the changes below but W101's)
    load 18.5   wall  before 4.52x  after 3.90x   CPU  before 3.61x  after 3.18x
                against autocorrect's CLI: wall 4.04x -> 3.48x, CPU 2.98x -> 2.62x
    instructions (valgrind, independent of load): floor 290 M, before 1,088 M (3.75x),
    after 966 M (3.34x); before with the one shared table this machine had: 1,397 M

The target (1.6x, and 1.84x as at b4d9197) is not met.

Measured after the literal gate of lazy patterns and the private records (issues 11/19,
branch startup; "before" is 5c27b4e, exported next to the worktree, same venv; the floor,
before and after run in turn, 20 rounds, medians):

    load 8.8    wall  before 2.57x  after 2.30x   CPU  before 2.63x  after 2.41x
    load 9.6    bench_startup.py 15: wall 2.51x -> 2.52x, CPU 2.47x -> 2.48x (the two
                sides measured minutes apart: on this machine only the paired figure
                above is a comparison)
    instructions (valgrind): floor 290 M, before 1,161 M (4.00x), after 1,021 M (3.52x)

    step                                                          instructions
    lazy patterns answer a text without their literals uncompiled  1,161 -> 1,096 M
    W101's and literal-alternation patterns lazy; profile titles
      validated with the compiled pattern the title check reuses    1,096 -> 1,083 M
    the gate keeps each top-level branch's clauses, and ranks
      clauses without characters every report has first            1,083 -> 1,047 M
    five private records as slotted classes (lists._Level, S104's
      _Scope, plugins._CheckedReader, classify._Match,
      headings._Ordinal)                                            1,047 -> 1,028 M
    D-rules' event table rows as a slotted class                    1,028 -> 1,021 M

Patterns compiled on the seed: 196 -> 123 (``re``'s own compiles included: 236 -> 152).
The targets (1.84x of #11 and 1.6x of #19, in wall time) are not met. What remains,
by instructions on the seed (valgrind, phases split by markers): the rules' own work
~350 M (D101 with the analysis 66 M, W101 57 M: it parses its data at each start;
R102/R103 70 M), importing replint ~280 M of which creating the 40 frozen
dataclasses that stay (model values, settings, registry: ~3.5 M each, six exec() per
class in Python 3.11) is about 130 M, compiling the 123 patterns that could match
~150 M, reading the gates ~50 M.

Second round (branch startup2, instructions on the seed with PYTHONHASHSEED=0; floor
290.9 M): before b872dba 1,052.7 M (3.62x); W101 builds the entries of its ~3,000 pairs
only for the forms a paragraph holds, 1,020.6 M; seven private NamedTuples of wording,
repetition and typos as slotted classes, 1,014.7 M (3.49x). See bench/RESULTS-speed.md.

What the start-up work of issue 19 changed, largest first: the command exits without
tearing the interpreter down (~50 ms CPU of ~450 on the loaded machine); the data
tables are per folder of data files, so a run reads only its own installation's
entries (here one shared table had grown to 1 MB with seven checkouts); W101 looks its
~1,000 literal forms up at each start instead of compiling one alternation; each wide
character class is built once per run; the built-in YAML rules are parsed on first use.
What remains, measured with cProfile and a dataclass/compile count: compiling ~185
patterns (about a third of the time beyond the floor), creating ~43 frozen dataclasses
at import (~0.6 ms each: six exec() calls per class in Python 3.11), importing the rule
modules and the first-use parsing of the data files.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = [sys.executable, "-c", "import click, pluggy, yaml"]
LINT = [sys.executable, "-m", "replint", "seeds/000_fd30382e888d4f13.txt"]


def seconds(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description="replint start-up against its dependencies")
    parser.add_argument("runs", type=int, nargs="?", default=10, help="runs of each command")
    parser.add_argument("--cold", action="store_true", help="without the per-user cache")
    parser.add_argument("--file", default=LINT[-1], help="the report to lint")
    args = parser.parse_args()
    lint = [*LINT[:-1], args.file]
    for package in ("replint", "rules"):
        compileall.compile_dir(ROOT / package, quiet=1, force=True)
    env = dict(os.environ)
    if args.cold:
        env["REPLINT_NO_CACHE"] = "1"
    seconds(lint, env)  # warm the OS file cache (and replint's, unless --cold)
    load = os.getloadavg()[0]
    base: list[tuple[float, float]] = []
    timed: list[tuple[float, float]] = []
    for _ in range(args.runs):
        base.append(seconds(BASE, env))
        timed.append(seconds(lint, env))
    how = f"median of {args.runs}" + (", no cache" if args.cold else "")
    b, s = (statistics.median(w for w, _c in runs) for runs in (base, timed))
    bc, sc = (statistics.median(c for _w, c in runs) for runs in (base, timed))
    print(f"import click, pluggy, yaml: {b * 1000:.0f} ms, CPU {bc * 1000:.0f} ms ({how})")
    print(f"replint {args.file}: {s * 1000:.0f} ms, CPU {sc * 1000:.0f} ms ({how})")
    print(f"ratio: {s / b:.2f} (target <= 1.6); CPU ratio {sc / bc:.2f}")
    print(f"load average {load:.2f} -> {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
