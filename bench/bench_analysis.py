"""What the shared analysis and the S/D rules cost, and when word lookups happen.

Usage::

    python bench/bench_analysis.py [--reports 500] [--repeat 5] [--jobs 1]
                                   [--ambiguous-share 0.05] [--keep DIR]

Builds a corpus of reports from ``seeds/*.txt`` (years moved, parts repeated, some
reports without headings, a share with a heading such as ``（三）计划生育工作`` whose
word boundary only jieba's dictionary settles), and a second corpus without those
headings. Times whole ``replint`` processes over each (best and median of
``--repeat`` runs):

* all rules except S and D, and all rules;
* only the P rules (which never ask for the analysis), and P plus S and D;
* only S and D.

Also times ``analyse()`` in-process per report, and checks in fresh processes that
a run over the corpus without ambiguous headings neither imports jieba nor consults
its dictionary, and that a report with ``（一）计划生育工作`` under a report lacking its
plan part does consult the dictionary (without importing jieba: see
``replint.text.zh.word_ends``).

Other engineers' rules change "all rules" while they work, and the machine is
shared; compare P with P plus S,D for the cost of this part alone.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ORDINAL = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]+[.、])"
)


def _reports(count: int, ambiguous_share: float, rng: random.Random) -> list[str]:
    seeds = [p.read_text(encoding="utf-8").splitlines() for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for n in range(count):
        lines = [line for line in rng.choice(seeds) if line.strip()]
        year = rng.randint(2019, 2025)
        text = "\n".join(lines)
        text = text.replace("2022", str(year + 1)).replace("2021", str(year))
        lines = text.splitlines()
        # Longer and shorter reports: repeat or drop body paragraphs.
        body = [i for i, line in enumerate(lines) if not ORDINAL.match(line)]
        if rng.random() < 0.5 and body:
            extra = [lines[rng.choice(body)] for _ in range(rng.randint(1, 8))]
            at = rng.choice(body)
            lines[at:at] = extra
        if rng.random() < 0.15:
            # A report without headings: strip the numbers and drop bare heading lines.
            lines = [ORDINAL.sub("", line) for line in lines if len(line) > 30]
        if rng.random() < ambiguous_share:
            lines.insert(min(3, len(lines)), "（三）计划生育工作")
        if n % 3 == 0:
            lines.insert(0, f"{year}年度工作总结")
        out.append("\n".join(lines) + "\n")
    return out


def _time(cmd: list[str], repeat: int) -> tuple[float, float]:
    """(best, median) wall time of ``repeat`` runs; the best is the least disturbed by
    other load on the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def _row(label: str, value: tuple[float, float], base: tuple[float, float] | None = None) -> str:
    extra = ""
    if base is not None:
        extra = f"   (+{100 * (value[0] / base[0] - 1):5.1f} % best, +{100 * (value[1] / base[1] - 1):5.1f} % median)"
    return f"  {label:<34} best {value[0]:6.3f} s  median {value[1]:6.3f} s{extra}"


_JIEBA_PROBE = (
    "import sys\n"
    "from replint.cli.main import main\n"
    "try:\n"
    "    main(sys.argv[1:], standalone_mode=False)\n"
    "finally:\n"
    "    from replint import zh\n"
    "    sys.stderr.write('JIEBA=%s WORDS=%s\\n' % (zh.jieba_loaded(), zh.dictionary_used()))\n"
)


def _words_needed(paths: list[str]) -> str:
    """Whether a run imported jieba, and whether it looked words up at all."""
    cmd = [sys.executable, "-c", _JIEBA_PROBE, "check", "-q", "--exit-zero", "-j", "1", *paths]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    match = re.search(r"JIEBA=(True|False) WORDS=(True|False)", done.stderr)
    if not match:
        raise SystemExit(f"probe failed:\n{done.stderr[-2000:]}")
    return f"jieba imported: {match.group(1)}, dictionary consulted: {match.group(2)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--ambiguous-share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="write the corpus here and keep it")
    args = parser.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="replint-bench-"))
    try:
        corpus = base / "corpus"
        plain = base / "plain"
        for directory, share in ((corpus, args.ambiguous_share), (plain, 0.0)):
            directory.mkdir(parents=True, exist_ok=True)
            for i, text in enumerate(_reports(args.reports, share, random.Random(args.seed))):
                (directory / f"r{i:04d}.txt").write_text(text, encoding="utf-8")
        replint = [sys.executable, "-m", "replint", "check", "-q", "--exit-zero", "--no-source"]
        jobs = ["-j", str(args.jobs)]
        print(
            f"corpus: {args.reports} reports in {corpus} (jobs={args.jobs}, repeat={args.repeat})"
        )
        runs = {
            "all rules except S,D": ["--ignore", "S,D"],
            "all rules": [],
            "only S,D": ["--select", "S,D"],
            "only P (never needs the analysis)": ["--select", "P"],
            "P plus S,D": ["--select", "P,S,D"],
        }
        for name, directory in (("corpus", corpus), ("without ambiguous headings", plain)):
            print(f"{name}:")
            got = {
                k: _time([*replint, *jobs, *v, str(directory)], args.repeat)
                for k, v in runs.items()
            }
            print(_row("all rules except S,D", got["all rules except S,D"]))
            print(_row("all rules", got["all rules"], got["all rules except S,D"]))
            print(
                _row("only P (never needs the analysis)", got["only P (never needs the analysis)"])
            )
            print(_row("P plus S,D", got["P plus S,D"], got["only P (never needs the analysis)"]))
            print(_row("only S,D", got["only S,D"]))
        sys.path.insert(0, str(ROOT))
        from replint.testing import read_source
        from replint.text import zh

        docs = [read_source(p.name, p.read_bytes()) for p in sorted(plain.glob("*.txt"))]
        start = time.perf_counter()
        for doc in docs:
            _ = doc.analysis
        per_doc = (time.perf_counter() - start) / len(docs) * 1000
        print(
            f"  analyse() in-process : {per_doc:.2f} ms per report (jieba loaded: {zh.jieba_loaded()})"
        )
        plain_files = [str(p) for p in sorted(plain.glob("*.txt"))]
        print(f"  corpus without ambiguous headings: {_words_needed(plain_files)}")
        probe = base / "ambiguous.txt"
        probe.write_text("一、主要工作\n（一）计划生育工作\n全年完成目标。\n", encoding="utf-8")
        print(f"  one report with “（一）计划生育工作”: {_words_needed([str(probe)])}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
