"""Markdown list numbering (family S): the numbers and markers written in the source.

Markdown renumbers an ordered list when it renders it, so a list typed all ``1.`` is
fine; but a reviewer reads the source too, and a list typed ``1.`` ``4.`` ``6.``, one
that starts at ``3.``, one that repeats ``3.``, or a next part of the report typed as
the next work item is a slip in the report itself. The lists come from the shared
analysis (``doc.analysis.lists``), one run per level of each list under its heading.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from replint.plugin import KIND_NAMES, Document, Finding, Rule, Severity

if TYPE_CHECKING:
    from replint.plugin import Analysis, ListItem, ListRun


def _part_item(a: Analysis, run: ListRun, item: ListItem) -> frozenset[str]:
    """The report parts a bold-only ordered item names that its own heading does not:
    ``3. **问题与解答**`` as the third item of the work done. Empty when it is not such
    an item."""
    if run.depth != 0 or not item.bold or not item.part or run.heading is None:
        return frozenset()
    heading = a.headings[run.heading]
    if not heading.kinds or item.part & heading.kinds:
        return frozenset()
    siblings = [i for i in run.items if i is not item and i.number is not None]
    if not siblings or any(i.part == item.part for i in siblings):
        return frozenset()
    return item.part


# A list that starts at this number or later, with no two numbers in a row, numbers its
# items by their own identifiers (problem numbers, issue numbers), not by position.
_ID_FROM = 10


def _span(item: ListItem) -> tuple[int, int]:
    width = len(str(item.number)) + 1 if item.number is not None else len(item.marker)
    return item.line, item.column + width


class ListNumbering(Rule):
    """A Markdown ordered list is numbered out of sequence in its source.

    ## What it does
    Reports a Markdown ordered list whose numbers, as typed, skip (`1.` `4.` `6.`),
    start past one (`3.` `4.` `5.` with no `1.` `2.` above it under the same heading),
    repeat (`3.` after `4.`) or start again at `1.` between two items of one list with
    no paragraph between them. One finding per list level: at its first item when the
    whole list is numbered wrong (a late start, skipped numbers), else at the item
    that breaks the sequence. A list typed all `1.` is Markdown's own way and is fine,
    a list that goes on after a paragraph or a picture (`3.` after `1.` `2.` and a
    screenshot) continues its numbers, and a list numbered by its items' own numbers
    (`15. 三数之和`, `42. 接雨水`: from 10 up, no two in a row) is not counted.

    ## Why is this bad?
    The source is what the team reads in the repository and in the review: skipped or
    repeated numbers say items were deleted, pasted or moved without re-reading, and
    readers cite items by their numbers.

    ## Example
        ## 本周工作
        1. 完成登录接口
        4. 修复缺陷三个
        6. 编写测试用例

    ## Use instead
        ## 本周工作
        1. 完成登录接口
        2. 修复缺陷三个
        3. 编写测试用例
    """

    code = "S108"
    name = "list-numbering"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        for run in a.lists:
            items = [i for i in run.items if i.number is not None and not _part_item(a, run, i)]
            if len(items) < 1 or not run.ordered:
                continue
            numbers = [i.number for i in items]
            if all(n == 1 for n in numbers):
                continue
            found = self._judge(doc, run, items)
            if found is not None:
                yield found

    def _judge(self, doc: Document, run: ListRun, items: list[ListItem]) -> Finding | None:
        numbers = [i.number or 0 for i in items]
        typed = " ".join(f"{n}." for n in numbers[:8]) + (" …" if len(numbers) > 8 else "")
        lines = (
            f"lines {items[0].line}-{items[-1].line}" if len(items) > 1 else f"line {items[0].line}"
        )
        first = items[0]
        if numbers[0] >= _ID_FROM and all(b - a != 1 for a, b in pairwise(numbers)):
            return None  # "15. 三数之和", "42. 接雨水": each item's own number, not a count
        if numbers[0] != 1:
            if len(items) == 1 and numbers[0] > 1 and run.depth > 0:
                return None  # a lone sub-item "2." is a quoted number more often than a list
            return self._at(
                doc,
                first,
                f"this list starts at “{numbers[0]}.” ({typed}, {lines}), with no item "
                f"{_absent(1, numbers[0])} before it: number it from 1",
            )
        for k in range(1, len(items)):
            prev, n = numbers[k - 1], numbers[k]
            if n == prev + 1:
                continue
            item = items[k]
            if n == 1:
                return self._at(
                    doc,
                    item,
                    f"numbering starts again at “1.” between items {prev}. and "
                    f"{numbers[k + 1] if k + 1 < len(numbers) else prev + 1}. of one list "
                    f"({typed}, {lines}): make it a sub-item (indent it) or number it "
                    f"{prev + 1}.",
                )
            if n <= prev:
                return self._at(
                    doc,
                    item,
                    f"“{n}.” repeats or goes back after “{prev}.” (line {items[k - 1].line}) "
                    f"in one list ({typed}): number it {prev + 1}.",
                )
        gaps = [str(m) for a, b in pairwise(numbers) for m in range(a + 1, b)]
        if gaps:
            return self._at(
                doc,
                first,
                f"this list is numbered {typed} ({lines}): {'、'.join(gaps[:6])} "
                "skipped; number the items 1, 2, 3 …",
            )
        return None

    def _at(self, doc: Document, item: ListItem, message: str) -> Finding:
        return Finding.at(doc.path, item.line, item.column, self, message, end=_span(item))


def _absent(first: int, upto: int) -> str:
    return "–".join(str(n) for n in dict.fromkeys((first, upto - 1))) if upto > first else ""


class PartAsListItem(Rule):
    """The next part of the report is typed as the next item of a numbered list.

    ## What it does
    Reports an item of a Markdown ordered list that is nothing but a short bold label
    naming another part of the report (`3. **问题与解答**` as the third item under
    `### 本周工作`, after `1. **接口开发**` and `2. **缺陷修复**`). The label is a
    heading of its own part, numbered as if it were one more piece of work.

    ## Why is this bad?
    The problems (or the plans) read as a third piece of work done; a reader skimming
    the numbered work items counts one too many, and the part has no heading of its own.

    ## Example
        ### 本周工作
        1. **完成接口开发**
        2. **修复缺陷**
        3. **存在的问题**
           - 测试环境不稳定

    ## Use instead
        ### 本周工作
        1. **完成接口开发**
        2. **修复缺陷**

        ### 存在的问题
        - 测试环境不稳定
    """

    code = "S109"
    name = "part-as-list-item"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        a = doc.analysis
        for run in a.lists:
            for item in run.items:
                part = _part_item(a, run, item)
                if not part:
                    continue
                heading = a.headings[run.heading]  # type: ignore[index]
                names = "、".join(sorted(KIND_NAMES.get(k, k) for k in part))
                yield Finding.at(
                    doc.path,
                    item.line,
                    item.column,
                    self,
                    f"“{item.number}. {item.text}” names another part ({names}) but is "
                    f"numbered as item {item.number} under “{heading.text}” (line "
                    f"{heading.line}): give it a heading of its own at the level of "
                    f"“{heading.text}”",
                    end=_span(item),
                )


class MistypedBullet(Rule):
    """A bullet of a Markdown list typed with the wrong key.

    ## What it does
    Reports a line that starts with `= ` among the `- ` (or `* `) items of a bullet
    list at the same indentation: the bullet was mistyped, and Markdown shows the
    line as plain text glued to the item above.

    ## Why is this bad?
    The item drops out of the list when the report is rendered, and reads as a
    continuation of the item before it.

    ## Example
        - Fixed the login timeout
        = Added tests for the importer

    ## Use instead
        - Fixed the login timeout
        - Added tests for the importer
    """

    code = "S110"
    name = "mistyped-bullet"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for run in doc.analysis.lists:
            if run.ordered:
                continue
            proper = [i.marker for i in run.items if i.marker in "-*+"]
            if not proper:
                continue
            for item in run.items:
                if item.marker in "-*+":
                    continue
                yield Finding.at(
                    doc.path,
                    item.line,
                    item.column,
                    self,
                    f"“{item.marker}” starts this line among “{proper[0]}” list items: the "
                    f"bullet is mistyped, type “{proper[0]}”",
                    end=_span(item),
                )


def _shape(text: str) -> str:
    """An item's words without its figures: ``完成bug 5个`` and ``完成bug 2个`` match."""
    return "".join(ch for ch in text.lower() if not ch.isdigit() and not ch.isspace())


