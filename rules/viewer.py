"""A document viewer's controls pasted above the text (P111).

Copying a page of an online document viewer takes its control panel along: zoom or
speed buttons (`-`, `+`), play controls, and the menu beside them (the voices of a
read-aloud feature: `成熟大叔`, `温柔淑女`…). They arrive as a run of tiny lines before
the title.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import Document, Finding, Rule, Severity, regexes

# A button alone on its line: minus, plus, times, play, pause, arrows, A+ / A-.
_CONTROL = regexes.lazy_re(r"^\s*(?:[-+−＋－×✕▶◀▲▼►◄⏵⏸‖↑↓]|A[+-]|[<>]{1,2})\s*$")
# A menu entry: a few characters, no punctuation of a sentence.
_MENU_ENTRY = regexes.lazy_re(r"^\s*[^\s。，,.；;：:！!？?、]{1,6}\s*$")
# The run must hold this many lines, one of them a button.
MIN_RUN = 3
# Only the top of the document is looked at.
WINDOW = 30


class ViewerControls(Rule):
    """A document viewer's buttons and menu pasted above the text.

    ## What it does
    At the top of a report, finds a run of three or more tiny lines, at least one of
    them a lone button (`-`, `+`, `▶`, `A+`), such as a read-aloud menu
    (`-` / `+` / `成熟大叔` / `温柔淑女`) copied with the page.

    ## Why is this bad?
    The lines are the viewer's interface, not the report: they show the text was
    copied from a web page and were never read through.

    ## Example
        -
        +
        成熟大叔
        温柔淑女
        2024年秋季开学工作自查报告

    ## Use instead
        2024年秋季开学工作自查报告

    Short lines without a button (a title page's `机密`, a list of names) and lines
    after the first line of text stay silent.
    """

    code = "P111"
    name = "viewer-controls"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        run: list[int] = []
        paras = doc.paragraphs[:WINDOW]
        for n, para in enumerate(paras):
            if _MENU_ENTRY.match(para.text) or _CONTROL.match(para.text):
                run.append(n)
                continue
            break  # the first line of text ends the top
        if len(run) < MIN_RUN or not any(_CONTROL.match(paras[n].text) for n in run):
            return
        first, last = paras[run[0]], paras[run[-1]]
        yield self.finding(
            doc,
            first,
            0,
            len(first.text),
            f"{len(run)} lines of a document viewer's controls (“{first.text.strip()}” … "
            f"“{last.text.strip()}”) pasted above the text: delete them",
        )


RULES = [ViewerControls]
