"""The timeline values: the period a report covers, and its dated mentions with roles.

Built by :mod:`replint.analysis.timeline` (see there for how) and read by the date rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from replint.text import zh
from replint.text.dates_text import DateExpr

ROLES = (
    "work-done", "plan", "deadline", "as-of", "citation", "heading", "metadata", "signing",
    "other",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """The period a report covers: a year (or span of years), maybe narrowed down, or
    an explicit range of days (``first``/``last``)."""

    year: int
    end_year: int
    half: int | None = None
    quarter: int | None = None
    month: int | None = None
    week: int | None = None
    #: "config", "title", "first sentence", "file name", "front matter", "headings", "signing date"
    source: str = ""
    evidence: str = ""
    paragraph: int | None = None
    span: tuple[int, int] | None = None  # the evidence's place in that paragraph
    #: An explicit first and last day (a week range, a month range, a school year).
    first: dt.date | None = None
    last: dt.date | None = None
    #: "" (from the fields above), "range", "school-year", "fiscal-year", "sprint", "log"
    kind: str = ""
    confidence: str = "high"  # "high", "medium", "low"
    #: The number of the sprint or iteration the title or file name names (``Sprint 14``,
    #: ``Iteration 3``, ``第3个迭代``); its days, when known, are ``first``/``last``.
    sprint: int | None = None

    @property
    def annual(self) -> bool:
        if self.first is not None and self.kind != "fiscal-year":
            return False
        return not (self.half or self.quarter or self.month or self.week)

    @property
    def weekly(self) -> bool:
        """A week, or a range of at most 7 days."""
        return bool(self.week) or (
            self.first is not None and self.last is not None and (self.last - self.first).days < 7
        )

    def start(self) -> dt.date:
        if self.first is not None:
            return self.first
        if self.week:
            return dt.date.fromisocalendar(self.year, self.week, 1)
        if self.month:
            return dt.date(self.year, self.month, 1)
        if self.quarter:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        if self.half:
            return dt.date(self.year, 1 if self.half == 1 else 7, 1)
        return dt.date(self.year, 1, 1)

    def end(self) -> dt.date:
        if self.last is not None:
            return self.last
        if self.week:
            return dt.date.fromisocalendar(self.year, self.week, 7)
        if self.month:
            return dt.date(self.year, self.month, zh.days_in_month(self.year, self.month))
        if self.quarter:
            month = 3 * self.quarter
            return dt.date(self.year, month, zh.days_in_month(self.year, month))
        if self.half:
            return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)
        return dt.date(self.end_year, 12, 31)

    @property
    def grain(self) -> str:
        """The kind of period for per-kind settings: year, half, quarter, month, week, range,
        and a school year or one of its terms (their holidays end them: a term's report
        is written weeks before its last day)."""
        if self.first is not None and self.kind in ("range", "log"):
            return "week" if self.weekly else "range"
        if self.kind == "school-year":
            return "term" if self.half else "school-year"
        return (
            "week" if self.week else "month" if self.month else "quarter" if self.quarter
            else "half" if self.half else "year"
        )  # fmt: skip

    def label(self, english: bool = False) -> str:
        if self.first is not None and self.last is not None and self.kind != "fiscal-year":
            a, b = self.first, self.last
            if english:
                return f"{a:%B} {a.day}, {a.year} – {b:%B} {b.day}, {b.year}"
            if self.kind == "school-year":
                term = {1: "第一学期", 2: "第二学期"}.get(self.half or 0, "")
                return f"{self.year}—{self.year + 1}学年{term}"
            right = (f"{b.year}年" if b.year != a.year else "") + (
                f"{b.month}月" if (b.year, b.month) != (a.year, a.month) else "") + f"{b.day}日"  # fmt: skip
            return f"{a.year}年{a.month}月{a.day}日—{right}"
        if english:
            return self._label_en()
        if self.end_year != self.year:
            return f"{self.year}—{self.end_year}年"
        if self.week:
            return f"{self.year}年第{self.week}周"
        if self.month:
            return f"{self.year}年{self.month}月"
        if self.quarter:
            return f"{self.year}年第{zh.int_to_cn(self.quarter)}季度"
        if self.half:
            return f"{self.year}年{'上' if self.half == 1 else '下'}半年"
        return f"{self.year}年"

    def _label_en(self) -> str:
        if self.end_year != self.year:
            return f"{self.year}–{self.end_year}"
        if self.week:
            return f"week {self.week} of {self.year}"
        if self.month:
            return dt.date(self.year, self.month, 1).strftime("%B %Y")
        if self.quarter:
            return f"Q{self.quarter} {self.year}"
        if self.half:
            return f"H{self.half} {self.year}"
        return str(self.year)


@dataclass(frozen=True)
class Mention:
    """A date, month, range or year in paragraph ``paragraph`` with its role."""

    paragraph: int
    expr: DateExpr
    role: str
    first: dt.date | None  # first day covered, the year inferred when not written
    last: dt.date | None
    text: str  # as written

    @property
    def start(self) -> int:
        return self.expr.start

    @property
    def end(self) -> int:
        return self.expr.end


@dataclass(frozen=True)
class Timeline:
    """The report's period and its dated mentions (see the module docstring)."""

    period: Period | None
    note: str = ""
    mentions: tuple[Mention, ...] = ()
    #: Chronological headings: (heading level, mention), in document order.
    entries: tuple[tuple[int, Mention], ...] = ()
    weekly: bool = False  # a weekly report or a log of weeks

    def describe(self) -> str:
        p = self.period
        if p is None:
            return f"unknown ({self.note})"
        return f"{p.label()} (from the {p.source}, {p.confidence} confidence)"
