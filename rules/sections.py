"""Report structure (family S): required parts, heading numbering, empty parts, order.

All rules read the shared analysis (:mod:`replint.analysis`): the headings with their
numbering and nesting, and the top-level parts classified by the report's profile.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from replint.plugin import (
    STANDARD_KINDS,
    WORK_DONE,
    Document,
    Finding,
    OptionRanges,
    Rule,
    Severity,
    lazy_re,
)

if TYPE_CHECKING:
    from replint.plugin import Analysis, Heading, Section, SectionSpec

LEVEL_NAMES = {
    0: "part-level",
    1: "first-level",
    2: "second-level",
    3: "third-level",
    4: "fourth-level",
    5: "fifth-level",
}
# GB/T 9704-2012 7.3.3 / GB/T 15834 B.3.8: the standard form of each step of the ladder.
STANDARD_FORMS = {0: "第一部分", 1: "一、", 2: "（一）", 3: "1.", 4: "（1）", 5: "①"}


def _quote(h: Heading, limit: int = 24) -> str:
    label = h.label
    return "“" + (label if len(label) <= limit else label[: limit - 1] + "…") + "”"


def _number_text(h: Heading, number: int | None = None) -> str:
    """The heading's number as written in its own form (``二、``, ``（3）``)."""
    from replint.plugin import int_to_cn

    n = h.number if number is None else number
    if n is None:
        return ""
    if h.rank == 5:
        return chr(ord("①") + n - 1) if 1 <= n <= 20 else str(n)
    if "一" in h.form:
        return h.form.replace("一", int_to_cn(n), 1)
    return h.form.replace("1", str(n), 1)


def _heading_finding(
    rule: Rule, doc: Document, h: Heading, message: str, whole: bool = False
) -> Finding:
    paragraph = doc.paragraphs[h.paragraph]
    if h.number_span and not whole:
        start, end = h.number_span
    else:
        start, end = (h.number_span[0] if h.number_span else h.text_span[0]), h.text_span[1]
    return rule.finding(doc, paragraph, start, max(end, start + 1), message)


