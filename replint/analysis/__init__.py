"""analyse(document) -> Analysis, computed once per document by the runner.

The stages live in one module each: :mod:`.profiles` (report templates and choosing
one), :mod:`.classify` (section keys from words), :mod:`.headings` (THE heading
recogniser), :mod:`.sections`, :mod:`.period` (period and signing date) and
:mod:`.describe` (``--verbose``). The values are in :mod:`replint.model.analysis`.

This package also keeps the old ``replint.analysis`` names importable (one release).
"""

from __future__ import annotations

from dataclasses import replace

from replint.analysis.build import analyse
from replint.analysis.classify import (  # noqa: F401
    _CLASSIFIER_MEMO,
    _CLAUSE_SPLIT,
    _EN_CLAUSE_SPLIT,
    _LEADING_YEAR,
    _NO_MATCH,
    _OPENER_LEAD,
    _SAFE_AFTER,
    _SAFE_NEXT_WORDS,
    _Classifier,
    _classifier_for,
    _drop_overlaps,
    _Match,
)

# Imported eagerly: a function named like its submodule cannot be loaded lazily, since
# the first import of replint.analysis.describe rebinds the package attribute to it.
from replint.analysis.describe import describe
from replint.analysis.headings import (  # noqa: F401
    _COLON_EN,
    _COLON_ZH,
    _L1,
    _L1_NOT,
    _L2,
    _L3,
    _L4,
    _L5,
    _LEAD,
    _ORDINAL_FIRST,
    _ORDINAL_START,
    _PART,
    _REPORT_WORDS,
    _RUN_IN_END,
    _build_tree,
    _find_headings,
    _find_title,
    _heading_extent,
    _Ordinal,
    _ordinal,
)
from replint.analysis.period import (  # noqa: F401
    _COMPARISON_BEFORE,
    _EN_HALF,
    _EN_QUARTER,
    _FILE_YEAR,
    _FUTURE_CONTEXT,
    _HALF,
    _MONTH,
    _QUARTER,
    _WEEK,
    _WEEKDAY_TAIL,
    _find_period,
    _find_signing,
    _first_sentence_period,
    _period_from_signing,
    _period_from_text,
    _replace_period,
    _week_from,
    parse_period,
)
from replint.analysis.profiles import (  # noqa: F401
    _PROFILE_KEYS,
    _PROFILE_MEMO,
    _SECTION_KEYS,
    _WEEKLY_FILE,
    _WEEKLY_HEAD,
    _WEEKLY_TITLE,
    _available_profiles,
    _build_profile,
    _builtin_cached,
    _choose_profile,
    _profile_for,
    _str_tuple,
    build_profile,
    builtin_profiles,
    profile_problems,
)
from replint.analysis.sections import (  # noqa: F401
    _find_sections,
    _opener_sections,
    _parts,
    _section_end,
)
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
    Period,
    Profile,
    ProfileError,
    Section,
    SectionSpec,
    Signing,
)
from replint.model.document import Document


def attach(document: Document) -> Document:
    """``document`` with the analyser attached: :attr:`Document.analysis` then computes
    the analysis once, on first use (rules that never ask do not pay for it)."""
    if document.analyser is analyse:
        return document
    return replace(document, analyser=analyse)


__all__ = [
    "KIND_NAMES",
    "NEXT_STEPS",
    "OTHER",
    "PREAMBLE",
    "PROBLEMS",
    "SIGNING",
    "STANDARD_KINDS",
    "TITLE",
    "WORK_DONE",
    "Analysis",
    "Heading",
    "Period",
    "Profile",
    "ProfileError",
    "Section",
    "SectionSpec",
    "Signing",
    "analyse",
    "attach",
    "build_profile",
    "builtin_profiles",
    "describe",
    "parse_period",
    "profile_problems",
]
