"""Classifying headings and paragraph openers into a profile's section keys, on words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from replint.infra import regexes
from replint.infra.regexes import lazy_re
from replint.text import zh

if TYPE_CHECKING:
    pass
from replint.model.analysis import Profile, SectionSpec

# Characters after which a Chinese alias surely ends a word: punctuation, connectives,
# 的, and anything that is not a CJK ideograph. Only other ideographs leave doubt.
_SAFE_AFTER = set("与和及、并暨的以等或之")


# Words that commonly follow an alias as a word of their own ("问题清单", "计划安排",
# "下一步工作"); with one of these next, the boundary is clear without jieba.
_SAFE_NEXT_WORDS = frozenset(
    [
        "工作",
        "情况",
        "措施",
        "安排",
        "方面",
        "举措",
        "建议",
        "任务",
        "目标",
        "思路",
        "重点",
        "方向",
        "意见",
        "清单",
        "分析",
        "及其",
        "以及",
        "和不",
        "与不",
        "原因",
        "表现",
        "整改",
        "事项",
        "要点",
        "说明",
        "汇报",
        "总结",
        "报告",
    ]
)


_CLAUSE_SPLIT = lazy_re(r"[，,；;。：:、（）()]|以及|及|与|和|并")


_EN_CLAUSE_SPLIT = lazy_re(r"[,;:.()/&]|\band\b")


# Traditional characters of the words that name a report's parts, and their simplified
# forms: a report in traditional characters (``存在的問題``, ``下步工作計劃``) is matched
# against the same aliases. One character for one, so offsets are kept; each of these is
# written only in traditional texts.
_SIMPLIFIED = str.maketrans(
    "問題難劃計畫為們將業還與產議確實標務結總報況開機構環節點強經驗體規處達績層黨組織狀學補礙風險應對後來階頭壓聯見週別義區縣鎮個這時會國發過當從關於員資導變級樣態勢嚴氣邊際優歸納舉據專項預續繼認識評價覺錯誤順決準備願萬設進動講說話讀書寫習練訓勵獎懲潔紀執測試積極負責貫徹廣創簡單長遠啟謀佈兩",
    "问题难划计画为们将业还与产议确实标务结总报况开机构环节点强经验体规处达绩层党组织状学补碍风险应对后来阶头压联见周别义区县镇个这时会国发过当从关于员资导变级样态势严气边际优归纳举据专项预续继认识评价觉错误顺决准备愿万设进动讲说话读书写习练训励奖惩洁纪执测试积极负责贯彻广创简单长远启谋布两",
)


_LEADING_YEAR = lazy_re(r"^\s*(?:(?:19|20)[0-9]{2}\s*年度?|[0-9]{4})\s*")


class _Match:
    """The section kinds a text names, and the words that named them (a private record)."""

    __slots__ = ("kinds", "matched")

    def __init__(self, kinds: frozenset[str], matched: str) -> None:
        self.kinds = kinds
        self.matched = matched


_NO_MATCH = _Match(frozenset(), "")


class _Classifier:
    """Matches text against a profile's aliases as words (see the module docstring)."""

    def __init__(self, profile: Profile, language: str) -> None:
        self.profile = profile
        self.english = language == "en" or profile.language == "en"
        self._alias = [
            (spec.key, alias.lower() if self.english else alias, spec)
            for spec in profile.sections
            for alias in sorted(spec.aliases, key=len, reverse=True)
        ]
        self._by_alias: dict[str, list[SectionSpec]] = {}
        for _key, alias, spec in self._alias:
            self._by_alias.setdefault(alias, []).append(spec)
        self._openers = [
            (opener.lower() if self.english else opener, spec.key, opener)
            for spec in profile.sections
            for opener in spec.openers
        ]
        self._opener_probes = tuple(probe for probe, _k, _o in self._openers)
        # One pass over a heading finds every alias: a lookahead reports, at each
        # position, the longest alias that starts there.
        longest_first = sorted(self._by_alias, key=len, reverse=True)
        self._zh_re = regexes.compile(
            "(?=(" + "|".join(map(re.escape, longest_first)) + "))" if longest_first else "(?!)"
        )

    # A heading's text -> the section keys it names.
    def classify(self, text: str, strict: bool = False) -> _Match:
        text = text.strip()
        if not text:
            return _Match(frozenset(), "")
        if self.english:
            return self._classify_en(text, strict)
        return self._classify_zh(text.translate(_SIMPLIFIED), strict)

    def _excluded(self, text: str, pos: int, spec: SectionSpec, splitter: re.Pattern[str]) -> bool:
        if not spec.exclude_after:
            return False
        clause_start = 0
        for m in splitter.finditer(text, 0, pos):
            clause_start = m.end()
        before = text[clause_start:pos]
        if self.english:
            return any(
                re.search(rf"\b{re.escape(w.lower())}\b", before) for w in spec.exclude_after
            )
        return any(w in before for w in spec.exclude_after)

    def _classify_zh(self, text: str, strict: bool) -> _Match:
        occurrences: list[tuple[int, int, str, str]] = []
        for m in self._zh_re.finditer(text):
            alias = m.group(1)
            start = m.start()
            for spec in self._by_alias[alias]:
                if not self._excluded(text, start, spec, _CLAUSE_SPLIT):
                    occurrences.append((start, start + len(alias), spec.key, alias))
        if not occurrences:
            return _Match(frozenset(), "")
        occurrences = _drop_overlaps(occurrences, text)
        if strict:
            body = _LEADING_YEAR.sub("", text)
            offset = len(text) - len(body)
            occurrences = [
                o for o in occurrences if len(body) <= 15 and (o[0] == offset or o[1] == len(text))
            ]
        kinds: dict[str, str] = {}
        doubtful: list[tuple[int, int, str, str]] = []
        for start, end, key, alias in occurrences:
            if key in kinds:
                continue
            nxt = text[end : end + 1]
            if (
                not nxt
                or nxt in _SAFE_AFTER
                or not zh.is_cjk(nxt)
                or text[end : end + 2] in _SAFE_NEXT_WORDS
            ):
                kinds[key] = alias
            else:
                doubtful.append((start, end, key, alias))
        doubtful = [o for o in doubtful if o[2] not in kinds]
        if doubtful:
            ends = zh.word_ends(text)
            for _start, end, key, alias in doubtful:
                if key not in kinds and end in ends:
                    kinds[key] = alias
        return _Match(frozenset(kinds), "、".join(kinds.values()))

    def _classify_en(self, text: str, strict: bool) -> _Match:
        lowered = text.lower()
        occurrences: list[tuple[int, int, str, str]] = []
        for key, alias, spec in self._alias:
            for m in re.finditer(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", lowered):
                if not self._excluded(lowered, m.start(), spec, _EN_CLAUSE_SPLIT):
                    occurrences.append((m.start(), m.end(), key, alias))
        occurrences = _drop_overlaps(occurrences)
        if strict:
            occurrences = [
                o
                for o in occurrences
                if len(lowered.split()) <= 5 and (o[0] == 0 or o[1] == len(lowered))
            ]
        kinds: dict[str, str] = {}
        for _s, _e, key, alias in occurrences:
            kinds.setdefault(key, alias)
        return _Match(frozenset(kinds), ", ".join(kinds.values()))

    # A paragraph's opening -> the section key it starts (reports without headings).
    def opener(self, text: str) -> _Match:
        if not self.english:
            text = text.translate(_SIMPLIFIED)
        match = self._opener_at(text)
        if match.kinds or self.english:
            return match
        # A part told in prose may open mid-paragraph: "……。同时也存在一些不足，……",
        # or on a line of its own inside a Markdown paragraph (a soft line break).
        for m in _SENTENCE_END.finditer(text, 0, 600):
            if m.end() < len(text):
                match = self._opener_at(text[m.end() :])
                if match.kinds and match.kinds != {"work_done"}:
                    return match
        return _NO_MATCH

    def _opener_at(self, text: str) -> _Match:
        body = _OPENER_LEAD.sub("", text, count=1)
        if self.english:
            body = body.lower()
        if not self._opener_probes or not body.startswith(self._opener_probes):
            return _NO_MATCH
        for probe, key, opener in self._openers:
            if body.startswith(probe):
                rest = body[len(probe) : len(probe) + 1]
                if self.english and rest and rest.isalnum():
                    continue
                if key == "next_steps" and _NARRATIVE.match(body, len(probe)):
                    # "接下来就开始衔接代码方面的工作了": the story goes on, not a plan.
                    continue
                return _Match(frozenset({key}), opener)
        return _NO_MATCH


_OPENER_LEAD = lazy_re(
    r"^[\s\u3000]*(?:(?:但是|但|同时|当然|另外|此外|然而|不过|"
    r"But|However|Also)[，,]?\s*)?(?:(?:我们|我|自己|本人)(?=也|还|仍|存在))?"
)


_SENTENCE_END = lazy_re(r"[。！？]|\n")


# After a next-steps opener: a clause with 了 and no word of intent before it.
_NARRATIVE = lazy_re(r"[^，。；,;将要会拟计划准备继续争取打算希望]{0,24}了")


_CLASSIFIER_MEMO: dict[tuple[int, str], tuple[Profile, _Classifier]] = {}


def _classifier_for(profile: Profile, language: str) -> _Classifier:
    """One classifier per profile and language for a whole run (see _profile_for)."""
    key = (id(profile), language)
    hit = _CLASSIFIER_MEMO.get(key)
    if hit is not None and hit[0] is profile:
        return hit[1]
    classifier = _Classifier(profile, language)
    if len(_CLASSIFIER_MEMO) > 32:
        _CLASSIFIER_MEMO.clear()
    _CLASSIFIER_MEMO[key] = (profile, classifier)
    return classifier


def _drop_overlaps(
    occ: list[tuple[int, int, str, str]], text: str = ""
) -> list[tuple[int, int, str, str]]:
    """Where aliases of different sections overlap or abut, keep the later one.

    Chinese compounds put the head last: ``本周工作计划`` is a plan although it contains
    ``本周工作``, and ``整改措施落实情况`` reports how measures were carried out (work
    done), not the measures. Equal ends keep the longer match. Aliases joined by a
    connective (``存在的问题与下一步打算``) are both kept.
    """

    def modifies(o: tuple[int, int, str, str], p: tuple[int, int, str, str]) -> bool:
        # o directly precedes p (nothing, or only 的, between them).
        return text[o[1] : p[0]] in ("", "的") and p[0] >= o[1]

    keep = []
    for o in occ:
        beaten = any(
            p is not o
            and p[2] != o[2]
            and (
                (
                    p[0] < o[1]
                    and o[0] < p[1]
                    and (p[1] > o[1] or (p[1] == o[1] and p[1] - p[0] > o[1] - o[0]))
                )
                or (bool(text) and modifies(o, p))
            )
            for p in occ
        )
        if not beaten:
            keep.append(o)
    return sorted(keep)
