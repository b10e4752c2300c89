"""Building rule classes from declarations: documentation, examples, pickling."""

from __future__ import annotations

import copyreg
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from replint.model.document import Document
from replint.rule import Rule

if TYPE_CHECKING:
    pass
from replint.declarative.base import DeclarativeRule
from replint.declarative.spec import RuleSpec


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
    return cast(type[Rule], _DeclaredMeta(class_name, (DeclarativeRule,), attrs))


def example_document(text: str, name: str = "example.txt") -> Document:
    """A document for an example text, read the way a .txt report is read."""
    from replint.analysis import attach
    from replint.readers import ReadOptions
    from replint.readers.txt import read_txt

    return attach(read_txt(name, text.encode("utf-8"), ReadOptions()))


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
