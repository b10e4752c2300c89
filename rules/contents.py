"""A table of contents with page numbers pasted into a report (P108).

Compilations on document sites (`…汇编(7篇)`) open with a contents list whose entries
end in the page numbers of the site's paginated copy: `2.县财政局上半年工作总结 10`.
Pasted into a report, the numbers point at pages that do not exist. P105 knows the
`目录` line and entries with dot leaders; this rule reads the list as a whole, so the
entries without leaders are found too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import Document, Finding, Paragraph, Rule, Severity, regexes

# The line that opens a contents list.
_CONTENTS = regexes.lazy_re(r"(?i)^\s*(?:目\s*录|contents|table of contents)\s*[:：]?\s*$")
# An entry: a title (any text, at least two characters) and a page number at the end of
# the line, after spaces or dot leaders.
_ENTRY = regexes.lazy_re(
    r"^\s*(?P<title>\S.{1,80}?)(?:\s+|\.{3,}|…{2,}|·{3,})(?P<page>\d{1,3})\s*$"
)
# An entry without its page number (the first entry's page is often left off).
_BARE_ENTRY = regexes.lazy_re(r"^\s*(?:\d{1,2}[.、．]|[一二三四五六七八九十]{1,3}、)\S")
# Entries needed after the contents line before the list counts.
MIN_ENTRIES = 2
# How many lines a contents list may hold.
MAX_ENTRIES = 60


class PastedContents(Rule):
    """A table of contents with page numbers pasted from a document site.

    ## What it does
    Finds a `目录` (or `Contents`) line followed by entries that end in page numbers
    (`2.县财政局上半年工作总结 10`, `二、存在问题……5`), the numbers rising, and
    reports each entry.

    ## Why is this bad?
    The page numbers belong to the site's paginated copy: in the report they point at
    nothing, and the list shows that the text was pasted from a compilation.

    ## Example
        目录
            1.县财政局上半年工作总结 1
            2.县城管局上半年工作总结 10

    ## Use instead
    Delete the contents list (or let the word processor build one from the headings).

    A contents line followed by prose, or numbered items whose last numbers do not rise
    (`1. 参训人数 120` / `2. 结业人数 96`), stays silent.
    """

    code = "P108"
    name = "pasted-contents"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paras = doc.paragraphs
        for n, para in enumerate(paras):
            if not _CONTENTS.match(para.text):
                continue
            entries: list[tuple[Paragraph, re.Match[str]]] = []
            pages: list[int] = []
            for follower in paras[n + 1 : n + 1 + MAX_ENTRIES]:
                m = _ENTRY.match(follower.text)
                if m is None:
                    if not entries and _BARE_ENTRY.match(follower.text):
                        continue  # the first entry, without its page number
                    break
                page = int(m.group("page"))
                if pages and page < pages[-1]:
                    break
                pages.append(page)
                entries.append((follower, m))
            if len(entries) < MIN_ENTRIES or len(set(pages)) < 2:
                continue
            for follower, m in entries:
                yield self.finding(
                    doc,
                    follower,
                    m.start("title"),
                    m.end("page"),
                    f"contents entry with page number {m.group('page')} pasted from a "
                    "paginated copy: delete the contents list",
                )


RULES = [PastedContents]
