"""Hard-wrapped plain text: lines broken mid-sentence at a steady width (text pasted from a
PDF or a fixed-width viewer), joined back into paragraphs.

A report written one paragraph per line has lines of every length. A hard-wrapped one
has many lines of (nearly) the same width, most of them ending mid-sentence, then a
short last line per paragraph. :func:`wrap_width` finds that width, or None;
:func:`join_wrapped` groups the lines: a line that reaches the width and does not end a
sentence continues on the next line. Each paragraph keeps one
:class:`~replint.model.document.Segment` per source line, so every offset in the joined
text maps back to its exact line and column.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

from replint.infra.regexes import lazy_re
from replint.model.document import Paragraph, Segment

# A line ending in one of these ends a sentence or a heading: it is not continued.
_ENDS = set("。！？!?；;：:…」』”’)）】〕>") | {"."}

# A line that opens with a heading number starts a paragraph even after a full line.
_HEADING_START = lazy_re(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十0-9]{1,3}[)）]"
    r"|第[一二三四五六七八九十0-9]{1,3}[章节部分篇]"
    # `1.` / `2、` before a Chinese character: a list item; `2.5亿元` wraps on.
    r"|[0-9]{1,2}[、．.](?=[\u4e00-\u9fff]))"
)

# Lines shorter than this are never taken for wrapped lines (headings, signatures).
_MIN_WIDTH = 24


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width view: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip()
    return not stripped or stripped[-1] in _ENDS


def _mostly_ascii(line: str) -> bool:
    # (encoding drops every non-ASCII character: what is left is the ASCII count)
    return len(line.encode("ascii", "ignore")) > 0.5 * max(1, len(line))


def _slack(width: int, line: str, mostly_ascii: bool | None = None) -> int:
    # A CJK line breaks at any character (one wide character of slack, two when a
    # closing mark may not start a line); English breaks between words.
    if mostly_ascii is None:
        mostly_ascii = _mostly_ascii(line)
    return max(4, width // 4) if mostly_ascii else 4


def wrap_width(lines: Sequence[str]) -> int | None:
    """The width the text was hard-wrapped at, or None when it was not.

    Hard-wrapped: at least 6 lines, and at least 40 % of the non-empty lines, reach
    within a little of one width; at least half of those end mid-sentence.
    """
    body = [line.rstrip() for line in lines if line.strip()]
    if len(body) < 6:
        return None
    widths = [display_width(line) for line in body]
    ascii_lines = [_mostly_ascii(line) for line in body]
    counts = Counter(w for w in widths if w >= _MIN_WIDTH)
    if not counts:
        return None
    # The most common width among the widest lines (PDF text wraps at its column width;
    # a few lines may run a character over).
    best: tuple[int, int] | None = None
    for width in sorted(counts, reverse=True)[:40]:
        full = [
            line
            for line, w, mostly in zip(body, widths, ascii_lines, strict=True)
            if width - _slack(width, line, mostly) <= w <= width + 2
        ]
        if best is None or len(full) > best[1]:
            best = (width, len(full))
    assert best is not None
    width, n_full = best
    if n_full < 6 or n_full < 0.4 * len(body):
        return None
    full_lines = [
        line
        for line, w, mostly in zip(body, widths, ascii_lines, strict=True)
        if width - _slack(width, line, mostly) <= w <= width + 2
    ]
    open_ended = sum(1 for line in full_lines if not _ends_sentence(line))
    if open_ended < 0.5 * len(full_lines):
        return None
    return width


def _continues(line: str, width: int) -> bool:
    stripped = line.rstrip()
    return display_width(stripped) >= width - _slack(width, stripped) and not _ends_sentence(
        stripped
    )


def join_wrapped(lines: Sequence[str], width: int, skip: Callable[[str], bool]) -> list[Paragraph]:
    """Paragraphs of hard-wrapped ``lines`` (1-based line numbers, exact columns).

    ``skip`` says which lines are not text (blank lines, directives): they end a
    paragraph. English words broken across lines are joined with a space (kept as a
    character that maps to the end of the earlier line); CJK text is joined directly.
    """
    paragraphs: list[Paragraph] = []
    text = ""
    segments: list[Segment] = []
    open_line = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or skip(line):
            if segments:
                paragraphs.append(Paragraph(len(paragraphs), text, tuple(segments)))
            text, segments, open_line = "", [], False
            continue
        if open_line and segments and not _HEADING_START.match(line):
            lead = len(line) - len(line.lstrip(" \t\u3000"))
            piece = line[lead:].rstrip()
            text = text.rstrip()
            if text and piece and text[-1].isascii() and text[-1].isalnum() and piece[0].isascii():
                text += " "
            segments.append(Segment(len(text), number, lead + 1))
            text += piece
        else:
            if segments:
                paragraphs.append(Paragraph(len(paragraphs), text, tuple(segments)))
            text, segments = line, [Segment(0, number, 1)]
        open_line = _continues(line, width)
    if segments:
        paragraphs.append(Paragraph(len(paragraphs), text, tuple(segments)))
    return paragraphs
