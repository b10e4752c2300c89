"""P112: a UTF-8 byte-order mark left at the start of a text or Markdown report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import Document, Finding, Rule, Severity


class LeadingByteOrderMark(Rule):
    """A UTF-8 byte-order mark (U+FEFF) before the first character of the report.

    ## What it does
    Reports a `.txt` or `.md` report whose bytes start with the UTF-8 byte-order mark
    `EF BB BF`, at line 1, column 1. Windows Notepad and some exporters write it.

    ## Why is this bad?
    It is a leftover: UTF-8 needs no byte-order mark, and many Markdown renderers and
    tools do not expect one. Before `### 姓名` it keeps the first line from being a
    heading, and the report is sent back for its broken first heading; a script that
    compares the first line sees a character nobody can see.

    ## Example
        \\ufeff### 姓名：张三       (the file starts with bytes EF BB BF)

    ## Use instead
        ### 姓名：张三             (save as "UTF-8", not "UTF-8 with BOM")

    A UTF-16 or UTF-32 file keeps its mark: it cannot be read without one. A U+FEFF
    inside the text is an invisible character (T108), not this. There is no automatic
    fix: `--fix` rewrites the decoded text and writes the file's mark back as it was
    read, so removing the mark is left to the editor's "save without BOM".
    """

    code = "P112"
    name = "byte-order-mark"
    severity = Severity.WARNING
    fixable = False
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        bom = doc.bom
        if bom is None or not bom.is_utf8:
            return
        yield self.document_finding(
            doc,
            "the file starts with a UTF-8 byte-order mark (bytes EF BB BF): "
            "save it as UTF-8 without BOM",
            matched="\ufeff",
        )


RULES = [LeadingByteOrderMark]
