"""Wording (family W): misused words, non-canonical official phrases, repeated words.

The word lists live in ``data/`` with a source for every entry, so reviewers can see
why a form is reported and offices can check the list against their own style
sheets. Rules declared in YAML (``data/rules/*.yaml``, codes W2xx) are loaded here too,
through the same :mod:`replint.declarative` machinery users' own rule files use.

Word matching uses jieba, loaded only when a paragraph contains a candidate, so a
clean report never pays for segmentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from itertools import pairwise
from typing import Any, NamedTuple

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
    lazy_re,
    load_rule_files,
    regexes,
    word_ends,
    word_tags,
)

from . import DATA_DIR, load_data

_SENTENCE_END = regexes.lazy_re(r"[。！？；!?;]")

# ---------------------------------------------------------------------------------
# W101
# ---------------------------------------------------------------------------------


class MisusedEntry(NamedTuple):
    """One entry of data/misused_words.yaml."""

    wrong: str  # literal form, or "" for a pattern entry
    pattern: str
    right: str
    fix: str  # safe | unsafe | none
    match: str  # word | raw
    note: str
    source: str
    excepts: tuple[str, ...] = ()
    skip_after: str = ""
    skip_before: str = ""
    fire: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()


def parse_misused(data: Mapping[str, Any]) -> tuple[MisusedEntry, ...]:
    """Entries of the dictionary, checked for the keys every entry needs."""
    entries = []
    allowed = {
        "wrong",
        "pattern",
        "right",
        "fix",
        "match",
        "note",
        "source",
        "except",
        "skip_after",
        "skip_before",
        "fire",
        "silent",
    }
    for i, raw in enumerate(data.get("words") or []):
        unknown = set(raw) - allowed
        if unknown:
            raise ValueError(f"misused_words.yaml words[{i}]: unknown key {sorted(unknown)[0]!r}")
        if ("wrong" in raw) == ("pattern" in raw):
            raise ValueError(f"misused_words.yaml words[{i}]: give wrong or pattern")
        for key in ("right", "source"):
            if not raw.get(key):
                raise ValueError(f"misused_words.yaml words[{i}]: {key} is required")
        entries.append(
            MisusedEntry(
                wrong=raw.get("wrong", ""),
                pattern=raw.get("pattern", ""),
                right=raw["right"],
                fix=raw.get("fix", "none"),
                match=raw.get("match", "word"),
                note=raw.get("note", ""),
                source=raw["source"],
                excepts=tuple(raw.get("except") or ()),
                skip_after=raw.get("skip_after", ""),
                skip_before=raw.get("skip_before", ""),
                fire=tuple(raw.get("fire") or ()),
                silent=tuple(raw.get("silent") or ()),
            )
        )
    return tuple(entries)


class _MisusedIndex(NamedTuple):
    literal: re.Pattern[str] | None
    by_wrong: Mapping[str, MisusedEntry]
    patterns: tuple[tuple[re.Pattern[str], MisusedEntry], ...]


def parse_pairs(data: Mapping[str, Any]) -> tuple[MisusedEntry, ...]:
    """Entries of data/typo_pairs.yaml: groups of wrong: right pairs with one source."""
    entries = []
    for i, group in enumerate(data.get("groups") or []):
        source = group.get("source")
        if not source:
            raise ValueError(f"typo_pairs.yaml groups[{i}]: source is required")
        for wrong, right in (group.get("pairs") or {}).items():
            entries.append(
                MisusedEntry(
                    wrong=str(wrong),
                    pattern="",
                    right=str(right),
                    fix="safe",
                    match="raw" if len(str(wrong)) >= 4 else "word",
                    note="",
                    source=source,
                )
            )
    return tuple(entries)


def misused_entries() -> tuple[MisusedEntry, ...]:
    """The whole W101 dictionary: misused_words.yaml, then typo_pairs.yaml."""
    entries = parse_misused(load_data("misused_words.yaml"))
    seen = {e.wrong for e in entries if e.wrong}
    pairs = tuple(e for e in parse_pairs(load_data("typo_pairs.yaml")) if e.wrong not in seen)
    return entries + pairs


@cache
def _misused_index() -> _MisusedIndex:
    entries = misused_entries()
    literal = {e.wrong: e for e in entries if e.wrong}
    ordered = sorted(literal, key=lambda w: (-len(w), w))
    return _MisusedIndex(
        literal=regexes.compile("|".join(map(re.escape, ordered))) if ordered else None,
        by_wrong=literal,
        patterns=tuple((regexes.compile(e.pattern), e) for e in entries if e.pattern),
    )


def _sentence_rest(text: str, end: int) -> str:
    m = _SENTENCE_END.search(text, end)
    return text[end : m.start() if m else len(text)]


def _sentence_start(text: str, start: int) -> str:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0 : start]


class MisusedWord(Rule):
    """A misused word or phrase from replint's sourced dictionary.

    ## What it does
    Finds misused words and phrases from a sourced dictionary and offers the right form.

    The forms proofreading lists name as errors in 公文: `截止目前` for `截至目前`,
    `做为` for `作为`, `按装` for `安装`, `既使` for `即使`, `再接再励`, `一如继往`,
    `己经`, and more. The dictionary
    (`data/misused_words.yaml`) gives a source for every entry (《咬文嚼字》's list of
    the hundred commonest 别字, GF 1001-2001 异形词, 新华社's list of words to avoid).

    ## Why is this bad?
    These are the slips reviewers correct in every round; in an official report they
    read as carelessness. `截止目前` in particular is in nearly every 工作总结.

    ## Example
        截止目前，共组织中心组理论学习12次。

    ## Use instead
        截至目前，共组织中心组理论学习12次。

    Words are matched as words (jieba), so `按装` is found in `按装空调` but not in
    `按装修标准`, and `自已` not in `各自已经`. Fixes are applied by `--fix` only where
    the replacement is unambiguous; others need `--unsafe-fixes` or a human. Skip
    entries with the `ignore` option (a list of wrong forms).
    """

    code = "W101"
    name = "misused-word"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {"ignore": []}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        index = _misused_index()
        ignore = set(options["ignore"])
        for para in doc.paragraphs:
            text = para.text
            hits: list[tuple[int, int, MisusedEntry, str]] = []
            if index.literal is not None:
                pos = 0
                while True:
                    m = index.literal.search(text, pos)
                    if m is None:
                        break
                    entry = index.by_wrong[m.group()]
                    hits.append((m.start(), m.end(), entry, entry.right))
                    pos = m.start() + 1
            for pattern, entry in index.patterns:
                for m in pattern.finditer(text):
                    hits.append((m.start(), m.end(), entry, m.expand(entry.right)))
            taken = -1
            for start, end, entry, right in sorted(hits, key=lambda h: (h[0], -h[1])):
                if start < taken or (entry.wrong or text[start:end]) in ignore:
                    continue
                if not self._applies(text, start, end, entry):
                    continue
                taken = end
                yield self._finding(doc, para, start, end, entry, right)

    @staticmethod
    def _applies(text: str, start: int, end: int, entry: MisusedEntry) -> bool:
        for longer in entry.excepts:
            for m in re.finditer(re.escape(longer), text):
                if m.start() <= start and end <= m.end():
                    return False
        if entry.skip_after and re.search(entry.skip_after, _sentence_rest(text, end)):
            return False
        if entry.skip_before and re.search(entry.skip_before, _sentence_start(text, start)):
            return False
        return entry.match == "raw" or is_word(text, start, end)

    def _finding(
        self, doc: Document, para: Paragraph, start: int, end: int, entry: MisusedEntry, right: str
    ) -> Finding:
        wrong = para.text[start:end]
        note = f" — {entry.note}" if entry.note else ""
        how = {
            "safe": "",
            "unsafe": "; check the sentence before applying the fix",
            "none": "",
        }[entry.fix]
        replacement = right if entry.fix in ("safe", "unsafe") else None
        return self.finding(
            doc,
            para,
            start,
            end,
            f"“{wrong}” is a misused form: write “{right}”{note}{how}",
            replacement=replacement,
            safe=entry.fix == "safe",
        )


# ---------------------------------------------------------------------------------
# W102
# ---------------------------------------------------------------------------------


class NameEntry(NamedTuple):
    canonical: str
    parts: tuple[str, ...]
    anchors: tuple[str, ...]
    source: str


class ListEntry(NamedTuple):
    label: str
    members: tuple[str, ...]
    source: str
    suffix: str  # every item ends with it, so an enumeration holds it twice or more
    item: re.Pattern[str]
    enumeration: re.Pattern[str]


class WrongEntry(NamedTuple):
    wrong: str
    right: str
    fix: str
    note: str
    source: str
    pattern: str = ""  # a regex instead of a literal; right is then a template (\\1)


class _Phrases(NamedTuple):
    names: tuple[NameEntry, ...]
    lists: tuple[ListEntry, ...]
    wrong: tuple[WrongEntry, ...]


_SEPARATOR = r"(?:以及|[、，,和与及])"


def _common_suffix(words: Sequence[str]) -> str:
    suffix = words[0]
    for word in words[1:]:
        while not word.endswith(suffix):
            suffix = suffix[1:]
    return suffix


@cache
def _phrases() -> _Phrases:
    data = load_data("fixed_phrases.yaml") or {}
    names = tuple(
        NameEntry(n["canonical"], tuple(n["parts"]), tuple(n.get("anchors") or ()), n["source"])
        for n in data.get("names") or ()
    )
    lists = []
    for entry in data.get("lists") or ():
        members = tuple(entry["members"])
        suffix = _common_suffix(members)
        alternatives = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True))
        item = f"(?:{alternatives}|{HANZI_LIKE}{{2}}{re.escape(suffix)})"
        lists.append(
            ListEntry(
                label=entry["label"],
                members=members,
                source=entry["source"],
                suffix=suffix,
                # Compiled only when a paragraph could hold the list (few do).
                item=lazy_re(item),
                enumeration=lazy_re(f"{item}(?:{_SEPARATOR}{item})+"),
            )
        )
    wrong = tuple(
        WrongEntry(
            w.get("wrong", ""),
            w["right"],
            w.get("fix", "none"),
            w.get("note", ""),
            w["source"],
            w.get("pattern", ""),
        )
        for w in data.get("wrong") or ()
    )
    return _Phrases(names, tuple(lists), wrong)


@cache
def _part_starts(parts: tuple[str, ...]) -> re.Pattern[str]:
    """Positions where one of ``parts`` starts (a lookahead, so overlapping starts count)."""
    return regexes.compile("(?=" + "|".join(map(re.escape, parts)) + ")")


@cache
def _wrong_pattern(pattern: str) -> re.Pattern[str]:
    return regexes.compile(pattern)


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


class FixedPhrase(Rule):
    """An official fixed phrase (规范表述) written wrongly.

    ## What it does
    Finds official fixed phrases (规范表述) with a word missing, added or out of order.

    It checks formulations whose wording and order are fixed by official texts: the
    full name `习近平新时代中国特色社会主义思想` with a word missing or moved, or a
    character dropped or changed (`社会义思想`);
    `四个意识` (政治意识、大局意识、核心意识、看齐意识), `四个自信` (道路自信、理论自信、
    制度自信、文化自信) and `五位一体` listed with a member missing, added or out of order;
    and known wrong forms (`四个维护`, `以习近平为核心的党中央`, `“一带一路”战略`).

    ## Why is this bad?
    A 固有表述差错 is treated as a political-accuracy error, not a style slip:
    proofreading services list it separately, and a report with `四个自信` missing
    道路自信 will be sent back.

    ## Example
        坚定“四个自信”：理论自信、道路自信、制度自信、文化自信。

    ## Use instead
        坚定“四个自信”：道路自信、理论自信、制度自信、文化自信。

    The list (`data/fixed_phrases.yaml`) is small and every entry cites its source.
    `新时代中国特色社会主义思想` without the name, as in the 二十大 theme, and longer
    names (`…社会主义经济思想`) are correct and not reported. Fixes change wording, so
    they are applied only with `--unsafe-fixes`.
    """

    code = "W102"
    name = "fixed-phrase"
    severity = Severity.ERROR
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        phrases = _phrases()
        for para in doc.paragraphs:
            text = para.text
            for name in phrases.names:
                if all(a in text for a in name.anchors):
                    yield from self._names(doc, para, name)
            for entry in phrases.lists:
                yield from self._lists(doc, para, entry)
            for wrong in phrases.wrong:
                if wrong.pattern:
                    yield from self._pattern(doc, para, wrong)
                    continue
                start = text.find(wrong.wrong)
                while start >= 0:
                    end = start + len(wrong.wrong)
                    note = f" — {wrong.note}" if wrong.note else ""
                    yield self.finding(
                        doc,
                        para,
                        start,
                        end,
                        f"“{wrong.wrong}” is not the official wording: write “{wrong.right}”{note}",
                        replacement=wrong.right if wrong.fix != "none" else None,
                        safe=wrong.fix == "safe",
                    )
                    start = text.find(wrong.wrong, end)

    def _pattern(self, doc: Document, para: Paragraph, wrong: WrongEntry) -> Iterator[Finding]:
        for m in _wrong_pattern(wrong.pattern).finditer(para.text):
            right = m.expand(wrong.right)
            note = f" — {wrong.note}" if wrong.note else ""
            yield self.finding(
                doc,
                para,
                m.start(),
                m.end(),
                f"“{m.group()}” is not the official wording: write “{right}”{note}",
                replacement=right if wrong.fix != "none" else None,
                safe=wrong.fix == "safe",
            )

    def _names(self, doc: Document, para: Paragraph, name: NameEntry) -> Iterator[Finding]:
        reported: list[tuple[int, int]] = []
        for start, end, problem in [
            *self._shuffled(para.text, name),
            *self._misspelt(para.text, name),
        ]:
            if any(s < end and start < e for s, e in reported):
                continue
            reported.append((start, end))
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"“{para.text[start:end]}” is not the official name ({problem}): "
                f"write “{name.canonical}”",
                replacement=name.canonical,
                safe=False,
            )

    @staticmethod
    def _shuffled(text: str, name: NameEntry) -> Iterator[tuple[int, int, str]]:
        """Runs of the name's parts with one part missing or the parts in another order."""
        parts = sorted(name.parts, key=len, reverse=True)
        # Only where some part starts can a run start (one regex pass instead of a
        # scan of every character with every part).
        starts = [m.start() for m in _part_starts(name.parts).finditer(text)]
        k = 0
        i = 0
        while i < len(text):
            while k < len(starts) and starts[k] < i:
                k += 1
            if k == len(starts):
                break
            i = starts[k]
            used: list[str] = []
            j = i
            while True:
                part = next((p for p in parts if p not in used and text.startswith(p, j)), None)
                if part is None:
                    break
                used.append(part)
                j += len(part)
            if len(used) < 2:
                i += 1
                continue
            if (
                len(used) >= len(name.parts) - 1
                and all(a in used for a in name.anchors)
                and text[i:j] != name.canonical
            ):
                missing = [p for p in name.parts if p not in used]
                yield i, j, (f"“{'”“'.join(missing)}” missing" if missing else "words out of order")
            i = j

    @staticmethod
    def _misspelt(text: str, name: NameEntry) -> Iterator[tuple[int, int, str]]:
        """The name with a character or two dropped or changed (社会义, 特社会主义).

        Only spans from the first part to the last part, of about the name's length,
        are compared, and only losses or changes count: extra words inside make
        another official name (…社会主义经济思想), not a misspelling.
        """
        first, last = name.parts[0], name.parts[-1]
        size = len(name.canonical)
        start = text.find(first)
        while start >= 0:
            lo, hi = start + size - 3, start + size + 1
            end = text.find(last, lo - len(last), hi)
            if end >= 0:
                end += len(last)
                window = text[start:end]
                if window != name.canonical and not _is_subsequence(name.canonical, window):
                    distance = _edit_distance(window, name.canonical)
                    if distance <= 2:
                        yield (
                            start,
                            end,
                            f"{distance} character{'s' * (distance > 1)} wrong or missing",
                        )
            start = text.find(first, start + 1)

    def _lists(self, doc: Document, para: Paragraph, entry: ListEntry) -> Iterator[Finding]:
        text = para.text
        if text.count(entry.suffix) < 2:
            return
        canonical = "、".join(entry.members)
        reported: list[tuple[int, int]] = []
        start = text.find(entry.label)
        while start >= 0:
            after = start + len(entry.label)
            m = entry.enumeration.search(text, after)
            if (
                m
                and m.start() - after <= 8
                and not re.search(r"[。；！？]", text[after : m.start()])
            ):
                items = entry.item.findall(m.group())
                if len(items) >= 3 and tuple(items) != entry.members:
                    reported.append(m.span())
                    yield self._list_finding(doc, para, m, items, entry, canonical, labelled=True)
            start = text.find(entry.label, after)
        for m in entry.enumeration.finditer(text):
            if any(s <= m.start() < e for s, e in reported):
                continue
            items = entry.item.findall(m.group())
            known = [it for it in items if it in entry.members]
            if len(known) < 3:
                continue
            order = [entry.members.index(it) for it in known]
            if order != sorted(order):
                yield self._list_finding(doc, para, m, items, entry, canonical, labelled=False)

    def _list_finding(
        self,
        doc: Document,
        para: Paragraph,
        m: re.Match[str],
        items: list[str],
        entry: ListEntry,
        canonical: str,
        labelled: bool,
    ) -> Finding:
        found = "、".join(items)
        missing = [x for x in entry.members if x not in items]
        extra = [x for x in items if x not in entry.members]
        problems = []
        if missing:
            problems.append("missing " + "、".join(missing))
        if extra:
            problems.append("not a member: " + "、".join(extra))
        if not problems:
            problems.append("out of order")
        replacement = None
        if sorted(items) == sorted(entry.members) and len(items) == len(entry.members):
            # Same members in another order: put them in order, keep the separators.
            ordered = iter(entry.members)
            replacement = entry.item.sub(lambda _m: next(ordered), m.group())
        return self.finding(
            doc,
            para,
            m.start(),
            m.end(),
            f"“{entry.label}” is {canonical}, in this order; here “{found}” "
            f"({'; '.join(problems)})",
            replacement=replacement,
            safe=False,
        )


# ---------------------------------------------------------------------------------
# W103
# ---------------------------------------------------------------------------------

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


class RepeatedWord(Rule):
    """A character or word written twice by mistake (`的的`, `进一步进一步`).

    ## What it does
    Finds a character or word written twice by mistake and offers to delete one.

    A function word doubled (`我们的的工作`, `为为人民服务`) or a word of two or more
    characters written twice in a row (`进一步进一步加强`, `我们我们`).

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
    verbs tried out (`研究研究`, `看看`), state adjectives (`雪白雪白`), counted
    repetition (`一个一个`, `一步一步`), and repetition for effect (`很远很远`,
    `说着说着`). A character doubled where two words meet (`稳定定性差` for 稳定性差)
    and a word doubled across a line break in hard-wrapped prose are reported too. Words are checked as words (jieba), so
    `目的的实现` and `为了了解` are not doubled `的`/`了`.
    """

    code = "W103"
    name = "repeated-word"
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
                if len(unit) == 2:
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
        yield from self._across_paragraphs(doc)

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


def _delete(para: Paragraph, start: int, end: int) -> Fix:
    return Fix((para.edit(start, end, ""),))


# ---------------------------------------------------------------------------------
# Built-in rules declared in YAML (W2xx)
# ---------------------------------------------------------------------------------


def builtin_yaml_rules() -> list[type[Rule]]:
    """The rules in data/rules/*.yaml; their examples are run by the tests, not at start-up."""
    directory = DATA_DIR / "rules"
    if not directory.is_dir():
        return []
    rules = load_rule_files([directory], check=False, trusted=True)
    for rule in rules:
        rule.origin = "replint_rules"
    return rules


RULES = [MisusedWord, FixedPhrase, RepeatedWord, *builtin_yaml_rules()]
