"""The peers' typography case kinds (bench/peer_cases.yaml) stay as expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from replint import lint_text

CASES = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "bench" / "peer_cases.yaml").read_text("utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}-{c['text'][:12]}" for c in CASES])
def test_peer_case(case):
    findings = lint_text(case["text"] + "\n", select=["T"])
    assert bool(findings) == case["fire"], [f.message for f in findings]
