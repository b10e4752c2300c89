"""The .odt reader: OpenDocument text read like .docx (every part, numbers shown)."""

from __future__ import annotations

import pytest
from fixtures.docx_files import package

from replint.errors import ReadError
from replint.readers import ReadOptions
from replint.readers.odt import read_odt

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
LIST_STYLE = (
    '<text:list-style style:name="L1">'
    '<text:list-level-style-number text:level="1" style:num-suffix="、" '
    'style:num-format="一, 二, 三, ..."/>'
    '<text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" '
    'style:num-format="一, 二, 三, ..."/></text:list-style>'
)


def odt(body: str, *, header: str = "", manifest: str = "", mimetype: str = "") -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
        f"<office:automatic-styles>{LIST_STYLE}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>'
        '<office:master-styles><style:master-page style:name="Standard">'
        f"{header}</style:master-page></office:master-styles></office:document-styles>"
    )
    return package(
        {
            "mimetype": mimetype or "application/vnd.oasis.opendocument.text",
            "content.xml": content,
            "styles.xml": styles,
            "META-INF/manifest.xml": manifest or "<manifest/>",
        }
    )


def read(data: bytes):
    return read_odt("report.odt", data, ReadOptions())


def item(text: str, inner: str = "") -> str:
    return f"<text:list-item><text:p>{text}</text:p>{inner}</text:list-item>"


def test_paragraphs_parts_and_numbers():
    body = (
        '<text:h text:outline-level="1">关于2026年工作情况的报告</text:h>'
        '<text:list text:style-name="L1">'
        + item("主要工作", '<text:list text:style-name="L1">' + item("加强领导") + "</text:list>")
        + "</text:list>"
        + '<text:p>今年完成<text:span>XX</text:span>项<text:s text:c="2"/>任务'
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>数据来源：某某局。</text:p></text:note-body></text:note>"
        "<office:annotation><dc:creator>审核</dc:creator><text:p>这里XX要改</text:p>"
        "</office:annotation>。</text:p>"
        '<text:list text:style-name="L1" text:continue-numbering="true">'
        + item("一、存在问题")
        + "</text:list>"
        "<text:tracked-changes><text:changed-region><text:deletion>"
        "<text:p>删掉的XX</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<table:table><table:table-row><table:table-cell><text:p>表格XX</text:p>"
        "</table:table-cell></table:table-row></table:table>"
        "<text:p>见图<draw:frame><draw:text-box><text:p>框里的某某</text:p></draw:text-box>"
        "</draw:frame></text:p>"
    )
    header = "<style:header><text:p>XX县人民政府办公室</text:p></style:header>"
    doc = read(odt(body, header=header))
    got = [(p.line, p.kind, p.text, p.location) for p in doc.paragraphs]
    assert got == [
        (1, "heading", "关于2026年工作情况的报告", ""),
        (2, "text", "一、主要工作", ""),
        (3, "text", "（一）加强领导", ""),
        (4, "text", "今年完成XX项  任务。", ""),
        (5, "text", "二、一、存在问题", ""),
        (6, "table", "表格XX", "table 1, row 1, cell 1"),
        (7, "text", "见图", ""),
        (8, "table", "框里的某某", "text box on paragraph 7"),
        (9, "header", "XX县人民政府办公室", "header 1"),
        (10, "note", "数据来源：某某局。", "footnote 1"),
    ]
    assert doc.paragraphs[1].number == "一、" and doc.paragraphs[1].position(2) == (2, 1)


def test_a_new_list_restarts_its_numbers():
    body = (
        '<text:list text:style-name="L1">' + item("甲") + item("乙") + "</text:list>"
        "<text:p>中间</text:p>"
        '<text:list text:style-name="L1">' + item("丙") + "</text:list>"
    )
    assert [p.text for p in read(odt(body)).paragraphs] == ["一、甲", "二、乙", "中间", "一、丙"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"plain text", "not an OpenDocument .odt file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old binary Office file"),
        (odt("", mimetype="application/vnd.oasis.opendocument.spreadsheet"), "spreadsheet"),
        (odt("", manifest="<manifest><encryption-data/></manifest>"), "password"),
        (package({"word/document.xml": "<x/>"}), "Word document \\(.docx\\)"),
    ],
)
def test_bad_files_are_refused_clearly(data: bytes, message: str):
    with pytest.raises(ReadError, match=message) as info:
        read(data)
    assert info.value.code == "E004"


def test_entity_declarations_are_refused():
    data = odt("<text:p>x</text:p>")
    hostile = package(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        }
    )
    assert read(data).paragraphs
    with pytest.raises(ReadError, match=r"\.odt file contains XML with a DOCTYPE"):
        read(hostile)


def test_inflated_size_is_capped():
    big = odt("<text:p>" + "很长的报告。" * 20000 + "</text:p>")
    with pytest.raises(ReadError, match="would unpack to"):
        read_odt("report.odt", big, ReadOptions(max_docx_uncompressed=50_000))
