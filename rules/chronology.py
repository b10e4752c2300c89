"""Dates and years (family D), on the report's timeline: the span a period covers,
the order of dated entries, consecutive weekly reports, signing long after the
period, a summary and a plan for the same year, and years or dates written wrong.

All of them read the timeline the analysis builds once per document
(``doc.analysis.timeline``): the period with its source and confidence, and every
dated mention with its role (see :mod:`replint.analysis.timeline`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import PurePath
from typing import Any, NamedTuple

from replint.plugin import (
    Document,
    Finding,
    Mention,
    Period,
    Rule,
    Severity,
    Timeline,
    garbled_years,
    lazy_re,
)


def _timeline(doc: Document) -> Timeline | None:
    return doc.analysis.timeline


def _trusted(period: Period | None) -> bool:
    return period is not None and period.confidence != "low" and period.source != "signing date"


def _days(m: Mention) -> int | None:
    if m.first is None or m.last is None:
        return None
    return (m.last - m.first).days + 1


def _range_days(m: Mention) -> bool:
    return m.expr.kind == "range" and m.expr.precision == "day" and not m.expr.until_now


class SigningLongAfterPeriod(Rule):
    """The report is signed long after its period ended.

    ## What it does
    Reports a signing date (成文日期) long after the end of the report period.

    Compares the date on the last line with the end of the period from the title,
    the first sentence, the file name or config: an annual report signed more than
    `max_days.year` days after its year (default 366), a weekly report more than
    `max_days.week` days after its week (default 30), and so on for halves, quarters,
    months and ranges. A period guessed from the signing date itself is not compared.

    ## Why is this bad?
    A report is written when its period ends. One signed months or a year later has
    usually kept the date of the report it was copied from, or names the wrong period.

    ## Example
        周报（2024年6月3日—6月7日）
        ……
        2024年9月20日

    ## Use instead
        周报（2024年6月3日—6月7日）
        ……
        2024年6月7日
    """

    code = "D110"
    name = "signing-long-after-period"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {
        "max_days": {
            "year": 366, "half": 200, "quarter": 120, "month": 62, "week": 30, "range": 62,
            "term": 200, "school-year": 366,
        }
    }  # fmt: skip

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        period = a.period
        if not _trusted(period) or a.signing is None or a.signing.value is None:
            return
        assert period is not None
        limits = dict(self.options["max_days"])
        limits.update(options.get("max_days") or {})
        late = (a.signing.value - period.end()).days
        if late <= int(limits.get(period.grain, 183)):
            return
        p = doc.paragraphs[a.signing.paragraph]
        d = a.signing.date
        yield self.finding(
            doc, p, d.start, d.end,
            f"the report is signed on “{p.text[d.start : d.end]}”, {late} days after its period "
            f"{period.label(a.language == 'en')} (from the {period.source}) ended on "
            f"{period.end().isoformat()}: correct the signing date (kept from an older report?) "
            "or the period",
        )  # fmt: skip


_SUMMARY_PLAN = lazy_re(
    r"(?<![0-9])(?P<y1>(?:19|20)[0-9]{2})\s*年度?(?P<mid>[^，。；,;]{0,20}?)(?:总结|回顾)"
    r"[^，。；,;]{0,8}?(?:和|及|与|暨|、|以及|并)\s*(?P<y2>(?:19|20)[0-9]{2})\s*年度?"
    r"(?P<what>[^，。；,;]{0,12}?)(?:计划|打算|思路|安排|要点|谋划|规划)"
)
_PART_OF_YEAR = lazy_re(r"上半年|下半年|季度|[0-9一二三四五六七八九十]+月|第.{1,3}周|半年")


class SummaryAndPlanSameYear(Rule):
    """The title sums up a year and plans the same year.

    ## What it does
    Reports a title or heading that sums up one year and plans that same year.

    A `2022年工作总结和2022年工作计划` looks back on 2022 and forward to 2022: the plan is
    for the year after the one summed up (`2023年工作计划`). Halves, quarters and months
    are left alone (`2022年上半年工作总结和下半年工作打算` is right).

    ## Why is this bad?
    One of the two years was not updated when the report was reused; readers cannot
    tell which year the plan is for.

    ## Example
        2022年工作总结和2022年工作计划

    ## Use instead
        2022年工作总结和2023年工作计划
    """

    code = "D111"
    name = "summary-and-plan-same-year"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        candidates = {h.paragraph for h in a.headings}
        if a.title is not None:
            candidates.add(a.title)
        for index in sorted(candidates):
            text = doc.paragraphs[index].text
            for m in _SUMMARY_PLAN.finditer(text):
                if m.group("y1") != m.group("y2"):
                    continue
                if _PART_OF_YEAR.search(m.group("mid")) or _PART_OF_YEAR.search(m.group("what")):
                    continue
                y = int(m.group("y1"))
                yield self.finding(
                    doc, doc.paragraphs[index], m.start("y2"), m.end("y2"),
                    f"this sums up {y} and plans {y} too: the plan is for the next year "
                    f"(“{y + 1}年”); correct one of the years",
                )  # fmt: skip


# "下半年以来" and "近半年来, 满意度持续提升" tell of part of the year, not of the report.
_HALF_YEAR_TEXT = lazy_re(
    r"(?:这|小|不到)半年|(?<![上下近])半年(?:来|以来|多)"
    r"|(?:入职|来到公司|加入公司|到岗|实习)(?:以来|的)?[^。；]{0,6}?"
    r"(?:(?:将近|近)?半年|(?:[两三四五六]|[2-6])个(?:多)?月)"
)
_ANNUAL_TITLE = lazy_re(r"年终|年度|全年|year[- ]end|annual", re.I)


class PeriodSpan(Rule):
    """A weekly report or entry covers more than a week, or a year-end report half a year.

    ## What it does
    Reports a period whose length does not fit the kind of report.

    * In a weekly report, or a log whose other entries are a week each, a range of
      dates longer than a week (`2019-04-01 ~ 2019-04-12`: two weeks in one entry) or a
      heading over two week numbers (`## Week 11 and 12`).
    * A range that runs from a weekday to the same weekday a week later
      (`Nov 16 → Nov 23`): 8 days, its last day is the first of the next week.
    * A report titled 年终总结/年度总结 whose text says it covers only half a year
      (`入职这半年`, `来到公司四个月`).

    Bi-weekly reports (双周报, sprints) are not weekly reports.

    ## Why is this bad?
    A report's period is what readers compare its work against; an entry over two
    weeks hides a missing report, and a year-end summary of half a year misnames itself.

    ## Example
        # 2019-04-01 ~ 2019-04-12周报

    ## Use instead
        # 2019-04-08 ~ 2019-04-12周报
    """

    code = "D112"
    name = "period-span"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        tl = _timeline(doc)
        if tl is None:
            return
        a = doc.analysis
        entries = [m for _level, m in tl.entries]
        ranged = [m for m in entries if _range_days(m) and _days(m)]
        weekly_log = len(ranged) >= 3 and sum(
            1 for m in ranged if (_days(m) or 0) <= 7
        ) >= 0.75 * len(ranged)
        title_like = [m for m in tl.mentions if m.role == "title" and _range_days(m)]
        weekly = weekly_log or (tl.weekly and not _biweekly(doc))
        reported: list[int] = []
        for m in title_like + entries:
            days = _days(m) if _range_days(m) else None
            p = doc.paragraphs[m.paragraph]
            if any(0 <= m.paragraph - r <= 3 for r in reported):
                continue
            if (
                days == 8
                and m.first is not None
                and m.first.weekday() == (m.last or m.first).weekday()
            ):
                reported.append(m.paragraph)
                yield self.finding(
                    doc, p, m.start, m.end,
                    f"“{m.text}” runs from a {m.first:%A} to the next {m.first:%A}: 8 days, and "
                    "its last day is also the first day of the next week; end it a day earlier",
                )  # fmt: skip
            elif weekly and days is not None and days > 7:
                reported.append(m.paragraph)
                yield self.finding(
                    doc, p, m.start, m.end,
                    f"“{m.text}” covers {days} days, more than a week, in a weekly report: "
                    "split it into one report per week, or say it is a two-week report",
                )  # fmt: skip
            elif weekly and m.expr.kind == "week" and m.expr.number_end:
                reported.append(m.paragraph)
                yield self.finding(
                    doc, p, m.start, m.end,
                    f"“{m.text}” covers weeks {m.expr.number} to {m.expr.number_end} in one "
                    "entry of a weekly log: write one entry per week",
                )  # fmt: skip
        if a.title is not None and _ANNUAL_TITLE.search(doc.paragraphs[a.title].text):
            for i, p in enumerate(doc.paragraphs[:12]):
                if i == a.title:
                    continue
                hit = _HALF_YEAR_TEXT.search(p.text)
                if hit:
                    yield self.finding(
                        doc, p, hit.start(), hit.end(),
                        f"the title calls this a year's report, but “{hit.group(0)}” says it "
                        "covers only part of a year: name the period it covers (e.g. 实习总结, "
                        "半年工作总结)",
                    )  # fmt: skip
                    break


def _biweekly(doc: Document) -> bool:
    from replint.plugin import BIWEEKLY_WORDS

    a = doc.analysis
    title = doc.paragraphs[a.title].text if a.title is not None else ""
    return bool(BIWEEKLY_WORDS.search(title + " " + PurePath(doc.path).name))


_LOCATION = lazy_re(r"table (?P<t>[0-9]+), row (?P<r>[0-9]+), cell (?P<c>[0-9]+)")


class Chronology(Rule):
    """Dated entries out of order, or with a gap.

    ## What it does
    Reports chronological headings and date columns that go backwards or skip a step.

    Headings that are dates, months or weeks (`# 2019-06 月报`, `### 2023.11`,
    `## 第二周`, `## Week 5`, `# 2019-04-08 ~ 2019-04-12周报`) at one level are
    expected to go one way, one step at a time, as most of them do (oldest or newest
    first). The rule reports an entry that goes against the others (`2023.10` then
    `2023.03`), a skipped month or week number (`第二周` then `第四周`, `2019-06` then
    `2019-04`), and, as information, weeks of a weekly log with no entry. In a table,
    a column of dates in order except for one row is reported at that row.

    ## Why is this bad?
    A log out of order or with a hole is how a missing, duplicated or misdated report
    shows; a reader checking progress week by week trips over it.

    ## Example
        # 2019-06 月报
        ……
        # 2019-04 月报

    ## Use instead
        # 2019-06 月报
        ……
        # 2019-05 月报
    """

    code = "D113"
    name = "chronology"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        tl = _timeline(doc)
        if tl is None:
            return
        groups: dict[tuple[int, str], list[Mention]] = {}
        for level, m in tl.entries:
            key = _entry_kind(m)
            if key is not None:
                groups.setdefault((level, key), []).append(m)
        for (_level, kind), ms in groups.items():
            if len(ms) >= 2:
                yield from self._sequence(doc, kind, ms)
        yield from self._tables(doc, tl)

    def _sequence(self, doc: Document, kind: str, ms: list[Mention]) -> Iterator[Finding]:
        keys = [_entry_key(kind, m) for m in ms]
        ends = [int(m.expr.number_end or m.expr.number or 0) if kind == "week" else k
                for m, k in zip(ms, keys, strict=True)]  # fmt: skip
        steps = []
        for i in range(1, len(ms)):
            if kind == "week" and keys[i] == 1 and keys[i - 1] > 1:
                steps.append(0)  # numbering starts again: a new term or project
            elif keys[i] > keys[i - 1]:
                steps.append(keys[i] - ends[i - 1])
            else:
                steps.append(keys[i] - keys[i - 1])
        ups = sum(1 for s in steps if s > 0)
        downs = sum(1 for s in steps if s < 0)
        if ups == downs and len(steps) > 1:
            return
        direction = 1 if ups >= downs else -1
        unit = {"month": 1, "week": 1, "days": 7}[kind]
        for prev, cur, step in zip(ms, ms[1:], steps, strict=False):
            p = doc.paragraphs[cur.paragraph]
            if step == 0:
                continue
            if (step > 0) != (direction > 0) and len(steps) > 1:
                yield self.finding(
                    doc, p, cur.start, cur.end,
                    f"“{cur.text}” comes after “{prev.text}” (line {doc.paragraphs[prev.paragraph].line}), "
                    "against the order of the other entries: correct the date or move the entry",
                )  # fmt: skip
                continue
            gap = abs(step)
            # A month with nothing to record is normal in a 大事记; a missing 月报 is not.
            reports = kind == "week" or all(
                _REPORT_WORDS.search(_heading(doc, m)) for m in (prev, cur)
            )
            if kind in ("month", "week") and gap > unit and reports:
                missing = _missing(kind, prev, cur, direction)
                yield self.finding(
                    doc, p, cur.start, cur.end,
                    f"“{cur.text}” follows “{prev.text}” (line {doc.paragraphs[prev.paragraph].line}): "
                    f"{missing} is missing, or an entry is misdated",
                )  # fmt: skip
            elif kind == "days" and prev.first and prev.last and cur.first and cur.last:
                a, b = (prev, cur) if direction > 0 else (cur, prev)
                assert a.last is not None and b.first is not None
                if b.first <= a.last:
                    yield self.finding(
                        doc, p, cur.start, cur.end,
                        f"“{cur.text}” overlaps “{prev.text}” (line "
                        f"{doc.paragraphs[prev.paragraph].line}): the same days are in two entries",
                    )  # fmt: skip
                # Weeks without an entry in a dated log are mostly holidays: not reported.

    def _tables(self, doc: Document, tl: Timeline) -> Iterator[Finding]:
        columns: dict[tuple[str, str], list[Mention]] = {}
        for m in tl.mentions:
            p = doc.paragraphs[m.paragraph]
            loc = _LOCATION.search(p.location) if p.location else None
            if loc is None or m.first is None or m.expr.kind != "date":
                continue
            if p.text.strip() != m.text.strip():
                continue  # a cell that is only a date
            columns.setdefault((loc.group("t"), loc.group("c")), []).append(m)
        for ms in columns.values():
            if len(ms) < 5:
                continue
            firsts = [m.first for m in ms]
            downs = [i for i in range(1, len(ms)) if firsts[i] < firsts[i - 1]]  # type: ignore[operator]
            ups = [i for i in range(1, len(ms)) if firsts[i] > firsts[i - 1]]  # type: ignore[operator]
            if len(downs) == 1 and len(ups) >= 4:
                i = downs[0]
            elif len(ups) == 1 and len(downs) >= 4:
                i = ups[0]
            else:
                continue
            cur, prev = ms[i], ms[i - 1]
            yield self.finding(
                doc, doc.paragraphs[cur.paragraph], cur.start, cur.end,
                f"“{cur.text}” comes after “{prev.text}” in a column of dates otherwise in order: "
                "correct the date or move the row",
            )  # fmt: skip


_REPORT_WORDS = lazy_re(
    r"报|总结|小结|汇报|记录|日志|report|log|update|summary|status|review", re.I
)


def _heading(doc: Document, m: Mention) -> str:
    return doc.paragraphs[m.paragraph].text


def _entry_kind(m: Mention) -> str | None:
    e = m.expr
    if e.kind == "week" and e.number:
        return "week"
    if m.first is None:
        return None
    if e.kind == "month" or (e.kind == "date" and e.precision == "month"):
        return "month"
    if _range_days(m):
        return "days"
    return None


def _entry_key(kind: str, m: Mention) -> int:
    if kind == "week":
        return int(m.expr.number or 0)
    assert m.first is not None
    if kind == "month":
        return m.first.year * 12 + m.first.month - 1
    return m.first.toordinal() // 7 if kind == "week" else m.first.toordinal()


def _missing(kind: str, prev: Mention, cur: Mention, direction: int) -> str:
    if kind == "week":
        a, b = sorted((int(prev.expr.number or 0), int(cur.expr.number or 0)))
        return "week " + ", ".join(str(n) for n in range(a + 1, b))
    assert prev.first is not None and cur.first is not None
    a, b = sorted((prev.first, cur.first))
    months = []
    y, mo = a.year, a.month + 1
    while (y, mo) < (b.year, b.month):
        if mo > 12:
            y, mo = y + 1, 1
            continue
        months.append(f"{y}-{mo:02d}")
        mo += 1
    return ", ".join(months) or "a month"


class WeeklySeries(Rule):
    """Weekly (or sprint) reports of one folder overlap or leave a week out.

    ## What it does
    Reports consecutive weekly or sprint reports (in one folder) whose ranges overlap or
    leave a gap.

    Takes the period of each weekly report of a run (from the title, e.g.
    `周报（2024年6月3日—6月7日）`, or the file name, e.g. `周报_2024.6.10-6.14.md`,
    `2024-W24.md`), orders the reports of each folder by it, and reports a report whose
    days overlap the previous one, and, as information, a week with no report between two.

    Sprint and iteration reports (`Sprint 14`, `Iteration 3`, `第3个迭代`) are ordered by
    their numbers, where the title or file name also gives their days
    (`Sprint 14 (Oct 2 – Oct 13, 2023)`, `iteration-4_2024-03-04_2024-03-15.md`): a sprint
    that starts before the one before it ends is reported, and, as information, a sprint
    number left out or days between two sprints in none. Sprints that nothing dates are
    not judged.

    ## Why is this bad?
    Overlapping reports count the same work twice (a range copied and not updated);
    a gap is a report that was never written or was filed elsewhere.

    ## Example
        周报_2024.6.3-6.7.md:  周报（2024年6月3日—6月7日）
        周报_2024.6.10-6.14.md: 周报（2024年6月3日—6月14日）

    ## Use instead
        周报_2024.6.10-6.14.md: 周报（2024年6月10日—6月14日）
    """

    code = "D114"
    name = "weekly-series"
    severity = Severity.WARNING
    corpus = True
    options: Mapping[str, Any] = {}

    def prepare_corpus(
        self, docs: Sequence[Document], options: Mapping[str, Any]
    ) -> tuple[_WeekEntry, ...]:
        """What ``check_corpus`` needs of ``docs``: the weekly and sprint periods, where a
        finding would point, and one entry for every other report (a folder's count
        decides whether a sprint number is missing), so workers need not send documents."""
        return tuple(map(self._entry, docs))

    def check_corpus(
        self,
        docs: Sequence[Document | tuple[_WeekEntry, ...]],
        options: Mapping[str, Any],
        references: Sequence[Document] = (),
    ) -> Iterator[Finding]:
        folders: dict[str, list[_WeekEntry]] = {}
        sprints: dict[str, list[_WeekEntry]] = {}
        # The reports of each folder: a sprint number is said to be missing only where
        # every report of the folder is a dated sprint (an undated one may be it).
        per_folder: dict[str, int] = {}
        for item in docs:
            for entry in item if isinstance(item, tuple) else (self._entry(item),):
                per_folder[entry.folder] = per_folder.get(entry.folder, 0) + 1
                if entry.start is None:
                    continue
                group = folders if entry.sprint is None else sprints
                group.setdefault(entry.folder, []).append(entry)
        for items in folders.values():
            items.sort(key=lambda e: e.dates())
            for a, b in itertools.pairwise(items):
                a0, a1, b0, b1 = a.dates() + b.dates()
                if b0 <= a1:
                    yield b.at(f"its period ({b0.isoformat()} to {b1.isoformat()}) "
                               f"overlaps that of {a.name} ({a0.isoformat()} "
                               f"to {a1.isoformat()}): correct the range of one of them")  # fmt: skip
                elif (b0 - a1).days > 7:
                    yield b.at(
                        f"no weekly report between {a.name} (to {a1.isoformat()}) "
                        f"and this one (from {b0.isoformat()}): a week is missing",
                        severity=Severity.INFO,
                    )
        for folder, dated in sprints.items():
            yield from self._sprints(dated, complete=len(dated) == per_folder.get(folder))

    def _sprints(self, items: list[_WeekEntry], complete: bool) -> Iterator[Finding]:
        """Sprints of one folder, in the order of their numbers: each must start after the
        one before ends, and a sprint number left out is said."""
        items.sort(key=lambda e: (e.sprint or 0, e.dates()))
        for a, b in itertools.pairwise(items):
            na, nb = a.sprint or 0, b.sprint or 0
            _a0, a1, b0, b1 = a.dates() + b.dates()
            if nb == na:
                continue
            if b0 <= a1:
                yield b.at(f"sprint {nb} ({b0.isoformat()} to {b1.isoformat()}) starts "
                           f"before sprint {na} of {a.name} ends ({a1.isoformat()}): "
                           "correct the dates of one of them")  # fmt: skip
            elif nb > na + 1 and complete:
                missing = f"sprint {na + 1}" if nb == na + 2 else f"sprints {na + 1}–{nb - 1}"
                yield b.at(
                    f"no report for {missing} between {a.name} and this one",
                    severity=Severity.INFO,
                )
            elif (b0 - a1).days > 7:
                yield b.at(f"sprint {nb} starts {(b0 - a1).days} days after sprint {na} ends "
                           f"({a1.isoformat()}): the days between are in no sprint; check the dates",
                           severity=Severity.INFO)  # fmt: skip

    def _entry(self, doc: Document) -> _WeekEntry:
        path = PurePath(doc.path)
        folder = str(path.parent)
        undated = _WeekEntry(folder, None, None, path.name, None, False)
        tl = _timeline(doc)
        period = tl.period if tl else None
        if period is None or period.confidence != "high" or not (period.week or period.first):
            return undated
        if period.sprint is not None:
            if period.first is None or period.last is None:
                return undated
            start, end = period.first, period.last
        elif period.weekly or (tl is not None and tl.weekly):
            start, end = period.start(), period.end()
        else:
            return undated
        if period.paragraph is not None and period.span is not None:
            p = doc.paragraphs[period.paragraph]
            place, whole = self.finding(doc, p, period.span[0], period.span[1], ""), False
        else:
            place, whole = self.document_finding(doc, ""), True
        return _WeekEntry(folder, start, end, path.name, place, whole, period.sprint)


class _WeekEntry(NamedTuple):
    """One report as D114 compares it: its folder, period (``None`` for a report that
    is no dated weekly or sprint report), name, sprint number, and its finding with the
    message left out (``place``; ``whole``: about the whole file)."""

    folder: str
    start: dt.date | None
    end: dt.date | None
    name: str
    place: Finding | None
    whole: bool
    sprint: int | None = None

    def dates(self) -> tuple[dt.date, dt.date]:
        assert self.start is not None and self.end is not None
        return self.start, self.end

    def at(self, message: str, severity: Severity | None = None) -> Finding:
        from dataclasses import replace

        assert self.place is not None
        # place.message is "" or the paragraph's " (location)", which follows the text.
        found = replace(self.place, message=message + self.place.message)
        if self.whole:
            found = replace(found, matched=message)
        return found if severity is None else replace(found, severity=severity)


class GarbledYear(Rule):
    """Two years run together, or a year with five digits.

    ## What it does
    Reports a number of five or six digits written as a year (`202021年`, `20211年`).

    `202021年` is `2020` and `2021` run together (a range that lost its dash, or an edit
    that kept both years); `20211年` is a year with a digit too many. Document numbers,
    IDs and numbers inside words are left alone.

    ## Why is this bad?
    The reader cannot tell which year is meant; it is always an editing slip.

    ## Example
        202021年度考核优秀

    ## Use instead
        2020—2021年度考核优秀
    """

    code = "D115"
    name = "garbled-year"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for p in doc.paragraphs:
            if "年" not in p.text:
                continue
            for start, end, reading in garbled_years(p.text):
                if _ID_BEFORE.search(p.text[max(0, start - 8) : start]):
                    continue
                yield self.finding(
                    doc, p, start, end,
                    f"“{p.text[start:end]}年” is not a year: {reading}? correct it "
                    "(two years run together, or a digit too many)",
                )  # fmt: skip


_COMPACT = lazy_re(
    r"(?<![0-9A-Za-z_./:#=%])(?:(?<=--)|(?<!-))(?P<y>(?:19|20)[0-9]{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])"
    r"(?![0-9A-Za-z_.\-/:%])"
)
_ID_BEFORE = lazy_re(
    r"(?:build|version|ver|v|rev|release|id|no|编号|单号|订单|批次|版本|工号|学号|账号|流水号|序号|"
    r"文号|代码|号码|电话|手机|传真|邮编|QQ|微信|tel|phone|fax|commit|tag|snapshot|nightly)[\s:：#._\-]*$",
    re.I,
)
_ID_AFTER = lazy_re(
    r"^\s*(?:版|期|批|号码|号(?:文|令|通知|公告|函)|次列车|\.(?:log|txt|md|zip|png|jpg|csv))"
)


class MalformedDate(Rule):
    """A date written as eight digits, or with a misspelt month.

    ## What it does
    Reports dates in a form a reader has to decode: eight digits run together
    (`20190314号`, `2019-03-11 ~ 20190315`) and English month names misspelt
    (`Octo 7, 2024`).

    An eight-digit number is a date here only when it is a real date between 1900 and
    2099 standing as a word in prose; build numbers, versions, IDs, file names, URLs
    and code (`build 20240611`, `v2.0.2024`, `20240611.log`) are left alone.

    ## Why is this bad?
    GB/T 15835-2011 writes dates as `2019-03-14` or `2019年3月14日`; a run of digits reads
    as a number, and a misspelt month looks careless in a report.

    ## Example
        20190314号已完成八成

    ## Use instead
        2019年3月14日已完成八成
    """

    code = "D116"
    name = "malformed-date"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        tl = _timeline(doc)
        done: set[tuple[int, int]] = set()
        for i, p in enumerate(doc.paragraphs):
            text = p.text
            if not any(ch.isdigit() for ch in text):
                continue
            for m in _COMPACT.finditer(text):
                if _ID_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                    continue
                if _ID_AFTER.match(text[m.end() :]):
                    continue
                try:
                    day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    continue
                done.add((i, m.start()))
                yield self.finding(
                    doc, p, m.start(), m.end(),
                    f"“{m.group(0)}” writes a date as eight digits: write “{day.isoformat()}” or "
                    f"“{day.year}年{day.month}月{day.day}日”",
                )  # fmt: skip
        if tl is None:
            return
        for m in tl.mentions:
            for part in (m.expr.begin, m.expr.finish):
                if part is not None and part.misspelt and (m.paragraph, part.start) not in done:
                    done.add((m.paragraph, part.start))
                    p = doc.paragraphs[m.paragraph]
                    word = re.match(r"[A-Za-z]+", p.text[part.start : part.end])
                    shown = word.group(0) if word else p.text[part.start : part.end]
                    month = dt.date(2000, part.month or 1, 1)
                    yield self.finding(
                        doc, p, part.start, part.start + len(shown),
                        f"“{shown}” is not how {month:%B} is written: write “{month:%B}” or “{month:%b}”",
                    )  # fmt: skip


RULES = [
    SigningLongAfterPeriod,
    SummaryAndPlanSameYear,
    PeriodSpan,
    Chronology,
    WeeklySeries,
    GarbledYear,
    MalformedDate,
]
