"""The once-per-document analysis: headings, sections, profile, report period, signing date.

Rules share one model of the report instead of each re-reading it. :func:`analyse`
builds it the first time a rule asks for ``doc.analysis``; the result is a frozen
value (picklable, so documents kept for corpus rules can cross process boundaries).

What is found, and how:

* **Title**: a short first line that names a kind of report (``2021年…情况报告``), or
  the Word ``Title`` paragraph, or a lone first ``#`` heading.
* **Headings**: GB/T 9704-2012 numbering (``一、`` → ``（一）`` → ``1.``/``1、`` →
  ``（1）``), ``①``, ``第一部分``, Markdown and Word headings, and headings written as a
  colon line or a bare line that names a section (``本周完成：``, ``Next steps``).
  A numbered line that goes on after its first ``。`` is a run-in heading: the heading
  ends there and the rest is body text.
* **Sections**: the top-level parts, each classified into the keys of the chosen
  profile (``work_done``, ``problems``, ``next_steps``, …) by matching the profile's
  aliases as words: a match that ends inside a longer word (``计划`` in ``计划生育``)
  does not count, nor one that follows a verb that makes it an object
  (``着力解决…问题``). Word boundaries come from jieba, loaded only when a heading
  leaves the boundary in doubt. Thematic parts before the problems count as work done;
  reports without headings are split at paragraphs that open a part
  (``下一步，我们将…``).
* **Period**: from config, the title, the first sentence, the file name or the signing
  date, in that order, with where it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from replint import regexes, zh
from replint.regexes import lazy_re
from replint.timeline import Period, Timeline, build_timeline, refine_period

if TYPE_CHECKING:
    from replint.document import Document, Paragraph

WORK_DONE = "work_done"
PROBLEMS = "problems"
NEXT_STEPS = "next_steps"
STANDARD_KINDS = (WORK_DONE, PROBLEMS, NEXT_STEPS)
#: Pseudo-kinds of paragraphs that belong to no section.
TITLE, PREAMBLE, SIGNING, OTHER = "title", "preamble", "signing", "other"

KIND_NAMES = {WORK_DONE: "work done", PROBLEMS: "problems", NEXT_STEPS: "next steps"}


# =============================================================================== profiles


class ProfileError(ValueError):
    """A profile in config (or from a plugin) is malformed; the message says where."""


@dataclass(frozen=True)
class SectionSpec:
    """One part a report of a profile has: its key, how to call it, and its aliases."""

    key: str
    label: str
    required: bool
    aliases: tuple[str, ...]
    #: Words that, earlier in the same clause, make an alias an object rather than the
    #: topic (``解决…问题`` is work done, not a problems section).
    exclude_after: tuple[str, ...] = ()
    #: How a paragraph of a report without headings opens this part (``下一步，``).
    openers: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return KIND_NAMES.get(self.key, self.key.replace("_", " "))


@dataclass(frozen=True)
class Profile:
    """A kind of report: the sections it has, in their expected order."""

    name: str
    language: str  # "zh", "en" or "any"
    sections: tuple[SectionSpec, ...]
    description: str = ""

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def required(self) -> tuple[SectionSpec, ...]:
        return tuple(s for s in self.sections if s.required)


# "name" is allowed because plugins return profiles as {"name": ..., "sections": ...}.
_PROFILE_KEYS = {"name", "language", "description", "sections", "extends"}
_SECTION_KEYS = {"key", "label", "required", "aliases", "exclude_after", "openers"}


def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{where} must be a list of strings")
    return tuple(v for v in value if v.strip())


def build_profile(name: str, raw: Mapping[str, Any], available: Mapping[str, Any]) -> Profile:
    """A :class:`Profile` from its YAML mapping; ``extends`` starts from another profile.

    With ``extends``, a section whose ``key`` the base already has replaces the fields it
    gives and keeps the others; new keys are added at the end.
    """
    return _build_profile(name, raw, available, ())


# Every document of a run shares the same profile mappings, and building a profile
# costs more than analysing a short report; remember the last few built. The cache
# holds the mapping itself, so its id cannot be reused while the entry lives.
_PROFILE_MEMO: dict[tuple[str, int, int], tuple[Any, Any, Profile]] = {}


def _profile_for(name: str, raw: Mapping[str, Any], available: Mapping[str, Any]) -> Profile:
    key = (name, id(raw), id(available))
    hit = _PROFILE_MEMO.get(key)
    if hit is not None and hit[0] is raw and hit[1] is available:
        return hit[2]
    profile = build_profile(name, raw, available)
    if len(_PROFILE_MEMO) > 32:
        _PROFILE_MEMO.clear()
    _PROFILE_MEMO[key] = (raw, available, profile)
    return profile


def _build_profile(
    name: str, raw: Mapping[str, Any], available: Mapping[str, Any], seen: tuple[str, ...]
) -> Profile:
    where = f"profile {name!r}"
    if not isinstance(raw, Mapping):
        raise ProfileError(f"{where} must be a mapping")
    unknown = set(raw) - _PROFILE_KEYS
    if unknown:
        allowed = ", ".join(sorted(_PROFILE_KEYS))
        raise ProfileError(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: {allowed})")
    base_sections: list[dict[str, Any]] = []
    language = raw.get("language")
    description = raw.get("description")
    if raw.get("extends"):
        base_name = str(raw["extends"])
        if base_name in seen or base_name == name:
            raise ProfileError(f"{where}: extends itself through {base_name!r}")
        if base_name not in available:
            raise ProfileError(f"{where}: extends unknown profile {base_name!r}")
        base = _build_profile(base_name, available[base_name], available, (*seen, name))
        base_sections = [s.__dict__.copy() for s in base.sections]
        language = language or base.language
        description = description or base.description
    sections_raw = raw.get("sections") or []
    if not isinstance(sections_raw, list):
        raise ProfileError(f"{where}: sections must be a list")
    by_key = {s["key"]: s for s in base_sections}
    order = [s["key"] for s in base_sections]
    for i, item in enumerate(sections_raw):
        swhere = f"{where}: sections[{i}]"
        if not isinstance(item, Mapping):
            raise ProfileError(f"{swhere} must be a mapping")
        unknown = set(item) - _SECTION_KEYS
        if unknown:
            allowed = ", ".join(sorted(_SECTION_KEYS))
            raise ProfileError(f"{swhere}: unknown key {sorted(unknown)[0]!r} (allowed: {allowed})")
        key = item.get("key")
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            raise ProfileError(f"{swhere}: key must be a snake_case name such as 'work_done'")
        merged = dict(by_key.get(key, {}))
        merged["key"] = key
        for field_name in ("aliases", "exclude_after", "openers"):
            if field_name in item:
                merged[field_name] = _str_tuple(item[field_name], f"{swhere}: {field_name}")
        if "label" in item:
            merged["label"] = str(item["label"])
        if "required" in item:
            if not isinstance(item["required"], bool):
                raise ProfileError(f"{swhere}: required must be true or false")
            merged["required"] = item["required"]
        merged.setdefault("label", key)
        merged.setdefault("required", False)
        merged.setdefault("aliases", ())
        if not merged["aliases"]:
            raise ProfileError(f"{swhere}: section {key!r} needs at least one alias")
        if key not in by_key:
            order.append(key)
        by_key[key] = merged
    if not order:
        raise ProfileError(f"{where}: no sections")
    language = str(language or "any")
    if language not in ("zh", "en", "any"):
        raise ProfileError(f"{where}: language must be zh, en or any")
    sections = tuple(
        SectionSpec(
            key=by_key[k]["key"],
            label=by_key[k]["label"],
            required=by_key[k]["required"],
            aliases=tuple(by_key[k]["aliases"]),
            exclude_after=tuple(by_key[k].get("exclude_after", ())),
            openers=tuple(by_key[k].get("openers", ())),
        )
        for k in order
    )
    return Profile(name=name, language=language, sections=sections, description=description or "")


def profile_problems(profiles: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a set of profiles (empty when all build); for config checks."""
    problems = []
    for name, raw in profiles.items():
        try:
            build_profile(str(name), raw, profiles)
        except ProfileError as exc:
            problems.append(str(exc))
    return problems


