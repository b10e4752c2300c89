"""Chinese-text helpers: numerals, years and dates with offsets, sentences, lazy jieba.

Everything here keeps character offsets into the text it was given, because findings
must point at exact columns. That is why numerals and dates are read with our own
regexes and converters rather than a library that rewrites the string (cn2an's
``transform`` loses offsets and turns ``一是`` into ``1是``).

jieba is loaded only by :func:`words`, and only the first time a document actually
needs word boundaries (see :mod:`replint.analysis`): it costs about half a second
(deps.md §2), several times the rest of start-up. Its dictionary cache goes to a
per-user directory, never the shared temp directory, and its logger is silenced.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from replint.infra import regexes
from replint.infra.regexes import lazy_re

# --------------------------------------------------------------------------- characters

_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of CJK ideographs. Shared by every module that looks for Chinese text: a class
# this wide costs 1-3 ms to compile each time a pattern spells it out (the compiler
# walks all 28,000 code points), so it is spelled out in as few patterns as possible.
CJK_RUN = lazy_re(f"[{_CJK_RANGES}]+")
# For patterns that need "a Chinese character" in several places: a letter that is not
# an ASCII letter or digit. In Chinese text that is an ideograph (kana, hangul or
# Cyrillic letters next to Chinese words are rare enough not to matter), and as a
# category test it compiles in microseconds.
HANZI_LIKE = r"[^\W\d_A-Za-z]"
_LATIN_RUN = lazy_re(r"[A-Za-z]+")


def has_cjk(text: str) -> bool:
    """Does ``text`` contain a CJK ideograph?"""
    return CJK_RUN.search(text) is not None


def is_cjk(ch: str) -> bool:
    """True when ``ch`` (or its first character) is a CJK ideograph, not CJK punctuation."""
    if not ch:
        return False
    code = ord(ch[0])
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among letters (ideographs plus Latin letters).

    Latin words are counted by letters, so an English report with a few Chinese names
    still comes out near 0 and a Chinese report with English acronyms near 1.
    """
    han = sum(map(len, CJK_RUN.findall(text)))
    # Weigh Latin letters down: one Chinese character carries about a word's meaning.
    latin = sum(map(len, _LATIN_RUN.findall(text))) / 3
    total = han + latin
    return han / total if total else 0.0


# --------------------------------------------------------------------------- numerals

