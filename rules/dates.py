"""Dates and years (family D): years that do not fit the report period, signing dates,
invalid and badly written dates, and events that date a text.

The report period comes from the shared analysis (title, first sentence, file name,
signing date or config ``period``); rules that compare against it stay silent when
it is unknown. Text inside 《》 (titles of documents) is never judged by the year
rules: a 2021 report may well cite 《2022年工作要点》.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from replint.plugin import (
    NEXT_STEPS,
    PREAMBLE,
    WORK_DONE,
    Analysis,
    Document,
    Finding,
    Paragraph,
    Period,
    Rule,
    Severity,
    lazy_re,
    met_deadline,
    with_year,
    zh,
)

from . import load_data

# Words that put a later year in the future tense (a plan or a deadline, not a result).
_FUTURE_ZH = lazy_re(
    r"将|计划|拟|预计|力争|争取|确保|目标|规划|展望|预期|定于|到|至|明年|下一步|今后|要|需|待|"
    r"前|之前|为期|启动|部署|谋划|期限|截止|离|距"
)
_FUTURE_AFTER_ZH = lazy_re(
    r"^\s*(?:[0-9]{1,2}\s*月)?\s*(?:底|末|年底|年末)?\s*(?:前|以前|之前|起|以后|之后|开始)"
)


def _deadline_after(text: str, start: int, end: int) -> bool:
    """A deadline or start word follows the date (`6月底前`, `起`), and the clause does not
    say the deadline is met (the timeline's test, :func:`met_deadline`)."""
    return bool(_FUTURE_AFTER_ZH.match(text[end:])) and not met_deadline(text, start, end)


_FUTURE_EN = lazy_re(
    r"\b(will|plan|plans|planned|planning|by|until|target|targets|expected|expect|due|"
    r"next|before|scheduled|aim|goal|goals|through|till)\b",
    re.I,
)
_PLAN_NOUN_ZH = lazy_re(
    r"^[^，。；]{0,8}?(规划|计划|目标|任务|预算|要点|实施方案|行动方案|工作方案)"
)
_AS_OF_ZH = lazy_re(r"截至|截止|到目前|至今")
_EN_DATED_YEAR = lazy_re(
    r"\b(?:in|on|during|since)\s+(?:(?:early|late|mid)[- ]?|(?:Q[1-4]|H[12])\s*(?:of\s+)?)?"
    r"((?:19|20)[0-9]{2})\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:[0-9]{1,2},?\s+)?((?:19|20)[0-9]{2})\b"
)


def _english_dated_years(text: str) -> list[zh.YearMention]:
    """Years an English sentence uses as a date (``in March 2026``, ``on 2026-03-01``,
    ``in Q1 2026``);
    a bare year (``the 2025 roadmap``) names a thing, not when something happened."""
    found = {}
    for m in _EN_DATED_YEAR.finditer(text):
        group = 1 if m.group(1) else 2
        found[m.start(group)] = zh.YearMention(m.start(group), m.end(group), int(m.group(group)))
    for d in zh.dates_in(text):
        if d.style == "iso" and d.year is not None:
            found.setdefault(d.start, zh.YearMention(d.start, d.start + 4, d.year))
    return [found[k] for k in sorted(found)]


_COMPARISON = lazy_re(r"(比|较|同比|与|和|跟|相比|对比)\s*$")


def _titles(text: str) -> list[tuple[int, int]]:
    return zh.bracket_spans(text, "《", "》")


def _period_phrase(a: Analysis) -> str:
    p = a.period
    assert p is not None
    return f"{p.label(a.language == 'en')}, from the {p.source}"


def _past_paragraphs(doc: Document, a: Analysis) -> Iterator[tuple[int, Paragraph]]:
    """Paragraphs that report what was done: the work-done part and the opening (and a
    part that is both, "总结及下半年工作思路", where the sentence itself says 已/完成)."""
    for i, p in enumerate(doc.paragraphs):
        kinds = a.kinds_at(i)
        plain = (WORK_DONE in kinds or PREAMBLE in kinds) and NEXT_STEPS not in kinds
        both = WORK_DONE in kinds and NEXT_STEPS in kinds
        if plain or (both and _PAST_ZH.search(p.text)):
            yield i, p


_PAST_ZH = lazy_re(r"已[^，。；]{0,6}完成|已经|全部完成")
_MONTH_AFTER_ZH = lazy_re(r"\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})\s*月")
_DONE_ZH = lazy_re(
    r"已|了|完成|召开|举办|开展|组织|印发|出台|荣获|获评|获得|建成|实现|达到|累计|共计|"
    r"先后|成功|圆满|顺利"
)


class YearAfterPeriod(Rule):
    """The work-done part names a year after the report period.

    ## What it does
    Reports years after the report period in the part on work done.

    Looks at the years in the part of the report that tells what was done (and in its
    opening) and reports those later than the report's period, e.g. a 2021 report saying
    `2023年3月已全部完成`. Years in a plan or deadline (`将于2023年`, `力争2023年底前`,
    `2021—2025年`), in the next-steps part, and in titles of documents (`《2023年工作要点》`)
    are left alone; a report signed after its period may name the signing year.

    For a period shorter than a year (a week, a month, a range of days in the title
    such as `周报（2024年6月3日—6月7日）`), dates of work done after its last day are
    reported too (`接口文档已于6月20日完成`); when three or more are, the rule reports
    the period in the title once instead, since the title is then the likelier slip.

    ## Why is this bad?
    A result dated after the period is either a typo or a sentence copied from a later
    report; either way the report states something untrue for its year.

    ## Example
        2021年落实意识形态工作责任制情况报告
        ……该项目已于2023年3月全部完成。

    ## Use instead
        ……该项目已于2021年3月全部完成。

    The period is taken from the title, the first sentence, the file name or the signing
    date (`replint --verbose` shows which); set `period` in config when it is wrong.
    """

    code = "D101"
    name = "year-after-period"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        if a.period is None or a.period.confidence == "low":
            return
        bound = a.period.end().year
        signed = a.signing.value if a.signing else None
        if signed is not None and signed.year > bound:
            bound = signed.year
        english = a.language == "en"
        reported: set[tuple[int, int]] = set()
        # Titles, quotations and other citations, as the timeline sees them.
        cited = (
            {(m.paragraph, m.start) for m in a.timeline.mentions if m.role == "citation"}
            if a.timeline
            else set()
        )
        for _i, p in _past_paragraphs(doc, a):
            text = p.text
            quoted = _titles(text)
            years = _english_dated_years(text) if english else zh.find_years(text)
            for y in years:
                if y.year <= bound or y.in_range or zh.inside(quoted, y.start, y.end):
                    continue
                if (_i, y.start) in cited:
                    continue
                lo, hi = zh.clause_around(text, y.start)
                before = text[lo : y.start]
                if english:
                    if _FUTURE_EN.search(before):
                        continue
                elif (
                    _FUTURE_ZH.search(before)
                    or _deadline_after(text, y.start, y.end)
                    # "编制2025年发展规划", "2024年度预算": the year names a plan's target.
                    or _PLAN_NOUN_ZH.search(text[y.end : hi])
                    # "截至2023年3月" in a report written early in the next year.
                    or (y.year == bound + 1 and _AS_OF_ZH.search(before))
                    # "二期2024年开工建设", "对标2030年碳达峰要求": a bare year with no word
                    # of a deed is a schedule or a target (Chinese leaves out 将).
                    or (not _MONTH_AFTER_ZH.match(text, y.end) and not _DONE_ZH.search(text[lo:hi]))
                ):
                    continue
                # English puts the year last ("in Q1 2026"): quote the words before it.
                snippet = (
                    " ".join(text[lo : y.end].split()[-3:])
                    if english
                    else text[y.start : min(hi, y.start + 14)]
                )
                reported.add((_i, y.start))
                yield self.finding(
                    doc,
                    p,
                    y.start,
                    y.end,
                    f"“{snippet}” in the part on work done names {y.year}, after the period "
                    f"of this report ({_period_phrase(a)}): correct the year (copied from "
                    "another report?), or set `period` in config if the period is wrong",
                )
        yield from self._dates(doc, a, reported)

    def _dates(
        self, doc: Document, a: Analysis, reported: set[tuple[int, int]]
    ) -> Iterator[Finding]:
        """Dates of work done after the period's last day (a week, a month, a range)."""
        tl, period = a.timeline, a.period
        if tl is None or period is None or period.confidence == "low":
            return
        last = period.end()
        signed = a.signing.value if a.signing else None
        if signed is not None and last < signed <= last + dt.timedelta(days=45):
            last = signed
        if period.annual:
            return  # years are judged above; a date in the next January may be an as-of
        roles = {"work-done"} if a.has(NEXT_STEPS) else {"work-done", "other"}
        late = [
            m for m in tl.mentions
            if m.role in roles and m.first is not None and m.first > last
            and m.expr.precision == "day" and (m.paragraph, m.start) not in reported
            and not _deadline_after(doc.paragraphs[m.paragraph].text, m.start, m.end)
        ]  # fmt: skip
        if not late:
            return
        if len(late) >= 3 and period.source == "title" and period.paragraph is not None:
            p = doc.paragraphs[period.paragraph]
            start, end = period.span or (0, len(p.text))
            shown = "、".join(f"“{m.text}”" for m in late[:3])
            yield self.finding(
                doc, p, start, end,
                f"{len(late)} dates of work done fall after the period in the title "
                f"({_period_phrase(a)}, to {period.end().isoformat()}), e.g. {shown}: "
                "the period in the title is wrong, or these entries belong to another report",
            )  # fmt: skip
            return
        for m in late:
            p = doc.paragraphs[m.paragraph]
            yield self.finding(
                doc, p, m.start, m.end,
                f"“{m.text}” is work done after the end of the period of this report "
                f"({_period_phrase(a)}, to {period.end().isoformat()}): correct the date, "
                "or set `period` in config if the period is wrong",
            )  # fmt: skip


class PlanYear(Rule):
    """The plan names the wrong year, or the title and the body disagree on the year.

    ## What it does
    Reports a plan for the wrong year, and a title and body that name different years.

    In an annual report, the next-steps part should plan for the year after the report
    period: a 2021 report plans for 2022. The rule reports a plan heading or opening
    sentence that names another year (`2020年工作计划` in a 2021 report). It also reports
    a title and a first sentence that name different years (`2023年乡镇年度工作总结` over
    `2022年以来，…`), and a period set in config that the title contradicts.

    ## Why is this bad?
    The year in a heading or in the first sentence is the part of a reused report most
    often left un-updated; readers take it at its word.

    ## Example
        2021年，我局……
        三、2020年工作计划

    ## Use instead
        2021年，我局……
        三、2022年工作计划

    Comparisons (`比2020年增长`) and reports for part of a year (half-year, quarter,
    week) are not judged for the plan year.
    """

    code = "D102"
    name = "plan-year"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        period = a.period
        if period is None or period.confidence == "low":
            return
        title_findings = list(self._title_vs_body(doc, a, period))
        yield from title_findings
        if not title_findings:
            yield from self._work_headings(doc, a, period)
        if period.annual:
            yield from self._plan(doc, a, period)
        yield from self._plan_dates(doc, a, period)

    def _work_headings(self, doc: Document, a: Analysis, period: Period) -> Iterator[Finding]:
        """``2021年…总结`` whose body says ``一、2020年度主要工作``."""
        if period.source != "title" or not period.annual or a.title is None:
            return
        for h in a.top_headings:
            if WORK_DONE not in h.kinds or NEXT_STEPS in h.kinds:
                continue
            text = doc.paragraphs[h.paragraph].text
            head = text[: h.end]
            years = [y for y in zh.find_years(head) if not y.in_range]
            if len(years) != 1 or zh.inside(_titles(head), years[0].start, years[0].end):
                continue
            y = years[0]
            if period.year <= y.year <= period.end_year or _COMPARISON.search(head[: y.start]):
                continue
            if re.match(r"\s*(?:以来|来|以前|相比)", head[y.end :]):
                continue
            yield self.finding(
                doc, doc.paragraphs[h.paragraph], y.start, y.end,
                f"the heading of the part on work done names {y.year}年, but the title says "
                f"“{period.evidence}”: correct the year of the heading or of the title",
            )  # fmt: skip

    def _plan_dates(self, doc: Document, a: Analysis, period: Period) -> Iterator[Finding]:
        """A plan or deadline dated before the period starts (``下周计划：5月28日前完成``
        in the report of the week of 3 June)."""
        tl = a.timeline
        if tl is None or period.annual or period.confidence == "low":
            return
        start = period.start()
        for m in tl.mentions:
            if m.role not in ("plan", "deadline") or m.last is None or m.expr.precision == "year":
                continue
            if NEXT_STEPS not in a.kinds_at(m.paragraph) or m.last >= start:
                continue
            yield self.finding(
                doc, doc.paragraphs[m.paragraph], m.start, m.end,
                f"the plan names “{m.text}”, before this report's period "
                f"({_period_phrase(a)}) begins: a plan is for after the period; correct the "
                "date (copied from an older report?)",
            )  # fmt: skip

    def _body_years(self, doc: Document, a: Analysis, period: Period) -> Iterator[Finding]:
        """The title names one year, and everything the body dates is another year."""
        tl = a.timeline
        if tl is None or period.paragraph is None or period.span is None:
            return
        title = doc.paragraphs[period.paragraph].text
        rest = title[period.span[1] : period.span[1] + 6]
        whole = title[period.span[1] : period.span[1] + 12].strip()
        counts: dict[int, list[Any]] = {}
        repeats = []
        for m in tl.mentions:
            if m.paragraph != period.paragraph and m.expr.kind == "year" and len(whole) >= 4:
                text = doc.paragraphs[m.paragraph].text
                at_start = not text[: m.start].strip(" \u3000#")
                if (
                    at_start
                    and text[m.end : m.end + len(whole)] == whole
                    and m.first is not None
                    and not (period.year <= m.first.year <= period.end_year)
                ):
                    repeats.append(m)
        for m in repeats[:1]:
            yield self.finding(
                doc, doc.paragraphs[m.paragraph], m.start, m.end,
                f"the title is repeated here with “{m.text}”, but the title says "
                f"“{period.evidence}”: make the two agree",
            )  # fmt: skip
        for m in tl.mentions:
            if m.paragraph == period.paragraph or m.role not in (
                "work-done",
                "heading",
                "other",
                "as-of",
                "metadata",
                "plan",
            ):
                continue
            text = doc.paragraphs[m.paragraph].text
            if len(rest) >= 4 and text[m.end : m.end + len(rest)] == rest:
                continue  # the title repeated in the body
            if re.match(r"\s*[-—–~～至到]\s*(?:19|20)[0-9]{2}", text[m.end :]) or re.search(
                r"(?:19|20)[0-9]{2}\s*年?\s*[-—–~～至到]\s*$", text[: m.start]
            ):
                continue  # one end of a range of years
            if m.first is None or m.expr.kind == "range":
                continue
            if m.role == "plan" and m.first.year > period.end_year:
                continue  # plans look ahead: they say nothing about the year summed up
            counts.setdefault(m.first.year, []).append(m)
        total = sum(len(v) for v in counts.values())
        opening = total == 1 and all(
            PREAMBLE in a.kinds_at(m.paragraph) and m.role == "work-done"
            for v in counts.values() for m in v
        )  # fmt: skip
        if (total < 2 and not opening) or any(period.year <= y <= period.end_year for y in counts):
            return
        year, found = max(counts.items(), key=lambda kv: len(kv[1]))
        if len(found) < 0.6 * total or year == period.end_year + 1:
            return  # a body that only plans the next year says nothing against the title
        first = found[0]
        line = doc.paragraphs[first.paragraph].line
        yield self.finding(
            doc, doc.paragraphs[period.paragraph], period.span[0], period.span[1],
            f"the title says “{period.evidence}”, but the body dates its work in {year} "
            f"({len(found)} of {total} dates, e.g. line {line} “{first.text}”) and never in "
            f"{period.year}: correct the year of the title (copied from another year's report?)",
        )  # fmt: skip

    def _title_vs_body(self, doc: Document, a: Analysis, period: Period) -> Iterator[Finding]:
        pairs: list[tuple[Period, Period]] = []
        if period.source == "title":
            body = list(self._body_years(doc, a, period))
            if body:
                yield from body
                return
        if period.source == "title" and a.opening_period:
            pairs.append((period, a.opening_period))
        if period.source == "config":
            if a.title_period:
                pairs.append((period, a.title_period))
            if a.opening_period:
                pairs.append((period, a.opening_period))
        for reference, other in pairs:
            if other.paragraph is None or other.span is None:
                continue
            if reference.year <= other.year <= reference.end_year:
                continue
            p = doc.paragraphs[other.paragraph]
            where = "the title" if reference.source == "title" else "the period set in config"
            said = f"“{reference.evidence}”" if reference.source == "title" else reference.label()
            yield self.finding(
                doc,
                p,
                other.span[0],
                other.span[1],
                f"{where} says {said}, but the {other.source} says “{other.evidence}”: "
                "one of them was not updated; make them agree",
            )

    def _plan(self, doc: Document, a: Analysis, period: Period) -> Iterator[Finding]:
        expected = period.end_year + 1
        for section in a.sections_of(NEXT_STEPS):
            candidates: list[tuple[int, zh.YearMention]] = []
            if section.heading is not None:
                h = a.headings[section.heading]
                text = doc.paragraphs[h.paragraph].text
                for y in zh.find_years(text[h.text_span[0] : h.text_span[1]]):
                    shifted = zh.YearMention(
                        y.start + h.text_span[0], y.end + h.text_span[0], y.year,
                        y.chinese, y.in_range, y.range_start,
                    )  # fmt: skip
                    candidates.append((h.paragraph, shifted))
                body_from = h.paragraph + (0 if h.run_in else 1)
                body_start = h.end if h.run_in else 0
            else:
                body_from, body_start = section.first, 0
            if body_from <= section.last and body_from < len(doc.paragraphs):
                p = doc.paragraphs[body_from]
                s_end = next(
                    (e for s, e in zh.split_sentences(p.text) if e > body_start), len(p.text)
                )
                for y in zh.find_years(p.text[body_start:s_end]):
                    if y.start > 12:
                        break
                    start = y.start + body_start
                    candidates.append(
                        (body_from, zh.YearMention(start, start + (y.end - y.start), y.year,
                                                   y.chinese, y.in_range, y.range_start))
                    )  # fmt: skip
                    break
            for index, y in candidates:
                text = doc.paragraphs[index].text
                if y.year == expected or (y.in_range and not y.range_start):
                    continue
                if zh.inside(_titles(text), y.start, y.end) or _COMPARISON.search(text[: y.start]):
                    continue
                yield self.finding(
                    doc,
                    doc.paragraphs[index],
                    y.start,
                    y.end,
                    f"the plan names {y.year}年, but this report covers {_period_phrase(a)}: "
                    f"its plan should be for {expected}年; correct the year (copied from "
                    "an earlier report?)",
                )


def _signed_before_work(doc: Document, a: Analysis) -> tuple[dt.date, Any] | None:
    """The signing date and the latest dated piece of work done more than a week after it."""
    tl = a.timeline
    signed = a.signing.value if a.signing else None
    if tl is None or signed is None:
        return None
    later = [
        m
        for m in tl.mentions
        if m.role == "work-done"
        and m.expr.precision == "day"
        and m.first is not None
        and (m.first - signed).days > 7
    ]
    if not later:
        return None
    return signed, max(later, key=lambda m: m.first or signed)


_GRACE_KEYS = ("year", "half", "quarter", "month", "week", "range", "term", "school-year")
# A document about what is to be done (a plan, 要点, 实施方案) is signed before or early in
# its period; one that also sums up (总结及计划) is judged by the part it sums up.
_AHEAD_TITLE = lazy_re(
    r"计划|规划|要点|方案|安排|打算|思路|谋划|\b(?:plans?|roadmap|proposal|objectives|OKRs?)\b",
    re.I,
)
_LOOKING_BACK_TITLE = lazy_re(
    r"总结|小结|汇报|报告|述职|回顾|自查|情况|周报|月报|\b(?:report|review|summary|retro\w*|recap|update)\b",
    re.I,
)


def _looks_ahead(doc: Document, a: Analysis) -> bool:
    """Whether the title names a plan rather than a report of work done."""
    p = a.period
    index = p.paragraph if p is not None and p.source == "title" else a.title
    if index is None:
        # A title the analysis did not take as one (“…实施方案”): the first short line.
        index = next((i for i, q in enumerate(doc.paragraphs) if q.text.strip()), None)
        if (
            index is None
            or len(doc.paragraphs[index].text) > 40
            or "。" in doc.paragraphs[index].text
        ):
            return False
    title = doc.paragraphs[index].text
    return bool(_AHEAD_TITLE.search(title)) and not _LOOKING_BACK_TITLE.search(title)


class SigningBeforePeriodEnd(Rule):
    """The report is signed before its period is over.

    ## What it does
    Reports a signing date (成文日期) well before the report period ends.

    Compares the signing date (成文日期, the date on the last line) with the end of the
    report period taken from the title, first sentence, file name or config. A report
    may be written shortly before its period ends (annual reports in November and
    December), so the rule allows `grace_days` per kind of period; it reports a signing
    date earlier than that, e.g. a `2021年工作总结` signed `2021年3月5日`. A weekly report
    titled with its days (`周报（2024年6月3日—6月7日）`) may be signed on its last day. A
    plan (`2024年工作计划`, `工作要点`, `实施方案`, `Q3 roadmap`) is signed before its period:
    it is reported only when signed more than `plan_lead_days` before the period starts. A
    school year and its terms (`2022学年第二学期`) run to the end of the holidays that
    close them (31 August, 31 January), so their reports are signed weeks earlier:
    `term` and `school-year` allow for that.
    When the period is not known for sure, it reports a signing date more than a week
    before a dated piece of work the report tells of as done.

    ## Why is this bad?
    A report cannot cover what has not happened yet: either the date was copied from an
    older report or the period is wrong.

    ## Example
        2021年工作总结
        ……
        2021年3月5日

    ## Use instead
        2021年工作总结
        ……
        2022年1月5日
    """

    code = "D103"
    name = "signing-date-before-period-end"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {
        "grace_days": {
            "year": 61, "half": 31, "quarter": 31, "month": 10, "week": 6, "range": 6,
            "term": 75, "school-year": 75,
        },
        "plan_lead_days": 183,
    }  # fmt: skip

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        period = a.period
        if a.signing is None:
            return
        if period is None or period.source == "signing date" or period.confidence == "low":
            yield from self._before_work(doc, a)
            return
        signed = a.signing.value
        if signed is None:
            return
        if _looks_ahead(doc, a):
            yield from self._plan(doc, a, signed, int(options["plan_lead_days"]))
            return
        grace = dict(self.options["grace_days"])
        grace.update(options.get("grace_days") or {})
        kind = period.grain
        limit = period.end() - dt.timedelta(days=int(grace.get(kind, 0)))
        if signed >= limit:
            return
        p = doc.paragraphs[a.signing.paragraph]
        d = a.signing.date
        yield self.finding(
            doc,
            p,
            d.start,
            d.end,
            f"the report is signed on “{p.text[d.start : d.end]}”, before its period "
            f"{period.label(a.language == 'en')} (from the {period.source}) ends on {period.end().isoformat()}: "
            "correct the signing date or the period",
        )

    def _plan(self, doc: Document, a: Analysis, signed: dt.date, lead: int) -> Iterator[Finding]:
        """A plan signed long before its period starts."""
        period, signing = a.period, a.signing
        assert period is not None and signing is not None
        early = (period.start() - signed).days
        if early <= lead:
            return
        p = doc.paragraphs[signing.paragraph]
        d = signing.date
        yield self.finding(
            doc, p, d.start, d.end,
            f"the plan is signed on “{p.text[d.start : d.end]}”, {early} days before its period "
            f"{period.label(a.language == 'en')} (from the {period.source}) starts on "
            f"{period.start().isoformat()}: correct the signing date or the period",
        )  # fmt: skip

    def _before_work(self, doc: Document, a: Analysis) -> Iterator[Finding]:
        """With no trusted period: a signing date before the work the report tells of."""
        found = _signed_before_work(doc, a)
        if found is None or a.signing is None:
            return
        _signed, m = found
        p = doc.paragraphs[a.signing.paragraph]
        d = a.signing.date
        yield self.finding(
            doc, p, d.start, d.end,
            f"the report is signed on “{p.text[d.start : d.end]}”, before the work it reports "
            f"(line {doc.paragraphs[m.paragraph].line}: “{m.text}”): correct the signing date",
        )  # fmt: skip


class InvalidDate(Rule):
    """A date that does not exist.

    ## What it does
    Reports dates that do not exist (`2022年2月30日`, `13月`).

    Reports dates with a month outside 1–12 or a day the month does not have:
    `2022年2月30日`, `2023年2月29日` (not a leap year), `2022年13月`, `4月31日`,
    `2022-02-30`, `二〇二二年二月三十日`.

    ## Why is this bad?
    An impossible date is a typo that hides the real one; dates in reports are checked
    against records.

    ## Example
        于2022年2月30日召开专题会议。

    ## Use instead
        于2022年2月28日召开专题会议。
    """

    code = "D104"
    name = "invalid-date"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for p in doc.paragraphs:
            for d in zh.dates_in(p.text):
                if d.valid():
                    continue
                raw = p.text[d.start : d.end]
                if not 1 <= d.month <= 12:
                    why = f"there is no month {d.month}"
                elif d.day is not None and d.day < 1:
                    why = "there is no day 0"
                else:
                    days = zh.days_in_month(d.year, d.month)
                    year = f"{d.year}年" if d.year else ""
                    why = f"{year}{d.month}月 has {days} days"
                yield self.finding(
                    doc, p, d.start, d.end, f"“{raw}” is not a real date: {why}; correct it"
                )


class ZeroPaddedDate(Rule):
    """Month or day written with a leading zero in a Chinese date.

    ## What it does
    Reports a month or day padded with a zero in a Chinese date (`2022年05月17日`).

    Reports `2022年05月17日` and `05月07日`: in the 年月日 form the month and day are
    written without a leading zero (GB/T 9704-2012 7.3.5.4: 月、日不编虚位). The fix
    drops the zeros. With `only_signing_date: true` only the 成文日期 is checked.

    ## Why is this bad?
    The padded form is a spreadsheet habit; in a formal document it is a format error
    reviewers mark every time.

    ## Example
        2022年05月17日

    ## Use instead
        2022年5月17日
    """

    code = "D105"
    name = "zero-padded-date"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {"only_signing_date": False}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        for i, p in enumerate(doc.paragraphs):
            if options["only_signing_date"] and (a.signing is None or a.signing.paragraph != i):
                continue
            quoted = _titles(p.text)
            for d in zh.dates_in(p.text):
                if d.style not in ("cn", "md") or zh.inside(quoted, d.start, d.end):
                    continue
                spans = [
                    s
                    for s in (d.month_span, d.day_span)
                    if s and p.text[s[0] : s[1]].startswith("0") and s[1] - s[0] == 2
                ]
                if not spans:
                    continue
                raw = p.text[d.start : d.end]
                fixed = raw
                for s, _e in sorted(spans, reverse=True):
                    fixed = fixed[: s - d.start] + fixed[s - d.start + 1 :]
                yield self.finding(
                    doc,
                    p,
                    d.start,
                    d.end,
                    f"“{raw}” pads the month or day with a zero; write “{fixed}” "
                    "(GB/T 9704: 月、日不编虚位)",
                    replacement=fixed,
                )


class WeekdayMismatch(Rule):
    """A weekday that does not match its date.

    ## What it does
    Reports a weekday that does not match the date beside it.

    Reports a weekday written next to a date that falls on another day:
    `2024年5月17日（星期三）` (17 May 2024 was a Friday), `2024-05-17 (Wed)`,
    `Wednesday, May 17, 2024`.

    ## Why is this bad?
    One of the two is wrong, and a reader cannot tell which: meetings are missed and
    records disagree.

    ## Example
        定于2024年5月17日（星期三）召开

    ## Use instead
        定于2024年5月17日（星期五）召开
    """

    code = "D106"
    name = "weekday-mismatch"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for p in doc.paragraphs:
            text = p.text
            for d in zh.dates_in(text):
                day = d.as_date()
                if day is None:
                    continue
                m = _WEEKDAY_GAP.match(text, d.end)
                at = m.end() if m else d.end
                w = zh.WEEKDAY_RE.match(text, at)
                if w is None and d.style == "en":
                    # "Wednesday, May 17, 2024": the weekday comes first.
                    prefix = text[max(0, d.start - 12) : d.start]
                    pm = re.search(r"([A-Za-z]+)\.?,?\s*$", prefix)
                    if pm:
                        w = zh.WEEKDAY_RE.fullmatch(pm.group(1))
                        if w is not None:
                            offset = max(0, d.start - 12) + pm.start(1)
                            yield from self._compare(doc, p, d, day, w, offset)
                    continue
                if w is not None:
                    yield from self._compare(doc, p, d, day, w, 0)
        yield from self._without_year(doc)

    def _without_year(self, doc: Document) -> Iterator[Finding]:
        """``4月9日（星期五）``, ``Tuesday, April 9``: the year is the period's."""
        a = doc.analysis
        tl, period = a.timeline, a.period
        if tl is None or period is None or period.confidence == "low":
            return
        lo = period.start() - dt.timedelta(days=62)
        hi = period.end() + dt.timedelta(days=92)
        for m in tl.mentions:
            e = m.expr
            if e.weekday is None or e.weekday_span is None or e.begin is None:
                continue
            # "23/10/16（周一）": a two-digit year is written, but not as a year the
            # check above reads.
            two_digit = e.begin.year is not None and e.begin.style == "two-digit"
            if e.begin.year is not None and not two_digit:
                continue
            day = m.first if two_digit and e.kind == "date" else None
            years = {period.start().year, period.end().year, period.end().year + 1}
            for year in sorted(years) if not two_digit else ():
                got = with_year(m, year)
                if got is not None and lo <= got[0] <= hi:
                    day = got[0]
                    break
            if day is None or day.weekday() == e.weekday:
                continue
            p = doc.paragraphs[m.paragraph]
            start, end = e.weekday_span
            name = zh.WEEKDAY_NAMES_EN[day.weekday()]
            if zh.has_cjk(p.text[start:end]):
                name += f" ({zh.WEEKDAY_NAMES_CN[day.weekday()]})"
            when = "" if two_digit else (
                f" in {day.year} (the year of this report, {_period_phrase(a)})"
            )  # fmt: skip
            yield self.finding(
                doc, p, start, end,
                f"“{m.text}”{when} was a {name}, not “{p.text[start:end]}”: correct the date "
                "or the weekday",
            )  # fmt: skip

    def _compare(
        self,
        doc: Document,
        p: Paragraph,
        d: zh.DateMention,
        day: dt.date,
        w: re.Match[str],
        offset: int,
    ) -> Iterator[Finding]:
        written = zh.weekday_number(w)
        actual = day.weekday()
        if written == actual:
            return
        start, end = offset + w.start(), offset + w.end()
        raw_date = p.text[d.start : d.end]
        day = zh.WEEKDAY_NAMES_EN[actual]
        if not w.group("en"):
            day += f" ({zh.WEEKDAY_NAMES_CN[actual]})"  # the form to write, for a Chinese text
        yield self.finding(
            doc,
            p,
            start,
            end,
            f"“{raw_date}” was a {day}, not “{p.text[start:end]}”: correct the date or the weekday",
        )


# Candidates first (a two-digit number before 年), then the context decides: a date or
# period follows (21年5月, 22年度, 23年上半年), or the year opens a sentence (21年，).
_WEEKDAY_GAP = lazy_re(r"\s*[（(]?\s*")
_TWO_DIGIT = lazy_re(r"(?<![0-9０-９.\-/〔\[(（【])([0-9]{2})\s*年")
_TWO_DIGIT_DATE = lazy_re(r"\s*(?:[0-9]{1,2}\s*月|度|上半年|下半年|第?[一二三四1-4]\s*季度)")
_DOC_NUMBER_YEAR = lazy_re(r"〔([0-9]{2})〕")


class TwoDigitYear(Rule):
    """A year written with two digits.

    ## What it does
    Reports years written with two digits (`21年5月`, `〔21〕`).

    Reports years cut to two digits where a date or period is meant: `21年5月`,
    `22年度`, `23年上半年`, a sentence opening `21年，`, and `〔21〕` in a document
    number. Durations (`工作20年`, `近30年来`) are left alone.

    ## Why is this bad?
    GB/T 15835-2011 5.1.4 says a four-digit year is not shortened to two, and GB/T
    9704-2012 7.2.5 writes the year of a document number in full (`〔2021〕`);
    two digits are ambiguous and informal.

    ## Example
        21年5月，我局召开……

    ## Use instead
        2021年5月，我局召开……
    """

    code = "D107"
    name = "two-digit-year"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for p in doc.paragraphs:
            if "年" not in p.text and "〔" not in p.text:
                continue
            text = p.text
            spans = []
            for m in _TWO_DIGIT.finditer(text):
                after = text[m.end() : m.end() + 8]
                before = text[: m.start()].rstrip(" \u3000")
                opens_sentence = not before or before[-1] in "。！？；\n"
                if _TWO_DIGIT_DATE.match(after) or (after[:1] in ("，", ",") and opens_sentence):
                    spans.append((m.start(1), m.end(1), text[m.start(1) : m.end()]))
            for m in _DOC_NUMBER_YEAR.finditer(text):
                spans.append((m.start(1), m.end(1), m.group(0)))
            quoted = _titles(text)
            for start, end, shown in sorted(spans):
                if zh.inside(quoted, start, end):
                    continue
                yy = text[start:end]
                full = f"20{yy}" if int(yy) <= 69 else f"19{yy}"
                yield self.finding(
                    doc,
                    p,
                    start,
                    end,
                    f"“{shown}” writes the year with two digits: write it in full (e.g. “{full}”)",
                )


class MixedDateFormats(Rule):
    """One report writes full dates in several formats.

    ## What it does
    Reports dates written in a different format from the report's other dates.

    Collects the full dates of a report (`2022年5月17日`, `2022-05-17`, `2022.5.17`,
    `2022/5/17`, `二〇二二年五月十七日`, `May 17, 2022`) and, when more than one format is
    used, reports the dates that do not use the format most of them use. Month-day
    dates without a year are not counted.

    ## Why is this bad?
    GB/T 15835-2011 asks for one form within a text (同类别同形式); mixed formats show
    pieces pasted from different sources.

    ## Example
        2022年5月17日召开……于2022-05-20完成……

    ## Use instead
        2022年5月17日召开……于2022年5月20日完成……
    """

    code = "D108"
    name = "mixed-date-formats"
    severity = Severity.INFO
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        dates: list[tuple[Paragraph, zh.DateMention]] = []
        tl = doc.analysis.timeline
        # Page banners above the title ("日期:2023-05-04 来源:…") are the site's, not the author's.
        banners = {m.paragraph for m in tl.mentions if m.role == "metadata"} if tl else set()
        for i, p in enumerate(doc.paragraphs):
            if i in banners:
                continue
            quoted = _titles(p.text)
            for d in zh.dates_in(p.text):
                if d.complete and d.style != "md" and not zh.inside(quoted, d.start, d.end):
                    dates.append((p, d))
        counts: dict[str, int] = {}
        for _p, d in dates:
            counts[d.style] = counts.get(d.style, 0) + 1
        if len(counts) < 2:
            return
        best = max(counts.values())
        preferred = ("cn", "iso", "en", "cn-numeral", "dot", "slash")
        dominant = next(s for s in preferred if counts.get(s) == best)
        example = next(p.text[d.start : d.end] for p, d in dates if d.style == dominant)
        if best > 1:
            others = (
                f"most dates in this report ({best} of {len(dates)}) are written like “{example}”"
            )
        else:
            others = f"this report also writes dates like “{example}”"
        for p, d in dates:
            if d.style == dominant:
                continue
            yield self.finding(
                doc,
                p,
                d.start,
                d.end,
                f"“{p.text[d.start : d.end]}” is written as {zh.STYLE_NAMES[d.style]}, but "
                f"{others} ({zh.STYLE_NAMES[dominant]}): write all dates one way",
            )


_Event = tuple[frozenset[str], str, dt.date, str, re.Pattern[str], "re.Pattern[str] | None"]


@cache
def _events() -> tuple[frozenset[str], tuple[_Event, ...]]:
    """Every entry's keys, and (keys, event, date, kind, pattern, unless) for
    every phrase of events.yaml (its entries and its series)."""
    from ._event_table import phrases

    # Compiled when a paragraph first holds one of the entry's keys: most reports name
    # few of these events, and compiling all of them costs milliseconds.
    out: list[_Event] = [
        (
            e.keys,
            e.event,
            e.date,
            e.kind,
            lazy_re(e.pattern),
            lazy_re(e.unless) if e.unless else None,
        )
        for e in phrases(load_data("events.yaml") or {})
    ]
    # Found by plain substring tests: an alternation of the keys costs more to compile
    # (CJK character sets) than testing every key on every paragraph does to run.
    return frozenset(k for entry in out for k in entry[0]), tuple(out)


_WRITTEN_WITHIN_DAYS = 31

# A sentence that tells history or cites: the phrase is not this year's news.
# "今年以来" and "年初以来" open this year's news, not history.
_HISTORY = lazy_re(
    r"过去[一二三四五六七八九十0-9]*年|[一二三四五六七八九十0-9]+年来|回顾|期间|"
    r"(?<!今年)(?<!本年)(?<!年初)(?<!半年)(?<!季度)(?<!本月)以来|(?<!新)时期|历程|曾经|当年|那年|先后"
)
_CITING = lazy_re(r"(?:根据|依据|参照)[^，。；]*$")
# Looking forward to an event: it may be named before it is held.
_AHEAD = lazy_re(r"(?:即将|将于|将要|迎接|喜迎|筹备|召开前)[^，。；]*$")


def _told_as_history(text: str, start: int, end: int, period_year: int) -> bool:
    """Whether the sentence around ``start:end`` tells history (a year before the
    period, 过去五年, 期间, 以来) or cites the phrase (根据…)."""
    lo, hi = next(((s, e) for s, e in zh.split_sentences(text) if e > start), (0, len(text)))
    sentence = text[lo:hi]
    if _HISTORY.search(sentence) or _CITING.search(text[lo:start]):
        return True
    return any(y.year < period_year for y in zh.find_years(sentence))


class StaleEvent(Rule):
    """The text names an event that does not fit the report period.

    ## What it does
    Reports phrases that date the text to another year than the report's.

    Uses a table of dated events (`rules/data/events.yaml`, each with a public source)
    to find phrases that date a text: looking forward to an event that had already
    happened (`迎接党的二十大胜利召开` in a 2023 report), presenting an anniversary as
    this year's (`庆祝建党100周年` in a 2023 report), using a name replaced since
    (`新冠肺炎` after 2022), or citing an event that came after the period
    (`二十届三中全会` in a 2023 report; a report on part of a year with no signing date
    may be written up to a month after it). The table covers every 全国人大 session since
    1998, the Party congresses and plenums since the 15th, the five-year plans from 六五
    to 十五五 (`实施“十二五”规划` in a 2024 report), the campaigns by their years (两学一做,
    主题教育, 党史学习教育, 党纪学习教育) and round anniversaries, so a report recycled
    from ten years ago shows its year. The speech
    `在庆祝中国共产党成立100周年大会上的讲话`, titles in 《》, and sentences that tell
    history or cite (`十三五期间`, `过去五年`, `自2018年以来`, `2016年，…`, `根据…`) are not
    judged.

    ## Why is this bad?
    These phrases are the fingerprints of text copied from another year's report; a
    reader spots them at once.

    ## Example
        2023年工作总结
        ……迎接党的二十大胜利召开……

    ## Use instead
        ……深入学习贯彻党的二十大精神……
    """

    code = "D109"
    name = "stale-event"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        period = a.period
        if period is None:
            return
        start = period.start()
        latest = period.end()
        signed = a.signing.value if a.signing else None
        if signed is not None and signed > latest:
            latest = signed
        elif signed is None and not period.annual:
            # A report on a half, quarter or month is written in the weeks after it.
            latest += dt.timedelta(days=_WRITTEN_WITHIN_DAYS)
        all_keys, events = _events()
        every_entry_has_keys = all(e[0] for e in events)
        for p in doc.paragraphs:
            text = p.text
            # Most paragraphs name no event: one scan for the entries' keys spares the
            # phrase patterns.
            present = {k for k in all_keys if k in text}
            if not present and every_entry_has_keys:
                continue
            quoted = _titles(text)
            for keys, event, date, kind, pattern, unless in events:
                if keys and not keys & present:
                    continue
                for m in pattern.finditer(text):
                    if zh.inside(quoted, m.start(), m.end()):
                        continue
                    if unless is not None:
                        sentence_end = next(
                            (e for s, e in zh.split_sentences(text) if e > m.end()), len(text)
                        )
                        if unless.search(text, m.end(), sentence_end):
                            continue
                    if kind != "after" and _told_as_history(text, m.start(), m.end(), start.year):
                        continue
                    if kind == "after" and _AHEAD.search(
                        text[zh.clause_around(text, m.start())[0] : m.start()]
                    ):
                        continue
                    phrase = m.group(0)
                    when = (
                        date.isoformat() if date.day != 1 or kind == "during" else f"{date:%Y-%m}"
                    )
                    if kind == "before" and start > date:
                        why = (
                            f"it belongs before {event} ({when}), but this report covers "
                            f"{_period_phrase(a)}"
                        )
                    elif kind == "during" and start.year > date.year:
                        why = f"it speaks of {event} ({date.year}) as current, but this report covers {_period_phrase(a)}"
                    elif kind == "after" and latest < date:
                        why = f"{event} came later ({when}) than this report ({_period_phrase(a)})"
                    else:
                        continue
                    yield self.finding(
                        doc,
                        p,
                        m.start(),
                        m.end(),
                        f"“{phrase}”: {why}; text copied from another year's report? "
                        "Update it, or check the period",
                    )


RULES = [
    YearAfterPeriod,
    PlanYear,
    SigningBeforePeriodEnd,
    InvalidDate,
    ZeroPaddedDate,
    WeekdayMismatch,
    TwoDigitYear,
    MixedDateFormats,
    StaleEvent,
]
