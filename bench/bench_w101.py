"""Time W101 (misused-word) per report, with its dictionary of thousands of forms.

usage: python bench/bench_w101.py [REPEAT] [DIR ...]

Reads the seeds (and the .txt/.md files of each DIR), builds W101's index once (timed
apart: the dictionary parse and the automaton), then runs W101 on every report REPEAT
times and prints the median time per report and per 1000 characters. The lookup is one
dict lookup per character (the forms are indexed by their first two characters), so
the time should not grow with the number of entries; jieba is loaded only for
paragraphs that hold a candidate. Measured on the seeds and the 60-report corpus
(loaded machine, medians): 6.5 ms per report with 1,011 entries in one regex
alternation, 6.3 ms with 3,126 entries indexed; pyahocorasick was slower than both
for thousands of CJK forms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    args = sys.argv[1:]
    repeat = int(args.pop(0)) if args and args[0].isdigit() else 20
    from replint_rules.wording import MisusedWord, _misused_index, misused_entries

    from replint.readers import ReadOptions
    from replint.readers.txt import read_txt
    from replint.rule import resolve_options

    paths = sorted((ROOT / "seeds").glob("*.txt"))
    for folder in args:
        paths += sorted(p for p in Path(folder).iterdir() if p.suffix in (".txt", ".md"))
    docs = [read_txt(p.name, p.read_bytes(), ReadOptions()) for p in paths]
    chars = sum(len(d.source or "") for d in docs)
    start = time.perf_counter()
    entries = misused_entries()
    _misused_index()
    index_ms = (time.perf_counter() - start) * 1000
    rule, options = MisusedWord(), resolve_options(MisusedWord, None)
    for doc in docs:  # warm-up: jieba and the word cache
        list(rule.check(doc, options))
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = sum(len(list(rule.check(doc, options))) for doc in docs)
        runs.append(time.perf_counter() - start)
    per_run = statistics.median(runs)
    print(f"{len(entries):,} entries; index built in {index_ms:.0f} ms (data files + index)")
    print(
        f"{len(docs)} reports, {chars:,} characters, {found} findings: "
        f"{per_run / len(docs) * 1000:.2f} ms per report, "
        f"{per_run / chars * 1e6:.3f} ms per 1000 characters (median of {repeat})"
    )


if __name__ == "__main__":
    main()
