"""Hard-wrapped .txt (pasted from a PDF): lines joined into paragraphs, exact positions."""

from __future__ import annotations

from replint.readers.wrapped import display_width, join_wrapped, wrap_width
from replint.testing import read_source

WRAPPED = (
    "关于2024年度工作情况的报告\n"
    "\n"
    "一、工作开展情况\n"
    "今年以来，我单位认真贯彻落实《关于进一步加强基层\n"
    "治理工作的意见》，坚持问题导向，扎实推进各项工作，\n"
    "全年共召开专题会议十二次，解决群众反映的突出问题三\n"
    "十五件，群众满意度明显提升。\n"
    "二是加强队伍建设。组织开展“学习强国”等线上学习\n"
    "活动，全体干部职工参与率达到百分之九十五以上，并\n"
    "按照“一岗双责”要求，层层签订责任书，压实责任。\n"
    "二、存在的问题\n"
    "一是学习不够深入，对新知识新业务掌握还不够全面，\n"
    "理论联系实际的能力有待提高。\n"
    "三、下一步打算\n"
    "继续深化学习，推动各项工作再上新台阶。\n"
)


def test_wrapped_lines_become_paragraphs_with_exact_positions() -> None:
    doc = read_source("report.txt", WRAPPED)
    texts = [p.text for p in doc.paragraphs]
    assert texts[2].startswith("今年以来") and texts[2].endswith("群众满意度明显提升。")
    assert "基层治理工作的意见》" in texts[2]
    assert texts[3].startswith("二是加强队伍建设") and texts[3].endswith("压实责任。")
    assert "二、存在的问题" in texts and "三、下一步打算" in texts
    para = doc.paragraphs[2]
    # 《 on line 4, 》 on line 5: positions map back to the source line and column.
    open_at = para.text.index("《")
    close_at = para.text.index("》")
    assert para.position(open_at) == (4, WRAPPED.splitlines()[3].index("《") + 1)
    assert para.position(close_at) == (5, WRAPPED.splitlines()[4].index("》") + 1)
    assert "hard-wrapped at" in doc.reader
    headings = [h.label for h in doc.analysis.headings]
    assert headings == ["一、工作开展情况", "二、存在的问题", "三、下一步打算"]


def test_title_closing_on_the_next_line_is_not_unpaired() -> None:
    from replint.api import lint_text

    codes = [f.code for f in lint_text(WRAPPED, "report.txt")]
    assert "T102" not in codes
    # Without a steady width the lines stay paragraphs and the split title is unpaired.
    ragged = (
        "一、工作开展情况\n认真贯彻落实《关于加强\n治理工作的意见》。\n二、存在的问题\n人员不足。\n"
    )
    assert "T102" in [f.code for f in lint_text(ragged, "report.txt")]


def test_one_paragraph_per_line_is_not_wrapped() -> None:
    lines = [
        "今年以来，我们完成了三个项目的验收工作，并按期交付。",
        "一、主要工作",
        "全年共组织培训十二次，参训人员达到五百人次，群众满意度明显提升，各项工作取得了新进展。",
        "二、存在的问题",
        "人员不足",
        "三、下一步打算",
        "明年我们将继续加强队伍建设，争取在年底前完成全部任务，推动各项工作再上新台阶",
        "继续做好服务",
    ]
    assert wrap_width(lines) is None
    doc = read_source("report.txt", "\n".join(lines) + "\n")
    assert len(doc.paragraphs) == len(lines)
    assert doc.reader == ""


def test_english_wrapped_text_joins_with_a_space() -> None:
    text = (
        "This week the team finished the migration of the billing\n"
        "service to the new cluster and removed the old queue\n"
        "workers that had been failing since the last release of\n"
        "the scheduler.\n"
        "We also reviewed the alerting rules with the operations\n"
        "group and agreed to page only on errors that affect the\n"
        "customers directly, not on warnings from the batch jobs\n"
        "that run every night.\n"
    )
    lines = text.splitlines()
    width = wrap_width(lines)
    assert width is not None
    paras = join_wrapped(lines, width, lambda _line: False)
    assert len(paras) == 2
    assert "billing service to the new cluster" in paras[0].text
    at = paras[0].text.index("service")
    assert paras[0].position(at) == (2, 1)


def test_a_numbered_item_after_a_full_heading_line_starts_a_paragraph() -> None:
    body = "一是完善制度建设，修订各项管理办法，推动工作规范化，\n制度执行情况良好。\n"
    text = (
        "关于2024年度工作情况的报告\n\n"
        + body * 3
        + "（一）加强组织领导压实工作责任推动各项任务落地见效\n"
        + "1.召开专题会议研究部署年度重点任务，明确责任分工\n"
        + "全年共完成任务清单所列事项二十项，各项指标完成率达\n"
        + "2.5个百分点以上的增长，超额完成年度目标。\n"
    )
    texts = [p.text for p in read_source("report.txt", text).paragraphs]
    assert "（一）加强组织领导压实工作责任推动各项任务落地见效" in texts
    item = next(t for t in texts if t.startswith("1.召开专题会议"))
    assert "完成率达2.5个百分点" in item  # a decimal at a line start continues the line


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("ab报告") == 6
