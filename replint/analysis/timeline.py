"""The timeline of a report: the period it covers, and every date in it with its role.

Built once per document by the analysis (:func:`build_timeline`) and shared by the
date rules, so that each of them does not re-read the text. It holds:

* **the period** (:class:`Period`): a year, half, quarter, month, ISO week, or an
  explicit range of days (``周报（2024年6月3日—6月7日）``, ``Week of June 3–7, 2024``,
  ``周报_2023.10.16-10.20.md``), a school year or a fiscal year, with where it was
  found (config, title, a title-like line under a site banner, the first sentence,
  the file name, a front matter ``date:``, the dated headings of a log, the signing
  date) and how far it is
  trusted (``confidence``: ``high`` for config, title and file name; ``medium`` for
  the first sentence and headings; ``low`` for a date that dates an event rather than
  the report, and for a period guessed from the signing date);
* **every dated mention** (:class:`Mention`) with its **role**: ``work-done``,
  ``plan``, ``deadline``, ``as-of``, ``citation`` (a document title or number, a law's
  year, a comparison ``比2020年增长``, history ``自2018年以来``), ``heading`` (a
  chronological heading such as ``### 2023.11`` or ``## 第二周``), ``metadata``
  (page banners before the title), ``signing`` or ``other``. Roles come from the
  section the mention is in, from tense and time words before and after it, and
  from where it stands;
* **the entries**: the chronological headings in document order, for the rules that
  check that a log goes forward one step at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import TYPE_CHECKING

from replint.infra.regexes import lazy_re
from replint.model.timeline import ROLES, Mention, Period, Timeline
from replint.text import zh
from replint.text.dates_text import DateExpr, DatePart, find_date_exprs, find_named_periods

if TYPE_CHECKING:
    from replint.model.document import Document, Paragraph

# Section keys as the analysis names them (strings, so this module stays below it).
_WORK_DONE, _PROBLEMS, _NEXT_STEPS = "work_done", "problems", "next_steps"
_TITLE, _PREAMBLE, _SIGNING = "title", "preamble", "signing"

__all__ = ["ROLES", "Mention", "Period", "Timeline", "build_timeline", "refine_period", "with_year"]


# ----------------------------------------------------------------------------- period

_REPORT_WORDS = lazy_re(
    r"总结|报告|述职|汇报|周报|月报|季报|年报|计划|要点|情况|材料|自查|"
    r"report|status|update|summary|weekly|review|retrospective|recap|log",
    re.I,
)
_WEEKLY_WORDS = lazy_re(r"周报|周工作|周总结|本周|weekly|\bweek\b|this week", re.I)
BIWEEKLY_WORDS = lazy_re(r"双周|两周|半月|bi-?weekly|fortnight|sprint|迭代", re.I)


def _resolve(expr: DateExpr, year: int | None) -> tuple[dt.date, dt.date] | None:
    try:
        return expr.resolve(year)
    except ValueError:
        return None


def period_from_range(
    text: str, source: str, year: int | None, paragraph: int | None, confidence: str
) -> Period | None:
    """A period of days from the first range, week or month written in ``text``
    (a title, a heading or a file name): ``2024年6月3日—6月7日``, ``2016-09——2017-03``."""
    for expr in find_date_exprs(text, loose=True):
        if expr.kind != "range" or expr.until_now:
            continue
        r = _resolve(expr, year)
        if r is None or r[1] < r[0] or (r[1] - r[0]).days > 400:
            continue
        return Period(r[0].year, r[1].year, source=source, evidence=text[expr.start : expr.end],
                      paragraph=paragraph, span=(expr.start, expr.end), first=r[0], last=r[1],
                      kind="range", confidence=confidence)  # fmt: skip
    for expr in find_named_periods(text):
        if expr.kind == "fiscal-year" and expr.year:
            # Fiscal years start in different months (FY2024 may begin in October 2023):
            # taken as the calendar year, and trusted less.
            return Period(expr.year, expr.year, source=source, evidence=text[expr.start : expr.end],
                          paragraph=paragraph, span=(expr.start, expr.end), kind="fiscal-year",
                          confidence="medium")  # fmt: skip
        if expr.kind == "school-year" and expr.year:
            r = _resolve(expr, None)
            assert r is not None
            return Period(expr.year, expr.year + 1, half=expr.number, source=source,
                          evidence=text[expr.start : expr.end], paragraph=paragraph,
                          span=(expr.start, expr.end), first=r[0], last=r[1],
                          kind="school-year", confidence=confidence)  # fmt: skip
    return None


def _week_of_date(name: str, year: int | None) -> Period | None:
    """A weekly report named by one date (``周报24_3.18``): the week of that date."""
    for expr in find_date_exprs(name, loose=True):
        if expr.kind != "date":
            continue
        r = _resolve(expr, year)
        if r is None:
            continue
        monday = r[0] - dt.timedelta(days=r[0].weekday())
        sunday = monday + dt.timedelta(days=6)
        return Period(monday.year, sunday.year, source="file name", first=monday, last=sunday,
                      kind="range", confidence="medium")  # fmt: skip
    return None


def _title_like(paragraphs: Sequence[Paragraph], limit: int = 12) -> int | None:
    """A title under site banners and breadcrumbs: a short line naming a kind of report
    and a year, among the first lines."""
    for index, p in enumerate(paragraphs[:limit]):
        text = p.text.strip()
        if not text or len(text) > 60 or "。" in text:
            continue
        if _REPORT_WORDS.search(text) and (zh.find_years(text) or find_date_exprs(text, True)):
            return index
        if len(text) > 40 and index > 0:
            break
    return None


_ANNOUNCED = lazy_re(r"现将\s*(?P<y>(?:19|20)[0-9]{2})\s*年")


def refine_period(
    doc: Document,
    title: int | None,
    period: Period | None,
    note: str,
    signing_date: dt.date | None,
) -> tuple[Period | None, str]:
    """The period the analysis found (config, title, first sentence, file name,
    signing date), narrowed down to days where the title or file name gives them, with
    its confidence; a title under site banners when nothing better was found. A sprint
    or iteration the title or file name numbers is kept with it (``Period.sprint``)."""
    period = _refine(doc, title, period)
    named = doc.paragraphs[title].text if title is not None else ""
    for text in (named, PurePath(doc.path).stem):
        if not _SPRINT_WORD.search(text):
            continue  # most reports are no sprint: spare the named-period patterns
        sprint = next((e.number for e in find_named_periods(text) if e.kind == "sprint"), None)
        if sprint is None:
            continue
        if period is None or period.first is None or period.source == "first sentence":
            # "Sprint 5 ran from 2024-03-04 to 2024-03-15", "本迭代周期：2024年3月4日至3月15日"
            period = _sprint_days(doc, period) or period
        return (replace(period, sprint=sprint) if period is not None else None), note
    return period, note


_SPRINT_WORD = lazy_re(r"sprint|iteration|迭代|冲刺", re.I)
_SPRINT_DAYS = lazy_re(r"sprint|iteration|迭代|冲刺|周期|\b(?:ran|runs|run)\s+from\b", re.I)


def _sprint_days(doc: Document, period: Period | None) -> Period | None:
    """The days of a sprint as one of its first sentences gives them."""
    year = period.year if period is not None else None
    for index, p in enumerate(doc.paragraphs[:8]):
        for lo, hi in zh.split_sentences(p.text)[:3]:
            sentence = p.text[lo:hi]
            if not _SPRINT_DAYS.search(sentence):
                continue
            found = period_from_range(sentence, "first sentence", year, index, "high")
            if found is not None and found.first is not None:
                span = (found.span[0] + lo, found.span[1] + lo) if found.span else None
                return replace(found, span=span)
    return None


def _two_dates(name: str, year: int | None) -> Period | None:
    """A file name holding a first and a last day (``iteration-4_2024-03-04_2024-03-15``)."""
    name = name.replace("_", " ")
    days = [
        r[0]
        for e in find_date_exprs(name, loose=True)
        if e.kind == "date" and (r := _resolve(e, year)) is not None
    ]
    if len(days) != 2 or not 0 < (days[1] - days[0]).days <= 400:
        return None
    return Period(days[0].year, days[1].year, source="file name", first=days[0], last=days[1],
                  kind="range", confidence="high")  # fmt: skip


def _refine(doc: Document, title: int | None, period: Period | None) -> Period | None:
    paragraphs = doc.paragraphs
    if period is not None and period.source == "config":
        return period
    year = period.year if period is not None else None
    if period is not None and period.source == "title":
        found = period_from_range(paragraphs[period.paragraph or 0].text if period.paragraph
                                  is not None else "", "title", year, period.paragraph, "high")  # fmt: skip
        if found is None and title is not None:
            found = period_from_range(paragraphs[title].text, "title", year, title, "high")
        if found is not None and found.year in (period.year, period.end_year, period.year + 1):
            return found
        return period
    if title is not None and period is None:
        found = period_from_range(paragraphs[title].text, "title", year, title, "high")
        if found is not None:
            return found
    if period is None or period.source in ("signing date", "file name", "front matter"):
        junk_title = title is not None and not zh.find_years(paragraphs[title].text)
        index = _title_like(paragraphs) if title is None or junk_title else None
        if index is not None:
            text = paragraphs[index].text
            years = [
                y
                for y in zh.find_years(text)
                if not zh.inside(zh.bracket_spans(text), y.start, y.end)
            ]
            found = period_from_range(
                text, "title", years[0].year if years else year, index, "high"
            )
            if found is None and years:
                y = years[0]
                found = Period(y.year, y.year, source="title", evidence=text[y.start : y.end],
                               paragraph=index, span=(y.start, y.end))  # fmt: skip
                for named in find_named_periods(text):
                    if named.kind == "half" and named.number:
                        found = replace(found, half=named.number)
                    elif named.kind == "quarter" and named.number:
                        found = replace(found, quarter=named.number)
            if found is not None:
                return found
    # "周报_2023.10.16-10.20" and "24_3.18": an underscore between words is a space.
    name = re.sub(r"(?<![0-9])_|_(?![0-9])", " ", PurePath(doc.path).stem)
    if period is None or period.source in ("file name", "signing date", "front matter"):
        found = period_from_range(name, "file name", year, None, "high") or _two_dates(name, year)
        if found is None and _WEEKLY_WORDS.search(name):
            found = _week_of_date(name, year)
        if found is not None:
            return replace(found, evidence=PurePath(doc.path).name, span=None)
    if period is None:
        return None
    if period.source == "first sentence":
        p = paragraphs[period.paragraph] if period.paragraph is not None else None
        after = p.text[period.span[1] : period.span[1] + 6] if p and period.span else ""
        # "2019年9月2日至10月18日，审计组进驻": the year dates an event, not the report.
        event = re.match(r"\s*[0-9一二三四五六七八九十]{1,2}\s*月", after) is not None
        before = p.text[max(0, period.span[0] - 3) : period.span[0]] if p and period.span else ""
        since = bool(
            re.search(r"[自从]\s*$", before) or re.match(r"[^，。；]{0,8}(?:至今|以来)", after)
        )
        if (event or since) and p is not None:
            # "本人自2019年7月至今担任主任，现将2023年度履职情况报告如下": the year the
            # report announces is the period.
            m = _ANNOUNCED.search(p.text)
            if m is not None:
                announced = int(m.group("y"))
                return Period(announced, announced, source="first sentence", evidence=m.group(0),
                              paragraph=period.paragraph, span=m.span("y"),
                              confidence="medium")  # fmt: skip
        return replace(period, confidence="low" if event or since else "medium")
    if period.source == "signing date":
        return replace(period, confidence="low")
    return period


# ----------------------------------------------------------------------------- roles

_CITATION_BEFORE = lazy_re(
    r"(?:根据|依据|按照|依照|对照|参照|贯彻|落实|学习|印发|转发|比|较|同比|环比|与|和|跟|相比|对比|"
    r"自|从|since|compared (?:with|to)|than|versus|vs\.?)\s*$",
    re.I,
)
_CITATION_AFTER = lazy_re(
    r"^\s*(?:以来|来|以前|相比|同期|版|年版|修订|修正|颁布|发布|印发|出台|的通知|的意见|"
    r"号文|号令|第[0-9一二三四五六七八九十]+号)"
)
_DEADLINE_BEFORE = lazy_re(r"(?:于|在|by|due|before|deadline[:：]?|截止(?:日期)?[:：]?)\s*$", re.I)
_DEADLINE_AFTER = lazy_re(r"^\s*(?:底|末)?\s*(?:前|之前|以前|为止|截止)")
# A deadline already met: `2024年6月底前已全部完成` tells of work done, not of a plan.
# The month and 年底 are optional so that the same test reads a bare year (`2024年` then
# `6月底前已…`) and a whole date expression (`2024年6月` then `底前已…`).
_MET_AFTER = lazy_re(
    r"^\s*(?:[0-9]{1,2}\s*月)?\s*(?:底|末|年底|年末)?\s*(?:前|之前|以前)\s*[，,]?\s*"
    r"(?:均|都|全部|业)?已"
)
# Words of duty that keep a met-looking deadline a plan: `要求6月底前已完成备案的单位…`.
_DUTY = lazy_re(r"要求|应当|需要")
_AS_OF_BEFORE = lazy_re(r"(?:截至|截止|截止到|截至到|到|as of)\s*$", re.I)
_FUTURE = lazy_re(
    r"(?<!现)将|计划|拟|预计|力争|争取|确保|目标|规划|展望|预期|定于|明年|下一步|下周|下月|下阶段|今后|"
    r"\b(?:will|plan|plans|planned|planning|next|scheduled|upcoming|aim|target|goal|expected|intend)\b",
    re.I,
)
_PAST = lazy_re(
    r"已|完成|了|召开|举办|开展|组织|参加|进行|实现|达到|累计|"
    r"\b(?:was|were|did|done|completed|finished|held|attended|met|merged|released|shipped)\b",
    re.I,
)
_HEADING_FILL = lazy_re(
    r"[\s#*_`:：，,.。（）()\[\]【】\-—–~～→|/、第]|工作|总结|周报|月报|报告|小结|汇报|进展|记录|"
    r"日志|情况|本周|这周|entry|for|of|the|week|weekly|report|log|update|status|summary|notes?",
    re.I,
)


def met_deadline(text: str, start: int, end: int) -> bool:
    """The date at ``text[start:end]`` is a deadline the clause says is already met
    (`6月底前已全部完成`): work done, not a plan. The one test of this for every rule."""
    # The whole rest of the paragraph: `9月前，均已完成` goes on past the clause's comma.
    if not _MET_AFTER.match(text[end:]):
        return False
    lo, hi = zh.clause_around(text, start)
    clause = text[lo:hi]
    return not (_FUTURE.search(clause) or _DUTY.search(clause))


def _role(
    text: str,
    start: int,
    end: int,
    kinds: frozenset[str],
    heading: bool,
    quoted: list[tuple[int, int]],
) -> str:
    if zh.inside(quoted, start, end):
        return "citation"
    if heading:
        rest = _HEADING_FILL.sub("", text[:start] + text[end:])
        if len(rest) <= 6:
            return "heading"
    lo, hi = zh.clause_around(text, start)
    before = text[lo:start]
    after = text[end:hi]
    if _CITATION_BEFORE.search(before) or _CITATION_AFTER.match(after):
        return "citation"
    if _AS_OF_BEFORE.search(before):
        return "as-of"
    if met_deadline(text, start, end):
        return "work-done"
    if _DEADLINE_AFTER.match(after) or (
        _DEADLINE_BEFORE.search(before) and _FUTURE.search(text[lo:hi])
    ):
        return "deadline"
    if _NEXT_STEPS in kinds or _FUTURE.search(before):
        return "plan"
    if _SIGNING in kinds:
        return "signing"
    if kinds & {_WORK_DONE, _PREAMBLE, _PROBLEMS} or _PAST.search(text[lo:hi]):
        return "work-done"
    return "other"


_URL = lazy_re(r"(?:https?://|ftp://|www\.)[^\s，。；、）)】\]]+", re.I)


def _year_expr(y: zh.YearMention) -> DateExpr:
    part = DatePart(y.year, None, None, "year", y.start, y.end)
    return DateExpr(y.start, y.end, "year", part)


def build_timeline(
    doc: Document,
    period: Period | None,
    note: str,
    *,
    parts: Sequence[frozenset[str]],
    heading_levels: dict[int, int],
    title: int | None,
    profile: str = "",
) -> Timeline:
    """The timeline of ``doc``: ``period`` as the analysis refined it, and every dated
    mention with its role. ``heading_levels`` maps heading paragraphs to their level."""
    paragraphs = doc.paragraphs
    year = period.year if period is not None else None
    body_start = _first_prose(paragraphs)
    mentions: list[Mention] = []
    entries: list[tuple[int, Mention]] = []
    for index, p in enumerate(paragraphs):
        text = _URL.sub(lambda m: " " * len(m.group(0)), p.text)  # dates in links are not dates
        if not text.strip():
            continue
        kinds = parts[index] if index < len(parts) else frozenset()
        heading = index in heading_levels or index == title or p.kind == "heading"
        level = heading_levels.get(index, p.level or 1)
        # Titles of documents, and quoted words: somebody's saying or a name, not a date
        # the report gives to its own work.
        quoted = [
            *zh.bracket_spans(text),
            *zh.bracket_spans(text, "“", "”"),
            *zh.bracket_spans(text, "「", "」"),
        ]
        exprs = list(find_date_exprs(text, loose=heading))
        if heading:
            exprs.extend(e for e in find_named_periods(text) if e.kind in ("week", "sprint"))
        taken = [(e.start, e.end) for e in exprs]
        for y in zh.find_years(text):
            if not any(s <= y.start < e for s, e in taken):
                exprs.append(_year_expr(y))
        exprs.sort(key=lambda e: e.start)
        for e in exprs:
            if index < body_start and index != title and not heading:
                role = "metadata"
            elif index == title:
                role = "title"
            else:
                role = _role(text, e.start, e.end, kinds, heading, quoted)
            r = _nearest(e, period) if e.kind not in ("week", "sprint") or e.year or year else None
            m = Mention(
                index, e, role, r[0] if r else None, r[1] if r else None, text[e.start : e.end]
            )
            mentions.append(m)
            if role == "heading" and index != title:
                entries.append((level, m))
    title_text = paragraphs[title].text if title is not None else ""
    weekly = (
        "weekly" in profile
        or bool(_WEEKLY_WORDS.search(title_text) or _WEEKLY_WORDS.search(PurePath(doc.path).name))
        or bool(period is not None and period.weekly)
    ) and not BIWEEKLY_WORDS.search(title_text + " " + PurePath(doc.path).name)
    return Timeline(period, note, tuple(mentions), tuple(entries), weekly)


def _nearest(expr: DateExpr, period: Period | None) -> tuple[dt.date, dt.date] | None:
    """The days ``expr`` covers; a date without a year takes the year that puts it
    nearest the period (``1月3日`` in the plan of a report on the last week of December
    is next January)."""
    if period is None or expr.year_written or expr.begin is None:
        return _resolve(expr, period.year if period else None)
    start, end = period.start(), period.end()
    best: tuple[int, tuple[dt.date, dt.date]] | None = None
    for year in (start.year, end.year, end.year + 1, start.year - 1):
        r = _resolve(expr, year)
        if r is None:
            continue
        distance = (
            0
            if r[1] >= start and r[0] <= end
            else min(abs((r[0] - end).days), abs((start - r[1]).days))
        )
        if best is None or distance < best[0]:
            best = (distance, r)
    return best[1] if best else None


def _first_prose(paragraphs: Sequence[Paragraph]) -> int:
    """Index of the first paragraph of running text (after banners and page metadata)."""
    for index, p in enumerate(paragraphs[:40]):
        text = p.text.strip()
        if len(text) >= 40 and re.search(r"[。；！？.!?]", text):
            return index
    return 0


def with_year(mention: Mention, year: int) -> tuple[dt.date, dt.date] | None:
    """The days ``mention`` covers if its missing year is ``year``."""
    return _resolve(mention.expr, year)
