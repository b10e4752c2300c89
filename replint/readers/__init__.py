"""Readers turn a file's bytes into a :class:`~replint.model.document.Document`.

A reader is a callable ``reader(path, data, options) -> Document`` registered for one
or more suffixes through the ``replint_add_readers`` hook. It raises
:class:`~replint.model.errors.ReadError` with a clear message when the file cannot be read;
the engine turns that into an ``E`` finding and goes on with the other files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from replint.model.document import NO_SETTINGS, Document, FileSettings, FrozenMap


@dataclass(frozen=True)
class ReadOptions:
    """Settings a reader needs, taken from config and the command line."""

    encoding: str | None = None  # forced encoding (``--encoding``); None = detect
    max_file_size: int = 20 * 1024 * 1024
    max_docx_uncompressed: int = 64 * 1024 * 1024
    #: Per-file settings for the analysis; readers hand them on to the Document.
    settings: FileSettings = NO_SETTINGS
    #: Extra values for plugins' readers (old API: the settings travelled here).
    meta: Mapping[str, Any] = field(default_factory=FrozenMap)


Reader = Callable[[str, bytes, ReadOptions], Document]


UNREADABLE: Mapping[str, str] = {
    ".pdf": (
        "PDF files are not read (their text loses its paragraphs): get the text with "
        "`pdftotext -layout FILE.pdf` (Debian: `sudo apt-get install poppler-utils`) and "
        "lint the .txt, or lint the Word original"
    ),
    ".pages": "Apple Pages files are not read: in Pages, File > Export To > Word (.docx)",
    ".ofd": (
        "OFD files are not read: lint the Word original, or export the text from an OFD reader"
    ),
}
"""Suffixes of reports replint cannot read, with what to do instead. A directory walk
lists such files in one summary line instead of dropping them silently."""
