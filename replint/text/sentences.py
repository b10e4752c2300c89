"""Sentences, clauses and bracketed spans."""

from __future__ import annotations

import re

from replint.infra import regexes
from replint.infra.regexes import lazy_re

_SENTENCE_END = lazy_re(r"[。！？!?]+[”’」』）)]*|(?<=[A-Za-z0-9)])\.(?=\s|$)[”’\"')]*")


CLAUSE_BREAK = lazy_re(r"[，,；;。！？!?：:\n]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; the end includes its closing mark and quotes."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clause_around(text: str, offset: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, sentence marks) that holds ``offset``."""
    start = 0
    for m in CLAUSE_BREAK.finditer(text, 0, offset):
        start = m.end()
    after = CLAUSE_BREAK.search(text, offset)
    return start, (after.start() if after else len(text))


def bracket_spans(text: str, open_: str = "《", close: str = "》") -> list[tuple[int, int]]:
    """Spans (including the marks) of every ``open_…close`` pair; nesting is flattened."""
    if open_ not in text:
        return []
    spans = []
    depth = 0
    start = 0
    marks = regexes.compile(f"[{re.escape(open_)}{re.escape(close)}]")
    for m in marks.finditer(text):
        i = m.start()
        if m.group() == open_:
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
