"""Typography and wording rules on the sample reports, and details the case files cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest
from replint_rules.typography import RULES as TYPOGRAPHY
from replint_rules.typography import HalfwidthPunctuation, HeadingMarkForm, UnpairedMark
from replint_rules.wording import RULES as WORDING

from replint.testing import run_rule

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_findings(prefix: str) -> list:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    data = path.read_bytes()
    return [f for rule in [*TYPOGRAPHY, *WORDING] for f in run_rule(rule, {path.name: data})]


@pytest.mark.parametrize(
    ("seed", "code", "line", "matched"),
    [
        ("004", "W101", 5, "截止目前"),
        ("004", "W101", 7, "截止目前"),
        ("004", "T101", 5, ","),
        ("001", "T102", 23, "”"),
        ("001", "T105", 23, "二是"),
        ("003", "T103", 5, "、等"),
        ("004", "T109", 14, "(一)"),
        ("004", "T109", 15, "(二)"),
        ("004", "T109", 16, "(三)"),
        ("004", "T109", 17, "(四)"),
    ],
)
def test_acceptance_entries_of_the_seeds(seed, code, line, matched):
    found = [f for f in seed_findings(seed) if (f.code, f.line) == (code, line)]
    assert any(f.matched == matched for f in found), found


def test_seed_004_half_width_commas_are_all_found():
    commas = [f for f in seed_findings("004") if f.code == "T101"]
    assert [(f.line, f.column) for f in commas] == [
        (5, 151),
        (5, 168),
        (5, 197),
        (5, 266),
        (5, 306),
    ]
    assert "载体,通过" in commas[0].message and "，" in commas[0].message


def test_seed_001_unpaired_quote_points_at_the_stray_mark():
    (found,) = [f for f in seed_findings("001") if f.code == "T102"]
    line = (SEEDS / "001_11ded5256b81e7d2.txt").read_text(encoding="utf-8").split("\n")[22]
    assert line[found.column - 1] == "”" and line[found.column - 3 : found.column - 1] == "系统"


def test_seeds_have_no_other_typography_or_wording_findings():
    """Everything else T and W report on the seeds is listed here (all real faults)."""
    got = sorted(
        (prefix, f.code, f.line)
        for prefix in ("000", "001", "002", "003", "004")
        for f in seed_findings(prefix)
    )
    assert got == sorted(
        [
            ("000", "T101", 20),  # X%以上,目前已核
            ("001", "T102", 23),
            ("001", "T105", 23),
            ("003", "T103", 5),
            ("003", "T103", 5),
            ("004", "W101", 5),
            ("004", "W101", 7),
            *[("004", "T101", 5)] * 5,
            *[("004", "T109", n) for n in range(14, 18)],
        ]
    )


def test_markdown_code_links_and_fences_are_not_prose():
    text = "正文使用`a,b`参数，见[链接](http://x.com/a,b)。\n\n```\n代码,内容\n```\n"
    assert run_rule(HalfwidthPunctuation, {"a.md": text}) == []


def test_fix_covers_spaces_typed_around_a_half_width_mark():
    (found,) = run_rule(HalfwidthPunctuation, {"a.txt": "加强学习 , 提高认识"})
    edit = found.fix.edits[0]
    assert (edit.column, edit.end_column, edit.replacement) == (5, 8, "，")


def test_heading_fix_is_full_width_even_when_half_width_dominates():
    text = "(一)加强领导\n(二)完善制度\n（三）强化监督"
    found = run_rule(HeadingMarkForm, {"a.txt": text})
    assert [f.line for f in found] == [1, 2]
    assert {e.replacement for f in found for e in f.fix.edits} == {"（", "）"}


def test_docx_findings_carry_their_fix_in_paragraph_coordinates():
    # `replint --fix` does not rewrite .docx; `replint annotate` writes the fix as a
    # tracked change, at paragraph (line) and column.
    pytest.importorskip("docx")
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("截止目前,共组织学习。")
    buffer = io.BytesIO()
    document.save(buffer)
    found = run_rule(HalfwidthPunctuation, {"a.docx": buffer.getvalue()})
    assert [(f.line, f.column) for f in found] == [(1, 5)]
    assert [e.to_dict() for e in found[0].fix.edits] == [
        {"line": 1, "column": 5, "end_line": 1, "end_column": 6, "replacement": "，"}
    ]


def test_quotation_over_paragraphs_only_when_next_one_reopens():
    assert run_rule(UnpairedMark, {"a.txt": "“引文开始。\n普通段落。"})
    assert not run_rule(UnpairedMark, {"a.txt": "“引文开始。\n“引文继续。”"})
