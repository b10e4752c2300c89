"""Years, dates and weekdays as reports write them (2021年, 二〇二一年, 2021.3.5, 5月17日)."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import NamedTuple

from replint.infra.regexes import lazy_re
from replint.text.numerals import CN_DIGITS, CN_NUMERAL_CHARS, cn_to_int

_YEAR_AR = r"(?:19|20)[0-9]{2}"


_YEAR_CN = f"[{CN_DIGITS}]{{4}}"


# A year written out with 年. Arabic years must not continue a longer number; Chinese
# ones must not continue a longer run of numerals (三四五六七八年 is not a year).
YEAR_RE = lazy_re(
    rf"(?<![0-9０-９.])(?P<ar>{_YEAR_AR})(?![0-9])\s*年"
    rf"|(?<![{CN_NUMERAL_CHARS}])(?P<cn>{_YEAR_CN})年"
)


_RANGE_DASH = "-—–－～~至到"


class YearMention(NamedTuple):
    """``2021年``/``二〇二一年`` at ``start:end`` (``end`` is just past 年)."""

    start: int
    end: int
    year: int
    chinese: bool = False
    #: Part of a range such as ``2021—2025年`` or ``2021-2022学年`` (never a lone date).
    in_range: bool = False
    #: The first year of a range (its partner follows).
    range_start: bool = False

    @property
    def text(self) -> str:
        return f"{self.year}年"


def _cn_year_ok(digits: str) -> int | None:
    year = cn_to_int(digits)
    # Digit-by-digit only, plausible calendar years; 一二三四年 is not a year.
    if year is None or not 1900 <= year <= 2099:
        return None
    return year


_RANGE_RE = lazy_re(
    rf"(?<![0-9０-９.])(?P<a>{_YEAR_AR})\s*年?\s*[{_RANGE_DASH}]\s*(?P<b>{_YEAR_AR})(?![0-9])(?P<nian>\s*年)?"
)


_HAS_DASH = lazy_re(f"[{_RANGE_DASH}]")


def find_years(text: str) -> list[YearMention]:
    """Every written-out year in ``text``; both ends of a range (``2021—2025年``,
    ``2021年至2023年``, ``2021-2022学年``) are returned with ``in_range`` set."""
    if "年" not in text and not _HAS_DASH.search(text):
        return []
    found: dict[int, YearMention] = {}
    for m in _RANGE_RE.finditer(text):
        end_b = m.end("nian") if m.group("nian") else m.end("b")
        a_end = m.end("a") + (1 if text[m.end("a") : m.end("a") + 1] == "年" else 0)
        found[m.start("a")] = YearMention(m.start("a"), a_end, int(m.group("a")), False, True, True)
        found[m.start("b")] = YearMention(
            m.start("b"), end_b, int(m.group("b")), False, True, False
        )
    for m in YEAR_RE.finditer(text):
        if m.group("ar"):
            start = m.start("ar")
            if start in found:
                continue
            found[start] = YearMention(start, m.end(), int(m.group("ar")))
        else:
            year = _cn_year_ok(m.group("cn"))
            if year is not None:
                found[m.start("cn")] = YearMention(m.start("cn"), m.end(), year, True)
    return [found[k] for k in sorted(found)]


_EN_YEAR_RE = lazy_re(r"(?<![0-9A-Za-z\-./])((?:19|20)[0-9]{2})(?![0-9A-Za-z\-/])")


def find_english_years(text: str) -> list[YearMention]:
    """Bare years in English prose (``in 2024``, ``Q3 2024``); dates are found separately."""
    return [YearMention(m.start(1), m.end(1), int(m.group(1))) for m in _EN_YEAR_RE.finditer(text)]


_MONTHS_EN = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)


_CN_SMALL = "〇○零一二三四五六七八九十"


DATE_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2022年5月17日 / 2022年5月 (day optional) / 2022 年 5 月 17 日
    (
        "cn",
        lazy_re(
            rf"(?<![0-9０-９.])(?P<y>{_YEAR_AR})\s*年\s*(?P<m>[0-9]{{1,2}})\s*月"
            r"(?:\s*(?P<d>[0-9]{1,2})\s*[日号])?"
        ),
    ),
    # 二〇二二年五月十七日
    (
        "cn-numeral",
        lazy_re(
            rf"(?<![{CN_NUMERAL_CHARS}])(?P<y>[{CN_DIGITS}]{{4}})年(?P<m>[{_CN_SMALL}]{{1,2}})月"
            rf"(?:(?P<d>[{_CN_SMALL}]{{1,3}})[日号])?"
        ),
    ),
    (
        "iso",
        lazy_re(
            rf"(?<![0-9.\-/])(?P<y>{_YEAR_AR})-(?P<m>[0-9]{{1,2}})-(?P<d>[0-9]{{1,2}})(?![0-9]|-[0-9])"
        ),
    ),
    (
        "dot",
        lazy_re(
            rf"(?<![0-9.\-/])(?P<y>{_YEAR_AR})\.(?P<m>[0-9]{{1,2}})\.(?P<d>[0-9]{{1,2}})(?![0-9]|\.[0-9])"
        ),
    ),
    (
        "slash",
        lazy_re(
            rf"(?<![0-9.\-/])(?P<y>{_YEAR_AR})/(?P<m>[0-9]{{1,2}})/(?P<d>[0-9]{{1,2}})(?![0-9/])"
        ),
    ),
    (
        "en",
        lazy_re(
            rf"\b(?P<mn>{_MONTH_NAME})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR_AR})\b"
        ),
    ),
    (
        "en",
        lazy_re(
            rf"\b(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH_NAME})\.?,?\s+(?P<y>{_YEAR_AR})\b"
        ),
    ),
)


# A month and day with no year: 5月17日 (not preceded by a year, which DATE_RES covers).
_MONTH_DAY_RE = lazy_re(r"(?<![0-9０-９年.])(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]")


#: How messages describe each date style.
STYLE_NAMES = {
    "cn": "YYYY年M月D日",
    "cn-numeral": "a date in Chinese numerals (二〇二二年五月十七日)",
    "iso": "YYYY-MM-DD",
    "dot": "YYYY.M.D",
    "slash": "YYYY/M/D",
    "en": "Month D, YYYY",
    "md": "M月D日",
}


class DateMention(NamedTuple):
    """A written date at ``start:end``; ``year``/``day`` may be missing (``2022年5月``, ``5月17日``)."""

    start: int
    end: int
    style: str
    year: int | None
    month: int
    day: int | None
    #: Offsets of the month and day numbers (for zero-padding fixes).
    month_span: tuple[int, int]
    day_span: tuple[int, int] | None

    @property
    def complete(self) -> bool:
        return self.year is not None and self.day is not None

    def valid(self) -> bool:
        """Month 1–12 and a day that exists in that month (29 Feb only in leap years)."""
        if not 1 <= self.month <= 12:
            return False
        if self.day is None:
            return True
        if self.day < 1:
            return False
        return self.day <= days_in_month(self.year, self.month)

    def as_date(self) -> _dt.date | None:
        if not self.complete or not self.valid():
            return None
        assert self.year is not None and self.day is not None
        return _dt.date(self.year, self.month, self.day)


def days_in_month(year: int | None, month: int) -> int:
    if month == 2:
        if year is None:
            return 29
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _num(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


_HAS_LATIN = lazy_re(r"[A-Za-z]{3}")


_STYLE_MARK = {"iso": "-", "dot": ".", "slash": "/"}


@lru_cache(maxsize=512)
def dates_in(text: str) -> tuple[DateMention, ...]:
    """:func:`find_dates`, remembered for the last few hundred paragraphs: several date
    rules read the same paragraphs one after another."""
    return tuple(find_dates(text))


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text`` in the styles of ``DATE_RES`` plus month-day ``5月17日``.

    Overlaps are resolved by position: the first (and then the longest) match wins.
    """
    found: list[DateMention] = []
    has_month = "月" in text
    has_latin = _HAS_LATIN.search(text) is not None
    for style, pattern in DATE_RES:
        # Each pattern needs a character the text may well lack; testing for it first
        # keeps the cost of the common paragraph (no date at all) near zero.
        if style in ("cn", "cn-numeral"):
            if not has_month or "年" not in text:
                continue
        elif style == "en":
            if not has_latin:
                continue
        elif _STYLE_MARK[style] not in text:
            continue
        for m in pattern.finditer(text):
            if style == "en":
                month: int | None = _MONTHS_EN.get(m.group("mn")[:4].lower().rstrip("t"))
                if month is None:
                    month = _MONTHS_EN.get(m.group("mn")[:3].lower())
                month_span = m.span("mn")
            else:
                month = _num(m.group("m"))
                month_span = m.span("m")
            year = _num(m.group("y"))
            if style == "cn-numeral" and (year is None or not 1900 <= year <= 2099):
                continue
            if month is None or year is None:
                continue
            day_text = m.group("d")
            day = _num(day_text) if day_text else None
            if day_text and day is None:
                continue
            found.append(
                DateMention(
                    m.start(),
                    m.end(),
                    style,
                    year,
                    month,
                    day,
                    month_span,
                    m.span("d") if day_text else None,
                )
            )
    for m in _MONTH_DAY_RE.finditer(text) if has_month else ():
        found.append(
            DateMention(
                m.start(), m.end(), "md", None, int(m.group("m")), int(m.group("d")),
                m.span("m"), m.span("d"),
            )
        )  # fmt: skip
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue
        kept.append(d)
    return kept


WEEKDAY_RE = lazy_re(
    r"(?:星期|礼拜|周)(?P<cn>[一二三四五六日天])"
    r"|\b(?P<en>Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?"
    r"|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)\b\.?"
)


_WEEKDAY_CN = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


_WEEKDAY_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


WEEKDAY_NAMES_CN = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


WEEKDAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_number(match: re.Match[str]) -> int:
    """0 = Monday … 6 = Sunday, for a match of :data:`WEEKDAY_RE`."""
    if match.group("cn"):
        return _WEEKDAY_CN[match.group("cn")]
    return _WEEKDAY_EN[match.group("en")[:3].lower()]
