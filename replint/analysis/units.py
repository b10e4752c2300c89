"""The repeating units of a file that holds several reports: one per week, or the same
heading sequence over and over.

A weekly-report file often keeps every week in one file, newest first, each week
under a date heading (``# 2020-09-21 ~ 2020-09-25工作总结``) or each restarting at
``一、本周工作``. Judging such a file as one report finds "numbering restarts",
"plans before problems" and "missing parts" that are only the seams between weeks.
:func:`find_units` finds the units so that the structure rules judge each one.

Two shapes are recognised:

* **date**: two or more headings (or short lines of their own) at one level that name
  a date, a week or a month (``2024-03-04``, ``3月4日``, ``第5周``, ``Week 10``,
  ``0712 周报``);
* **sequence**: the first top-level heading's words come back as a top-level heading
  (``一、本周工作`` … ``一、本周工作``); a date line just above a repeat opens its unit.

A person's name on a line of its own above every repeat (``张三`` … ``李四`` …, all
different) opens that person's unit, as a date line does. Per-person sections inside
one week are not units of their own here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from replint.infra.regexes import lazy_re
from replint.model.analysis import Unit

if TYPE_CHECKING:
    from replint.analysis.classify import _Classifier
    from replint.model.analysis import Heading, Signing
    from replint.model.document import Paragraph

_DATE = lazy_re(
    r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|第\s*[一二三四五六七八九十0-9]+\s*周"
    r"|\bweek[\s\-_]*\d+|^\s*\d{4}\s*(?:周报|月报|日报)|^\s*\d{1,2}[./]\d{1,2}\b",
    re.I,
)
_NUMBERING = lazy_re(r"[\s\u30000-9一二三四五六七八九十、.．（）()]+")


def _norm(text: str) -> str:
    return _NUMBERING.sub("", text).lower()


def _date_line(p: Paragraph) -> bool:
    text = p.text.strip()
    return 0 < len(text) <= 40 and bool(_DATE.search(text)) and not re.search(r"[。；;]", text)


# A person's name on a line of its own: two to four Han characters, or one to three
# capitalised words ("Wang Lei").
_NAME_LINE = lazy_re(r"[\u4e00-\u9fff]{2,4}[：:]?|[A-Z][a-z]+(?: [A-Z][a-z]*\.?){0,2}:?")


def _named_repeats(
    paragraphs: Sequence[Paragraph], repeats: Sequence[Heading], title: int | None
) -> bool:
    """Whether a different name stands on its own line right above every repeat of the
    opening heading, the first one included (one section per person). A short line of
    the previous part's text comes above a later repeat, never above the first."""
    names: list[str] = []
    for h in repeats:
        above = h.paragraph - 1
        if above < 0:
            return False
        text = paragraphs[above].text.strip()
        kind_ok = paragraphs[above].kind == "text" or above == title
        if not kind_ok or not _NAME_LINE.fullmatch(text):
            return False
        names.append(text.rstrip("：:"))
    return len(set(names)) == len(names)


def find_units(
    paragraphs: Sequence[Paragraph],
    headings: tuple[Heading, ...],
    title: int | None,
    signing: Signing | None,
    classifier: _Classifier,
) -> tuple[Unit, ...]:
    """The units of a file holding several reports; empty for a single report."""
    end = len(paragraphs) - 1
    if signing is not None and signing.paragraph == end:
        end -= 1
    starts: list[tuple[int, int | None, str, str]] = []  # paragraph, heading, how, label
    dated = [
        (k, h) for k, h in enumerate(headings) if _DATE.search(h.text) and h.paragraph != title
    ]
    if len(dated) >= 2:
        top = min(h.level for _, h in dated)
        dated = [(k, h) for k, h in dated if h.level == top]
    if len(dated) >= 2:
        starts = [(h.paragraph, k, "date", h.text) for k, h in dated]
    else:
        tops = [(k, h) for k, h in enumerate(headings) if h.parent is None]
        if tops:
            opening = _norm(tops[0][1].text)
            repeats = [(k, h) for k, h in tops if opening and _norm(h.text) == opening]
            # A sequence: other top-level headings come after each repeat (a label such
            # as "遗留问题：" repeated under every task is not a unit).
            places = [n for n, (_, h) in enumerate(tops) if opening and _norm(h.text) == opening]
            spaced = all(b - a >= 2 for a, b in pairwise([*places, len(tops) + 1]))
            if len(repeats) >= 2 and spaced:
                named = _named_repeats(paragraphs, [h for _, h in repeats], title)
                for k, h in repeats:
                    at = h.paragraph
                    if at > 0 and at - 1 != title and _date_line(paragraphs[at - 1]):
                        at -= 1  # "2024年3月4日-3月8日" above "一、本周工作"
                    elif named and at > 0 and at - 1 != title:
                        at -= 1  # "张三" above "一、本周工作"
                    starts.append((at, k, "sequence", paragraphs[at].text.strip()[:40]))
    if len(starts) < 2:
        return ()
    heading_at = {h.paragraph: h for h in headings}
    units: list[Unit] = []
    for n, (first, heading, how, label) in enumerate(starts):
        last = starts[n + 1][0] - 1 if n + 1 < len(starts) else end
        kinds: set[str] = set()
        for i in range(first, last + 1):
            here = heading_at.get(i)
            if here is not None:
                kinds |= here.kinds or classifier.classify(here.text, strict=True).kinds
            else:
                kinds |= classifier.opener(paragraphs[i].text).kinds
        units.append(Unit(first, max(first, last), heading, how, label, frozenset(kinds)))
    return tuple(units)