# Digits as they appear in Chinese years and counts. ○ (U+25CB), O/Ｏ and 0/０ stand in for
# 〇 in many real documents (deps.md §4), so they are read as zero too.
_DIGIT = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0, "０": 0,
    "一": 1, "壹": 1, "1": 1,
    "二": 2, "贰": 2, "两": 2, "2": 2,
    "三": 3, "叁": 3, "3": 3,
    "四": 4, "肆": 4, "4": 4,
    "五": 5, "伍": 5, "5": 5,
    "六": 6, "陆": 6, "6": 6,
    "七": 7, "柒": 7, "7": 7,
    "八": 8, "捌": 8, "8": 8,
    "九": 9, "玖": 9, "9": 9,
}  # fmt: skip
_UNIT = {"十": 10, "拾": 10, "廿": 20, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

CN_DIGITS = "〇○零OＯ0０一二三四五六七八九"
CN_NUMERAL_CHARS = "〇○零一二三四五六七八九十百千万两廿壹贰叁肆伍陆柒捌玖拾佰仟"


def cn_to_int(text: str) -> int | None:
    """Read a Chinese (or mixed) numeral: ``二十一`` 21, ``廿一`` 21, ``一百零八`` 108,
    ``两千零二十二`` 2022, ``一万二千`` 12000, ``贰拾壹`` 21, and digit-by-digit forms
    such as ``二〇二二``/``二○二二`` 2022. None when ``text`` is not a numeral."""
    if not text:
        return None
    if all(ch in _DIGIT for ch in text):
        # No unit characters: read digit by digit (years, phone-style numbers).
        value = 0
        for ch in text:
            value = value * 10 + _DIGIT[ch]
        return value
    total = 0  # finished groups of 万/亿
    section = 0  # the part below the current 万/亿
    digit: int | None = None  # the digit waiting for its unit; None after 零 or a unit
    largest = 1
    for ch in text:
        if ch in _DIGIT:
            value = _DIGIT[ch]
            digit = value if value else None  # 零 only holds a place (一百零八)
        elif ch == "廿":
            section += 20
            digit = None
        elif ch in _UNIT:
            # A unit with no digit before it counts once: 十二 is 12, 百 is 100.
            section += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        elif ch in _BIG:
            big = _BIG[ch]
            group = section + (digit or 0)
            if big > largest:
                total = (total + group) * big
                largest = big
            else:
                total += group * big
            section = 0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def int_to_cn(value: int) -> str:
    """Small numbers (0..99) as ordinals are written: 1 一, 10 十, 12 十二, 21 二十一."""
    digits = "〇一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    if value < 100:
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return str(value)


# --------------------------------------------------------------------------- years

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


# --------------------------------------------------------------------------- dates

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
            rf"(?<![0-9.\-/])(?P<y>{_YEAR_AR})-(?P<m>[0-9]{{1,2}})-(?P<d>[0-9]{{1,2}})(?![0-9])"
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


# --------------------------------------------------------------------------- sentences

_SENTENCE_END = lazy_re(r"[。！？!?]+[”’」』）)]*|(?<=[A-Za-z0-9)])\.(?=\s|$)[”’\"')]*")
CLAUSE_BREAK = lazy_re(r"[，,；;。！？!?：:\n]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; the end includes its closing mark and quotes."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clause_around(text: str, offset: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, sentence marks) that holds ``offset``."""
    start = 0
    for m in CLAUSE_BREAK.finditer(text, 0, offset):
        start = m.end()
    m = CLAUSE_BREAK.search(text, offset)
    return start, (m.start() if m else len(text))


def bracket_spans(text: str, open_: str = "《", close: str = "》") -> list[tuple[int, int]]:
    """Spans (including the marks) of every ``open_…close`` pair; nesting is flattened."""
    if open_ not in text:
        return []
    spans = []
    depth = 0
    start = 0
    marks = regexes.compile(f"[{re.escape(open_)}{re.escape(close)}]")
    for m in marks.finditer(text):
        i = m.start()
        if m.group() == open_:
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# --------------------------------------------------------------------------- jieba


def cache_dir() -> Path | None:
    """The per-user cache directory (created, 0700), or None when none is writable.

    ``$XDG_CACHE_HOME/replint``, else ``~/.cache/replint``, else a ``replint-<user>``
    directory under the temp dir. Never the shared temp directory itself: jieba trusts
    its cache file without checks and loads it with ``marshal`` (deps.md §2).
    """
    candidates: list[Path] = []
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        candidates.append(Path(xdg) / "replint")
    home = os.path.expanduser("~")
    if home and home != "~":
        candidates.append(Path(home) / ".cache" / "replint")
    try:
        import tempfile

        uid = os.getuid() if hasattr(os, "getuid") else os.getlogin()
        candidates.append(Path(tempfile.gettempdir()) / f"replint-{uid}")
    except (OSError, FileNotFoundError):
        pass
    for path in candidates:
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(path, os.W_OK | os.X_OK):
            return path
    return None


@cache
def _tokenizer() -> Any:
    """jieba's tokenizer, initialised once per process with our cache dir and no logging."""
    import logging

    added = "pkg_resources" not in sys.modules
    if added:
        # jieba imports pkg_resources only to find its dictionary; blocking it skips a
        # slow import and setuptools' deprecation warning (deps.md §2). Undone below so
        # that code imported later can still use pkg_resources.
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba
    finally:
        if added and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.CRITICAL)
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    directory = cache_dir()
    # With no writable directory jieba still works: it logs (silenced) that it could not
    # dump its cache and rebuilds the dictionary next time. Pointing it at an existing
    # directory keeps it from calling tempfile.gettempdir(), which raises when no
    # temporary directory is usable at all.
    tokenizer.tmp_dir = str(directory) if directory else os.getcwd()
    tokenizer.initialize()
    return tokenizer


def words(text: str) -> tuple[tuple[str, int, int], ...]:
    """``(word, start, end)`` for each word of ``text``, by jieba's dictionary (no HMM).

    HMM guessing is off so that only dictionary words join characters: we use words to
    reject a match that ends inside a longer word (``计划`` in ``计划生育``), and an
    invented word would reject matches for no reason.
    """
    return tuple(_tokenizer().tokenize(text, HMM=False))


def word_ends(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a jieba word ends (no HMM), for boundary checks.

    Short texts (headings) are cut with jieba's dictionary and jieba's own method (the
    most probable path through the words the dictionary knows) but without loading
    jieba: its dictionary is kept in a small SQLite file in the per-user cache, from
    which only the words of this text are read. Loading jieba costs about half a
    second per process; this costs a few milliseconds. Long texts, or a machine
    without a usable cache directory, go through jieba itself; both give the same
    result (the tests compare them).
    """
    if len(text) <= 64:
        ends = _dictionary_word_ends(text)
        if ends is not None:
            return ends
    return frozenset(end for _word, _start, end in words(text))


# jieba cuts runs of these characters; anything else is a token of its own.
_JIEBA_BLOCK = lazy_re(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")
_JIEBA_ENG = lazy_re("[a-zA-Z0-9]")


def _jieba_dictionary() -> Path | None:
    """jieba's dictionary file, found without importing jieba."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


def _build_word_db(source: Path, target: Path) -> None:
    """Copy jieba's dictionary (word, frequency) into SQLite, atomically."""
    import sqlite3

    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    total = 0
    longest = 1
    rows: dict[str, int] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2 or not parts[1].strip().isdigit():
                continue
            freq = int(parts[1])
            rows[parts[0]] = freq  # a repeated word keeps its last frequency, as in jieba
            total += freq
            longest = max(longest, len(parts[0]))
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
        conn.executemany("INSERT INTO words VALUES (?, ?)", rows.items())
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("total", total), ("longest", longest)])
        conn.commit()
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


