"""Compiling declared patterns (``regex`` with a time budget for user patterns)."""

from __future__ import annotations

import re
import time
from functools import cache
from typing import TYPE_CHECKING, Any

from replint.infra import regexes
from replint.model.document import Paragraph

if TYPE_CHECKING:
    pass


@cache
def _compile(pattern: str, ignore_case: bool, trusted: bool) -> Any:
    if trusted:
        return regexes.compile(pattern, re.IGNORECASE if ignore_case else 0)
    import regex

    return regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)


@cache
def _literal_alternation(tokens: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    # Literal tokens are ours to escape, so the standard module is safe (no timeout needed).
    ordered = sorted(set(tokens), key=lambda t: (-len(t), t))
    return regexes.lazy_re(
        "|".join(re.escape(t) for t in ordered), re.IGNORECASE if ignore_case else 0
    )


class _Budget:
    """The time a rule may spend in user patterns on one document."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def left(self) -> float:
        return max(0.001, self.deadline - time.monotonic())


class _Timeout(Exception):
    def __init__(self, pattern: str, paragraph: Paragraph) -> None:
        super().__init__(pattern)
        self.pattern = pattern
        self.paragraph = paragraph
