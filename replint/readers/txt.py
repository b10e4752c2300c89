"""Plain-text reports: one paragraph per line, which is how these reports are written."""

from __future__ import annotations

from replint.model.document import Document, Paragraph, single_line_paragraph
from replint.readers import ReadOptions
from replint.readers.text import decode, split_lines
from replint.text.directives import is_directive_line


def read_txt(path: str, data: bytes, options: ReadOptions) -> Document:
    decoded = decode(path, data, options.encoding)
    lines = split_lines(decoded.text)
    paragraphs: list[Paragraph] = []
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
    )
