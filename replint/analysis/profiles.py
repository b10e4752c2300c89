"""Report profiles (required sections and their aliases) and choosing one for a document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from replint.infra.regexes import lazy_re

if TYPE_CHECKING:
    from replint.model.document import Document, FileSettings
from replint.model.analysis import Profile, ProfileError, SectionSpec

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
