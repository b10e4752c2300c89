"""A report without paragraph structure (family S): the whole report on one line, and
a paragraph that stops in the middle of a sentence.

Text copied out of a web page or a converter sometimes loses every line break: the
title, the headings (``一、``, ``二、``, ``（一）``) and the body run together in one
paragraph. Judging such a text part by part (missing parts, empty parts, numbering)
would report what is only a symptom; this rule says once, at the top, what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from replint.plugin import Document, Finding, OptionRanges, Paragraph, Rule, Severity, lazy_re

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


# Words a Chinese clause cannot end on: connectives, prepositions, modal verbs. Each
# counts only as a whole word (``总和``, ``参与``, ``开会`` and ``普及`` end well).
_ZH_OPEN_WORDS = (
    "以及",
    "并且",
    "而且",
    "或者",
    "但是",
    "因为",
    "由于",
    "如果",
    "虽然",
    "然后",
    "对于",
    "关于",
    "通过",
    "为了",
    "以便",
    "比如",
    "例如",
    "能够",
    "应该",
    "正在",
    "将要",
    "和",
    "与",
    "及",
    "并",
    "而",
    "或",
    "但",
    "把",
    "被",
    "对",
    "从",
    "向",
    "让",
    "使",
    "会",
    "能",
)
_ZH_OPEN_MARKS = "，、,（(《“‘"
# English words a sentence cannot end on (particles such as ``on`` or ``up`` can).
_EN_OPEN_WORD = lazy_re(
    r"(?:^|\s)(?P<w>(?i:the|of|and|or|with|because|if|but|than|whether|whose)|a|an)\s*$"
    r"|(?P<c>,)\s*$"
)
_FINAL = lazy_re(r"[。！？!?.…；;：:）)」』”’》\]】]\s*$")
_CJK_CHAR = lazy_re(r"[\u4e00-\u9fff]")
_LIST_START = lazy_re(
    r"^\s*(?:[-*+•·]|[0-9]{1,2}[.、．)）]|[（(][0-9一二三四五六七八九十]{1,3}[）)]|"
    r"[一二三四五六七八九十]{1,3}、|[①-⑳])"
)


def _open_end(text: str) -> tuple[int, str] | None:
    """Where the word or mark a sentence cannot end on starts, and what it is."""
    tail = text.rstrip()
    if not tail or _FINAL.search(tail):
        return None
    if _CJK_CHAR.search(tail[-4:]):
        if tail[-1] in _ZH_OPEN_MARKS:
            return len(tail) - 1, tail[-1]
        clause = tail[-24:]
        candidates = [w for w in _ZH_OPEN_WORDS if clause.endswith(w)]
        if not candidates:
            return None
        from replint.plugin import word_ends

        ends = word_ends(clause)
        for word in candidates:
            start = len(clause) - len(word)
            if start in ends and len(clause) in ends:
                return len(tail) - len(word), word
        return None
    m = _EN_OPEN_WORD.search(tail)
    if m is None:
        return None
    name = "w" if m.group("w") else "c"
    return m.start(name), m.group(name)


class UnfinishedSentence(Rule):
    """A paragraph stops in the middle of a sentence.

    ## What it does
    Reports a paragraph or list item whose text stops, with no final mark, on a word or
    mark that cannot end a clause: a connective or a preposition (`和`, `因为`, `对于`,
    `and`, `the`, `with`), a modal verb (`会`, `能`), a comma or an opening bracket
    (`……二者在哪个环节会`, `- Moved the parser to the`). The words count only as whole
    words: `总和`, `参与`, `开会` end well.

    Headings, table cells, code, labels ending with a colon, a lead-in followed by a
    list, and (in plain text, where a line may be a wrapped piece of a paragraph) a
    line that the next line goes on from are not reported.

    ## Why is this bad?
    The sentence or the question was cut while editing or pasting: the reader does not
    learn what was done or asked, and the report reads as unfinished.

    ## Example
        问题1：批量导入时内存占用很高，分页读取在哪个环节会

    ## Use instead
        问题1：批量导入时内存占用很高，分页读取在哪个环节会降低峰值？
    """

    code = "S117"
    name = "unfinished-sentence"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_chars": 8}
    option_ranges: ClassVar[OptionRanges] = {"min_chars": (1, None)}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        # A run-in heading (``问题1：…``) leaves the rest of its paragraph to be judged.
        heads = {h.paragraph for h in doc.analysis.headings if not h.run_in}
        paragraphs = doc.paragraphs
        plain = doc.format not in ("markdown", "md", "docx", "odt")
        for i, p in enumerate(paragraphs):
            if p.kind not in ("text", "list") or i in heads:
                continue
            text = p.text
            # Masked code or a link at the end (blanked by the reader): not prose.
            if len(text) - len(text.rstrip()) > 1 or len(text.strip()) < int(options["min_chars"]):
                continue
            found = _open_end(text)
            if found is None:
                continue
            after = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            if after is not None and not self._stands_alone(p, after, i + 1 in heads, plain):
                continue
            start, word = found
            if word in _ZH_OPEN_MARKS and self._punctuated_alike(paragraphs, i, word):
                continue
            yield self.finding(
                doc,
                p,
                start,
                start + len(word),
                f"this paragraph stops on “{word}” in the middle of a sentence, with no final "
                "mark: finish the sentence (or the question), or cut the fragment",
            )

    @staticmethod
    def _punctuated_alike(paragraphs: tuple[Paragraph, ...], i: int, mark: str) -> bool:
        """Items of a list that all end with a comma: the writer's style, not a cut."""
        return any(
            0 <= j < len(paragraphs)
            and paragraphs[j].kind == paragraphs[i].kind
            and paragraphs[j].text.rstrip().endswith(mark)
            for j in (i - 1, i + 1)
        )

    @staticmethod
    def _stands_alone(p: Paragraph, after: Paragraph, heading: bool, plain: bool) -> bool:
        """Whether the text after ``p`` leaves it unfinished (not a lead-in to a list,
        not a wrapped line that the next one goes on from)."""
        if heading:
            return True
        item = p.kind == "list" or bool(_LIST_START.match(p.text))
        if not item and (_LIST_START.match(after.text) or after.kind == "list"):
            return False  # a lead-in: "主要包括，" then the items
        # In plain text a line may be one piece of a wrapped paragraph; the next item
        # of a numbered list after it shows that it ended there.
        return not plain or (item and bool(_LIST_START.match(after.text)))


RULES = [NoParagraphStructure, UnfinishedSentence]
