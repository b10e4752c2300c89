"""THE door for rule authors (and for the built-in rules in ``rules/``).

Everything a rule needs is importable from here; the modules behind it may move.
Values and the rule base are imported eagerly (they are light). Helpers with a cost
(similarity joins, the on-disk cache, declarative rule files, word tags) are imported
on first use, so ``from replint.plugin import shingles`` inside a function stays lazy.

    from replint.plugin import Document, Finding, Rule, Severity, hookimpl
"""

from __future__ import annotations

import importlib
from typing import Any

from replint.infra import hookimpl, regexes
from replint.infra.regexes import lazy_re
from replint.model.analysis import (
    KIND_NAMES,
    NEXT_STEPS,
    OTHER,
    PREAMBLE,
    PROBLEMS,
    SIGNING,
    STANDARD_KINDS,
    TITLE,
    WORK_DONE,
    Analysis,
    Heading,
    ListItem,
    ListRun,
    Period,
    Profile,
    Section,
    SectionSpec,
    Signing,
    Unit,
)
from replint.model.document import Document, FrozenMap, Paragraph, Segment
from replint.model.findings import Edit, Finding, Fix, Severity
from replint.rule import CODE_PATTERN, FAMILIES, NAME_PATTERN, OptionRanges, ParagraphRule, Rule
from replint.text import zh
from replint.text.cjk import CJK_RUN, HANZI_LIKE, cjk_ratio, has_cjk, is_cjk
from replint.text.numerals import cn_to_int, int_to_cn

#: name -> module, for the helpers imported on first use.
_LAZY = {
    # similarity and the cross-report join
    "brute_force_pairs": "replint.text.similarity",
    "jaccard": "replint.text.similarity",
    "normalize_with_offsets": "replint.text.similarity",
    "repeats": "replint.text.similarity",
    "gc_paused": "replint.text.similarity",
    "normalize": "replint.text.similarity",
    "per_document": "replint.text.similarity",
    "made_for": "replint.text.similarity",
    "shingles": "replint.text.similarity",
    "weight": "replint.text.similarity",
    "similarity": "replint.text.similarity",
    "simjoin": "replint.text.simjoin",
    "ArchiveIndex": "replint.text.simjoin",
    "ShingleTable": "replint.text.simjoin",
    "Vocabulary": "replint.text.simjoin",
    "self_join": "replint.text.simjoin",
    "pairs_within": "replint.text.simjoin",
    "table_pairs_within": "replint.text.simjoin",
    # words (one word-boundary API)
    "is_word": "replint.text.words",
    "word_boundaries": "replint.text.words",
    "word_ends": "replint.text.words",
    "word_tags": "replint.text.words",
    "cache_dir": "replint.text.words",
    "jieba_dictionary": "replint.text.words",
    "words": "replint.text.words",
    # the timeline (dates and the report period)
    "Mention": "replint.model.timeline",
    "Timeline": "replint.model.timeline",
    "with_year": "replint.analysis.timeline",
    "met_deadline": "replint.analysis.timeline",
    "BIWEEKLY_WORDS": "replint.analysis.timeline",
    "garbled_years": "replint.text.dates_text",
    # infrastructure
    "Cache": "replint.infra.cache",
    "load_yaml": "replint.infra.datafile",
    # declarative rule files
    "load_rule_files": "replint.declarative.load",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'replint.plugin' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    value = loaded if module.rsplit(".", 1)[1] == name else getattr(loaded, name)
    globals()[name] = value
    return value


__all__ = [
    "CJK_RUN",
    "CODE_PATTERN",
    "FAMILIES",
    "HANZI_LIKE",
    "KIND_NAMES",
    "NAME_PATTERN",
    "NEXT_STEPS",
    "OTHER",
    "PREAMBLE",
    "PROBLEMS",
    "SIGNING",
    "STANDARD_KINDS",
    "TITLE",
    "WORK_DONE",
    "Analysis",
    "Document",
    "Edit",
    "Finding",
    "Fix",
    "FrozenMap",
    "Heading",
    "ListItem",
    "ListRun",
    "OptionRanges",
    "Paragraph",
    "ParagraphRule",
    "Period",
    "Profile",
    "Rule",
    "Section",
    "SectionSpec",
    "Segment",
    "Severity",
    "Signing",
    "Unit",
    "cjk_ratio",
    "cn_to_int",
    "has_cjk",
    "hookimpl",
    "int_to_cn",
    "is_cjk",
    "lazy_re",
    "regexes",
    "zh",
    *_LAZY,
]
