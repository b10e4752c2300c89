"""The .docx reader: paragraphs in document order, Word features, and every kind of bad file."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from fixtures.docx_files import (
    OLE2_MAGIC,
    document_xml,
    docx_paragraphs,
    entity_bomb,
    numbering_xml,
    ole2_file,
    p,
    package,
    patch_declared_size,
    r,
    raw_docx,
    real_zip_bomb,
    seed_to_docx,
    set_encrypted_flag,
    style,
)
from fixtures.docx_files import (
    W_NS as W,
)

from replint.model.document import Document
from replint.model.errors import ReadError
from replint.readers import ReadOptions
from replint.readers.docx import read_docx
from replint.rule import resolve_options
from replint.testing import read_source, registry

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def read(data: bytes, **options: int) -> Document:
    return read_docx("report.docx", data, ReadOptions(**options))


def texts(doc: Document) -> list[tuple[int, str]]:
    return [(para.line, para.text) for para in doc.paragraphs]


def refused(data: bytes, **options: int) -> str:
    with pytest.raises(ReadError) as info:
        read(data, **options)
    assert info.value.code == "E004"
    return str(info.value)


# -- the seeds as Word files ------------------------------------------------------------


@pytest.fixture(scope="module", params=SEEDS, ids=[s.name[:3] for s in SEEDS])
def seed(request):
    text = request.param.read_text(encoding="utf-8")
    return text, seed_to_docx(text)


def test_seed_docx_has_same_paragraphs_and_lines_as_txt(seed):
    text, built = seed
    txt = read_source("report.txt", text)
    doc = read(built.data)
    assert texts(doc) == texts(txt)
    assert doc.lines == txt.lines
    assert doc.format == "docx" and doc.source is None


def test_seed_docx_word_features_are_read(seed):
    text, built = seed
    doc = read(built.data)
    by_line = {para.line: para for para in doc.paragraphs}
    lines = text.splitlines()
    assert built.headings or built.title
    for line in built.headings:
        assert (by_line[line].kind, by_line[line].level) == ("heading", 1)
    if built.title:
        assert by_line[built.title].kind == "title"
    assert built.table
    for k, line in enumerate(built.table, start=1):
        assert by_line[line].kind == "table"
        assert by_line[line].location == f"table 1, row 1, cell {k}"
    # Content controls, the tracked insertion and the split run all read in full.
    for line in (built.inline_control, built.block_control, built.insertion, built.split_run):
        assert line is not None
        assert by_line[line].text == lines[line - 1]
    # The tracked deletion next to the insertion is not part of the text.
    assert not any("删除的字" in para.text for para in doc.paragraphs)
    assert "删除的字".encode() in zipfile.ZipFile(io.BytesIO(built.data)).read("word/document.xml")


def _all_findings(doc: Document) -> Counter[tuple[str, int, int]]:
    reg = registry()
    found: Counter[tuple[str, int, int]] = Counter()
    for rule in reg.rules.values():
        options = resolve_options(rule, None)
        instance = rule()
        items = list(instance.check(doc, options))
        if rule.corpus:
            items.extend(instance.check_corpus([doc], options, []))
        found.update((f.code, f.line, f.column) for f in items)
    return found


def test_seed_docx_gives_the_same_findings_as_txt(seed):
    """Every registered rule, code for code, with paragraph numbers as lines."""
    text, built = seed
    meta = {"profile": None, "period": None, "profiles": registry().profiles}
    txt = _all_findings(read_source("report.txt", text, meta))
    docx = _all_findings(read_source("report.docx", built.data, meta))
    assert docx == txt


def test_seeds_have_findings_so_the_comparison_means_something():
    total = sum(
        sum(_all_findings(read_source("r.txt", s.read_text(encoding="utf-8"))).values())
        for s in SEEDS
    )
    assert total > 0


def test_placeholder_split_across_runs_is_found_at_its_column():
    rule = registry().rule_by_code_or_name("P101")
    if rule is None:
        pytest.skip("P101 is not registered")
    data = raw_docx(p("标题") + "<w:p>" + r("学习") + r("X") + r("X次。") + "</w:p>")
    doc = read(data)
    assert texts(doc) == [(1, "标题"), (2, "学习XX次。")]
    found = list(rule().check(doc, resolve_options(rule, None)))
    assert [(f.line, f.column, f.end_column) for f in found] == [(2, 3, 5)]


# -- text inside paragraphs ------------------------------------------------------------------


def test_content_controls_block_and_inline_are_read():
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>" + p("块级内容控件") + "</w:sdtContent></w:sdt>"
        "<w:p>"
        + r("前")
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + r("行内")
        + "</w:sdtContent></w:sdt>"
        + r("后")
        + "</w:p>"
    )
    assert texts(read(raw_docx(body))) == [(1, "块级内容控件"), (2, "前行内后")]


def test_tracked_changes_insertions_and_moves_in_deletions_out():
    body = (
        "<w:p>"
        + r("保留")
        + '<w:ins w:id="1" w:author="a">'
        + r("插入")
        + "</w:ins>"
        + '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        + '<w:moveTo w:id="3">'
        + r("移入")
        + "</w:moveTo>"
        + '<w:moveFrom w:id="4">'
        + r("移出")
        + "</w:moveFrom>"
        + "</w:p>"
    )
    assert texts(read(raw_docx(body))) == [(1, "保留插入移入")]


def test_paragraph_deleted_as_a_whole_is_not_numbered():
    deleted_mark = '<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>'
    body = (
        p("第一段") + f'<w:p><w:pPr>{deleted_mark}</w:pPr><w:del w:id="2" w:author="a"><w:r>'
        "<w:delText>整段删除</w:delText></w:r></w:del></w:p>" + p("第二段")
    )
    assert texts(read(raw_docx(body))) == [(1, "第一段"), (2, "第二段")]


def test_tabs_and_breaks():
    body = "<w:p>" + r("一") + "<w:r><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t></w:r></w:p>"
    doc = read(raw_docx(body))
    assert doc.paragraphs[0].text == "一\t二\n三"
    # Lines are for quoting: one line per paragraph, same length as the text.
    assert doc.lines == ("一\t二 三",)


def test_hyperlinks_fields_and_hidden_text():
    body = (
        "<w:p>"
        + '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + r("链接文字")
        + "</w:hyperlink>"
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("3")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏XX</w:t></w:r>"
        + '<w:fldSimple w:instr="DATE">'
        + r("2022年1月5日")
        + "</w:fldSimple>"
        + "</w:p>"
    )
    assert texts(read(raw_docx(body))) == [(1, "链接文字32022年1月5日")]


def test_text_box_is_read_once_after_its_anchor():
    box = "<w:txbxContent>" + p("文本框里的字") + "</w:txbxContent>"
    run = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
        + box
        + "</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        + "<v:shape><v:textbox>"
        + box
        + "</v:textbox></v:shape></w:pict></mc:Fallback>"
        + "</mc:AlternateContent></w:r>"
    )
    body = "<w:p>" + r("锚点段落") + run + "</w:p>" + p("下一段")
    assert texts(read(raw_docx(body))) == [(1, "锚点段落"), (2, "文本框里的字"), (3, "下一段")]


def test_empty_paragraphs_are_numbered_but_not_linted():
    doc = read(raw_docx(p("一") + p() + p("   ") + p("二")))
    assert texts(doc) == [(1, "一"), (4, "二")]
    assert doc.lines == ("一", "", "   ", "二")
    assert [para.index for para in doc.paragraphs] == [0, 1]


# -- tables -------------------------------------------------------------------------------------


def _cell(*paras: str) -> str:
    return "<w:tc>" + "".join(p(t) for t in paras) + "</w:tc>"


def test_table_cells_in_order_with_locations():
    table = (
        "<w:tbl>"
        + "<w:tr>"
        + _cell("姓名")
        + _cell("职务")
        + "</w:tr>"
        + "<w:tr>"
        + _cell("张三")
        + _cell("第一段", "第二段")
        + "</w:tr>"
        + "</w:tbl>"
    )
    second = "<w:tbl><w:tr>" + _cell("另一表格") + "</w:tr></w:tbl>"
    doc = read(raw_docx(p("前言") + table + p("中间") + second))
    got = [(para.line, para.text, para.kind, para.location) for para in doc.paragraphs]
    assert got == [
        (1, "前言", "text", ""),
        (2, "姓名", "table", "table 1, row 1, cell 1"),
        (3, "职务", "table", "table 1, row 1, cell 2"),
        (4, "张三", "table", "table 1, row 2, cell 1"),
        (5, "第一段", "table", "table 1, row 2, cell 2"),
        (6, "第二段", "table", "table 1, row 2, cell 2"),
        (7, "中间", "text", ""),
        (8, "另一表格", "table", "table 2, row 1, cell 1"),
    ]


def test_nested_table_location():
    inner = "<w:tbl><w:tr>" + _cell("内层") + "</w:tr></w:tbl>"
    outer = "<w:tbl><w:tr>" + _cell("外层") + "<w:tc>" + inner + p() + "</w:tc></w:tr></w:tbl>"
    doc = read(raw_docx(outer))
    assert [(para.text, para.location) for para in doc.paragraphs] == [
        ("外层", "table 1, row 1, cell 1"),
        ("内层", "table 1, row 1, cell 2, nested table 1, row 1, cell 1"),
    ]


def test_table_location_is_added_to_finding_messages():
    rule = registry().rule_by_code_or_name("P101")
    if rule is None:
        pytest.skip("P101 is not registered")
    doc = read(raw_docx("<w:tbl><w:tr>" + _cell("备注") + _cell("学习X次") + "</w:tr></w:tbl>"))
    (finding,) = rule().check(doc, resolve_options(rule, None))
    assert (finding.line, finding.column) == (2, 3)
    assert "table 1, row 1, cell 2" in finding.message


# -- headings, titles, numbering ------------------------------------------------------------------


def _heading_styles() -> str:
    return (
        style("Heading1", "heading 1", ppr='<w:outlineLvl w:val="0"/>')
        + style("2", "标题 2")  # WPS/Chinese Word: localized name, no outline level
        + style("Title", "Title")
        + style("a5", "标题")  # Chinese name of the Title style
        + style("Report1", "报告一级标题", ppr='<w:outlineLvl w:val="0"/>')
        + style("Report2", "报告二级标题", based_on="Report1", ppr='<w:outlineLvl w:val="1"/>')
        + style("Derived", "我的标题", based_on="Heading1")
        + style("BodyLvl", "正文级", based_on="Heading1", ppr='<w:outlineLvl w:val="9"/>')
        + style("Quote", "Quote")
    )


@pytest.mark.parametrize(
    ("ppr", "kind", "level"),
    [
        ('<w:pStyle w:val="Heading1"/>', "heading", 1),
        ('<w:pStyle w:val="2"/>', "heading", 2),
        ('<w:pStyle w:val="Title"/>', "title", None),
        ('<w:pStyle w:val="a5"/>', "title", None),
        ('<w:pStyle w:val="Report1"/>', "heading", 1),
        ('<w:pStyle w:val="Report2"/>', "heading", 2),
        ('<w:pStyle w:val="Derived"/>', "heading", 1),
        ('<w:pStyle w:val="BodyLvl"/>', "text", None),
        ('<w:pStyle w:val="Quote"/>', "text", None),
        ('<w:outlineLvl w:val="2"/>', "heading", 3),
        ('<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>', "text", None),
        ('<w:pStyle w:val="Heading4"/>', "heading", 4),  # id only, style not in styles.xml
        ('<w:pStyle w:val="NoSuchStyle"/>', "text", None),
    ],
)
def test_heading_and_title_styles(ppr, kind, level):
    doc = read(raw_docx(p("提高政治站位", ppr=ppr), styles=_heading_styles()))
    (para,) = doc.paragraphs
    assert (para.kind, para.level) == (kind, level)


def test_python_docx_builtin_heading_and_title_styles():
    import docx

    document = docx.Document()
    document.add_paragraph("2021年工作总结", style="Title")
    document.add_heading("一、主要工作", level=1)
    document.add_heading("（一）加强学习", level=2)
    document.add_paragraph("正文。")
    buf = io.BytesIO()
    document.save(buf)
    doc = read(buf.getvalue())
    assert [(x.kind, x.level) for x in doc.paragraphs] == [
        ("title", None),
        ("heading", 1),
        ("heading", 2),
        ("text", None),
    ]


def _numbered_styles() -> str:
    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    return style("H1", "heading 1", ppr=num + '<w:outlineLvl w:val="0"/>')


@pytest.mark.parametrize(
    ("ppr", "formats", "numbered", "kind"),
    [
        # Word numbers the heading through its style ("一、" rendered, not in the text).
        ('<w:pStyle w:val="H1"/>', {"1": "chineseCounting"}, True, "heading"),
        # numId 0 on the paragraph switches the style's numbering off.
        (
            '<w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr>',
            {"1": "decimal"},
            False,
            "heading",
        ),
        (
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>',
            {"2": "decimal"},
            True,
            "list",
        ),
        (
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>',
            {"3": "bullet"},
            False,
            "list",
        ),
        (
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr>',
            {"4": "none"},
            False,
            "list",
        ),
        # numbering.xml does not define it: assume Word numbers it (never a false report).
        (
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr>',
            {"1": "decimal"},
            True,
            "list",
        ),
    ],
)
def test_word_automatic_numbering(ppr, formats, numbered, kind):
    data = raw_docx(
        p("提高政治站位", ppr=ppr), styles=_numbered_styles(), numbering=numbering_xml(formats)
    )
    (para,) = read(data).paragraphs
    # Numbered: Word's number is shown in the text (``number``), or, where this reader
    # cannot show it (numbering.xml does not define it), the paragraph is ``numbered``.
    assert (para.numbered or bool(para.number), para.kind) == (numbered, kind)
    assert para.text == para.number + "提高政治站位"


def test_numbering_without_numbering_part_counts_as_numbered():
    data = raw_docx(p("一项", ppr='<w:numPr><w:numId w:val="5"/></w:numPr>'))
    assert read(data).paragraphs[0].numbered is True


def test_python_docx_list_number_and_bullet():
    data = docx_paragraphs(["第一项", "第二项"], style_name="List Number")
    # python-docx's template numbers "List Number" 1. 2. (decimal, "%1.").
    assert [(x.kind, x.text) for x in read(data).paragraphs] == [
        ("list", "1.第一项"),
        ("list", "2.第二项"),
    ]
    data = docx_paragraphs(["要点"], style_name="List Bullet")
    assert [(x.kind, x.numbered) for x in read(data).paragraphs] == [("list", False)]


def test_table_of_contents_is_numbered_but_not_linted():
    styles = style("TOC1", "toc 1")
    toc_control = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        + p("目录")
        + p("一、工作\t1")
        + "</w:sdtContent></w:sdt>"
    )
    body = toc_control + p("二、其他\t2", ppr='<w:pStyle w:val="TOC1"/>') + p("正文XX")
    doc = read(raw_docx(body, styles=styles))
    assert texts(doc) == [(4, "正文XX")]
    assert doc.lines[1] == "一、工作\t1"


# -- packages -------------------------------------------------------------------------------


def test_strict_ooxml_namespace():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = (
        f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>严格格式</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    assert texts(read(package({"word/document.xml": xml}))) == [(1, "严格格式")]


def test_main_part_found_through_package_relationships():
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="/word/document2.xml"/></Relationships>'
    )
    data = package({"_rels/.rels": rels, "word/document2.xml": document_xml(p("另一个名字"))})
    assert texts(read(data)) == [(1, "另一个名字")]


def test_meta_is_passed_through():
    doc = read_docx("a.docx", raw_docx(p("x")), ReadOptions(meta={"period": "2021"}))
    assert doc.meta["period"] == "2021"


# -- bad files ------------------------------------------------------------------------------------


def _good() -> bytes:
    return raw_docx(p("学习X次。"))


BAD_FILES = {
    "empty": (lambda: b"", "the file is empty"),
    "plain_text": (lambda: "一、工作总结\n".encode(), "not a Word .docx file"),
    "rtf": (lambda: b"{\\rtf1\\ansi hello}", "RTF file"),
    "html": (lambda: b"<html><body>hi</body></html>", "web page"),
    "old_doc": (lambda: ole2_file("WordDocument", "1Table"), "old Word 97-2003 .doc file; "),
    "encrypted": (
        lambda: ole2_file("EncryptionInfo", "EncryptedPackage"),
        "protected with a password",
    ),
    "old_xls": (lambda: ole2_file("Workbook"), "Excel 97-2003"),
    "truncated": (lambda: _good()[: len(_good()) // 2], "damaged or incomplete"),
    "truncated_tail": (lambda: _good()[:-10], "damaged or incomplete"),
    "missing_document_xml": (
        lambda: package({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<x/>"}),
        "word/document.xml is missing",
    ),
    "xlsx": (lambda: package({"xl/workbook.xml": "<workbook/>"}), "Excel workbook"),
    "odt": (
        lambda: package({"mimetype": "application/vnd.oasis.opendocument.text"}),
        "OpenDocument .odt",
    ),
    "broken_xml": (
        lambda: package({"word/document.xml": "<w:document><w:body><w:p></w:body>"}),
        "word/document.xml is not well-formed XML",
    ),
    "broken_styles": (
        lambda: package(
            {"word/document.xml": document_xml(p("x")), "word/styles.xml": "<a><b></a>"}
        ),
        "word/styles.xml is not well-formed XML",
    ),
    "not_wordprocessingml": (
        lambda: package({"word/document.xml": "<html><body/></html>"}),
        "not a WordprocessingML document",
    ),
    "entity_bomb": (entity_bomb, "DOCTYPE or ENTITY declaration"),
    "zip_bomb_declared": (
        lambda: patch_declared_size(_good(), "word/document.xml", 1_300_000_000),
        "would unpack to 1,240 MB",
    ),
    "encrypted_zip_entry": (
        lambda: set_encrypted_flag(_good(), "word/document.xml"),
        "parts are encrypted",
    ),
    "crc_mismatch": (
        lambda: patch_declared_size(_good(), "word/document.xml", 100),
        "damaged or incomplete",
    ),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_with_a_clear_message(name):
    build, expected = BAD_FILES[name]
    message = refused(build())
    assert expected in message
    # One line a clerk can act on: never a Python exception text.
    assert "\n" not in message and "Traceback" not in message and "Error:" not in message


def test_old_doc_message_says_what_to_do():
    message = refused(ole2_file("WordDocument"))
    assert (
        message
        == "this is an old Word 97-2003 .doc file; open it in Word or WPS and save it as .docx"
    )
    assert ole2_file()[:8] == OLE2_MAGIC


def test_too_many_zip_entries_refused_before_reading_the_directory():
    data = bytearray(_good())
    eocd = data.rfind(b"PK\x05\x06")
    data[eocd + 8 : eocd + 12] = (50_000).to_bytes(2, "little") * 2
    assert "50,000 parts" in refused(bytes(data))


def test_zip_bomb_limit_is_configurable():
    data = raw_docx(p("正文" * 2000))
    assert "limit 1 KB" in refused(data, max_docx_uncompressed=1000)
    assert read(data, max_docx_uncompressed=10_000_000).paragraphs


def test_real_zip_bomb_is_refused_without_inflating(tmp_path):
    data = real_zip_bomb(80 * 1024 * 1024)
    assert len(data) < 1024 * 1024  # a real bomb: small file, huge declared content
    tracemalloc.start()
    try:
        message = refused(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "would unpack to 80 MB" in message
    assert peak < 5 * 1024 * 1024  # nothing near the inflated size was allocated


def test_inflated_size_is_capped_even_if_the_declared_size_lies():
    from replint.readers.docx import _Parts

    class LyingZip:
        """A zip whose part inflates to more than it declares."""

        def getinfo(self, name):
            info = zipfile.ZipInfo(name)
            info.file_size = 10
            return info

        def open(self, info):
            return io.BytesIO(b"<w:document/>" * 1000)

    parts = _Parts(LyingZip(), limit=100)  # type: ignore[arg-type]
    parts.reserve(["word/document.xml"])
    with pytest.raises(ReadError) as info:
        parts.read("word/document.xml")
    assert "would unpack to" in str(info.value)


# -- through the command line (needs the lead's CLI: replint.cli) ---------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["old_doc", "truncated", "entity_bomb", "zip_bomb_declared"])
def test_cli_bad_docx_exits_2_and_still_lints_the_good_file(tmp_path, replint_cmd, name):
    build, expected = BAD_FILES[name]
    (tmp_path / "bad.docx").write_bytes(build())
    (tmp_path / "good.txt").write_text("学习X次。\n", encoding="utf-8")
    (tmp_path / "good.docx").write_bytes(raw_docx(p("参加XX人。")))
    proc = replint_cmd(
        "--format", "json", "--select", "P101,E", "bad.docx", "good.txt", "good.docx", cwd=tmp_path
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    items = json.loads(proc.stdout)
    bad = [i for i in items if i["path"] == "bad.docx"]
    assert [(i["code"], i["line"]) for i in bad] == [("E004", 1)]
    assert expected in bad[0]["message"]
    assert {
        (i["path"], i["code"], i["line"], i["column"]) for i in items if i["path"] != "bad.docx"
    } == {
        ("good.txt", "P101", 1, 3),
        ("good.docx", "P101", 1, 3),
    }


@pytest.mark.slow
def test_cli_text_output_quotes_the_docx_paragraph(tmp_path, replint_cmd):
    (tmp_path / "report.docx").write_bytes(raw_docx(p("标题") + p("全年学习X次。")))
    proc = replint_cmd("--select", "P101", "report.docx", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "report.docx:2:5: P101" in proc.stdout
    assert "全年学习X次。" in proc.stdout


def test_absurdly_deep_nesting_is_refused_clearly():
    depth = 3000
    body = "<w:sdt><w:sdtContent>" * depth + p("深") + "</w:sdtContent></w:sdt>" * depth
    assert "nests tables or content controls" in refused(raw_docx(body))


def test_moderate_nesting_is_read():
    depth = 50
    body = "<w:sdt><w:sdtContent>" * depth + p("深") + "</w:sdtContent></w:sdt>" * depth
    assert texts(read(raw_docx(body))) == [(1, "深")]


def test_number_typed_on_top_of_word_numbering_is_one_finding(tmp_path):
    from replint.api import lint_paths

    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    body = (
        p("2026年上半年工作总结")
        + p("一、主要工作", ppr=num)
        + p("完成各项任务。")
        + p("存在问题", ppr=num)
        + p("基础还不牢。")
        + p("下一步打算", ppr=num)
        + p("继续努力。")
    )
    path = tmp_path / "r.docx"
    path.write_bytes(raw_docx(body, numbering=numbering_xml({"1": "chineseCounting"})))
    doc = read(path.read_bytes())
    assert [x.text for x in doc.paragraphs][1::2] == [
        "一、一、主要工作",
        "二、存在问题",
        "三、下一步打算",
    ]
    found = [f for f in lint_paths([str(path)]).findings if f.code.startswith("S")]
    assert [(f.code, f.line, f.column, f.end_column) for f in found] == [("S106", 2, 1, 3)]
    assert "“一、一、”" in found[0].message and "delete the typed number" in found[0].message


@pytest.mark.parametrize(
    ("fmt", "text", "shown"),
    [
        ("decimal", "%1.", ["1.", "2.", "3."]),
        ("chineseCounting", "（%1）", ["（一）", "（二）", "（三）"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
        ("upperRoman", "%1.", ["I.", "II.", "III."]),
        ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
        ("ideographTraditional", "%1、", ["甲、", "乙、", "丙、"]),
    ],
)
def test_word_number_formats(fmt, text, shown):
    numbering = (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    num = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    doc = read(
        raw_docx(p("甲", ppr=num) + p("乙", ppr=num) + p("丙", ppr=num), numbering=numbering)
    )
    assert [x.number for x in doc.paragraphs] == shown


def test_multilevel_numbering_restarts_and_start_override():
    from replint.readers.docx import _chinese

    assert [_chinese(n) for n in (1, 10, 11, 20, 21, 99, 100, 101, 110)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十",
    ]  # fmt: skip
    numbering = (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        "</w:numbering>"
    )

    def n(num_id: str, level: int) -> str:
        return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'

    body = "".join(
        p(t, ppr=n(i, lvl))
        for t, i, lvl in [
            ("甲", "1", 0),
            ("子", "1", 1),
            ("丑", "1", 1),
            ("乙", "1", 0),
            ("寅", "1", 1),
            ("丙", "2", 0),
        ]
    )
    doc = read(raw_docx(body, numbering=numbering))
    assert [x.number for x in doc.paragraphs] == ["一、", "一.1", "一.2", "二、", "二.1", "五、"]
