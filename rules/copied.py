"""Copied blocks, headings and openings (R106-R108): the same items or heading pasted twice.

R101 compares prose paragraphs one by one and leaves out headings, list items and short
lines. Copies of those are found here, by what they look like as a whole: a run of
items repeated word for word, one person's items repeated under the next person, a
heading written twice under one parent, or a heading copied into the next week with
last week's number still in it, or a paragraph that is the cut-off opening of the next.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from replint.plugin import Document, Finding, Heading, Rule, Severity, cn_to_int, regexes

# A paragraph counts towards a copied run when it has at least this many characters
# (spaces and punctuation ignored; three Latin letters count as one).
MIN_ITEM = 8
# A copied run of items must hold at least this much text in all.
MIN_RUN = 20
# A section body copied under a sibling heading must hold at least this much.
MIN_BODY = 6

# A unit number in a heading: Week 9, Sprint 3, 第9周, 第十二周.
_UNIT_NUMBER = regexes.lazy_re(
    r"(?i)\b(?:week|sprint|iteration)\s*#?\s*(\d{1,3})\b|第\s*([0-9一二三四五六七八九十]{1,4})\s*[周期]"
)


# An item's own number or bullet (1、 2. （3） - •), which a copied run renumbers.
_ITEM_MARK = regexes.lazy_re(
    r"^\s*(?:[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）.、．]|[-*+•·●▪]\s)\s*"
)


def _norm(text: str) -> str:
    from replint.plugin import normalize

    return normalize(text)


def _item_norm(text: str) -> str:
    """The paragraph normalised without its item number: a copied run renumbers."""
    return _norm(_ITEM_MARK.sub("", text, count=1))


def _size(norm: str) -> float:
    """Characters, with three Latin letters or digits counted as one."""
    latin = len(norm.encode("ascii", "ignore"))  # the ASCII characters, counted in C
    return (len(norm) - latin) + latin / 3


def _quote(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CopiedBlock(Rule):
    """A run of items, or a section's items, repeated word for word.

    ## What it does
    Finds two or more consecutive paragraphs (list items, numbered lines, short
    paragraphs) that repeat an earlier run word for word, and the items under one
    heading repeated under a sibling heading (one person's bullets copied into the
    next person's part of a team report).

    ## Why is this bad?
    A block pasted twice, or a colleague's items pasted under your own name, tells the
    reader nothing new and makes the whole report look copied. R101 compares long
    prose paragraphs one at a time and misses short items and numbered lines.

    ## Example
        ## 张三
        1. 补丁测试：修复开始菜单数据不同步的问题
        ## 李四
        1. 补丁测试：修复开始菜单数据不同步的问题

    ## Use instead
    Delete the copy, or write what the second person (or the later part) did.

    Paragraphs that R101 reports one by one (prose compared as a whole) and copies of
    the title (R104's) do not count towards a run. Short template lines that every
    week repeats (`无`, `暂无`) are too short to count.
    """

    code = "R106"
    name = "copied-block"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paras = doc.paragraphs
        if len(paras) < 2:
            return
        norms = [_item_norm(p.text) for p in paras]
        headings = {h.paragraph: h for h in doc.analysis.headings}
        reported: set[int] = set()
        yield from self._runs(doc, norms, headings, reported)
        yield from self._sibling_bodies(doc, norms, reported)

    def _runs(
        self,
        doc: Document,
        norms: Sequence[str],
        headings: Mapping[int, Heading],
        reported: set[int],
    ) -> Iterator[Finding]:
        paras = doc.paragraphs
        others = _OtherRules(doc)
        first_at: dict[str, list[int]] = {}
        i = 0
        while i < len(paras):
            norm = norms[i]
            earlier = first_at.get(norm, []) if _size(norm) >= MIN_ITEM else []
            best = 0
            best_j = -1
            for j in earlier:
                k = 0
                while i + k < len(paras) and j + k < i and norms[i + k] == norms[j + k]:
                    if not norms[i + k]:
                        break
                    k += 1
                if k > best:
                    best, best_j = k, j
            if best >= 2:
                run = range(i, i + best)
                items = [
                    n
                    for n in run
                    if n not in headings
                    and _size(norms[n]) >= MIN_ITEM
                    and not others.reported(n, best_j + n - i)
                ]
                if len(items) >= 2 and sum(_size(norms[n]) for n in run) >= MIN_RUN:
                    first, last = paras[i], paras[i + best - 1]
                    reported.update(run)
                    yield self.finding(
                        doc,
                        first,
                        0,
                        len(first.text),
                        f"{best} paragraphs repeat lines {paras[best_j].position(0)[0]}-"
                        f"{paras[best_j + best - 1].position(0)[0]} word for word "
                        f"(“{_quote(first.text)}” … “{_quote(last.text)}”): delete the copy",
                    )
                    for n in run:
                        first_at.setdefault(norms[n], []).append(n)
                    i += best
                    continue
            first_at.setdefault(norm, []).append(i)
            i += 1

    def _sibling_bodies(
        self, doc: Document, norms: Sequence[str], reported: set[int]
    ) -> Iterator[Finding]:
        paras = doc.paragraphs
        hs = doc.analysis.headings
        bodies: dict[tuple[int | None, int, str], tuple[Heading, range]] = {}
        for n, h in enumerate(hs):
            after = (x.paragraph for x in hs[n + 1 :] if x.level <= h.level)
            stop = next(after, len(paras))
            body = range(h.paragraph + 1, stop)
            if any(x.paragraph in body and x.level > h.level for x in hs[n + 1 :]):
                continue  # a week holding persons: the same one-line task may go on
            text = "".join(norms[b] for b in body)
            if _size(text) < MIN_BODY:
                continue
            key = (h.parent, h.level, text)
            before = bodies.get(key)
            if before is None:
                bodies[key] = (h, body)
                continue
            if _norm(before[0].text) == _norm(h.text) or any(b in reported for b in body):
                continue  # the same heading twice is R107's
            items = [b for b in body if norms[b]]
            first = paras[items[0]]
            reported.update(body)
            yield self.finding(
                doc,
                first,
                0,
                len(first.text),
                f"the items under “{_quote(h.text)}” repeat those under “{_quote(before[0].text)}” "
                f"(line {before[0].line}) word for word: write what was done here, or delete them",
            )


class _OtherRules:
    """Which copied paragraphs R101 (a prose paragraph repeated) or R104 (the title
    repeated) report already: a run made only of those is theirs, not R106's."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._compared: frozenset[int] | None = None
        title = doc.analysis.title
        self._title = _norm(doc.paragraphs[title].text) if title is not None else None

    def reported(self, n: int, earlier: int) -> bool:
        paras = self._doc.paragraphs
        if self._title is not None and _norm(paras[n].text) == self._title:
            return True
        if self._compared is None:
            from .repetition import DEFAULT_MIN_LENGTH, shared_passages

            passages = shared_passages(self._doc, DEFAULT_MIN_LENGTH)
            self._compared = frozenset(p.paragraph for p in passages)
        return (
            n in self._compared
            and earlier in self._compared
            and _norm(paras[n].text) == _norm(paras[earlier].text)
        )


class RepeatedHeading(Rule):
    """A heading written twice under one parent, or copied with another week's number.

    ## What it does
    Finds a heading whose text repeats the sibling heading just before it (same parent,
    same level, no other sibling between), and a heading copied from the previous unit of a log with that unit's
    number still in it (`### Week 9 survey` under `## Week 10`, when Week 9 has the
    same heading).

    ## Why is this bad?
    Two sections of the same name under one parent are a paste left behind or two
    halves of one section; a heading naming last week under this week misleads the
    reader about what the section shows.

    ## Example
        ## Week 10
        ### Tasks worked on
        ……
        ### Tasks worked on

    ## Use instead
    Merge the two sections, or rename the copy (`### Week 10 survey`).

    Headings that each unit of a log repeats (`### Tasks` under every week, `本周工作`
    under every date) have different parents and stay silent.
    """

    code = "R107"
    name = "repeated-heading"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        hs = doc.analysis.headings
        seen: dict[tuple[int, int], Heading] = {}
        for h in hs:
            norm = _norm(h.text)
            if h.parent is None or _size(norm) < 2:
                continue
            key = (h.parent, h.level)
            before = seen.get(key)
            seen[key] = h  # the previous sibling
            if before is None or _norm(before.text) != norm:
                continue  # A, 题解, 代码, B, 题解, 代码 is a pattern, not a copy
            para = doc.paragraphs[h.paragraph]
            yield self.finding(
                doc,
                para,
                h.text_span[0],
                h.text_span[1],
                f"heading “{_quote(h.text)}” is written twice under the same heading "
                f"(also line {before.line}): merge the sections or rename one",
            )
        yield from self._stale_unit_numbers(doc, hs)

    def _stale_unit_numbers(self, doc: Document, hs: Sequence[Heading]) -> Iterator[Finding]:
        units = [_unit_of(hs, n) for n in range(len(hs))]
        by_text: dict[str, list[int]] = {}
        for n, h in enumerate(hs):
            if _UNIT_NUMBER.search(h.text) and units[n] is not None:
                by_text.setdefault(_norm(h.text), []).append(n)
        for indexes in by_text.values():
            if len(indexes) < 2:
                continue
            first = indexes[0]
            named = _number(hs[first].text)
            if named is None or named != units[first]:
                continue  # the first copy names its own unit: the pattern to check against
            for n in indexes[1:]:
                unit = units[n]
                if unit is None or unit == named:
                    continue
                h = hs[n]
                yield self.finding(
                    doc,
                    doc.paragraphs[h.paragraph],
                    h.text_span[0],
                    h.text_span[1],
                    f"heading “{_quote(h.text)}” is copied from unit {named} (line "
                    f"{hs[first].line}) into unit {unit}: update its number",
                )


def _number(text: str) -> int | None:
    m = _UNIT_NUMBER.search(text)
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1))
    raw = m.group(2)
    return int(raw) if raw.isdigit() else cn_to_int(raw)


