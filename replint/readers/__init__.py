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

from replint.model.document import Document, FrozenMap


@dataclass(frozen=True)
class ReadOptions:
    """Settings a reader needs, taken from config and the command line."""

    encoding: str | None = None  # forced encoding (``--encoding``); None = detect
    max_file_size: int = 20 * 1024 * 1024
    max_docx_uncompressed: int = 64 * 1024 * 1024
    meta: Mapping[str, Any] = field(default_factory=FrozenMap)


Reader = Callable[[str, bytes, ReadOptions], Document]
