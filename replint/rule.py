"""The rule base class.

A rule is a small class: ``code``, ``name``, default ``severity``, ``fixable``, option
defaults, and a docstring in the shape "What it does / Why is this bad? / Example /
Use instead" that ``replint explain`` prints. ``check`` yields findings for one
document; corpus rules also implement ``check_corpus`` over all documents of a run.
Rules hold no state: the engine makes one instance and passes options on every call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from replint.infra import regexes
from replint.model.document import Document, Paragraph
from replint.model.findings import Finding, Fix, Severity

CODE_PATTERN = regexes.lazy_re(r"^[A-Z][0-9]{3}$")
NAME_PATTERN = regexes.lazy_re(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
FAMILIES = {
    "S": "structure",
    "P": "placeholders and leftovers",
    "D": "dates and years",
    "R": "repetition",
    "T": "typography and punctuation",
    "W": "wording",
    "E": "the file could not be read",
    "M": "replint itself: unused suppressions, stale baseline entries",
}


#: Inclusive (low, high) bounds per numeric option; None leaves a side open.
OptionRanges = Mapping[str, tuple[float | None, float | None]]


class Rule:
    """Base class of every rule (built-in, plugin or declared in YAML)."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    fixable: ClassVar[bool] = False
    #: Option defaults; the engine validates user options against these. The default
    #: is the schema: a value must have the default's type, a list holds items of the
    #: type of the default's items (strings when the default is empty), and a mapping
    #: may only use the default's keys, with values of their types.
    options: Mapping[str, Any] = {}
    #: Inclusive (low, high) bounds of numeric options; None leaves a side open.
    option_ranges: ClassVar[OptionRanges] = {}
    #: Corpus rules see all documents of a run at once through ``check_corpus``.
    corpus: ClassVar[bool] = False
    #: Opt-in rules run only when a selector (``--select``/``--extend-select``, config
    #: ``select``/``extend-select``) names them, their family or a prefix; a run with
    #: the default selection leaves them out (they cost more than the start-up budget).
    opt_in: ClassVar[bool] = False
    #: Where the rule came from (set by the plugin manager; shown by ``replint rules``).
    origin: ClassVar[str] = ""

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Finding]:
        return ()

    def check_corpus(
        self,
        docs: Sequence[Document],
        options: Mapping[str, Any],
        references: Sequence[Document] = (),
    ) -> Iterable[Finding]:
        """Findings across documents; ``references`` are compared against, never reported."""
        return ()

    # -- documentation -----------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first sentence of "What it does"."""
        doc = cls.documentation()
        body = doc.split("## What it does", 1)[-1].strip()
        first = body.split("\n\n", 1)[0].replace("\n", " ").strip()
        return first.split("## ", 1)[0].strip()

    # -- building findings -------------------------------------------------------
    def finding(
        self,
        doc: Document,
        paragraph: Paragraph,
        start: int,
        end: int,
        message: str,
        *,
        replacement: str | None = None,
        safe: bool = True,
        severity: Severity | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding over ``paragraph.text[start:end]``.

        With ``replacement`` the finding carries a fix that replaces the span (an
        empty string deletes it). Fixes are only offered for formats ``--fix`` can
        rewrite.
        """
        line, column = paragraph.position(start)
        end_line, end_column = paragraph.position(end)
        if fix is None and replacement is not None:
            fix = Fix((paragraph.edit(start, end, replacement),), safe=safe)
        if fix is not None and doc.source is None and doc.format != "docx":
            fix = None  # .docx fixes are kept: `replint annotate` writes them as tracked changes
        if paragraph.location and "(" + paragraph.location not in message:
            message = f"{message} ({paragraph.location})"
        return Finding.at(
            doc.path,
            line,
            column,
            self,
            message,
            end=(end_line, end_column),
            severity=severity,
            fix=fix,
            matched=paragraph.text[start:end],
        )

    def document_finding(
        self, doc: Document, message: str, *, line: int = 1, column: int = 1, matched: str = ""
    ) -> Finding:
        """A finding about the whole document, pointed at ``line`` (default: the top)."""
        return Finding.at(doc.path, line, column, self, message, matched=matched or message)


class ParagraphRule(Rule):
    """A rule that looks at one paragraph at a time: implement :meth:`check_paragraph`
    instead of writing the loop over ``doc.paragraphs`` in ``check``."""

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Finding]:
        for paragraph in doc.paragraphs:
            yield from self.check_paragraph(doc, paragraph, options)

    def check_paragraph(
        self, doc: Document, paragraph: Paragraph, options: Mapping[str, Any]
    ) -> Iterable[Finding]:
        raise NotImplementedError(f"{type(self).__name__}.check_paragraph")


def validate_rule_class(rule: type[Rule], origin: str) -> list[str]:
    """Problems with a rule class's declaration (empty when it is fine)."""
    problems = []
    if not CODE_PATTERN.match(rule.code or ""):
        problems.append(f"{origin}: rule code {rule.code!r} must be a letter and three digits")
    elif rule.code[0] not in FAMILIES:
        problems.append(f"{origin}: rule code {rule.code!r} is not in a known family")
    if not NAME_PATTERN.match(rule.name or ""):
        problems.append(f"{origin}: rule name {rule.name!r} must be kebab-case")
    if not isinstance(rule.severity, Severity):
        problems.append(f"{origin}: rule {rule.code} severity must be a Severity")
    for key in rule.option_ranges:
        default = rule.options.get(key)
        if isinstance(default, bool) or not isinstance(default, (int, float)):
            problems.append(
                f"{origin}: rule {rule.code} has a range for {key!r}, which is not a number option"
            )
    return problems


def resolve_options(rule: type[Rule], given: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Rule defaults overlaid with user options; unknown keys, wrong types and values
    out of range raise ValueError naming the option and what it allows."""
    from types import MappingProxyType

    merged = dict(rule.options)
    for key, value in (given or {}).items():
        if key not in rule.options:
            allowed = ", ".join(sorted(rule.options)) or "none"
            raise ValueError(f"unknown option {key!r} for {rule.code} (allowed: {allowed})")
        problem = _value_problem(rule.options[key], value, rule.option_ranges.get(key))
        if problem:
            raise ValueError(f"option {key!r} for {rule.code} {problem}")
        merged[key] = value
    return MappingProxyType(merged)


def _value_problem(
    default: Any, value: Any, bounds: tuple[float | None, float | None] | None = None
) -> str:
    """Why ``value`` cannot stand in for ``default`` ("" when it can)."""
    if not _same_kind(default, value):
        return f"must be {_kind_name(default)}, not {_type_name(value)}"
    if bounds is not None and isinstance(value, (int, float)):
        low, high = bounds
        if (low is not None and value < low) or (high is not None and value > high):
            return f"must be {_range_text(low, high)}, not {value!r}"
    if isinstance(default, (list, tuple)):
        item_default = default[0] if default else ""
        for i, item in enumerate(value):
            problem = _value_problem(item_default, item)
            if problem:
                return f"item {i + 1} {problem}"
    if isinstance(default, Mapping) and default:
        for key, item in value.items():
            if key not in default:
                allowed = ", ".join(map(str, default))
                return f"has an unknown key {key!r} (allowed: {allowed})"
            problem = _value_problem(default[key], item)
            if problem:
                return f"key {key!r} {problem}"
    return ""


def describe_option(rule: type[Rule], key: str) -> str:
    """``key: default`` plus its allowed range, for ``replint explain``."""
    text = f"{key}: {rule.options[key]!r}"
    bounds = rule.option_ranges.get(key)
    return f"{text}  ({_range_text(*bounds)})" if bounds else text


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    if low is not None:
        return f"at least {low:g}"
    return f"at most {high:g}"


def _same_kind(default: Any, value: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, Mapping):
        return isinstance(value, Mapping)
    return isinstance(value, type(default))


def _kind_name(default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int):
        return "a whole number"
    if isinstance(default, float):
        return "a number"
    if isinstance(default, (list, tuple)):
        return "a list"
    if isinstance(default, Mapping):
        return "a mapping"
    return "a string"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if value is None:
        return "empty (null)"
    return {int: "a whole number", float: "a number", str: "a string"}.get(
        type(value), type(value).__name__
    )
