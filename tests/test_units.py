"""The analysis' repeating units (weeks in one file) and Markdown lists as written."""

from __future__ import annotations

import pickle

from replint.testing import read_source

WEEKS_MD = """# 周报合集
## 2024-03-11 周报
### 本周完成
完成测试。
### 下周计划
上线。
## 2024-03-04 周报
### 本周完成
完成接口开发。
### 下周计划
继续联调。
"""

WEEKS_TXT = """2024年3月4日-3月8日
一、本周工作
完成接口开发。
二、下周计划
继续联调。
2024年3月11日-3月15日
一、本周工作
完成测试。
二、下周计划
上线。
"""


def test_date_headings_are_units() -> None:
    a = read_source("weeks.md", WEEKS_MD).analysis
    assert [(u.how, u.label) for u in a.units] == [
        ("date", "2024-03-11 周报"),
        ("date", "2024-03-04 周报"),
    ]
    assert a.units[0].last + 1 == a.units[1].first
    assert all("next_steps" in u.kinds for u in a.units)
    assert a.unit_of(a.units[1].first) == 1
    pickle.loads(pickle.dumps(a))  # values cross process boundaries


def test_recurring_heading_sequence_is_units_with_its_date_line() -> None:
    a = read_source("weeks.txt", WEEKS_TXT).analysis
    assert [u.how for u in a.units] == ["sequence", "sequence"]
    assert [u.first for u in a.units] == [0, 5]  # the date line opens the unit
    assert a.units[1].label.startswith("2024年3月11日")


def test_one_report_has_no_units() -> None:
    text = "一、主要工作\n完成接口开发。\n二、存在的问题\n人手不足。\n三、下一步打算\n继续联调。\n"
    assert read_source("one.txt", text).analysis.units == ()


def test_repeated_label_under_each_task_is_not_a_unit() -> None:
    text = "遗留问题：回显未完成。\n完成角色页面。\n遗留问题：校验未完成。\n完成部门页面。\n"
    assert read_source("tasks.txt", text).analysis.units == ()


def test_a_name_line_above_every_repeat_opens_that_persons_unit() -> None:
    text = (
        "陈晨\n一、本周工作\n整理需求。\n二、下周计划\n评审需求。\n"
        "刘洋\n一、本周工作\n编写接口。\n二、下周计划\n联调。\n"
    )
    a = read_source("team.txt", text).analysis
    assert [(u.first, u.label) for u in a.units] == [(0, "陈晨"), (5, "刘洋")]


def test_a_short_line_of_text_above_later_repeats_is_not_a_name() -> None:
    # Nothing stands above the first repeat: the short lines end the previous part.
    text = (
        "一、本周工作\n整理需求。\n二、下周计划\n评审需求\n"
        "一、本周工作\n编写接口。\n二、下周计划\n联调接口\n"
        "一、本周工作\n修复缺陷。\n二、下周计划\n上线。\n"
    )
    a = read_source("weeks.txt", text).analysis
    assert [u.first for u in a.units] == [0, 4, 8]


def test_markdown_lists_keep_the_numbers_typed() -> None:
    text = "## 本周\n1. 甲\n4. 乙\n   - 子项\n6. 丙\n"
    runs = read_source("w.md", text).analysis.lists
    ordered = [r for r in runs if r.ordered]
    assert [i.number for i in ordered[0].items] == [1, 4, 6]
    bullets = [r for r in runs if not r.ordered]
    assert bullets[0].depth == 1 and bullets[0].parent == 3
    assert read_source("w.txt", text).analysis.lists == ()