def builtin_profiles() -> dict[str, Any]:
    """The profiles shipped in ``rules/data/profiles.yaml`` (name → mapping).

    The engine passes profiles in ``doc.meta["profiles"]``; this is the fallback when a
    document was read without the engine (tests, API users building documents by hand).
    """
    try:
        from replint_rules import load_data
    except ImportError:  # pragma: no cover - the rules package is part of the install
        return {}
    return {p["name"]: p for p in (load_data("profiles.yaml") or [])}


def _available_profiles(meta: Mapping[str, Any]) -> Mapping[str, Any]:
    given = meta.get("profiles")
    return given if given else _builtin_cached()


@cache
def _builtin_cached() -> Mapping[str, Any]:
    from replint.document import FrozenMap

    return FrozenMap(builtin_profiles())


# =============================================================================== values


@dataclass(frozen=True)
class Heading:
    """A heading: where it is, how it is numbered, what it says, where it sits in the tree.

    Offsets are into the paragraph's text. ``rank`` is the GB/T 9704 ladder step of its
    number (0 ``第一部分``, 1 ``一、``, 2 ``（一）``, 3 ``1.``, 4 ``（1）``, 5 ``①``), None
    for a heading without a written number. ``level`` is 1 for a top-level heading.
    """

    paragraph: int
    line: int
    form: str  # numbering form ("一、", "（一）", "(一)", "1.", …) or how it was marked
    rank: int | None
    number: int | None
    number_span: tuple[int, int] | None
    text: str
    text_span: tuple[int, int]
    end: int  # where the heading stops (after its 。 for a run-in heading)
    run_in: bool  # body text follows on the same paragraph
    markup_level: int | None = None
    auto_numbered: bool = False  # numbered by the word processor, not in the text
    level: int = 1
    parent: int | None = None  # index into Analysis.headings
    kinds: frozenset[str] = frozenset()
    matched: str = ""  # the alias that classified it

    @property
    def label(self) -> str:
        """The heading as the reader sees it, number included (for messages)."""
        number = (
            self.form.replace("一", zh.int_to_cn(self.number or 1)).replace(
                "1", str(self.number or 1)
            )
            if self.number is not None
            else ""
        )
        return f"{number}{self.text}"


@dataclass(frozen=True)
class Section:
    """A part of the report: a top-level heading's span, or a run of paragraphs."""

    kinds: frozenset[str]
    first: int  # first paragraph index
    last: int  # last paragraph index (inclusive)
    heading: int | None  # index into Analysis.headings; None when found by an opener
    how: str  # "heading", "position" (thematic parts before the problems), "opener"
    matched: str = ""


# Period (the report period) lives in replint.timeline with the rest of the timeline.


