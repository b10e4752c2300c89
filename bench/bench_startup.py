"""Start-up cost: one seed report, whole process, against importing the bare dependencies.

The target (issue 2): `replint seeds/000_fd30382e888d4f13.txt` takes at most twice the time
of `python -c "import click, pluggy, yaml"`. Median of N runs each.

usage: python bench/bench_startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    base = median_seconds([sys.executable, "-c", "import click, pluggy, yaml"], runs)
    lint = median_seconds([sys.executable, "-m", "replint", "seeds/000_fd30382e888d4f13.txt"], runs)
    print(f"import click, pluggy, yaml: {base * 1000:.0f} ms (median of {runs})")
    print(f"replint on one seed:        {lint * 1000:.0f} ms (median of {runs})")
    print(f"ratio: {lint / base:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