class MissingSection(Rule):
    """A part the report's profile requires is missing.

    ## What it does
    Reports each part the report's profile requires but the report lacks.

    Checks that the report has each part its profile requires: for a Chinese work
    report (profile `work-report`) the work done, the problems (`存在的问题`) and the next
    steps (`下一步打算`); for a weekly report (`weekly`) 本周完成 / 问题与风险 / 下周计划;
    for an English status report (`status`) accomplishments / issues or blockers / next
    steps. A part counts when a heading names it (`存在的问题与下一步打算` names two), when
    a paragraph opens it (`下一步，我们将…`), or, for the work done, when thematic parts
    come before the problems. One finding per missing part, naming the headings that
    would satisfy it. In a file that holds several reports (one per week, see
    `Analysis.units`), a part that at least half of the units have is also reported
    in each unit that lacks it; so is a part that the sections of a report written one
    per person (or per project, each with its own parts under it) have and one lacks.

    ## Why is this bad?
    Reviewers expect the parts in every report of a kind; a work report without its
    problems or its plans is sent back, and one that leaves them out hides them.

    ## Example
        一、提高政治站位，扛实主体责任
        ……
        四、坚持服务为民，打造过硬形象
        ……

    ## Use instead
        ……
        五、存在的问题
        ……
        六、下一步打算
        ……

    Choose another profile, or define your own, in config (`profile`, `profiles`,
    `per_file_profiles`). Documents shorter than `min_paragraphs` are not checked.
    """

    code = "S101"
    name = "missing-section"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_paragraphs": 3}
    option_ranges: ClassVar[OptionRanges] = {"min_paragraphs": (1, None)}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        if len(doc.paragraphs) < int(options["min_paragraphs"]):
            return
        a = doc.analysis
        keys = [s.key for s in a.profile.sections]
        for spec in a.profile.required:
            if a.has(spec.key):
                yield from self._per_unit(doc, a, spec)
                yield from self._per_member(doc, a, spec)
                continue
            line, column, where = self._place(doc, a, keys, spec.key)
            examples = "、".join(f"“{x}”" for x in spec.aliases[:5])
            if a.language == "en":
                examples = ", ".join(f"“{x.title()}”" for x in spec.aliases[:5])
            message = (
                f"no “{spec.label}” part ({spec.name}) in this report: the "
                f"“{a.profile.name}” profile requires one. Add it {where}, with a heading "
                f"such as {examples}"
            )
            yield self.document_finding(doc, message, line=line, column=column, matched=spec.key)

    def _per_unit(self, doc: Document, a: Analysis, spec: SectionSpec) -> Iterator[Finding]:
        """In a file of several reports (weeks), a part that most units have and one unit
        lacks. (The work done is often told by position, not by a heading: not judged.)"""
        if len(a.units) < 2 or spec.key == WORK_DONE:
            return
        lacking = [u for u in a.units if spec.key not in u.kinds]
        having = len(a.units) - len(lacking)
        if not lacking or having * 2 < len(a.units):
            return
        for u in lacking:
            p = doc.paragraphs[u.first]
            yield self.document_finding(
                doc,
                f"no “{spec.label}” part ({spec.name}) in the unit “{u.label[:30]}” (line "
                f"{p.line}), which {having} of the {len(a.units)} units of this file have",
                line=p.line,
                column=p.column,
                matched=spec.key,
            )

    def _per_member(self, doc: Document, a: Analysis, spec: SectionSpec) -> Iterator[Finding]:
        """A week's report with one section per person (or per project), each with its
        own parts under it (``## 张伟`` → ``### 本周完成`` ``### 下周计划``): a part that
        the other members have and one member lacks."""
        if spec.key == WORK_DONE:
            return
        hs = a.headings
        groups: dict[tuple[int | None, int], list[tuple[Heading, frozenset[str]]]] = {}
        for k, h in enumerate(hs):
            below: set[str] = set()
            for g in hs[k + 1 :]:
                if g.level <= h.level:
                    break
                below |= g.kinds
            if len(below) >= 2 and not h.kinds:
                groups.setdefault((h.parent, h.level), []).append((h, frozenset(below)))
        starts = {u.first for u in a.units} | {
            hs[u.heading].paragraph for u in a.units if u.heading is not None
        }
        for members in groups.values():
            if any(h.paragraph in starts for h, _kinds in members):
                continue  # weeks: judged by _per_unit
            lacking = [h for h, kinds in members if spec.key not in kinds]
            having = len(members) - len(lacking)
            if not lacking or having < 2 or having * 2 < len(members):
                continue
            for h in lacking:
                yield self.document_finding(
                    doc,
                    f"no “{spec.label}” part ({spec.name}) under {_quote(h)} (line {h.line}), "
                    f"which {having} of the {len(members)} sections like it have",
                    line=h.line,
                    column=doc.paragraphs[h.paragraph].column,
                    matched=spec.key,
                )

    @staticmethod
    def _place(doc: Document, a: Analysis, keys: list[str], missing: str) -> tuple[int, int, str]:
        """Where the missing part should go (before the next part that is present, else
        after the last paragraph of the body), and the paragraph the finding points at."""
        later = keys[keys.index(missing) + 1 :]
        following = [s for s in a.sections if s.kinds & set(later) and not s.kinds & {missing}]
        body = [i for i, k in enumerate(a.parts) if not k & {"signing", "title"}]
        if following:
            stop = min(s.first for s in following)
            p = doc.paragraphs[stop]
            where = f"before line {p.line}"
        elif body:
            stop = len(doc.paragraphs)
            p = doc.paragraphs[body[-1]]
            where = f"after line {p.line}"
        else:
            return 1, 1, "to the report"
        # The finding points at the end of the part the missing one should follow (the
        # work done, for the problems): that place does not move when a later part is
        # added, dropped or moved. Without such a part, at the place itself.
        earlier = set(keys[: keys.index(missing)])
        ends = [s.last for s in a.sections if s.kinds & earlier and s.first < stop]
        inside = [i for i in body if ends and i <= max(ends)]
        if inside:
            p = doc.paragraphs[inside[-1]]
            if not following:
                where = f"after line {p.line}"
        return p.line, p.column, where


