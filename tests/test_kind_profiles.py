"""Per-kind profiles (政府工作报告, 述职述廉, 整改, 自查, 半年总结): chosen from the title or
the headings, named in ``--verbose`` with the reader used, and judged by their own parts."""

from __future__ import annotations

import textwrap

import pytest

from replint.analysis import Analysis, describe, profile_problems
from replint.testing import read_source


def analyse(text: str, name: str = "report.txt") -> Analysis:
    return read_source(name, textwrap.dedent(text).lstrip("\n")).analysis


def missing(a: Analysis) -> list[str]:
    return [s.key for s in a.profile.sections if s.required and not a.has(s.key)]


@pytest.mark.parametrize(
    ("title", "profile"),
    [
        ("2025年市人民政府工作报告", "government-report"),
        ("2024年度个人述职述廉报告", "duty-integrity"),
        ("关于巡察反馈意见整改情况的报告", "rectification"),
        ("关于审计发现问题整改落实情况的通报", "rectification"),
        ("学校食品安全工作自查报告", "self-inspection"),
        ("2025年上半年工作总结", "half-year"),
        ("2025年度工作总结", "work-report"),
        ("县政府办公室2024年工作总结", "work-report"),  # 政府 in a unit name is no kind
        ("2025年中国市场调研工作总结", "work-report"),  # 年中 is not 年中总结
    ],
)
def test_the_title_chooses_the_kind(title: str, profile: str) -> None:
    a = analyse(f"{title}\n\n今年以来，我们认真做好各项工作，取得了一定成效。\n")
    assert a.profile.name == profile
    if profile != "work-report":
        assert "title names the kind" in a.profile_reason


def test_headings_choose_the_kind_without_a_title_naming_it() -> None:
    a = analyse(
        """
        关于学校办学条件的情况汇报
        一、自查情况
        学校共有教学班十二个，在校学生五百人。
        二、存在问题
        实验室设备老化，部分仪器不能使用。
        三、整改措施
        申请专项经费，年内更新实验设备。
        """
    )
    assert a.profile.name == "self-inspection"
    assert "自查情况" in a.profile_reason
    assert missing(a) == []


def test_one_common_heading_word_does_not_change_the_kind() -> None:
    # 整改措施 alone is also a work report's plan; a second signal is needed.
    a = analyse(
        """
        2025年度工作总结
        一、主要工作
        完成了三个项目的验收。
        二、存在的问题
        人员不足。
        三、整改措施
        明年增加两名人员。
        """
    )
    assert a.profile.name == "work-report"
    assert missing(a) == []


def test_government_report_problems_in_prose_and_this_years_tasks() -> None:
    a = analyse(
        """
        2025年政府工作报告
        一、2024年工作回顾
        过去一年，全市地区生产总值增长百分之五。
        我们也清醒看到，经济发展仍面临不少困难和挑战，部分企业经营困难。
        二、2025年经济社会发展总体要求和主要预期目标
        今年经济社会发展的主要预期目标是增长百分之五左右。
        三、2025年重点工作
        着力扩大有效需求，推动消费持续恢复。
        """
    )
    assert a.profile.name == "government-report"
    assert missing(a) == []
    assert a.has("problems") and a.has("next_steps")


def test_government_report_without_targets_misses_them() -> None:
    a = analyse(
        """
        2025年政府工作报告
        一、2024年工作回顾
        过去一年，全市地区生产总值增长百分之五。
        我们也清醒看到，经济发展仍面临不少困难和挑战。
        """
    )
    assert missing(a) == ["next_steps"]


def test_duty_integrity_adds_the_integrity_part() -> None:
    text = """
        2025年度述职述廉报告
        一、履职情况
        全年牵头完成重点项目五个。
        二、存在的问题
        调查研究不够深入。
        三、下一步打算
        加强学习，改进作风。
        """
    a = analyse(text)
    assert a.profile.name == "duty-integrity"
    assert missing(a) == ["integrity"]
    b = analyse(
        "2025年度述职述廉报告\n一、履职情况\n全年牵头完成重点项目五个。\n二、廉洁自律情况\n"
        "严格遵守八项规定。\n三、存在的问题\n调查研究不够深入。\n四、下一步打算\n加强学习。\n"
    )
    assert missing(b) == []


def test_rectification_report_parts() -> None:
    a = analyse(
        """
        关于巡察反馈问题整改情况的报告
        一、整改工作开展情况
        成立整改工作领导小组，制定整改方案。
        二、问题清单
        制度执行不严格。
        三、整改措施
        修订制度三项。
        四、整改成效
        反馈的五个问题已全部整改到位。
        """
    )
    assert a.profile.name == "rectification"
    assert missing(a) == []
    b = analyse(
        """
        关于巡察反馈问题整改情况的报告
        一、问题清单
        制度执行不严格。
        二、整改措施
        修订制度三项。
        """
    )
    assert missing(b) == ["results"]


def test_half_year_plan_is_for_the_second_half() -> None:
    a = analyse(
        """
        2025年上半年工作总结
        一、上半年工作情况
        完成招商引资项目三个。
        二、存在的问题
        项目落地偏慢。
        三、下半年工作打算
        加快项目建设进度。
        """
    )
    assert a.profile.name == "half-year"
    assert missing(a) == []
    labels = {s.key: s.label for s in a.profile.sections}
    assert labels["next_steps"] == "下半年工作打算"


def test_verbose_names_the_reader_and_the_profile() -> None:
    a = analyse("2025年上半年工作总结\n\n完成了工作。\n")
    said = describe(a)
    assert said["read as"] == "plain text"
    assert said["profile"].startswith("half-year (the title names the kind")
    md = read_source(
        "notes.txt",
        "# 本周工作\n\n- 完成接口\n- 修复缺陷\n- 编写文档\n\n# 下周计划\n\n- 联调\n",
    ).analysis
    assert describe(md)["read as"].startswith("Markdown (the .txt has Markdown markup")
    assert describe(read_source("w.md", "# 本周工作\n\n完成接口。\n").analysis)["read as"] == (
        "Markdown"
    )


def test_profile_titles_are_checked() -> None:
    bad = {"mine": {"titles": ["(unclosed"], "sections": [{"key": "a", "aliases": ["甲"]}]}}
    assert "bad pattern" in profile_problems(bad)[0]


def test_a_file_of_several_weeks_is_judged_as_weekly_reports() -> None:
    week = """
        # 2026年第{n}周周报

        ## 本周工作

        1. 完成了接口文档的整理，提交评审。

        ## 遇到的问题

        1. 测试环境偶尔连不上。

        ## 下周计划

        1. 补写单元测试。
        """
    a = analyse(week.format(n=3) + week.format(n=4), "weeks.md")
    assert a.profile.name == "weekly"
    assert "first heading" in a.profile_reason
    assert missing(a) == []


def test_a_long_first_paragraph_does_not_name_the_kind() -> None:
    a = analyse(
        """
        本周我们按计划推进了接口开发和联调工作，第三周的目标基本达成，整体进度符合预期安排。
        存在的问题是测试用例不够全面。
        下一步，补齐测试用例。
        """
    )
    assert a.profile.name == "work-report"