@dataclass(frozen=True)
class Signing:
    """The date a report is signed (成文日期): a last line that is a date."""

    paragraph: int
    date: zh.DateMention
    text: str = ""  # the date as written

    @property
    def value(self) -> dt.date | None:
        return self.date.as_date()


@dataclass(frozen=True)
class Analysis:
    """Everything the rules share about one document."""

    language: str  # "zh" or "en"
    profile: Profile
    profile_reason: str
    title: int | None
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    #: Per paragraph: the section keys it belongs to, or {"title"}, {"preamble"},
    #: {"signing"}, {"other"}.
    parts: tuple[frozenset[str], ...]
    period: Period | None
    period_note: str
    signing: Signing | None
    #: The years the title and the first sentence name, whichever was chosen as the
    #: period (the D rules compare them).
    title_period: Period | None = None
    opening_period: Period | None = None
    lines: tuple[int, ...] = field(default=(), repr=False)  # source line per paragraph
    #: The period and every dated mention with its role (replint.timeline).
    timeline: Timeline | None = field(default=None, repr=False)

    # -- queries -------------------------------------------------------------------
    def heading_at(self, paragraph: int) -> Heading | None:
        for h in self.headings:
            if h.paragraph == paragraph:
                return h
        return None

    def has(self, key: str) -> bool:
        return any(key in s.kinds for s in self.sections)

    def sections_of(self, key: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if key in s.kinds)

    def kinds_at(self, paragraph: int) -> frozenset[str]:
        return self.parts[paragraph] if 0 <= paragraph < len(self.parts) else frozenset()

    @property
    def top_headings(self) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.parent is None)

    # -- --verbose -----------------------------------------------------------------
    def describe(self) -> dict[str, str]:
        """What was inferred, in words, for ``replint --verbose``."""
        out: dict[str, str] = {}
        out["language"] = "Chinese" if self.language == "zh" else "English"
        out["profile"] = f"{self.profile.name} ({self.profile_reason})"
        if self.period:
            p = self.period
            where = p.source
            if p.paragraph is not None and p.paragraph < len(self.lines):
                where += f", line {self.lines[p.paragraph]}"
            evidence = f": “{p.evidence}”" if p.evidence else ""
            out["period"] = (
                f"{p.label(self.language == 'en')} (from the {where}{evidence}; "
                f"{p.confidence} confidence)"
            )
            if p.source == "signing date":
                out["period"] += (
                    "; a report signed from January to June covers that year or the one before,"
                    " whichever its text names more often (with no hint: the year before if"
                    " signed by March)"
                )
        else:
            out["period"] = f"unknown ({self.period_note})"
        if self.signing:
            line = self.lines[self.signing.paragraph] if self.lines else "?"
            when = self.signing.value.isoformat() if self.signing.value else "not a real date"
            out["signing date"] = f"{when} (line {line}: “{self.signing.text}”)"
        if self.title is not None and self.lines:
            out["title"] = f"line {self.lines[self.title]}"
        found = []
        for spec in self.profile.sections:
            parts = []
            for s in self.sections_of(spec.key):
                line = self.lines[s.first] if self.lines else s.first + 1
                if s.heading is not None:
                    how = " (thematic, counted as work done)" if s.how == "position" else ""
                    parts.append(f"line {line} “{self.headings[s.heading].label}”{how}")
                elif s.how == "opener":
                    parts.append(f"line {line} (paragraph opening “{s.matched}”)")
                else:
                    parts.append(f"line {line} (untitled part before the problems)")
            if parts:
                found.append(f"{spec.label}: " + ", ".join(parts))
            elif spec.required:
                found.append(f"{spec.label}: MISSING")
        out["sections"] = "; ".join(found) if found else "none"
        if self.headings:
            counts: dict[str, int] = {}
            for h in self.headings:
                counts[h.form] = counts.get(h.form, 0) + 1
            forms = ", ".join(f"{form} ×{n}" for form, n in counts.items())
            out["headings"] = f"{len(self.headings)} ({forms})"
        else:
            out["headings"] = "none"
        return out


# =============================================================================== analyse


def analyse(doc: Document) -> Analysis:
    """Build the shared analysis of ``doc`` (called once, through ``doc.analysis``)."""
    paragraphs = doc.paragraphs
    sample = "\n".join(p.text for p in paragraphs[:200])[:1500]
    language = "en" if sample.strip() and zh.cjk_ratio(sample) < 0.3 else "zh"
    available = _available_profiles(doc.meta)
    signing = _find_signing(paragraphs)
    title = _find_title(paragraphs, language)
    profile, reason = _choose_profile(doc, language, title, available)
    classifier = _classifier_for(profile, language)
    headings = _find_headings(doc, title, signing, language, classifier)
    headings = _build_tree(headings)
    headings, sections = _find_sections(paragraphs, headings, title, signing, classifier, profile)
    parts, openers = _parts(paragraphs, headings, sections, title, signing, classifier, profile)
    sections = _opener_sections(sections, parts, openers)
    title_period = (
        _period_from_text(paragraphs[title].text, "title", title) if title is not None else None
    )
    opening_period = _first_sentence_period(paragraphs, title, headings, signing)
    period, note = _find_period(doc, title, title_period, opening_period, signing)
    period, note = refine_period(doc, title, period, note, signing.value if signing else None)
    timeline = build_timeline(
        doc, period, note, parts=parts, title=title, profile=profile.name,
        heading_levels={h.paragraph: h.level for h in headings},
    )  # fmt: skip
    return Analysis(
        language=language,
        profile=profile,
        profile_reason=reason,
        title=title,
        headings=headings,
        sections=sections,
        parts=parts,
        period=period,
        period_note=note,
        signing=signing,
        title_period=title_period,
        opening_period=opening_period,
        lines=tuple(p.line for p in paragraphs),
        timeline=timeline,
    )


