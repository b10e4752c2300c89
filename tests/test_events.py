"""Every phrase of the stale-event table (rules/data/events.yaml, its entries and its
series) is tested: it matches its own example, fires in a report of a year the phrase
does not fit, and stays silent in a year it fits and in a sentence that tells history."""

from __future__ import annotations

import re

import pytest
from replint_rules import load_data
from replint_rules._event_table import EventPhrase, phrases

from replint import lint_text

PHRASES = phrases(load_data("events.yaml"))


def _id(p: EventPhrase) -> str:
    return f"{p.event}-{p.kind}-{p.example}"


def _d109(text: str) -> list[str]:
    return [f.message for f in lint_text(text, "report.txt", select=["D109"])]


def _report(year: int, sentence: str, signed: str = "") -> str:
    # A report of ``year``: its title, a heading and one sentence of work done.
    return f"{year}年工作总结\n一、主要工作\n{sentence}\n" + (f"{signed}\n" if signed else "")


def _wrong_year(p: EventPhrase) -> int:
    """A year whose report this phrase does not fit."""
    if p.kind == "after":
        return p.date.year - 1  # before the event
    return p.date.year + 1  # after the event, or a later year than its own


def _right_year(p: EventPhrase) -> int:
    """A year whose report this phrase fits."""
    if p.kind == "after":
        return p.date.year + 1
    if p.kind == "before":
        return p.date.year - 1
    return p.date.year


def test_the_table_is_big_enough_to_date_old_reports():
    events = {p.event for p in PHRASES}
    assert {
        "十届全国人大三次会议",
        "十四届全国人大三次会议",
        "党的十六大",
        "党的十七届四中全会",
    } <= events
    assert sum("全国人大" in e for e in events) >= 28  # every annual session since 1998
    assert sum("中全会" in e for e in events) >= 40  # the plenums of the 15th-20th CC
    assert any("六五" in e for e in events) and any("十五五" in e for e in events)
    assert all(p.source for p in PHRASES), "every entry names its source"


@pytest.mark.parametrize("p", PHRASES, ids=_id)
def test_phrase_matches_its_example(p: EventPhrase):
    assert p.example, f"{p.event}: give an example for its {p.kind} phrase"
    assert re.search(p.pattern, p.example), (p.pattern, p.example)


@pytest.mark.parametrize("p", PHRASES, ids=_id)
def test_phrase_fires_in_a_year_it_does_not_fit(p: EventPhrase):
    messages = _d109(_report(_wrong_year(p), f"今年，我局{p.example}。"))
    assert any(p.event in m for m in messages), messages


@pytest.mark.parametrize("p", PHRASES, ids=_id)
def test_phrase_is_silent_in_a_year_it_fits(p: EventPhrase):
    year = _right_year(p)
    signed = f"{year + 1}年1月10日" if p.kind == "after" else ""
    messages = _d109(_report(year, f"今年，我局{p.example}。", signed))
    assert not any(p.event in m for m in messages), messages


@pytest.mark.parametrize("p", [p for p in PHRASES if p.kind != "after"], ids=_id)
def test_phrase_is_silent_when_told_as_history(p: EventPhrase):
    year = _wrong_year(p)
    for sentence in (
        f"回顾过去，{p.example}，成效明显。",
        f"{p.date.year}年，我局{p.example}。",
        f"根据{p.example}的部署，我局制定了方案。",
    ):
        messages = _d109(_report(year, sentence))
        assert not any(p.event in m for m in messages), (sentence, messages)


def test_a_report_recycled_from_ten_years_ago_lights_up():
    text = _report(
        2024,
        "全局深入学习贯彻党的十八大和十八届三中全会精神，学习贯彻十二届全国人大二次会议精神，"
        "深入开展党的群众路线教育实践活动，推进“十二五”规划顺利实施。",
    )
    messages = _d109(text)
    assert len(messages) >= 3, messages


def test_the_current_year_is_silent():
    text = _report(
        2024,
        "全局深入学习贯彻党的二十大和二十届三中全会精神，学习贯彻十四届全国人大二次会议精神，"
        "扎实开展党纪学习教育，推动“十四五”规划目标任务落地见效。十三五期间我县累计投入1.2亿元。",
        "2025年1月10日",
    )
    assert _d109(text) == []
