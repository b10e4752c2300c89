"""Runs every YAML rule case in tests/rules/cases (must-fire and must-stay-silent texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from replint.testing import load_cases

CASES = load_cases(Path(__file__).parent / "cases")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case):
    case.evaluate()