class ListNesting(Rule):
    """A Markdown list item is nested differently from the same structure elsewhere.

    ## What it does
    Compares the nesting of a Markdown list with the rest of the file and reports an
    item whose indentation was lost or added by mistake:

    - a bold label (`- **What Could Be Improved:**`) followed by items at its own
      level, while the other labels of the list hold their items nested under them;
    - an item nested under its neighbour (`- 完成任务 3个` / `  - 完成缺陷 5个`) where
      the same two items are siblings elsewhere in the file (figures aside).

    ## Why is this bad?
    Rendered, the items land under the wrong label or at the wrong level: the list
    says something other than what the writer meant, and parallel entries (one per
    person, one per week) no longer read alike.

    ## Example
        - **Went well:**
          - Shipped the importer
        - **To improve:**
        - Review pull requests sooner

    ## Use instead
        - **Went well:**
          - Shipped the importer
        - **To improve:**
          - Review pull requests sooner
    """

    code = "S114"
    name = "list-nesting"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        runs = doc.analysis.lists
        parents = {r.parent for r in runs if r.parent is not None}
        yield from self._unnested_after_label(doc, runs, parents)
        yield from self._nested_siblings(doc, runs)

    def _unnested_after_label(
        self, doc: Document, runs: tuple[ListRun, ...], parents: set[int]
    ) -> Iterator[Finding]:
        for run in runs:
            labels = [i for i in run.items if i.bold]
            if len(labels) < 2 or not any(i.line in parents for i in labels):
                continue
            for k, item in enumerate(run.items[:-1]):
                nxt = run.items[k + 1]
                if not item.bold or item.line in parents or nxt.bold:
                    continue
                yield Finding.at(
                    doc.path,
                    nxt.line,
                    nxt.column,
                    self,
                    f"this item stands at the level of the label “{item.text}” (line "
                    f"{item.line}) instead of under it, as the other labels of the list "
                    "hold their items: indent it",
                    end=_span(nxt),
                )

    def _nested_siblings(self, doc: Document, runs: tuple[ListRun, ...]) -> Iterator[Finding]:
        siblings: dict[tuple[str, str], int] = {}
        for run in runs:
            for a, b in pairwise(run.items):
                siblings.setdefault((_shape(a.text), _shape(b.text)), a.line)
        by_line = {i.line: i for r in runs for i in r.items}
        for run in runs:
            parent = by_line.get(run.parent) if run.parent is not None else None
            if parent is None:
                continue
            child = run.items[0]
            seen = siblings.get((_shape(parent.text), _shape(child.text)))
            if seen is None or not _shape(child.text):
                continue
            yield Finding.at(
                doc.path,
                child.line,
                child.column,
                self,
                f"“{child.text[:24]}” is nested under “{parent.text[:24]}” here, but the "
                f"same two items are siblings at line {seen}: indent the list the same "
                "way in both places",
                end=_span(child),
            )


RULES = [ListNumbering, PartAsListItem, MistypedBullet, ListNesting]
