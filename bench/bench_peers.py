"""T recall and silence on the typography cases other Chinese linters test for.

bench/peer_cases.yaml holds cases of the kinds zhlint, autocorrect and textlint's zh
preset check, written for replint, limited to the conventions GB/T 15834 decides
for mainland official text (the file says which are left out and why). Each text is
linted with the T rules: a `fire: true` case is found when any T finding is reported,
a `fire: false` case is silent when none is.

usage: python bench/bench_peers.py [--show]
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import yaml

from replint import lint_text

CASES = Path(__file__).resolve().parent / "peer_cases.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description="T recall and silence on peers' case kinds")
    parser.add_argument("--show", action="store_true", help="list the cases that fail")
    args = parser.parse_args()
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
    found = [0, 0]
    silent = [0, 0]
    by_peer: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    failures = []
    for case in cases:
        findings = [f for f in lint_text(case["text"] + "\n", select=["T"])]
        ok = bool(findings) == case["fire"]
        bucket = found if case["fire"] else silent
        bucket[0] += ok
        bucket[1] += 1
        by_peer[case["peer"]][0] += ok
        by_peer[case["peer"]][1] += 1
        if not ok:
            codes = ", ".join(f"{f.code} {f.message[:40]}" for f in findings) or "nothing"
            failures.append(f"{case['kind']}: {case['text']!r} -> {codes}")
    print(f"recall on must-fire cases: {found[0]}/{found[1]} = {found[0] / found[1]:.2f}")
    print(
        f"silence on must-stay-silent cases: {silent[0]}/{silent[1]} = {silent[0] / silent[1]:.2f}"
    )
    for peer, (ok, n) in sorted(by_peer.items()):
        print(f"  {peer}: {ok}/{n} as expected")
    if args.show:
        for line in failures:
            print(f"  {line}")


if __name__ == "__main__":
    main()
