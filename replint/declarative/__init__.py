"""Rules declared in YAML, one module per kind (like Vale): existence, substitution,
required, occurrence, pattern; :mod:`.spec` parses a declaration, :mod:`.scope` gives
the sections for ``within``, :mod:`.build` makes the rule class, :mod:`.load` reads files.
"""

from __future__ import annotations

from replint.declarative.base import (  # noqa: F401
    _CHECKS,
    DeclarativeRule,
)
from replint.declarative.build import (  # noqa: F401
    _auto_description,
    _DeclaredMeta,
    _documentation,
    _indent,
    _rebuild,
    _reduce_declared,
    build_rule_class,
    check_examples,
    example_document,
)
from replint.declarative.existence import (  # noqa: F401
    _check_existence,
)
from replint.declarative.hits import (
    Hit,
    render,
)
from replint.declarative.load import (  # noqa: F401
    _declarations,
    _expand,
    _read_yaml,
    config_rules,
    load_rule_files,
)
from replint.declarative.occurrence import (  # noqa: F401
    _check_occurrence,
)
from replint.declarative.pattern import (  # noqa: F401
    _check_pattern,
)
from replint.declarative.patterns import (  # noqa: F401
    _Budget,
    _compile,
    _literal_alternation,
    _Timeout,
)
from replint.declarative.required import (  # noqa: F401
    _check_required,
)
from replint.declarative.scope import (  # noqa: F401
    _HEADING_MARK,
    _NUMERAL,
    Section,
    _profile_sections,
    heading_level,
    heading_text,
    sections,
)
from replint.declarative.spec import (  # noqa: F401
    _PLACEHOLDER,
    COMMON_KEYS,
    DEFAULT_MESSAGES,
    DEFAULT_TIMEOUT,
    KIND_KEYS,
    KINDS,
    PLACEHOLDERS,
    RuleSpec,
    Swap,
    _bool,
    _check_template,
    _choice,
    _compile_checked,
    _count,
    _Invalid,
    _str,
    _str_list,
    _swap,
    _swaps,
    _tokens,
    _within,
    parse_spec,
)
from replint.declarative.substitution import (  # noqa: F401
    _check_substitution,
)
from replint.text.words import (
    is_word,
    word_boundaries,
    word_tags,
)

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
    "heading_level",
    "heading_text",
    "is_word",
    "load_rule_files",
    "parse_spec",
    "render",
    "sections",
    "word_boundaries",
    "word_tags",
]
