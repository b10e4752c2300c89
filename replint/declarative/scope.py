"""Headings and sections, for ``within``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from replint.infra import regexes
from replint.model.document import Document, Paragraph

if TYPE_CHECKING:
    pass


_NUMERAL = "一二三四五六七八九十百〇零两"


_HEADING_MARK = regexes.lazy_re(
    rf"^[\s\u3000]*(?:"
    rf"(?P<l0>第[{_NUMERAL}\d]+(?:部分|章|篇|节))"
    rf"|(?P<l1>[{_NUMERAL}]+[、．.])"
    rf"|(?P<l2>[（(][{_NUMERAL}]+[）)])"
    rf"|(?P<l3>\d{{1,2}}[.．、](?!\d))"
    rf"|(?P<l4>[（(]\d{{1,2}}[）)])"
    rf")"
)


def heading_level(paragraph: Paragraph) -> int | None:
    """The heading level of a paragraph (smaller = higher), or None for body text.

    Numbered headings follow GB/T 9704 (``一、`` > ``（一）`` > ``1.`` > ``（1）``);
    markup headings (Markdown ``#``, Word heading styles) use their own level.
    """
    if paragraph.kind in ("heading", "title"):
        return max(0, (paragraph.level or 1) - 1)
    m = _HEADING_MARK.match(paragraph.text)
    if m is None:
        return None
    return {"l0": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4}[m.lastgroup or "l1"]


def heading_text(paragraph: Paragraph) -> str:
    """The heading without its number; a run-in heading ends at the first full stop."""
    text = paragraph.text
    m = _HEADING_MARK.match(text)
    if m:
        text = text[m.end() :]
    return re.split(r"[。！？]", text.strip(), maxsplit=1)[0]


class Section(NamedTuple):
    heading: Paragraph
    paragraphs: tuple[Paragraph, ...]  # the heading paragraph first
    name: str = ""  # what to call it in messages (default: the heading text)

    @property
    def title(self) -> str:
        return self.name or heading_text(self.heading)


def sections(doc: Document) -> list[Section]:
    """Every heading with the paragraphs up to the next heading of the same or a higher level."""
    levels = [heading_level(p) for p in doc.paragraphs]
    out = []
    for i, level in enumerate(levels):
        if level is None:
            continue
        j = i + 1
        while j < len(levels) and ((deeper := levels[j]) is None or deeper > level):
            j += 1
        out.append(Section(doc.paragraphs[i], doc.paragraphs[i:j]))
    return out


def _profile_sections(doc: Document, keys: Sequence[str]) -> list[Section]:
    """The parts of the report the analysis classified under ``keys`` (e.g. problems)."""
    analysis = doc.analysis
    out = []
    for key in keys:
        for part in analysis.sections_of(key):
            paragraphs = doc.paragraphs[part.first : part.last + 1]
            if not paragraphs:
                continue
            name = ""
            if part.heading is not None:
                name = analysis.headings[part.heading].text
            out.append(Section(paragraphs[0], tuple(paragraphs), name or key.replace("_", " ")))
    return out
