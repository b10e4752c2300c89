"""Inline suppression directives and the unused-suppression rule (M001)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from replint_rules.meta import UnusedSuppression

from replint.filters.suppress import (
    apply_suppressions,
    finding_matches,
    parse_directives,
)
from replint.model.document import Document
from replint.model.findings import Finding, Severity
from replint.rule import validate_rule_class
from replint.testing import read_source


@dataclass(frozen=True)
class FakeRule:
    code: str
    name: str


PLACEHOLDER = FakeRule("P101", "placeholder")
BLANK = FakeRule("P102", "blank")
TYPO = FakeRule("T201", "quote-pair")
RULES = (PLACEHOLDER, BLANK, TYPO)


def finding(
    line: int, code: str = "P101", name: str = "placeholder", path: str = "r.txt"
) -> Finding:
    return Finding(path, line, 1, line, 2, code, name, Severity.ERROR, f"{code} at {line}")


def doc_of(text: str, filename: str = "r.txt") -> Document:
    return read_source(filename, text)


def run(text: str, findings: list[Finding], filename: str = "r.txt", **kwargs):
    doc = doc_of(text, filename)
    kwargs.setdefault("ran", RULES)
    kwargs.setdefault("known", RULES)
    kwargs.setdefault("reporter", UnusedSuppression)
    kept, unused = apply_suppressions(doc, findings, **kwargs)
    return [(f.line, f.code) for f in kept], unused


# -- parsing ------------------------------------------------------------------------------------


def test_parse_kinds_selectors_columns_and_reason():
    doc = doc_of(
        "正文\n"
        "  <!-- replint-disable P101, placeholder T2 -- 模板示例 -->\n"
        "<!--replint-enable-->\n"
        "<!-- replint-disable-next-line -->\n"
        "<!-- replint-disable-file: P -->\n"
    )
    d1, d2, d3, d4 = parse_directives(doc)
    assert (d1.kind, d1.line, d1.column) == ("disable", 2, 3)
    assert [(s.text, s.column, s.end_column) for s in d1.selectors] == [
        ("P101", 24, 28),
        ("placeholder", 30, 41),
        ("T2", 42, 44),
    ]
    assert d1.reason == "模板示例"
    assert doc.lines[1][d1.column - 1 : d1.end_column - 1].endswith("-->")
    assert (d2.kind, d2.selectors) == ("enable", ())
    assert (d3.kind, d3.selectors) == ("disable-next-line", ())
    assert (d4.kind, [s.text for s in d4.selectors]) == ("disable-file", ["P"])


def test_docx_has_no_inline_directives():
    from fixtures.docx_files import p, raw_docx

    doc = read_source("r.docx", raw_docx(p("<!-- replint-disable-file -->") + p("学习X次")))
    assert parse_directives(doc) == ()
    kept, unused = apply_suppressions(doc, [finding(2, path="r.docx")])
    assert len(kept) == 1 and unused == []


def test_markdown_directives_inside_code_fences_are_examples_not_directives():
    text = "说明：\n\n```\n<!-- replint-disable-file -->\n```\n\n学习X次\n"
    doc = doc_of(text, "r.md")
    assert parse_directives(doc) == ()
    kept, unused = apply_suppressions(doc, [finding(7, path="r.md")])
    assert [f.line for f in kept] == [7] and unused == []


# -- what is suppressed ------------------------------------------------------------------------------


def test_disable_next_line_suppresses_only_the_next_line():
    text = "<!-- replint-disable-next-line P101 -->\n学习X次\n学习X次\n"
    kept, unused = run(text, [finding(2), finding(3)])
    assert kept == [(3, "P101")] and unused == []


def test_disable_next_line_skips_blank_lines_and_other_directives():
    text = (
        "<!-- replint-disable-next-line P101 -->\n"
        "\n"
        "<!-- replint-disable-next-line T201 -->\n"
        "学习X次“\n"
    )
    kept, unused = run(text, [finding(4), finding(4, "T201", "quote-pair")])
    assert kept == [] and unused == []


def test_disable_next_line_only_matching_codes():
    text = "<!-- replint-disable-next-line T201 -->\n学习X次“\n"
    kept, _ = run(text, [finding(2), finding(2, "T201", "quote-pair")])
    assert kept == [(2, "P101")]


def test_disable_enable_range():
    text = "学习X次\n<!-- replint-disable P101 -->\n学习X次\n学习X次\n<!-- replint-enable -->\n学习X次\n"
    kept, unused = run(text, [finding(1), finding(3), finding(4), finding(6)])
    assert kept == [(1, "P101"), (6, "P101")] and unused == []


def test_disable_without_enable_runs_to_the_end():
    text = "学习X次\n<!-- replint-disable -->\n学习X次\n\n学习X次“\n"
    kept, _ = run(text, [finding(1), finding(3), finding(5, "T201", "quote-pair")])
    assert kept == [(1, "P101")]


def test_enable_with_codes_ends_only_those():
    text = "<!-- replint-disable P101,T201 -->\n学习X次“\n<!-- replint-enable T201 -->\n学习X次“\n"
    kept, unused = run(
        text,
        [
            finding(2),
            finding(2, "T201", "quote-pair"),
            finding(4),
            finding(4, "T201", "quote-pair"),
        ],
    )
    assert kept == [(4, "T201")] and unused == []


def test_disable_file_with_and_without_codes():
    body = "学习X次“\n学习__次\n"
    findings = [finding(3), finding(3, "T201", "quote-pair"), finding(4, "P102", "blank")]
    kept, _ = run("<!-- replint-disable-file -->\n\n" + body, findings)
    assert kept == []
    kept, _ = run("<!-- replint-disable-file P1 -->\n\n" + body, findings)
    assert kept == [(3, "T201")]


@pytest.mark.parametrize("selector", ["P", "P1", "P101", "p101", "placeholder", "ALL"])
def test_selector_forms(selector):
    text = f"<!-- replint-disable-next-line {selector} -->\n学习X次\n"
    kept, unused = run(text, [finding(2)])
    assert kept == [] and unused == []


@pytest.mark.parametrize("selector", ["P2", "P102", "T", "blank"])
def test_selector_that_names_another_rule_does_not_suppress(selector):
    text = f"<!-- replint-disable-next-line {selector} -->\n学习X次\n"
    kept, unused = run(text, [finding(2)])
    assert kept == [(2, "P101")]
    assert len(unused) == 1


def test_bare_directive_does_not_hide_read_errors_or_replint_findings():
    text = "<!-- replint-disable-file -->\n学习X次\n"
    findings = [
        finding(1, "E005", "rule-error"),
        finding(1, "M001", "unused-suppression"),
        finding(2),
    ]
    kept, _ = run(text, findings)
    assert kept == [(1, "E005"), (1, "M001")]


def test_custom_matcher_is_used():
    calls = []

    def matches(f: Finding, selector: str) -> bool:
        calls.append((f.code, selector))
        return selector == "mine"

    text = "<!-- replint-disable-next-line mine -->\n学习X次\n"
    kept, _ = run(text, [finding(2)], matches=matches)
    assert kept == [] and calls == [("P101", "mine")]


def test_default_matcher():
    assert finding_matches(finding(1), "P1") and finding_matches(finding(1), "placeholder")
    assert not finding_matches(finding(1), "P2")


# -- unused directives (M001) ---------------------------------------------------------------------------


def test_unused_next_line_directive_is_reported_with_a_fix():
    text = "正文\n<!-- replint-disable-next-line P101 -->\n学习12次\n"
    _kept, unused = run(text, [])
    (m,) = unused
    assert (m.code, m.name, m.line, m.column, m.severity) == (
        "M001",
        "unused-suppression",
        2,
        1,
        Severity.WARNING,
    )
    assert m.message == (
        "replint-disable-next-line P101 suppresses nothing on line 3; remove the directive"
    )
    (edit,) = m.fix.edits
    assert (edit.line, edit.column, edit.end_column, edit.replacement) == (2, 1, 40, "")


def test_partly_used_directive_reports_the_unused_codes():
    text = "<!-- replint-disable-next-line P101,T201 -- 示例 -->\n学习X次\n"
    _, unused = run(text, [finding(2)])
    (m,) = unused
    assert (
        m.message
        == "T201 in replint-disable-next-line suppresses nothing on line 2; remove it from the directive"
    )
    assert m.column == 37  # points at T201
    (edit,) = m.fix.edits
    assert edit.replacement == "<!-- replint-disable-next-line P101 -- 示例 -->"


def test_unused_range_and_file_directives():
    text = "<!-- replint-disable-file T -->\n<!-- replint-disable P101 -->\n正文\n<!-- replint-enable -->\n"
    _, unused = run(text, [])
    assert [m.message for m in unused] == [
        "replint-disable-file T suppresses nothing in this file; remove the directive",
        "replint-disable P101 suppresses nothing on line 3; remove the directive",
    ]


def test_next_line_directive_at_the_end_of_the_file():
    _, unused = run("正文\n<!-- replint-disable-next-line -->\n\n", [])
    assert [m.message for m in unused] == [
        "replint-disable-next-line suppresses nothing (no line follows it); remove the directive"
    ]


def test_directive_for_a_rule_that_did_not_run_is_not_reported():
    text = "<!-- replint-disable-next-line T201 -->\n学习“X次\n"
    _, unused = run(text, [], ran=[PLACEHOLDER])  # e.g. --select P
    assert unused == []
    _, unused = run(text, [], ran=[PLACEHOLDER, TYPO])
    assert len(unused) == 1


def test_unknown_rule_in_directive_is_reported():
    text = "<!-- replint-disable-next-line P101,P999 -->\n学习X次\n"
    kept, unused = run(text, [finding(2)])
    assert kept == []
    (m,) = unused
    assert "no rule is called “P999”" in m.message
    assert m.fix.edits[0].replacement == "<!-- replint-disable-next-line P101 -->"


def test_stray_enable_unknown_directive_and_misplaced_directive():
    text = (
        "<!-- replint-enable P101 -->\n"
        "<!-- replint-disable-lines P101 -->\n"
        "学习12次 <!-- replint-disable-next-line -->\n"
        "<!-- replint-disable-next-line P1O1 -->\n"
        "正文\n"
    )
    _, unused = run(text, [])
    messages = [m.message for m in unused]
    assert (
        messages[0] == "replint-enable P101 has no replint-disable P101 open before it; remove it"
    )
    assert messages[1].startswith("“replint-disable-lines” is not a directive replint knows")
    assert (
        messages[2] == "a replint directive must stand alone on its own line; this one is ignored"
    )
    assert messages[3].startswith("“P1O1” is not a rule code or name")
    assert [m.line for m in unused] == [1, 2, 3, 4]
    assert unused[2].column == 7 and unused[2].fix is None


def test_two_directives_over_one_finding_are_both_used():
    text = (
        "<!-- replint-disable-file P101 -->\n"
        "<!-- replint-disable-next-line placeholder -->\n"
        "学习X次\n"
    )
    kept, unused = run(text, [finding(3)])
    assert kept == [] and unused == []


def test_with_real_rules_end_to_end():
    from replint.rule import resolve_options
    from replint.testing import registry

    reg = registry()
    rule = reg.rule_by_code_or_name("P101")
    if rule is None:
        pytest.skip("P101 is not registered")
    text = "学习X次\n<!-- replint-disable-next-line placeholder -->\n参加XX人\n"
    for name in ("r.txt", "r.md"):
        doc = read_source(name, text)
        found = list(rule().check(doc, resolve_options(rule, None)))
        kept, unused = apply_suppressions(doc, found, ran=[rule], known=reg.rules.values())
        assert [(f.line, f.code) for f in kept] == [(1, "P101")]
        assert unused == []


def test_unused_suppression_rule_class():
    assert validate_rule_class(UnusedSuppression, "test") == []
    assert (UnusedSuppression.code, UnusedSuppression.name) == ("M001", "unused-suppression")
    doc = UnusedSuppression.documentation()
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc
    assert list(UnusedSuppression().check(doc_of("x"), {})) == []


def test_scan_once_apply_later_with_corpus_findings():
    """The engine scans in the worker and applies after cross-file findings are merged."""
    import pickle

    from replint.filters.suppress import scan

    doc = doc_of("<!-- replint-disable-next-line R -->\n与去年报告雷同的段落\n学习X次\n")
    sup = pickle.loads(pickle.dumps(scan(doc)))
    assert sup and sup.path == "r.txt"
    corpus = finding(2, "R101", "near-duplicate")
    kept, unused = sup.apply([finding(3), corpus], ran=[*RULES, FakeRule("R101", "near-duplicate")])
    assert [(f.line, f.code) for f in kept] == [(3, "P101")] and unused == []
    assert not scan(doc_of("正文\n"))


def test_unused_finding_quotes_the_directive_for_the_baseline():
    _, unused = run("<!-- replint-disable-next-line P101 -->\n正文\n", [])
    assert unused[0].matched == "<!-- replint-disable-next-line P101 -->"
