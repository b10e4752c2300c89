"""Rules declared in YAML, one module per kind (like Vale): existence, substitution,
required, occurrence, pattern; :mod:`.spec` parses a declaration, :mod:`.scope` gives
the sections for ``within``, :mod:`.build` makes the rule class, :mod:`.load` reads files.

The names below are imported from their module on first use, so loading one rule
file does not import every kind.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "COMMON_KEYS": "replint.declarative.spec",
    "DEFAULT_MESSAGES": "replint.declarative.spec",
    "DEFAULT_TIMEOUT": "replint.declarative.spec",
    "DeclarativeRule": "replint.declarative.base",
    "Hit": "replint.declarative.hits",
    "KINDS": "replint.declarative.spec",
    "KIND_KEYS": "replint.declarative.spec",
    "PLACEHOLDERS": "replint.declarative.spec",
    "RuleSpec": "replint.declarative.spec",
    "Section": "replint.declarative.scope",
    "Swap": "replint.declarative.spec",
    "_Budget": "replint.declarative.patterns",
    "_DeclaredMeta": "replint.declarative.build",
    "_HEADING_MARK": "replint.declarative.scope",
    "_Invalid": "replint.declarative.spec",
    "_NUMERAL": "replint.declarative.scope",
    "_PLACEHOLDER": "replint.declarative.spec",
    "_Timeout": "replint.declarative.patterns",
    "_auto_description": "replint.declarative.build",
    "_bool": "replint.declarative.spec",
    "_check_existence": "replint.declarative.existence",
    "_check_occurrence": "replint.declarative.occurrence",
    "_check_pattern": "replint.declarative.pattern",
    "_check_required": "replint.declarative.required",
    "_check_substitution": "replint.declarative.substitution",
    "_check_template": "replint.declarative.spec",
    "_choice": "replint.declarative.spec",
    "_compile": "replint.declarative.patterns",
    "_compile_checked": "replint.declarative.spec",
    "_count": "replint.declarative.spec",
    "_declarations": "replint.declarative.load",
    "_documentation": "replint.declarative.build",
    "_expand": "replint.declarative.load",
    "_indent": "replint.declarative.build",
    "_literal_alternation": "replint.declarative.patterns",
    "_profile_sections": "replint.declarative.scope",
    "_read_yaml": "replint.declarative.load",
    "_rebuild": "replint.declarative.build",
    "_reduce_declared": "replint.declarative.build",
    "_str": "replint.declarative.spec",
    "_str_list": "replint.declarative.spec",
    "_swap": "replint.declarative.spec",
    "_swaps": "replint.declarative.spec",
    "_tokens": "replint.declarative.spec",
    "_within": "replint.declarative.spec",
    "build_rule_class": "replint.declarative.build",
    "check_examples": "replint.declarative.build",
    "config_rules": "replint.declarative.load",
    "example_document": "replint.declarative.build",
    "is_word": "replint.text.words",
    "load_rule_files": "replint.declarative.load",
    "parse_spec": "replint.declarative.spec",
    "render": "replint.declarative.hits",
    "sections": "replint.declarative.scope",
    "word_boundaries": "replint.text.words",
    "word_tags": "replint.text.words",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'replint.declarative' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "COMMON_KEYS",
    "DEFAULT_MESSAGES",
    "DEFAULT_TIMEOUT",
    "KINDS",
    "KIND_KEYS",
    "PLACEHOLDERS",
    "DeclarativeRule",
    "Hit",
    "RuleSpec",
    "Section",
    "Swap",
    "build_rule_class",
    "check_examples",
    "config_rules",
    "example_document",
    "is_word",
    "load_rule_files",
    "parse_spec",
    "render",
    "sections",
    "word_boundaries",
    "word_tags",
]
