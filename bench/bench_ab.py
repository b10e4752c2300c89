"""Two builds of replint on the same input, alternately: wall and CPU time, same output.

A before/after measurement on a shared machine: the two commands run in turns (A B,
then B A, ...), so a machine that speeds up or slows down affects both alike, and the
medians of wall-clock time and of CPU time (user + system of the whole process tree)
are printed with the load average. CPU time moves much less than wall-clock time when
other work competes for the cores. The JSON findings of every run are compared once
sorted: a speed change must not move them.

usage::

    python bench/bench_ab.py BEFORE AFTER [--rounds N] -- check DIR --jobs 1 --format json

BEFORE and AFTER are replint commands (for instance the ``replint`` of two
virtualenvs, one with an older checkout installed); everything after ``--`` is passed
to both. Each is run once first to warm the per-user cache and the OS file cache.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def run(cmd: list[str]) -> tuple[float, float, bytes]:
    """Wall-clock and CPU seconds of one run of ``cmd`` (children included), and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def canonical(output: bytes) -> list[str]:
    """The findings of a JSON run, sorted (the order of files may differ between runs)."""
    try:
        found = json.loads(output)
    except ValueError:
        return sorted(output.decode("utf-8", "replace").splitlines())
    return sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--rounds", type=int, default=3)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    ns = parser.parse_args(argv[:cut])
    args = argv[cut + 1 :]
    cmds = {"before": [ns.before, *args], "after": [ns.after, *args]}
    outputs = {name: canonical(run(cmd)[2]) for name, cmd in cmds.items()}
    load = os.getloadavg()[0]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for i in range(ns.rounds):
        for name in sorted(cmds, reverse=i % 2 == 1):
            wall, cpu, out = run(cmds[name])
            times[name].append((wall, cpu))
            if canonical(out) != outputs[name]:
                sys.exit(f"{name}: the output changed between runs")
    print(f"{' '.join(args)}  ({ns.rounds} rounds, load {load:.1f} -> {os.getloadavg()[0]:.1f})")
    for name, runs in times.items():
        wall = statistics.median(w for w, _c in runs)
        cpu = statistics.median(c for _w, c in runs)
        print(
            f"  {name:6}  wall {wall:6.2f} s   CPU {cpu:6.2f} s   ({len(outputs[name])} findings)"
        )
    same = outputs["before"] == outputs["after"]
    print("  findings identical once sorted" if same else "  FINDINGS DIFFER")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
