"""Outline numbering in plain text and Word (family S): levels that cannot be told apart
and labelled parts that start past one.

These read the shared analysis: ``headings`` (the outline, list items told apart) and
``numbered`` (every numbered line as written, list items included).
"""

from __future__ import annotations

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


RULES = [SubListLikeParent, LabelNumbering, HeadingRunsIntoBody, UnnumberedItem]
