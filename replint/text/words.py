"""Word boundaries for ``match: word`` (jieba, loaded lazily by replint.text.zh)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


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
