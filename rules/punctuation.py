"""More GB/T 15834 punctuation (family T): the slips other Chinese linters catch.

Half-width full stops ending Chinese sentences, ASCII and corner quotation marks,
stacked question and exclamation marks, spaces typed inside Chinese text, a paragraph
left hanging on a comma, ``5,`` for the enumeration comma ``5、``, and full-width
colons in clock times. Each fix replaces only the marks it names; the text around
them is left byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import (
    Document,
    Finding,
    Paragraph,
    ParagraphRule,
    Rule,
    Severity,
    has_cjk,
    is_cjk,
    regexes,
    word_ends,
)

from .typography import (
    _CJK_CLOSING,
    _CJK_OPENING,
    _english_context,
    _fix,
    _inside,
    _protected,
    _snippet,
)

# Characters common in traditional but not in simplified Chinese: a report written in
# them follows the Taiwan/Hong Kong conventions (「」 quotation marks).
_TRADITIONAL = frozenset(
    "們個這來說對時會為國學發經過還進與將當應從關於開問題實現體與員資務議導變區級"
)


def _traditional(doc: Document) -> bool:
    seen = 0
    for para in doc.paragraphs:
        seen += sum(1 for c in para.text if c in _TRADITIONAL)
        if seen >= 3:
            return True
    return False


def _han(ch: str) -> bool:
    return bool(ch) and is_cjk(ch) and "\u4e00" <= ch <= "\u9fff"


# ---------------------------------------------------------------------------------
# T110
# ---------------------------------------------------------------------------------

_DOT = regexes.lazy_re(r"(?<!\.)\.(?!\.)")


class HalfwidthFullStop(ParagraphRule):
    """A half-width `.` ending a Chinese sentence.

    ## What it does
    Finds a half-width full stop `.` typed at the end of a Chinese sentence and offers
    the Chinese full stop `。`.

    ## Why is this bad?
    GB/T 15834-2011 ends a Chinese declarative sentence with `。`; the ASCII dot is a
    Western mark, small and low, and reads as a slip (中英文标点混用).

    ## Example
        各项工作均已完成.下一步将继续推进.

    ## Use instead
        各项工作均已完成。下一步将继续推进。

    Numbers and versions (`3.5`, `v2.0`), abbreviations and file names (`report.docx`),
    links and mail addresses, `...` and English sentences keep their dots. A dot
    after an item number at the start of a line (`1.加强学习`) is a heading number.
    """

    code = "T110"
    name = "halfwidth-full-stop"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if "." not in text or not has_cjk(text):
            return
        protected = _protected(text)
        for m in _DOT.finditer(text):
            i = m.start()
            if _inside(protected, i):
                continue
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            after = text[i + 1 :].lstrip(" \t")
            if not (_han(prev) or prev in _CJK_CLOSING):
                continue
            if nxt.isascii() and nxt.isalnum():
                continue  # 文件名.docx, 版本.2: not a sentence end
            if after and not (_han(after[0]) or after[0] in _CJK_OPENING):
                continue
            if _english_context(text, i):
                continue
            yield self.finding(
                doc,
                para,
                i,
                i + 1,
                f"half-width “.” ends a Chinese sentence (“{_snippet(text, i, i + 1, 5)}”): "
                "use “。”",
                replacement="。",
            )


# ---------------------------------------------------------------------------------
# T111
# ---------------------------------------------------------------------------------


class AsciiQuotes(ParagraphRule):
    """ASCII quotation marks `"…"` `'…'` around Chinese text.

    ## What it does
    Finds straight quotation marks `"` and `'` used in pairs in Chinese text and offers
    the Chinese marks `“…”` and `‘…’`.

    ## Why is this bad?
    GB/T 15834-2011 quotes with `“ ”` (and `‘ ’` inside them). Straight quotes come
    from typing on an English keyboard; in print they are neither opening nor closing.

    ## Example
        深入开展"两学一做"学习教育。

    ## Use instead
        深入开展“两学一做”学习教育。

    Only pairs whose content or surroundings are Chinese are reported; English
    quotations, inch marks (`5"`), apostrophes (`it's`), links and code are left alone.
    """

    code = "T111"
    name = "ascii-quotes"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if not ('"' in text or "'" in text) or not has_cjk(text):
            return
        protected = _protected(text)
        for mark, pair in (('"', "“”"), ("'", "‘’")):
            spots = [i for i, c in enumerate(text) if c == mark and not _inside(protected, i)]
            for a, b in zip(spots[0::2], spots[1::2], strict=False):
                inner = text[a + 1 : b]
                if not inner or "\n" in inner or len(inner) > 120:
                    continue
                before = text[a - 1] if a else ""
                after = text[b + 1] if b + 1 < len(text) else ""
                chinese = has_cjk(inner) or (_han(before) and (_han(after) or not after))
                if not chinese or (not has_cjk(inner) and _english_context(text, a)):
                    continue
                if mark == "'" and before.isascii() and before.isalpha():
                    continue  # an apostrophe
                yield self.finding(
                    doc,
                    para,
                    a,
                    b + 1,
                    f"ASCII quotation marks {mark}{_short(inner)}{mark} in Chinese text: "
                    f"use {pair[0]}{_short(inner)}{pair[1]}",
                    fix=_fix(para, [(a, a + 1, pair[0]), (b, b + 1, pair[1])]),
                )


def _short(text: str) -> str:
    return text if len(text) <= 10 else text[:8] + "…"


# ---------------------------------------------------------------------------------
# T112
# ---------------------------------------------------------------------------------

_CORNER = {"「": "“", "」": "”", "『": "‘", "』": "’"}


class CornerQuotes(Rule):
    """Corner quotation marks `「」` `『』` in mainland Chinese text.

    ## What it does
    Finds `「…」` and `『…』` in a report written in simplified characters and offers
    `“…”` and `‘…’`.

    ## Why is this bad?
    GB/T 15834-2011 gives mainland texts `“ ”` and `‘ ’`; corner marks are the
    convention of traditional-character texts (Taiwan, Hong Kong) and of vertical
    typesetting. In a 公文 they look copied from elsewhere.

    ## Example
        坚持「人民至上」的理念，落实『一岗双责』。

    ## Use instead
        坚持“人民至上”的理念，落实‘一岗双责’。

    A report written in traditional characters keeps its corner marks. An unpaired
    corner mark is T102's.
    """

    code = "T112"
    name = "corner-quotes"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        if not any(c in p.text for p in doc.paragraphs for c in "「『") or _traditional(doc):
            return
        for para in doc.paragraphs:
            text = para.text
            stack: list[tuple[str, int]] = []
            for i, ch in enumerate(text):
                if ch in "「『":
                    stack.append((ch, i))
                elif ch in "」』" and stack and stack[-1][0] == {"」": "「", "』": "『"}[ch]:
                    _opener, a = stack.pop()
                    inner = text[a + 1 : i]
                    yield self.finding(
                        doc,
                        para,
                        a,
                        i + 1,
                        f"corner quotation marks {text[a]}{_short(inner)}{ch} in a mainland "
                        f"text: use {_CORNER[text[a]]}{_short(inner)}{_CORNER[ch]}",
                        fix=_fix(para, [(a, a + 1, _CORNER[text[a]]), (i, i + 1, _CORNER[ch])]),
                    )


# ---------------------------------------------------------------------------------
# T113
# ---------------------------------------------------------------------------------

_STACK = regexes.lazy_re(r"[？！?!]{2,}")


class StackedMarks(ParagraphRule):
    """Question and exclamation marks stacked: `！！！`, `？？`, `？！？！`.

    ## What it does
    Finds runs of question and exclamation marks and offers one mark (or `？！`).

    ## Why is this bad?
    GB/T 15834-2011 (4.2.3, 4.3.3) allows stacking for strong feeling in literary
    text, at most three marks, and `？！` for a question said with force. A work
    report states facts; stacked marks read as shouting, and a run like `？！？！` or
    four marks is outside the standard altogether.

    ## Example
        这项工作太重要了！！！问题出在哪里？？

    ## Use instead
        这项工作太重要了！问题出在哪里？

    Runs the standard allows (`！！`, `！！！`, `？？`, `？？？`) are reported as info,
    the others as warnings. English text (`Really?!`) is left alone; a half-width run in
    Chinese text gets full-width marks in the fix.
    """

    code = "T113"
    name = "stacked-marks"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if not has_cjk(text):
            return
        protected = _protected(text)
        for m in _STACK.finditer(text):
            start, end = m.span()
            prev = text[start - 1] if start else ""
            if _inside(protected, start) or not (_han(prev) or prev in _CJK_CLOSING):
                continue
            run = m.group().replace("?", "？").replace("!", "！")
            if run == "？！":
                continue
            marks = set(run)
            keep = "？！" if marks == {"？", "！"} else run[0]
            allowed = len(marks) == 1 and len(run) <= 3
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"“{m.group()}”: stacked marks in a report; write “{keep}”"
                + (" (GB/T 15834 allows this only for strong feeling)" if allowed else ""),
                replacement=keep,
                safe=False,
                severity=Severity.INFO if allowed else Severity.WARNING,
            )


# ---------------------------------------------------------------------------------
# T114
# ---------------------------------------------------------------------------------

# One or more spaces between two Han characters, before a Chinese mark, or after one
# (before Chinese text).
_STRAY_SPACE = regexes.lazy_re(
    r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff])"
    r"|(?<=[^\s])[ \u3000\u00a0]+(?=[，。、；：？！）》”’])"
    r"|(?<=[，。、；：？！])[ \u3000\u00a0]+(?=[\u4e00-\u9fff“‘《（])"
)
# A link broken by a space after one of its slashes (`…com/ management/login`).
_BROKEN_URL = regexes.lazy_re(r"(?:https?|ftp)://[!-~]*/( +)(?=[A-Za-z0-9_~-]+[/.?#=])")
_SENTENCE = regexes.lazy_re(r"[\u4e00-\u9fff][，。；]")


def _splits_word(text: str, start: int, end: int) -> bool:
    """Whether the space at ``text[start:end]`` falls inside a word (社区居 民)."""
    i = start
    while i > 0 and start - i < 4 and _han(text[i - 1]):
        i -= 1
    j = end
    while j < len(text) and j - end < 4 and _han(text[j]):
        j += 1
    left, right = text[i:start], text[end:j]
    if not left or not right:
        return False
    return len(left) not in word_ends(left + right)


def _name_beside(text: str, start: int, end: int) -> bool:
    """Whether a two- or three-character name stands right before or after the space."""
    from .typos import SURNAMES

    i = start
    while i > 0 and _han(text[i - 1]):
        i -= 1
    j = end
    while j < len(text) and _han(text[j]):
        j += 1
    before, after = text[i:start], text[end:j]
    return any(2 <= len(w) <= 3 and w[0] in SURNAMES for w in (before, after))


_LEADING_NUMBER = regexes.lazy_re(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)


class StraySpace(ParagraphRule):
    """A space typed inside Chinese text (`意识形态 工作`, `Hadoop 、HBase`).

    ## What it does
    Finds spaces between two Chinese characters, and spaces before or after a Chinese
    punctuation mark, and offers to delete them.

    ## Why is this bad?
    Chinese is written without spaces between words; GB/T 15834 puts no space before
    or after its full-width marks, which carry their own spacing. A space inside a
    word is a line break pasted from a PDF (`社区居 民`) or a slip, and it splits the
    word for search and for the reader.

    ## Example
        加强意识形态 工作责任制，推进广播 电视融合发展 。

    ## Use instead
        加强意识形态工作责任制，推进广播电视融合发展。

    Spacing between Chinese and Latin letters or digits (`使用 Python 开发`) is the
    writer's choice and is left alone, as are spaces after a heading number
    (`一、 总体情况`), runs of two or more spaces between Chinese characters (an
    aligned form such as `姓  名`), spaced-out short headings (`目 录`), long blanks
    left to be filled in, and spaces at the start or end of a line. A space between
    two words (not inside one) is reported only in prose: a list line that separates
    its fields with spaces and dashes (`张三 已完成--90%`) is laid out that way. A
    link broken by a space after a slash (`http://a.cn/ login/index`) is reported too.
    """

    code = "T114"
    name = "stray-space"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        for m in _BROKEN_URL.finditer(text):
            start, end = m.span(1)
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"space inside a link (“{_snippet(text, start, end, 8)}”): delete it",
                replacement="",
            )
        if not has_cjk(text) or not any(c in text for c in " \u3000\u00a0"):
            return
        protected = _protected(text)
        lead = _LEADING_NUMBER.match(text)
        spaces = list(_STRAY_SPACE.finditer(text))
        between = sum(1 for m in spaces if _han(text[m.start() - 1]) and _han(text[m.end()]))
        # Spaces between words are slips in prose; in a list line that also uses
        # dashes or double spaces as separators (张三 已完成--90%) they are layout.
        layout = "--" in text or "  " in text.strip() or "\t" in text
        prose = bool(_SENTENCE.search(text)) and between <= 2 and not layout
        if sum(1 for c in text if _han(c)) <= 6:
            return  # 目 录, 姓 名: a spaced-out heading or label
        for m in spaces:
            start, end = m.span()
            if _inside(protected, start) or (lead and start <= lead.end()):
                continue
            if not text[:start].strip():
                continue
            between_han = _han(text[start - 1]) and end < len(text) and _han(text[end])
            if between_han and end - start > 1:
                continue  # 姓  名: alignment
            if not between_han and end - start > 2:
                continue  # a blank left to be filled in (a template), not a slip
            if between_han and not (prose or _splits_word(text, start, end)):
                continue  # 张三 已完成: spaces as separators in a list or a table
            if between_han and _name_beside(text, start, end):
                continue  # 陈刚 高德: a name set off by spaces
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"space inside Chinese text (“{_snippet(text, start, end, 4)}”): delete it",
                replacement="",
            )


# ---------------------------------------------------------------------------------
# T115
# ---------------------------------------------------------------------------------

_NUMBERED_START = regexes.lazy_re(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．)）]|"
    r"第[一二三四五六七八九十\d]+|#)"
)


class DanglingComma(Rule):
    """A paragraph that ends on `，` or `、`.

    ## What it does
    Finds a paragraph whose last mark is a comma or an enumeration comma and offers a
    full stop.

    ## Why is this bad?
    A sentence ends with `。` (GB/T 15834); a paragraph left on `，` or `、` was cut off
    while editing, or the rest of the sentence went missing.

    ## Example
        三是加强队伍建设，
        四、下一步工作打算

    ## Use instead
        三是加强队伍建设。
        四、下一步工作打算

    A line whose sentence goes on in the next line (text hard-wrapped at a fixed
    width, the next line starting with ordinary text) is not reported; the fix is
    unsafe because a part of the sentence may be missing.
    """

    code = "T115"
    name = "dangling-comma"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paragraphs = doc.paragraphs
        for n, para in enumerate(paragraphs):
            text = para.text.rstrip(" \t\u3000")
            if not text or text[-1] not in "，、" or not has_cjk(text):
                continue
            following = ""
            for later in paragraphs[n + 1 :]:
                if later.text.strip():
                    following = later.text.strip()
                    break
            if following and not _NUMBERED_START.match(following):
                continue  # the sentence runs on into the next line
            end = len(text)
            yield self.finding(
                doc,
                para,
                end - 1,
                end,
                f"the paragraph ends on “{text[-1]}” (“{_snippet(text, end - 1, end, 8)}”): "
                "end the sentence with “。” or complete it",
                replacement="。",
                safe=False,
            )


# ---------------------------------------------------------------------------------
# T116
# ---------------------------------------------------------------------------------

_NUMBER_COMMA = regexes.lazy_re(
    r"(?:^|(?<=[；。：！？\s\u3000]))(\d{1,2})([,，])(?=[\u4e00-\u9fff])"
)


class EnumerationComma(ParagraphRule):
    """An item number written `5,` or `5，` where `5、` is meant.

    ## What it does
    Finds an item number followed by a comma (`；5,要加强管理`) and offers the
    enumeration comma `、`.

    ## Why is this bad?
    GB/T 15834-2011 (4.5.3.5) and GB/T 9704 number items `1、` or `1.`; a comma after
    the number reads as if the number belonged to the sentence before.

    ## Example
        一是要加强学习；2,要加强管理；3，要改进作风。

    ## Use instead
        一是要加强学习；2、要加强管理；3、要改进作风。

    Only a number that starts the paragraph or follows a sentence mark is an item
    number; `共3,000人` and `第1,2项` are left alone.
    """

    code = "T116"
    name = "enumeration-comma"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if not has_cjk(text):
            return
        for m in _NUMBER_COMMA.finditer(text):
            start, end = m.span(2)
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"item number “{m.group(1)}{m.group(2)}”: write “{m.group(1)}、”",
                replacement="、",
            )


def enumeration_comma_at(text: str, i: int) -> bool:
    """Whether the comma at ``text[i]`` follows an item number (T116 reports it)."""
    return any(m.start(2) == i for m in _NUMBER_COMMA.finditer(text))


# ---------------------------------------------------------------------------------
# T117
# ---------------------------------------------------------------------------------

_TIME_COLON = regexes.lazy_re(
    r"(?<![\d０-９])([01０１]?[\d０-９]|[2２][0-3０-３])：([0-5０-５][\d０-９])(?![\d０-９])"
)


class TimeColon(ParagraphRule):
    """A clock time written with a full-width colon (`16：32`).

    ## What it does
    Finds a time of day written with the full-width colon `：` and offers `:`.

    ## Why is this bad?
    A time is a number: GB/T 15835-2011 writes numbers in half-width digits, and the
    time `16:32` with the half-width colon; the full-width colon leaves a gap inside
    the number. (Full-width digits are T107's.)

    ## Example
        会议于１６：３２开始，14：00结束。

    ## Use instead
        会议于16:32开始，14:00结束。

    A ratio or score (`比分3：2`, `按1：1配套`) is not a time and is left alone.
    """

    code = "T117"
    name = "time-colon"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if "：" not in text:
            return
        for m in _TIME_COLON.finditer(text):
            before = text[max(0, m.start() - 3) : m.start()]
            if any(w in before for w in ("比", "按", "为", "分", "例")):
                continue  # 比分3：2, 按1：1: a ratio
            colon = m.end(1)
            yield self.finding(
                doc,
                para,
                colon,
                colon + 1,
                f"time “{m.group()}” with a full-width colon: write “:”",
                replacement=":",
            )


# ---------------------------------------------------------------------------------
# T118
# ---------------------------------------------------------------------------------

_FINAL_MARKS = frozenset("。！？；：…—”’）》」』!?;:)]*_`|")


class UnterminatedParagraph(Rule):
    """A paragraph of sentences whose last sentence has no full stop.

    ## What it does
    Finds a paragraph that separates its sentences with `。` but stops without one
    at the end, and offers the full stop.

    ## Why is this bad?
    GB/T 15834 ends every declarative sentence with `。`. When the earlier sentences
    of a paragraph have theirs, a last sentence without one was cut off or lost its
    mark while editing.

    ## Example
        认真做好需求分析。规范编码是成功的基础，只有这样才有可能成功

    ## Use instead
        认真做好需求分析。规范编码是成功的基础，只有这样才有可能成功。

    Headings, Markdown list items, short table cells and labels without any `。`
    inside are not sentences of this kind and are left alone, and so is a line whose sentence runs on into the next
    line. The fix adds the mark and is unsafe (the end may be missing).
    """

    code = "T118"
    name = "unterminated-paragraph"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paragraphs = doc.paragraphs
        for n, para in enumerate(paragraphs):
            text = para.text.rstrip(" \t\u3000")
            if para.kind in ("list", "heading", "title"):
                continue  # notes in a list are not run-on prose
            if para.kind == "table" and sum(1 for c in text if _han(c)) < 60:
                continue  # a short cell is a label or a note; a long one is prose
            if len(text) < 20 or "。" not in text[:-1] or not _han(text[-1]):
                continue
            if sum(1 for c in text if _han(c)) < 20:
                continue
            following = ""
            for later in paragraphs[n + 1 :]:
                if later.text.strip():
                    following = later.text.strip()
                    break
            if following and not _NUMBERED_START.match(following) and _han(following[0]):
                continue  # the sentence runs on into the next line
            end = len(text)
            yield self.finding(
                doc,
                para,
                end - 1,
                end,
                f"the paragraph's last sentence has no full stop (“{_snippet(text, end - 1, end, 8)}”): "
                "it may be cut off; complete it or add “。”",
                fix=_fix(para, [(end, end, "。")], safe=False),
            )


# ---------------------------------------------------------------------------------
# T119
# ---------------------------------------------------------------------------------

# CJK Radicals Supplement characters that PDF text extraction leaves in place of the
# simplified characters they look like (NFKC maps the Kangxi radicals, not these).
_SUPPLEMENT = {
    "⻔": "门",
    "⻓": "长",
    "⻅": "见",
    "⻋": "车",
    "⻛": "风",
    "⻢": "马",
    "⻉": "贝",
    "⻚": "页",
    "⻥": "鱼",
    "⻦": "鸟",
    "⻨": "麦",
    "⻬": "齐",
    "⻮": "齿",
    "⻰": "龙",
    "⻳": "龟",
    "⻘": "青",
    "⻄": "西",
    "⻆": "角",
    "⻝": "食",
}
_RADICAL = regexes.lazy_re("[\u2e80-\u2eff\u2f00-\u2fdf]")


def _ideograph(ch: str) -> str:
    import unicodedata

    if ch in _SUPPLEMENT:
        return _SUPPLEMENT[ch]
    mapped = unicodedata.normalize("NFKC", ch)
    return mapped if mapped != ch else ""


class RadicalCharacter(ParagraphRule):
    """A radical code point standing for a character (`快速⼊⻔` for 快速入门).

    ## What it does
    Finds Kangxi radicals (U+2F00–U+2FDF) and CJK radical supplement characters
    (U+2E80–U+2EFF) inside text and offers the ordinary character they look like.

    ## Why is this bad?
    Text copied from PDF files often carries these look-alike code points: they print
    like `入` and `门` but are other characters, so search, counting, spelling checks
    and screen readers fail on them.

    ## Example
        快速⼊⻔：三天掌握⼤数据开发

    ## Use instead
        快速入门：三天掌握大数据开发

    Radicals without an ordinary twin are reported without a fix.
    """

    code = "T119"
    name = "radical-character"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        for m in _RADICAL.finditer(para.text):
            ch = m.group()
            right = _ideograph(ch)
            yield self.finding(
                doc,
                para,
                m.start(),
                m.end(),
                f"radical code point U+{ord(ch):04X} “{ch}” in text"
                + (f": write the character “{right}”" if right else ""),
                replacement=right or None,
            )


RULES = [
    RadicalCharacter,
    UnterminatedParagraph,
    HalfwidthFullStop,
    AsciiQuotes,
    CornerQuotes,
    StackedMarks,
    StraySpace,
    DanglingComma,
    EnumerationComma,
    TimeColon,
]