class HeadingNumbering(Rule):
    """Heading numbers repeat, skip, restart, or use a level out of order.

    ## What it does
    Reports heading numbers that repeat, skip, restart, or use a level out of order.

    Follows the numbering of the headings under each parent: `一、` `二、` `三、`, then
    `（一）` `（二）` under each of them, and so on down GB/T 9704-2012's ladder `一、` →
    `（一）` → `1.` → `（1）`. It reports a repeated number (`二、存在的问题` then
    `二、下一步打算`), a skipped one (`二、` then `四、`), a restart (`一、` again after
    `三、` at the same level), numbering that does not start at one, and a level used
    out of order: `（1）` directly under `一、`, or `（一）` after `1.` under the same
    heading. `1.` directly under `一、` is allowed (the usual two-level form). In a file
    that holds several reports (one per week), each unit numbers its parts afresh.

    ## Why is this bad?
    Broken numbering is the most visible sign that parts were cut, pasted or moved
    without re-reading, and readers cite parts by their numbers.

    ## Example
        二、存在的问题
        ……
        二、下一步打算

    ## Use instead
        二、存在的问题
        ……
        三、下一步打算

    Numbers added by Word's automatic numbering are not in the text and are not judged.
    """

    code = "S102"
    name = "heading-numbering"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        headings = a.headings
        # In a file of several reports (weeks), each unit numbers its parts afresh.
        children: dict[tuple[int | None, int | None], list[int]] = {}
        for i, h in enumerate(headings):
            unit = a.unit_of(h.paragraph) if h.parent is None else None
            children.setdefault((h.parent, unit), []).append(i)
        for (parent, _unit), kids in children.items():
            owner = headings[parent] if parent is not None else None
            yield from self._levels(doc, owner, [headings[i] for i in kids])
            yield from self._sequence(doc, owner, [headings[i] for i in kids])

    def _levels(
        self, doc: Document, owner: Heading | None, kids: list[Heading]
    ) -> Iterator[Finding]:
        numbered = [h for h in kids if h.rank is not None and not h.auto_numbered]
        reported_rank: set[int] = set()
        if owner is not None and owner.rank is not None:
            for h in numbered:
                assert h.rank is not None
                allowed = (
                    h.rank == owner.rank + 1
                    or (owner.rank == 1 and h.rank == 3)
                    or (owner.rank == 0 and h.rank in (1, 2, 3))
                )
                if not allowed and h.rank not in reported_rank:
                    reported_rank.add(h.rank)
                    expected = STANDARD_FORMS.get(owner.rank + 1, "")
                    yield _heading_finding(
                        self,
                        doc,
                        h,
                        f"{_quote(h)} is a {LEVEL_NAMES[h.rank]} number directly under the "
                        f"{LEVEL_NAMES[owner.rank]} heading {_quote(owner)} (line {owner.line}): "
                        f"number the next level down with “{expected}”"
                        + (" or “1.”" if owner.rank == 1 else ""),
                    )
        lowest: Heading | None = None
        highest: int | None = None  # the highest level seen so far
        for h in numbered:
            assert h.rank is not None
            if (
                lowest is not None
                and lowest.rank is not None
                and h.rank < lowest.rank
                # A numbered line before the report's first part (a stray paragraph of
                # the preamble) does not make the parts after it an inversion.
                and (owner is not None or (highest is not None and highest <= h.rank))
            ):
                where = f"under {_quote(owner)}" if owner else "at the top level"
                yield _heading_finding(
                    self,
                    doc,
                    h,
                    f"{_quote(h)} ({LEVEL_NAMES[h.rank]}) comes after {_quote(lowest)} "
                    f"({LEVEL_NAMES[lowest.rank]}, line {lowest.line}) {where}: a higher "
                    "level should not follow a lower one; renumber these headings",
                )
                continue
            if lowest is None or (lowest.rank is not None and h.rank > lowest.rank):
                lowest = h
            highest = h.rank if highest is None else min(highest, h.rank)

    @staticmethod
    def _typed_between(doc: Document, prev: Heading, h: Heading, numbers: range) -> bool:
        """Whether every skipped number opens a paragraph between the two headings
        (an item the recogniser did not take for a heading, ``3、9月1日全部到位``)."""
        between = [q.text.lstrip() for q in doc.paragraphs[prev.paragraph + 1 : h.paragraph]]
        return all(any(t.startswith(_number_text(h, k)) for t in between) for k in numbers)

    def _sequence(
        self, doc: Document, owner: Heading | None, kids: list[Heading]
    ) -> Iterator[Finding]:
        previous: dict[int, Heading] = {}
        repeated: set[int] = set()
        for h in kids:
            if h.rank is None or h.number is None or h.auto_numbered:
                continue
            prev = previous.get(h.rank)
            n = h.number
            if prev is None:
                if n != 1 and not all(not k.text for k in kids if k.rank == h.rank):
                    where = f"under {_quote(owner)}" if owner else "in this report"
                    yield _heading_finding(
                        self,
                        doc,
                        h,
                        f"the {LEVEL_NAMES[h.rank]} headings {where} start at "
                        f"“{_number_text(h)}”: number them from “{_number_text(h, 1)}”",
                    )
            else:
                assert prev.number is not None
                p = prev.number
                if n == p + 1 or (h.rank in repeated and n == p + 2):
                    pass
                elif n == p:
                    repeated.add(h.rank)
                    yield _heading_finding(
                        self,
                        doc,
                        h,
                        f"{_quote(h)} repeats the number of {_quote(prev)} (line {prev.line}): "
                        f"number it “{_number_text(h, p + 1)}”",
                    )
                elif n > p + 1 and self._typed_between(doc, prev, h, range(p + 1, n)):
                    pass  # "3、9月1日…" between "2、" and "4、": numbered, read as a date
                elif n > p + 1:
                    missing = "、".join(_number_text(h, k) for k in range(p + 1, min(n, p + 4)))
                    yield _heading_finding(
                        self,
                        doc,
                        h,
                        f"{_quote(h)} follows {_quote(prev)} (line {prev.line}): "
                        f"{missing} is skipped; number it “{_number_text(h, p + 1)}”",
                    )
                elif n == 1:
                    yield _heading_finding(
                        self,
                        doc,
                        h,
                        f"numbering starts again at {_quote(h)} after {_quote(prev)} "
                        f"(line {prev.line}) at the same level: number it "
                        f"“{_number_text(h, p + 1)}”, or make it a lower level",
                    )
                else:
                    yield _heading_finding(
                        self,
                        doc,
                        h,
                        f"{_quote(h)} goes back after {_quote(prev)} (line {prev.line}): "
                        f"number it “{_number_text(h, p + 1)}”",
                    )
                if n != p:
                    repeated.discard(h.rank)
            previous[h.rank] = h


