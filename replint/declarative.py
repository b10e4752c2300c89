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

import copyreg
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from replint.infra import regexes
from replint.model.document import Document, FrozenMap, Paragraph
from replint.model.errors import ConfigError
from replint.model.findings import Finding, Severity
from replint.rule import CODE_PATTERN, FAMILIES, NAME_PATTERN, Rule

if TYPE_CHECKING:
    from replint.config import Config

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
RULE_ERROR = ("E005", "rule-error")

_PLACEHOLDER = regexes.compile(r"\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)\}")


# ---------------------------------------------------------------------------------
# Words: jieba, loaded lazily by replint.text.zh (one dictionary shared with the analysis)
# ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def word_boundaries(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a jieba word starts or ends (a pure, memoised function)."""
    from replint.text.zh import words

    bounds = {0, len(text)}
    for _word, start, end in words(text):
        bounds.add(start)
        bounds.add(end)
    return frozenset(bounds)


def is_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends on word boundaries."""
    bounds = word_boundaries(text)
    return start in bounds and end in bounds


@lru_cache(maxsize=1)
def word_tags() -> Mapping[str, str]:
    """jieba's part-of-speech tag for each dictionary word (loads jieba.posseg)."""
    from replint.text.zh import words

    words("")  # imports and sets up jieba (quietly) before posseg is imported
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


# ---------------------------------------------------------------------------------
# Headings and sections (for ``within``)
# ---------------------------------------------------------------------------------

_NUMERAL = "一二三四五六七八九十百〇零两"
_HEADING_MARK = regexes.compile(
    rf"^[\s\u3000]*(?:"
    rf"(?P<l0>第[{_NUMERAL}\d]+(?:部分|章|篇|节))"
    rf"|(?P<l1>[{_NUMERAL}]+[、．.])"
    rf"|(?P<l2>[（(][{_NUMERAL}]+[）)])"
    rf"|(?P<l3>\d{{1,2}}[.．、](?!\d))"
    rf"|(?P<l4>[（(]\d{{1,2}}[）)])"
    rf")"
)


def heading_level(paragraph: Paragraph) -> int | None:
    """The heading level of a paragraph (smaller = higher), or None for body text.

    Numbered headings follow GB/T 9704 (``一、`` > ``（一）`` > ``1.`` > ``（1）``);
    markup headings (Markdown ``#``, Word heading styles) use their own level.
    """
    if paragraph.kind in ("heading", "title"):
        return max(0, (paragraph.level or 1) - 1)
    m = _HEADING_MARK.match(paragraph.text)
    if m is None:
        return None
    return {"l0": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4}[m.lastgroup or "l1"]


def heading_text(paragraph: Paragraph) -> str:
    """The heading without its number; a run-in heading ends at the first full stop."""
    text = paragraph.text
    m = _HEADING_MARK.match(text)
    if m:
        text = text[m.end() :]
    return re.split(r"[。！？]", text.strip(), maxsplit=1)[0]


class Section(NamedTuple):
    heading: Paragraph
    paragraphs: tuple[Paragraph, ...]  # the heading paragraph first
    name: str = ""  # what to call it in messages (default: the heading text)

    @property
    def title(self) -> str:
        return self.name or heading_text(self.heading)


def sections(doc: Document) -> list[Section]:
    """Every heading with the paragraphs up to the next heading of the same or a higher level."""
    levels = [heading_level(p) for p in doc.paragraphs]
    out = []
    for i, level in enumerate(levels):
        if level is None:
            continue
        j = i + 1
        while j < len(levels) and (levels[j] is None or levels[j] > level):
            j += 1
        out.append(Section(doc.paragraphs[i], doc.paragraphs[i:j]))
    return out


def _profile_sections(doc: Document, keys: Sequence[str]) -> list[Section]:
    """The parts of the report the analysis classified under ``keys`` (e.g. problems)."""
    analysis = doc.analysis
    out = []
    for key in keys:
        for part in analysis.sections_of(key):
            paragraphs = doc.paragraphs[part.first : part.last + 1]
            if not paragraphs:
                continue
            name = ""
            if part.heading is not None:
                name = analysis.headings[part.heading].text
            out.append(Section(paragraphs[0], tuple(paragraphs), name or key.replace("_", " ")))
    return out


# ---------------------------------------------------------------------------------
# The parsed declaration
# ---------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------


@cache
def _compile(pattern: str, ignore_case: bool, trusted: bool) -> Any:
    if trusted:
        return regexes.compile(pattern, re.IGNORECASE if ignore_case else 0)
    import regex

    return regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)


