"""YAML rules of trusted files (the built-in ones), registered before they are parsed.

Registering a rule needs its code, name and severity; checking needs the validated
declaration (:class:`~replint.declarative.spec.RuleSpec`) and the machinery of its
kind. A rule from :func:`declared_on_first_use` holds the raw declaration (plain data
from the YAML file, itself cached) and builds the real rule class, with
:func:`~replint.declarative.build.build_rule_class`, the first time it checks a
document or is asked for its ``spec``, ``fixable`` or documentation. A run that does
not select it (``--select T``) never imports the declarative machinery.

Users' rule files (config ``rule_paths``) are not loaded this way: their mistakes must
be configuration errors before any file is linted.
"""

from __future__ import annotations

import copyreg
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, cast

from replint.model.document import Document
from replint.model.findings import Finding, Severity
from replint.rule import Rule


class _LazyMeta(type):
    """Metaclass of the rules built on first use, so they can be pickled (rebuilt
    from their declaration in a worker process)."""


def _reduce(cls: type) -> tuple[Any, ...]:
    return (_rebuild, (cls.declaration, cls.source, cls.origin))  # type: ignore[attr-defined]


def _rebuild(declaration: Mapping[str, Any], source: str, origin: str) -> type[Rule]:
    return declared_on_first_use(declaration, source, origin)


copyreg.pickle(_LazyMeta, _reduce)


class _FromBuilt:
    """A class attribute read from the built rule class (built on first access)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type[DeclaredOnFirstUse]) -> Any:
        return getattr(owner.built(), self.name)


class DeclaredOnFirstUse(Rule):
    """Base of a YAML rule that is validated and built the first time it is used."""

    declaration: ClassVar[Mapping[str, Any]]
    source: ClassVar[str]
    _built: ClassVar[type[Rule]]  # set on each class when it is first used
    spec = _FromBuilt("spec")
    fixable = _FromBuilt("fixable")  # type: ignore[assignment]

    @classmethod
    def built(cls) -> type[Rule]:
        """The rule class built from the declaration (once)."""
        built = cls.__dict__.get("_built")
        if built is None:
            from replint.declarative.build import build_rule_class
            from replint.declarative.spec import parse_spec

            spec = parse_spec(cls.declaration, cls.source, trusted=True)
            built = build_rule_class(spec)
            built.origin = cls.origin
            if (spec.code, spec.name, spec.severity) != (cls.code, cls.name, cls.severity):
                raise RuntimeError(f"{cls.source}: the rule changed while it was registered")
            cls._built = built
        return cast(type[Rule], built)

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterable[Finding]:
        return self.built()().check(doc, options)


def declared_on_first_use(
    declaration: Mapping[str, Any], source: str, origin: str = ""
) -> type[Rule]:
    """A rule class for one trusted declaration, parsed when first used.

    Only the registration keys are read now; the declaration must be valid (the
    built-in files are checked by the tests, examples included).
    """
    code = str(declaration["code"])
    attrs = {
        # in each class's own namespace: a class made without one gets __doc__ = None
        "__doc__": _FromBuilt("__doc__"),
        "__module__": __name__,
        "code": code,
        "name": str(declaration["name"]),
        "severity": Severity.parse(str(declaration.get("severity", "warning"))),
        "options": {},
        "origin": origin,
        "declaration": declaration,
        "source": source,
    }
    return cast(type[Rule], _LazyMeta("Declared_" + code, (DeclaredOnFirstUse,), attrs))