class MixedHeadingForm(Rule):
    """Headings of one level are numbered in different forms.

    ## What it does
    Reports headings numbered in a different form from the rest of their level.

    Compares how headings of the same level write their numbers across the report and
    reports those that differ from the form most of them use: `第一章` beside
    `第二部分`, `一，` beside `一、`. Differences that T109 (heading-mark-form) reports
    and fixes, bracket width (`(一)` beside `（一）`), a mark after the bracket, `一.`
    and `1、`, are left to it, so one slip gives one finding. (Whether a form is the
    standard one is a typography question for the T rules; this rule is about one
    report using two.)

    ## Why is this bad?
    A level numbered two ways reads as two levels, and it shows that parts were pasted
    in from another document.

    ## Example
        第一部分 工作开展情况
        第二部分 存在的问题
        第三章 下一步打算

    ## Use instead
        第一部分 工作开展情况
        第二部分 存在的问题
        第三部分 下一步打算
    """

    code = "S103"
    name = "mixed-heading-form"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        by_rank: dict[int, list[Heading]] = {}
        for h in doc.analysis.headings:
            if h.rank is not None and not h.auto_numbered and h.number_span:
                by_rank.setdefault(h.rank, []).append(h)
        for rank, items in by_rank.items():
            forms = [_after_typography_fixes(h.form) for h in items]
            counts: dict[str, int] = {}
            for form in forms:
                counts[form] = counts.get(form, 0) + 1
            if len(counts) < 2:
                continue
            best = max(counts.values())
            tied = [f for f, c in counts.items() if c == best]
            standard = STANDARD_FORMS.get(rank)
            dominant = standard if standard in tied else next(f for f in forms if f in tied)
            for h, form in zip(items, forms, strict=True):
                if form == dominant:
                    continue
                yield _heading_finding(
                    self,
                    doc,
                    h,
                    f"{LEVEL_NAMES[rank]} heading {_quote(h)} is numbered “{_number_text(h)}”, "
                    f"but {counts[dominant]} of the {len(items)} {LEVEL_NAMES[rank]} headings "
                    f"use the form “{dominant}”: number one level the same way throughout",
                )


