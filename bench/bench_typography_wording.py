"""Time the T and W rules (typography, wording, built-in YAML rules) and see when jieba loads.

usage: python bench/bench_typography_wording.py [REPEAT]

Reads the seeds, runs every T/W rule on each REPEAT times, and prints the time per
report and per 1000 characters, and whether jieba was imported (word matching is only
needed when a paragraph holds a candidate such as 的的 or 按装).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    from replint_rules.typography import RULES as T
    from replint_rules.wording import RULES as W

    from replint.readers import ReadOptions
    from replint.readers.txt import read_txt
    from replint.rule import resolve_options

    rules = [*T, *W]
    options = {r.code: resolve_options(r, None) for r in rules}
    docs = [
        read_txt(p.name, p.read_bytes(), ReadOptions())
        for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    chars = sum(len(d.source or "") for d in docs)
    for doc in docs:
        before = "jieba" in sys.modules
        start = time.perf_counter()
        found = [f for r in rules for f in r().check(doc, options[r.code])]
        first = time.perf_counter() - start
        print(
            f"{doc.path}: {len(found)} findings, first run {first * 1000:.1f} ms, "
            f"jieba loaded by it: {('jieba' in sys.modules) and not before}"
        )
    start = time.perf_counter()
    for _ in range(repeat):
        for doc in docs:
            for r in rules:
                list(r().check(doc, options[r.code]))
    elapsed = time.perf_counter() - start
    runs = repeat * len(docs)
    per_kchar = elapsed / (repeat * chars) * 1000 * 1000
    print(
        f"{runs} report checks: {elapsed / runs * 1000:.2f} ms per report, "
        f"{per_kchar:.2f} ms per 1000 characters"
    )


if __name__ == "__main__":
    main()
