"""A character, word or list item written twice by mistake (R105, formerly W103).

Doubling is repetition, and reviewers file it with the other repetitions (family R):
`的的`, `进行进行`, `到，到`, `水疗&餐饮&餐饮`, `Hadoop、Hive、Kafka、Hive`. The rule
was W103 (repeated-word); it declares ``formerly = ("W103",)``, so selectors,
suppressions and baselines that name W103 keep applying to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from replint.plugin import (
    HANZI_LIKE,
    Document,
    Finding,
    Fix,
    Paragraph,
    Rule,
    Severity,
    is_cjk,
    is_word,
    regexes,
    word_ends,
    word_tags,
)

# Function characters never doubled in writing (的的, 了了, 在在); AABB forms such as
# 的的确确 and words such as 为了了解 are told apart by segmentation.
_FUNCTION_CHARS = "的了地得在是和与及或并而对把被从向于以为将也都就又还之其让使给跟同由按但且所则"
_DOUBLE_CHAR = regexes.lazy_re(f"([{_FUNCTION_CHARS}])\\1")
_DOUBLE_WORD = regexes.lazy_re(f"({HANZI_LIKE}{{2,8}})\\1")
_DOUBLE_ACROSS_BREAK = regexes.lazy_re(f"({HANZI_LIKE}{{1,8}})[ \\t]*\\r?\\n[ \\t]*\\1")
_ANY_DOUBLE = regexes.lazy_re(r"([\u4e00-\u9fff])\1")
_SUFFIXES = frozenset("性化率度者型式量点法员品力费期区类感界观论学家师")
# A doubled two-character unit is grammatical reduplication when it is a verb
# (研究研究, tentative aspect), a state adjective (雪白雪白), a numeral or measure
# word, an interjection or onomatopoeia, or a modal particle.
_REDUPLICABLE_TAGS = ("v", "z", "m", "q", "o", "e", "y")
_NUMERAL_START = set("一二三四五六七八九十两几每")
_DEGREE_START = set("很好老挺太真多")
# Verbs that never take the tentative ABAB form: the 形式动词 (dummy verbs that carry a
# verbal noun: 进行调研, 加以改进, 予以支持) and verbs of result or achievement
# (完成, 实现, 取得), which name an end point and cannot be "tried out" (研究研究 can).
_NOT_REDUPLICATED = frozenset(
    (
        *("进行", "加以", "予以", "给予", "给以", "作出", "做出", "开展"),
        *("完成", "实现", "取得", "获得", "达到", "形成", "推进", "加强"),
    )
)
# Adverbs ending in 是 that already hold the copula: 总是是, 就是是 is one 是 too many
# (但是是, 要是是 are conjunctions followed by a copula, and stay silent).
_SHI_ADVERBS = frozenset(
    (
        *("总是", "就是", "都是", "也是", "正是", "只是", "真是", "才是", "便是", "即是"),
        *("更是", "老是", "硬是", "倒是"),
    )
)
# 是 again after a counted noun's start (是一款是由…): the sentence was rewritten from
# `X是由…` to `X是一款由…` and kept both copulas; 是非, 是否 are other words.
_SHI_AROUND_COUNT = regexes.lazy_re(r"是(一[个款种项名位件台部套])是")
# Prepositions and particles that neither end a clause nor start one with the same
# word: 到，到后面 is one 到 written twice across the comma (做到，到位 is not: 做到 is
# one word).
_ACROSS_COMMA = "的了地得在和与及或并对把被从向于以为将到由按给跟同自往"
_DOUBLE_ACROSS_COMMA = regexes.lazy_re(rf"([{_ACROSS_COMMA}])[ \t]*[，,][ \t]*\1")
# An administrative level doubled after another level (省县县 for 省县, 市区区):
# 县县通, 村村通 (every county, every village) are distributive and start no list.
_LEVELS = "省市县区乡镇村"
_DOUBLE_LEVEL = regexes.lazy_re(rf"([{_LEVELS}])([{_LEVELS}])\2")
# One item listed twice in an enumeration (水疗&餐饮&餐饮, Hadoop、Hive、Kafka、Hive):
# items of up to 12 characters between 、 & ＆ (spaces allowed around the marks).
# Characters that end an enumeration; an item is up to 12 characters that are neither
# these nor a separator, and separators may have spaces or tabs around them.
_LIST_STOPS = r"\s，,。；;：:（）()"
_LIST_ITEM = rf"[^{_LIST_STOPS}、&＆]{{1,12}}"
_LIST = regexes.lazy_re(rf"(?:{_LIST_ITEM}[ \t]*[、&＆][ \t]*)+{_LIST_ITEM}")
# A stretch of item characters, separators, spaces and tabs: every match of _LIST lies
# within one, so _LIST is tried only in the stretches that hold a separator.
_LIST_STRETCH = regexes.lazy_re(rf"(?:[^{_LIST_STOPS}]|[ \t])+")
_PLACEHOLDER_CHARS = frozenset("xX×*＊某○〇□_")
_LIST_SEP = regexes.lazy_re(r"[ \t]*[、&＆][ \t]*")


class RepeatedWord(Rule):
    """A character or word written twice by mistake (`的的`, `进一步进一步`).

    ## What it does
    Finds a character or word written twice by mistake and offers to delete one.

    A function word doubled (`我们的的工作`, `为为人民服务`), a word of two or more
    characters written twice in a row (`进一步进一步加强`, `我们我们`, `进行进行`), `是`
    after an adverb that already ends in it (`总是是空值`) or on both sides of a count
    (`Nginx是一款是由…`), a preposition on both sides
    of a comma (`从练习题到，到后来`), an administrative level doubled after another
    (`省县县领导`), and an item listed twice in an enumeration (`会议&宴会&宴会`,
    `Redis、MySQL、Nginx、MySQL`).

    ## Why is this bad?
    A doubled word is a slip of editing, usually left when a sentence was rewritten;
    proofreading tools report it as 多字 or 重复. It is easy to miss when reading,
    and obvious once printed.

    ## Example
        进一步进一步加强党员的的教育管理。

    ## Use instead
        进一步加强党员的教育管理。

    Reduplication that Chinese grammar allows is left alone: single characters other
    than function words (`常常`, `天天`, `人人`), AABB forms (`的的确确`, `认认真真`),
    verbs tried out (`研究研究`, `看看`; not dummy or result verbs such as 进行, 完成,
    which never reduplicate), state adjectives (`雪白雪白`), counted
    repetition (`一个一个`, `一步一步`), and repetition for effect (`很远很远`,
    `说着说着`), distributive `县县通`, `村村通`, and words such as `市区区委`, `做到，到位`,
    `是是非非`. A character doubled where two words meet (`稳定定性差` for 稳定性差)
    and a word doubled across a line break in hard-wrapped prose are reported too. Words are checked as words (jieba), so
    `目的的实现` and `为了了解` are not doubled `的`/`了`.
    """

    code = "R105"
    name = "doubled-word"
    formerly = ("W103",)
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            text = para.text
            taken: list[tuple[int, int]] = []
            for m in _DOUBLE_WORD.finditer(text):
                unit = m.group(1)
                start, mid, end = m.start(), m.start() + len(unit), m.end()
                if len(set(unit)) == 1 or unit[0] in _NUMERAL_START:
                    continue
                if unit.endswith("着") or unit[0] in _DEGREE_START:
                    continue  # 说着说着, 很远很远, 好多好多: repetition for effect
                if not all(map(is_cjk, unit)):
                    continue
                if not (is_word(text, start, mid) and is_word(text, mid, end)):
                    continue
                if len(unit) == 2 and unit not in _NOT_REDUPLICATED:
                    tag = word_tags().get(unit, "")
                    if tag.startswith(_REDUPLICABLE_TAGS):
                        continue
                taken.append((start, end))
                yield self._finding(doc, para, start, mid, end, unit)
            for m in _DOUBLE_CHAR.finditer(text):
                start, end = m.span()
                if any(s <= start < e for s, e in taken):
                    continue
                after = text[end : end + 2]
                if len(after) == 2 and after[0] == after[1] and after[0] != m.group(1):
                    continue  # AABB: 是是非非, 的的确确
                if not (is_word(text, start, start + 1) and is_word(text, start + 1, end)):
                    continue
                taken.append((start, end))
                yield self._finding(doc, para, start, start + 1, end, m.group(1))
            yield from self._across_breaks(doc, para, taken)
            yield from self._seams(doc, para, taken)
            yield from self._shi_after_adverb(doc, para, taken)
            yield from self._shi_around_count(doc, para, taken)
            yield from self._across_comma(doc, para, taken)
            yield from self._levels(doc, para, taken)
            yield from self._list_items(doc, para, taken)
        yield from self._across_paragraphs(doc)

    def _shi_after_adverb(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`总是是null`: 是 after an adverb that already ends in 是."""
        text = para.text
        start = text.find("是是")
        while start > 0:
            word = text[start - 1 : start + 1]
            if (
                word in _SHI_ADVERBS
                and not any(s <= start < e for s, e in taken)
                and is_word(text, start - 1, start + 1)
                and is_word(text, start + 1, start + 2)
            ):
                taken.append((start, start + 2))
                yield self._finding(doc, para, start, start + 1, start + 2, "是")
            start = text.find("是是", start + 1)

    def _shi_around_count(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`Nginx是一款是由…`: 是 on both sides of 一款/一个."""
        text = para.text
        for m in _SHI_AROUND_COUNT.finditer(text):
            second = m.end() - 1
            if any(s <= second < e for s, e in taken) or not is_word(text, second, second + 1):
                continue
            if not is_word(text, m.start(), m.start() + 1):
                continue  # 于是一个是…, 但是: the first 是 belongs to a word
            taken.append((second, second + 1))
            yield self.finding(
                doc,
                para,
                m.start(),
                m.end(),
                f"“{m.group()}”: “是” is written twice around “{m.group(1)}”; delete one",
                fix=Fix((para.edit(second, second + 1, ""),), safe=False),
            )

    def _across_comma(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`从周一到，到周五`: a preposition or particle on both sides of a comma."""
        text = para.text
        for m in _DOUBLE_ACROSS_COMMA.finditer(text):
            start, end = m.span()
            if start == 0 or not is_cjk(text[start - 1]) or end >= len(text):
                continue
            if not is_cjk(text[end]) or any(s < end and start < e for s, e in taken):
                continue
            if not (is_word(text, start, start + 1) and is_word(text, end - 1, end)):
                continue  # 做到，到位: the first 到 belongs to a word
            taken.append((start, end))
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"“{m.group()}”: “{m.group(1)}” is written on both sides of the comma; delete one",
                fix=_delete(para, start + 1, end),
            )

    def _levels(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`省县县领导`: an administrative level written twice after another level."""
        text = para.text
        for m in _DOUBLE_LEVEL.finditer(text):
            first, level = m.group(1), m.group(2)
            start = m.start(2)
            if first == level or any(s <= start < e for s, e in taken):
                continue
            if is_word(text, m.start(), start + 1):
                continue  # 市区区委, 乡镇镇长: 市区 and 乡镇 are words, the next 区 starts one
            if m.end() < len(text) and text[m.end()] == level:
                continue  # 县县县: a count or an emphasis, not a slip
            taken.append((start, start + 2))
            yield self._finding(doc, para, start, start + 1, start + 2, level)

    def _list_items(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`水疗&餐饮&餐饮`, `Hive、Kafka、Hive`: one item listed twice in an enumeration."""
        text = para.text
        if "、" not in text and "&" not in text and "＆" not in text:
            return
        for m in _enumerations(text):
            seen: set[str] = set()
            pos = m.start()
            pieces = _LIST_SEP.split(m.group())
            for n, piece in enumerate(pieces):
                start = text.index(piece, pos)
                pos = start + len(piece)
                item = piece.strip().casefold()
                if n == len(pieces) - 1 and "等" in item[1:]:
                    item = item[: item.index("等", 1)]  # 餐饮等业务: the item is 餐饮
                    pos = start + len(item)
                if not _is_item(item):
                    continue
                first = pieces[0].strip().casefold()  # 包括客房: the first item ends it
                if item in seen or (n >= 1 and len(first) > len(item) and first.endswith(item)):
                    if any(s < pos and start < e for s, e in taken):
                        continue
                    taken.append((start, pos))
                    yield self.finding(
                        doc,
                        para,
                        start,
                        pos,
                        f"“{text[start:pos].strip()}” is listed twice in this enumeration; "
                        "delete one",
                    )
                    continue
                seen.add(item)

    def _across_breaks(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`的\n的`: a word doubled across a line break inside the paragraph."""
        if "\n" not in para.text:
            return
        for m in _DOUBLE_ACROSS_BREAK.finditer(para.text):
            unit = m.group(1)
            if len(unit) == 1 and unit not in _FUNCTION_CHARS:
                continue
            start, end = m.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            yield self._finding(doc, para, start, m.end(1), end, unit, across=True)

    def _seams(
        self, doc: Document, para: Paragraph, taken: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """`稳定定性`: a character doubled where two words meet, one word meant (稳定性)."""
        text = para.text
        # Only before a suffix that makes three-character words (稳定性, 现代化, 效率…):
        # 工作作风 and 学习习近平 are two words each, and need no dictionary to say so.
        spots = [
            m.start()
            for m in _ANY_DOUBLE.finditer(text)
            if m.start() > 0
            and m.start() + 2 < len(text)
            and text[m.start() + 2] in _SUFFIXES
            and not any(s <= m.start() < e for s, e in taken)
        ]
        if not spots:
            return
        for i in spots:
            left, right = text[i - 1 : i + 1], text[i + 1 : i + 3]
            merged = text[i - 1] + text[i] + text[i + 2]
            if not all("\u4e00" <= c <= "\u9fff" for c in merged):
                continue
            # jieba's dictionary (read without jieba): 稳定 and 定性 are words, and so
            # is 稳定性 when one 定 goes; 天天, 牢牢 are words of their own.
            if word_ends(text[i : i + 2]) == {2} or word_ends(merged) != {3}:
                continue
            if word_ends(left) != {2} or word_ends(right) != {2}:
                continue
            taken.append((i, i + 2))
            yield self.finding(
                doc,
                para,
                i - 1,
                i + 3,
                f"“{text[i - 1 : i + 3]}”: “{text[i]}” is written twice; did you mean “{merged}”?",
                fix=Fix((para.edit(i + 1, i + 2, ""),), safe=False),
            )

    def _across_paragraphs(self, doc: Document) -> Iterator[Finding]:
        """A word that ends one line and starts the next (`…全县` / `全县项目…`)."""
        paras = doc.paragraphs
        for prev, para in pairwise(paras):
            tail = prev.text.rstrip(" \t\u3000")
            head = para.text.lstrip(" \t\u3000")
            if not tail or not head or not is_cjk(tail[-1]) or prev.location or para.location:
                continue  # table cells stand side by side, not one after another
            if prev.position(len(prev.text))[0] + 1 != para.position(0)[0]:
                continue  # not the next line: a blank line or more lies between
            if sum(1 for c in tail if is_cjk(c)) < 15 or not any(c in tail for c in "，。；、"):
                continue  # a heading or a label, not a line of prose broken off
            for size in (4, 3, 2, 1):
                unit = tail[-size:]
                if len(unit) < size or not head.startswith(unit):
                    continue
                if size == 1 and unit not in _FUNCTION_CHARS:
                    break
                if not all(map(is_cjk, unit)):
                    break
                if size > 1 and not is_word(tail, len(tail) - size, len(tail)):
                    continue
                start = len(para.text) - len(head)
                yield self.finding(
                    doc,
                    para,
                    start,
                    start + size,
                    f"“{unit}” ends the line before and starts this one: delete one",
                    fix=_delete(para, start, start + size),
                )
                break

    def _finding(
        self,
        doc: Document,
        para: Paragraph,
        start: int,
        mid: int,
        end: int,
        unit: str,
        across: bool = False,
    ) -> Finding:
        where = " across a line break" if across else ""
        return self.finding(
            doc,
            para,
            start,
            end,
            f"“{unit}{unit}”: “{unit}” is written twice{where}; delete one",
            fix=_delete(para, mid, end),
        )


def _enumerations(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`_LIST` in ``text``, as ``_LIST.finditer(text)`` gives them.

    The pattern is tried only where a separator is: at each other character it would
    read up to 12 characters before failing (half of R105's time on long reports).
    """
    for stretch in _LIST_STRETCH.finditer(text):
        piece = stretch.group()
        if "、" in piece or "&" in piece or "＆" in piece:
            yield from _LIST.finditer(text, stretch.start(), stretch.end())


def _is_item(item: str) -> bool:
    """A named item (a word, a product), not a number, a letter or a single character."""
    if len(item) < 2 or not any(c.isalpha() for c in item):
        return False
    if len(set(item)) == 1 or set(item) <= _PLACEHOLDER_CHARS:
        return False  # XXXX、XXXX: placeholders (P101), not an item listed twice
    return not item.isascii() or len(item) >= 3 or item.isalpha()


def _delete(para: Paragraph, start: int, end: int) -> Fix:
    return Fix((para.edit(start, end, ""),))


RULES = [RepeatedWord]