def _after_typography_fixes(form: str) -> str:
    """A heading number's form once T109's fixes are applied.

    T109 writes brackets full-width, drops a mark after a bracketed number, writes
    `一、` for `一.` and brings `1、`/`1．` to `1.`; forms that differ only in these ways
    are its finding, not this rule's.
    """
    form = form.replace("(", "（").replace(")", "）")
    if form.startswith("（") and "）" in form:
        return form[: form.index("）") + 1]
    return {"一.": "一、", "一．": "一、", "1、": "1.", "1．": "1."}.get(form, form)


class EmptySection(Rule):
    """A heading with nothing under it.

    ## What it does
    Reports a heading with nothing under it.

    Reports a heading followed directly by the next heading of the same or a higher
    level (or by the end of the report), with no text of its own. A run-in heading
    (`一、加强组织领导。全年……`) has its text on the same line and is never empty.

    In a file that holds several reports (one per week or per person, see
    `Analysis.units`), each unit is judged on its own: the last part of a week is empty
    when the next week's date heading or date line follows it directly, and a week's
    own heading, whose content is the parts under it, is not empty.

    ## Why is this bad?
    An empty part is a template heading that was never filled in, or text that was
    deleted without its heading.

    ## Example
        二、存在的问题
        三、下一步打算
        一是……

    ## Use instead
        二、存在的问题
        一是学习的系统性不够……
        三、下一步打算
        一是……
    """

    code = "S104"
    name = "empty-section"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        headings = a.headings
        content = [i for i, k in enumerate(a.parts) if "signing" not in k and "title" not in k]
        last_content = content[-1] if content else -1
        # In a file of several reports (weeks, persons) each unit is judged on its own: a
        # part ends where its unit ends, whatever heading or date line opens the next one.
        scope = [_Scope.of(a, k) for k in range(len(headings))]
        empty = [
            self._empty(headings, i, last_content, scope[i])
            and not _carries_its_content(doc.paragraphs[h.paragraph].text)
            and not _source_between(doc, h, scope[i].stop_line(doc, headings, i))
            for i, h in enumerate(headings)
        ]
        # A run of bare numbered lines none of which has anything under it is a list
        # ("1、完成接口开发" "2、修复缺陷3个"), not a set of empty parts: report a heading
        # only when some heading beside it (same parent, same unit) does have a body, or
        # when its words head a part with a body in another unit (the same week's parts).
        with_body = {(scope[i].unit, h.parent) for i, h in enumerate(headings) if not empty[i]}
        bodied_words = {h.text for i, h in enumerate(headings) if not empty[i] and a.units}
        for i, h in enumerate(headings):
            if not empty[i]:
                continue
            listed = (scope[i].unit, h.parent) not in with_body and h.text not in bodied_words
            if h.markup_level is None and listed:
                # Markdown/Word headings are headings by their markup, never a list.
                continue
            nxt = headings[i + 1] if i + 1 < len(headings) else None
            if scope[i].next_unit is None and _titles_a_group(headings, h, nxt, scope[i]):
                continue
            yield _heading_finding(
                self,
                doc,
                h,
                f"{_quote(h)} has nothing under it {scope[i].after(doc, h, nxt)}: "
                "write the part or remove the heading"
                + ("" if scope[i].next_unit is not None else _demote_hint(headings, h, nxt)),
                whole=True,
            )
        yield from self._empty_labels(doc)

    def _empty_labels(self, doc: Document) -> Iterator[Finding]:
        """``需求描述：`` on a line of its own, right above ``实现过程：令前端……``: a label
        of the same kind as the next one, whose own text was never written."""
        paragraphs = doc.paragraphs
        headings = {h.paragraph for h in doc.analysis.headings}
        for i in range(len(paragraphs) - 1):
            p, q = paragraphs[i], paragraphs[i + 1]
            if p.kind != "text" or q.kind != "text" or i in headings:
                continue
            m = _BARE_LABEL.match(p.text)
            label = _RUN_IN_LABEL.match(q.text) if m else None
            if m is None or label is None:
                continue
            yield self.finding(
                doc,
                p,
                m.start("t"),
                m.end("t") + 1,
                f"“{m.group('t')}：” has nothing after it before “{label.group('t')}：…” "
                f"(line {q.line}): write its text or remove the label",
            )

    @staticmethod
    def _empty(headings: tuple[Heading, ...], i: int, last_content: int, scope: _Scope) -> bool:
        h = headings[i]
        if h.run_in:
            return False
        nxt = headings[i + 1] if i + 1 < len(headings) else None
        if scope.next_unit is not None:
            # The last heading of a unit: empty when its unit ends right after it, unless
            # the next unit's heading is one of its own parts ("# 四月" above "## 4月1日").
            under = nxt is not None and nxt.paragraph == h.paragraph + 1 and nxt.level > h.level
            return scope.last == h.paragraph and not under
        if nxt is not None:
            if scope.opens_unit or (scope.unit is None and scope.before_units == nxt.paragraph):
                # A unit's own heading (a date, a person), or the file's heading above the
                # first unit: its content is the headings under it, whatever their level.
                return False
            return nxt.paragraph == h.paragraph + 1 and nxt.level <= h.level
        return last_content <= h.paragraph


