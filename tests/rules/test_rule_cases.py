"""Runs every YAML rule case in tests/rules/cases (must-fire and must-stay-silent texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from replint.testing import load_cases

CASES = load_cases(Path(__file__).parent / "cases")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case):
    case.evaluate()


def test_a_case_checks_end_positions_and_the_fixed_text():
    """The case format itself: a wrong end position or a wrong ``fixed:`` text fails."""
    from dataclasses import replace

    case = next(c for c in CASES if c.rule_code == "P105" and c.name == "paid_markers")
    case.evaluate()
    wrong_end = replace(case, fire={"case.txt": [(1, 1, 1, 13), (2, 6, 2, 20)]})
    with pytest.raises(AssertionError, match="expected"):
        wrong_end.evaluate()
    wrong_fix = replace(case, fixed={"case.txt": "二、强化学习教育。\n"})
    with pytest.raises(AssertionError, match="fixed"):
        wrong_fix.evaluate()