def _compile_checked(pattern: str, ignore_case: bool, trusted: bool, key: str) -> Any:
    try:
        compiled = _compile(pattern, ignore_case, trusted)
    except Exception as exc:  # re.error / regex.error: both say what is wrong
        raise _Invalid(key, f"invalid regular expression {pattern!r}: {exc}") from None
    if compiled.search("") is not None:
        raise _Invalid(key, f"pattern {pattern!r} matches the empty string")
    return compiled


@cache
def _literal_alternation(tokens: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    # Literal tokens are ours to escape, so the standard module is safe (no timeout needed).
    ordered = sorted(set(tokens), key=lambda t: (-len(t), t))
    return regexes.compile(
        "|".join(re.escape(t) for t in ordered), re.IGNORECASE if ignore_case else 0
    )


class _Budget:
    """The time a rule may spend in user patterns on one document."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def left(self) -> float:
        return max(0.001, self.deadline - time.monotonic())


class _Timeout(Exception):
    def __init__(self, pattern: str, paragraph: Paragraph) -> None:
        super().__init__(pattern)
        self.pattern = pattern
        self.paragraph = paragraph


# ---------------------------------------------------------------------------------
# The rule classes
# ---------------------------------------------------------------------------------


class Hit(NamedTuple):
    paragraph: Paragraph
    start: int
    end: int
    text: str
    note: str = ""
    groups: Mapping[str, str] = FrozenMap()


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders; unknown ones are left as written."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return str(values[key]) if key in values else m.group(0)

    return _PLACEHOLDER.sub(sub, template)


class DeclarativeRule(Rule):
    """Base of the rule classes built from YAML; ``spec`` holds the declaration."""

    spec: ClassVar[RuleSpec]

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        spec = self.spec
        budget = _Budget(spec.timeout)
        # Collected first so that a timeout half-way replaces the rule's findings for this
        # file by one E005, rather than leaving a partial result that looks complete.
        produced: list[Finding] = []
        try:
            produced.extend(_CHECKS[spec.kind](self, doc, spec, budget))
        except _Timeout as exc:
            produced = [self._timeout_finding(doc, exc)]
        yield from produced

    def _timeout_finding(self, doc: Document, exc: _Timeout) -> Finding:
        line, column = exc.paragraph.position(0)
        code, name = RULE_ERROR
        return Finding(
            path=doc.path,
            line=line,
            column=column,
            end_line=line,
            end_column=column,
            code=code,
            name=name,
            severity=Severity.ERROR,
            message=(
                f"rule {self.code} {self.name}: the pattern {exc.pattern!r} ran longer than "
                f"{self.spec.timeout:g} s on this file and was stopped; simplify it (nested "
                f"repeats such as (a+)+ can take exponential time) or raise `timeout` in "
                f"{self.spec.origin or 'its YAML file'}"
            ),
            matched=exc.pattern,
        )

    # -- matching ------------------------------------------------------------------
    def paragraphs(self, doc: Document) -> Iterator[tuple[Paragraph, str]]:
        """(paragraph, section title) for the paragraphs the rule looks at."""
        if not self.spec.within:
            for p in doc.paragraphs:
                yield p, ""
            return
        seen: set[int] = set()
        for section in self.sections(doc):
            for p in section.paragraphs:
                if p.index not in seen:
                    seen.add(p.index)
                    yield p, section.title

    def sections(self, doc: Document) -> list[Section]:
        """The sections ``within`` names: by heading words, or ``@key`` for a profile part.

        ``@problems``, ``@next_steps``, ``@work_done`` (any section key of the report's
        profile) use the shared document analysis, which recognises a part by its
        aliases or, in reports without headings, by paragraph openers.
        """
        words = [w for w in self.spec.within if not w.startswith("@")]
        keys = [w[1:] for w in self.spec.within if w.startswith("@")]
        found = [s for s in sections(doc) if any(self._contains(s.title, w) for w in words)]
        if keys:
            found.extend(_profile_sections(doc, keys))
        unique = {(s.heading.index, len(s.paragraphs)): s for s in found}
        return [unique[k] for k in sorted(unique)]

    def _contains(self, text: str, phrase: str) -> bool:
        return any(True for _ in self._find_literal(text, (phrase,)))

    def _find_literal(self, text: str, tokens: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        if not tokens or not text:
            return
        alternation = _literal_alternation(tokens, self.spec.ignore_case)
        pos = 0
        while True:
            m = alternation.search(text, pos)
            if m is None:
                return
            start, end = m.span()
            if self.spec.match == "raw" or is_word(text, start, end):
                yield start, end
                pos = end
            else:
                pos = start + 1  # a shorter token may still start inside the rejected one

    def find_tokens(self, p: Paragraph) -> Iterator[Hit]:
        notes = dict(self.spec.tokens)
        keys = tuple(notes)
        lowered = {k.lower(): v for k, v in notes.items()}
        for start, end in self._find_literal(p.text, keys):
            text = p.text[start:end]
            note = notes.get(text, lowered.get(text.lower(), ""))
            yield Hit(p, start, end, text, note)

    def find_pattern(self, p: Paragraph, pattern: str, budget: _Budget) -> Iterator[Hit]:
        compiled = _compile(pattern, self.spec.ignore_case, self.spec.trusted)
        text = p.text
        try:
            if self.spec.trusted:
                matches = list(compiled.finditer(text))
            else:
                matches = list(compiled.finditer(text, timeout=budget.left()))
        except TimeoutError:
            raise _Timeout(pattern, p) from None
        for m in matches:
            start, end = m.span()
            if end <= start:
                continue
            if self.spec.match == "word" and not is_word(text, start, end):
                continue
            groups = {str(i): m.group(i) or "" for i in range(compiled.groups + 1)}
            groups.update({k: v or "" for k, v in m.groupdict().items()})
            yield Hit(p, start, end, m.group(0), groups=groups)

    def find_all(self, p: Paragraph, budget: _Budget) -> Iterator[Hit]:
        hits = list(self.find_tokens(p))
        for pattern in self.spec.patterns:
            hits.extend(self.find_pattern(p, pattern, budget))
        hits.sort(key=lambda h: (h.start, -h.end))
        last_end = -1
        for hit in hits:
            if hit.start >= last_end:  # overlapping hits of two patterns: report once
                yield hit
                last_end = hit.end

    def hit_finding(
        self,
        doc: Document,
        hit: Hit,
        values: Mapping[str, Any],
        *,
        replacement: str | None = None,
        safe: bool = True,
    ) -> Finding:
        message = render(self.spec.message, {"match": hit.text, "note": hit.note, **values})
        return self.finding(
            doc, hit.paragraph, hit.start, hit.end, message, replacement=replacement, safe=safe
        )

    def anchor_finding(self, doc: Document, paragraph: Paragraph | None, message: str) -> Finding:
        if paragraph is None:
            return self.document_finding(doc, message)
        line, column = paragraph.position(0)
        return self.document_finding(doc, message, line=line, column=column)


def _check_existence(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    for p, title in rule.paragraphs(doc):
        for hit in rule.find_all(p, budget):
            yield rule.hit_finding(doc, hit, {"section": title})


def _check_substitution(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    by_wrong = {s.wrong: s for s in spec.swaps}
    by_lower = {s.wrong.lower(): s for s in spec.swaps}
    wrongs = tuple(by_wrong)
    for p, title in rule.paragraphs(doc):
        for start, end in rule._find_literal(p.text, wrongs):
            text = p.text[start:end]
            swap = by_wrong.get(text) or by_lower[text.lower()]
            shown = swap.right if swap.right is not None else "” or “".join(swap.choices)
            hit = Hit(p, start, end, text, swap.note)
            yield rule.hit_finding(
                doc,
                hit,
                {"replacement": shown, "section": title},
                replacement=swap.right,
                safe=not (spec.unsafe or swap.unsafe),
            )


def _check_required(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    scopes: list[tuple[Paragraph | None, str, Sequence[Paragraph]]]
    if spec.within:
        scopes = [(s.heading, s.title, s.paragraphs) for s in rule.sections(doc)]
    else:
        scopes = [(None, "", doc.paragraphs)]
    for anchor, title, paragraphs in scopes:
        present = {
            phrase
            for phrase in spec.phrases
            if any(rule._contains(p.text, phrase) for p in paragraphs)
        }
        missing = [ph for ph in spec.phrases if ph not in present]
        if spec.mode == "any":
            if not present:
                listed = "”, “".join(spec.phrases)
                values = {"phrase": listed, "phrases": listed, "section": title}
                yield rule.anchor_finding(doc, anchor, render(spec.message, values))
            continue
        for phrase in missing:
            values = {"phrase": phrase, "phrases": "”, “".join(missing), "section": title}
            yield rule.anchor_finding(doc, anchor, render(spec.message, values))


def _check_occurrence(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    groups: list[tuple[Paragraph | None, str, Sequence[Paragraph]]]
    if spec.scope == "section":
        groups = [(s.heading, s.title, s.paragraphs) for s in rule.sections(doc)]
    elif spec.scope == "paragraph":
        groups = [(p, title, (p,)) for p, title in rule.paragraphs(doc)]
    else:
        groups = [(None, "", [p for p, _t in rule.paragraphs(doc)])]
    what = "”, “".join([t for t, _n in spec.tokens] + list(spec.patterns))
    for anchor, title, paragraphs in groups:
        hits = [h for p in paragraphs for h in rule.find_all(p, budget)]
        values = {
            "count": len(hits),
            "min": spec.minimum if spec.minimum is not None else 0,
            "max": spec.maximum if spec.maximum is not None else "",
            "section": title,
        }
        if spec.maximum is not None and len(hits) > spec.maximum:
            first_excess = hits[spec.maximum]
            yield rule.hit_finding(doc, first_excess, values)
        if spec.minimum is not None and len(hits) < spec.minimum:
            message = render(spec.message, {"match": what, **values})
            yield rule.anchor_finding(doc, anchor, message)


def _check_pattern(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    for p, title in rule.paragraphs(doc):
        for hit in rule.find_pattern(p, spec.pattern, budget):
            replacement = None
            if spec.replacement is not None:
                replacement = render(spec.replacement, {"match": hit.text, **hit.groups})
            values = {"section": title, **hit.groups}
            if replacement is not None:
                values["replacement"] = replacement
            yield rule.hit_finding(doc, hit, values, replacement=replacement, safe=not spec.unsafe)


_CHECKS: dict[str, Callable[[DeclarativeRule, Document, RuleSpec, _Budget], Iterable[Finding]]] = {
    "existence": _check_existence,
    "substitution": _check_substitution,
    "required": _check_required,
    "occurrence": _check_occurrence,
    "pattern": _check_pattern,
}


# ---------------------------------------------------------------------------------
# Building classes, documentation, examples
# ---------------------------------------------------------------------------------


class _DeclaredMeta(type):
    """Metaclass of YAML rule classes so they can be pickled (rebuilt from their spec)."""


def _rebuild(spec: RuleSpec) -> type[Rule]:
    return build_rule_class(spec)


def _reduce_declared(cls: type) -> tuple[Any, ...]:
    return (_rebuild, (cls.spec,))  # type: ignore[attr-defined]


# Classes made at run time cannot be found by import path, which is how pickle
# normally sends classes to worker processes; send the declaration instead.
copyreg.pickle(_DeclaredMeta, _reduce_declared)


def _documentation(spec: RuleSpec) -> str:
    what = spec.description.strip() or _auto_description(spec)
    why = spec.why.strip() or f"Declared by your configuration in {spec.origin or 'a YAML file'}."
    example = spec.fire[0] if spec.fire else ""
    instead = spec.silent[0] if spec.silent else ""
    parts = [
        f"{spec.name} (declared in YAML, kind {spec.kind}).",
        "## What it does",
        what,
        "## Why is this bad?",
        why,
    ]
    if example:
        parts += ["## Example", _indent(example)]
    if instead:
        parts += ["## Use instead", _indent(instead)]
    return "\n\n".join(parts)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def _auto_description(spec: RuleSpec) -> str:
    def listing(items: Sequence[str]) -> str:
        shown = "、".join(items[:8])
        return shown + ("…" if len(items) > 8 else "")

    where = f" in sections headed {listing(list(spec.within))}" if spec.within else ""
    if spec.kind == "existence":
        found = [t for t, _n in spec.tokens] + list(spec.patterns)
        return f"Finds words that must not appear{where}: {listing(found)}."
    if spec.kind == "substitution":
        pairs = [
            f"{s.wrong}→{s.right if s.right is not None else '/'.join(s.choices)}"
            for s in spec.swaps
        ]
        return f"Finds wrong forms and offers the right one{where}: {listing(pairs)}."
    if spec.kind == "required":
        need = "one of" if spec.mode == "any" else "all of"
        return f"Checks that the report contains {need}{where}: {listing(list(spec.phrases))}."
    if spec.kind == "occurrence":
        found = [t for t, _n in spec.tokens] + list(spec.patterns)
        bounds = []
        if spec.minimum is not None:
            bounds.append(f"at least {spec.minimum}")
        if spec.maximum is not None:
            bounds.append(f"at most {spec.maximum}")
        return f"Counts {listing(found)} per {spec.scope}{where}: {' and '.join(bounds)}."
    return f"Finds text matching the pattern {spec.pattern!r}{where}."


def build_rule_class(spec: RuleSpec) -> type[Rule]:
    """A Rule subclass for a validated declaration."""
    class_name = "Declared_" + spec.code
    attrs = {
        "__doc__": _documentation(spec),
        "__module__": __name__,
        "code": spec.code,
        "name": spec.name,
        "severity": spec.severity,
        "fixable": spec.fixable,
        "options": {},
        "origin": spec.origin,
        "spec": spec,
    }
    return _DeclaredMeta(class_name, (DeclarativeRule,), attrs)


def example_document(text: str, name: str = "example.txt") -> Document:
    """A document for an example text, read the way a .txt report is read."""
    from replint.readers import ReadOptions
    from replint.readers.txt import read_txt

    return read_txt(name, text.encode("utf-8"), ReadOptions())


def check_examples(rule: type[Rule]) -> list[str]:
    """Problems with a declared rule's examples (empty when every example behaves)."""
    spec: RuleSpec = rule.spec  # type: ignore[attr-defined]
    problems = []
    for label, texts, want in (("fire", spec.fire, True), ("silent", spec.silent, False)):
        for i, text in enumerate(texts):
            found = list(rule().check(example_document(text), {}))
            own = [f for f in found if f.code == rule.code]
            errors = [f for f in found if f.code != rule.code]
            if errors:
                problems.append(f"examples.{label}[{i}] ({text!r}): {errors[0].message}")
            elif want and not own:
                problems.append(f"examples.{label}[{i}]: expected a finding, got none in {text!r}")
            elif not want and own:
                problems.append(
                    f"examples.{label}[{i}]: expected no finding, got “{own[0].message}” "
                    f"in {text!r}"
                )
    return problems


# ---------------------------------------------------------------------------------
# Loading files
# ---------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    from replint.infra.datafile import load_yaml

    try:
        return load_yaml(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: rule file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: rule files must be UTF-8 text") from None
    except Exception as exc:
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None


def _declarations(data: Any, path: Path) -> list[tuple[str, Any]]:
    if data is None:
        return []
    if isinstance(data, list):
        return [(f"[{i}]", item) for i, item in enumerate(data)]
    if isinstance(data, Mapping) and "rules" in data and "code" not in data:
        extra = set(data) - {"rules"}
        if extra:
            raise ConfigError(
                f"{path}: unknown top-level key {sorted(extra)[0]!r} (allowed: rules)"
            )
        rules = data["rules"]
        if not isinstance(rules, list):
            raise ConfigError(f"{path}: rules: must be a list of rule declarations")
        return [(f"rules[{i}]", item) for i, item in enumerate(rules)]
    if isinstance(data, Mapping):
        return [("", data)]
    raise ConfigError(
        f"{path}: a rule file holds a rule (mapping), a list of rules, or rules: [...]"
    )


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def config_rules(config: Config) -> list[type[Rule]]:
    """The rules declared in the YAML files of config ``rule_paths`` (relative to the
    config file's directory)."""
    if not config.rule_paths:
        return []
    return load_rule_files(
        [p if Path(p).is_absolute() else config.root / p for p in config.rule_paths]
    )


def load_rule_files(
    paths: Iterable[str | Path], *, check: bool = True, trusted: bool = False
) -> list[type[Rule]]:
    """Rule classes declared in YAML files (a directory means its *.yaml files).

    Raises :class:`~replint.model.errors.ConfigError` naming the file and the key for any
    invalid declaration, and — when ``check`` — for any example that does not behave
    (``fire`` texts must give a finding, ``silent`` texts none). ``trusted`` is for the
    built-in files: their patterns use the standard ``re`` module.
    """
    classes: list[type[Rule]] = []
    seen: dict[str, str] = {}
    for path in _expand(paths):
        data = _read_yaml(path)
        for where, raw in _declarations(data, path):
            try:
                spec = parse_spec(raw, str(path), trusted=trusted)
            except _Invalid as exc:
                key = ".".join(k for k in (where, exc.key) if k)
                raise ConfigError(f"{path}: {key or 'rule'}: {exc}") from None
            label = where or spec.code
            for key, taken in ((spec.code, "code"), (spec.name, "name")):
                if key in seen:
                    raise ConfigError(
                        f"{path}: {label}: rule {taken} {key!r} is already declared in {seen[key]}"
                    )
                seen[key] = str(path)
            rule = build_rule_class(spec)
            if check:
                problems = check_examples(rule)
                if problems:
                    raise ConfigError(f"{path}: {label} ({spec.code}): " + "; ".join(problems))
            classes.append(rule)
    return classes
