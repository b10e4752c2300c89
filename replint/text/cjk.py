"""CJK characters: is a character Chinese, how Chinese is a text."""

from __future__ import annotations

from replint.infra.regexes import lazy_re

_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


# A run of CJK ideographs. Shared by every module that looks for Chinese text: a class
# this wide costs 1-3 ms to compile each time a pattern spells it out (the compiler
# walks all 28,000 code points), so it is spelled out in as few patterns as possible.
CJK_RUN = lazy_re(f"[{_CJK_RANGES}]+")


# For patterns that need "a Chinese character" in several places: a letter that is not
# an ASCII letter or digit. In Chinese text that is an ideograph (kana, hangul or
# Cyrillic letters next to Chinese words are rare enough not to matter), and as a
# category test it compiles in microseconds.
HANZI_LIKE = r"[^\W\d_A-Za-z]"


_LATIN_RUN = lazy_re(r"[A-Za-z]+")


def has_cjk(text: str) -> bool:
    """Does ``text`` contain a CJK ideograph?"""
    return CJK_RUN.search(text) is not None


def is_cjk(ch: str) -> bool:
    """True when ``ch`` (or its first character) is a CJK ideograph, not CJK punctuation."""
    if not ch:
        return False
    code = ord(ch[0])
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among letters (ideographs plus Latin letters).

    Latin words are counted by letters, so an English report with a few Chinese names
    still comes out near 0 and a Chinese report with English acronyms near 1.
    """
    han = sum(map(len, CJK_RUN.findall(text)))
    # Weigh Latin letters down: one Chinese character carries about a word's meaning.
    latin = sum(map(len, _LATIN_RUN.findall(text))) / 3
    total = han + latin
    return han / total if total else 0.0
