"""Rules declared in YAML: the no-code extension point.

An office adds its own word lists, preferred forms, required phrases and patterns by
writing a YAML file; :func:`load_rule_files` turns each declaration into a
:class:`~replint.rule.Rule` subclass, so ``replint rules`` and ``replint explain`` show
it like a Python rule and selection, suppression and ``--fix`` treat it the same way.

A file holds one rule (a mapping with ``code``), a list of rules, or a mapping with a
``rules:`` list. Every rule has ``code``, ``name``, ``kind`` and optionally
``severity`` (default warning), ``message`` (a template), ``match`` (``word``: the
default, a match must start and end on jieba word boundaries so a short word does not
match inside a longer one; ``raw``: plain substring/regex matching), ``ignore_case``,
``within`` (only some sections: those whose heading contains one of the given words,
or ``@key`` for a part of the report's profile as the analysis finds it, such as
``@problems`` or ``@next_steps``),
``description``/``why`` (for ``replint explain``) and ``examples: {fire: [...],
silent: [...]}``, which are run when the rule loads: a failing example is a load error.

Kinds and their fields::

    existence     tokens: [..] or {token: note}, patterns: [regex..]   must not appear
    substitution  swap: {wrong: right} or [{wrong, right, unsafe, note}], unsafe   fixable
    required      phrases: [..], mode: all|any     must appear (in ``within`` sections)
    occurrence    tokens/patterns, min, max, scope: document|section|paragraph
    pattern       pattern: regex, replacement: template (fixable), unsafe

Message templates use ``{name}`` placeholders: ``{match}`` everywhere a text matched,
``{replacement}``, ``{note}``, ``{phrase}``, ``{count}``, ``{min}``, ``{max}``,
``{section}``, and for ``pattern`` the groups ``{1}``, ``{2}``… or ``{groupname}``.

User patterns are compiled with the ``regex`` package and matched with a time budget
per file (``timeout``, seconds, default 1): a pattern that runs away becomes one
``E005`` finding for that file instead of a hang. Built-in rules (``trusted``) use the
standard ``re`` module so a normal run does not import ``regex``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from replint.infra import regexes
from replint.model.findings import Severity
from replint.rule import CODE_PATTERN, FAMILIES, NAME_PATTERN

if TYPE_CHECKING:
    pass
from replint.declarative.patterns import _compile

KINDS = ("existence", "substitution", "required", "occurrence", "pattern")


COMMON_KEYS = {
    "code",
    "name",
    "severity",
    "message",
    "kind",
    "match",
    "ignore_case",
    "within",
    "description",
    "why",
    "examples",
    "timeout",
}


KIND_KEYS: dict[str, set[str]] = {
    "existence": {"tokens", "patterns"},
    "substitution": {"swap", "unsafe"},
    "required": {"phrases", "mode"},
    "occurrence": {"tokens", "patterns", "min", "max", "scope"},
    "pattern": {"pattern", "replacement", "unsafe"},
}


PLACEHOLDERS: dict[str, set[str]] = {
    "existence": {"match", "note", "section"},
    "substitution": {"match", "replacement", "note", "section"},
    "required": {"phrase", "phrases", "section"},
    "occurrence": {"match", "count", "min", "max", "section"},
    "pattern": {"match", "replacement", "section"},
}


DEFAULT_MESSAGES = {
    "existence": "“{match}” should not be used here",
    "substitution": "write “{replacement}” instead of “{match}”",
    "required": "“{phrase}” is missing",
    "occurrence": "“{match}” appears {count} times",
    "pattern": "“{match}” matches a forbidden pattern",
}


DEFAULT_TIMEOUT = 1.0


_PLACEHOLDER = regexes.lazy_re(r"\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)\}")


class Swap(NamedTuple):
    wrong: str
    right: str | None  # None: several choices, not fixable
    choices: tuple[str, ...] = ()
    unsafe: bool = False
    note: str = ""


@dataclass(frozen=True)
class RuleSpec:
    """A YAML rule after validation; everything a check needs, nothing compiled."""

    code: str
    name: str
    kind: str
    severity: Severity
    message: str
    match: str = "word"
    ignore_case: bool = False
    within: tuple[str, ...] = ()
    tokens: tuple[tuple[str, str], ...] = ()  # (token, note)
    patterns: tuple[str, ...] = ()
    swaps: tuple[Swap, ...] = ()
    phrases: tuple[str, ...] = ()
    mode: str = "all"
    minimum: int | None = None
    maximum: int | None = None
    scope: str = "document"
    pattern: str = ""
    replacement: str | None = None
    unsafe: bool = False
    timeout: float = DEFAULT_TIMEOUT
    trusted: bool = False
    description: str = ""
    why: str = ""
    fire: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()
    origin: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fixable(self) -> bool:
        if self.kind == "substitution":
            return any(s.right is not None for s in self.swaps)
        return self.kind == "pattern" and self.replacement is not None


class _Invalid(Exception):
    """A problem with one key; turned into ConfigError naming the file and the key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _str(value: Any, key: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise _Invalid(key, "must be a non-empty string" if not empty else "must be a string")
    return value


def _str_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _Invalid(key, "must be a list of strings")
    return tuple(_str(v, f"{key}[{i}]") for i, v in enumerate(value))


def _within(value: Any) -> tuple[str, ...]:
    items = _str_list(value, "within")
    for i, item in enumerate(items):
        if item.startswith("@") and not re.fullmatch(r"@[a-z][a-z0-9_]*", item):
            raise _Invalid(
                f"within[{i}]", f"{item!r}: a profile part is @ and a key such as @problems"
            )
    return items


def _bool(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(key, "must be true or false")
    return value


def _count(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Invalid(key, "must be a whole number (0 or more)")
    return value


def _choice(value: Any, key: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise _Invalid(key, f"must be one of {', '.join(allowed)} (got {value!r})")
    return str(value)


def _tokens(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        return tuple(
            (_str(k, f"{key}.{k}"), "" if v is None else _str(v, f"{key}.{k}", empty=True))
            for k, v in value.items()
        )
    return tuple((t, "") for t in _str_list(value, key))


def _swaps(value: Any, key: str) -> tuple[Swap, ...]:
    items: list[Swap] = []
    if isinstance(value, Mapping):
        for wrong, right in value.items():
            items.append(_swap(_str(wrong, f"{key}.{wrong}"), right, f"{key}.{wrong}"))
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            where = f"{key}[{i}]"
            if not isinstance(entry, Mapping):
                raise _Invalid(where, "must be a mapping with wrong and right")
            extra = set(entry) - {"wrong", "right", "unsafe", "note"}
            if extra:
                raise _Invalid(
                    f"{where}.{sorted(extra)[0]}",
                    "unknown key (allowed: wrong, right, unsafe, note)",
                )
            if "wrong" not in entry or "right" not in entry:
                raise _Invalid(where, "needs both wrong and right")
            swap = _swap(_str(entry["wrong"], f"{where}.wrong"), entry["right"], f"{where}.right")
            unsafe = _bool(entry.get("unsafe", False), f"{where}.unsafe")
            note = _str(entry.get("note", ""), f"{where}.note", empty=True)
            items.append(Swap(swap.wrong, swap.right, swap.choices, unsafe, note))
    else:
        raise _Invalid(key, "must be a mapping {wrong: right} or a list of {wrong, right}")
    if not items:
        raise _Invalid(key, "must list at least one wrong form")
    return tuple(items)


def _swap(wrong: str, right: Any, key: str) -> Swap:
    if isinstance(right, str):
        return Swap(wrong, right)
    if isinstance(right, list) and right:
        choices = tuple(_str(r, f"{key}[{i}]") for i, r in enumerate(right))
        return Swap(wrong, choices[0] if len(choices) == 1 else None, choices)
    raise _Invalid(key, 'the right form must be a string ("" deletes) or a list of choices')


def _check_template(template: str, allowed: set[str], key: str) -> None:
    for name in _PLACEHOLDER.findall(template):
        if name not in allowed:
            raise _Invalid(
                key,
                f"unknown placeholder {{{name}}} (allowed here: "
                + ", ".join("{" + a + "}" for a in sorted(allowed))
                + ")",
            )


def parse_spec(raw: Any, origin: str, *, trusted: bool = False) -> RuleSpec:
    """Validate one declaration; raises _Invalid naming the bad key."""
    if not isinstance(raw, Mapping):
        raise _Invalid("", "a rule must be a mapping of keys to values")
    for key in ("code", "name", "kind"):
        if key not in raw:
            raise _Invalid(key, "is required")
    kind = _choice(raw["kind"], "kind", KINDS)
    allowed = COMMON_KEYS | KIND_KEYS[kind]
    for key in raw:
        if key not in allowed:
            raise _Invalid(
                str(key), f"unknown key for kind {kind} (allowed: {', '.join(sorted(allowed))})"
            )
    code = _str(raw["code"], "code")
    if not CODE_PATTERN.match(code) or code[0] not in FAMILIES:
        raise _Invalid("code", f"{code!r} must be a family letter and three digits, e.g. W901")
    name = _str(raw["name"], "name")
    if not NAME_PATTERN.match(name):
        raise _Invalid("name", f"{name!r} must be kebab-case, e.g. banned-words")
    try:
        severity = Severity.parse(str(raw.get("severity", "warning")))
    except ValueError as exc:
        raise _Invalid("severity", str(exc)) from None
    message = _str(raw.get("message", DEFAULT_MESSAGES[kind]), "message")
    values: dict[str, Any] = {
        "code": code,
        "name": name,
        "kind": kind,
        "severity": severity,
        "message": message,
        "match": _choice(raw.get("match", "word"), "match", ("word", "raw")),
        "ignore_case": _bool(raw.get("ignore_case", False), "ignore_case"),
        "within": _within(raw.get("within", [])),
        "description": _str(raw.get("description", ""), "description", empty=True),
        "why": _str(raw.get("why", ""), "why", empty=True),
        "trusted": trusted,
        "origin": origin,
        "raw": dict(raw),
    }
    timeout = raw.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise _Invalid("timeout", "must be a positive number of seconds")
    values["timeout"] = float(timeout)
    placeholders = set(PLACEHOLDERS[kind])
    if kind in ("existence", "occurrence"):
        values["tokens"] = _tokens(raw.get("tokens", []), "tokens")
        values["patterns"] = _str_list(raw.get("patterns", []), "patterns")
        if not values["tokens"] and not values["patterns"]:
            raise _Invalid("tokens", "give tokens or patterns (at least one)")
        for i, p in enumerate(values["patterns"]):
            _compile_checked(p, values["ignore_case"], trusted, f"patterns[{i}]")
    if kind == "substitution":
        values["swaps"] = _swaps(raw.get("swap"), "swap")
        values["unsafe"] = _bool(raw.get("unsafe", False), "unsafe")
    if kind == "required":
        values["phrases"] = _str_list(raw.get("phrases"), "phrases")
        if not values["phrases"]:
            raise _Invalid("phrases", "must list at least one phrase")
        values["mode"] = _choice(raw.get("mode", "all"), "mode", ("all", "any"))
    if kind == "occurrence":
        if "min" not in raw and "max" not in raw:
            raise _Invalid("min", "give min, max or both")
        values["minimum"] = _count(raw["min"], "min") if "min" in raw else None
        values["maximum"] = _count(raw["max"], "max") if "max" in raw else None
        if (
            values["minimum"] is not None
            and values["maximum"] is not None
            and values["minimum"] > values["maximum"]
        ):
            raise _Invalid("min", "must not be larger than max")
        values["scope"] = _choice(
            raw.get("scope", "document"), "scope", ("document", "section", "paragraph")
        )
        if values["scope"] == "section" and not values["within"]:
            raise _Invalid("scope", "scope: section needs `within` (the section heading words)")
    if kind == "pattern":
        values["pattern"] = _str(raw.get("pattern"), "pattern")
        compiled = _compile_checked(values["pattern"], values["ignore_case"], trusted, "pattern")
        placeholders |= {str(i) for i in range(compiled.groups + 1)}
        placeholders |= set(compiled.groupindex)
        if "replacement" in raw:
            values["replacement"] = _str(raw["replacement"], "replacement", empty=True)
            _check_template(
                values["replacement"], placeholders - {"replacement", "section"}, "replacement"
            )
        values["unsafe"] = _bool(raw.get("unsafe", False), "unsafe")
    _check_template(message, placeholders, "message")
    examples = raw.get("examples", {}) or {}
    if not isinstance(examples, Mapping):
        raise _Invalid("examples", "must be a mapping with fire and silent lists")
    for key in examples:
        if key not in ("fire", "silent"):
            raise _Invalid(f"examples.{key}", "unknown key (allowed: fire, silent)")
    values["fire"] = _str_list(examples.get("fire", []), "examples.fire")
    values["silent"] = _str_list(examples.get("silent", []), "examples.silent")
    return RuleSpec(**values)


def _compile_checked(pattern: str, ignore_case: bool, trusted: bool, key: str) -> Any:
    try:
        compiled = _compile(pattern, ignore_case, trusted)
    except Exception as exc:  # re.error / regex.error: both say what is wrong
        raise _Invalid(key, f"invalid regular expression {pattern!r}: {exc}") from None
    if compiled.search("") is not None:
        raise _Invalid(key, f"pattern {pattern!r} matches the empty string")
    return compiled
