"""Tests for replint.analysis: headings, sections, profiles, period, signing date."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from replint.analysis import (
    NEXT_STEPS,
    PROBLEMS,
    WORK_DONE,
    Analysis,
    ProfileError,
    attach,
    build_profile,
    builtin_profiles,
    describe,
    parse_period,
    profile_problems,
)
from replint.model.document import Document, single_line_paragraph
from replint.testing import read_source

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def analyse(text: str, name: str = "report.txt", meta: dict | None = None) -> Analysis:
    return read_source(name, textwrap.dedent(text).lstrip("\n"), meta).analysis


def seed(prefix: str) -> Analysis:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_source(path.name, path.read_bytes()).analysis


def kinds_by_line(a: Analysis) -> dict[int, set[str]]:
    return {a.lines[s.first]: set(s.kinds) for s in a.sections}


# ----------------------------------------------------------------------------- seeds


def test_seed_001_headings_and_sections() -> None:
    a = seed("001")
    top = [(h.line, h.form, h.number, h.text) for h in a.top_headings]
    assert top == [
        (2, "一、", 1, "工作开展情况"),
        (24, "一、", 2, "存在的问题"),
        (29, "一、", 2, "下一步打算"),
    ]
    assert kinds_by_line(a) == {2: {WORK_DONE}, 24: {PROBLEMS}, 29: {NEXT_STEPS}}
    # 1. under （二）, run-in: the heading ends at the first 。
    h = a.heading_at(9)
    assert h is not None and (h.form, h.rank, h.level, h.text, h.run_in) == (
        "1.",
        3,
        3,
        "完善学习机制",
        True,
    )
    assert a.headings[h.parent].text == "坚持以学为先，夯实思想基础"  # type: ignore[index]
    assert a.period is None  # "今年以来" names no year


def test_seed_003_run_in_headings_after_scraped_marker_and_combined_part() -> None:
    a = seed("003")
    assert a.title == 0
    assert [h.number for h in a.headings] == [1, 2, 3, 4, 5]
    second = a.headings[1]
    assert second.text == "强化学习教育，筑牢思想防线"
    assert second.number_span == (13, 15)  # after "##paidbegin##"
    assert second.run_in and second.end == second.text_span[1] + 1  # the 。
    assert kinds_by_line(a) == {
        3: {WORK_DONE}, 4: {WORK_DONE}, 5: {WORK_DONE}, 6: {WORK_DONE}, 7: {PROBLEMS, NEXT_STEPS}
    }  # fmt: skip
    assert {s.how for s in a.sections if s.kinds == {WORK_DONE}} == {"position"}
    assert a.period is not None and (a.period.year, a.period.source) == (2021, "title")


def test_seed_004_forms_signing_date_and_period_from_it() -> None:
    a = seed("004")
    forms = [h.form for h in a.headings if h.rank == 2]
    assert forms.count("（一）") == 6 and forms.count("(一)") == 4
    assert a.signing is not None and a.lines[a.signing.paragraph] == 20
    assert str(a.signing.value) == "2022-05-17"
    # Signed in May 2022 and the text speaks mostly of 2021: a report on 2021.
    assert a.period is not None and (a.period.year, a.period.source) == (2021, "signing date")
    assert kinds_by_line(a)[18] == {"suggestions"}


def test_seed_000_thematic_parts_are_work_done() -> None:
    a = seed("000")
    assert {k for s in a.sections for k in s.kinds} == {WORK_DONE}
    assert not a.has(PROBLEMS) and not a.has(NEXT_STEPS)
    assert a.period is not None and a.period.source == "first sentence" and a.period.year == 2021


def test_describe_says_profile_period_and_sections() -> None:
    out = describe(seed("002"))
    assert out["profile"] == "work-report (the default for Chinese reports)"
    assert out["period"].startswith("2021年 (from the first sentence, line 1")
    assert "line 2 “一、主要做法”" in out["sections"]
    assert "line 14 “三、2022年意识形态工作计划”" in out["sections"]
    assert "MISSING" not in out["sections"]
    assert "MISSING" in describe(seed("000"))["sections"]


def test_analysis_is_picklable() -> None:
    a = seed("004")
    assert pickle.loads(pickle.dumps(a)) == a


def test_seeds_never_look_up_words() -> None:
    code = (
        "from pathlib import Path\n"
        "from replint import zh\n"
        "from replint.testing import read_source\n"
        f"for p in sorted(Path({str(SEEDS)!r}).glob('*.txt')):\n"
        "    read_source(p.name, p.read_bytes()).analysis\n"
        "print(zh.dictionary_used(), zh.jieba_loaded())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


# ----------------------------------------------------------------------------- headings


def test_heading_ladder_and_levels() -> None:
    a = analyse(
        """
        第一部分 总体情况
        一、工作开展情况
        （一）加强学习
        1.完善机制。全年修订制度5项。
        （1）制定方案
        ①印发方案
        """
    )
    got = [(h.rank, h.level, h.form) for h in a.headings]
    assert got == [
        (0, 1, "第一部分"),
        (1, 2, "一、"),
        (2, 3, "（一）"),
        (3, 4, "1."),
        (4, 5, "（1）"),
        (5, 6, "①"),
    ]


def test_headings_that_are_not() -> None:
    a = analyse(
        """
        一、工作开展情况
        一是加强学习。二是加强宣传。
        一、二季度完成了年度任务的60%。
        1.5万元专项资金全部到位。
        第一，提高认识。
        """
    )
    assert [h.line for h in a.headings] == [1]


def test_long_numbered_item_has_its_own_body() -> None:
    a = analyse(
        """
        一、存在的问题
        1、个别干部对意识形态工作极端重要性认识仍需提高，学习的主动性和系统性不够强，存在以干代学的现象；
        """
    )
    assert a.headings[1].run_in


def test_markup_headings_nest_numbered_text_below_them() -> None:
    a = analyse(
        """
        # 2024年第12周周报

        ## 本周完成

        一、接口开发

        完成3个接口。

        ## 下周计划

        - 联调测试
        """,
        name="weekly.md",
    )
    assert a.title == 0
    assert [(h.text, h.level, h.form) for h in a.headings] == [
        ("本周完成", 1, "markdown"),
        ("接口开发", 2, "一、"),
        ("下周计划", 1, "markdown"),
    ]
    assert a.profile.name == "weekly"
    assert a.period is not None and (a.period.year, a.period.week) == (2024, 12)


def test_word_headings_and_automatic_numbering() -> None:
    paragraphs = (
        single_line_paragraph(0, "工作开展情况", 1, kind="heading", level=1, numbered=True),
        single_line_paragraph(1, "全年完成任务。", 2),
        single_line_paragraph(2, "存在的问题", 3, kind="heading", level=1, numbered=True),
        single_line_paragraph(3, "学习不够深入。", 4),
        single_line_paragraph(4, "下一步打算", 5, kind="heading", level=1, numbered=True),
        single_line_paragraph(5, "加强学习。", 6),
    )
    doc = attach(Document("r.docx", "docx", paragraphs, tuple(p.text for p in paragraphs)))
    a = doc.analysis
    assert [(h.form, h.number, h.auto_numbered) for h in a.headings] == [("docx", None, True)] * 3
    assert kinds_by_line(a) == {1: {WORK_DONE}, 3: {PROBLEMS}, 5: {NEXT_STEPS}}


def test_english_headings() -> None:
    a = analyse(
        """
        Weekly status report
        Accomplishments: shipped the importer.
        ## Issues
        Next steps
        - Finish the docs.
        """
    )
    assert a.language == "en" and a.profile.name == "status"
    assert [(h.form, h.text, h.run_in) for h in a.headings] == [
        ("colon", "Accomplishments", True),
        ("plain", "Issues", False),  # "## " in a .txt file is just a marker
        ("plain", "Next steps", False),
    ]


# ----------------------------------------------------------------------------- sections


@pytest.mark.parametrize(
    ("heading", "kinds"),
    [
        ("存在的问题与下一步打算", {PROBLEMS, NEXT_STEPS}),
        ("问题及整改措施", {PROBLEMS, NEXT_STEPS}),
        ("当前意识形态方面存在的新情况新问题", {PROBLEMS}),
        ("着力解决群众反映的突出问题", set()),
        ("2022年意识形态工作计划", {NEXT_STEPS}),
        ("完成年度计划", set()),
        ("工作开展情况及成效", {WORK_DONE}),
        ("防范化解重大风险", set()),
    ],
)
def test_top_level_heading_classification(heading: str, kinds: set[str]) -> None:
    a = analyse(f"一、{heading}\n正文。\n")
    assert set(a.headings[0].kinds) == kinds


def test_family_planning_is_not_a_plan_by_word_boundaries() -> None:
    a = analyse("一、计划生育工作\n正文。\n二、计划安排\n正文。\n")
    assert [set(h.kinds) for h in a.headings] == [set(), {NEXT_STEPS}]


def test_headless_report_parts_by_openers() -> None:
    a = analyse(
        """
        今年以来，我单位认真落实各项工作部署。
        全年共办理业务1000件。
        存在的问题是人员力量不够，专业能力不足。
        下一步，我们将进一步加强队伍建设。
        今后还要加强培训。
        """
    )
    assert a.headings == ()
    assert [sorted(k) for k in a.parts] == [
        [WORK_DONE], [WORK_DONE], [PROBLEMS], [NEXT_STEPS], [NEXT_STEPS]
    ]  # fmt: skip
    assert [(s.how, a.lines[s.first]) for s in a.sections] == [
        ("position", 1), ("opener", 3), ("opener", 4)
    ]  # fmt: skip


def test_english_headless_openers() -> None:
    a = analyse(
        """
        This week we migrated the billing system.
        Blocked on the security review.
        Next week we will finish the docs.
        """
    )
    assert [sorted(k) for k in a.parts] == [[WORK_DONE], [PROBLEMS], [NEXT_STEPS]]


def test_parts_of_headed_report() -> None:
    a = analyse(
        """
        2021年工作总结
        2021年，我局扎实工作。
        一、主要工作
        开展学习。
        二、存在问题
        学习不够。
        下一步，我们将加强学习。
        XX局
        2022年1月5日
        """
    )
    assert [sorted(k) for k in a.parts] == [
        ["title"], ["preamble"], [WORK_DONE], [WORK_DONE], [PROBLEMS], [PROBLEMS],
        [NEXT_STEPS], [NEXT_STEPS], ["signing"],
    ]  # fmt: skip


# ----------------------------------------------------------------------------- period


@pytest.mark.parametrize(
    ("text", "name", "meta", "expected"),
    [
        ("2023年上半年工作总结\n一、主要工作\n正文。\n", "r.txt", None, ("2023年上半年", "title")),
        ("2024年第三季度工作汇报\n正文。\n", "r.txt", None, ("2024年第三季度", "title")),
        ("2019—2021年任期述职报告\n正文。\n", "r.txt", None, ("2019—2021年", "title")),
        ("二〇二一年度工作总结\n正文。\n", "r.txt", None, ("2021年", "title")),
        ("一、主要工作\n正文。\n", "2024-W12.txt", None, ("2024年第12周", "file name")),
        ("一、主要工作\n正文。\n", "2023年度总结.txt", None, ("2023年", "file name")),
        ("一、主要工作\n正文。\n", "r.txt", {"period": "2021"}, ("2021年", "config")),
        ("2023年工作总结\n正文。\n", "r.txt", {"period": "2022H1"}, ("2022年上半年", "config")),
        (
            "市委宣传部：\n2021年以来，我局扎实工作。\n一、主要工作\n",
            "r.txt",
            None,
            ("2021年", "first sentence"),
        ),
        ("一、主要工作\n正文。\n2021年12月20日\n", "r.txt", None, ("2021年", "signing date")),
        ("一、主要工作\n正文。\n2022年2月10日\n", "r.txt", None, ("2021年", "signing date")),
    ],
)
def test_period_sources(text: str, name: str, meta: dict | None, expected: tuple[str, str]) -> None:
    a = analyse(text, name, meta)
    assert a.period is not None
    assert (a.period.label(), a.period.source) == expected


def test_no_period_from_comparisons_or_hashes() -> None:
    a = analyse("今年以来，比2020年增长12%。\n一、主要工作\n", "001_11ded5256b81e7d2.txt")
    assert a.period is None
    assert "set `period` in config" in a.period_note


def test_period_dates() -> None:
    p = parse_period("2024-W12")
    assert p is not None and (str(p.start()), str(p.end())) == ("2024-03-18", "2024-03-24")
    q = parse_period("2023Q3")
    assert q is not None and str(q.end()) == "2023-09-30"
    assert parse_period("next year") is None


# ----------------------------------------------------------------------------- profiles


def test_builtin_profiles_build() -> None:
    profiles = builtin_profiles()
    assert {"work-report", "weekly", "status"} <= set(profiles)
    assert profile_problems(profiles) == []
    work = build_profile("work-report", profiles["work-report"], profiles)
    assert [s.key for s in work.required] == [WORK_DONE, PROBLEMS, NEXT_STEPS]


def test_profile_problems_are_clear() -> None:
    bad = {
        "a": {"sections": [{"key": "Work Done", "aliases": ["x"]}]},
        "b": {"sections": [{"key": "x", "aliases": []}]},
        "c": {"extends": "nope", "sections": []},
        "d": {"sections": [{"key": "x", "aliases": ["x"], "colour": "red"}]},
        "e": {"extends": "e"},
    }
    problems = profile_problems(bad)
    assert len(problems) == 5
    assert any("snake_case" in p for p in problems)
    assert any("at least one alias" in p for p in problems)
    assert any("unknown profile 'nope'" in p for p in problems)
    assert any("unknown key 'colour'" in p for p in problems)
    assert any("extends itself" in p for p in problems)
    with pytest.raises(ProfileError):
        build_profile("x", {"sections": "no"}, {})


def test_profile_choice() -> None:
    assert analyse("2024年第12周周报\n本周完成：开发。\n").profile.name == "weekly"
    assert analyse("一、工作\n正文。\n", "weekly-notes.txt").profile.name == "weekly"
    chosen = analyse("一、工作\n正文。\n", meta={"profile": "status"})
    assert (chosen.profile.name, chosen.profile_reason) == ("status", "set in config")
    unknown = analyse("一、工作\n正文。\n", meta={"profile": "nope"})
    assert (
        unknown.profile.name == "work-report" and "unknown profile 'nope'" in unknown.profile_reason
    )


def test_config_profiles_with_plugin_shape() -> None:
    # Plugins return profiles as {"name": ..., "sections": [...]}; the engine keys them by name.
    profiles = {
        "audit": {
            "name": "audit",
            "language": "zh",
            "sections": [
                {"key": "findings", "label": "审计发现", "required": True, "aliases": ["审计发现"]}
            ],
        }
    }
    a = analyse("一、审计发现\n正文。\n", meta={"profile": "audit", "profiles": profiles})
    assert a.profile.name == "audit"
    assert a.has("findings")


def test_words_looked_up_only_when_a_heading_needs_it(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        from replint.text import zh
        from replint.testing import read_source
        read_source("a.txt", "一、工作开展情况\\n正文。\\n二、存在的问题\\n正文。\\n三、下一步打算\\n").analysis
        print(zh.dictionary_used())
        read_source("b.txt", "一、计划生育工作\\n正文。\\n").analysis
        print(zh.dictionary_used(), zh.jieba_loaded())
        """
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "False"]
