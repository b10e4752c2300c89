"""The document model every rule sees: paragraphs with exact source positions.

Readers (``replint.readers``) turn bytes into a :class:`Document`; rules never look at
bytes or markup. The text a rule sees is ``Paragraph.text``: prose only. Markup that
must never be linted as prose (inline code, link targets, HTML comments) is blanked
with spaces of the same length, so offsets into ``text`` still map straight back to
the source through :meth:`Paragraph.position`.

Analysis shared by many rules (headings, sections, report period) is computed once per
document by the analyser the runner attaches (:func:`replint.analysis.attach`), on first
use of :attr:`Document.analysis`; this module does not import the analysis.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from replint.model.findings import Edit

if TYPE_CHECKING:
    from collections.abc import Iterator

    from replint.model.analysis import Analysis


class FrozenMap(Mapping[str, Any]):
    """A read-only mapping that, unlike MappingProxyType, can be pickled to worker processes."""

    __slots__ = ("_data",)
    _data: dict[str, Any]

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        object.__setattr__(self, "_data", dict(data or {}))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


EMPTY_META: Mapping[str, Any] = FrozenMap()


@dataclass(frozen=True)
class Segment:
    """Where a run of paragraph text starts in the source.

    ``offset`` is the index in ``Paragraph.text`` where the run starts; ``line`` and
    ``column`` (1-based, code points) are where that character sits in the source.
    """

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: a line of .txt, a block of Markdown, a ``w:p`` of .docx.

    ``kind`` is what the markup says it is: ``"text"``, ``"heading"`` (a Markdown
    ``#``/setext heading or a Word heading style), ``"list"``, ``"table"`` (a table
    cell), ``"title"`` (Word's Title style). Numbered headings written in the text
    (``一、``) are recognised by the analysis, not by readers. ``level`` is the markup
    heading level (1 = top) when the markup gives one. ``location`` describes where a
    paragraph sits when a line number alone does not (``table 1, row 2, cell 3``).
    """

    index: int
    text: str
    segments: tuple[Segment, ...]
    kind: str = "text"
    level: int | None = None
    location: str = ""
    numbered: bool = False  # numbered automatically by the word processor (not in text)
    number: str = ""  # the word processor's automatic number, shown at the start of text

    @property
    def line(self) -> int:
        return self.segments[0].line

    @property
    def column(self) -> int:
        return self.segments[0].column

    def position(self, offset: int) -> tuple[int, int]:
        """Source (line, column) of the character at ``offset`` in ``text``.

        ``offset == len(text)`` gives the position just past the last character, which
        is what an exclusive end needs.
        """
        if len(self.segments) == 1:
            seg = self.segments[0]
        else:
            starts = self._starts
            seg = self.segments[max(0, bisect.bisect_right(starts, offset) - 1)]
        return seg.line, seg.column + (offset - seg.offset)

    @cached_property
    def _starts(self) -> tuple[int, ...]:
        # Built once: a paragraph of 100,000 lines (an unclosed front matter) must not
        # cost a list of 100,000 offsets per finding.
        return tuple(s.offset for s in self.segments)

    def edit(self, start: int, end: int, replacement: str) -> Edit:
        """An edit that replaces ``text[start:end]`` in the source file."""
        return Edit(*self.position(start), *self.position(end), replacement)


def single_line_paragraph(
    index: int, text: str, line: int, column: int = 1, **kwargs: Any
) -> Paragraph:
    """A paragraph that sits on one source line (txt lines, docx paragraphs)."""
    return Paragraph(index=index, text=text, segments=(Segment(0, line, column),), **kwargs)


@dataclass(frozen=True)
class FileSettings:
    """Per-file settings from config that the analysis needs; the runner sets them on
    every document it reads (``ReadOptions.settings`` → ``Document.settings``)."""

    profile: str | None = None  # the profile config names for this file (glob or global)
    period: str | None = None  # the report period config gives (``2021``, ``2021-Q3``)
    #: Profiles by name (built-in, plugins', config's); None: the built-in ones.
    profiles: Mapping[str, Any] | None = None

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> FileSettings:
        """The settings an old-style ``meta`` mapping carries (plugins, tests)."""
        profile, period = meta.get("profile"), meta.get("period")
        return cls(
            profile=str(profile) if profile else None,
            period=str(period) if period else None,
            profiles=meta.get("profiles") or None,
        )


NO_SETTINGS = FileSettings()


@dataclass(frozen=True)
class ByteOrderMark:
    """A byte-order mark the file starts with, which the reader took off the text.

    ``encoding`` is the codec it marks (``utf-8``, ``utf-16-le``…); ``size`` is its
    length in bytes. Only a text format has one (a .docx never does).
    """

    encoding: str
    size: int

    @classmethod
    def of(cls, encoding: str, bom: bytes) -> ByteOrderMark | None:
        """The mark a decoder found (``bom`` empty: none)."""
        return cls(encoding, len(bom)) if bom else None

    @property
    def is_utf8(self) -> bool:
        """UTF-8 needs no mark; UTF-16/32 cannot be read without one."""
        return self.encoding.replace("_", "-").lower() in ("utf-8", "utf8")


@dataclass(frozen=True)
class Document:
    """A parsed report.

    ``path`` is the path as the user should see it. ``lines`` are the source lines for
    quoting in output (for .docx: the paragraph texts, one per paragraph number).
    ``source`` is the decoded text for formats that ``--fix`` can rewrite (None for
    .docx). ``settings`` are the per-file settings from config that the analysis needs
    (profile, period, profiles). ``meta`` is a read-only mapping kept for plugins: its
    ``profile``/``period``/``profiles`` keys count when ``settings`` are not set.
    """

    path: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    lines: tuple[str, ...]
    source: str | None = None
    encoding: str = "utf-8"
    meta: Mapping[str, Any] = field(default_factory=lambda: EMPTY_META)
    #: How the reader read the file, in words, when the format alone does not say it
    #: (``--verbose``): "Markdown (the .txt has Markdown markup)".
    reader: str = ""
    #: Computes the analysis on first use; attached by the runner after reading.
    analyser: Callable[[Document], Analysis] | None = field(default=None, compare=False, repr=False)
    settings: FileSettings = NO_SETTINGS
    #: The byte-order mark the file starts with (not part of ``source``), or None.
    bom: ByteOrderMark | None = None

    @property
    def file_settings(self) -> FileSettings:
        """``settings``, or for a document built the old way those in ``meta``."""
        if self.settings is NO_SETTINGS and self.meta:
            return FileSettings.from_meta(self.meta)
        return self.settings

    def source_line(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""

    @cached_property
    def analysis(self) -> Analysis:
        """Headings, sections and report period, computed on first use."""
        if self.analyser is None:
            raise RuntimeError(
                f"{self.path}: no analyser attached to this Document; "
                "use replint.analysis.attach(document) after reading it"
            )
        return self.analyser(self)

    @property
    def text(self) -> str:
        """All paragraph texts joined by newlines (for whole-document searches)."""
        return "\n".join(p.text for p in self.paragraphs)