# --------------------------------------------------------------------------- profile choice

_WEEKLY_TITLE = lazy_re(
    r"周报|周工作|第\s*[0-9一二三四五六七八九十]{1,3}\s*周|weekly|\bweek\b", re.I
)
_WEEKLY_FILE = lazy_re(r"周报|weekly|(?<![A-Za-z])W[0-9]{1,2}(?![0-9])|(?<![A-Za-z])week", re.I)
_WEEKLY_HEAD = lazy_re(r"^\W{0,8}(本周|下周|上周)")


def _choose_profile(
    doc: Document, language: str, title: int | None, available: Mapping[str, Any]
) -> tuple[Profile, str]:
    wanted = doc.meta.get("profile")
    if wanted:
        if wanted in available:
            return _profile_for(wanted, available[wanted], available), "set in config"
        reason = f"config names unknown profile {wanted!r}; "
    else:
        reason = ""
    name = ""
    if language == "en" and "status" in available:
        name, why = "status", "the text is English"
    else:
        title_text = doc.paragraphs[title].text if title is not None else ""
        if _WEEKLY_TITLE.search(title_text):
            name, why = "weekly", "the title says it is a weekly report"
        elif _WEEKLY_FILE.search(PurePath(doc.path).name):
            name, why = "weekly", "the file name says it is a weekly report"
        elif (
            sum(1 for p in doc.paragraphs[:60] if len(p.text) < 30 and _WEEKLY_HEAD.match(p.text))
            >= 2
        ):
            name, why = "weekly", "its headings speak of this week and next week"
        else:
            name, why = "work-report", "the default for Chinese reports"
    if name not in available:
        if not available:
            return Profile("none", "any", ()), reason + "no profiles are defined"
        name = "work-report" if "work-report" in available else next(iter(available))
        why = "the first profile defined"
    return _profile_for(name, available[name], available), reason + why


# --------------------------------------------------------------------------- classifier

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
_LEADING_YEAR = lazy_re(r"^\s*(?:(?:19|20)[0-9]{2}\s*年度?|[0-9]{4})\s*")


class _Match(NamedTuple):
    kinds: frozenset[str]
    matched: str


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
        return self._classify_zh(text, strict)

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
                return _Match(frozenset({key}), opener)
        return _NO_MATCH


_OPENER_LEAD = lazy_re(
    r"^[\s\u3000]*(?:(?:但是|但|同时|当然|另外|此外|然而|不过|"
    r"But|However|Also)[，,]?\s*)?"
)


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


# --------------------------------------------------------------------------- title, signing

_REPORT_WORDS = lazy_re(
    r"总结|报告|述职|汇报|周报|月报|季报|年报|计划|要点|情况|材料|发言|讲话|自查|"
    r"report|status|update|summary|weekly|review|retrospective|recap",
    re.I,
)
_ORDINAL_START = lazy_re(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、，.．]|[（(][一二三四五六七八九十0-9]+[）)]|"
    r"[0-9]{1,2}[.．、](?![0-9])|[①-⑳]|第[一二三四五六七八九十0-9]+(?:部分|章|篇|节))"
)


def _find_title(paragraphs: Sequence[Paragraph], language: str) -> int | None:
    if not paragraphs:
        return None
    first = paragraphs[0]
    if first.kind == "title":
        return 0
    text = first.text.strip()
    if first.kind == "heading":
        level_ones = [p for p in paragraphs if p.kind == "heading" and (p.level or 1) == 1]
        if (first.level or 1) == 1 and len(level_ones) == 1 and len(paragraphs) > 1:
            return 0
        return None
    if first.kind != "text" or not text or _ORDINAL_START.match(text):
        return None
    limit = 60 if language == "zh" else 100
    if len(text) > limit or re.search(r"[。；;：:，]\s*$|[。！？]", text):
        return None
    if language == "en" and re.search(r"[.!?]$", text):
        return None
    if _REPORT_WORDS.search(text):
        return 0
    return None


_WEEKDAY_TAIL = lazy_re(r"^\s*[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[）)]?")


def _find_signing(paragraphs: Sequence[Paragraph]) -> Signing | None:
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 5), -1):
        p = paragraphs[index]
        text = p.text.strip()
        if not text or len(text) > 40 or "。" in text or p.kind in ("table", "heading"):
            continue
        dates = [d for d in zh.find_dates(p.text) if d.complete]
        if not dates:
            continue
        last = dates[-1]
        # The date ends the line; before it at most an organisation name or "日期：".
        rest = _WEEKDAY_TAIL.sub("", p.text[last.end :])
        if rest.strip(" \u3000）)") == "":
            return Signing(index, last, p.text[last.start : last.end])
    return None


# --------------------------------------------------------------------------- headings

