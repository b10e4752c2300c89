"""Markdown lists as written: the numbers and nesting in the source, per heading.

The Markdown reader keeps an item's text, not its marker: Markdown renumbers ordered
lists when it renders them, so only the source says that a list was typed ``1.`` ``4.``
``6.``, that it starts at ``3.``, or that a bullet was typed ``=``. This module reads
the source lines of a Markdown document (code fences skipped) and returns each level
of each list as a :class:`ListRun` under the heading it sits in.

Nesting follows the indentation, as CommonMark does: an item indented past its
neighbour's marker is a sub-item; a paragraph at the list's margin interrupts it. A
heading, a thematic break (``---``) or a table closes every open list.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from replint.infra.regexes import lazy_re
from replint.model.analysis import ListItem, ListRun

if TYPE_CHECKING:
    from replint.analysis.classify import _Classifier
    from replint.model.analysis import Heading
    from replint.model.document import Document

_FENCE = lazy_re(r"^\s*(`{3,}|~{3,})")
_HEADING = lazy_re(r"^\s{0,3}#{1,6}(?:\s|$)")
_BREAK = lazy_re(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+\s*)$")
_TABLE = lazy_re(r"^\s*\|")
_ORDERED = lazy_re(r"^(?P<ind>[ \t]*)(?P<n>[0-9]{1,2})(?P<d>[.)])(?:[ \t]+(?P<t>\S.*))?$")
_BULLET = lazy_re(r"^(?P<ind>[ \t]*)(?P<m>[-*+])[ \t]+(?P<t>\S.*)$")
# A bullet mistyped with another key: "= 完成…" among "- " items.
_MISTYPED = lazy_re(r"^(?P<ind>[ \t]*)(?P<m>[=])[ \t]+(?P<t>[^=\s].*)$")
_BOLD_ONLY = lazy_re(r"^(?:\*\*|__)(?P<t>[^*_]{1,24}?)[：:]?(?:\*\*|__)[：:]?\s*$")


def _indent(spaces: str) -> int:
    return len(spaces.expandtabs(4))


class _Level:
    """One open list while the lines are read (a private, mutable working record)."""

    __slots__ = (
        "breaks",
        "depth",
        "heading",
        "indent",
        "interrupted",
        "items",
        "ordered",
        "parent",
    )

    def __init__(
        self, indent: int, ordered: bool, heading: int | None, depth: int, parent: int | None = None
    ) -> None:
        self.indent = indent
        self.ordered = ordered
        self.heading = heading
        self.depth = depth
        self.parent = parent
        self.items: list[ListItem] = []
        self.breaks: set[int] = set()
        self.interrupted = False


class _Builder:
    def __init__(self, heading_lines: list[int], classifier: _Classifier) -> None:
        self.heading_lines = heading_lines
        self.classifier = classifier
        self.stack: list[_Level] = []
        self.runs: list[ListRun] = []
        self.suspended: list[_Level] = []

    def heading_at(self, line: int) -> int | None:
        k = bisect.bisect_right(self.heading_lines, line) - 1
        return k if k >= 0 else None

    def emit(self, level: _Level) -> None:
        if level.items:
            self.runs.append(
                ListRun(
                    tuple(level.items),
                    level.depth,
                    level.heading,
                    frozenset(level.breaks),
                    level.parent,
                )
            )

    def close(self, keep: int = 0) -> None:
        while len(self.stack) > keep:
            self.emit(self.stack.pop())
        if keep == 0:
            for level in self.suspended:
                self.emit(level)
            self.suspended = []

    def resume(self, indent: int, number: int | None) -> _Level | None:
        """An ordered list set aside by a bullet list or a paragraph at its margin goes
        on when the next item is not a ``1.``; a ``1.`` starts a new list."""
        for k, level in enumerate(self.suspended):
            if abs(level.indent - indent) <= 1 and level.depth == len(self.stack):
                del self.suspended[k]
                if number == 1:
                    self.emit(level)
                    return None
                level.breaks.add(len(level.items) - 1)
                level.interrupted = False
                return level
        return None

    def item(self, line: int, indent: int, marker: str, number: int | None, text: str) -> None:
        ordered = number is not None
        while self.stack and self.stack[-1].indent > indent + 1:
            self.close(len(self.stack) - 1)
        top = self.stack[-1] if self.stack else None
        if top is not None and abs(top.indent - indent) <= 1:
            mistyped = not ordered and marker not in "-*+"
            if top.ordered != ordered and not mistyped:
                self.stack.pop()
                if top.ordered:
                    top.interrupted = True
                    self.suspended.append(top)  # a bullet list inside an ordered one
                else:
                    self.emit(top)
            elif top.interrupted and ordered and number == 1:
                self.close(len(self.stack) - 1)  # a new list after a paragraph
            else:
                if top.interrupted:
                    top.breaks.add(len(top.items) - 1)
                top.interrupted = False
        top = self.stack[-1] if self.stack else None
        if top is None or abs(top.indent - indent) > 1:
            resumed = self.resume(indent, number) if ordered else None
            if resumed is not None:
                top = resumed
            else:
                outer = self.stack[-1] if self.stack else None
                parent = outer.items[-1].line if outer is not None and outer.items else None
                top = _Level(indent, ordered, self.heading_at(line), len(self.stack), parent)
            self.stack.append(top)
        bold = _BOLD_ONLY.match(text)
        part: frozenset[str] = frozenset()
        if bold and ordered:
            part = self.classifier.classify(bold.group("t"), strict=True).kinds
        top.items.append(
            ListItem(
                line=line,
                column=indent + 1,
                marker=marker,
                number=number,
                indent=indent,
                depth=top.depth,
                text=bold.group("t") if bold else text,
                bold=bool(bold),
                part=part,
            )
        )

    def paragraph(self, indent: int) -> None:
        """A paragraph line starts at ``indent`` after a blank line."""
        while self.stack and self.stack[-1].indent >= indent and len(self.stack) > 1:
            self.close(len(self.stack) - 1)
        if self.stack and self.stack[0].indent >= indent:
            self.stack[0].interrupted = True


def find_lists(
    doc: Document, headings: tuple[Heading, ...], classifier: _Classifier
) -> tuple[ListRun, ...]:
    """Every level of every Markdown list in ``doc``, as written in its source."""
    if doc.format != "md" or not doc.lines:
        return ()
    builder = _Builder([h.line for h in headings], classifier)
    fence: str | None = None
    blank_before = True
    for number, raw in enumerate(doc.lines, start=1):
        line = raw.rstrip("\r\n")
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if not line.strip():
            blank_before = True
            continue
        if _TABLE.match(line):
            if _indent(line[: len(line) - len(line.lstrip())]) < 2:
                builder.close()  # a table at the margin; an indented one is an item's
        elif _HEADING.match(line) or _BREAK.match(line):
            builder.close()
        elif o := _ORDERED.match(line):
            builder.item(
                number,
                _indent(o.group("ind")),
                f"1{o.group('d')}",
                int(o.group("n")),
                (o.group("t") or "").strip(),
            )
        elif b := (_BULLET.match(line) or _MISTYPED.match(line)):
            builder.item(number, _indent(b.group("ind")), b.group("m"), None, b.group("t").strip())
        elif blank_before and not line.lstrip().startswith(">"):
            builder.paragraph(_indent(line[: len(line) - len(line.lstrip())]))
        blank_before = False
    builder.close()
    return tuple(sorted(builder.runs, key=lambda r: r.items[0].line))
