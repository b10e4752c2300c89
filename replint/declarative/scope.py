"""Headings and sections, for ``within``: read off the document analysis.

The analysis (:mod:`replint.analysis.headings`) is THE heading recogniser; a section
here is one of its headings with the paragraphs up to the next heading at the same or
a higher level of its tree. The title is not a section (``within: [总结]`` names a
part, not the whole report), nor are the numbered items of a list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from replint.model.document import Document, Paragraph


class Section(NamedTuple):
    heading: Paragraph
    paragraphs: tuple[Paragraph, ...]  # the heading paragraph first
    name: str = ""  # what to call it in messages (default: the heading text)

    @property
    def title(self) -> str:
        return self.name


def sections(doc: Document) -> list[Section]:
    """Every heading with the paragraphs up to the next heading of the same or a higher level."""
    headings = doc.analysis.headings
    paragraphs = doc.paragraphs
    out = []
    for i, h in enumerate(headings):
        end = len(paragraphs)
        for later in headings[i + 1 :]:
            if later.level <= h.level:
                end = later.paragraph
                break
        if h.paragraph < end:
            out.append(Section(paragraphs[h.paragraph], paragraphs[h.paragraph : end], h.text))
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
