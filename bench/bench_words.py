"""Word boundaries from the word database against jieba itself, per process (issue 19).

Each way runs in a fresh process (as a replint run does) over every line of the first
N reports of a corpus from ``bench/make_corpus.py``, and its CPU time is printed:
``db`` is :func:`replint.text.words._dictionary_word_ends` (SQLite, jieba not
imported), ``jieba`` is jieba's own ``tokenize`` (which loads jieba's prefix
dictionary first). ``warm`` times a second pass in the same process, once both are
loaded: the cost per text alone. Both must give the same word ends (checked).

usage: python bench/bench_words.py CORPUS_DIR [N ...] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CHILD = r"""
import sys, time
from pathlib import Path
from replint.text import words as W

files = sorted(Path(sys.argv[1]).iterdir())[: int(sys.argv[2])]
texts = [line for f in files for line in f.read_text(encoding="utf-8").split("\n")]
if sys.argv[3] == "db":
    cut = W._dictionary_word_ends
else:
    def cut(text):
        return frozenset(end for _w, _s, end in W.words(text))
start = time.process_time()
first = [cut(text) for text in texts]
cold = time.process_time() - start
start = time.process_time()
again = [cut(text) for text in texts]
warm = time.process_time() - start
assert first == again and None not in first
print(cold, warm, hash(tuple(first)), sum(map(len, texts)))
"""


def one(corpus: str, n: int, how: str) -> tuple[float, float, int, int]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, corpus, str(n), how],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), int(out[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus")
    parser.add_argument("sizes", type=int, nargs="*", default=[1, 20, 100])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    one(args.corpus, 1, "db")  # builds the word database if needed
    for n in args.sizes:
        runs: dict[str, list[tuple[float, float]]] = {"db": [], "jieba": []}
        digests = set()
        chars = 0
        for i in range(args.rounds):
            for how in sorted(runs, reverse=i % 2 == 1):
                cold, warm, digest, chars = one(args.corpus, n, how)
                runs[how].append((cold, warm))
                digests.add(digest)
        same = "same ends" if len(digests) == 1 else "ENDS DIFFER"
        print(f"{n} reports ({chars:,} characters), CPU, median of {args.rounds}: {same}")
        for how, times in runs.items():
            cold = statistics.median(c for c, _w in times)
            warm = statistics.median(w for _c, w in times)
            print(f"  {how:6} first pass {cold:6.3f} s   second pass {warm:6.3f} s")


if __name__ == "__main__":
    main()