class _Scope:
    """Where a heading's part can end: at the next heading of its unit, or at its unit's
    last paragraph when the next heading (or date line) opens another unit.

    A private record (a plain class: no generated methods to build at import)."""

    __slots__ = ("before_units", "first", "last", "next_unit", "opens_unit", "unit")

    def __init__(
        self,
        unit: int | None = None,
        first: int = -1,
        last: int = -1,
        next_unit: int | None = None,
        opens_unit: bool = False,
        before_units: int | None = None,
    ) -> None:
        #: Index into Analysis.units of the heading's unit (None: no units, or before them).
        self.unit = unit
        #: The unit's first and last paragraphs; the unit after it, when the part runs
        #: to the unit's end.
        self.first = first
        self.last = last
        self.next_unit = next_unit
        self.opens_unit = opens_unit
        #: The first unit's first paragraph (for a heading above all the units).
        self.before_units = before_units

    @classmethod
    def of(cls, a: Analysis, k: int) -> _Scope:
        units, headings = a.units, a.headings
        if not units:
            return cls()
        h = headings[k]
        here = a.unit_of(h.paragraph)
        if here is None:
            return cls(before_units=units[0].first if h.paragraph < units[0].first else None)
        u = units[here]
        nxt = headings[k + 1] if k + 1 < len(headings) else None
        ends_unit = here + 1 < len(units) and (nxt is None or nxt.paragraph > u.last)
        return cls(
            unit=here,
            first=u.first,
            last=u.last,
            next_unit=here + 1 if ends_unit else None,
            # A date or person heading; not "一、本周工作" that opens a repeated sequence.
            opens_unit=u.heading == k and u.how == "date",
        )

    def stop_line(self, doc: Document, headings: tuple[Heading, ...], k: int) -> int:
        """The last source line that may hold the part's text."""
        if self.next_unit is not None:
            return doc.paragraphs[self.last + 1].line - 1
        nxt = headings[k + 1] if k + 1 < len(headings) else None
        return nxt.line - 1 if nxt is not None else len(doc.lines)

    def after(self, doc: Document, h: Heading, nxt: Heading | None) -> str:
        """Where the empty part ends, for the message."""
        if self.next_unit is not None:
            units = doc.analysis.units
            opening = doc.paragraphs[units[self.next_unit].first]
            label = units[self.next_unit].label or opening.text.strip()
            short = label if len(label) <= 24 else label[:23] + "…"
            return f"before the next unit “{short}” (line {opening.line})"
        if nxt is not None and nxt.paragraph == h.paragraph + 1:
            return f"before {_quote(nxt)} (line {nxt.line})"
        return "at the end of the report"


