"""replint positions (1-based line, column in code points) to LSP positions and back.

LSP counts a line's characters in UTF-16 code units unless the client and server
agreed on another encoding (``utf-8``, ``utf-32``) at initialize. A CJK character is
one unit in UTF-16 (it is in the Basic Multilingual Plane); an emoji or a CJK
Extension B character (astral plane) is two. Lines end at LF, CRLF or CR, as the
protocol and replint's readers both say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their breaks (LF, CRLF, CR); always at least one."""
    lines: list[str] = []
    start = i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" or ch == "\r":
            lines.append(text[start:i])
            i += 2 if ch == "\r" and i + 1 < n and text[i + 1] == "\n" else 1
            start = i
        else:
            i += 1
    lines.append(text[start:])
    return lines


def units(text: str, encoding: str = "utf-16") -> int:
    """How many code units ``text`` is in the negotiated position encoding."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def code_points(line: str, count: int, encoding: str = "utf-16") -> int:
    """The code-point offset in ``line`` that is ``count`` code units from its start."""
    if encoding == "utf-32":
        return min(count, len(line))
    seen = 0
    for i, ch in enumerate(line):
        if seen >= count:
            return i
        if encoding == "utf-8":
            seen += len(ch.encode("utf-8", "surrogatepass"))
        else:
            seen += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


@dataclass(frozen=True)
class Pos:
    """A 0-based LSP position."""

    line: int
    character: int


class Converter:
    """Converts positions for one text (its lines) in one encoding."""

    def __init__(self, lines: Sequence[str], encoding: str = "utf-16") -> None:
        self.lines = lines if lines else [""]
        self.encoding = encoding

    def to_lsp(self, line: int, column: int) -> Pos:
        """replint's 1-based (line, column) to a 0-based LSP position, clamped to the text."""
        index = min(max(line, 1), len(self.lines)) - 1
        text = self.lines[index]
        if line > len(self.lines):  # past the end: the end of the last line
            return Pos(index, units(text, self.encoding))
        offset = min(max(column - 1, 0), len(text))
        return Pos(index, units(text[:offset], self.encoding))

    def from_lsp(self, line: int, character: int) -> tuple[int, int]:
        """A 0-based LSP position to replint's 1-based (line, column)."""
        index = min(max(line, 0), len(self.lines) - 1)
        return index + 1, code_points(self.lines[index], character, self.encoding) + 1

    def line_end(self, line: int) -> Pos:
        """The end of 1-based ``line``."""
        index = min(max(line, 1), len(self.lines)) - 1
        return Pos(index, units(self.lines[index], self.encoding))
