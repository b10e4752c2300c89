"""P109 on real .docx forms: a sign-off or identity field left empty in a table row."""

from __future__ import annotations

from fixtures.docx_files import p, raw_docx
from replint_rules.forms import EmptyFormField

from replint.testing import run_rule


def _cell(*texts: str) -> str:
    return "<w:tc>" + "".join(p(t) for t in texts) + "</w:tc>"


def _row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def _form(*rows: str) -> bytes:
    table = "<w:tbl>" + "".join(rows) + "</w:tbl>"
    return raw_docx(p("课题组成员年度考核表") + table + p("填表人签字："))


def _found(data: bytes) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in run_rule(EmptyFormField, {"form.docx": data})]


def test_empty_signature_and_date_cells_are_reported():
    data = _form(
        _row(_cell("项目成员姓名"), _cell("王小明")),
        _row(_cell("项目成员签字"), _cell("")),
        _row(_cell("填表日期："), _cell()),
        _row(_cell("个人总结"), _cell("本学期我负责接口开发，按时完成了任务。")),
    )
    found = _found(data)
    assert [line for line, _ in found] == [4, 6]  # the empty cell is line 5
    assert "“项目成员签字” is left empty" in found[0][1]


def test_filled_fields_other_fields_and_text_outside_tables_stay_silent():
    data = _form(
        _row(_cell("姓名"), _cell("王小明")),
        _row(_cell("签名"), _cell("王小明")),
        _row(_cell("备注"), _cell("")),
        _row(_cell("本人已于上述日期"), _cell("")),
        _row(_cell("项目成员信息")),
    )
    assert _found(data) == []