# A label alone on its line ("需求描述："), and a label with its text run in ("实现过程：…").
_BARE_LABEL = lazy_re(r"^[\s\u3000]*(?P<t>[\u4e00-\u9fff]{2,8})[：:][\s\u3000]*$")
_RUN_IN_LABEL = lazy_re(r"^[\s\u3000]*(?P<t>[\u4e00-\u9fff]{2,8})[：:][\s\u3000]*[^\s\u3000]")


def _demote_hint(headings: tuple[Heading, ...], h: Heading, nxt: Heading | None) -> str:
    """For a Markdown heading right above one of its own level: the headings after it
    may be its parts, written a level too high (not when they recur by design)."""
    if nxt is None or h.markup_level is None or nxt.markup_level != h.markup_level:
        return ""
    if _recurs(headings, nxt):
        return ""
    return (
        f"; or, if the headings after it are its parts, put them one level down "
        f"(“{'#' * (h.markup_level + 1)}”)"
    )


def _titles_a_group(
    headings: tuple[Heading, ...], h: Heading, nxt: Heading | None, scope: _Scope
) -> bool:
    """``##### 力扣 1193. 每月交易`` right above ``##### 题解`` and ``##### 代码``, with the
    same ``题解`` / ``代码`` under each exercise: the heading names a group whose parts are
    written at its own level. The next heading's words recur as a heading elsewhere in
    the file while its own do not, so the next one is a part label of a repeating
    group, not the next part."""
    if nxt is None or h.markup_level is None or nxt.markup_level != h.markup_level:
        return False
    # "## 石" right above "## 齐" in a per-person log: both recur, and "石" is empty.
    # In a file of several units the parts recur from unit to unit by design: only a
    # recurrence inside the heading's own unit makes a group.
    if scope.unit is not None:
        headings = tuple(g for g in headings if scope.first <= g.paragraph <= scope.last)
    return _recurs(headings, nxt) and not _recurs(headings, h)


def _recurs(headings: tuple[Heading, ...], x: Heading) -> bool:
    """Another heading of the same level says the same words (``## 齐`` every week)."""
    return any(
        g.text == x.text and g.paragraph != x.paragraph and g.markup_level == x.markup_level
        for g in headings
    )


_RULE_LINE = frozenset("-*_=#~ \t")


