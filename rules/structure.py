"""A report without paragraph structure (family S): the whole report on one line.

Text copied out of a web page or a converter sometimes loses every line break: the
title, the headings (``一、``, ``二、``, ``（一）``) and the body run together in one
paragraph. Judging such a text part by part (missing parts, empty parts, numbering)
would report what is only a symptom; this rule says once, at the top, what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from replint.plugin import Document, Finding, OptionRanges, Rule, Severity, lazy_re

# A heading number inside running text: after a sentence end (or the text's start) and
# before words, ``。二、存在的问题`` / ``；（三）加强领导``. ``二是`` and ``第二`` are
# not headings; ``1.5亿元`` is a number.
_INLINE_HEADING = lazy_re(
    r"(?:^|[。！？；;!?]\s*)(?P<num>[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])"
    r"(?=[\u4e00-\u9fff])"
)
_INLINE_HEADING_EN = lazy_re(r"(?:^|[.!?]\s+)(?P<num>(?:[0-9]{1,2}\.|#{1,4})\s+[A-Z])")


class NoParagraphStructure(Rule):
    """The whole report is one paragraph, with its headings inside the text.

    ## What it does
    Reports, once and at the top, a text of at least ``min_chars`` characters that
    sits (nearly) all in one paragraph while it holds two or more headings numbered in
    the running text (``…完成任务。二、存在的问题…``), or any text of at least
    ``long_chars`` characters in one paragraph.

    The message names the headings found inside the paragraph, with their positions,
    so the line breaks can be put back where they belong.

    ## Why is this bad?
    The line breaks were lost (copied from a web page, a PDF or a converter): nobody
    can find the parts, and every structure check would misjudge the report.

    ## Example
        2024年工作总结一、主要工作全年完成项目五个。二、存在的问题人员不足。三、下一步打算……

    ## Use instead
        2024年工作总结
        一、主要工作
        全年完成项目五个。
        二、存在的问题
        ……
    """

    code = "S107"
    name = "no-paragraph-structure"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_chars": 400, "long_chars": 3000, "share": 0.85}
    option_ranges: ClassVar[OptionRanges] = {
        "min_chars": (1, None),
        "long_chars": (1, None),
        "share": (0.0, 1.0),
    }

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        body = [p for p in doc.paragraphs if p.kind not in ("header", "footer", "note", "table")]
        if not body:
            return
        total = sum(len(p.text.strip()) for p in body)
        big = max(body, key=lambda p: len(p.text))
        size = len(big.text.strip())
        if size < int(options["min_chars"]) or size < float(options["share"]) * total:
            return
        if big.kind == "code":
            return
        pattern = _INLINE_HEADING if _cjk_share(big.text) >= 0.3 else _INLINE_HEADING_EN
        matches = list(pattern.finditer(big.text))
        numbers = [m.group("num") for m in matches]
        inside = len(set(numbers))
        if inside < 2 and size < int(options["long_chars"]):
            return
        # The headings found inside, each with its first words and where it sits.
        shown: dict[str, str] = {}
        for m in matches:
            if m.group("num") not in shown:
                line, column = big.position(m.start("num"))
                words = big.text[m.start("num") : m.start("num") + len(m.group("num")) + 6]
                shown[m.group("num")] = f"“{words.strip()}…” at {line}:{column}"
        found = (
            f" and its {inside} headings run into the text ({'; '.join(list(shown.values())[:6])})"
            if inside >= 2
            else ""
        )
        message = (
            f"the report has no paragraph structure: {size} of its {total} characters are "
            f"one paragraph (line {big.line}){found}; restore the line breaks (a heading "
            "and each paragraph on its own line) before judging its parts"
        )
        yield self.document_finding(doc, message, line=big.line, column=big.column)


def _cjk_share(text: str) -> float:
    sample = text[:2000]
    if not sample:
        return 0.0
    return sum("\u4e00" <= ch <= "\u9fff" for ch in sample) / len(sample)


RULES = [NoParagraphStructure]
