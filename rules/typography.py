"""Chinese typography and punctuation (family T), after GB/T 15834-2011 and GB/T 9704-2012.

These are the corrections 公文 reviewers make by hand on every draft: half-width
marks typed into Chinese sentences, quotation marks and brackets that do not pair,
``、等``, doubled marks, a clause run into the next enumerator, ``。。。`` for ``……``,
full-width digits, invisible characters pasted from web pages, and heading numbers
written in two forms in one report. Most are fixable; fixes touch the mark only.

Every rule decides from the characters around a mark whether it sits in Chinese
text, so numbers (``3.14``, ``8:00``), URLs, e-mail addresses and English sentences are
left alone.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from replint_rules.garbled import pinyin_gloss_spans

from replint.plugin import (
    Document,
    Finding,
    Fix,
    Heading,
    Paragraph,
    Rule,
    Severity,
    has_cjk,
    is_cjk,
    regexes,
)

_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】〔〕…—·「」『』")
_CJK_OPENING = set("“‘（《〈【〔「『")
_CJK_CLOSING = set("”’）》〉】〕」』")
_MARKUP = " \t*_~`"
# Where marks are never prose: links, mail addresses.
_PROTECTED = regexes.lazy_re(
    r"(?:https?|ftp)://[!-~]+|www\.[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)


def _prev_sig(text: str, i: int) -> str:
    """The nearest character before ``i`` that is not a space or Markdown emphasis."""
    j = i - 1
    while j >= 0 and text[j] in _MARKUP:
        j -= 1
    return text[j] if j >= 0 else ""


def _next_sig(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j] in _MARKUP:
        j += 1
    return text[j] if j < len(text) else ""


def _chinese_before(ch: str) -> bool:
    return is_cjk(ch) or ch in _CJK_CLOSING or ch in _CJK_PUNCT - _CJK_OPENING


def _chinese_after(ch: str) -> bool:
    return is_cjk(ch) or ch in _CJK_OPENING


def _english_context(text: str, i: int, width: int = 24) -> bool:
    """Whether the text around ``i`` is mostly Latin letters (an English sentence)."""
    window = text[max(0, i - width) : i + width]
    han = sum(1 for c in window if is_cjk(c))
    latin = sum(1 for c in window if c.isascii() and c.isalpha())
    return latin > 2 * han


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(text)]


def _inside(spans: Sequence[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)


def _snippet(text: str, start: int, end: int, width: int = 6) -> str:
    """``text[start:end]`` with a little context, for messages (line breaks shown as spaces)."""
    shown = ("…" if start > width else "") + text[max(0, start - width) : end + width]
    shown += "…" if end + width < len(text) else ""
    return shown.replace("\r", " ").replace("\n", " ")


def _fix(para: Paragraph, spans: Sequence[tuple[int, int, str]], safe: bool = True) -> Fix:
    return Fix(tuple(para.edit(*span) for span in spans), safe=safe)


_ENUMERATION_MARK = regexes.lazy_re(
    r"(?:^|[\s\u3000，。；：、,;:])(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[A-Za-z])$"
)


def _enumeration_mark(text: str, close: int) -> bool:
    """Whether the bracket at ``close`` ends an item number such as ``1)`` or ``；2）``."""
    return _ENUMERATION_MARK.search(text, 0, close) is not None


# ---------------------------------------------------------------------------------
# T101
# ---------------------------------------------------------------------------------

_FULL = str.maketrans(",;:?!()", "，；：？！（）")
_HALF_MARKS = regexes.lazy_re(r"[,;:?!]+")
# Heading numbers at the start of a paragraph belong to T109.
_LEADING_NUMBER = regexes.lazy_re(
    r"^[\s\u3000]*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\))"
)


_ITEM_NUMBER = regexes.lazy_re(r"(?:^|[；。：！？\s\u3000])\d{1,2}$")
_SENTENCE_START = regexes.lazy_re(r"[。！？；!?;\n]")


def _item_number_before(text: str, comma: int) -> bool:
    """Whether ``text[comma]`` follows an item number (`；5,要`), which T116 reports."""
    nxt = text[comma + 1] if comma + 1 < len(text) else ""
    # Only the three characters before the comma can hold it (a mark and two digits):
    # searching from 0 would make a long paragraph quadratic.
    return _ITEM_NUMBER.search(text, max(0, comma - 3), comma) is not None and is_cjk(nxt)


def _latin_word_ends_chinese_sentence(text: str, start: int, end: int) -> bool:
    """`不知道？JFGI!`: a half-width ! or ? after a Latin word ends a Chinese sentence."""
    mark = text[start:end]
    if not set(mark) <= set("!?") or start == 0 or not text[start - 1].isascii():
        return False
    if not text[start - 1].isalpha():
        return False
    rest = text[end:].lstrip(" \t")
    if rest and not (is_cjk(rest[0]) or rest[0] in _CJK_OPENING):
        return False
    begun = max((m.end() for m in _SENTENCE_START.finditer(text, 0, start)), default=0)
    sentence = text[begun:start]
    if not has_cjk(sentence):
        # The Latin words stand alone after a Chinese sentence (不知道？JFGI!).
        before = text[:begun].rstrip()
        return bool(before) and (is_cjk(before[-1]) or before[-1] in "？！。")
    return True


class HalfwidthPunctuation(Rule):
    """Half-width punctuation inside Chinese text.

    ## What it does
    Finds half-width `,` `;` `:` `?` `!` `( )` in Chinese text and offers full-width marks.

    `载体,通过` becomes `载体，通过`, `注:` becomes `注：`, `人员(次)` becomes `人员（次）`.

    ## Why is this bad?
    GB/T 15834-2011 gives Chinese text full-width marks; a half-width comma between
    汉字 looks cramped in print and is one of the first things a reviewer marks.
    Baidu's and iFlytek's proofreaders list 中英文标点混用 as an error class of its own.

    ## Example
        一是以“两学一做”专题活动为载体,通过领导干部上党课等方式,不断加强思想建设。

    ## Use instead
        一是以“两学一做”专题活动为载体，通过领导干部上党课等方式，不断加强思想建设。

    Numbers (`3.14`, `3,000`, `8:00`, `1:500`), links and e-mail addresses, and English
    sentences keep their half-width marks. Heading numbers such as `(一)` are left to
    T109, and an item number written `5,` to T116 (its fix is `、`, not `，`). A `!` or
    `?` after a Latin word that ends a Chinese sentence (`不知道？JFGI!`) is Chinese
    punctuation too.
    """

    code = "T101"
    name = "halfwidth-punctuation"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            if not any(c in text for c in ",;:?!()") or not has_cjk(text):
                continue
            protected = _protected(text)
            lead = _LEADING_NUMBER.match(text)
            if lead:
                protected.append((0, lead.end()))
            # 建設(shè): pinyin glued in by a converter is garble (P107), not punctuation.
            protected.extend(pinyin_gloss_spans(text))
            yield from self._brackets(doc, para, protected)
            for m in _HALF_MARKS.finditer(text):
                start, end = m.span()
                if _inside(protected, start):
                    continue
                prev, nxt = _prev_sig(text, start), _next_sig(text, end)
                if prev.isdigit() and nxt.isdigit():
                    continue  # 3,000  8:00  1:500
                if m.group() == "," and _item_number_before(text, start):
                    continue  # 5,要加强: an item number, T116 offers 、
                latin_end = _latin_word_ends_chinese_sentence(text, start, end)
                if not (_chinese_before(prev) or _chinese_after(nxt) or latin_end):
                    continue
                both_han = is_cjk(prev) and is_cjk(nxt)
                if _english_context(text, start) and not (latin_end or both_han):
                    continue  # an English sentence, unless 汉字 stand on both sides
                # Spaces typed around the mark go too when Chinese is on both sides.
                span_start, span_end = start, end
                if _chinese_before(prev) and (_chinese_after(nxt) or not nxt):
                    while span_start > 0 and text[span_start - 1] in " \t":
                        span_start -= 1
                    while span_end < len(text) and text[span_end] in " \t":
                        span_end += 1
                full = m.group().translate(_FULL)
                yield self.finding(
                    doc,
                    para,
                    start,
                    end,
                    f"half-width “{m.group()}” in Chinese text (“{_snippet(text, start, end, 4)}”): "
                    f"use the full-width “{full}”",
                    fix=_fix(para, [(span_start, span_end, full)]),
                )

    def _brackets(
        self, doc: Document, para: Paragraph, protected: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        text = para.text
        stack: list[int] = []
        pairs: list[tuple[int, int | None]] = []
        for i, ch in enumerate(text):
            if _inside(protected, i):
                continue
            if ch == "(":
                stack.append(i)
            elif ch == ")":
                if stack:
                    pairs.append((stack.pop(), i))
                else:
                    pairs.append((i, None))
        pairs.extend((i, None) for i in stack)
        for start, close in sorted(pairs):
            if close is None:
                prev, nxt = _prev_sig(text, start), _next_sig(text, start + 1)
                if not (is_cjk(prev) or is_cjk(nxt)) or _english_context(text, start):
                    continue
                if text[start] == ")" and _enumeration_mark(text, start):
                    continue  # 1) 2) items: a numbering style, not a bracket
                full = text[start].translate(_FULL)
                yield self.finding(
                    doc,
                    para,
                    start,
                    start + 1,
                    f"half-width “{text[start]}” in Chinese text: use the full-width “{full}”",
                    fix=_fix(para, [(start, start + 1, full)]),
                )
                continue
            inner = text[start + 1 : close]
            before, after = _prev_sig(text, start), _next_sig(text, close + 1)
            chinese = has_cjk(inner) or (
                _chinese_before(before)
                and (_chinese_after(after) or after in _CJK_PUNCT or not after)
            )
            if not chinese or (not has_cjk(inner) and _english_context(text, start)):
                continue
            visible = " ".join(inner.split())
            if not visible:
                continue  # only a link or code, blanked out in ``text``: as in a .txt, not judged
            shown = f"({visible})" if len(visible) <= 10 else f"({visible[:8]}…)"
            yield self.finding(
                doc,
                para,
                start,
                close + 1,
                f"half-width brackets “{shown}” in Chinese text: use full-width “（ ）”",
                fix=_fix(para, [(start, start + 1, "（"), (close, close + 1, "）")]),
            )


# ---------------------------------------------------------------------------------
# T102
# ---------------------------------------------------------------------------------

_PAIRS = {
    "“": "”",
    "‘": "’",
    "《": "》",
    "〈": "〉",
    "（": "）",
    "【": "】",
    "〔": "〕",
    "「": "」",
    "『": "』",
}
_OPENER_OF = {v: k for k, v in _PAIRS.items()}


class UnpairedMark(Rule):
    """Quotation marks, brackets or title marks that do not pair within a paragraph.

    ## What it does
    Finds quotation marks, brackets and title marks that do not pair within a paragraph.

    Every `“` `‘` `《` `〈` `（` `【` `〔` `「` `『` must be closed by its partner, in the
    right order, and no closing mark may come without its opening one.

    ## Why is this bad?
    GB/T 15834-2011 uses these marks in pairs. An unpaired `”` usually means a quotation
    was cut or pasted badly, and the reader cannot tell where the quote begins. Generic
    linters check `"` and `()` but not the Chinese pairs.

    ## Example
        调督促市直12个单位接入政务服务‘好差评’系统”推动了平台广泛运用。

    ## Use instead
        督促市直12个单位接入政务服务“好差评”系统，推动了平台广泛运用。

    A quotation that runs over several paragraphs opens each paragraph with `“` and
    closes only in the last one, as GB/T 15834 prescribes; that is not reported. An
    apostrophe in English (`don’t`) is not a quotation mark, and item numbers such as
    `1）` `2）` are a numbering style, not a bracket left open.
    """

    code = "T102"
    name = "unpaired-mark"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paragraphs = doc.paragraphs
        for n, para in enumerate(paragraphs):
            text = para.text
            if not any(c in text for c in "“”‘’《》〈〉（）【】〔〕「」『』"):
                continue
            stack: list[tuple[str, int]] = []
            crossed: list[str] = []  # openers already reported as crossing; their closer is no news
            for i, ch in enumerate(text):
                if ch in _PAIRS:
                    stack.append((ch, i))
                    continue
                if ch not in _OPENER_OF:
                    continue
                opener = _OPENER_OF[ch]
                if ch == "’" and not any(o == "‘" for o, _ in stack):
                    prev = text[i - 1] if i else ""
                    if prev.isascii() and prev.isalnum():
                        continue  # an apostrophe: don’t, students’
                if (
                    ch == "）"
                    and opener not in (o for o, _ in stack)
                    and _enumeration_mark(text, i)
                ):
                    continue  # 1） 2） items: a numbering style, not an unpaired bracket
                if stack and stack[-1][0] == opener:
                    stack.pop()
                elif any(o == opener for o, _ in stack):
                    while stack[-1][0] != opener:
                        inner, pos = stack.pop()
                        crossed.append(inner)
                        yield self.finding(
                            doc,
                            para,
                            pos,
                            pos + 1,
                            f"{inner} is not closed before {ch} closes the {opener} opened "
                            f"earlier (at: {_snippet(text, pos, i + 1, 0)}): the marks cross; "
                            f"put the {_PAIRS[inner]} in the right place",
                        )
                    stack.pop()
                elif opener in crossed:
                    crossed.remove(opener)
                else:
                    yield self.finding(
                        doc,
                        para,
                        i,
                        i + 1,
                        f"closing {ch} without an opening {opener} in this paragraph "
                        f"(at: {_snippet(text, i, i + 1)}): add the {opener} or remove the {ch}",
                    )
            if not stack:
                continue
            following = (
                paragraphs[n + 1].text.lstrip(" \t\u3000") if n + 1 < len(paragraphs) else ""
            )
            for opener, pos in stack:
                if opener in "“‘" and following.startswith(opener):
                    continue  # a quotation running on into the next paragraph
                yield self.finding(
                    doc,
                    para,
                    pos,
                    pos + 1,
                    f"opening {opener} is never closed in this paragraph "
                    f"(at: {_snippet(text, pos, pos + 1)}): add the closing {_PAIRS[opener]}",
                )


# ---------------------------------------------------------------------------------
# T103
# ---------------------------------------------------------------------------------

_DUNHAO_DENG = regexes.lazy_re(r"、[ \t\u3000]*(等等|等)")
# Words that start with 等 and can be an item of a list themselves (规模、等级).
_DENG_WORDS = set("级待候同于额价量效次第身距高分比号腰速闲外位值式边")


def _item_before(text: str, start: int, limit: int = 8) -> str:
    """The list item just before ``start`` (back to the previous mark, at most ``limit``)."""
    k = start
    while (
        k > 0 and start - k < limit and text[k - 1] not in _CJK_PUNCT and text[k - 1] not in ",;: "
    ):
        k -= 1
    return text[k:start]


class DunhaoBeforeDeng(Rule):
    """A 顿号 before 等 or 等等.

    ## What it does
    Finds `、等` and `、等等` at the end of a list and offers to delete the 顿号.

    `微信、等网络通讯工具` becomes `微信等网络通讯工具`.

    ## Why is this bad?
    GB/T 15834-2011 B.1.2: when a list separated by 顿号 ends with 等 or 等等, no 顿号
    or other mark stands before 等 (`物理学、化学、数学等基础科学`). It is among the
    commonest punctuation errors in 公文.

    ## Example
        不通过政务邮箱、微信、等网络通讯工具传输涉密信息。

    ## Use instead
        不通过政务邮箱、微信等网络通讯工具传输涉密信息。

    Items that are words beginning with 等 (`规模、等级`, `等待`) are not reported.
    """

    code = "T103"
    name = "dunhao-before-deng"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            if "、" not in text:
                continue
            for m in _DUNHAO_DENG.finditer(text):
                deng = m.group(1)
                after = text[m.end() : m.end() + 1]
                if deng == "等" and after in _DENG_WORDS:
                    continue
                start = m.start()
                before = _item_before(text, start)
                yield self.finding(
                    doc,
                    para,
                    start,
                    m.end(),
                    f"“{before}、{deng}”: no 顿号 before “{deng}” at the end of a list "
                    f"(GB/T 15834 B.1.2); write “{before}{deng}”",
                    fix=_fix(para, [(start, m.start(1), "")]),
                )


# ---------------------------------------------------------------------------------
# T104
# ---------------------------------------------------------------------------------

_STOPS = "，。；：、？！"
_STOP_RUN = regexes.lazy_re(f"[{_STOPS}]{{2,}}")
# The ASCII marks doubled after a word (`each other..`, `Members::`), not `...` or `../`.
_ASCII_DOUBLE = regexes.lazy_re(
    r"(?<=[A-Za-z\u4e00-\u9fff)\]*_])(\.\.|::|,,|;;)(?=\s|$|[\u4e00-\u9fff])"
)
# When two different marks meet, the stronger one usually was meant.
_STRENGTH = {"？": 6, "！": 6, "。": 5, "；": 4, "：": 3, "，": 2, "、": 1}


class DoubledPunctuation(Rule):
    """Two punctuation marks where one belongs: `，，` `。。` `，。` `、，`.

    ## What it does
    Finds two punctuation marks typed where one belongs and keeps one.

    That is 逗号, 句号, 顿号, 分号 or 冒号 doubled (`，，` `。。`) or next to another
    mark (`，。` `、，`, also with a question or exclamation mark).

    ## Why is this bad?
    Apart from stacking `？` and `！` (GB/T 15834 5.1.2 allows `？！` `？？` `！！`),
    two of these marks never stand together; a doubled mark is a typing slip that
    reviewers always correct.

    ## Example
        加强理论学习，，提高政治站位。。

    ## Use instead
        加强理论学习，提高政治站位。

    The same mark twice is fixed safely (one is deleted). Two different marks (`，。`)
    are fixed only with `--unsafe-fixes`, keeping the stronger one, because the writer
    may have meant either. `。。。` is an ellipsis written wrongly (T106). In English
    text `each other..` and `Members::` are the same slip; `...` and `../` are not.
    """

    code = "T104"
    name = "doubled-punctuation"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            for m in _ASCII_DOUBLE.finditer(text):
                if _inside(_protected(text), m.start()):
                    continue
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"“{m.group()}”: the mark is typed twice "
                    f"(“{_snippet(text, m.start(), m.end(), 6)}”); keep one",
                    fix=_fix(para, [(m.start(), m.end(), m.group()[0])]),
                )
            for m in _STOP_RUN.finditer(text):
                run = m.group()
                marks = set(run)
                if marks <= {"？", "！"}:
                    continue
                if marks == {"。"} and len(run) >= 3:
                    continue  # an ellipsis typed as 。。。: T106
                if len(marks) == 1:
                    keep, safe = run[0], True
                elif marks & {"？", "！"}:
                    keep, safe = "".join(c for c in run if c in "？！")[:2], False
                else:
                    keep, safe = max(run, key=lambda c: _STRENGTH[c]), False
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"“{run}”: two punctuation marks where one belongs "
                    f"(“{_snippet(text, m.start(), m.end(), 4)}”); keep “{keep}”",
                    fix=_fix(para, [(m.start(), m.end(), keep)], safe=safe),
                )


# ---------------------------------------------------------------------------------
# T105
# ---------------------------------------------------------------------------------

_NUMBERS = "一二三四五六七八九十"
_ENUMERATOR = regexes.lazy_re(r"([二三四五六七八九十])是")
# Characters before N是 that make it a date, an ordinal or a saying, not an enumerator.
_NOT_ENUMERATION = set("第其周初期拜说月号日星百千万零〇两") | set(_NUMBERS)
_ITEM_END = set("。；，")


class MissingStopBeforeEnumerator(Rule):
    """An enumerator (`二是`, `三是`…) run into the previous clause without punctuation.

    ## What it does
    Finds an enumerator (`二是`, `三是`…) that follows the previous item with no punctuation.

    In a paragraph that enumerates with `一是…二是…三是…`, each item ends with a mark
    before the next enumerator; `成效有跟踪”二是加强…` has none.

    ## Why is this bad?
    Each item of a `一是、二是` enumeration is a clause of its own and ends with a 句号
    or 分号 before the next enumerator. Without it two items read as one sentence;
    usually a mark was lost when the text was edited.

    ## Example
        一是强化纪律作风建设……做到“服务有评价、差评有整改、成效有跟踪”二是加强平台应用。

    ## Use instead
        一是强化纪律作风建设……做到“服务有评价、差评有整改、成效有跟踪”。二是加强平台应用。

    Only `N是` whose predecessor `(N-1)是` appears earlier in the paragraph counts, and
    dates and ordinals (`周二是`, `初五是`, `第三是`) are left alone. The fix inserts the
    mark the paragraph uses before its other enumerators (`。` by default) and is
    applied only with `--unsafe-fixes`.
    """

    code = "T105"
    name = "missing-stop-before-enumerator"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            if "是" not in text:
                continue
            matches = list(_ENUMERATOR.finditer(text))
            if not matches:
                continue
            used = Counter(
                text[m.start() - 1]
                for m in matches
                if m.start() and text[m.start() - 1] in _ITEM_END
            )
            separator = used.most_common(1)[0][0] if used else "。"
            for m in matches:
                start = m.start()
                if start == 0:
                    continue
                prev = text[start - 1]
                if prev in _NOT_ENUMERATION:
                    continue
                if not (is_cjk(prev) or prev in _CJK_CLOSING):
                    continue
                number = m.group(1)
                predecessor = _NUMBERS[_NUMBERS.index(number) - 1] + "是"
                if predecessor not in text[:start]:
                    continue
                yield self.finding(
                    doc,
                    para,
                    start,
                    m.end(),
                    f"no punctuation before the enumerator “{m.group()}” "
                    f"(“{_snippet(text, start, m.end(), 6)}”): end the previous item with "
                    f"“{separator}”",
                    fix=_fix(para, [(start, start, separator)], safe=False),
                )


# ---------------------------------------------------------------------------------
# T106
# ---------------------------------------------------------------------------------

_ELLIPSIS_LIKE = regexes.lazy_re(r"。{3,}|\.{3,}|．{3,}|[·・]{3,}|…+")
_DASH_LIKE = regexes.lazy_re(r"-{2,4}|－{2,}|―{2,}|─{2,}")
_ELLIPSIS_DENG = regexes.lazy_re(r"…+\s*(等等|等)")


class EllipsisDashForm(Rule):
    """Ellipsis and dash written with the wrong characters.

    ## What it does
    Finds ellipses and dashes typed with the wrong characters and offers `……` and `——`.

    Ellipses typed as `。。。`, `...`, `......` or a single `…`, and dashes typed as `--`,
    `－－` or `――` in Chinese text. Also finds an ellipsis followed by `等`, which says
    the same thing twice.

    ## Why is this bad?
    GB/T 15834-2011 writes the Chinese ellipsis as two `…` (six dots, two character
    widths) and the dash as two em dashes `——`; other forms print at the wrong width
    and position. An ellipsis and 等 are exclusive (GB/T 15834 A.9).

    ## Example
        加强学习。。。提高本领--做到学思用贯通。

    ## Use instead
        加强学习……提高本领——做到学思用贯通。

    English text keeps `...`; a single `—` is left alone because it is also the
    connecting dash of ranges (`2013—2015年`, `北京—上海`); `……` twice in a row is
    allowed.
    """

    code = "T106"
    name = "ellipsis-dash-form"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            if not has_cjk(text):
                continue
            protected: list[tuple[int, int]] | None = None
            for m in _ELLIPSIS_LIKE.finditer(text):
                run = m.group()
                start, end = m.span()
                if protected is None:
                    protected = _protected(text)
                if _inside(protected, start):
                    continue
                if run[0] == "…" and len(run) in (2, 4):
                    continue
                if run[0] != "。" and not self._chinese(text, start, end):
                    continue
                yield self.finding(
                    doc,
                    para,
                    start,
                    end,
                    f"“{run}” is not a Chinese ellipsis: write “……” (two “…”, GB/T 15834)",
                    fix=_fix(para, [(start, end, "……")]),
                )
            for m in _DASH_LIKE.finditer(text):
                start, end = m.span()
                if protected is None:
                    protected = _protected(text)
                if _inside(protected, start) or not self._chinese(text, start, end, both=True):
                    continue
                yield self.finding(
                    doc,
                    para,
                    start,
                    end,
                    f"“{m.group()}” is not a Chinese dash: write “——” (two em dashes U+2014, "
                    "GB/T 15834)",
                    fix=_fix(para, [(start, end, "——")]),
                )
            for m in _ELLIPSIS_DENG.finditer(text):
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"“{m.group()}”: an ellipsis and “{m.group(1)}” both say the list goes on "
                    "(GB/T 15834 A.9); keep one of them",
                )

    @staticmethod
    def _chinese(text: str, start: int, end: int, both: bool = False) -> bool:
        prev, nxt = _prev_sig(text, start), _next_sig(text, end)
        before = is_cjk(prev) or prev in _CJK_PUNCT
        after = is_cjk(nxt) or nxt in _CJK_PUNCT
        if both:
            return before and (after or not nxt)
        return before or after


# ---------------------------------------------------------------------------------
# T107
# ---------------------------------------------------------------------------------

_FULLWIDTH_RUN = regexes.lazy_re(r"[０-９Ａ-Ｚａ-ｚ](?:[０-９Ａ-Ｚａ-ｚ]|．(?=[０-９]))*")


def _halfwidth(run: str) -> str:
    return "".join("." if c == "．" else chr(ord(c) - 0xFEE0) for c in run)


class FullwidthAlphanumeric(Rule):
    """Full-width digits and Latin letters (`２０２１`, `ＡＢ`).

    ## What it does
    Finds full-width digits and Latin letters and offers the ordinary (half-width) ones.

    `２０２１年` becomes `2021年`, `ＡＢ岗` becomes `AB岗`, `３．５` becomes `3.5`.

    ## Why is this bad?
    Digits and Latin letters in Chinese running text are written half-width (the
    style guides that apply GB/T 15835 say so, and GB/T 9704 page numbers are
    half-width). Full-width digits look spaced out, break searches for `2021`, and
    usually show that part of the text was pasted from elsewhere.

    ## Example
        ２０２１年全面落实ＡＢ岗制度。

    ## Use instead
        2021年全面落实AB岗制度。

    Runs of `Ｘ`/`ｘ` alone are placeholders and are left to P101.
    """

    code = "T107"
    name = "fullwidth-alphanumeric"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            for m in _FULLWIDTH_RUN.finditer(text):
                run = m.group()
                if set(run) <= {"Ｘ", "ｘ"}:
                    continue
                half = _halfwidth(run)
                yield self.finding(
                    doc,
                    para,
                    m.start(),
                    m.end(),
                    f"full-width “{run}”: write “{half}”",
                    fix=_fix(para, [(m.start(), m.end(), half)]),
                )


# ---------------------------------------------------------------------------------
# T108
# ---------------------------------------------------------------------------------

_ZERO_WIDTH = "\u200b\u200c\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ODD_SPACES = "\u00a0\u2007\u202f"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = regexes.lazy_re(f"[{_ZERO_WIDTH}{_ODD_SPACES}{_CONTROL}\u200d]+")


def _char_label(ch: str) -> str:
    if ch == "\ufeff":
        return "U+FEFF BYTE ORDER MARK"
    name = unicodedata.name(ch, "")
    if not name:
        name = "control character"
    return f"U+{ord(ch):04X} {name}"


class InvisibleCharacter(Rule):
    """Invisible characters: zero-width spaces, stray BOMs, control characters, NBSP.

    ## What it does
    Finds characters that do not show on screen and offers to remove them.

    Zero-width space and joiners (U+200B, U+200C, U+2060), a byte-order mark inside the
    text (U+FEFF), soft hyphens, direction marks, control characters, and no-break
    spaces (U+00A0). Invisible ones are deleted by the fix; no-break spaces become
    ordinary spaces.

    ## Why is this bad?
    They come with text pasted from web pages and chat tools. They split words that
    look whole, so searching for `截至目前` fails, word counts are wrong, and other
    checks (and other people's tools) miss what is plainly on the page.

    ## Example
        截至​目前共举办培训12场。   (a zero-width space after 截至)

    ## Use instead
        截至目前共举办培训12场。

    Tabs and line breaks are not reported. A zero-width joiner inside an emoji
    sequence is left alone.
    """

    code = "T108"
    name = "invisible-character"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            if text.isascii() and text.isprintable():
                continue
            for m in _INVISIBLE.finditer(text):
                run = m.group()
                start = m.start()
                if set(run) == {"\u200d"} and self._in_emoji(text, start, m.end()):
                    continue
                replacement = "".join(" " if c in _ODD_SPACES else "" for c in run)
                kinds = sorted({_char_label(c) for c in run})
                what = kinds[0] if len(kinds) == 1 else ", ".join(kinds)
                count = f"{len(run)}× " if len(run) > 1 else ""
                action = "replace it with an ordinary space" if replacement else "delete it"
                yield self.finding(
                    doc,
                    para,
                    start,
                    m.end(),
                    f"invisible character {count}{what} (“{_snippet(text, start, m.end(), 4)}”): {action}",
                    fix=_fix(para, [(start, m.end(), replacement)]),
                )

    @staticmethod
    def _in_emoji(text: str, start: int, end: int) -> bool:
        prev = text[start - 1] if start else ""
        nxt = text[end] if end < len(text) else ""
        return any(c and (ord(c) > 0xFFFF or unicodedata.category(c) == "So") for c in (prev, nxt))


# ---------------------------------------------------------------------------------
# T109
# ---------------------------------------------------------------------------------


class _Number(NamedTuple):
    """A heading number as written: where its marks are in the paragraph text."""

    open: int  # the opening bracket, or -1
    number: tuple[int, int]
    close: int  # the closing bracket, or -1
    mark: tuple[int, int]  # the mark after the number or the bracket (may be empty)


def _heading_number(text: str, heading: Heading) -> _Number | None:
    """The marks of a ``一.`` ``（一）`` ``1.`` ``（1）`` number the analysis found, when
    Chinese follows it (English status reports keep their own ``(1)``)."""
    if heading.number_span is None or heading.rank not in (1, 2, 3, 4):
        return None
    start, end = heading.number_span
    if not has_cjk(text[end : end + 8]):
        return None
    if heading.rank in (1, 3):
        if text[end : end + 1] in _DIGIT_AFTER:
            return None  # 1.5 or 一.2
        digits = text[start : end - 1].rstrip()
        return _Number(-1, (start, start + len(digits)), -1, (end - 1, end))
    close = next(i for i in range(end - 1, start, -1) if text[i] in ")）")
    body = text[start + 1 : close]
    first = start + 1 + len(body) - len(body.lstrip())
    return _Number(start, (first, first + len(body.strip())), close, (close + 1, end))


_DIGIT_AFTER = frozenset("0123456789０１２３４５６７８９.．")


class HeadingMarkForm(Rule):
    """Heading numbers with half-width brackets or in two forms in one report.

    ## What it does
    Finds heading numbers written with the wrong marks or in two forms in one report.

    It looks at the numbers that open headings and numbered paragraphs (GB/T 9704-2012
    levels `一、` `（一）` `1.` `（1）`) and finds: `(一)` or `(1)` with half-width
    brackets; a mark after a bracketed number (`（一）、`); `一.` for `一、`; and `1、`
    beside `1.` in one report. The fix writes the full-width brackets, drops the extra
    mark, and brings the Arabic level to the form most of the report uses.

    ## Why is this bad?
    GB/T 15834-2011 B.3.2–B.3.4: Chinese numerals take a 顿号 (`一、`), Arabic numerals
    a full stop (`1.`), and bracketed numbers nothing after the bracket; brackets in
    Chinese text are full-width. A report whose second level is `（一）` in one part and
    `(一)` in another looks assembled from pieces, and reviewers mark every one.

    ## Example
        （一）加强组织领导
        ……
        (一)进一步落实意识形态工作责任制。

    ## Use instead
        （一）加强组织领导
        ……
        （一）进一步落实意识形态工作责任制。

    A report that uses `1、` throughout is not reported (it is common practice); only
    a mix of `1、` and `1.` is. Paragraphs without Chinese (English status reports)
    keep `(1)`.
    """

    code = "T109"
    name = "heading-mark-form"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        arabic: list[tuple[Paragraph, _Number]] = []
        bracket_forms: Counter[str] = Counter()
        bracketed: list[tuple[Paragraph, _Number, str]] = []
        for heading in doc.analysis.numbered:
            para = doc.paragraphs[heading.paragraph]
            text = para.text
            n = _heading_number(text, heading)
            if n is None:
                continue
            mark = text[n.mark[0] : n.mark[1]]
            if heading.rank == 1:
                if mark in (".", "．"):
                    numeral = text[n.number[0] : n.number[1]]
                    yield self.finding(
                        doc,
                        para,
                        n.number[0],
                        n.mark[1],
                        f"heading number “{numeral}{mark}”: a Chinese numeral takes a 顿号, "
                        f"write “{numeral}、” (GB/T 15834 B.3.2)",
                        fix=_fix(para, [(n.mark[0], n.mark[1], "、")]),
                    )
            elif heading.rank in (2, 4):
                level = "（一）" if heading.rank == 2 else "（1）"
                half = text[n.open] == "(" or text[n.close] == ")"
                bracket_forms[level + ("half" if half else "full")] += 1
                bracketed.append((para, n, level))
            elif mark in (".", "．", "、"):
                arabic.append((para, n))
        for para, n, level in bracketed:
            yield from self._bracket_finding(doc, para, n, level, bracket_forms)
        yield from self._arabic_findings(doc, arabic)

    def _bracket_finding(
        self,
        doc: Document,
        para: Paragraph,
        n: _Number,
        level: str,
        forms: Counter[str],
    ) -> Iterator[Finding]:
        text = para.text
        opening, closing = text[n.open], text[n.close]
        half = opening == "(" or closing == ")"
        trailing = text[n.mark[0] : n.mark[1]]
        if not half and not trailing:
            return
        number = text[n.number[0] : n.number[1]]
        good = f"（{number}）"
        edits = []
        if opening == "(":
            edits.append((n.open, n.open + 1, "（"))
        if closing == ")":
            edits.append((n.close, n.close + 1, "）"))
        if trailing:
            edits.append((n.mark[0], n.mark[1], ""))
        written = text[n.open : n.mark[1]]
        reasons = []
        if half:
            elsewhere = forms[level + "full"]
            reasons.append(
                "half-width brackets"
                + (
                    f", while {elsewhere} other heading{'s use' if elsewhere != 1 else ' uses'} “（ ）”"
                    if elsewhere
                    else ""
                )
            )
        if trailing:
            reasons.append(f"“{trailing}” after the bracket (GB/T 15834 B.3.4)")
        yield self.finding(
            doc,
            para,
            n.open,
            n.mark[1],
            f"heading number “{written}”: {' and '.join(reasons)}; write “{good}”",
            fix=_fix(para, edits),
        )

    def _arabic_findings(
        self, doc: Document, arabic: list[tuple[Paragraph, _Number]]
    ) -> Iterator[Finding]:
        forms = Counter(p.text[n.mark[0] : n.mark[1]] for p, n in arabic)
        if len(forms) < 2:
            return
        # The report's own habit wins; on a tie, the standard's "1." (GB/T 15834 B.3.3).
        dominant = max(forms, key=lambda f: (forms[f], f == "."))
        total = sum(forms.values())
        for para, n in arabic:
            mark = para.text[n.mark[0] : n.mark[1]]
            if mark == dominant:
                continue
            number = para.text[n.number[0] : n.number[1]]
            yield self.finding(
                doc,
                para,
                n.number[0],
                n.mark[1],
                f"heading number “{number}{mark}” differs from the report's usual "
                f"“{number}{dominant}” ({forms[dominant]} of {total} numbered headings): "
                f"write “{number}{dominant}”",
                fix=_fix(para, [(n.mark[0], n.mark[1], dominant)]),
            )


RULES = [
    HalfwidthPunctuation,
    UnpairedMark,
    DunhaoBeforeDeng,
    DoubledPunctuation,
    MissingStopBeforeEnumerator,
    EllipsisDashForm,
    FullwidthAlphanumeric,
    InvisibleCharacter,
    HeadingMarkForm,
]
