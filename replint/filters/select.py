"""Which rules apply: selectors (family, code prefix, code, name, ALL) and per-file ignores."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from replint.model.errors import ConfigError
from replint.model.findings import Finding
from replint.rule import Rule


def selector_matches(selector: str, code: str, name: str, formerly: Iterable[str] = ()) -> bool:
    """``P`` (family), ``P1`` (prefix), ``P101`` (code), ``placeholder`` (name) or ``ALL``.

    ``formerly`` are the codes a rule had before it moved (a rule's ``formerly``
    attribute): a selector that is exactly one of them names the rule too, so
    ``--ignore W103`` keeps ignoring the rule now coded R105.
    """
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    if sel == name or sel.upper() in formerly:
        return True
    rest = sel[1:]
    return (
        bool(sel)
        and sel[0].isalpha()
        and (not rest or rest.isdigit())
        and code.startswith(sel.upper())
    )


def former_codes(rule: object) -> tuple[str, ...]:
    """The codes ``rule`` had before it moved (its ``formerly`` attribute), upper-case."""
    return tuple(str(c).upper() for c in getattr(rule, "formerly", ()))


def redirects(rules: Iterable[object]) -> dict[str, str]:
    """Old code -> current code, from the rules' ``formerly`` attributes."""
    table: dict[str, str] = {}
    for rule in rules:
        for old in former_codes(rule):
            table[old] = str(getattr(rule, "code", ""))
    return table


def rule_matches(selector: str, rule: object) -> bool:
    """Does ``selector`` name ``rule`` (by family, prefix, code, name or former code)?"""
    code, name = str(getattr(rule, "code", "")), str(getattr(rule, "name", ""))
    return selector_matches(selector, code, name, former_codes(rule))


def check_selectors(selectors: Iterable[str], rules: Mapping[str, type[Rule]], where: str) -> None:
    """An unknown selector is an error (a typo would otherwise silently select nothing)."""
    codes = set(rules) | {f"E00{n}" for n in range(1, 8)}
    for sel in selectors:
        if not any(
            rule_matches(sel, rules[c]) if c in rules else selector_matches(sel, c, "")
            for c in codes
        ):
            raise ConfigError(
                f"{where}: {sel!r} matches no rule (use a family letter such as P, a code "
                f"prefix such as P1, a code such as P101, or a rule name; see `replint rules`)"
            )


@dataclass(frozen=True)
class Selection:
    """The rules selected for a run, and per-file exceptions."""

    rules: tuple[type[Rule], ...]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def build(
        cls,
        rules: Mapping[str, type[Rule]],
        select: tuple[str, ...],
        extend_select: tuple[str, ...],
        ignore: tuple[str, ...],
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
    ) -> Selection:
        chosen = []
        for rule in rules.values():
            default = not select and not getattr(rule, "opt_in", False)
            picked = default or any(rule_matches(s, rule) for s in select)
            picked = picked or any(rule_matches(s, rule) for s in extend_select)
            if picked and not any(rule_matches(s, rule) for s in ignore):
                chosen.append(rule)
        return cls(tuple(chosen), per_file_ignores)

    def ignored_for(self, path: str) -> tuple[str, ...]:
        posix = PurePosixPath(path.replace("\\", "/"))
        selectors: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if glob_matches(pattern, posix):
                selectors.extend(codes)
        return tuple(selectors)

    def rules_for(self, path: str) -> tuple[type[Rule], ...]:
        ignored = self.ignored_for(path)
        if not ignored:
            return self.rules
        return tuple(r for r in self.rules if not any(rule_matches(s, r) for s in ignored))


def keep_selected(findings: list[Finding], selection: Selection, path: str) -> list[Finding]:
    """The findings whose rule is selected for ``path``; E findings (failures) always."""
    allowed = {r.code for r in selection.rules_for(path)}
    return [f for f in findings if f.code in allowed or f.code.startswith("E")]


def glob_matches(pattern: str, path: PurePosixPath) -> bool:
    """Match a config glob against a relative path or, for bare patterns, the file name."""
    text = str(path)
    if text.startswith("./"):
        text = text[2:]
    pattern = pattern.removeprefix("./")
    if fnmatch.fnmatchcase(text, pattern):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.name, pattern)
    # "dir/**" and "dir/" match everything below dir.
    base = pattern.rstrip("*").rstrip("/")
    return pattern.endswith(("/**", "/")) and (text == base or text.startswith(base + "/"))