_LEAD = lazy_re(r"^(?:[\s\u3000]|#{1,6}\s|(?:##|\$\$)[A-Za-z_]+(?:##|\$\$))*")
_PART = lazy_re(
    r"第(?P<n>[一二三四五六七八九十百零〇]+|[0-9]+)(?P<u>部分|章|篇|节)[\s\u3000、：:]*"
)
_L1 = lazy_re(r"(?P<n>[一二三四五六七八九十]{1,3})\s*(?P<sep>[、，,．.])\s*")
_L1_NOT = lazy_re(r"[一二三四五六七八九十]+\s*(?:季度|类|级|等|批|期|档|产业|线|号)")
_L2 = lazy_re(
    r"(?P<o>[（(])\s*(?P<n>[一二三四五六七八九十]{1,3})\s*(?P<c>[）)])(?P<sep>[、，,．.]?)\s*"
)
_L3 = lazy_re(r"(?P<n>[0-9]{1,2})\s*(?P<sep>[.．、])(?![0-9])\s*")
_L4 = lazy_re(r"(?P<o>[（(])\s*(?P<n>[0-9]{1,2})\s*(?P<c>[）)])(?P<sep>[、，,．.]?)\s*")
_L5 = lazy_re(r"(?P<n>[①-⑳])\s*")
_RUN_IN_END = lazy_re(r"[。！？!?]")
_COLON_ZH = lazy_re(r"(?P<t>[^\s：:，。；,;]{1,16})[：:]")
_COLON_EN = lazy_re(r"(?P<t>[A-Za-z][A-Za-z0-9 /&'’\-]{0,40}?)\s*:(?!//)")


# Every numbered heading starts with one of these (a cheap test before six regexes).
_ORDINAL_FIRST = frozenset("第一二三四五六七八九十（(0123456789") | frozenset(
    map(chr, range(0x2460, 0x2474))
)


class _Ordinal(NamedTuple):
    form: str
    rank: int
    number: int | None
    span: tuple[int, int]  # the number with its marks
    after: int  # where the heading text starts


def _ordinal(text: str, at: int, english: bool) -> _Ordinal | None:
    m = _PART.match(text, at)
    if m:
        n = m.group("n")
        return _Ordinal(
            f"第一{m.group('u')}",
            0,
            int(n) if n.isdigit() else zh.cn_to_int(n),
            (at, m.end()),
            m.end(),
        )
    if not english:
        m = _L1.match(text, at)
        # "一、二季度…" lists two quarters; it is prose, not heading 一.
        if m and not _L1_NOT.match(text, m.end()):
            sep = m.group("sep")
            return _Ordinal(f"一{sep}", 1, zh.cn_to_int(m.group("n")), (at, m.end("sep")), m.end())
        m = _L2.match(text, at)
        if m:
            form = f"{m.group('o')}一{m.group('c')}{m.group('sep')}"
            return _Ordinal(
                form, 2, zh.cn_to_int(m.group("n")), (at, m.end("c") + len(m.group("sep"))), m.end()
            )
    m = _L3.match(text, at)
    if m:
        return _Ordinal(f"1{m.group('sep')}", 3, int(m.group("n")), (at, m.end("sep")), m.end())
    m = _L4.match(text, at)
    if m:
        form = f"{m.group('o')}1{m.group('c')}{m.group('sep')}"
        return _Ordinal(form, 4, int(m.group("n")), (at, m.end("c") + len(m.group("sep"))), m.end())
    m = _L5.match(text, at)
    if m:
        return _Ordinal("①", 5, ord(m.group("n")) - ord("①") + 1, (at, m.end("n")), m.end())
    return None


def _heading_extent(text: str, start: int, english: bool) -> tuple[int, int, bool]:
    """Where a numbered heading's words end, where the heading ends, and whether body
    text follows on the same paragraph (a run-in heading, or an item that is a sentence)."""
    m = _RUN_IN_END.search(text, start)
    colon = regexes.compile(r"[：:]").search(text, start)
    if (
        colon
        and (m is None or colon.start() < m.start())
        and colon.start() - start <= 30
        and text[colon.end() :].strip()
    ):
        return colon.start(), colon.end(), True
    if m:
        rest = text[m.end() :].strip()
        return m.start(), m.end(), bool(rest)
    stripped = text.rstrip()
    words_end = len(stripped)
    # A long numbered line, or one ending like a clause, is an item with its own body.
    long_limit = 120 if english else 40
    if stripped[-1:] in "；;，," or len(stripped) - start > long_limit:
        return words_end, len(text), True
    return words_end, len(text), False


