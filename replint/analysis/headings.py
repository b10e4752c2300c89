"""THE heading recogniser: the title, numbered, run-in, colon, Markdown and Word headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from replint.infra import regexes
from replint.infra.regexes import lazy_re
from replint.text import zh

if TYPE_CHECKING:
    from replint.model.document import Document, Paragraph
from replint.analysis.classify import _Classifier
from replint.model.analysis import Signing

_REPORT_WORDS = lazy_re(
    r"总结|报告|述职|汇报|周报|月报|季报|年报|计划|要点|情况|材料|发言|讲话|自查|"
    r"report|status|update|summary|weekly|review|retrospective|recap",
    re.I,
)


_ORDINAL_START = lazy_re(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、，.．]|[（(][一二三四五六七八九十0-9]+[）)]|"
    r"[0-9]{1,2}[.．、](?![0-9])|[①-⑳]|第[一二三四五六七八九十0-9]+(?:部分|章|篇|节))"
)


def _find_title(paragraphs: Sequence[Paragraph], language: str) -> int | None:
    if not paragraphs:
        return None
    first = paragraphs[0]
    if first.kind == "title":
        return 0
    text = first.text.strip()
    if first.kind == "heading":
        # The only heading at the top markup level, first in the file ("# 标题" or a
        # "## 0901 周报" above "###" parts), is the title.
        levels = [p.level or 1 for p in paragraphs if p.kind == "heading"]
        top = min(levels)
        if (first.level or 1) == top and levels.count(top) == 1 and len(paragraphs) > 1:
            return 0
        return None
    if first.kind != "text" or not text or _ORDINAL_START.match(text):
        return None
    limit = 60 if language == "zh" else 100
    if len(text) > limit or re.search(r"[。；;：:，]\s*$|[。！？]", text):
        return None
    if language == "en" and re.search(r"[.!?]$", text):
        return None
    if _REPORT_WORDS.search(text):
        return 0
    return None


_LEAD = lazy_re(r"^(?:[\s\u3000]|#{1,6}\s|(?:##|\$\$)[A-Za-z_]+(?:##|\$\$))*")


_PART = lazy_re(
    r"第(?P<n>[一二三四五六七八九十百零〇]+|[0-9]+)(?P<u>部分|章|篇|节)[\s\u3000、：:]*"
)


_L1 = lazy_re(r"(?P<n>[一二三四五六七八九十]{1,3})\s*(?P<sep>[、，,．.])\s*")


_L1_NOT = lazy_re(r"[一二三四五六七八九十]+\s*(?:季度|类|级|等|批|期|档|产业|线|号)")


_L2 = lazy_re(
    r"(?P<o>[（(])\s*(?P<n>[一二三四五六七八九十]{1,3})\s*(?P<c>[）)])(?P<sep>[、，,．.]?)\s*"
)


_L3 = lazy_re(r"(?P<n>[0-9]{1,2})\s*(?P<sep>[.．、])(?![0-9])\s*")


_L4 = lazy_re(r"(?P<o>[（(])\s*(?P<n>[0-9]{1,2})\s*(?P<c>[）)])(?P<sep>[、，,．.]?)\s*")


_L5 = lazy_re(r"(?P<n>[①-⑳])\s*")


_RUN_IN_END = lazy_re(r"[。！？!?]")


_COLON_ZH = lazy_re(r"(?P<t>[^\s：:，。；,;]{1,16})[：:]")


_COLON_EN = lazy_re(r"(?P<t>[A-Za-z][A-Za-z0-9 /&'’\-]{0,40}?)\s*:(?!//)")


# Every numbered heading starts with one of these (a cheap test before six regexes).
_ORDINAL_FIRST = frozenset("第一二三四五六七八九十（(0123456789") | frozenset(
    map(chr, range(0x2460, 0x2474))
)


class _Ordinal:
    """A heading's ordinal as written (a private record)."""

    __slots__ = ("after", "form", "number", "rank", "span")

    def __init__(
        self, form: str, rank: int, number: int | None, span: tuple[int, int], after: int
    ) -> None:
        self.form = form
        self.rank = rank
        self.number = number
        self.span = span  # the number with its marks
        self.after = after  # where the heading text starts


