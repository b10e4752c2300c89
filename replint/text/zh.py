"""Chinese-text helpers: numerals, years and dates with offsets, sentences, lazy jieba.

Everything here keeps character offsets into the text it was given, because findings
must point at exact columns. That is why numerals and dates are read with our own
regexes and converters rather than a library that rewrites the string (cn2an's
``transform`` loses offsets and turns ``一是`` into ``1是``).

Word boundaries and tags are read from a SQLite copy of jieba's dictionary in the
per-user cache (:mod:`replint.text.words`), without importing jieba, which costs
about half a second (deps.md §2), several times the rest of start-up. jieba is
loaded only by :func:`words`, or when no cache directory is usable; its dictionary
cache goes to a per-user directory, never the shared temp directory, and its logger
is silenced.

The helpers live in :mod:`replint.text` (cjk, numerals, dates, sentences, words); this
module re-exports them under the old name ``replint.zh`` for one release.
"""

from __future__ import annotations

from replint.text.cjk import (
    _CJK_RANGES,
    _LATIN_RUN,
    CJK_RUN,
    HANZI_LIKE,
    cjk_ratio,
    has_cjk,
    is_cjk,
)
from replint.text.dates import (
    _CN_SMALL,
    _EN_YEAR_RE,
    _HAS_DASH,
    _HAS_LATIN,
    _MONTH_DAY_RE,
    _MONTH_NAME,
    _MONTHS_EN,
    _RANGE_DASH,
    _RANGE_RE,
    _STYLE_MARK,
    _WEEKDAY_CN,
    _WEEKDAY_EN,
    _YEAR_AR,
    _YEAR_CN,
    DATE_RES,
    STYLE_NAMES,
    WEEKDAY_NAMES_CN,
    WEEKDAY_NAMES_EN,
    WEEKDAY_RE,
    YEAR_RE,
    DateMention,
    YearMention,
    _cn_year_ok,
    _num,
    dates_in,
    days_in_month,
    find_dates,
    find_english_years,
    find_years,
    weekday_number,
)
from replint.text.numerals import (
    _BIG,
    _DIGIT,
    _UNIT,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    cn_to_int,
    int_to_cn,
)
from replint.text.sentences import (
    _SENTENCE_END,
    CLAUSE_BREAK,
    bracket_spans,
    clause_around,
    inside,
    split_sentences,
)
from replint.text.words import (
    _JIEBA_BLOCK,
    _JIEBA_ENG,
    _build_word_db,
    _dictionary_word_ends,
    _tokenizer,
    _word_db,
    cache_dir,
    dictionary_used,
    jieba_loaded,
    word_ends,
    words,
)
from replint.text.words import (
    jieba_dictionary as _jieba_dictionary,
)

__all__ = [
    "CJK_RUN",
    "CLAUSE_BREAK",
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "DATE_RES",
    "HANZI_LIKE",
    "STYLE_NAMES",
    "WEEKDAY_NAMES_CN",
    "WEEKDAY_NAMES_EN",
    "WEEKDAY_RE",
    "YEAR_RE",
    "_BIG",
    "_CJK_RANGES",
    "_CN_SMALL",
    "_DIGIT",
    "_EN_YEAR_RE",
    "_HAS_DASH",
    "_HAS_LATIN",
    "_JIEBA_BLOCK",
    "_JIEBA_ENG",
    "_LATIN_RUN",
    "_MONTHS_EN",
    "_MONTH_DAY_RE",
    "_MONTH_NAME",
    "_RANGE_DASH",
    "_RANGE_RE",
    "_SENTENCE_END",
    "_STYLE_MARK",
    "_UNIT",
    "_WEEKDAY_CN",
    "_WEEKDAY_EN",
    "_YEAR_AR",
    "_YEAR_CN",
    "DateMention",
    "YearMention",
    "_build_word_db",
    "_cn_year_ok",
    "_dictionary_word_ends",
    "_jieba_dictionary",
    "_num",
    "_tokenizer",
    "_word_db",
    "bracket_spans",
    "cache_dir",
    "cjk_ratio",
    "clause_around",
    "cn_to_int",
    "dates_in",
    "days_in_month",
    "dictionary_used",
    "find_dates",
    "find_english_years",
    "find_years",
    "has_cjk",
    "inside",
    "int_to_cn",
    "is_cjk",
    "jieba_loaded",
    "split_sentences",
    "weekday_number",
    "word_ends",
    "words",
]
