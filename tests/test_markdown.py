"""The Markdown reader: prose blocks only, markup masked or dropped, exact source positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from replint.analysis import attach
from replint.model.document import Document
from replint.readers import ReadOptions
from replint.readers.markdown import read_markdown
from replint.rule import resolve_options
from replint.testing import registry


def read(text: str | bytes) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return attach(read_markdown("weekly.md", data, ReadOptions()))


def texts(doc: Document) -> list[str]:
    return [para.text for para in doc.paragraphs]


def assert_positions_point_at_the_source(doc: Document) -> None:
    """Every visible character of every paragraph is the character at its source position."""
    for para in doc.paragraphs:
        for i, ch in enumerate(para.text):
            if ch.isspace():
                continue
            line, column = para.position(i)
            source = doc.source_line(line)
            assert 1 <= column <= len(source), (para.text, i, line, column)
            assert source[column - 1] == ch, (para.text, i, ch, line, column, source)


WEEKLY = """\
---
title: 第47周周报
author: xx
date: 2021-01-01
---

# 第47周工作周报（2026年11月16日—11月20日）

## 一、本周完成

1. 完成订单服务的性能优化，接口平均耗时从 120ms 降到 45ms。
2. 修复 `parse_x(xx)` 在空输入时的异常，详见[问题单](https://git.example.com/xx/issues/XXX?x=1 "XXX")。
3. 上线数据校验脚本：

   ```sql
   SELECT * FROM orders WHERE status = 'xx' AND created_at > '2021-01-01';
   UPDATE t SET name = 'XXX', n = x WHERE id = 'x';
   ```

## 二、问题与风险

- 测试环境偶发超时，监控见 <https://monitor.example.com/d/XXX>，联系 ops-xx@example.com。
- 下游接口变更（`svc-x` 的 `XXX` 字段），参考 https://docs.example.com/x/xx/XXX。

<!-- XX 模板说明：删除本行，2019年 -->

    indented code: x = xx + XXX  # 2020-02-30

## 三、下周计划

| 事项 | 负责人 | 截止 |
|---|---|---|
| 压测 | 张三 | 11月27日 |
| 文档 `XX_README` | 李四 | 11月27日 |

<div>
XXX 2019年
</div>

~~~python
x = "XX"; date = "2021-13-45"
~~~

![截图 XX](images/xx.png)
"""

CODE_LINES_MARKERS = ("SELECT", "UPDATE", "```", "indented code", 'x = "XX"', "~~~", "XXX 2019")


def _code_lines(text: str) -> set[int]:
    lines = text.splitlines()
    found = {n for n, line in enumerate(lines, 1) if any(m in line for m in CODE_LINES_MARKERS)}
    found |= set(range(1, 6))  # front matter
    found |= {n for n, line in enumerate(lines, 1) if line.startswith(("<!--", "<div", "</div"))}
    return found


def test_weekly_report_code_urls_and_front_matter_are_not_prose():
    doc = read(WEEKLY)
    assert texts(doc)  # the prose is there
    for text in texts(doc):
        for leftover in ("x", "X", "2021", "2020", "2019", "example", "http"):
            assert leftover not in text, (leftover, text)
    assert "完成订单服务的性能优化，接口平均耗时从 120ms 降到 45ms。" in texts(doc)
    assert any(t.startswith("修复") and "问题单" in t for t in texts(doc))
    assert_positions_point_at_the_source(doc)


def test_weekly_report_gives_no_placeholder_or_date_finding_inside_code():
    reg = registry()
    doc = read(WEEKLY)
    code_lines = _code_lines(WEEKLY)
    bad = []
    for rule in reg.rules.values():
        if not rule.code.startswith(("P", "D")):
            continue
        for finding in rule().check(doc, resolve_options(rule, None)):
            if finding.line in code_lines:
                bad.append((finding.code, finding.line, finding.message))
    assert bad == []


def test_same_text_outside_code_is_reported():
    """The look-alike: the same placeholders in prose are found (the test above can fail)."""
    rule = registry().rule_by_code_or_name("P101")
    if rule is None:
        pytest.skip("P101 is not registered")
    doc = read("# 周报\n\n本周学习X次，参加XX人。\n\n```\n学习X次\n```\n")
    found = list(rule().check(doc, resolve_options(rule, None)))
    assert sorted((f.line, f.column) for f in found) == [(3, 5), (3, 10)]


# -- blocks -------------------------------------------------------------------------------------


def test_headings_atx_and_setext_with_levels_and_columns():
    doc = read("# 一级\n\n### 三级 ###\n\n二级标题\n--------\n\n一级标题\n========\n  ## 缩进  \n")
    got = [(p.text, p.kind, p.level, p.line, p.column) for p in doc.paragraphs]
    assert got == [
        ("一级", "heading", 1, 1, 3),
        ("三级", "heading", 3, 3, 5),
        ("二级标题", "heading", 2, 5, 1),
        ("一级标题", "heading", 1, 8, 1),
        ("缩进", "heading", 2, 10, 6),
    ]


def test_paragraph_over_several_lines_keeps_line_breaks_and_maps_each_line():
    doc = read("第一行文字\n  第二行文字\n第三行X\n")
    (para,) = doc.paragraphs
    assert para.text == "第一行文字\n第二行文字\n第三行X"
    assert para.position(para.text.index("第二")) == (2, 3)
    assert para.position(para.text.index("X")) == (3, 4)
    assert [s.line for s in para.segments] == [1, 2, 3]


def test_lists_ordered_bullet_nested_and_task_boxes():
    doc = read(
        "- 甲\n  - 乙\n1. 丙\n2. 丁\n\n- [ ] 待办事项\n- [x] 已办事项\n- [链接](u) 不是任务\n"
    )
    got = [(p.text, p.kind, p.numbered, p.line, p.column) for p in doc.paragraphs]
    assert got == [
        ("甲", "list", False, 1, 3),
        ("乙", "list", False, 2, 5),
        ("丙", "list", True, 3, 4),
        ("丁", "list", True, 4, 4),
        ("待办事项", "list", False, 6, 7),
        ("已办事项", "list", False, 7, 7),
        ("链接" + " " * 5 + "不是任务", "list", False, 8, 4),
    ]


def test_list_item_with_two_paragraphs():
    doc = read("1. 第一段\n\n   第二段\n")
    assert [(p.text, p.kind, p.line, p.column) for p in doc.paragraphs] == [
        ("第一段", "list", 1, 4),
        ("第二段", "list", 3, 4),
    ]


def test_blockquote_content_with_lazy_continuation():
    doc = read("> 引用第一行\n> > 嵌套引用\n\n> 第一行\n懒惰续行\n")
    assert [(p.text, p.kind, p.line, p.column) for p in doc.paragraphs] == [
        ("引用第一行", "text", 1, 3),
        ("嵌套引用", "text", 2, 5),
        ("第一行\n懒惰续行", "text", 4, 3),
    ]
    assert doc.paragraphs[2].position(4) == (5, 1)


def test_table_cells_are_paragraphs_at_their_columns():
    doc = read("| 项目 | 状态 \\| 备注 |\n|---|---|\n| 学习X次 |  |\n| 甲 | `代码` 乙 |\n")
    got = [(p.text, p.kind, p.line, p.column) for p in doc.paragraphs]
    assert got == [
        ("项目", "table", 1, 3),
        ("状态 | 备注", "table", 1, 8),
        ("学习X次", "table", 3, 3),
        ("甲", "table", 4, 3),
        ("     乙", "table", 4, 7),
    ]
    assert_positions_point_at_the_source(doc)


def test_table_inside_blockquote():
    doc = read("> | 甲 | 乙 |\n> |---|---|\n> | 丙 | 丁 |\n")
    assert [(p.text, p.line, p.column) for p in doc.paragraphs] == [
        ("甲", 1, 5),
        ("乙", 1, 9),
        ("丙", 3, 5),
        ("丁", 3, 9),
    ]


# -- what is never prose ---------------------------------------------------------------------------


def test_inline_code_is_blanked_with_spaces_of_the_same_length():
    doc = read("运行 `make x` 和 ``a ` b`` 命令\n")
    (para,) = doc.paragraphs
    assert para.text == "运行 " + " " * 8 + " 和 " + " " * 9 + " 命令"
    assert para.position(para.text.index("命令")) == (1, 25)


def test_link_text_is_prose_and_destination_is_not():
    doc = read(
        '见[通知XX](https://a.cn/xx "标题X")第3条，[参考][ref]，[简写]。\n\n[ref]: https://b.cn/x\n[简写]: https://c.cn\n'
    )
    (para,) = doc.paragraphs
    assert "通知XX" in para.text and "参考" in para.text and "简写" in para.text
    assert "a.cn" not in para.text and "ref" not in para.text and "标题" not in para.text
    assert "[" not in para.text and "]" not in para.text
    assert para.position(para.text.index("通知")) == (1, 3)
    assert para.position(para.text.index("第3条")) == (1, 31)
    assert_positions_point_at_the_source(doc)


def test_autolinks_bare_urls_and_emails_are_blanked():
    doc = read("见 <https://a.cn/XX>、https://b.cn/xx/(y)。和www.c.cn/x通知，写信给 xx@d.cn。\n")
    (para,) = doc.paragraphs
    for gone in ("a.cn", "b.cn", "(y)", "www", "xx@"):
        assert gone not in para.text
    assert para.text.endswith("通知，写信给        。")
    assert "。和" in para.text  # the sentence end after a URL stays prose
    assert_positions_point_at_the_source(doc)


def test_images_and_inline_html_are_blanked():
    doc = read("前![图XX](a.png)中<span>XX</span><!-- 注释XX -->后\n")
    (para,) = doc.paragraphs
    assert para.text.replace(" ", "") == "前中XX后"  # text between tags is prose
    assert_positions_point_at_the_source(doc)


def test_emphasis_markers_and_escapes_are_dropped_not_blanked():
    doc = read("**重点**工作*强调*与~~删除~~，a\\*b &amp; c\n")
    (para,) = doc.paragraphs
    assert para.text == "重点工作强调与删除，a*b & c"
    assert para.position(para.text.index("工作")) == (1, 7)
    assert para.position(para.text.index("*")) == (1, 23)
    assert para.position(para.text.index("&")) == (1, 26)
    assert para.position(para.text.index(" c")) == (1, 31)


def test_markup_that_commonmark_leaves_literal_stays_in_the_text():
    # An underscore between Chinese characters does not open emphasis: it renders as is.
    assert texts(read("工作_强调_与\n")) == ["工作_强调_与"]
    assert texts(read("**加粗****加粗**\n")) == ["加粗****加粗"]


def test_code_blocks_html_blocks_and_comments_are_not_paragraphs():
    doc = read(
        "正文一\n\n```\nXX\n```\n\n    XX缩进代码\n\n<!-- XX -->\n\n<table><tr><td>XX</td></tr></table>\n\n正文二\n"
    )
    assert texts(doc) == ["正文一", "正文二"]
    assert [p.line for p in doc.paragraphs] == [1, 13]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("---\ntitle: xx\n---\n正文\n", [("正文", 4)]),
        ("+++\ntitle = 'xx'\n+++\n正文\n", [("正文", 4)]),
        ("---\ntitle: xx\n...\n正文\n", [("正文", 4)]),
        # Not at the very top: a thematic break and a setext heading, not front matter.
        ("正文\n\n---\n甲\n---\n", [("正文", 1), ("甲", 4)]),
        # Never closed: not front matter either.
        ("---\n正文\n", [("正文", 2)]),
    ],
)
def test_front_matter(source, expected):
    assert [(p.text, p.line) for p in read(source).paragraphs] == expected


def test_directive_lines_are_not_prose():
    doc = read("<!-- replint-disable-next-line P101 -->\n学习X次\n")
    assert [(p.text, p.line) for p in doc.paragraphs] == [("学习X次", 2)]


# -- the document ------------------------------------------------------------------------------------


def test_document_fields():
    source = "# 标题\r\n\r\n正文X\r\n"
    doc = read(source)
    assert doc.format == "md"
    assert doc.source == source
    assert doc.lines == ("# 标题", "", "正文X")
    assert [(p.text, p.line, p.column) for p in doc.paragraphs] == [("标题", 1, 3), ("正文X", 3, 1)]


def test_gb18030_and_bom():
    doc = read("# 周报\n\n本周学习X次\n".encode("gb18030"))
    assert doc.encoding == "gb18030"
    assert texts(doc) == ["周报", "本周学习X次"]
    doc = read("\ufeff正文".encode("utf-8"))
    assert texts(doc) == ["正文"] and doc.paragraphs[0].column == 1


def test_empty_and_code_only_documents():
    assert read("").paragraphs == ()
    assert read("`只有代码`\n").paragraphs == ()


# -- positions, for any mix of constructs -----------------------------------------------------------

FRAGMENTS = [
    "学习X次",
    "**加粗**",
    "_斜体_",
    "`code x`",
    "[链接](http://a.cn/x)",
    "<https://b.cn>",
    "https://c.cn/xx",
    "a\\*b",
    "~~删~~",
    "<b>标签</b>",
    "![图](p.png)",
    "中文，标点。",
    "English words",
    "  ",
    "\t",
    "&amp;",
    "x\\\n",  # hard break by backslash
    "行尾两空格  \n",
    "ops-xx@example.com",
    "www.example.com/x",
    "[引用式][r]",
    "(括号)",
]
PREFIXES = ["", "# ", "## ", "- ", "1. ", "> ", "> - ", "   ", "* [ ] "]


@st.composite
def markdown_docs(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        prefix = draw(st.sampled_from(PREFIXES))
        lines = []
        for k in range(draw(st.integers(1, 3))):
            body = "".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5)))
            lines.append((prefix if k == 0 or prefix.startswith(">") else "") + body)
        block = "\n".join(lines)
        kind = draw(st.sampled_from(["plain", "plain", "plain", "table", "setext", "atx-closed"]))
        if kind == "table":
            cells = draw(st.lists(st.sampled_from(FRAGMENTS[:12]), min_size=2, max_size=2))
            block = (
                "| 甲 | 乙 |\n|---|---|\n| " + " | ".join(c.replace("|", "") for c in cells) + " |"
            )
        elif kind == "setext":
            block = (
                lines[0].lstrip("#>-*0123456789. ") + "\n" + draw(st.sampled_from(["===", "---"]))
            )
        elif kind == "atx-closed":
            block = "## " + lines[0].lstrip("#>-*0123456789. ") + " ##"
        blocks.append(block)
    blocks.append("[r]: https://example.com/ref")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=500, deadline=None)
@given(markdown_docs())
def test_every_visible_character_maps_to_the_same_source_character(source):
    doc = read(source)
    assert_positions_point_at_the_source(doc)
    for para in doc.paragraphs:
        assert "http" not in para.text