def _ordinal(text: str, at: int, english: bool) -> _Ordinal | None:
    m = _PART.match(text, at)
    if m:
        n = m.group("n")
        return _Ordinal(
            f"第一{m.group('u')}",
            0,
            int(n) if n.isdigit() else zh.cn_to_int(n),
            (at, m.end()),
            m.end(),
        )
    if not english:
        m = _L1.match(text, at)
        # "一、二季度…" lists two quarters; it is prose, not heading 一.
        if m and not _L1_NOT.match(text, m.end()):
            sep = m.group("sep")
            return _Ordinal(f"一{sep}", 1, zh.cn_to_int(m.group("n")), (at, m.end("sep")), m.end())
        m = _L2.match(text, at)
        if m:
            form = f"{m.group('o')}一{m.group('c')}{m.group('sep')}"
            return _Ordinal(
                form, 2, zh.cn_to_int(m.group("n")), (at, m.end("c") + len(m.group("sep"))), m.end()
            )
    m = _L3.match(text, at)
    if m:
        return _Ordinal(f"1{m.group('sep')}", 3, int(m.group("n")), (at, m.end("sep")), m.end())
    m = _L4.match(text, at)
    if m:
        form = f"{m.group('o')}1{m.group('c')}{m.group('sep')}"
        return _Ordinal(form, 4, int(m.group("n")), (at, m.end("c") + len(m.group("sep"))), m.end())
    m = _L5.match(text, at)
    if m:
        return _Ordinal("①", 5, ord(m.group("n")) - ord("①") + 1, (at, m.end("n")), m.end())
    return None


def _heading_extent(text: str, start: int, english: bool) -> tuple[int, int, bool]:
    """Where a numbered heading's words end, where the heading ends, and whether body
    text follows on the same paragraph (a run-in heading, or an item that is a sentence)."""
    m = _RUN_IN_END.search(text, start)
    colon = regexes.compile(r"[：:]").search(text, start)
    if (
        colon
        and (m is None or colon.start() < m.start())
        and colon.start() - start <= 30
        and text[colon.end() :].strip()
    ):
        return colon.start(), colon.end(), True
    if m:
        rest = text[m.end() :].strip()
        return m.start(), m.end(), bool(rest)
    stripped = text.rstrip()
    words_end = len(stripped)
    # A long numbered line, or one ending like a clause, is an item with its own body.
    long_limit = 120 if english else 40
    if stripped[-1:] in "；;，," or len(stripped) - start > long_limit:
        return words_end, len(text), True
    return words_end, len(text), False


def _find_headings(
    doc: Document,
    title: int | None,
    signing: Signing | None,
    language: str,
    classifier: _Classifier,
) -> list[dict[str, Any]]:
    """Every heading, as the keyword arguments of :class:`Heading` (level, parent and
    classification are added later; building the frozen values once is cheaper)."""
    english = language == "en"
    found: list[dict[str, Any]] = []
    for index, p in enumerate(doc.paragraphs):
        if index == title or (signing and index == signing.paragraph):
            continue
        if p.kind in ("list", "table", "title"):
            continue
        text = p.text
        lead = _LEAD.match(text)
        at = lead.end() if lead else 0
        if at >= len(text.rstrip()):
            continue
        markup = p.kind == "heading"
        ordinal = _ordinal(text, at, english) if text[at] in _ORDINAL_FIRST else None
        if english and ordinal is not None and not markup:
            # "1. Shipped the importer." is a list item; "1. Accomplishments" a heading.
            rest = text[ordinal.after :].strip()
            if len(rest.split()) > 6 or rest.endswith("."):
                ordinal = None
        if markup or ordinal is not None:
            start = ordinal.after if ordinal else at
            if markup:
                words_end = len(text.rstrip())
                words_end = len(text[:words_end].rstrip("：:。 "))
                end, run_in = len(text), False
            else:
                words_end, end, run_in = _heading_extent(text, start, english)
            words = text[start:words_end].strip()
            form = ordinal.form if ordinal else ("docx" if doc.format == "docx" else "markdown")
            found.append(
                dict(
                    paragraph=index,
                    line=p.line,
                    form=form,
                    rank=ordinal.rank if ordinal else None,
                    number=ordinal.number if ordinal else None,
                    number_span=ordinal.span if ordinal else None,
                    text=words,
                    text_span=(start, start + len(text[start:words_end].rstrip())),
                    end=end,
                    run_in=run_in,
                    markup_level=(p.level or 1) if markup else None,
                    auto_numbered=p.numbered,
                )
            )
            continue
        # Unnumbered headings: "本周完成：…", "Next steps:", or a bare "存在问题" line.
        colon = (_COLON_EN if english else _COLON_ZH).match(text, at)
        if colon and (not english or len(colon.group("t").split()) <= 5):
            words = colon.group("t").strip()
            match = classifier.classify(words, strict=True)
            if match.kinds:
                found.append(
                    dict(
                        paragraph=index,
                        line=p.line,
                        form="colon",
                        rank=None,
                        number=None,
                        number_span=None,
                        text=words,
                        text_span=(colon.start("t"), colon.start("t") + len(words)),
                        end=colon.end(),
                        run_in=bool(text[colon.end() :].strip()),
                        kinds=match.kinds,
                        matched=match.matched,
                    )
                )
                continue
        bare = text[at:].strip()
        short = len(bare.split()) <= 5 if english else len(bare) <= 16
        if short and not re.search(r"[。，,；;！!？?]|[.]$", bare):
            match = classifier.classify(bare, strict=True)
            if match.kinds:
                found.append(
                    dict(
                        paragraph=index,
                        line=p.line,
                        form="plain",
                        rank=None,
                        number=None,
                        number_span=None,
                        text=bare,
                        text_span=(at, at + len(bare)),
                        end=len(text),
                        run_in=False,
                        kinds=match.kinds,
                        matched=match.matched,
                    )
                )
    return found