def _find_headings(
    doc: Document,
    title: int | None,
    signing: Signing | None,
    language: str,
    classifier: _Classifier,
) -> list[dict[str, Any]]:
    """Every heading, as the keyword arguments of :class:`Heading` (level, parent and
    classification are added later; building the frozen values once is cheaper)."""
    english = language == "en"
    found: list[dict[str, Any]] = []
    for index, p in enumerate(doc.paragraphs):
        if index == title or (signing and index == signing.paragraph):
            continue
        if p.kind in ("list", "table", "title"):
            continue
        text = p.text
        lead = _LEAD.match(text)
        at = lead.end() if lead else 0
        if at >= len(text.rstrip()):
            continue
        markup = p.kind == "heading"
        ordinal = _ordinal(text, at, english) if text[at] in _ORDINAL_FIRST else None
        if english and ordinal is not None and not markup:
            # "1. Shipped the importer." is a list item; "1. Accomplishments" a heading.
            rest = text[ordinal.after :].strip()
            if len(rest.split()) > 6 or rest.endswith("."):
                ordinal = None
        if markup or ordinal is not None:
            start = ordinal.after if ordinal else at
            if markup:
                words_end = len(text.rstrip())
                words_end = len(text[:words_end].rstrip("：:。 "))
                end, run_in = len(text), False
            else:
                words_end, end, run_in = _heading_extent(text, start, english)
            words = text[start:words_end].strip()
            form = ordinal.form if ordinal else ("docx" if doc.format == "docx" else "markdown")
            found.append(
                dict(
                    paragraph=index,
                    line=p.line,
                    form=form,
                    rank=ordinal.rank if ordinal else None,
                    number=ordinal.number if ordinal else None,
                    number_span=ordinal.span if ordinal else None,
                    text=words,
                    text_span=(start, start + len(text[start:words_end].rstrip())),
                    end=end,
                    run_in=run_in,
                    markup_level=(p.level or 1) if markup else None,
                    auto_numbered=p.numbered,
                )
            )
            continue
        # Unnumbered headings: "本周完成：…", "Next steps:", or a bare "存在问题" line.
        colon = (_COLON_EN if english else _COLON_ZH).match(text, at)
        if colon and (not english or len(colon.group("t").split()) <= 5):
            words = colon.group("t").strip()
            match = classifier.classify(words, strict=True)
            if match.kinds:
                found.append(
                    dict(
                        paragraph=index,
                        line=p.line,
                        form="colon",
                        rank=None,
                        number=None,
                        number_span=None,
                        text=words,
                        text_span=(colon.start("t"), colon.start("t") + len(words)),
                        end=colon.end(),
                        run_in=bool(text[colon.end() :].strip()),
                        kinds=match.kinds,
                        matched=match.matched,
                    )
                )
                continue
        bare = text[at:].strip()
        short = len(bare.split()) <= 5 if english else len(bare) <= 16
        if short and not re.search(r"[。，,；;！!？?]|[.]$", bare):
            match = classifier.classify(bare, strict=True)
            if match.kinds:
                found.append(
                    dict(
                        paragraph=index,
                        line=p.line,
                        form="plain",
                        rank=None,
                        number=None,
                        number_span=None,
                        text=bare,
                        text_span=(at, at + len(bare)),
                        end=len(text),
                        run_in=False,
                        kinds=match.kinds,
                        matched=match.matched,
                    )
                )
    return found


