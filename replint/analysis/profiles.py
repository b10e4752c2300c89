"""Report profiles (required sections and their aliases) and choosing one for a document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from replint.infra import regexes
from replint.infra.regexes import lazy_re

if TYPE_CHECKING:
    from replint.model.document import Document, FileSettings
from replint.model.analysis import Profile, ProfileError, SectionSpec

# "name" is allowed because plugins return profiles as {"name": ..., "sections": ...}.
_PROFILE_KEYS = {"name", "language", "description", "sections", "extends", "titles", "signals"}


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
    for field_name in ("titles", "signals"):
        values = _str_tuple(raw.get(field_name), f"{where}: {field_name}")
        if field_name == "titles":
            for value in values:
                try:
                    _compiled(value)  # the same compiled pattern the title check uses
                except re.error as exc:
                    raise ProfileError(f"{where}: titles: bad pattern {value!r} ({exc})") from None
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

    The runner passes profiles in ``Document.settings``; this is the fallback when a
    document was read without the engine (tests, API users building documents by hand).
    """
    try:
        from replint_rules import load_data
    except ImportError:  # pragma: no cover - the rules package is part of the install
        return {}
    return {p["name"]: p for p in (load_data("profiles.yaml") or [])}


def _available_profiles(settings: FileSettings) -> Mapping[str, Any]:
    return settings.profiles if settings.profiles else _builtin_cached()


@cache
def _builtin_cached() -> Mapping[str, Any]:
    from replint.model.document import FrozenMap

    return FrozenMap(builtin_profiles())


_WEEKLY_TITLE = lazy_re(
    r"周报|周工作|第\s*[0-9一二三四五六七八九十]{1,3}\s*周|weekly|\bweek\b", re.I
)


_WEEKLY_FILE = lazy_re(r"周报|weekly|(?<![A-Za-z])W[0-9]{1,2}(?![0-9])|(?<![A-Za-z])week", re.I)


_WEEKLY_HEAD = lazy_re(r"^\W{0,8}(本周|下周|上周)")


def _choose_profile(
    doc: Document, language: str, title: int | None, available: Mapping[str, Any]
) -> tuple[Profile, str]:
    wanted = doc.file_settings.profile
    if wanted:
        if wanted in available:
            return _profile_for(wanted, available[wanted], available), "set in config"
        reason = f"config names unknown profile {wanted!r}; "
    else:
        reason = ""
    name = ""
    title_text = doc.paragraphs[title].text if title is not None else ""
    if language == "en" and "status" in available:
        name, why = "status", "the text is English"
    elif (kind := _kind_from_title(title_text, available)) is not None:
        name, why = kind, f"the title names the kind (“{_kind_word(title_text, available[kind])}”)"
    elif _WEEKLY_TITLE.search(title_text):
        name, why = "weekly", "the title says it is a weekly report"
    elif title is None and _WEEKLY_TITLE.search(_first_heading_text(doc)):
        # A file of several weeks has no title of its own: each week's heading says it.
        name, why = "weekly", "its first heading says it is a weekly report"
    elif _WEEKLY_FILE.search(PurePath(doc.path).name):
        name, why = "weekly", "the file name says it is a weekly report"
    elif (found := _kind_from_headings(doc, title, available)) is not None:
        name, words = found
        why = "its headings name " + "、".join(f"“{w}”" for w in words)
    elif (
        sum(1 for p in doc.paragraphs[:60] if len(p.text) < 30 and _WEEKLY_HEAD.match(p.text)) >= 2
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


def _first_heading_text(doc: Document) -> str:
    """The first paragraph when it is short enough to be a heading, else ``""``."""
    for para in doc.paragraphs[:3]:
        if para.text.strip():
            return para.text if len(para.text) <= 40 else ""
    return ""


def _kind_patterns(raw: Any) -> tuple[re.Pattern[str], ...]:
    if not isinstance(raw, Mapping):
        return ()
    titles = raw.get("titles") or ()
    if isinstance(titles, str):
        titles = (titles,)
    out = []
    for t in titles:
        try:
            out.append(_compiled(str(t)))
        except re.error:  # reported by the config check (profile_problems)
            continue
    return tuple(out)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return regexes.compile(pattern)


def _kind_word(title_text: str, raw: Any) -> str:
    for pattern in _kind_patterns(raw):
        m = pattern.search(title_text)
        if m:
            return m.group(0)
    return ""


def _kind_from_title(title_text: str, available: Mapping[str, Any]) -> str | None:
    """The first profile whose ``titles`` patterns name the kind of report in the title.

    The more specific kinds come first: a 述职述廉 title may also say 半年, and a
    整改 report's title often says 自查 too (自查整改): the longest match wins.
    """
    if not title_text:
        return None
    best: tuple[int, str] | None = None
    for name, raw in available.items():
        word = _kind_word(title_text, raw)
        if word and (best is None or len(word) > best[0]):
            best = (len(word), str(name))
    return best[1] if best else None


_HEAD_LEAD = lazy_re(
    r"^[\s\u3000]*(?:[(（]?[0-9一二三四五六七八九十]{1,3}[)）、.．:：]?\s*)?"
    r"(?:(?:19|20)[0-9]{2}\s*年度?)?"
)


def _kind_from_headings(
    doc: Document, title: int | None, available: Mapping[str, Any]
) -> tuple[str, tuple[str, ...]] | None:
    """A profile whose ``signals`` the short paragraphs (headings) near the top name.

    A heading names a signal when it starts with it after its number and year
    (``三、廉洁自律情况``, ``一、2024年工作回顾``; not ``（四）加强廉洁自律教育``, where
    the words are the object of the work). Two different signals are needed, or one for a profile that ``extends`` another
    (it only adds a part to a shape, so one heading naming the part is enough).
    """
    heads = [
        _HEAD_LEAD.sub("", p.text, count=1)
        for i, p in enumerate(doc.paragraphs[:300])
        if i != title and len(p.text.strip()) <= 40
    ]
    if not heads:
        return None
    best: tuple[int, str, tuple[str, ...]] | None = None
    for name, raw in available.items():
        if not isinstance(raw, Mapping):
            continue
        signals = raw.get("signals") or ()
        if isinstance(signals, str):
            signals = (signals,)
        words = tuple(
            w for w in signals if isinstance(w, str) and any(h.startswith(w) for h in heads)
        )
        needed = 1 if raw.get("extends") else 2
        if len(words) >= needed and (best is None or len(words) > best[0]):
            best = (len(words), str(name), words)
    return (best[1], best[2]) if best else None
