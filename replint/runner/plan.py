"""The plan: the rules to run, their options resolved, the settings of one run."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from replint.config import Config
from replint.filters.select import Selection, check_selectors
from replint.model.document import Document, FrozenMap
from replint.model.errors import ConfigError
from replint.model.findings import Finding
from replint.plugins import Registry
from replint.rule import Rule, resolve_options

READ_ERROR_NAMES = {
    "E001": "unreadable-file",
    "E002": "undecodable-text",
    "E003": "file-too-large",
    "E004": "broken-document",
    "E005": "rule-error",
    "E006": "file-took-too-long",
    "E007": "not-fixed",
}


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to check a file; picklable, built once per run."""

    config: Config
    readers: Mapping[str, Any]
    selection: Selection
    options: Mapping[str, Mapping[str, Any]]  # rule code -> resolved options
    profiles: Mapping[str, Any]
    rule_names: Mapping[str, str]
    all_rules: tuple[type[Rule], ...]
    keep_documents: bool
    verbose: bool
    stdin: bytes | None = None
    transform: Callable[[Document, list[Finding]], list[Finding]] | None = None


def make_plan(
    config: Config,
    registry: Registry,
    *,
    verbose: bool = False,
    stdin: bytes | None = None,
    extra_rules: Sequence[type[Rule]] = (),
) -> Plan:
    """Validate selection and rule options against the registry and freeze them."""
    rules = dict(registry.rules)
    for rule in extra_rules:
        if rule.code in rules:
            raise ConfigError(
                f"{rule.origin or config.source}: rule code {rule.code} is already used"
            )
        rules[rule.code] = rule
    where = config.source or "command line"
    check_selectors(config.select, rules, where)
    check_selectors(config.extend_select, rules, where)
    check_selectors(config.ignore, rules, where)
    for _glob, codes in config.per_file_ignores:
        check_selectors(codes, rules, f"{where}: per_file_ignores")
    selection = Selection.build(
        rules, config.select, config.extend_select, config.ignore, config.per_file_ignores
    )
    by_name = {r.name: r for r in rules.values()}
    given: dict[str, Mapping[str, Any]] = {}
    for key, value in config.rule_options.items():
        rule = rules.get(str(key).upper()) or by_name.get(str(key))
        if rule is None:
            raise ConfigError(f"{where}: rules: unknown rule {key!r} (see `replint rules`)")
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: rules: {key}: options must be a mapping")
        given[rule.code] = value
    options: dict[str, Mapping[str, Any]] = {}
    for rule in rules.values():
        try:
            options[rule.code] = resolve_options(rule, given.get(rule.code))
        except ValueError as exc:
            raise ConfigError(f"{where}: rules: {exc}") from None
    profiles = dict(registry.profiles)
    profiles.update(config.profiles)
    _check_profiles_and_period(config, profiles, where)
    readers = dict(registry.readers)
    for suffix, reader_name in config.extensions:
        key = "." + reader_name.lstrip(".").lower()
        if key not in registry.readers:
            known = ", ".join(sorted(registry.readers))
            raise ConfigError(f"{where}: extensions: no reader {reader_name!r} (known: {known})")
        readers["." + suffix.lstrip(".").lower()] = registry.readers[key]
    keep = any(r.corpus for r in selection.rules)
    return Plan(
        config=config,
        readers=readers,
        selection=selection,
        options=FrozenMap(options),
        profiles=FrozenMap(profiles),
        rule_names=FrozenMap({**READ_ERROR_NAMES, **{c: r.name for c, r in rules.items()}}),
        all_rules=tuple(rules.values()),
        keep_documents=keep,
        verbose=verbose,
        stdin=stdin,
    )


def _check_profiles_and_period(config: Config, profiles: Mapping[str, Any], where: str) -> None:
    """Invalid profiles, unknown profile names and unreadable periods are config errors."""
    from replint.analysis import parse_period, profile_problems

    problems = profile_problems(profiles)
    if problems:
        raise ConfigError(f"{where}: profiles: " + "; ".join(problems))
    names = [config.profile] if config.profile else []
    names += [name for _glob, name in config.per_file_profiles]
    for name in names:
        if name not in profiles:
            known = ", ".join(sorted(profiles))
            raise ConfigError(f"{where}: profile {name!r} is not defined (known: {known})")
    if config.period and parse_period(config.period) is None:
        raise ConfigError(
            f"{where}: period {config.period!r} names no year "
            "(e.g. 2021, 2023H1, 2023-Q3, 2024-W12, 2023年上半年)"
        )