def _build_tree(headings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest headings: Markdown/Word levels first, then the numbering ladder below them."""
    unnumbered_markup = [
        h["markup_level"] for h in headings if h.get("markup_level") and h["rank"] is None
    ]
    base = max(unnumbered_markup, default=0)

    def depth(h: dict[str, Any]) -> float:
        if h["rank"] is not None:
            return base + 1 + h["rank"]
        if h.get("markup_level") is not None:
            return float(h["markup_level"])
        return base + 1.5  # colon and bare headings sit just above 一、

    stack: list[tuple[float, int]] = []
    for i, h in enumerate(headings):
        d = depth(h)
        while stack and stack[-1][0] >= d:
            stack.pop()
        h["parent"] = stack[-1][1] if stack else None
        h["level"] = len(stack) + 1
        stack.append((d, i))
    return headings


# --------------------------------------------------------------------------- sections


def _find_sections(
    paragraphs: Sequence[Paragraph],
    drafts: list[dict[str, Any]],
    title: int | None,
    signing: Signing | None,
    classifier: _Classifier,
    profile: Profile,
) -> tuple[tuple[Heading, ...], tuple[Section, ...]]:
    from dataclasses import replace

    # Top-level headings decide the sections. Lower ones are classified only when the
    # top level lacks a required part, which one level down may supply
    # ("（五）存在的不足" inside the work-done part).
    for h in drafts:
        if h["parent"] is None and "kinds" not in h:
            match = classifier.classify(h["text"])
            h["kinds"], h["matched"] = match.kinds, match.matched
    last_body = len(paragraphs) - 1
    if signing is not None and signing.paragraph == last_body:
        last_body -= 1
    top = [i for i, h in enumerate(drafts) if h["parent"] is None]
    sections: list[Section] = []
    for n, hi in enumerate(top):
        h = drafts[hi]
        end = drafts[top[n + 1]]["paragraph"] - 1 if n + 1 < len(top) else last_body
        sections.append(
            Section(
                h["kinds"], h["paragraph"], max(h["paragraph"], end), hi, "heading", h["matched"]
            )
        )
    # Thematic parts before the first problems / next-steps part are the work done.
    if profile.section(WORK_DONE) and sections and not any(WORK_DONE in s.kinds for s in sections):
        later = {s.key for s in profile.sections if s.key != WORK_DONE}
        first_later = next((i for i, s in enumerate(sections) if s.kinds & later), len(sections))
        for i in range(first_later):
            if not sections[i].kinds:
                sections[i] = replace(sections[i], kinds=frozenset({WORK_DONE}), how="position")
    present = {k for s in sections for k in s.kinds}
    missing = [spec.key for spec in profile.required if spec.key not in present]
    if missing:
        for h in drafts:
            if h["level"] == 2 and "kinds" not in h:
                match = classifier.classify(h["text"], strict=True)
                h["kinds"], h["matched"] = match.kinds, match.matched
    headings = tuple(Heading(**h) for h in drafts)
    for key in missing:
        for hi, h in enumerate(headings):
            if h.level == 2 and key in h.kinds:
                end = _section_end(headings, hi, last_body)
                sections.append(
                    Section(frozenset({key}), h.paragraph, end, hi, "heading", h.matched)
                )
                break
    sections.sort(key=lambda s: s.first)
    return headings, tuple(sections)


def _section_end(headings: tuple[Heading, ...], index: int, last_body: int) -> int:
    level = headings[index].level
    for h in headings[index + 1 :]:
        if h.level <= level:
            return h.paragraph - 1
    return last_body


def _parts(
    paragraphs: Sequence[Paragraph],
    headings: tuple[Heading, ...],
    sections: tuple[Section, ...],
    title: int | None,
    signing: Signing | None,
    classifier: _Classifier,
    profile: Profile,
) -> tuple[tuple[frozenset[str], ...], dict[int, str]]:
    n = len(paragraphs)
    has_headings = bool(headings)
    first_heading = headings[0].paragraph if headings else n
    default = (
        frozenset({PREAMBLE})
        if has_headings
        else (frozenset({WORK_DONE}) if profile.section(WORK_DONE) else frozenset({OTHER}))
    )
    parts: list[frozenset[str]] = [default] * n
    for s in sections:
        for i in range(s.first, min(s.last, n - 1) + 1):
            parts[i] = s.kinds or frozenset({OTHER})
    heading_paras = {h.paragraph for h in headings}
    # Paragraphs that open a part ("下一步，我们将…") re-label themselves and what
    # follows, up to the next heading or opener.
    current: frozenset[str] | None = None
    openers: dict[int, str] = {}
    for i in range(n):
        if i in heading_paras:
            current = None
            continue
        if title is not None and i == title:
            continue
        if has_headings and i < first_heading:
            continue
        match = classifier.opener(paragraphs[i].text)
        if match.kinds:
            current = match.kinds
            openers[i] = match.matched
        if current is not None:
            parts[i] = current
    if title is not None:
        parts[title] = frozenset({TITLE})
    if signing is not None:
        parts[signing.paragraph] = frozenset({SIGNING})
    return tuple(parts), openers


def _opener_sections(
    sections: tuple[Section, ...], parts: tuple[frozenset[str], ...], openers: Mapping[int, str]
) -> tuple[Section, ...]:
    """Add the parts found by openers (and, without headings, the work done before them)."""
    out = list(sections)
    present = {k for s in sections for k in s.kinds}
    i = 0
    n = len(parts)
    while i < n:
        kinds = parts[i]
        j = i
        while j + 1 < n and parts[j + 1] == kinds:
            j += 1
        new = kinds - present - {TITLE, PREAMBLE, SIGNING, OTHER}
        if new:
            how = "opener" if not (kinds == {WORK_DONE} and not sections) else "position"
            out.append(Section(kinds, i, j, None, how, openers.get(i, "")))
            present |= new
        i = j + 1
    out.sort(key=lambda s: s.first)
    return tuple(out)


# --------------------------------------------------------------------------- period

_HALF = lazy_re(r"^\s*度?\s*(上|下)半年")
_QUARTER = lazy_re(r"^\s*度?\s*第?\s*([一二三四1-4])\s*季度")
_MONTH = lazy_re(r"^\s*([0-9]{1,2})\s*月(?:份)?(?=工作|总结|报告|月报|汇报|$|\s)")
_WEEK = lazy_re(
    r"第\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*周|(?<![A-Za-z])W(?:eek)?[\s\-_.]*([0-9]{1,2})(?![0-9])",
    re.I,
)
_EN_QUARTER = lazy_re(r"(?<![A-Za-z])Q([1-4])\b")
_EN_HALF = lazy_re(r"(?<![A-Za-z])H([12])\b")
_FILE_YEAR = lazy_re(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9])(?=$|[^A-Za-z]|W|Q|H)")


def parse_period(text: str, source: str = "config") -> Period | None:
    """A period from a string such as ``2021``, ``2023H1``, ``2023-Q3``, ``2024-W12``,
    ``2021-2023``, ``2023年上半年``; None when it names no year. For config checks too."""
    found = _period_from_text(str(text).strip(), source, allow_month=True)
    return found


def _period_from_text(
    text: str, source: str, paragraph: int | None = None, allow_month: bool = False
) -> Period | None:
    quoted = zh.bracket_spans(text)
    years = [y for y in zh.find_years(text) if not zh.inside(quoted, y.start, y.end)]
    year = end_year = None
    span = None
    after = ""
    if years:
        y = years[0]
        year = end_year = y.year
        span = (y.start, y.end)
        if y.range_start and len(years) > 1 and years[1].in_range:
            end_year = years[1].year
            span = (y.start, years[1].end)
        after = text[span[1] :]
    else:
        m = re.search(r"(?<![0-9A-Za-z])((?:19|20)[0-9]{2})(?![0-9])", text)
        if m:
            year = end_year = int(m.group(1))
            span = m.span(1)
            after = text[m.end() :]
    if year is None or end_year is None or span is None:
        return None
    half = quarter = month = week = None
    if end_year == year:
        if (m := _HALF.match(after)) is not None:
            half = 1 if m.group(1) == "上" else 2
        elif (m := _QUARTER.match(after)) is not None:
            quarter = int(m.group(1)) if m.group(1).isdigit() else zh.cn_to_int(m.group(1))
        else:
            m = re.match(r"^[\-.年]?\s*([0-9]{1,2})(?:\s*月)?$", after) if allow_month else None
            if m is None and source == "title":
                m = _MONTH.match(after)
            if m is not None and 1 <= int(m.group(1)) <= 12:
                month = int(m.group(1))
        if (w := _WEEK.search(text)) is not None:
            number = w.group(1) or w.group(2)
            value = int(number) if number.isdigit() else zh.cn_to_int(number)
            if value and 1 <= value <= 53:
                week = value
        if not (half or quarter or week):
            if (m := _EN_QUARTER.search(text)) is not None:
                quarter = int(m.group(1))
            elif (m := _EN_HALF.search(text)) is not None:
                half = int(m.group(1))
    if week:
        try:
            dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            week = None
    evidence = text[span[0] : span[1]] if source != "config" else text
    return Period(year, end_year, half, quarter, month, week, source, evidence, paragraph, span)


def _week_from(text: str) -> int | None:
    w = _WEEK.search(text)
    if not w:
        return None
    number = w.group(1) or w.group(2)
    value = int(number) if number.isdigit() else zh.cn_to_int(number)
    return value if value and 1 <= value <= 53 else None


def _find_period(
    doc: Document,
    title: int | None,
    title_period: Period | None,
    opening_period: Period | None,
    signing: Signing | None,
) -> tuple[Period | None, str]:
    from dataclasses import replace

    paragraphs = doc.paragraphs
    configured = doc.meta.get("period")
    note = ""
    if configured:
        period = parse_period(str(configured))
        if period:
            return period, ""
        note = f"config period {configured!r} is not understood"
    if title_period:
        return title_period, ""
    week_hint = _week_from(paragraphs[title].text) if title is not None else None
    if opening_period:
        if week_hint and opening_period.annual:
            return replace(opening_period, week=week_hint), ""
        return opening_period, ""
    name = PurePath(doc.path).name
    m = _FILE_YEAR.search(name)
    if m:
        period = _period_from_text(name[m.start() :], "file name")
        if period:
            period = replace(period, evidence=name, span=None)
            if week_hint and period.annual:
                period = replace(period, week=week_hint)
            return period, ""
    if signing is not None and signing.date.year is not None and signing.value is not None:
        return _period_from_signing(paragraphs, signing), ""
    return None, note or (
        "no year in the title, the first sentence, the file name or a signing date; "
        "set `period` in config"
    )


_COMPARISON_BEFORE = lazy_re(r"(比|较|同比|与|和|跟|相比)\s*$")


def _first_sentence_period(
    paragraphs: Sequence[Paragraph],
    title: int | None,
    headings: tuple[Heading, ...],
    signing: Signing | None,
) -> Period | None:
    first_heading = headings[0].paragraph if headings else len(paragraphs)
    for index, p in enumerate(paragraphs):
        if index == title:
            continue
        if index >= first_heading or (signing and index == signing.paragraph):
            return None
        text = p.text.strip()
        if not text:
            continue
        # A salutation ("市委宣传部：") is not the first sentence.
        if len(text) <= 30 and text.endswith(("：", ":")):
            continue
        lead = len(p.text) - len(p.text.lstrip())
        spans = zh.split_sentences(p.text)
        s_start, s_end = spans[0] if spans else (0, len(p.text))
        sentence = p.text[s_start:s_end]
        for y in zh.find_years(sentence):
            if y.start - (lead - s_start if s_start == 0 else 0) > 12:
                break
            if _COMPARISON_BEFORE.search(sentence[: y.start]) or (y.in_range and not y.range_start):
                continue
            found = _period_from_text(sentence[y.start :], "first sentence", index)
            if found is None:
                continue
            span = (s_start + y.start, s_start + y.end)
            # Quote "2022年以来"/"2022年度" whole: the words after the year are what a
            # reader recognises.
            tail = re.match(r"度|以来|上半年|下半年|第?[一二三四]季度", sentence[y.end : y.end + 4])
            end = y.end + (tail.end() if tail else 0)
            return _replace_period(found, evidence=sentence[y.start : end], span=span)
        english_years = zh.find_english_years(sentence) if zh.cjk_ratio(sentence) < 0.3 else []
        for y in english_years:
            if y.start > 20:
                break
            return Period(y.year, y.year, source="first sentence", evidence=str(y.year),
                          paragraph=index, span=(s_start + y.start, s_start + y.end))  # fmt: skip
        return None
    return None


def _replace_period(period: Period, **changes: Any) -> Period:
    from dataclasses import replace

    return replace(period, **changes)


_FUTURE_CONTEXT = lazy_re(
    r"将|计划|拟|预计|力争|争取|确保|目标|规划|展望|预期|定于|到|至|明年|下一步|今后"
)


def _period_from_signing(paragraphs: Sequence[Paragraph], signing: Signing) -> Period:
    """The signing date says when a report was written, which is after the period.

    Signed in the second half of year Y: a report on Y. Signed in the first half: Y or
    the year before, whichever the text names more often (annual reports are often
    signed in the spring after their year); with no evidence, Y-1 up to March.
    """
    date = signing.date
    assert date.year is not None
    year = date.year
    evidence = signing_text = paragraphs[signing.paragraph].text[date.start : date.end]
    if date.month >= 7:
        chosen = year
    else:
        counts = {year: 0, year - 1: 0}
        for index, p in enumerate(paragraphs):
            if index == signing.paragraph:
                continue
            for y in zh.find_years(p.text):
                if y.year in counts:
                    lo, _hi = zh.clause_around(p.text, y.start)
                    if not _FUTURE_CONTEXT.search(p.text[lo : y.start]):
                        counts[y.year] += 1
        if counts[year - 1] != counts[year]:
            chosen = max(counts, key=lambda k: counts[k])
        else:
            chosen = year - 1 if date.month <= 3 else year
    evidence = signing_text
    return Period(
        chosen, chosen, source="signing date", evidence=evidence,
        paragraph=signing.paragraph, span=(date.start, date.end),
    )  # fmt: skip
