"""Tests for replint.analysis.timeline and replint.text.dates_text: the period with its source and
confidence, date forms, mention roles, and the weekly-report fixtures end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from replint.analysis import describe
from replint.testing import read_source
from replint.text.dates_text import (
    find_date_exprs,
    find_named_periods,
    garbled_years,
    month_from_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "weekly"
D = dt.date


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("周报（2024年6月3日—6月7日）", D(2024, 6, 3), D(2024, 6, 7)),
        ("2024年6月3日至7日", D(2024, 6, 3), D(2024, 6, 7)),
        ("2023.10.16~2023.10.27", D(2023, 10, 16), D(2023, 10, 27)),
        ("2023.10.16-10.20", D(2023, 10, 16), D(2023, 10, 20)),
        ("2024-06-03", D(2024, 6, 3), D(2024, 6, 3)),
        ("二〇二四年六月三日", D(2024, 6, 3), D(2024, 6, 3)),
        ("2016-09——2017-03", D(2016, 9, 1), D(2017, 3, 31)),
        ("2019-03-11 ~ 20190315", D(2019, 3, 11), D(2019, 3, 15)),
        ("Week of June 3–7, 2024", D(2024, 6, 3), D(2024, 6, 7)),
        ("September 29 - October 5, 2024", D(2024, 9, 29), D(2024, 10, 5)),
        ("Dec 28 – Jan 3, 2025", D(2024, 12, 28), D(2025, 1, 3)),
        ("Oct 14–18", D(2024, 10, 14), D(2024, 10, 18)),
        ("6.3-6.7", D(2024, 6, 3), D(2024, 6, 7)),
        ("23/10/16", D(2023, 10, 16), D(2023, 10, 16)),
        ("### 2023.11", D(2023, 11, 1), D(2023, 11, 30)),
    ],
)
def test_date_forms_in_titles_and_headings(text, first, last):
    exprs = find_date_exprs(text, loose=True)
    assert exprs, text
    assert exprs[0].resolve(2024) == (first, last)


def test_loose_forms_are_not_dates_in_prose():
    # amounts, versions and build numbers in running text
    assert find_date_exprs("收入2023.11万元，版本v2.0.2024，build 20240611。") == ()
    assert [e.kind for e in find_date_exprs("于4月9日（星期五）召开")] == ["date"]
    (e,) = find_date_exprs("于4月9日（星期五）召开")
    assert e.weekday == 4 and e.year_written is False
    # A weekday in brackets makes the short forms dates in prose as well.
    assert find_date_exprs("增长4.9个百分点，占1/3") == ()
    got = [
        (e.begin.month, e.begin.day, e.weekday) for e in find_date_exprs("4.9（周五）、6/3(Mon)")
    ]
    assert got == [(4, 9, 4), (6, 3, 0)]


def test_named_periods():
    kinds = {
        (e.kind, e.number, e.year)
        for e in find_named_periods("2022学年第二学期 Q3 2024 第12周 Sprint 5 FY2024")
    }
    assert ("school-year", 2, 2022) in kinds
    assert ("quarter", 3, 2024) in kinds
    assert ("week", 12, None) in kinds
    assert ("sprint", 5, None) in kinds
    assert ("fiscal-year", None, 2024) in kinds
    (w,) = [e for e in find_named_periods("## Week 11 and 12") if e.kind == "week"]
    assert (w.number, w.number_end) == (11, 12)


def test_month_names_and_garbled_years():
    assert month_from_name("Nov") == (11, False)
    assert month_from_name("Nove") == (11, True)
    assert month_from_name("Novel") == (None, False)
    assert garbled_years("202021年度") == [(0, 6, "2020 or 2021")]
    assert garbled_years("2020—2021年度") == []


def _timeline(name: str, text: str, meta: dict | None = None):
    doc = read_source(name, text, meta)
    return doc, doc.analysis


def test_weekly_title_gives_a_range_of_days():
    _doc, a = _timeline("w.md", (FIXTURES / "zh_week_ok.md").read_text(encoding="utf-8"))
    p = a.period
    assert p is not None and (p.start(), p.end()) == (D(2024, 6, 3), D(2024, 6, 7))
    assert (p.source, p.confidence, p.weekly) == ("title", "high", True)
    assert "from the title" in describe(a)["period"]


def test_file_name_period():
    _doc, a = _timeline("周报_2023.10.16-10.20.md", "# 周报\n\n本周完成接口开发。\n")
    assert a.period is not None and a.period.source == "file name"
    assert (a.period.start(), a.period.end()) == (D(2023, 10, 16), D(2023, 10, 20))
    _doc, a = _timeline("2024-W23.md", "# Weekly report\n\nDone: the API.\n")
    assert a.period is not None and a.period.week == 23


@pytest.mark.parametrize(
    ("front", "kind", "days"),
    [
        ("---\ndate: 2024-06-07\n---\n", "range", (D(2024, 6, 3), D(2024, 6, 9))),
        ("+++\ndate = 2024-06-05T09:30:00+08:00\n+++\n", "range", (D(2024, 6, 3), D(2024, 6, 9))),
        ('---\ntitle: x\ndate: "2024-06-07 18:00"\n---\n', "range", (D(2024, 6, 3), D(2024, 6, 9))),
    ],
)
def test_front_matter_date_gives_the_week_of_a_weekly_report(front, kind, days):
    _doc, a = _timeline("notes.md", front + "# 周报\n\n本周完成接口开发。\n")
    p = a.period
    assert p is not None and (p.source, p.kind, p.confidence) == ("front matter", kind, "medium")
    assert (p.start(), p.end()) == days
    assert "from the front matter" in describe(a)["period"]


def test_front_matter_date_of_other_reports_is_a_guess():
    _doc, a = _timeline("notes.md", "---\ndate: 2024-09-02\n---\n# 工作总结\n\n完成接口开发。\n")
    assert a.period is not None and (a.period.year, a.period.confidence) == (2024, "low")
    # A year in the title, or a front matter without a date, leaves the period as it was.
    _doc, a = _timeline("notes.md", "---\ndate: 2024-06-07\n---\n# 2023年周报\n\n完成。\n")
    assert a.period is not None and a.period.source == "title"
    _doc, a = _timeline("notes.md", "---\ntags: [2024-06-07]\n---\n# 周报\n\n完成。\n")
    assert a.period is None


@pytest.mark.parametrize(
    ("title", "month"),
    [("Monthly report — May 2024", 5), ("Status, Sept 27, 2024", 9), ("Team update 2024", None)],
)
def test_english_month_in_the_title(title, month):
    _doc, a = _timeline("r.md", f"# {title}\n\n## Done\n\n- Shipped the API.\n")
    assert a.period is not None and (a.period.year, a.period.month) == (2024, month)


def test_title_under_site_banners():
    text = "首页 > 工作总结 > 正文\n浏览次数：35\n2021年某局工作总结\n2021年，我局认真开展各项工作，取得了较好成效。\n"
    _doc, a = _timeline("r.txt", text)
    assert a.period is not None and a.period.year == 2021 and a.period.source == "title"


def test_first_sentence_dating_an_event_has_low_confidence():
    text = "根据市局安排，2019年9月2日至10月18日，审计组对我中心开展专项审计。现将整改情况公开如下。\n一、整改情况\n已完成。\n"
    _doc, a = _timeline("r.txt", text)
    assert a.period is not None and a.period.confidence == "low"


def test_school_year_period():
    _doc, a = _timeline("r.txt", "2022学年第二学期教研组工作总结\n一、主要工作\n开展教研。\n")
    p = a.period
    assert p is not None and p.kind == "school-year"
    assert (p.start(), p.end()) == (D(2023, 2, 1), D(2023, 8, 31))


def test_mention_roles():
    text = (
        "2021年工作总结\n一、主要工作\n"
        "根据《2019年管理办法》，比2020年增长5%，自2018年以来持续推进，2021年3月已完成验收。\n"
        "二、下一步计划\n2022年将继续推进，2022年6月底前完成。\n"
    )
    doc, a = _timeline("r.txt", text)
    roles = {(doc.paragraphs[m.paragraph].line, m.text): m.role for m in a.timeline.mentions}
    assert roles[(3, "2019年")] == "citation"
    assert roles[(3, "2020年")] == "citation"
    assert roles[(3, "2018年")] == "citation"
    assert roles[(3, "2021年3月")] == "work-done"
    assert roles[(5, "2022年")] == "plan"
    assert roles[(5, "2022年6月")] == "deadline"


@pytest.mark.parametrize(
    ("clause", "met"),
    [
        ("2021年9月底前已全部完成整改", True),
        ("2021年9月前，均已完成备案", True),
        ("2021年底前已建成投用", True),  # a bare year, then 年底前
        ("2021年9月底前完成整改", False),  # a deadline, not yet met
        ("计划2021年9月底前已完成的项目全部验收", False),  # a plan word in the clause
        ("要求2021年9月底前已完成备案的单位补报材料", False),  # a duty word
        ("2021年9月以来已完成三次检查", False),  # 以来: since, not a deadline
    ],
)
def test_met_deadline_is_read_from_the_clause(clause, met):
    from replint.analysis.timeline import met_deadline

    end = clause.index("年") + 1
    if clause[end : end + 2] == "9月":
        end += 2
    assert met_deadline(clause, 0, end) is met


def _codes(path: Path) -> list[tuple[str, int]]:
    from replint import lint_paths

    report = lint_paths([str(path)])
    return sorted((f.code, f.line) for f in report.findings if f.code.startswith("D"))


@pytest.mark.parametrize("name", ["zh_week_ok.md", "en_week_ok.md"])
def test_clean_weekly_reports_have_no_date_findings(name):
    assert _codes(FIXTURES / name) == []


def test_wrong_chinese_weekly_report():
    assert _codes(FIXTURES / "zh_week_wrong.md") == [
        ("D101", 6), ("D106", 5), ("D110", 12), ("D112", 1),
    ]  # fmt: skip


def test_wrong_english_weekly_report():
    assert _codes(FIXTURES / "en_week_wrong.md") == [("D103", 11), ("D106", 5), ("D112", 1)]


def test_fiscal_year_period():
    _doc, a = _timeline("r.md", "# FY2024 annual report\n\n## Done\n\n- Shipped the API.\n")
    p = a.period
    assert p is not None and (p.kind, p.year, p.confidence) == ("fiscal-year", 2024, "medium")


def test_yearless_plan_date_in_late_december_is_next_january():
    text = "# 周报（2024年12月23日—12月27日）\n\n## 下周计划\n\n- 1月3日前完成年度报表。\n"
    _doc, a = _timeline("w.md", text)
    (m,) = [m for m in a.timeline.mentions if m.text == "1月3日"]
    assert m.first == D(2025, 1, 3)


def test_weekly_file_named_by_one_date_with_a_two_digit_year():
    _doc, a = _timeline("周报24_3.18.md", "# 周报\n\n本周完成接口开发。\n")
    p = a.period
    assert p is not None and (p.source, p.confidence) == ("file name", "medium")
    assert (p.start(), p.end()) == (D(2024, 3, 18), D(2024, 3, 24))


@pytest.mark.parametrize(
    ("name", "text", "sprint", "days"),
    [
        ("s.md", "# Sprint 14 Report (Oct 2 – Oct 13, 2023)\n\nDone: login.\n", 14,
         (D(2023, 10, 2), D(2023, 10, 13))),
        ("iteration-4_2024-03-04_2024-03-15.md", "# Iteration 4\n\nDone: export.\n", 4,
         (D(2024, 3, 4), D(2024, 3, 15))),
        ("s.md", "# Sprint 5 Retrospective\n\nSprint 5 ran from 2024-03-04 to 2024-03-15.\n", 5,
         (D(2024, 3, 4), D(2024, 3, 15))),
        ("s.md", "# 第3个迭代总结\n\n本迭代周期：2024年3月4日至3月15日，共完成需求8项。\n", 3,
         (D(2024, 3, 4), D(2024, 3, 15))),
    ],
)  # fmt: skip
def test_sprint_period_from_title_file_name_or_first_sentence(name, text, sprint, days):
    _doc, a = _timeline(name, text)
    p = a.period
    assert p is not None and p.sprint == sprint and (p.start(), p.end()) == days
    assert p.confidence == "high" and not a.timeline.weekly


def test_a_sprint_nothing_dates_has_no_period():
    _doc, a = _timeline("s.md", "# 第3个迭代总结\n\n本迭代完成登录页面开发。\n")
    assert a.period is None


def test_a_word_that_is_no_month_does_not_hide_the_date_after_it():
    text = "It ran from 2024-03-04 to 2024-03-15."
    (e,) = find_date_exprs(text, loose=True)
    assert e.kind == "range" and e.resolve(None) == (D(2024, 3, 4), D(2024, 3, 15))
    assert find_date_exprs("工单号2023-10-16-0042已关闭") == ()
