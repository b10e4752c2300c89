"""The byte-order mark: the readers record it in the Document, P112 reports a UTF-8 one."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from replint.model.document import ByteOrderMark
from replint.plugin import Severity
from replint.testing import read_source, registry, run_rule

BODY = "### 姓名：李明\n\n本周完成接口联调3项。\n"


@pytest.mark.parametrize("name", ["weekly.md", "weekly.txt", "notes.txt"])
def test_the_readers_record_a_utf8_bom_and_keep_it_out_of_the_text(name: str) -> None:
    doc = read_source(name, codecs.BOM_UTF8 + BODY.encode("utf-8"))
    assert doc.bom == ByteOrderMark("utf-8", 3)
    assert doc.source is not None and not doc.source.startswith("\ufeff")
    assert read_source(name, BODY.encode("utf-8")).bom is None


def test_a_markdown_heading_after_the_bom_is_still_a_heading() -> None:
    doc = read_source("weekly.md", codecs.BOM_UTF8 + BODY.encode("utf-8"))
    assert doc.paragraphs[0].kind == "heading"


def test_a_utf16_file_keeps_its_mark_silently() -> None:
    rule = registry().rule_by_code_or_name("P112")
    data = codecs.BOM_UTF16_LE + BODY.encode("utf-16-le")
    doc = read_source("weekly.md", data)
    assert doc.bom == ByteOrderMark("utf-16-le", 2)
    assert run_rule(rule, {"weekly.md": data}) == []


def test_a_utf8_bom_is_reported_once_unfixable_and_the_file_is_left_alone(
    tmp_path: Path, replint_cmd
) -> None:
    path = tmp_path / "weekly.md"
    data = codecs.BOM_UTF8 + BODY.encode("utf-8") + "第二段\ufeff文字。\n".encode()
    path.write_bytes(data)
    proc = replint_cmd("--select", "P112,T108", "--format", "json", str(path))
    found = [(f["code"], f["line"], f["column"], f["fix"]) for f in json.loads(proc.stdout)]
    # The leading mark is P112's at 1:1; the one inside the text is T108's (line 4).
    assert [f[:3] for f in found] == [("P112", 1, 1), ("T108", 4, 4)], found
    assert found[0][3] is None
    replint_cmd("--select", "P112", "--fix", str(path))
    assert path.read_bytes() == data


def test_the_rule_is_a_warning_without_a_fix() -> None:
    rule = registry().rule_by_code_or_name("P112")
    assert rule.fixable is False and rule.severity is Severity.WARNING
