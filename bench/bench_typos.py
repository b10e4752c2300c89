"""Typo detection: recall on a held-out wrong/right list, silence on the right forms, cost.

The list (bench/typo_pairs.tsv) comes from a public corpus other than the sources of
rules/data, and pairs whose wrong form is in W101's dictionary are dropped here, so
the numbers measure what the dictionary does not already know. Each wrong phrase is
linted with the typo rules (W101 dictionary, W102 official names, W104 confusion
sets); a pair is found when a finding covers the changed character. Each right
phrase must give no finding at all (silence).

Pairs are split by kind, decided from jieba's dictionary: `nonword` when no common
word covers the changed character of the wrong phrase (部暑, 迫在眉捷: what a
dictionary-and-confusion-set method can see), `realword` when it is inside a real
word (在/再, 的/地: only grammar or meaning shows it).

Cost: W104's time per 1,000 characters of report text, and whole-process time of
`replint REPORT` with and without `--extend-select W104` (median of N runs).

`--pairs bench/typo_pairs_formal.tsv` measures the same on the project's own
formal-writing pairs (in-domain, but written by the team: see that file's header);
`--pairs bench/typo_pairs_dev.tsv` on the pairs W104's thresholds were chosen on.

usage: python bench/bench_typos.py [N] [--file PATH] [--pairs TSV] [--show-missed]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from replint_rules import typos
from replint_rules.wording import misused_entries

from replint import lint_text

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "bench" / "typo_pairs.tsv"
RULES = ["W101", "W102", "W104"]
SEED = "seeds/000_fd30382e888d4f13.txt"


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        wrong, right = line.split("\t")[:2]  # a third column may name the source
        pairs.append((wrong, right))
    return pairs


def changed(wrong: str, right: str) -> tuple[int, int]:
    """The span of ``wrong`` that differs from ``right`` (same-length substitutions)."""
    diffs = [i for i, (a, b) in enumerate(zip(wrong, right, strict=False)) if a != b]
    return (diffs[0], diffs[-1] + 1) if diffs else (0, 0)


def kind(wrong: str, span: tuple[int, int], index: typos.TypoIndex) -> str:
    freq = index.freqs(typos._pieces(wrong))
    for a, b in typos.segment(wrong, freq, index.log_total):
        if b - a > 1 and freq.get(wrong[a:b], 0) >= 20 and a < span[1] and span[0] < b:
            return "realword"
    return "nonword"


def process_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description="typo detection: recall, silence, cost")
    parser.add_argument("runs", type=int, nargs="?", default=5)
    parser.add_argument("--file", default=SEED)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--show-missed", action="store_true")
    args = parser.parse_args()

    index = typos.typo_index()
    if index is None:
        sys.exit("the typo index is unavailable (no writable cache directory, or no jieba)")
    known = [e.wrong for e in misused_entries() if e.wrong]
    pairs = load_pairs(args.pairs)
    held_out = [(w, r) for w, r in pairs if not any(k in w for k in known)]
    counts: dict[str, list[int]] = {"nonword": [0, 0], "realword": [0, 0]}
    loud: list[str] = []
    missed: list[str] = []
    for wrong, right in held_out:
        span = changed(wrong, right)
        k = kind(wrong, span, index)
        found = lint_text(wrong + "。\n", select=RULES)
        hit = any(f.column - 1 < span[1] and span[0] < f.end_column - 1 for f in found)
        counts[k][0] += hit
        counts[k][1] += 1
        if not hit:
            missed.append(f"{k}: {wrong} -> {right}")
        if lint_text(right + "。\n", select=RULES):
            loud.append(right)
    total_hit = sum(c[0] for c in counts.values())
    print(f"pairs: {len(pairs)} listed, {len(pairs) - len(held_out)} dropped (in rules/data)")
    print(
        f"recall, all held-out pairs: {total_hit}/{len(held_out)} = {total_hit / len(held_out):.2f}"
    )
    for k, (hit, n) in counts.items():
        print(f"recall, {k}: {hit}/{n} = {hit / n:.2f}" if n else f"recall, {k}: -")
    silent = len(held_out) - len(loud)
    print(f"silence on right forms: {silent}/{len(held_out)} = {silent / len(held_out):.3f}")
    for text in loud:
        print(f"  reported on the right form: {text}")
    if args.show_missed:
        for line in missed:
            print(f"  missed {line}")

    text = (ROOT / args.file).read_text(encoding="utf-8")
    paragraphs = text.splitlines()
    typos.find_typos_in(paragraphs, index)  # warm: index pages, character readings
    start = time.perf_counter()
    for _ in range(args.runs):
        typos.find_typos_in(paragraphs, index)
    per_run = (time.perf_counter() - start) / args.runs
    print(
        f"W104 on {args.file}: {per_run * 1000:.1f} ms per run, "
        f"{per_run * 1000 / (len(text) / 1000):.1f} ms per 1,000 characters"
    )
    env = dict(os.environ)
    base = [sys.executable, "-m", "replint", args.file]
    subprocess.run(base, cwd=ROOT, capture_output=True, env=env, check=False)  # warm caches
    plain = process_seconds(base, args.runs)
    with_typos = process_seconds([*base, "--extend-select", "W104"], args.runs)
    print(f"replint {args.file}: {plain * 1000:.0f} ms; with W104: {with_typos * 1000:.0f} ms")


if __name__ == "__main__":
    main()