@cache
def _word_db(pid: int) -> tuple[Any, float, int] | None:
    """(connection, log of the total frequency, longest word) or None when unavailable.

    Keyed by process id: a connection must not cross a fork into worker processes.
    """
    import math
    import sqlite3

    source = _jieba_dictionary()
    directory = cache_dir()
    if source is None or directory is None:
        return None
    # Keyed by the dictionary's size, not its time: every reinstall of jieba (each CI
    # run, each new virtualenv) gives dict.txt a new time, and each would otherwise
    # leave another 6 MB copy behind. jieba's dictionary changes only between versions,
    # and then its size changes too.
    target = directory / f"jieba-words-{source.stat().st_size}.sqlite3"
    try:
        if not target.is_file():
            _build_word_db(source, target)
            for old in directory.glob("jieba-words-*-*.sqlite3"):  # keyed by time too
                old.unlink(missing_ok=True)
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        return conn, math.log(meta["total"]), int(meta["longest"])
    except (OSError, sqlite3.Error, KeyError):
        return None


def _dictionary_word_ends(text: str) -> frozenset[int] | None:
    import math

    db = _word_db(os.getpid())
    if db is None:
        return None
    conn, log_total, longest = db
    pieces = {
        text[i:j]
        for m in _JIEBA_BLOCK.finditer(text)
        for i in range(m.start(), m.end())
        for j in range(i + 1, min(m.end(), i + longest) + 1)
    }
    freq: dict[str, int] = {}
    pieces_list = list(pieces)
    for chunk in range(0, len(pieces_list), 500):
        batch = pieces_list[chunk : chunk + 500]
        marks = ",".join("?" * len(batch))
        # Only "?" placeholders are formatted into the statement; the words are bound.
        query = f"SELECT word, freq FROM words WHERE word IN ({marks})"
        freq.update(conn.execute(query, batch))
    ends: set[int] = set()
    last = 0
    for m in _JIEBA_BLOCK.finditer(text):
        # Characters between blocks are tokens of their own.
        ends.update(range(last + 1, m.start() + 1))
        start, stop = m.start(), m.end()
        # The most probable path, computed from the end as jieba does.
        route: dict[int, tuple[float, int]] = {stop: (0.0, 0)}
        for idx in range(stop - 1, start - 1, -1):
            candidates = [
                x for x in range(idx, min(stop, idx + longest)) if freq.get(text[idx : x + 1])
            ] or [idx]
            route[idx] = max(
                (math.log(freq.get(text[idx : x + 1]) or 1) - log_total + route[x + 1][0], x)
                for x in candidates
            )
        x = start
        pending_eng = False
        while x < stop:
            y = route[x][1] + 1
            single_eng = y - x == 1 and _JIEBA_ENG.match(text[x]) is not None
            # jieba glues runs of single ASCII letters and digits into one token.
            if pending_eng and not single_eng:
                ends.add(x)
            if not single_eng:
                ends.add(y)
            pending_eng = single_eng
            x = y
        if pending_eng:
            ends.add(stop)
        last = stop
    ends.update(range(last + 1, len(text) + 1))
    return frozenset(ends)


def jieba_loaded() -> bool:
    """True when this process has imported jieba (used by tests and the bench)."""
    return "jieba" in sys.modules


def dictionary_used() -> bool:
    """True when this process has looked up word boundaries in jieba's dictionary."""
    return _word_db.cache_info().currsize > 0 or jieba_loaded()