def _unit_of(hs: Sequence[Heading], n: int) -> int | None:
    """The number of the nearest ancestor heading that names a unit (Week 10 -> 10)."""
    parent = hs[n].parent
    while parent is not None:
        number = _number(hs[parent].text)
        if number is not None:
            return number
        parent = hs[parent].parent
    return None


# The opening must be this long (normalised) to count as a copy of the next paragraph's.
MIN_OPENING = 20
# The longer paragraph must go on for at least this much after the copied opening.
MIN_REST = 10
# How many paragraphs after the short one may hold the full text.
OPENING_WINDOW = 3


class RepeatedOpening(Rule):
    """A paragraph that repeats the opening of a paragraph just after it.

    ## What it does
    Finds a paragraph whose whole text (spaces and punctuation ignored) is the start of
    one of the next few paragraphs, which then goes on: the abstract a document viewer
    shows above the text, pasted with it.

    ## Why is this bad?
    The reader reads the same opening twice, once cut off; it shows the text was
    copied from a viewer page.

    ## Example
        今年以来，我局坚持以人民为中心，扎实推进各项工作，取得了明显成效。通过集中
        今年以来，我局坚持以人民为中心，扎实推进各项工作，取得了明显成效。通过集中力量……（全文）

    ## Use instead
    Delete the cut-off copy.

    Headings and openings shorter than 20 characters are never taken for a copy, so a
    heading followed by a run-in paragraph that starts with it stays silent.
    """

    code = "R108"
    name = "repeated-opening"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paras = doc.paragraphs
        headings = {h.paragraph for h in doc.analysis.headings}
        norms = [_norm(p.text) for p in paras]
        for i, para in enumerate(paras):
            short = norms[i]
            if i in headings or _size(short) < MIN_OPENING:
                continue
            for j in range(i + 1, min(len(paras), i + 1 + OPENING_WINDOW)):
                full = norms[j]
                if full.startswith(short) and _size(full[len(short) :]) >= MIN_REST:
                    yield self.finding(
                        doc,
                        para,
                        0,
                        len(para.text),
                        f"this paragraph is the opening of line {paras[j].position(0)[0]} "
                        "again, cut off (a viewer's abstract pasted with the text): delete it",
                    )
                    break


RULES = [CopiedBlock, RepeatedHeading, RepeatedOpening]
