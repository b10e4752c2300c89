"""Outline numbering in plain text and Word (family S): levels that cannot be told apart
and labelled parts that start past one.

These read the shared analysis: ``headings`` (the outline, list items told apart) and
``numbered`` (every numbered line as written, list items included).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from replint.plugin import Document, Finding, Rule, Severity, cn_to_int, int_to_cn, lazy_re

if TYPE_CHECKING:
    from replint.plugin import Heading


def _number_as(h: Heading, n: int) -> str:
    if "一" in h.form:
        return h.form.replace("一", int_to_cn(n), 1)
    return h.form.replace("1", str(n), 1)


class SubListLikeParent(Rule):
    """A sub-list is numbered in the same form as the numbered parts around it.

    ## What it does
    Reports a numbered list inside a numbered part that uses the part's own numbering
    form: `1、` `2、` `3、` under `2、BI系统优化`, before `3、数据分析`. The reader cannot
    tell the sub-items from the parts: `3、` after the sub-list's `4、` reads as going
    back. One finding, at the sub-list's first item.

    ## Why is this bad?
    GB/T 9704 gives each level its own form (`一、` → `（一）` → `1.` → `（1）`) so that
    a reader always knows which level a number belongs to; two levels numbered alike
    make the outline unreadable and the numbers uncitable.

    ## Example
        1、集群部署
        2、系统优化
        主要措施：
        1、统一上报数据
        2、预先处理数据
        3、数据分析

    ## Use instead
        1、集群部署
        2、系统优化
        主要措施：
        （1）统一上报数据
        （2）预先处理数据
        3、数据分析
    """

    code = "S111"
    name = "sub-list-like-parent"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        headings = [h for h in a.headings if h.rank is not None and not h.auto_numbered]
        at = {h.paragraph for h in a.headings}
        for k, h in enumerate(headings):
            siblings = [g for g in headings if g.rank == h.rank and g.form == h.form]
            if len(siblings) < 2:
                continue
            # The part ends at the next numbered heading of its rank or above.
            after = next((g for g in headings[k + 1 :] if (g.rank or 0) <= (h.rank or 0)), None)
            stop = after.paragraph if after is not None else len(doc.paragraphs)
            inner = [
                n
                for n in a.numbered
                if h.paragraph < n.paragraph < stop
                and n.paragraph not in at
                and n.form == h.form
                and not n.auto_numbered
            ]
            if len(inner) < 2 or inner[0].number != 1 or inner[1].number != 2:
                continue
            around = f"“{_number_as(h, h.number or 1)}{h.text}” (line {h.line})"
            if after is not None and after.form == h.form:
                around += (
                    f" and “{_number_as(after, after.number or 1)}{after.text}” (line {after.line})"
                )
            first = inner[0]
            paragraph = doc.paragraphs[first.paragraph]
            start, end = first.number_span or (first.text_span[0], first.text_span[0] + 1)
            yield self.finding(
                doc,
                paragraph,
                start,
                end,
                f"this sub-list (lines {first.line}-{inner[-1].line}) is numbered "
                f"“{first.form}” like the parts around it, {around}: number its items "
                "one level down (“（1）” or “①”) so the levels can be told apart",
            )


# "需求三", "任务二：" alone on a line: a part labelled by a word and a number.
_LABEL = lazy_re(
    r"^[\s\u3000]*(?P<w>[\u4e00-\u9fff]{2,4}?)(?P<n>[一二三四五六七八九十]{1,3})[\s\u3000]*[：:]?[\s\u3000]*$"
)
# Words after which a numeral is not a part's number (weekdays, grades, fractions).
_NOT_LABEL = ("星期", "礼拜", "年级", "之", "其", "统", "唯", "万", "初", "高", "大", "第")


class LabelNumbering(Rule):
    """Parts labelled with a word and a number start past one.

    ## What it does
    Reports a report whose parts are labelled by a word and a number on a line of their
    own (`需求三`, `任务二：`) when the first such label is not number one: the parts
    before it are missing (cut when the text was copied, or never written).

    ## Why is this bad?
    A report that starts at its third requirement reads as a fragment; the reader
    looks for the first two.

    ## Example
        需求三
        需求描述：……

    ## Use instead
        需求一
        ……
        需求二
        ……
        需求三
        ……
    """

    code = "S112"
    name = "label-numbering"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        seen: set[str] = set()
        last = len(doc.paragraphs) - 1
        for i, p in enumerate(doc.paragraphs):
            if p.kind not in ("text", "heading", "title") or i == last:
                continue
            m = _LABEL.match(p.text)
            if not m or any(m.group("w").endswith(w) or m.group("w") == w for w in _NOT_LABEL):
                continue
            word = m.group("w")
            if word in seen:
                continue
            seen.add(word)
            n = cn_to_int(m.group("n"))
            if n is None or n <= 1:
                continue
            earlier = "、".join(f"{word}{int_to_cn(k)}" for k in range(1, min(n, 4)))
            yield self.finding(
                doc,
                p,
                m.start("w"),
                m.end("n"),
                f"the parts labelled “{word}…” start at “{word}{m.group('n')}”: "
                f"there is no {earlier} before it; restore the earlier parts or "
                "renumber from one",
            )


# Marks that end a heading's words: a sentence end, a colon, a space, a comma.
_CLAUSE_END = lazy_re(r"[。！？!?：:；;，,\s\u3000]")
_SENTENCE_END = lazy_re(r"[。！？!?：:；;]")


class HeadingRunsIntoBody(Rule):
    """Numbered headings run straight into their text, with no mark between.

    ## What it does
    Reports `一、`/`（一）` paragraphs, three or more of them in a row, whose heading
    words run into the body with nothing between them: the first clause goes on for
    `min_run` characters or more with no line break, colon, space or comma, and no
    sentence ends in the first `2 × min_run` (`二、文化活动经过社区的努力各项活动…`).
    A run-in heading written with its mark (`一、加强学习。全年……`, `（一）加强学习，提高
    认识`) is the 公文 form and is fine.

    ## Why is this bad?
    The reader cannot tell where the heading ends; the text was usually pasted from a
    page that dropped the line breaks after the headings.

    ## Example
        一、文化活动经过全科的努力各项文化活动开展得很好我们组织了音乐会……

    ## Use instead
        一、文化活动
        经过全科的努力，各项文化活动开展得很好。我们组织了音乐会……
    """

    code = "S113"
    name = "heading-runs-into-body"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_run": 16, "min_count": 3}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        if doc.analysis.language != "zh":
            return
        run_limit = int(options["min_run"])
        glued: list[Heading] = []
        for h in doc.analysis.numbered:
            if h.rank not in (1, 2) or h.number_span is None or h.auto_numbered:
                continue
            text = doc.paragraphs[h.paragraph].text
            start = h.number_span[1]
            body = text[start:].rstrip()
            clause = _CLAUSE_END.search(body)
            first = clause.start() if clause else len(body)
            if (
                len(body) >= 2 * run_limit
                and first >= run_limit
                and not _SENTENCE_END.search(body, 0, 2 * run_limit)
            ):
                glued.append(h)
        if len(glued) < int(options["min_count"]):
            return
        for h in glued:
            start = h.number_span[1]  # type: ignore[index]
            yield self.finding(
                doc,
                doc.paragraphs[h.paragraph],
                start,
                start + min(run_limit, len(doc.paragraphs[h.paragraph].text) - start),
                f"the heading after “{_number_as(h, h.number or 1)}” runs into its text with "
                f"no mark ({len(glued)} headings are written this way): end the heading "
                "with a line break (or “。”) before the text",
            )


# A closing paragraph after the numbered parts, not one more part.
_CLOSING = lazy_re(
    r"^[\s\u3000]*(?:总之|综上|总的来说|总而言之|以上|最后|此外|另外|总结|回顾|展望)"
)


class UnnumberedItem(Rule):
    """Text set apart like one more numbered part, with no number or heading.

    ## What it does
    Reports the text after the last of a file's numbered parts (`1、` … `4、`) when it is
    set apart from that part by a gap at least as wide as the gaps between the parts,
    while inside each part the paragraphs follow each other more closely: it is laid
    out as a fifth part but has no number or heading. A closing paragraph (`总之…`,
    `以上…`) or a part that names the problems or the plans is not reported.

    ## Why is this bad?
    The reader takes the text for more of part 4, or wonders what part it is; its
    heading was usually lost when the report was pasted together.

    ## Example
        3、数据分析
        导入数据仓库，按维度分析。

        4、日志分析
        导入日志，做多维分析。


        每天汇总巡检报告并导出到数据库。

    ## Use instead
        4、日志分析
        导入日志，做多维分析。

        5、巡检报告汇总
        每天汇总巡检报告并导出到数据库。
    """

    code = "S115"
    name = "unnumbered-item"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_parts": 3}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        tops = [h for h in a.headings if h.parent is None]
        if len(tops) < int(options["min_parts"]) or any(
            h.rank is None or h.auto_numbered or h.form != tops[0].form for h in tops
        ):
            return
        if [h.number for h in tops] != list(range(1, len(tops) + 1)):
            return
        paragraphs = doc.paragraphs

        def gap(k: int) -> int:  # blank lines before paragraph k
            return paragraphs[k].line - paragraphs[k - 1].segments[-1].line - 1

        between = [gap(h.paragraph) for h in tops[1:]]
        apart = min(between)
        last = tops[-1]
        end = a.signing.paragraph if a.signing is not None else len(paragraphs)
        tail = next((k for k in range(last.paragraph + 2, end) if gap(k) >= apart), None)
        if tail is None or apart < 1:
            return
        # Inside each part the paragraphs follow more closely than the parts do.
        stops = [h.paragraph for h in tops[1:]] + [tail]
        if any(
            gap(k) >= apart
            for h, stop in zip(tops, stops, strict=True)
            for k in range(h.paragraph + 1, stop)
        ):
            return
        text = paragraphs[tail].text
        if _CLOSING.match(text) or len(text.strip()) < 15 or a.kinds_at(tail) - {"work_done"}:
            return
        yield self.finding(
            doc,
            paragraphs[tail],
            len(text) - len(text.lstrip()),
            min(len(text), len(text) - len(text.lstrip()) + 12),
            f"this text is set apart after “{_number_as(last, last.number or 1)}{last.text}” "
            f"(line {last.line}) like one more numbered part, but has no number or heading: "
            f"number it “{_number_as(last, (last.number or 0) + 1)}” with a heading, or join it "
            "to the part above",
        )


_ORDINAL_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve "
    "first second third fourth fifth sixth seventh eighth ninth tenth"
)
#: A heading that names itself a numbered part: ``Feature one:``, ``Task 2 -``, ``项目一：``.
_PART_OF = lazy_re(
    rf"^(?P<en>[A-Za-z][A-Za-z-]{{2,}})\s+(?:#?[0-9]{{1,2}}|(?:{_ORDINAL_WORDS.replace(' ', '|')}))\b"
    r"|^(?P<zh>[\u4e00-\u9fff]{2,4}?)(?:[一二三四五六七八九十]{1,2}|[0-9]{1,2})(?=[：:、.．\s]|$)",
    re.I,
)


def _part_word(text: str) -> str | None:
    """The noun a heading numbers itself by (``feature`` in ``Feature one: login``)."""
    m = _PART_OF.match(text.strip())
    if m is None or (m.group("zh") or "").endswith(("周", "星期", "礼拜")):
        return None  # 周一, 星期二: days, not numbered parts
    return (m.group("en") or "").lower() or m.group("zh")


#: A heading that is a set of work items (``Features Assigned to Me``, ``My Tasks``,
#: ``重点项目``), not a kind of them (``Type of Tasks Worked On``).
_ITEMS = lazy_re(
    r"^(?:[A-Za-z]+\s+)?(?:features|tasks|projects|items|modules|stories|tickets|deliverables|"
    r"components|assignments)\b|^[\u4e00-\u9fff]{0,4}(?:项目|任务|模块|功能|课题)(?:清单|列表)?$",
    re.I,
)


def _names_parts(parent: str, word: str) -> bool:
    """Whether a heading's text names the parts ``word`` numbers (``Features…`` for
    ``feature``, ``重点项目`` for ``项目``)."""
    if not word.isascii():
        return word in parent
    words = re.findall(r"[a-z]+", parent.lower())
    return any(w in (word, word + "s", word + "es") for w in words)


#: What marks a heading as one work item among others: a pull request or ticket
#: reference (``PR #807``, ``#812``), or an opening verb in the past (``Implemented…``).
_ITEM_MARKS = (
    lazy_re(r"(?<![\w#&])#[0-9]{2,6}\b|\b(?:PR|MR)\s*#?[0-9]+", re.I),
    lazy_re(r"^[-*+\s]*[A-Z][a-z]{2,}ed\b"),
)


def _item_marks(text: str) -> frozenset[int]:
    return frozenset(k for k, rx in enumerate(_ITEM_MARKS) if rx.search(text))


class HeadingLevelDrift(Rule):
    """Sibling Markdown headings written at different levels, or parts at their parent's level.

    ## What it does
    Reads the heading tree and reports two things a reviewer is sure of:

    - numbered headings whose numbers run as one sequence across markup levels:
      `### 1. 接口联调`, `#### 2. 测试用例`, `#### 3. 文档整理`, `### 4. 下周计划`: the
      `####` headings are siblings of `1.` and `4.` by their numbers. Reported at each
      heading written off the sequence's level.
    - headings whose text says they are parts of the heading before them, written at
      that heading's level: `### Features Assigned to Me`, then `### Feature one: …`,
      `### Feature two: …`; or a heading with no text of its own that names the items
      listed under it (`### Features Assigned to Me`, `### 重点项目`) directly followed by
      those items at its own level. Reported once, at the first part.
    - an unnumbered heading written back at its parent's level after the parent's items:
      `### Coding Tasks`, `#### Implemented export (PR #41)`, `#### Fixed login (PR #44)`,
      then `### Added audit log (PR #47)`, which is marked like the items (a pull
      request, an opening verb in the past) and not like their parent.

    ## Why is this bad?
    The level is the outline: a renderer's table of contents, the section folding of an
    editor and every reader take `####` for a sub-part. Siblings at two levels, or
    parts beside their parent, show an outline that the numbers and words contradict.

    ## Example
        ### 1. 接口联调
        #### 2. 测试用例
        ### 3. 下周计划

    ## Use instead
        ### 1. 接口联调
        ### 2. 测试用例
        ### 3. 下周计划

    A sub-list that restarts at 1 under its heading (`### 1.`, `#### 1.`, `#### 2.`,
    `### 2.`) is nesting, not drift, and stays silent; so do headings without markup
    levels (plain text).
    """

    code = "S116"
    name = "heading-level-drift"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        headings = [h for h in doc.analysis.headings if h.markup_level is not None]
        found = [
            *self._numbered_drift(headings),
            *self._parts_at_parent_level(headings),
            *self._items_after_empty_heading(headings),
            *self._item_back_at_parent_level(headings),
        ]
        for h, message in sorted(found, key=lambda item: item[0].paragraph):
            para = doc.paragraphs[h.paragraph]
            yield self.finding(doc, para, h.text_span[0], h.text_span[1], message)

    @staticmethod
    def _numbered_drift(headings: list[Heading]) -> Iterator[tuple[Heading, str]]:
        by_form: dict[str, list[Heading]] = {}
        for h in headings:
            if h.number is not None and not h.auto_numbered:
                by_form.setdefault(h.form, []).append(h)
        for same in by_form.values():
            start = 0
            for i in range(1, len(same) + 1):
                if i < len(same) and same[i].number == (same[i - 1].number or 0) + 1:
                    continue
                yield from _chain_drift(same[start:i], same[:start])
                start = i

    @staticmethod
    def _item_back_at_parent_level(headings: list[Heading]) -> Iterator[tuple[Heading, str]]:
        """``### Coding Tasks``, its items at ``####``, then one more item at ``###``."""
        for i, parent in enumerate(headings):
            level = parent.markup_level or 0
            if not _ITEMS.search(parent.text) or parent.number is not None:
                continue
            items: list[Heading] = []
            after: Heading | None = None
            for h in headings[i + 1 :]:
                if (h.markup_level or 0) <= level:
                    after = h
                    break
                if h.markup_level == level + 1:
                    items.append(h)
            if after is None or len(items) < 2 or after.markup_level != level:
                continue
            shared = frozenset.intersection(*(_item_marks(h.text) for h in items))
            marks = _item_marks(after.text) & shared
            if (
                not marks
                or _item_marks(parent.text) & marks
                or after.number is not None
                or after.kinds
                or _ITEMS.search(after.text)
                or any(h.number is not None for h in items)
            ):
                continue
            lines = ", ".join(str(h.line) for h in items[:3])
            label = " ".join(after.label.split())
            yield (
                after,
                f"“{label[:40]}” is written at {'#' * level}, its parent “{parent.label}”'s "
                f"level, but it reads like the items under that heading ({'#' * (level + 1)}, "
                f"lines {lines}) which it follows: write it at {'#' * (level + 1)}",
            )

    @staticmethod
    def _items_after_empty_heading(headings: list[Heading]) -> Iterator[tuple[Heading, str]]:
        """``### Features Assigned to Me`` with no text of its own, then the features
        themselves as ``###`` headings: at least two, none a part of the report's own."""
        for i, parent in enumerate(headings[:-2]):
            first, second = headings[i + 1], headings[i + 2]
            if (
                _ITEMS.search(parent.text)
                and _part_word(first.text) is None
                and first.paragraph == parent.paragraph + 1
                and second.paragraph > first.paragraph + 1  # the first item has text
                and first.markup_level == second.markup_level == parent.markup_level
                and not first.kinds
                and not second.kinds
            ):
                level = "#" * (parent.markup_level or 1)
                yield (
                    first,
                    f"“{first.label}” and the headings after it are the items “{parent.label}” "
                    f"names (it has no text of its own) but are written at its level "
                    f"({level}): write them one level deeper",
                )

    @staticmethod
    def _parts_at_parent_level(headings: list[Heading]) -> Iterator[tuple[Heading, str]]:
        i = 0
        while i < len(headings) - 2:
            parent = headings[i]
            parts: list[Heading] = []
            word = None
            for h in headings[i + 1 :]:
                w = _part_word(h.text)
                if h.markup_level != parent.markup_level or w is None or w != (word or w):
                    break
                word = w
                parts.append(h)
            if word is not None and len(parts) >= 2 and _names_parts(parent.text, word):
                level = "#" * (parent.markup_level or 1)
                more = f" and {len(parts) - 1} more" if len(parts) > 1 else ""
                yield (
                    parts[0],
                    f"“{parts[0].label}”{more} are parts of “{parent.label}” but are written "
                    f"at its level ({level}): write them one level deeper",
                )
                i += len(parts) + 1
                continue
            i += 1


def _chain_drift(chain: list[Heading], before: list[Heading]) -> Iterator[tuple[Heading, str]]:
    """Members of one run of numbers (n, n+1, …) written at another level than the run's."""
    levels = [h.markup_level for h in chain]
    if len(chain) < 3 or len(set(levels)) < 2:
        return
    # A member continuing a run of its own level begun before this one is nesting
    # (``### 1.`` ``#### 1.`` ``### 2.``), not one sequence across levels.
    earlier = {(h.markup_level, h.number) for h in before}
    if any((h.markup_level, (h.number or 0) - 1) in earlier for h in chain[1:]):
        return
    level = max(dict.fromkeys(levels), key=levels.count)
    numbers = ", ".join(_number_as(h, h.number or 0).strip() for h in chain)
    for h in chain:
        if h.markup_level != level:
            yield (
                h,
                f"“{h.label}” is written at {'#' * (h.markup_level or 1)} but its number "
                f"runs on with its siblings at {'#' * (level or 1)} ({numbers}): "
                "write it at the same level",
            )


RULES = [SubListLikeParent, LabelNumbering, HeadingRunsIntoBody, UnnumberedItem, HeadingLevelDrift]
