"""Plain-text reports: one paragraph per line, which is how these reports are written.

Text hard-wrapped at a steady width (pasted from a PDF) is joined back into paragraphs
(:mod:`replint.readers.wrapped`), with exact source positions, so a 《…》 closing on the
next line is paired and a sentence split across lines is one sentence for every rule.

A ``.txt`` that is evidently Markdown (code fences, ``#`` headings, ``**bold**`` pairs,
lists, links: two kinds of these at least) is read as Markdown, so its markup is not
taken for text (``**项目成果：**`` is bold, not a ``**`` placeholder).
"""

from __future__ import annotations

import dataclasses

from replint.infra.regexes import lazy_re
from replint.model.document import ByteOrderMark, Document, Paragraph, single_line_paragraph
from replint.readers import ReadOptions
from replint.readers.text import decode, split_lines
from replint.text.directives import is_directive_line

_FENCE = lazy_re(r"^\s{0,3}(?:```|~~~)")
_ATX = lazy_re(r"^\s{0,3}#{1,6}\s+\S")
_BOLD = lazy_re(r"\*\*[^*\n]{1,40}\*\*")
_ITEM = lazy_re(r"^\s*[-*+]\s+\S")
_LINK = lazy_re(r"\[[^\]\n]+\]\([^)\s]+\)")


def looks_like_markdown(lines: list[str]) -> bool:
    """Whether plain text is evidently Markdown (two kinds of markup at least)."""
    fences = atx = bold = items = links = 0
    for line in lines[:2000]:
        fences += bool(_FENCE.match(line))
        atx += bool(_ATX.match(line))
        bold += len(_BOLD.findall(line))
        items += bool(_ITEM.match(line))
        links += len(_LINK.findall(line))
    signals = [fences >= 2, atx >= 2, bold >= 2, items >= 3, links >= 1]
    return sum(signals) >= 2


def read_txt(path: str, data: bytes, options: ReadOptions) -> Document:
    decoded = decode(path, data, options.encoding)
    lines = split_lines(decoded.text)
    if looks_like_markdown(lines):
        from replint.readers.markdown import read_markdown

        doc = read_markdown(path, data, options)
        return dataclasses.replace(
            doc, reader="Markdown (the .txt has Markdown markup: headings, fences, bold, lists)"
        )
    from replint.readers.wrapped import join_wrapped, wrap_width

    reader = ""
    width = wrap_width([line for line in lines if not is_directive_line(line)])
    paragraphs: list[Paragraph] = []
    if width is not None:
        paragraphs = join_wrapped(lines, width, is_directive_line)
        reader = f"plain text, hard-wrapped at {width} columns: lines joined into paragraphs"
    else:
        for number, line in enumerate(lines, start=1):
            if not line.strip() or is_directive_line(line):
                continue
            paragraphs.append(single_line_paragraph(len(paragraphs), line, number))
    return Document(
        path=path,
        format="txt",
        paragraphs=tuple(paragraphs),
        lines=tuple(lines),
        source=decoded.text,
        encoding=decoded.encoding,
        meta=options.meta,
        settings=options.settings,
        bom=ByteOrderMark.of(decoded.encoding, decoded.bom),
        reader=reader,
    )
