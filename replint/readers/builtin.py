"""Registers the built-in readers (through the same hook third-party readers use)."""

from __future__ import annotations

from typing import Any

from replint.infra import hookimpl
from replint.model.document import Document
from replint.readers import Reader, ReadOptions


def _txt(path: str, data: bytes, options: ReadOptions) -> Document:
    from replint.readers.txt import read_txt

    return read_txt(path, data, options)


def _markdown(path: str, data: bytes, options: ReadOptions) -> Document:
    # Imported on first use: markdown-it-py costs ~35 ms that .txt runs should not pay.
    from replint.readers.markdown import read_markdown

    return read_markdown(path, data, options)


def _docx(path: str, data: bytes, options: ReadOptions) -> Document:
    from replint.readers.docx import read_docx

    return read_docx(path, data, options)


def _converted(path: str, data: bytes, options: ReadOptions) -> Document:
    # .doc .wps .rtf: through LibreOffice, started only when such a file is met.
    from replint.readers.converted import read_converted

    return read_converted(path, data, options)


def _odt(path: str, data: bytes, options: ReadOptions) -> Document:
    from replint.readers.odt import read_odt

    return read_odt(path, data, options)


READERS: dict[str, Reader] = {
    ".txt": _txt,
    ".text": _txt,
    ".md": _markdown,
    ".markdown": _markdown,
    ".docx": _docx,
    ".doc": _converted,
    ".wps": _converted,
    ".rtf": _converted,
    ".odt": _odt,
}


@hookimpl
def replint_add_readers() -> dict[str, Any]:
    return dict(READERS)
