"""replint side by side with its peers, whole process, in one run (issue 19).

The peers are the Chinese copy-editing linters a team would otherwise run:
autocorrect (Rust, the CLI the npm package ``autocorrect-node`` ships), textlint with
prh (a word list, like W1xx) and zhlint. They are installed with npm into a folder
that is never committed (``bench/.peers`` by default, git-ignored)::

    python bench/bench_vs_peers.py --install          # npm install into bench/.peers
    python bench/bench_vs_peers.py --rounds 5         # one report, 500 reports, 4.6 MB
    python bench/bench_vs_peers.py --peers /tmp/perf-peers --only big

Inputs come from ``bench/make_corpus.py`` (same seed every time): one report, a
folder of 500 reports, and one file of about 4.6 MB made by joining reports. Every
tool runs on the same input in the same round; the order of tools alternates from
round to round (A B A B, then B A B A), and the figures are medians of the wall
times, so a busy machine slows both sides of a ratio alike. The floor is the start-up
of a Python that imports replint's three start-up dependencies and nothing else.

Targets (issue 19): one report <= 1.0x autocorrect and <= 1.6x the floor; 500 reports
<= 2x autocorrect and <= 1x textlint + prh; one 4.6 MB file <= 3x autocorrect.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (a sibling script, not a package)

NPM_PACKAGES = ["autocorrect-node", "textlint", "textlint-rule-prh", "zhlint"]

# A small prh word list in the spirit of W1xx (written for this bench).
PRH_RULES = """\
version: 1
rules:
  - expected: 登录
    pattern: 登陆
  - expected: 账号
    pattern: 帐号
  - expected: 按照
    pattern: 安照
  - expected: 部署
    pattern: 布署
  - expected: 截至
    pattern: 截止到
  - expected: 其他
    pattern: 其它
"""


def install(peers: Path) -> None:
    peers.mkdir(parents=True, exist_ok=True)
    if not (peers / "package.json").exists():
        (peers / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", *NPM_PACKAGES], cwd=peers, check=True
    )


def inputs(work: Path, reports: int, big_bytes: int) -> dict[str, list[Path]]:
    folder = work / f"c{reports}"
    if not folder.is_dir():
        make_corpus.build(folder, reports, 20260101, copy_share=0.1, threshold=0.8)
    files = sorted(folder.glob("*.txt"))
    big = work / "big.txt"
    if not big.exists():
        parts: list[str] = []
        size = 0
        for path in files:
            text = path.read_text(encoding="utf-8")
            parts.append(text)
            size += len(text.encode("utf-8"))
            if size >= big_bytes:
                break
        big.write_text("\n".join(parts), encoding="utf-8")
    return {"one": [files[0]], "many": files, "big": [big]}


def commands(peers: Path, files: list[Path]) -> dict[str, tuple[list[str], Path]]:
    """Tool name -> (argv, cwd); zhlint wants paths relative to its cwd."""
    bin_ = peers / "node_modules" / ".bin"
    cwd = files[0].parent
    rel = [str(p.relative_to(cwd)) for p in files]
    rc = peers / ".textlintrc.json"
    if not rc.exists():
        (peers / "prh.yml").write_text(PRH_RULES, encoding="utf-8")
        rc.write_text(
            '{"rules": {"prh": {"rulePaths": ["%s"]}}}\n' % (peers / "prh.yml"), encoding="utf-8"
        )
    return {
        "replint": ([sys.executable, "-m", "replint", "--format", "json", *rel], cwd),
        "floor": ([sys.executable, "-c", "import click, pluggy, yaml"], cwd),
        "autocorrect": ([str(bin_ / "autocorrect"), "--lint", *rel], cwd),
        "textlint+prh": ([str(bin_ / "textlint"), "--config", str(rc), *rel], cwd),
        # zhlint lints only its first argument (a glob pattern): give it one pattern.
        "zhlint": ([str(bin_ / "zhlint"), _one_pattern(cwd, rel)], cwd),
    }


def _one_pattern(cwd: Path, rel: list[str]) -> str:
    """A glob for zhlint that matches exactly ``rel`` (the files of one folder)."""
    if len(rel) == 1:
        return rel[0]
    pattern = "*" + Path(rel[0]).suffix
    if sorted(str(p.relative_to(cwd)) for p in cwd.glob(pattern)) != sorted(rel):
        raise SystemExit(f"zhlint needs one pattern: {pattern} in {cwd} is not the input")
    return pattern


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="replint vs autocorrect, textlint+prh, zhlint")
    parser.add_argument("--peers", type=Path, default=HERE / ".peers")
    parser.add_argument("--work", type=Path, default=HERE / "out" / "peers")
    parser.add_argument("--install", action="store_true", help="npm install the peers first")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--big-mb", type=float, default=4.6)
    parser.add_argument("--only", choices=["one", "many", "big"], action="append")
    args = parser.parse_args()
    if args.install:
        install(args.peers)
    if not (args.peers / "node_modules" / ".bin" / "autocorrect").exists():
        raise SystemExit(f"no peers in {args.peers}: run with --install")
    args.work.mkdir(parents=True, exist_ok=True)
    sets = inputs(args.work, args.reports, int(args.big_mb * 1_000_000))
    for label in args.only or ["one", "many", "big"]:
        files = sets[label]
        tools = commands(args.peers, files)
        if label != "one":
            tools.pop("floor")
        times: dict[str, list[float]] = {name: [] for name in tools}
        names = list(tools)
        for round_ in range(args.rounds):
            for name in names if round_ % 2 == 0 else names[::-1]:
                times[name].append(timed(*tools[name]))
        size = sum(p.stat().st_size for p in files)
        med = {name: statistics.median(ts) for name, ts in times.items()}
        print(f"== {label}: {len(files)} file(s), {size / 1e6:.2f} MB, {args.rounds} rounds")
        for name, value in med.items():
            ratio = med["replint"] / value
            print(f"  {name:14s} median {value:7.2f} s   replint / {name} = {ratio:5.2f}x")


if __name__ == "__main__":
    main()
