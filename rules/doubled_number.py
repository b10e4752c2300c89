"""A heading or item number written twice: ``一、一、主要工作``.

In Word this is what a clerk gets when they type ``一、`` into a paragraph that Word
already numbers automatically: the reader sees ``一、一、主要工作``. The .docx reader
shows Word's automatic number at the start of the text (``Paragraph.number``), so this
rule sees the paragraph as it is printed. In plain text the same mistake comes from
pasting a numbered heading after its own number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import (
    Document,
    Finding,
    Rule,
    Severity,
    lazy_re,
)

# The GB/T 9704 ladder (一、 （一） 1. （1） ①) and its common variants.
_ORDINAL = lazy_re(
    r"[\s\u3000]*(?:"
    r"(?P<cn>[一二三四五六七八九十]{1,3})\s*[、，,．.]"
    r"|[（(]\s*(?P<pcn>[一二三四五六七八九十]{1,3})\s*[）)]"
    r"|(?P<ar>[0-9]{1,2})\s*[.．、](?![0-9])"
    r"|[（(]\s*(?P<par>[0-9]{1,2})\s*[）)]"
    r"|(?P<circ>[①-⑳])"
    r")[\s\u3000]*"
)


def _form(match: re.Match[str]) -> str | None:
    return match.lastgroup


class DoubledNumber(Rule):
    """A heading or item carries two numbers, one after the other.

    ## What it does
    Reports a paragraph that starts with two numbers of the same form (``一、一、``,
    ``（一）（一）``; ``1.1`` is not one), and a paragraph that Word numbers
    automatically whose text starts with a typed number as well.

    ## Why is this bad?
    The reader sees ``一、一、主要工作``: the heading looks wrong and the numbers no
    longer say where it sits. In Word it happens when ``一、`` is typed on top of the
    automatic numbering, which the clerk does not see as text.

    ## Example
        一、一、主要工作

    ## Use instead
        一、主要工作

    In Word, keep the automatic number and delete the typed one (or switch the
    automatic numbering off and keep the typed number).
    """

    code = "S106"
    name = "doubled-number"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for p in doc.paragraphs:
            text = p.text
            if not text or len(text) < 3:
                continue
            if p.number:
                first_end = len(p.number)
                first_text = p.number.strip()
                auto = True
            else:
                first = _ORDINAL.match(text)
                if first is None:
                    continue
                first_end, first_text, auto = first.end(), first.group(0).strip(), False
            second = _ORDINAL.match(text, first_end)
            if second is None or second.end() >= len(text.rstrip()):
                continue
            if not auto:
                assert first is not None
                if _form(first) != _form(second):
                    continue  # "一、1.加强学习": two levels in one line, not a doubled number
            typed = second.group(0).strip()
            start = first_end + (len(second.group(0)) - len(second.group(0).lstrip()))
            end = second.end()
            shown = text[: min(len(text), end + 8)].strip()
            if auto:
                message = (
                    f"“{shown}…”: Word numbers this paragraph automatically (“{first_text}”) "
                    f"and the text starts with a typed “{typed}” as well, so it reads "
                    f"“{first_text}{typed}”; delete the typed number (or switch off the "
                    "automatic numbering)"
                )
            else:
                message = (
                    f"“{shown}…” is numbered twice (“{first_text}” then “{typed}”); "
                    "delete one of the numbers"
                )
            yield self.finding(doc, p, start, end, message, replacement="")


RULES = [DoubledNumber]
