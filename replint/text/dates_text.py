"""Dates as reports write them: single days, months, ranges, weeks, quarters, school
and fiscal years, in Chinese and English, with the years they leave out.

:func:`find_dates` (in :mod:`replint.zh`) finds the dates prose writes in full. This
module finds what the timeline of a report needs on top of that:

* **ranges** whose second end leaves out what the first gave (``2024年6月3日—6月7日``,
  ``6月3日至7日``, ``2023.10.16-10.20``, ``June 3–7, 2024``, ``Oct 14–18``,
  ``2016-09——2017-03``, ``2019-03-11 ~ 20190315``) and ``至今``;
* **partial dates** (``6月3日``, ``April 9``, ``Tuesday, April 9``) that take their year
  from the report's period;
* **loose forms** only trusted in titles, headings and file names, where no amount or
  version number competes with them: ``2023.11``, ``2023-04``, ``6.3``, ``6/3``,
  ``20240611``, two-digit years (``23/10/16``, ``24_3.18``);
* **named periods**: ``第12周``, ``Week 12``, ``Sprint 5``, ``Q3 2024``, ``2023年第三季度``,
  ``2022学年第二学期``, ``2022-2023学年``, ``FY2024``, ``2024财年``;
* weekdays written beside a date (``（星期一）``, ``周一``, ``Tue``).

Every result is a :class:`DateExpr`: where it is, the fields as written, and the first
and last day it covers once a year is known (:meth:`DateExpr.resolve`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from replint.infra.regexes import lazy_re
from replint.text import zh

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_FULL = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)  # fmt: skip


def month_from_name(word: str) -> tuple[int | None, bool]:
    """(month, misspelt) for an English month word: ``Nov``/``November``/``Sept`` are
    right; ``Nove`` or ``Decem`` (a longer piece of the name) are read but misspelt."""
    w = word.lower().rstrip(".")
    if len(w) < 3:
        return None, False
    month = _MONTHS.get(w[:3])
    if month is None:
        return None, False
    full = _MONTH_FULL[month - 1]
    if (
        w in (full, full[:3], "sept")
        or (month == 6 and w == "june")
        or (month == 7 and w == "july")
    ):
        return month, False
    if full.startswith(w):
        return month, True
    return None, False


@dataclass(frozen=True)
class DatePart:
    """One end of a date expression as written: any field may be missing."""

    year: int | None
    month: int | None
    day: int | None
    style: str  # "cn", "cn-numeral", "iso", "dot", "slash", "en", "md", "compact", "ym", "day", "two-digit"
    start: int
    end: int
    misspelt: bool = False

    def with_defaults(self, other: DatePart | None) -> DatePart:
        """This end with the year (and month) the other end of its range gave."""
        if other is None:
            return self
        year = self.year if self.year is not None else other.year
        month = self.month if self.month is not None else other.month
        return DatePart(year, month, self.day, self.style, self.start, self.end, self.misspelt)

    def valid(self) -> bool:
        if self.month is not None and not 1 <= self.month <= 12:
            return False
        if self.day is not None:
            if self.month is None or self.day < 1:
                return False
            return self.day <= zh.days_in_month(self.year, self.month)
        return True

    def first(self, year: int | None = None) -> dt.date | None:
        y = self.year if self.year is not None else year
        if y is None or not self.valid():
            return None
        return dt.date(y, self.month or 1, self.day or 1)

    def last(self, year: int | None = None) -> dt.date | None:
        y = self.year if self.year is not None else year
        if y is None or not self.valid():
            return None
        month = self.month or 12
        return dt.date(y, month, self.day or zh.days_in_month(y, month))


@dataclass(frozen=True)
class DateExpr:
    """A date, month, range or named period at ``start:end`` of a text."""

    start: int
    end: int
    kind: str  # "date", "month", "range", "week", "sprint", "quarter", "half", "school-year", "fiscal-year"
    begin: DatePart | None = None
    finish: DatePart | None = None  # the second end of a range
    until_now: bool = False  # ``2023年5月至今``
    number: int | None = None  # week, sprint, quarter or half number; term of a school year
    number_end: int | None = None  # ``Week 11 and 12``, ``第3—4周``
    year: int | None = None  # year of a named period when written
    weekday: int | None = None  # 0 = Monday, when written beside the date
    weekday_span: tuple[int, int] | None = None

    @property
    def year_written(self) -> bool:
        if self.begin is not None:
            return self.begin.year is not None or (
                self.finish is not None and self.finish.year is not None
            )
        return self.year is not None

    @property
    def precision(self) -> str:
        """ "day", "month" or "year" for the finest field written."""
        part = self.finish or self.begin
        if part is None:
            return "period"
        return "day" if part.day is not None else "month" if part.month is not None else "year"

    def resolve(self, year: int | None = None) -> tuple[dt.date, dt.date] | None:
        """First and last day covered, the missing year taken as ``year``."""
        if self.kind == "week" and self.number:
            y = self.year or year
            if y is None:
                return None
            try:
                monday = dt.date.fromisocalendar(y, self.number, 1)
                sunday = dt.date.fromisocalendar(y, self.number_end or self.number, 7)
            except ValueError:
                return None
            return monday, sunday
        if self.kind == "quarter" and self.number:
            y = self.year or year
            if y is None:
                return None
            month = 3 * self.number
            return dt.date(y, month - 2, 1), dt.date(y, month, zh.days_in_month(y, month))
        if self.kind == "half" and self.number:
            y = self.year or year
            if y is None:
                return None
            return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if self.number == 1 else (
                dt.date(y, 7, 1), dt.date(y, 12, 31))  # fmt: skip
        if self.kind == "school-year":
            y = self.year or year
            if y is None:
                return None
            if self.number == 1:
                return dt.date(y, 9, 1), dt.date(y + 1, 1, 31)
            if self.number == 2:
                return dt.date(y + 1, 2, 1), dt.date(y + 1, 8, 31)
            return dt.date(y, 9, 1), dt.date(y + 1, 8, 31)
        if self.kind == "fiscal-year":
            y = self.year or year
            return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else None
        if self.begin is None:
            return None
        begin, finish = self.begin, self.finish
        by = begin.year
        if by is None:
            by = finish.year if finish is not None and finish.year is not None else year
        if by is None:
            return None
        first = begin.first(by)
        if first is None:
            return None
        if finish is None:
            last = begin.last(by)
            return (first, last) if last else None
        end = DatePart(finish.year if finish.year is not None else by,
                       finish.month if finish.month is not None else begin.month,
                       finish.day, finish.style, finish.start, finish.end)  # fmt: skip
        last = end.last()
        if last is None:
            return None
        if last < first and finish.year is None:
            last = DatePart(by + 1, end.month, end.day, "", 0, 0).last()  # Dec 28 – Jan 3
        elif last < first and begin.year is None:
            first = begin.first(by - 1) or first  # Dec 28 – Jan 3, 2025
        if last is None:
            return None
        return first, last

    def days(self, year: int | None = None) -> int | None:
        r = self.resolve(year)
        return (r[1] - r[0]).days + 1 if r else None


# ----------------------------------------------------------------------------- atoms

_Y = r"(?:19|20)[0-9]{2}"
_DASH = r"\s*(?:——|—|–|－|-|~|～|〜|至|到|→|->|—>|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*"
_MONTH_WORD = r"[A-Za-z]{3,9}\.?"
# Order matters: the first pattern matching at a position wins, so longer forms come first.
_ATOMS: tuple[tuple[str, str, bool], ...] = (
    # (style, pattern, loose_only)
    (
        "cn",
        rf"(?P<y>{_Y})\s*年\s*(?P<m>[0-9]{{1,2}})\s*月(?:\s*(?P<d>[0-9]{{1,2}})\s*[日号])?",
        False,
    ),
    (
        "cn-numeral",
        rf"(?P<y>[{zh.CN_DIGITS}]{{4}})年(?P<m>[〇○零一二三四五六七八九十]{{1,2}})月"
        r"(?:(?P<d>[〇○零一二三四五六七八九十]{1,3})[日号])?",
        False,
    ),
    # Not the head of an ID ("工单号2023-10-16-0042").
    ("iso", rf"(?P<y>{_Y})-(?P<m>[0-9]{{1,2}})-(?P<d>[0-9]{{1,2}})(?![0-9]|-[0-9])", False),
    ("dot", rf"(?P<y>{_Y})\.(?P<m>[0-9]{{1,2}})\.(?P<d>[0-9]{{1,2}})(?![0-9]|\.[0-9])", False),
    ("slash", rf"(?P<y>{_Y})/(?P<m>[0-9]{{1,2}})/(?P<d>[0-9]{{1,2}})(?![0-9/])", False),
    (
        "en",
        rf"(?P<mn>{_MONTH_WORD})\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_Y}))?(?![0-9])",
        False,
    ),
    (
        "en",
        # "9 April", "9th April", "the 9th of April"
        rf"(?P<d>[0-9]{{1,2}})(?:(?:st|nd|rd|th)\s+of\s+|(?:st|nd|rd|th)?\s+)(?P<mn>{_MONTH_WORD})"
        rf"(?:,?\s+(?P<y>{_Y}))?(?![0-9])",
        False,
    ),
    ("en-month", rf"(?P<mn>{_MONTH_WORD})\s+(?P<y>{_Y})(?![0-9])", False),
    ("compact", rf"(?P<y>{_Y})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])(?![0-9])", False),
    (
        "ym",
        rf"(?P<y>{_Y})\s*(?:[.\-/]|年)\s*(?P<m>0?[1-9]|1[0-2])(?![0-9.\-/])(?:\s*月份?(?![报度]))?",
        False,
    ),
    ("md", r"(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]", False),
    (
        "md-numeral",
        r"(?P<m>[〇○零一二三四五六七八九十]{1,2})月(?P<d>[〇○零一二三四五六七八九十]{1,3})[日号]",
        False,
    ),
    ("two-digit", r"(?P<y>[0-9]{2})[/_.](?P<m>[0-9]{1,2})[/_.](?P<d>[0-9]{1,2})(?![0-9])", True),
    ("md-loose", r"(?P<m>0?[1-9]|1[0-2])[./](?P<d>[0-9]{1,2})(?![0-9.])", True),
    ("day", r"(?P<d>[0-9]{1,2})\s*[日号]", False),
    ("month", r"(?P<m>[0-9]{1,2})\s*月份?", False),
    # "June 3–7, 2024": the second end of an English range is a bare day.
    # Its year is not the start of a date of its own ("iteration-4 2024-03-04").
    (
        "en-day",
        rf"(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_Y})(?![-./][0-9]))?(?![0-9])",
        False,
    ),
)
_ATOM_RE = lazy_re(
    r"(?<![0-9A-Za-z_.])(?:"
    + "|".join(
        f"(?P<a{i}>{p.replace('(?P<', f'(?P<g{i}_')})" for i, (_s, p, _l) in enumerate(_ATOMS)
    )
    + ")",
    re.I,
)
_DASH_RE = lazy_re(_DASH, re.I)
_UNTIL_NOW = lazy_re(r"\s*(?:至今|到现在|以来|to date|to present|until now)", re.I)
_WEEKDAY_AFTER = lazy_re(
    r"\s*[（(]?\s*(?:(?P<cnw>(?:星期|礼拜|周)(?P<cn>[一二三四五六日天]))"
    r"|(?P<en>Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?"
    r"|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\b\.?)",
    re.I,
)
_WEEKDAY_BEFORE = lazy_re(
    r"(?P<en>Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?"
    r"|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\.?,?\s*(?:the\s+)?$",
    re.I,
)
_BRACKETED_WEEKDAY = lazy_re(
    r"\s*[（(]\s*(?:(?:星期|礼拜|周)[一二三四五六日天]"
    r"|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?)\s*[）)]",
    re.I,
)
_WEEKDAY_CN = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return zh.cn_to_int(text)


def _atom(m: re.Match[str], loose: bool) -> DatePart | None:
    index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None and k[0] == "a")
    style, _pattern, loose_only = _ATOMS[index]
    if loose_only and not loose:
        return None
    g = {k.split("_", 1)[1]: v for k, v in m.groupdict().items() if k.startswith(f"g{index}_")}
    year = month = day = None
    misspelt = False
    if g.get("mn"):
        month, misspelt = month_from_name(g["mn"])
        if month is None:
            return None
    elif g.get("m"):
        month = _number(g["m"])
    if g.get("y"):
        y = g["y"]
        if style == "two-digit":
            year = 2000 + int(y)
        else:
            year = _number(y)
            if year is None or not 1900 <= year <= 2099:
                return None
    if g.get("d"):
        day = _number(g["d"])
        if day is None:
            return None
    if style == "compact" and not (loose or _valid(year, month, day)):
        return None
    if style in ("md-numeral",):
        style = "md"
    if style == "en-month":
        style = "en"
    return DatePart(year, month, day, style, m.start(), m.end(), misspelt)


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    return DatePart(year, month, day, "", 0, 0).valid()


# Forms that are only dates beside another date or in a heading: a lone "3月" in prose
# is usually a duration or count ("3个月" is excluded by the pattern; "3月份" is a month).
_LONE_OK = frozenset({"cn", "cn-numeral", "iso", "dot", "slash", "en", "md", "compact", "ym"})
_RANGE_END_ONLY = frozenset({"en-day"})


@lru_cache(maxsize=1024)
def find_date_exprs(text: str, loose: bool = False) -> tuple[DateExpr, ...]:
    """Every date, month and range in ``text``.

    ``loose`` (titles, headings, file names) also accepts ``2023.11``, ``6.3``, ``6/3``,
    ``23/10/16`` and lone ``8月``; in prose those are amounts and version numbers too often.
    """
    atoms: list[DatePart] = []
    pos = 0
    while (m := _ATOM_RE.search(text, pos)) is not None:
        # "6/3（周一）", "23/10/16（星期一）": a weekday in brackets makes a loose form a
        # date in prose too.
        part = _atom(m, loose or _BRACKETED_WEEKDAY.match(text, m.end()) is not None)
        if part is not None:
            atoms.append(part)
            pos = m.end()
        else:
            # "ran from 2024-03-04": "from 2024" is no month and year; look again
            # from the next character, so the date after it is not lost.
            pos = m.start() + 1
    out: list[DateExpr] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None:
            dash = _DASH_RE.fullmatch(text, a.end, b.start)
            if dash is not None and _joins(a, b):
                if (
                    a.style in ("md-loose", "two-digit", "day", "month")
                    and not loose
                    and a.year is None
                ) and a.style in ("md-loose", "two-digit"):
                    i += 1
                    continue
                expr = DateExpr(a.start, b.end, "range", a, b)
                out.append(_with_weekday(text, expr))
                i += 2
                continue
        weekday = a.style in ("md-loose", "two-digit") and (
            _BRACKETED_WEEKDAY.match(text, a.end) is not None
        )
        if (
            a.style in _LONE_OK
            or weekday
            or (loose and a.style in ("month", "md-loose", "two-digit"))
        ):
            # "2023.11" in prose is as often an amount; "2023年11月" is a month.
            if a.style == "ym" and not loose and "年" not in text[a.start : a.end]:
                i += 1
                continue
            if a.style == "compact" and not loose and text[a.end : a.end + 1] not in ("号", "日"):
                i += 1  # an 8-digit number in prose is a date only in context (see D116)
                continue
            until = _UNTIL_NOW.match(text, a.end)
            kind = "date" if a.day is not None else "month"
            now = bool(until and not text[until.start() : until.end()].strip().startswith("以来"))
            expr = DateExpr(a.start, until.end() if now and until else a.end, "range" if now else kind,
                            a, None, until_now=now)  # fmt: skip
            out.append(_with_weekday(text, expr))
        i += 1
    return tuple(out)


def _joins(a: DatePart, b: DatePart) -> bool:
    """Whether ``b`` can be the second end of a range that starts with ``a``."""
    if b.style == "en-day":
        return a.style == "en" and a.day is not None
    if a.style == "en-day":
        return False
    if b.style == "day":
        return a.day is not None
    if b.style == "month":
        return a.month is not None and a.day is None
    if a.style == "day" or a.style == "month":
        return False
    # 2023.10.16-10.20: a loose month-day after a full date.
    return not (a.day is None and b.day is not None and b.year is None)


def _with_weekday(text: str, expr: DateExpr) -> DateExpr:
    w = _WEEKDAY_AFTER.match(text, expr.end)
    if w is not None and expr.kind == "date":
        n = _WEEKDAY_CN[w.group("cn")] if w.group("cn") else _WEEKDAY_EN[w.group("en")[:3].lower()]
        span = w.span("cnw") if w.group("cn") else w.span("en")
        return _replace(expr, weekday=n, weekday_span=span)
    if expr.kind == "date" and expr.begin is not None and expr.begin.style == "en":
        b = _WEEKDAY_BEFORE.search(text[max(0, expr.start - 12) : expr.start])
        if b is not None:
            offset = max(0, expr.start - 12)
            return _replace(expr, weekday=_WEEKDAY_EN[b.group("en")[:3].lower()],
                            weekday_span=(offset + b.start("en"), offset + b.end("en")))  # fmt: skip
    return expr


def _replace(expr: DateExpr, **changes: object) -> DateExpr:
    from dataclasses import replace

    return replace(expr, **changes)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- named periods

_CN_NUM = "一二三四五六七八九十"
_WEEK_RE = lazy_re(
    rf"第\s*(?P<a>[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})\s*(?:[—\-–~至到、和]\s*(?:第\s*)?(?P<b>[0-9]{{1,2}}|[{_CN_NUM}]{{1,3}})\s*)?周"
    r"|(?<![A-Za-z])(?:week|wk)[\s\-_.#]*(?P<c>[0-9]{1,2})(?:\s*(?:and|&|-|–|to|/)\s*(?P<d>[0-9]{1,2}))?(?![0-9])"
    r"|(?<![A-Za-z0-9])W(?P<e>[0-9]{1,2})(?![0-9])",
    re.I,
)
_SPRINT_RE = lazy_re(
    r"(?<![A-Za-z])(?:sprint|iteration|迭代)\s*#?\s*(?P<n>[0-9]{1,3})|第\s*(?P<c>[0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个)?(?:迭代|冲刺)",
    re.I,
)
_QUARTER_RE = lazy_re(
    rf"(?:(?P<y>{_Y})\s*年?度?\s*)?第?\s*(?P<q>[一二三四1-4])\s*季度"
    rf"|(?<![A-Za-z])Q(?P<eq>[1-4])(?:[\s\-/,]*(?P<ey>{_Y}))?\b|\b(?P<ey2>{_Y})[\s\-/]*Q(?P<eq2>[1-4])\b",
    re.I,
)
_HALF_RE = lazy_re(
    rf"(?:(?P<y>{_Y})\s*年?度?\s*)?(?P<h>上|下)半年|(?<![A-Za-z])H(?P<eh>[12])\b", re.I
)
_SCHOOL_RE = lazy_re(
    rf"(?P<y>{_Y})\s*(?:[—\-–~至/]\s*(?P<y2>{_Y})\s*)?学年(?:度)?\s*(?:第\s*(?P<t>[一二12上下])\s*学期|(?P<t2>[上下])学期)?"
)
_FISCAL_RE = lazy_re(
    rf"(?<![A-Za-z])FY\s*'?(?P<y>{_Y}|[0-9]{{2}})\b|(?P<y2>{_Y})\s*(?:财年|财政年度|会计年度)", re.I
)


def find_named_periods(text: str) -> tuple[DateExpr, ...]:
    """Weeks, sprints, quarters, halves, school years and fiscal years named in ``text``."""
    out: list[DateExpr] = []
    for m in _WEEK_RE.finditer(text):
        a = m.group("a") or m.group("c") or m.group("e")
        b = m.group("b") or m.group("d")
        n = _number(a)
        nb = _number(b) if b else None
        if n and 1 <= n <= 53:
            out.append(DateExpr(m.start(), m.end(), "week", number=n,
                                number_end=nb if nb and nb > n else None))  # fmt: skip
    for m in _SPRINT_RE.finditer(text):
        n = _number(m.group("n") or m.group("c"))
        if n:
            out.append(DateExpr(m.start(), m.end(), "sprint", number=n))
    for m in _QUARTER_RE.finditer(text):
        q = m.group("q") or m.group("eq") or m.group("eq2")
        y = m.group("y") or m.group("ey") or m.group("ey2")
        out.append(DateExpr(m.start(), m.end(), "quarter", number=_number(q),
                            year=int(y) if y else None))  # fmt: skip
    for m in _HALF_RE.finditer(text):
        h = 1 if (m.group("h") == "上" or m.group("eh") == "1") else 2
        y = m.group("y")
        out.append(DateExpr(m.start(), m.end(), "half", number=h, year=int(y) if y else None))
    for m in _SCHOOL_RE.finditer(text):
        t = m.group("t") or m.group("t2")
        term = None if t is None else 1 if t in ("一", "1", "上") else 2
        # "2022学年第二学期" names the school year 2022-2023 by its first year.
        y = int(m.group("y"))
        out.append(DateExpr(m.start(), m.end(), "school-year", number=term, year=y))
    for m in _FISCAL_RE.finditer(text):
        y = m.group("y") or m.group("y2")
        year = int(y) if len(y) == 4 else 2000 + int(y)
        out.append(DateExpr(m.start(), m.end(), "fiscal-year", year=year))
    out.sort(key=lambda e: (e.start, -(e.end - e.start)))
    return tuple(out)


# Two years run together before 年 (202021年, 20212022年) or a five-digit year (20211年).
_GARBLED_YEAR = lazy_re(r"(?<![0-9０-９A-Za-z_.\-/#])(?P<n>(?:19|20)[0-9]{3,4})\s*年")


def garbled_years(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, reading)`` for each number of 5 or 6 digits written as a year:
    two years run together (``202021年`` → “2020 or 2021”) or a year with a digit too many."""
    out = []
    for m in _GARBLED_YEAR.finditer(text):
        n = m.group("n")
        if len(n) == 6 and n[:2] in ("19", "20") and n[2:4] in ("19", "20", "21", "22"):
            reading = f"{n[:4]} or {n[:2]}{n[4:]}"
        else:
            reading = f"{n[:4]}"
        out.append((m.start("n"), m.end("n"), reading))
    return out