def _drop_list_items(
    doc: Document, headings: list[dict[str, Any]], classifier: _Classifier
) -> list[dict[str, Any]]:
    """Numbered lines that are the items of a list, not headings of parts.

    A run of numbered lines of one form, numbered on from each other, none of which has
    a paragraph of its own under it or its text run in after a 。 or a colon (``1、完成接口开发`` ``2、修复缺陷3个``), is a list: its
    items say what they have to say; so are the items next to such a run that carry a
    line or two of their own. A line in such a run that names a part of the report
    (``2、存在的问题``) stays a heading.
    """
    n = len(headings)
    drop: set[int] = set()
    i = 0
    while i < n:
        h = headings[i]
        if h["rank"] is None or h.get("markup_level") is not None:
            i += 1
            continue
        j = i
        while j + 1 < n:
            cur, nxt = headings[j], headings[j + 1]
            if (
                nxt["rank"] != h["rank"]
                or nxt.get("markup_level") is not None
                or nxt["form"] != h["form"]
                or nxt["number"] != (cur["number"] or 0) + 1
                or nxt["paragraph"] != cur["paragraph"] + 1
            ):
                break
            j += 1
        if j > i and not any(_run_in_heading(doc, headings[k]) for k in range(i, j + 1)):
            # The list goes on through items that have a line or two of their own.
            first, last = i, j
            while first > 0 and _continues(headings[first - 1], headings[first]):
                first -= 1
            while last + 1 < n and _continues(headings[last], headings[last + 1]):
                last += 1
            for k in range(first, last + 1):
                if not classifier.classify(headings[k]["text"], strict=True).kinds:
                    drop.add(k)
            j = last
        i = j + 1
    return [h for k, h in enumerate(headings) if k not in drop]


def _run_in_heading(doc: Document, h: dict[str, Any]) -> bool:
    """``（一）加强学习。全年……`` or ``1、占地面积：……``: a heading with its text run in."""
    if not h["run_in"]:
        return False
    text = doc.paragraphs[h["paragraph"]].text
    return text[h["end"] - 1 : h["end"]] in ("。", "：", ":", "！", "？")


def _continues(cur: dict[str, Any], nxt: dict[str, Any]) -> bool:
    """``nxt`` is the next item of the list ``cur`` is in, a few lines further on."""
    return (
        nxt["rank"] == cur["rank"]
        and nxt["form"] == cur["form"]
        and nxt.get("markup_level") is None
        and nxt["number"] == (cur["number"] or 0) + 1
        and nxt["paragraph"] - cur["paragraph"] <= 4
    )


def _build_tree(headings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest headings: Markdown/Word levels first, then the numbering ladder below them."""
    markup = [h["markup_level"] for h in headings if h.get("markup_level")]
    base = max(markup, default=0)

    def depth(h: dict[str, Any]) -> float:
        # A Markdown/Word heading sits at its markup level whatever number it carries
        # ("# 一、…" above "## …"); numbered lines of plain text nest below them all.
        if h.get("markup_level") is not None:
            return float(h["markup_level"])
        if h["rank"] is not None:
            return base + 1 + h["rank"]
        return base + 1.5  # colon and bare headings sit just above 一、

    stack: list[tuple[float, int]] = []
    for i, h in enumerate(headings):
        d = depth(h)
        while stack and stack[-1][0] >= d:
            stack.pop()
        h["parent"] = stack[-1][1] if stack else None
        h["level"] = len(stack) + 1
        stack.append((d, i))
    return headings