def _source_between(doc: Document, h: Heading, stop: int) -> bool:
    """Whether the source has something under the heading, up to line ``stop``, that is
    not prose: an image, a code block, a table or an HTML block (readers keep only prose
    as paragraphs)."""
    if doc.format == "docx" or not doc.lines:
        return False
    last_line = doc.paragraphs[h.paragraph].segments[-1].line
    signing = doc.analysis.signing
    if signing is not None and signing.paragraph > h.paragraph:
        stop = min(stop, doc.paragraphs[signing.paragraph].line - 1)
    for number in range(last_line + 1, stop + 1):
        line = doc.source_line(number).strip()
        if line and not set(line) <= _RULE_LINE:
            return True
    return False


def _carries_its_content(text: str) -> bool:
    """A numbered line that is a whole sentence with clauses, such as
    "（一）加强教育培训，每季度组织一次专题培训。", is an item that says what it has to
    say, not a heading waiting for text. (Headings take no final full stop; a bare
    "（二）着力推动高质量发展。" still counts as a heading.)"""
    body = text.rstrip()
    if not body.endswith(("。", "！", "？", "!", "?")):
        return False
    return any(c in body for c in "，；：,;:") or len(body) >= 16


class SectionOrder(Rule):
    """The report's parts are not in the usual order.

    ## What it does
    Reports parts that come out of the profile's order (plans before problems).

    Checks that the parts named by headings come in the profile's order: for a work
    report the work done, then the problems, then the next steps. It reports problems
    before the work done and next steps before the problems; a part of a kind's own
    (`廉洁自律情况` in a 述职述廉报告) may stand anywhere. A combined heading
    (`存在的问题与下一步打算`) is in order by itself. In a file that holds several
    reports (one per week), each unit is judged on its own.

    ## Why is this bad?
    Readers look for the problems after the achievements and the plans at the end; a
    plan placed before the problems it answers reads as pasted from elsewhere.

    ## Example
        一、工作开展情况
        二、下一步打算
        三、存在的问题

    ## Use instead
        一、工作开展情况
        二、存在的问题
        三、下一步打算
    """

    code = "S105"
    name = "section-order"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        # Only the three parts every report orders the same way: a kind's own part
        # (廉洁自律情况 in a 述职述廉报告, 整改成效) stands second as often as last.
        order = [s.key for s in a.profile.sections if s.required and s.key in STANDARD_KINDS]
        # In a file of several reports (weeks), each unit has its own order.
        by_unit: dict[int | None, dict[str, Section]] = {}
        for s in a.sections:
            if s.how != "heading" or s.heading is None or a.headings[s.heading].parent is not None:
                continue
            head = a.headings[s.heading]
            if head.form == "colon" and head.run_in:
                # "遗留问题：…" inside a task's entry labels a line, not a part.
                continue
            first = by_unit.setdefault(a.unit_of(s.first), {})
            for key in s.kinds:
                first.setdefault(key, s)
        for first in by_unit.values():
            yield from self._order(doc, a, order, first)

    def _order(
        self, doc: Document, a: Analysis, order: list[str], first: dict[str, Section]
    ) -> Iterator[Finding]:
        labels = {s.key: s.label for s in a.profile.sections}
        for j, later in enumerate(order):
            if later not in first:
                continue
            for earlier in order[:j]:
                if earlier not in first or first[earlier].first <= first[later].first:
                    continue
                h = a.headings[first[later].heading]  # type: ignore[index]
                g = a.headings[first[earlier].heading]  # type: ignore[index]
                usual = (", " if a.language == "en" else "、").join(labels[k] for k in order)
                yield _heading_finding(
                    self,
                    doc,
                    h,
                    f"{_quote(h)} ({labels[later]}) comes before {_quote(g)} "
                    f"({labels[earlier]}, line {g.line}): the usual order is {usual}",
                    whole=True,
                )
                break


RULES = [MissingSection, HeadingNumbering, MixedHeadingForm, EmptySection, SectionOrder]
