"""W102 (fixed phrases): how to find the spots worth the exact check (issue 19).

The exact check of a shuffled official name (``FixedPhrase._shuffled``) walks a run
of the name's parts from a start; only a start where one part is followed at once by
another can give a finding. This script compares, on the paragraphs of a
``bench/make_corpus.py`` corpus (and optionally a big file), three ways of finding
those starts, and checks that all three find the same ones:

- ``scan``: every place where some part starts (one lookahead regex), each walked
  in Python (what W102 did before);
- ``regex``: one compiled alternation that matches "a part followed by a part" as a
  lookahead, so only the places that can hold a run come back from C;
- ``ahocorasick``: a ``pyahocorasick`` automaton over the parts, every occurrence
  iterated, kept where a part ends where another starts.

Then it times the whole rule's ``check`` on the same paragraphs.

usage: python bench/bench_w102.py [--reports 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (a sibling script, not a package)

T = TypeVar("T")


def scan_pattern(parts: Sequence[str]) -> re.Pattern[str]:
    return re.compile("(?=" + "|".join(map(re.escape, parts)) + ")")


def scan_starts(text: str, parts: Sequence[str], starts: re.Pattern[str]) -> list[int]:
    out = []
    ordered = sorted(parts, key=len, reverse=True)
    for m in starts.finditer(text):
        i = m.start()
        first = next(p for p in ordered if text.startswith(p, i))
        j = i + len(first)
        if any(p != first and text.startswith(p, j) for p in ordered):
            out.append(i)
    return out


def regex_pattern(parts: Sequence[str]) -> re.Pattern[str]:
    alt = "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
    return re.compile(f"(?=(?:{alt})(?:{alt}))")


def regex_starts(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def ahocorasick_starts(text: str, automaton: object) -> list[int]:
    ends: dict[int, list[int]] = {}
    begins: set[int] = set()
    for end, length in automaton.iter(text):  # type: ignore[attr-defined]
        start = end - length + 1
        begins.add(start)
        ends.setdefault(end + 1, []).append(start)
    return sorted({s for e, ss in ends.items() if e in begins for s in ss})


def timed(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    start = time.process_time()
    result = fn()
    best = time.process_time() - start
    for _ in range(repeat - 1):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description="W102 candidate finding, measured")
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "out" / "w102")
    args = parser.parse_args()
    from replint_rules.wording import FixedPhrase, _phrases

    from replint.rule import resolve_options
    from replint.testing import read_source

    folder = args.work / f"c{args.reports}"
    if not folder.is_dir():
        make_corpus.build(folder, args.reports, 20260101, copy_share=0.1, threshold=0.8)
    docs = [read_source(p.name, p.read_bytes()) for p in sorted(folder.glob("*.txt"))]
    texts = [para.text for d in docs for para in d.paragraphs]
    chars = sum(map(len, texts))
    print(f"{len(docs)} reports, {len(texts)} paragraphs, {chars / 1e6:.1f} M characters")
    names = _phrases().names
    results: dict[str, list[list[int]]] = {}
    rows: list[tuple[str, float, list[list[int]]]] = []

    scans = [(n.parts, scan_pattern(n.parts)) for n in names]
    alternations = [regex_pattern(n.parts) for n in names]

    def run_scan() -> list[list[int]]:
        return [scan_starts(t, parts, p) for parts, p in scans for t in texts]

    def run_regex() -> list[list[int]]:
        return [regex_starts(t, p) for p in alternations for t in texts]

    rows.append(("scan", *timed(run_scan, args.repeat)))
    rows.append(("regex", *timed(run_regex, args.repeat)))
    try:
        import ahocorasick
    except ImportError:
        print("pyahocorasick not installed: pip install pyahocorasick to compare it")
    else:
        automata = []
        for n in names:
            a = ahocorasick.Automaton()
            for p in n.parts:
                a.add_word(p, len(p))
            a.make_automaton()
            automata.append(a)

        def run_ac() -> list[list[int]]:
            return [ahocorasick_starts(t, a) for a in automata for t in texts]

        rows.append(("ahocorasick", *timed(run_ac, args.repeat)))
    for name, seconds, found in rows:
        results[name] = found
        spots = sum(map(len, found))
        print(f"{name:12s} {seconds:6.3f} s CPU  {spots} candidate starts")
    reference = results["scan"]
    for name, found in results.items():
        # The scan keeps a start only where the first (longest) part is followed by
        # another; the alternations keep every part-part start: a superset.
        missing = sum(len(set(a) - set(b)) for a, b in zip(reference, found, strict=True))
        print(f"{name:12s} starts the exact scan needs and it misses: {missing}")
    rule = FixedPhrase()
    options = resolve_options(FixedPhrase, {})
    check_seconds, findings = timed(
        lambda: [f for d in docs for f in rule.check(d, options)], args.repeat
    )
    print(f"W102 check on all reports: {check_seconds:.3f} s CPU, {len(findings)} findings")


if __name__ == "__main__":
    main()
