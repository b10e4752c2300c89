"""Placeholders and leftovers (family P): text that was never filled in or never belonged.

Templates mark what the writer must fill in with ``X``/``XX``/``xx``/``×``/``＊``,
``某某``, ``____`` or ``【待补充】``, and reports copied from document-sharing sites
carry the site's markers (``##paidbegin##``, ``第1页共4页``). Reviewers send such reports
back every time; these rules find each leftover with its exact place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from replint.plugin import (
    Document,
    Edit,
    Finding,
    Fix,
    Paragraph,
    ParagraphRule,
    Rule,
    Severity,
    is_cjk,
    is_word,
    regexes,
)

from . import load_data

# Characters that, right after a placeholder, show it stands for a number or a name.
_COUNTERS = set("次个人项家元万亿%％年月日号名件篇条场期批户台部天届余多位分倍")


def _is_ascii_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _phrase_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        if phrase and phrase in text:
            spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(phrase), text))
    return spans


_YEAR = regexes.lazy_re(
    r"(?<![0-9A-Za-z])(?:19|20)(?:[XxＸｘ]{2}|[0-9][XxＸｘ]|[＊*×]{1,2}|_{1,2})"
)
_RUN = regexes.lazy_re(r"[XＸ]+|[xｘ]+|×+|[＊*]+")


class Placeholder(Rule):
    """X-style placeholder left in the text.

    ## What it does
    Finds the marks templates use for a number or a name still to be filled in:
    `X`, `XX`, `xx`, full-width `Ｘ`, `×`, `＊`/`*` runs (`X次`, `X%`, `XX市`,
    `学习*次`, `以下x点`), and year placeholders (`20XX年`, `202X年`).

    ## Why is this bad?
    A report that says `全年共举行集体学习X次` was never finished. Reviewers return it,
    and a reader cannot tell what was achieved.

    ## Example
        全年共举行集体学习X次，参加人数XX人。

    ## Use instead
        全年共举行集体学习12次，参加人数86人。

    Real words that contain the same letters (`X光`, `X射线`, `x86`, `Windows XP`,
    `iPhone X`, sizes such as `XXL`, `3×4`, the `1+X` certificate scheme, a footnote
    mark after a word) are left
    alone; add your own with the `allow` option, and extra placeholder patterns (regular
    expressions) with `patterns`.
    """

    code = "P101"
    name = "placeholder"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {"allow": [], "patterns": []}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        allow = [*_lookalikes(), *options["allow"]]
        extra = _compile_user_patterns(tuple(options["patterns"]))
        for para in doc.paragraphs:
            text = para.text
            if not any(c in text for c in "XxＸｘ×＊*_") and not extra:
                continue
            allowed = _phrase_spans(text, allow)
            taken: list[tuple[int, int]] = []
            for m in _YEAR.finditer(text):
                if _covered(allowed, m.start(), m.end()):
                    continue
                taken.append((m.start(), m.end()))
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"year placeholder “{m.group()}”: write the real year",
                )
            for m in _RUN.finditer(text):
                start, end = m.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                if _covered(allowed, start, end) or not _placeholder_context(doc, text, m):
                    continue
                yield self.finding(doc, para, start, end, _message(text, start, end))
            for pattern in extra:
                for m in pattern.finditer(text):
                    if m.end() > m.start() and not _covered(allowed, m.start(), m.end()):
                        yield self.finding(
                            doc,
                            para,
                            m.start(),
                            m.end(),
                            f"placeholder “{m.group()}” (matches your pattern {pattern.pattern!r})",
                        )


def _message(text: str, start: int, end: int) -> str:
    run = text[start:end]
    after = text[end : end + 1]
    if after and after in _COUNTERS:
        return f"placeholder “{run}” in “{run}{after}”: fill in the real number"
    return f"placeholder “{run}” left in the text: fill in the real name or number"


def _placeholder_context(doc: Document, text: str, m: re.Match[str]) -> bool:
    """Whether a run of X/x/×/* stands for a missing value, judged by its neighbours."""
    run = m.group()
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[m.end()] if m.end() < len(text) else ""
    ch = run[0]
    if ch in "XＸ":
        # Part of a Latin word or a model code: Xbox, SpaceX, XP, XXL, X86, 3X.
        if _is_ascii_alnum(before) or _is_ascii_alnum(after):
            return False
        # The name of a scheme written as a sum: the "1+X" certificate system, "3+X"
        # exams (a placeholder stands for a number, never for one term of a name).
        if (
            len(run) == 1
            and before in "+＋"
            and _is_ascii_alnum(text[m.start() - 2 : m.start() - 1])
        ):
            return False
        # An English compound: X-ray, X-axis, X-Men (but XX-XX is a blank date).
        joined = text[m.end() + 1 : m.end() + 2]
        return not (after == "-" and joined.isascii() and joined.isalpha() and joined not in "Xx")
    if ch in "xｘ":
        if _is_ascii_alnum(before) or _is_ascii_alnum(after):
            return False  # x86, 3x4, box, 0x1F
        # In English prose a lone "x" is a variable or a multiplication sign.
        return is_cjk(before) or is_cjk(after) or after in "%％" or before in "“‘《（【"
    if ch == "×":
        if before.isdigit() or after.isdigit() or _is_ascii_alnum(before) or _is_ascii_alnum(after):
            return False  # 3×4, 2×2 矩阵
        if len(run) >= 2:
            return True
        # A single × between words is usually multiplication (长×宽); before a counter
        # or after 第 it stands for a number.
        return after in _COUNTERS or before == "第"
    # Asterisks.
    if before.isdigit() or after.isdigit() or _is_ascii_alnum(before):
        return False
    if after in "%％" and text.count("*") == len(run):
        return True  # "完成率 *%": the only asterisks in the paragraph stand for a number
    if doc.format == "md" and ch == "*":
        # Markdown emphasis comes in pairs; only a lone * between Chinese characters counts.
        return len(run) == 1 and text.count("*") == 1 and is_cjk(before) and is_cjk(after)
    if is_cjk(before) and (is_cjk(after) or after in _COUNTERS):
        return True
    # "**局党组": a masked name at the start of a word.
    return len(run) >= 2 and (is_cjk(after) or after in "“《")


@cache
def _lookalikes() -> tuple[str, ...]:
    return tuple(load_data("placeholders.yaml")["lookalikes"])


@cache
def _compile_user_patterns(patterns: tuple[str, ...]) -> tuple[Any, ...]:
    # The user's patterns match under a time limit: `(a|aa)+$` ends as E005, never a hang.
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(regexes.user_pattern(pattern))
        except re.error as exc:
            raise ValueError(
                f"P101 pattern {pattern!r} is not a valid regular expression: {exc}"
            ) from None
    return tuple(compiled)


_ANONYMISED = regexes.lazy_re(
    r"某某+|(?<![某])某(?=[省市县区乡镇村局委办厅处科室所站队单位公司部门同志先生女士校院])"
)


class AnonymisedName(Rule):
    """A name replaced by 某某 or 某局 style anonymisation.

    ## What it does
    Finds `某某` and `某` standing in for the name of a place, office or person
    (`某局`, `某单位`, `张某某`).

    ## Why is this bad?
    In a report about your own work the names are known: `某某` means the text was
    copied from a model essay or a case write-up and never adapted.

    ## Example
        某某局认真贯彻落实上级部署。

    ## Use instead
        市行政审批局认真贯彻落实上级部署。

    Anonymised names are legitimate in 通报 and case studies, so this is a warning;
    words such as `某些`, `某种` and `某一` are not reported.
    """

    code = "P102"
    name = "anonymised-name"
    severity = Severity.WARNING

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            if "某" not in para.text:
                continue
            for m in _ANONYMISED.finditer(para.text):
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"anonymised name “{m.group()}”: write the real name",
                )


_CHINESE_DIGITS = set("一二三四五六七八九十零〇○年月日")
_BLANK = regexes.lazy_re(
    r"_{3,}|＿{2,}|□+|[〇○]{2,}"
    r"|（[ \u3000]*）|\([ \u3000]+\)|【[ \u3000]*】|〔[ \u3000]*〕|《[ \u3000]*》|\[[ \u3000]+\]"
)


class BlankToFill(Rule):
    """A blank left to be filled in: `____`, `□□`, `〇〇`, empty brackets.

    ## What it does
    Finds underscores, boxes and circles that templates use as blanks (`____人次`,
    `□□`, `○○单位`) and empty brackets meant to be filled (`（ ）`, `〔〕75号`).

    ## Why is this bad?
    A blank shows the report was never completed, and a document number such as
    `〔〕75号` is invalid.

    ## Example
        完成率达____%，发文字号为某政办〔〕75号。

    ## Use instead
        完成率达95%，发文字号为某政办〔2023〕75号。

    The `〇` of a date written in Chinese numerals (`二〇二一年`) is not a blank, and
    neither is a box in a line of a web page's chrome (`字号：[ ]`), which P105 deletes,
    nor the box of an empty task item (`- [ ]`), which P104 reports.
    """

    code = "P103"
    name = "blank-to-fill"
    severity = Severity.ERROR

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            blanks = list(_BLANK.finditer(text))
            if blanks and junk_line(text):
                continue  # a page's chrome (`字号:[ ]`): P105 deletes the whole line
            for m in blanks:
                run = m.group()
                before = text[m.start() - 1] if m.start() > 0 else ""
                after = text[m.end()] if m.end() < len(text) else ""
                if run[0] in "〇○" and (before in _CHINESE_DIGITS or after in _CHINESE_DIGITS):
                    continue  # 二〇二一年, 二〇〇〇年
                if run[0] in "([" and _is_ascii_alnum(before):
                    continue  # print( ), list[ ] in technical text
                if (
                    run[0] == "_"
                    and doc.format == "md"
                    and (_is_ascii_alnum(before) or _is_ascii_alnum(after))
                ):
                    continue  # snake_case identifiers that escaped code spans
                if run[0] == "[" and _EMPTY_TASK.match(
                    doc.source_line(para.position(m.start())[0])
                ):
                    continue  # "- [ ]": P104 reports the empty task item
                if run[0] in "([（〔【" and _blanked_markup(doc, para, m.start() + 1, m.end() - 1):
                    continue  # "[text](url)": the reader blanked the link destination
                yield self.finding(
                    doc, para, m.start(), m.end(), f"blank “{run}” left to be filled in"
                )


def _blanked_markup(doc: Document, para: Paragraph, start: int, end: int) -> bool:
    """Whether the spaces in ``para.text[start:end]`` stand for blanked markup (a URL,
    inline code, an image) rather than spaces typed in the source."""
    if doc.format == "docx" or start >= end:
        return False
    for offset in range(start, end):
        line, column = para.position(offset)
        source = doc.source_line(line)
        if 0 < column <= len(source) and not source[column - 1].isspace():
            return True
    return False


# A field in angle brackets (`<manager name>`); Markdown takes it for an HTML tag.
_ANGLE_FIELD = r"<(?i:insert |your |enter )?[a-z]+(?: [a-z]+){0,3} (?:name|date|number|here)>"
_ANGLE_PLACEHOLDER = regexes.lazy_re(_ANGLE_FIELD)
_INSTRUCTION = regexes.lazy_re(
    r"【[^】\n]{0,20}?(?:待补充|待完善|待填写|待更新|待定|填写|补充|此处|请|TODO|示例)[^】\n]{0,20}?】"
    r"|[（(][ \u3000]*(?:此处|这里|请|在此处|在此)[^）)\n]{0,30}[）)]"
    r"|\[[ \u3000]*(?:请|此处|TODO|TBD)[^\]\n]{0,30}\]"
    r"|[（(【\[][^）)】\]\n]{0,20}?(?:待[\u4e00-\u9fff]{0,4}?(?:补充|完善|填写|统计|核实|核|确认|更新|补)"
    r"|插入|填入|后补)[^）)】\]\n]{0,20}[）)】\]]"
    # An aside to the writer: a note that asks for something here, a request that
    # ends in what to do (`（根据实际情况填写）`, `（可结合本单位实际增减）`), or an
    # order to list examples.
    r"|[（(【\[][^）)】\]\n]{0,6}?(?:此处|这里|在此)(?:需要?|请|应|可)?"
    r"(?:填写|补充|插入|添加|粘贴|填入|列举|附上?)[^）)】\]\n]{0,20}[）)】\]]"
    r"|[（(【\[][^）)】\]\n。，,]{1,20}?(?:填写|补充|增减|粘贴|插入|添加|填入|补齐|补全)[）)】\]]"
    r"|[（(【\[](?:请|可)?(?:列举|举例说明|简述|简要说明|具体说明)[^）)】\]\n]{1,20}[）)】\]]"
    r"|\[[^\]\n]{0,10}?(?:补充|填写|完善)[^\]\n]{0,10}\]"
    r"|\[[ \t]*(?i:insert|add|enter|fill in|type|put|your)\b[^\]\n]{0,40}\]"
    r"|\[(?:[A-Z][a-z]+ ){0,3}(?:Name|Date|Number|Title|Company|Team|Project|Manager|Department"
    r"|Amount|Figure|Link|Here)\]"
    r"|\[(?:[a-z]+ ){1,3}(?:name|date|number|title|amount|figure)\](?![(\[])"
    rf"|{_ANGLE_FIELD}"
    r"|(?i:lorem ipsum)"
    r"|(?<![A-Za-z])(?:todo|tbd|fixme)(?=[ \t]*[:：])"
    r"|(?<![A-Za-z])(?:TODO|TBD|FIXME)(?![A-Za-z])"
    r"|待补充|待完善|待填写|此处填写|请填写|请在此处|请输入"
)
_PENDING = regexes.lazy_re(r"待定")


class TemplateInstruction(Rule):
    """A template instruction or a to-do note left in the text.

    ## What it does
    Finds instructions to the writer (`【待补充】`, `（此处填写主要成效）`,
    `[请填写单位名称]`, `请填写`, and asides in other wordings: `（根据实际情况填写）`,
    `（列举2至3个典型事例）`, `（数据待核）`, `[client name]`, `<manager name>`, also where
    Markdown hides it as an HTML tag), to-do markers (`TODO`, `TBD`, `FIXME`, `待定`) and
    empty task items (`- [ ]`).

    ## Why is this bad?
    They are notes to the author, not content: a reader sees an unfinished draft.

    ## Example
        三、下一步打算【待补充】

    ## Use instead
        三、下一步打算

    followed by the plans themselves. `待定` is reported as information only, since a
    plan may honestly say that a date is still to be decided.
    """

    code = "P104"
    name = "template-instruction"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {"words": []}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        extra = [w for w in options["words"] if w]
        for para in doc.paragraphs:
            text = para.text
            spans: list[tuple[int, int]] = []
            for m in _INSTRUCTION.finditer(text):
                if _marker_as_a_word(text, m):
                    continue
                spans.append(m.span())
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"template instruction “{m.group()}” left in the text: "
                    "write the content or delete it",
                )
            for m in _PENDING.finditer(text):
                if not _covered(spans, m.start(), m.end()):
                    yield self.finding(
                        doc,
                        para,
                        m.start(),
                        m.end(),
                        "“待定” (to be decided): make sure nothing was left unfinished",
                        severity=Severity.INFO,
                    )
            for m in (mm for w in extra for mm in re.finditer(re.escape(w), text) if w in text):
                if not _covered(spans, m.start(), m.end()):
                    yield self.finding(
                        doc,
                        para,
                        m.start(),
                        m.end(),
                        f"leftover “{m.group()}” (from your word list)",
                    )
        for number, column, tail in _table_row_tails(doc):
            for m in _INSTRUCTION.finditer(tail):
                yield self.document_finding(
                    doc,
                    f"template instruction “{m.group()}” left after the table row's last “|”, "
                    "where the table hides it: write the content or delete it",
                    line=number,
                    column=column + m.start(),
                )
        for number, column, field in _hidden_fields(doc):
            yield self.document_finding(
                doc,
                f"template instruction “{field}” left in the text, where Markdown hides it "
                "as an HTML tag: write the content or delete it",
                line=number,
                column=column,
            )
        if doc.format != "docx":
            for number, line in enumerate(doc.lines, 1):
                if _EMPTY_TASK.match(line):
                    yield self.document_finding(
                        doc,
                        "empty task item “- [ ]”: write the task or delete the line",
                        line=number,
                        column=line.index("[") + 1,
                    )


_TODO_AS_OBJECT_BEFORE = regexes.lazy_re(
    r"(?:的|记录|添加|新增|写了?|留下?了?|标注|标记|清理|整理|个|些)$"
)
_TODO_AS_NOUN_AFTER = regexes.lazy_re(
    r"(?:功能|列表|清单|事项|条目|注释|模块|应用|管理|app|list|items?|feature|comments?)", re.I
)


def _table_row_tails(doc: Document) -> Iterator[tuple[int, int, str]]:
    """Text typed after the closing ``|`` of a Markdown table row, with its line and
    1-based column: a table drops the cells beyond its header's count, so the reader
    never shows it, yet the writer left it in the file."""
    if doc.format != "md":
        return
    rows = {para.position(0)[0] for para in doc.paragraphs if para.kind == "table"}
    for number in sorted(rows):
        line = doc.source_line(number)
        stripped = line.lstrip()
        if not stripped.startswith("|"):
            continue
        end = line.rfind("|")
        tail = line[end + 1 :]
        if tail.strip():
            yield number, end + 2, tail


def _hidden_fields(doc: Document) -> Iterator[tuple[int, int, str]]:
    """Angle-bracket fields (`<manager name>`) on the source lines of Markdown prose
    that the reader dropped as inline HTML: the rendered report shows a gap there."""
    if doc.format != "md":
        return
    shown: dict[int, str] = {}
    for para in doc.paragraphs:
        for seg in para.segments:
            shown[seg.line] = para.text
    for number in sorted(shown):
        line = doc.source_line(number)
        for m in _ANGLE_PLACEHOLDER.finditer(line):
            if m.group() in shown[number] or "<!--" in line[: m.start()]:
                continue
            if line.count("`", 0, m.start()) % 2:
                continue  # inside inline code: an example, not a gap
            yield number, m.start() + 1, m.group()


_EMPTY_TASK = regexes.lazy_re(r"^[ \t>]*[-*+][ \t]+\[[ \t]\][ \t]*$")


def _marker_as_a_word(text: str, m: re.Match[str]) -> bool:
    """``TODO`` used as an English word inside a phrase: "closed TODO items", "our
    FIXME comments". A left-over marker stands at the start of a line or item, after a
    bracket or colon, or before one: "TODO: add figures", "- TBD", "（TODO）"."""
    if m.group() not in ("TODO", "TBD", "FIXME"):
        return False
    before = text[: m.start()].rstrip(" ")
    after = text[m.end() :].lstrip(" ")
    if _TODO_AS_OBJECT_BEFORE.search(before) or _TODO_AS_NOUN_AFTER.match(after):
        # "完善报表的TODO功能", "在PR里记录TODO": the to-do feature is the subject.
        return True
    return (
        len(before) < m.start()
        and len(after) < len(text) - m.end()
        and before[-1:].isascii()
        and before[-1:].isalpha()
        and after[:1].isascii()
        and after[:1].islower()
    )


class ScrapedJunk(ParagraphRule):
    """Text pasted from a document-sharing site or a CMS page.

    ## What it does
    Finds the markers and chrome that document sites add around a text:
    `##paidbegin##`/`##paidend##`, `第1页共4页`, `下载本文档`, `本文档由…提供`,
    `预览阅读已结束…`, `(未完,全文共…字…)`, printed page numbers such as `— 2 —`.

    ## Why is this bad?
    It shows the report was downloaded rather than written, and it is noise in the
    document. Every such marker can be deleted safely; `--fix` deletes it.

    ## Example
        ##paidbegin##二、强化学习教育，筑牢思想防线。

    ## Use instead
        二、强化学习教育，筑牢思想防线。
    """

    code = "P105"
    name = "scraped-junk"
    severity = Severity.ERROR
    fixable = True

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        spans: list[tuple[re.Match[str], str, bool, str]] = []
        for pattern, label, whole_line, safe, origin in junk_patterns():
            for m in pattern.finditer(text):
                if m.end() == m.start():
                    continue
                if _whole(text, m, whole_line):
                    if label == "table of contents" and _links_within(doc, para.index + 1):
                        break  # the writer's own contents: links to the report's headings
                    # The whole line goes: one finding for it, whatever else it holds.
                    yield self._delete_line(doc, para, label, m.group(), origin)
                    return
                spans.append((m, label, safe, origin))
        kept: list[tuple[int, int]] = []
        for m, label, safe, origin in sorted(spans, key=lambda x: (x[0].start(), -x[0].end())):
            if _covered(kept, *m.span()):
                continue  # inside junk already reported (`欢迎阅读` closing a site's intro)
            kept.append(m.span())
            start, end = m.span()
            # Take the spaces that only separated the junk from the text with it.
            while end < len(text) and text[end] in " \u3000\t" and start == 0:
                end += 1
            while start > 0 and text[start - 1] in " \u3000\t" and end == len(text):
                start -= 1
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"{label} “{m.group().strip()}” {origin}: delete it",
                replacement="",
                safe=safe,
            )

    def _delete_line(
        self, doc: Document, para: Paragraph, label: str, matched: str, origin: str
    ) -> Finding:
        finding = self.finding(
            doc,
            para,
            0,
            len(para.text),
            f"{label} “{matched.strip()}” {origin}: delete the line",
        )
        if doc.source is None or len(para.segments) != 1 or para.kind == "table":
            return finding
        line = para.line
        if line < len(doc.lines):
            edit = Edit(line, 1, line + 1, 1, "")
        else:
            edit = Edit(line, 1, line, len(doc.lines[line - 1]) + 1, "")
        return replace(finding, fix=Fix((edit,), safe=True, description="delete the line"))


def _links_within(doc: Document, index: int) -> bool:
    """Whether paragraph ``index`` of a Markdown file links to headings of the file
    itself (`1. [本周工作](#本周工作)`): a contents list the writer made."""
    if doc.format != "md" or index >= len(doc.paragraphs):
        return False
    lines = {seg.line for seg in doc.paragraphs[index].segments}
    return any("](#" in doc.source_line(number) for number in lines)


def _whole(text: str, m: re.Match[str], whole_line: bool) -> bool:
    """Whether junk matched by ``m`` takes the whole line with it."""
    return whole_line or not text.replace(m.group(), "").strip()


def junk_line(text: str) -> bool:
    """Whether P105 deletes ``text`` as a whole line of a site's junk."""
    for pattern, _label, whole_line, _safe, _origin in junk_patterns():
        m = pattern.search(text)
        if m is not None and m.end() > m.start() and _whole(text, m, whole_line):
            return True
    return False


@cache
def junk_patterns() -> tuple[tuple[re.Pattern[str], str, bool, bool, str], ...]:
    """P105's patterns from ``data/placeholders.yaml``: (pattern, label, whole_line,
    safe, origin)."""
    items = load_data("placeholders.yaml")["junk"]
    return tuple(
        (
            regexes.lazy_re(item["pattern"]),
            item["name"],
            bool(item.get("whole_line", False)),
            bool(item.get("safe", True)),
            str(item.get("origin", "pasted from a document site")),
        )
        for item in items
    )


class MissingNumber(Rule):
    """A unit with no number before it: the figure was deleted or never filled in.

    ## What it does
    Finds a unit of measure that follows a word directly, with no number in between:
    `完成投资亿元`, `占比%`, `同比增长个百分点`, `接待群众人次`, `第期培训班`, and in a
    sentence of figures a bare measure word before a comma (`整改问题个，`,
    `诫勉人；`, `新建停车场套，`), or after an English word (`完成bug 个`). In English,
    `grew by %`. Traditional characters count too (`投資億元`). Words that are themselves an
    amount (`近亿元`, `数万元`, `上亿元`, `几个百分点`, `若干个百分点`), categories
    named by a round amount (`亿元以上项目`, `万元户`), unit labels (`增长率（%）`,
    `单位：%`), words that end in a measure word (`国家，`, `事项，`) and `%` in URLs
    and format strings are not reported.

    ## Why is this bad?
    A template's figures are often stripped out to reuse its sentences; what is left
    reads as a sentence but says nothing, and a reviewer sends it back at once.

    ## Example
        全年完成固定资产投资亿元，同比增长%，已完成整改问题个，第期培训班结业。

    ## Use instead
        全年完成固定资产投资12.6亿元，同比增长8.3%，已完成整改问题15个，第3期培训班结业。
    """

    code = "P106"
    name = "missing-number"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            for start, end in missing_numbers(text):
                unit = text[start:end]
                shown = text[max(0, start - 6) : end].lstrip()
                yield self.finding(
                    doc,
                    para,
                    start,
                    end,
                    f"no number before “{unit}” in “{shown}”: write the figure",
                )


# Characters before a unit that are themselves an amount or a numeral (近亿元, 数万元).
_AMOUNT_CHARS = frozenset(
    "0123456789０１２３４５６７８９〇零一二两兩三四五六七八九十百千万萬亿億数數几幾上近过過逾超余餘多半每各按单單双雙破"
)
# Two characters before a unit that are an amount word (多少个百分点, 若干万元).
_AMOUNT_WORDS = frozenset({"多少", "若干", "不少", "大量", "海量", "巨量", "一些", "这些", "那些"})
# Before a bare measure word: function words and determiners (的人, 该户, 这个, 是个).
_FUNCTION_CHARS = frozenset(
    "的地得了着过之和与及或在是有为被把将对向从以于让给到等已该此本这那哪某其全整同首逐获个次"
)
# A round amount that names a category: 亿元以上项目, 万元户, 亿元级.
_CATEGORY = regexes.lazy_re(r"以上|以下|以内|级|户|大关|项目|企业")
# Around a %: the modulo operator or a unit label, not a figure.
_PERCENT_WORDS = ("运算", "取模", "取余", "求余", "符号", "单位", "百分号")
# Always a figure: an amount of money, percentage points, a percentage.
_STRONG_UNIT = regexes.lazy_re(r"[万亿萬億]美?元|[个個]百分[点點]|[%％]")
# A figure only when a measure word closes the clause (就业万人，, 整改问题个、).
_WEAK_UNIT = regexes.lazy_re(
    r"(?:万(?:人次|户次|人|户|吨|亩|平方米|千瓦时|辆|册)|人次|户次|亩次|平方米|平方公里|公里"
    r"|百分点|[个次项家人件场篇台套份批元吨亩])(?=[，。；、,;]|\s*$)"
)
# 第 right before a measure word: the ordinal's number is gone (第期, 第次).
_ORDINAL = regexes.lazy_re(r"(?<![次门府宅及落])第[期次项批届轮季]")
# A sentence that states figures: a number in digits right before a measure word.
_FIGURE = regexes.lazy_re(r"[0-9０-９][个次项家人名件条场篇户台套份批元吨亩所%％万亿]")
_SENTENCE = regexes.lazy_re(r"[^。！？!?]*[。！？!?]?")
# Before 元: a word for money (收入元, 资金元), not a name.
_MONEY_CHARS = frozenset("资金入出费款额值价本润贴助")
# After a %: a URL escape (%E4) or a format string (%s, %d).
_NOT_A_FIGURE = regexes.lazy_re(r"[0-9A-Fa-f]{2}|[A-Za-z_{(]")
# A verb that counts what it did, then a measure word and its noun (召开次会议).
_COUNTED = regexes.lazy_re(
    r"(?:召开|开展|组织|举办|举行|表彰|选任|选派|发放|查处|新建|建成|完成|培训|走访|慰问|受理|办结)"
    r"了?(?P<unit>[次个项场名批家])(?=[\u4e00-\u9fff])"
)
# English: a preposition or verb right before a bare %.
_EN_PERCENT = regexes.lazy_re(
    r"\b(?:by|of|to|at|from|about|around|than|reached|is|was|are|were|up|down|over|under"
    r"|nearly|only|roughly|approximately|completed|achieved)\s+(?P<unit>%)(?![A-Za-z0-9])"
)
# A count after an English word, at the end of a clause (完成bug 个, feature 个); not
# after an X placeholder (培训XX次), which P101 reports.
_EN_COUNTED = regexes.lazy_re(
    r"(?<=[A-Za-z][A-Za-z])(?<![Xx][Xx])[ \t]*(?P<unit>[个次项条件篇])(?=[，。；、,;]|[ \t]*$)"
)


def _after_word(text: str, start: int) -> bool:
    """Whether a word that is not an amount ends right before ``start``."""
    if start < 1 or not is_cjk(text[start - 1]) or text[start - 1] in _AMOUNT_CHARS:
        return False
    return text[max(0, start - 2) : start] not in _AMOUNT_WORDS


def _strong(text: str, m: re.Match[str]) -> bool:
    start, end = m.span()
    if not _after_word(text, start):
        return False
    if m.group()[0] in "%％":
        if _NOT_A_FIGURE.match(text, end):
            return False  # a URL escape (%E4) or a format string (%s, %d)
        around = text[max(0, start - 3) : end + 3]
        return not any(word in around for word in _PERCENT_WORDS)
    return _CATEGORY.match(text, end) is None


def missing_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` where a unit of measure stands with no number before it."""
    found: list[tuple[int, int]] = [
        m.span() for m in _STRONG_UNIT.finditer(text) if _strong(text, m)
    ]
    found.extend(m.span() for m in _ORDINAL.finditer(text))
    found.extend(m.span("unit") for m in _EN_PERCENT.finditer(text))
    found.extend(m.span("unit") for m in _EN_COUNTED.finditer(text))
    found.extend(
        m.span("unit")
        for m in _COUNTED.finditer(text)
        if is_word(text, m.start("unit"), m.end("unit"))
    )
    weak = [m.span() for m in _WEAK_UNIT.finditer(text) if _bare_measure(text, *m.span())]
    if weak:
        found.extend(_supported(text, weak, found))
    yield from sorted(set(found))


def _bare_measure(text: str, start: int, end: int) -> bool:
    """Whether the measure word at ``text[start:end]`` stands alone after a word."""
    if not _after_word(text, start) or text[start - 1] in _FUNCTION_CHARS:
        return False
    if (
        text[start - 1] == text[start]
        and end - start == 1
        and not is_word(text, max(0, start - 2), start)
    ):
        return False  # 户户, 个个: a reduplication unless the word before ends in it
    return is_word(text, start, end)


def _supported(
    text: str, weak: list[tuple[int, int]], strong: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The bare measure words that are a gap: a unit of two or more characters
    (人次, 平方米), or a measure word in a sentence that gives the same measure with
    a figure (学生人，教师54人) or has a gap that is a figure for sure."""
    for start, end in weak:
        if end - start >= 2:
            yield start, end
            continue
        unit = text[start]
        if unit == "元":
            if text[start - 1] in _MONEY_CHARS:
                yield start, end  # 收入元，
            continue  # else a name (张元), not an amount of money
        sentence = _SENTENCE.match(text, text.rfind("。", 0, start) + 1)
        lo, hi = sentence.span() if sentence else (start, end)
        if any(lo <= s < hi for s, _ in strong) or any(
            m.group()[-1] == unit for m in _FIGURE.finditer(text, lo, hi)
        ):
            yield start, end


RULES = [
    Placeholder,
    AnonymisedName,
    BlankToFill,
    TemplateInstruction,
    ScrapedJunk,
    MissingNumber,
]
