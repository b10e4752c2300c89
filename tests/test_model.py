"""The frozen values: Finding.at builds a finding from its rule's identity."""

from __future__ import annotations

from replint.model.findings import Finding, Severity
from replint.plugin import Rule


class Demo(Rule):
    """Demo."""

    code = "W999"
    name = "demo"
    severity = Severity.WARNING


def test_finding_at_takes_code_name_and_severity_from_the_rule() -> None:
    f = Finding.at("r.txt", 3, 5, Demo, "msg", end=(3, 9), matched="abcd")
    assert (f.code, f.name, f.severity) == ("W999", "demo", Severity.WARNING)
    assert (f.line, f.column, f.end_line, f.end_column) == (3, 5, 3, 9)
    assert f.matched == "abcd" and f.fix is None


def test_finding_at_defaults_to_an_empty_span_and_can_raise_the_severity() -> None:
    f = Finding.at("r.txt", 1, 1, Demo(), "whole document", severity=Severity.ERROR)
    assert (f.end_line, f.end_column) == (1, 1)
    assert f.severity is Severity.ERROR
