"""The report period: from config, the title, the first sentence, the file name, the front
matter or the signing date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from replint.infra.regexes import lazy_re
from replint.text import zh

if TYPE_CHECKING:
    from replint.model.document import Document, Paragraph
from replint.model.analysis import Heading, Period, Signing

_WEEKDAY_TAIL = lazy_re(r"^\s*[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[）)]?")


def _find_signing(paragraphs: Sequence[Paragraph]) -> Signing | None:
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 5), -1):
        p = paragraphs[index]
        text = p.text.strip()
        if not text or len(text) > 40 or "。" in text or p.kind in ("table", "heading"):
            continue
        dates = [d for d in zh.find_dates(p.text) if d.complete]
        if not dates:
            continue
        last = dates[-1]
        # The date ends the line; before it at most an organisation name or "日期：".
        rest = _WEEKDAY_TAIL.sub("", p.text[last.end :])
        if rest.strip(" \u3000）)") == "":
            return Signing(index, last, p.text[last.start : last.end])
    return None


_HALF = lazy_re(r"^\s*度?\s*(上|下)半年")


_QUARTER = lazy_re(r"^\s*度?\s*第?\s*([一二三四1-4])\s*季度")


_MONTH = lazy_re(r"^\s*([0-9]{1,2})\s*月(?:份)?(?=工作|总结|报告|月报|汇报|$|\s)")


_WEEK = lazy_re(
    r"第\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*周|(?<![A-Za-z])W(?:eek)?[\s\-_.]*([0-9]{1,2})(?![0-9])",
    re.I,
)


_EN_QUARTER = lazy_re(r"(?<![A-Za-z])Q([1-4])\b")


_EN_HALF = lazy_re(r"(?<![A-Za-z])H([12])\b")


_FILE_YEAR = lazy_re(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9])(?=$|[^A-Za-z]|W|Q|H)")


def parse_period(text: str, source: str = "config") -> Period | None:
    """A period from a string such as ``2021``, ``2023H1``, ``2023-Q3``, ``2024-W12``,
    ``2021-2023``, ``2023年上半年``; None when it names no year. For config checks too."""
    found = _period_from_text(str(text).strip(), source, allow_month=True)
    return found


def _period_from_text(
    text: str, source: str, paragraph: int | None = None, allow_month: bool = False
) -> Period | None:
    quoted = zh.bracket_spans(text)
    years = [y for y in zh.find_years(text) if not zh.inside(quoted, y.start, y.end)]
    year = end_year = None
    span = None
    after = ""
    if years:
        y = years[0]
        year = end_year = y.year
        span = (y.start, y.end)
        if y.range_start and len(years) > 1 and years[1].in_range:
            end_year = years[1].year
            span = (y.start, years[1].end)
        after = text[span[1] :]
    else:
        m = re.search(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9])", text)
        if m:
            year = end_year = int(m.group(1))
            span = m.span(1)
            after = text[m.end() :]
    if year is None or end_year is None or span is None:
        return None
    half = quarter = month = week = None
    if end_year == year:
        if (m := _HALF.match(after)) is not None:
            half = 1 if m.group(1) == "上" else 2
        elif (m := _QUARTER.match(after)) is not None:
            quarter = int(m.group(1)) if m.group(1).isdigit() else zh.cn_to_int(m.group(1))
        else:
            m = re.match(r"^[\-.年]?\s*([0-9]{1,2})(?:\s*月)?$", after) if allow_month else None
            if m is None and source == "title":
                m = _MONTH.match(after)
            if m is not None and 1 <= int(m.group(1)) <= 12:
                month = int(m.group(1))
            if month is None and (source == "title" or allow_month):
                month = _english_month_before(text[: span[0]])
        if (w := _WEEK.search(text)) is not None:
            number = w.group(1) or w.group(2)
            value = int(number) if number.isdigit() else zh.cn_to_int(number)
            if value and 1 <= value <= 53:
                week = value
        if not (half or quarter or week):
            if (m := _EN_QUARTER.search(text)) is not None:
                quarter = int(m.group(1))
            elif (m := _EN_HALF.search(text)) is not None:
                half = int(m.group(1))
    if week:
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            week = None
    evidence = text[span[0] : span[1]] if source != "config" else text
    return Period(year, end_year, half, quarter, month, week, source, evidence, paragraph, span)


_EN_MONTH_BEFORE = lazy_re(
    r"(?<![A-Za-z])([A-Za-z]{3,9})\.?\s+(?:[0-9]{1,2}(?:st|nd|rd|th)?,?\s+)?$"
)


def _english_month_before(text: str) -> int | None:
    """The month an English title names before its year: ``Monthly report — May 2024``,
    ``Status, May 27, 2024``."""
    m = _EN_MONTH_BEFORE.search(text)
    if m is None:
        return None
    from replint.text.dates_text import month_from_name

    month, misspelt = month_from_name(m.group(1))
    return month if month is not None and not misspelt else None


def _week_from(text: str) -> int | None:
    w = _WEEK.search(text)
    if not w:
        return None
    number = w.group(1) or w.group(2)
    value = int(number) if number.isdigit() else zh.cn_to_int(number)
    return value if value and 1 <= value <= 53 else None


def _find_period(
    doc: Document,
    title: int | None,
    title_period: Period | None,
    opening_period: Period | None,
    signing: Signing | None,
) -> tuple[Period | None, str]:
    from dataclasses import replace

    paragraphs = doc.paragraphs
    configured = doc.file_settings.period
    note = ""
    if configured:
        period = parse_period(str(configured))
        if period:
            return period, ""
        note = f"config period {configured!r} is not understood"
    if title_period:
        return title_period, ""
    week_hint = _week_from(paragraphs[title].text) if title is not None else None
    if opening_period:
        if week_hint and opening_period.annual:
            return replace(opening_period, week=week_hint), ""
        return opening_period, ""
    name = PurePath(doc.path).name
    m = _FILE_YEAR.search(name)
    if m:
        period = _period_from_text(name[m.start() :], "file name")
        if period:
            period = replace(period, evidence=name, span=None)
            if week_hint and period.annual:
                period = replace(period, week=week_hint)
            return period, ""
    written = _front_matter_date(doc)
    if written is not None:
        title_text = paragraphs[title].text if title is not None else ""
        named = f"{title_text} {name} {written[2]}"
        return _period_from_front_matter(paragraphs, written[:2], named), ""
    if signing is not None and signing.date.year is not None and signing.value is not None:
        return _period_from_signing(paragraphs, signing), ""
    return None, note or (
        "no year in the title, the first sentence, the file name, the front matter or a "
        "signing date; set `period` in config"
    )


_FRONT_MATTER_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_FRONT_MATTER_DATE = lazy_re(
    r"^\s*(?:date|created|published|pubdate)\s*[:=]\s*[\"']?(?P<v>[^\"'#]+)", re.I
)
_WEEKLY_NAME = lazy_re(r"周报|周工作|周总结|周小结|周记|本周|weekly|\bweek\b", re.I)


def _front_matter_date(doc: Document) -> tuple[dt.date, str, str] | None:
    """The ``date:`` of a Markdown report's YAML or TOML front matter: the day, its
    line, and the whole front matter (whose title may say it is a weekly report)."""
    if doc.format != "md" or not doc.lines:
        return None
    closers = _FRONT_MATTER_CLOSERS.get(doc.lines[0].strip().lstrip("\ufeff"))
    if closers is None:
        return None
    found = None
    for end, line in enumerate(doc.lines[1:60], start=1):
        if line.strip() in closers:
            if found is None:
                return None
            return found[0], found[1], "\n".join(doc.lines[1:end])
        m = _FRONT_MATTER_DATE.match(line)
        if m is not None and found is None:
            dates = [d for d in zh.find_dates(m.group("v")) if d.complete]
            value = dates[0].as_date() if dates else None
            if value is not None:
                found = (value, line.strip())
    return None  # never closed: no front matter


def _period_from_front_matter(
    paragraphs: Sequence[Paragraph], written: tuple[dt.date, str], named: str
) -> Period:
    """The date a Markdown report was written (its front matter): for a weekly report,
    the week of that date; otherwise a year, guessed as from a signing date."""
    day, evidence = written
    if _WEEKLY_NAME.search(named):
        monday = day - dt.timedelta(days=day.weekday())
        sunday = monday + dt.timedelta(days=6)
        return Period(monday.year, sunday.year, source="front matter", evidence=evidence,
                      first=monday, last=sunday, kind="range", confidence="medium")  # fmt: skip
    year = _written_year(paragraphs, day, None)
    return Period(year, year, source="front matter", evidence=evidence, confidence="low")


_COMPARISON_BEFORE = lazy_re(r"(比|较|同比|与|和|跟|相比)\s*$")


def _first_sentence_period(
    paragraphs: Sequence[Paragraph],
    title: int | None,
    headings: tuple[Heading, ...],
    signing: Signing | None,
) -> Period | None:
    first_heading = headings[0].paragraph if headings else len(paragraphs)
    for index, p in enumerate(paragraphs):
        if index == title:
            continue
        if index >= first_heading or (signing and index == signing.paragraph):
            return None
        text = p.text.strip()
        if not text:
            continue
        # A salutation ("市委宣传部：") is not the first sentence.
        if len(text) <= 30 and text.endswith(("：", ":")):
            continue
        lead = len(p.text) - len(p.text.lstrip())
        spans = zh.split_sentences(p.text)
        s_start, s_end = spans[0] if spans else (0, len(p.text))
        sentence = p.text[s_start:s_end]
        for y in zh.find_years(sentence):
            if y.start - (lead - s_start if s_start == 0 else 0) > 12:
                break
            if _COMPARISON_BEFORE.search(sentence[: y.start]) or (y.in_range and not y.range_start):
                continue
            found = _period_from_text(sentence[y.start :], "first sentence", index)
            if found is None:
                continue
            span = (s_start + y.start, s_start + y.end)
            # Quote "2022年以来"/"2022年度" whole: the words after the year are what a
            # reader recognises.
            tail = re.match(r"度|以来|上半年|下半年|第?[一二三四]季度", sentence[y.end : y.end + 4])
            end = y.end + (tail.end() if tail else 0)
            return _replace_period(found, evidence=sentence[y.start : end], span=span)
        english_years = zh.find_english_years(sentence) if zh.cjk_ratio(sentence) < 0.3 else []
        for y in english_years:
            if y.start > 20:
                break
            return Period(y.year, y.year, source="first sentence", evidence=str(y.year),
                          paragraph=index, span=(s_start + y.start, s_start + y.end))  # fmt: skip
        return None
    return None


def _replace_period(period: Period, **changes: Any) -> Period:
    from dataclasses import replace

    return replace(period, **changes)


_FUTURE_CONTEXT = lazy_re(
    r"将|计划|拟|预计|力争|争取|确保|目标|规划|展望|预期|定于|到|至|明年|下一步|今后"
)


def _period_from_signing(paragraphs: Sequence[Paragraph], signing: Signing) -> Period:
    """The signing date says when a report was written, which is after the period.

    Signed in the second half of year Y: a report on Y. Signed in the first half: Y or
    the year before, whichever the text names more often (annual reports are often
    signed in the spring after their year); with no evidence, Y-1 up to March.
    """
    date = signing.date
    assert date.year is not None and signing.value is not None
    signing_text = paragraphs[signing.paragraph].text[date.start : date.end]
    chosen = _written_year(paragraphs, signing.value, signing.paragraph)
    return Period(
        chosen, chosen, source="signing date", evidence=signing_text,
        paragraph=signing.paragraph, span=(date.start, date.end),
    )  # fmt: skip


def _written_year(paragraphs: Sequence[Paragraph], day: dt.date, skip: int | None) -> int:
    """The year a report written on ``day`` most likely covers (see above)."""
    year = day.year
    if day.month >= 7:
        chosen = year
    else:
        counts = {year: 0, year - 1: 0}
        for index, p in enumerate(paragraphs):
            if index == skip:
                continue
            for y in zh.find_years(p.text):
                if y.year in counts:
                    lo, _hi = zh.clause_around(p.text, y.start)
                    if not _FUTURE_CONTEXT.search(p.text[lo : y.start]):
                        counts[y.year] += 1
        if counts[year - 1] != counts[year]:
            chosen = max(counts, key=lambda k: counts[k])
        else:
            chosen = year - 1 if day.month <= 3 else year
    return chosen
