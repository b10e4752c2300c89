"""Growth of every rule family on one big file, in process (issue 19).

One file is made by joining reports of a ``bench/make_corpus.py`` corpus until it
reaches each size (1.2, 2.3, 4.6 and 9.3 MB by default, each double the one
before); every rule's ``check`` runs on it, and the seconds are summed per family
(the letter of the code), in CPU seconds of this process, which a busy machine
moves less than wall time. The document analysis (headings, sections, period) is
computed first and timed on its own row (``analysis``), so its cost is not charged to
whichever family happens to ask for it first. The corpus rule R201 is timed as the
runner drives it: ``prepare_corpus`` on the document (its share of the per-document
work), then ``check_corpus`` on that part next to a second, small part.

For each doubling of the input the ratio per family is printed; the target is at most
2.1x per doubling for every family (issue 19). ``--peak`` also prints the peak
resident memory of the process against the input size (target <= 15x for 4.6 MB; run
one size at a time for a clean figure, e.g. ``--sizes 4.6 --peak``).

usage: python bench/bench_families.py [--sizes 1.2 2.3 4.6 9.3] [--select R] [--peak]
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from replint.plugin import Document, Rule

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (a sibling script, not a package)


def big_text(work: Path, size: int) -> bytes:
    folder = work / "c1200"
    if not folder.is_dir():
        make_corpus.build(folder, 1200, 20260101, copy_share=0.1, threshold=0.8)
    parts: list[bytes] = []
    total = 0
    while total < size:
        for path in sorted(folder.glob("*.txt")):
            data = path.read_bytes()
            parts.append(data)
            total += len(data) + 1
            if total >= size:
                break
    return b"\n".join(parts)


def run_rule(rule: type[Rule], doc: Document, small: Document, options: Any) -> None:
    """A rule's whole work on ``doc``: ``check``, and for a corpus rule its corpus pass."""
    instance = rule()
    for _ in instance.check(doc, options):
        pass
    prepare = getattr(instance, "prepare_corpus", None)
    if rule.corpus and prepare is not None:
        parts = [prepare([doc], options), prepare([small], options)]
        for _ in instance.check_corpus(parts, options):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description="per-family growth on one big file")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.2, 2.3, 4.6, 9.3])
    parser.add_argument("--work", type=Path, default=HERE / "out" / "families")
    parser.add_argument(
        "--select", default="", help="only codes starting with this (and times per code)"
    )
    parser.add_argument("--peak", action="store_true", help="print peak memory / input size")
    args = parser.parse_args()
    from replint.rule import resolve_options
    from replint.testing import read_source, registry

    rules = [r for r in registry().rules.values() if r.code.startswith(args.select)]
    args.work.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, float]] = []
    warm = read_source("warm.txt", big_text(args.work, 20_000))
    small = read_source("small.txt", big_text(args.work, 5_000))
    for rule in rules:  # load word lists and dictionaries before timing
        run_rule(rule, warm, small, resolve_options(rule, {}))
    for mb in args.sizes:
        data = big_text(args.work, int(mb * 1_000_000))
        doc = read_source("big.txt", data)
        times: dict[str, float] = collections.defaultdict(float)
        start = time.process_time()
        _ = doc.analysis
        times["analysis"] = time.process_time() - start
        for rule in rules:
            options = resolve_options(rule, {})
            start = time.process_time()
            run_rule(rule, doc, small, options)
            times[rule.code if args.select else rule.code[0]] += time.process_time() - start
        rows.append(times)
        line = "  ".join(f"{k} {v:6.2f}s" for k, v in sorted(times.items()))
        print(f"{mb:4.1f} MB  {line}", flush=True)
        if args.peak:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            print(
                f"         peak memory {peak / 2**20:.0f} MiB = {peak / len(data):.1f}x the input"
            )
        del doc
    for prev, cur, mb in zip(rows, rows[1:], args.sizes[1:], strict=False):
        ratios = "  ".join(
            f"{k} {cur[k] / prev[k]:4.2f}x" for k in sorted(cur) if prev.get(k, 0) > 0.01
        )
        print(f"-> {mb:4.1f} MB per doubling: {ratios}")


if __name__ == "__main__":
    main()
