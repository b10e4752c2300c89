"""Findings as LSP values: diagnostics, related places, edits and code actions.

Pure functions of findings, lines and an encoding; nothing here talks to the client
or to the engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from lsprotocol import types

from replint.model.findings import Edit, Finding
from replint.server.positions import Converter, split_lines

SOURCE = "replint"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# "duplicates line 3", "a near-copy of line 3", "already appears at line 3"
_SAME_FILE_LINE = re.compile(r"\b(?:of|duplicates|at) line (\d+)\b")
_PATH_LINE = re.compile(r"([^\s“”‘’()（）,，;；]+):(\d+)\b")
DIRECTIVE = "<!-- replint-disable-next-line {code} -->"


def lsp_range(
    conv: Converter, line: int, column: int, end_line: int, end_column: int
) -> types.Range:
    start = conv.to_lsp(line, column)
    end = conv.to_lsp(end_line, end_column)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(
        start=types.Position(line=start.line, character=start.character),
        end=types.Position(line=end.line, character=end.character),
    )


def finding_range(conv: Converter, f: Finding) -> types.Range:
    return lsp_range(conv, f.line, f.column, f.end_line, f.end_column)


def _line_range(conv: Converter, line: int) -> types.Range:
    start = conv.to_lsp(line, 1)
    end = conv.line_end(line)
    return types.Range(
        start=types.Position(line=start.line, character=start.character),
        end=types.Position(line=end.line, character=end.character),
    )


def related(
    f: Finding,
    uri: str,
    conv: Converter,
    places: Mapping[str, str],
    lines_of: Callable[[str], Sequence[str] | None],
    encoding: str,
) -> list[types.DiagnosticRelatedInformation]:
    """The other place a repetition finding names: ``line N`` here, or ``path:line``.

    ``places`` maps display paths to absolute paths (from the cross-report pass);
    ``lines_of(absolute)`` gives a file's lines, or None when it cannot be read.
    """
    out: list[types.DiagnosticRelatedInformation] = []
    if not f.code.startswith("R"):
        return out
    for display, number in _places_named(f.message, places):
        absolute = places[display]
        lines = lines_of(absolute)
        other = Converter(lines or [""], encoding)
        out.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=Path(absolute).as_uri(), range=_line_range(other, number)
                ),
                message=f"the other copy ({display}:{number})",
            )
        )
        return out
    match = _SAME_FILE_LINE.search(f.message)
    if match:
        line = int(match.group(1))
        out.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri, range=_line_range(conv, line)),
                message=f"the earlier copy (line {line})",
            )
        )
    return out


def _places_named(message: str, places: Mapping[str, str]) -> list[tuple[str, int]]:
    """The ``path:line`` places in ``message`` whose path is one of ``places``."""
    found = [
        (m.group(1), int(m.group(2))) for m in _PATH_LINE.finditer(message) if m.group(1) in places
    ]
    if not found:  # paths with spaces do not come out as one token
        for display in (d for d in places if " " in d):
            m = re.search(re.escape(display) + r":(\d+)\b", message)
            if m:
                found.append((display, int(m.group(1))))
    return found


def diagnostic(
    f: Finding,
    conv: Converter,
    href: str | None,
    related_info: list[types.DiagnosticRelatedInformation],
) -> types.Diagnostic:
    return types.Diagnostic(
        range=finding_range(conv, f),
        severity=_SEVERITY.get(f.severity.value, types.DiagnosticSeverity.Warning),
        code=f.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=f.message,
        related_information=related_info or None,
        data={"name": f.name, "fixable": f.fix is not None and bool(f.fix.edits)},
    )


def text_edits(conv: Converter, edits: Sequence[Edit]) -> list[types.TextEdit]:
    return [
        types.TextEdit(
            range=lsp_range(conv, e.line, e.column, e.end_line, e.end_column),
            new_text=e.replacement,
        )
        for e in edits
    ]


def whole_text_edit(old: str, new: str, encoding: str) -> types.TextEdit:
    """One edit replacing the changed middle of ``old`` with that of ``new``."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    # Do not cut a CRLF in two.
    while prefix > 0 and old[prefix - 1] == "\r" and old[prefix : prefix + 1] == "\n":
        prefix -= 1
    conv = Converter(split_lines(old), encoding)
    start = _offset_position(old, prefix, conv)
    end = _offset_position(old, len(old) - suffix, conv)
    return types.TextEdit(
        range=types.Range(start=start, end=end), new_text=new[prefix : len(new) - suffix]
    )


def _offset_position(text: str, offset: int, conv: Converter) -> types.Position:
    head = split_lines(text[:offset])
    pos = conv.to_lsp(len(head), len(head[-1]) + 1)
    return types.Position(line=pos.line, character=pos.character)


def suppression_edit(text: str, line: int, code: str, encoding: str) -> types.TextEdit:
    """Insert ``<!-- replint-disable-next-line CODE -->`` above 1-based ``line``."""
    lines = split_lines(text)
    index = min(max(line, 1), len(lines)) - 1
    current = lines[index]
    indent = current[: len(current) - len(current.lstrip())]
    eol = "\r\n" if "\r\n" in text else ("\r" if "\r" in text and "\n" not in text else "\n")
    return types.TextEdit(
        range=types.Range(
            start=types.Position(line=index, character=0),
            end=types.Position(line=index, character=0),
        ),
        new_text=indent + DIRECTIVE.format(code=code) + eol,
    )


def overlaps(a: types.Range, b: types.Range) -> bool:
    """Do two ranges touch (a cursor at either end of a finding counts)?"""
    a0 = (a.start.line, a.start.character)
    a1 = (a.end.line, a.end.character)
    b0 = (b.start.line, b.start.character)
    b1 = (b.end.line, b.end.character)
    return a0 <= b1 and b0 <= a1
