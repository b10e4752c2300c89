"""The table of dated events for D109 (``data/events.yaml``), as phrases to look for.

The table has hand-written entries (``events``: each with its phrases) and series
(``series``): rows of a kind of event whose phrases follow one pattern, so the whole
series is covered, not only the sessions someone thought of:

* ``npc_sessions``: 全国人大 annual sessions (届, 次会议, opening date);
* ``cpc_congresses``: Party congresses and the plenums of each Central Committee;
* ``five_year_plans``: 六五 … 十五五, in the short and the old ordinal forms;
* ``anniversaries``: round anniversaries of a founding date.

Each phrase is an :class:`EventPhrase`, with an ``example`` (a text it matches) so that
a test can check every entry both fires and stays silent where it should.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from replint.plugin import int_to_cn

KINDS = ("before", "during", "after")

#: Before a Chinese ordinal: not the tail of a longer one (十九大 in 二十九大).
_NOT_NUMERAL = "(?<![一二三四五六七八九十])"
_CLAUSE = "[^，。；]"


class EventPhrase:
    """One phrase of the table: ``pattern`` dates a text to ``kind`` (before, during,
    after) of ``event`` on ``date``. (A plain record: the table is this module's.)"""

    __slots__ = ("date", "event", "example", "keys", "kind", "pattern", "source", "unless")

    def __init__(
        self,
        event: str,
        date: dt.date,
        kind: str,
        pattern: str,
        keys: frozenset[str],
        unless: str | None = None,
        example: str = "",
        source: str = "",
    ) -> None:
        self.event = event
        self.date = date
        self.kind = kind
        self.pattern = pattern
        self.keys = keys
        self.unless = unless
        self.example = example
        self.source = source


def parse_date(raw: object) -> dt.date:
    """``YYYY-MM-DD`` or ``YYYY-MM`` (its first day)."""
    parts = [int(x) for x in str(raw).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def phrases(table: Mapping[str, Any]) -> list[EventPhrase]:
    """Every phrase of the table: the hand-written entries, then the series."""
    out = list(_entries(table.get("events") or ()))
    series = table.get("series") or {}
    out.extend(_npc(series.get("npc_sessions") or {}))
    out.extend(_congresses(series.get("cpc_congresses") or {}))
    out.extend(_plans(series.get("five_year_plans") or {}))
    for item in series.get("anniversaries") or ():
        out.extend(_anniversary(item))
    return out


def _entries(items: Sequence[Mapping[str, Any]]) -> Iterator[EventPhrase]:
    for item in items:
        keys = frozenset(str(k) for k in item.get("keys") or ())
        examples = item.get("examples") or {}
        for kind in KINDS:
            for n, pattern in enumerate(item.get(kind) or ()):
                listed = examples.get(kind) or ()
                yield EventPhrase(
                    str(item["event"]), parse_date(item["date"]), kind, str(pattern), keys,
                    item.get("unless"), str(listed[n]) if n < len(listed) else "",
                    str(item.get("source", "")),
                )  # fmt: skip


def _npc(spec: Mapping[str, Any]) -> Iterator[EventPhrase]:
    rows = [(int(t), int(s), parse_date(d)) for t, s, d in spec.get("sessions") or ()]
    source = str(spec.get("source", ""))
    for n, (term, session, date) in enumerate(rows):
        t, s = int_to_cn(term), int_to_cn(session)
        keys = frozenset({f"{t}届全国人"})  # 十届全国人大, 第十届全国人民代表大会
        name = f"{t}届全国人大{s}次会议"
        written = (
            f"{_NOT_NUMERAL}(?:第?{t}届全国人大第?{s}次会议|第?{t}届全国人民代表大会第?{s}次会议)"
        )
        yield EventPhrase(name, date, "after", written, keys, None, f"{name}精神", source)
        if n + 1 < len(rows):
            nt, ns, ndate = rows[n + 1]
            following = f"{int_to_cn(nt)}届全国人大{int_to_cn(ns)}次会议"
            yield EventPhrase(
                following, ndate, "before", f"学习(?:宣传)?贯彻{_CLAUSE}{{0,4}}{written}精神",
                keys, None, f"学习贯彻{name}精神", source,
            )  # fmt: skip


def _congresses(spec: Mapping[str, Any]) -> Iterator[EventPhrase]:
    rows = list(spec.get("congresses") or ())
    source = str(spec.get("source", ""))
    for n, row in enumerate(rows):
        number = int(row["number"])
        c = int_to_cn(number)
        date = parse_date(row["date"])
        keys = frozenset({f"{c}大"})
        congress = f"党的{c}大"
        big = f"{_NOT_NUMERAL}(?:党的)?{c}大"
        yield EventPhrase(congress, date, "before", f"(?:迎接|喜迎|献礼){_CLAUSE}{{0,4}}{big}",
                          keys, None, f"迎接党的{c}大胜利召开", source)  # fmt: skip
        yield EventPhrase(
            congress, date, "before",
            f"为{_CLAUSE}{{0,6}}{big}{_CLAUSE}{{0,3}}(?:胜利)?召开", keys, None,
            f"为党的{c}大胜利召开营造良好氛围", source,
        )  # fmt: skip
        yield EventPhrase(
            congress, date, "after", f"{big}(?:精神|报告|胜利召开以来|以来|作出的|提出的)",
            keys, None, f"党的{c}大精神", source,
        )  # fmt: skip
        for k, raw in enumerate(row.get("plenums") or (), start=1):
            plenum = f"{_NOT_NUMERAL}(?:党的)?(?:{c}届{int_to_cn(k)}中全会|第{c}届中央委员会第{int_to_cn(k)}次全体会议)"
            plenum_keys = frozenset({f"{c}届{int_to_cn(k)}中全会", f"第{c}届中央委员会"})
            yield EventPhrase(f"党的{c}届{int_to_cn(k)}中全会", parse_date(raw), "after",
                              plenum, plenum_keys, None, f"{c}届{int_to_cn(k)}中全会精神", source)  # fmt: skip
        if n + 1 < len(rows):
            # Studying this congress or its plenums as this year's task, once the next
            # congress has met; "党的十九大以来" (history) is not this phrase.
            nc = int_to_cn(int(rows[n + 1]["number"]))
            study = (
                f"学习(?:宣传)?贯彻{_CLAUSE}{{0,6}}{_NOT_NUMERAL}(?:党的)?"
                f"{c}(?:大|届[一二三四五六七]中全会)(?:和{_CLAUSE}{{0,12}})?精神"
            )
            yield EventPhrase(f"党的{nc}大", parse_date(rows[n + 1]["date"]), "before", study,
                              frozenset({f"{c}大", f"{c}届"}), None, f"学习贯彻党的{c}大精神", source)  # fmt: skip


def _plans(spec: Mapping[str, Any]) -> Iterator[EventPhrase]:
    source = str(spec.get("source", ""))
    for row in spec.get("plans") or ():
        number, first = int(row["number"]), int(row["first"])
        c = int_to_cn(number)
        noun = "计划" if number <= 10 else "规划"
        short = f'{_NOT_NUMERAL}[“"]?{c}五(?!五)[”"]?'
        ordinal = f"第{c}个五年(?:计划|规划)"
        named = f"(?:{short}(?:{noun})?|{ordinal})"
        keys = frozenset({f"{c}五", f"第{c}个五年"})
        event = f"“{c}五”{noun}（{first}—{first + 4}年）"
        yield EventPhrase(
            event, dt.date(first + 4, 12, 31), "before",
            f"(?:实施|落实|推进|执行){_CLAUSE}{{0,4}}(?:{short}{noun}|{ordinal})",
            keys, None, f"深入实施“{c}五”{noun}", source,
        )  # fmt: skip
        yield EventPhrase(event, dt.date(first, 1, 1), "during",
                          f"{named}(?:的)?(?:开局之年|第一年|起步之年)", keys, None,
                          f"“{c}五”{noun}开局之年", source)  # fmt: skip
        yield EventPhrase(event, dt.date(first + 4, 1, 1), "during",
                          f"{named}(?:的)?(?:收官之年|最后一年|决胜之年)", keys, None,
                          f"“{c}五”{noun}收官之年", source)  # fmt: skip


def _anniversary(item: Mapping[str, Any]) -> Iterator[EventPhrase]:
    base, subject = int(item["base"]), str(item["subject"])
    source = str(item.get("source", ""))
    for number in item.get("numbers") or ():
        k = int(number)
        n = f"(?:{k}|{int_to_cn(k)})"
        year = base + k
        event = f"{item['name']}{k}周年（{year}年）"
        keys = frozenset({f"{k}周年", f"{int_to_cn(k)}周年"})
        unless = "大会上的(?:重要)?讲话|讲话精神|重要讲话"
        name = str(item["name"])
        yield EventPhrase(event, dt.date(year, 1, 1), "during",
                          f"(?:庆祝|喜迎|迎接|纪念|献礼){_CLAUSE}{{0,6}}{subject}{n}周年", keys,
                          unless, f"庆祝{name}{k}周年", source)  # fmt: skip
        yield EventPhrase(event, dt.date(year, 1, 1), "during", f"今年是{_CLAUSE}{{0,8}}{subject}{n}周年",
                          keys, unless, f"今年是{name}{k}周年", source)  # fmt: skip
