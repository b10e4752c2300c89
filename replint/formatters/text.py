"""The human format: ``path:line:col: CODE [name] message``, the source, a caret, a summary."""

from __future__ import annotations

import unicodedata
from collections import Counter

import click

from replint.formatters import Formatter
from replint.model.findings import Finding, Severity
from replint.model.report import Report

# How much of a long line to quote around the finding (reports have 600-character lines).
CONTEXT_BEFORE = 24
CONTEXT_AFTER = 36

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


#: The most of a finding's span the source quote shows (and carets under it).
MAX_SPAN = 200


def excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of ``line`` around [start, end) and the span's place inside it; a span
    longer than MAX_SPAN is cut there (a 10 MB run of X is not quoted whole)."""
    end = min(max(end, start + 1), start + MAX_SPAN)
    left = max(0, start - CONTEXT_BEFORE)
    right = min(len(line), max(end, start + 1) + CONTEXT_AFTER)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shown = prefix + line[left:right] + suffix
    new_start = len(prefix) + start - left
    return shown, new_start, new_start + min(end, right) - start


class TextFormatter(Formatter):
    name = "text"
    machine_readable = False

    def render(self, report: Report) -> str:
        out: list[str] = []
        for finding in report.findings:
            out.append(self.header(finding))
            if self.options.show_source:
                out.extend(self.source(report, finding))
        return "\n".join(out) + ("\n" if out else "")

    def style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if self.options.color else text  # type: ignore[arg-type]

    def header(self, f: Finding) -> str:
        where = self.style(f"{f.path}:{f.line}:{f.column}:", bold=True)
        code = self.style(f.code, fg=_SEVERITY_COLOUR[f.severity], bold=True)
        fixable = " [*]" if f.fix and f.fix.safe else ""
        return f"{where} {code} [{f.name}] {f.message}{fixable}"

    def source(self, report: Report, f: Finding) -> list[str]:
        lines = report.sources.get(f.path, ())
        if not (1 <= f.line <= len(lines)):
            return []
        line = lines[f.line - 1]
        start = f.column - 1
        end = f.end_column - 1 if f.end_line == f.line else len(line)
        if start >= len(line) and line:
            start = len(line) - 1
        shown, s, e = excerpt(line, start, end)
        shown = shown.replace("\t", " ")  # the window only: a 15 MB line is not copied
        gutter = f"{f.line:>5} | "
        pad = " " * display_width(shown[:s])
        marks = "^" * max(1, display_width(shown[s:e]))
        return [
            self.style(gutter, dim=True) + shown,
            self.style(" " * 6 + "| ", dim=True) + pad + self.style(marks, fg="red", bold=True),
        ]


def summary(report: Report, fixed: int = 0) -> str:
    """The closing line, e.g. ``57 findings in 4 of 5 files (12 fixable with --fix).``"""
    n = len(report.findings)
    files = len(report.files)
    file_word = "file" if files == 1 else "files"
    if n == 0:
        text = f"No findings in {files} {file_word}."
    else:
        finding_word = "finding" if n == 1 else "findings"
        text = f"{n} {finding_word} in {report.files_with_findings} of {files} {file_word}."
        fixable = sum(1 for f in report.findings if f.fix and f.fix.safe)
        if fixable:
            text = text[:-1] + f" ({fixable} fixable with --fix)."
        text += " " + by_severity(report) + "."
    if fixed:
        text += f" Fixed {fixed}."
    return text


def by_severity(report: Report) -> str:
    """``3 errors, 12 warnings, 1 info``: the findings per severity, worst first."""
    counts = Counter(f.severity for f in report.findings)
    parts = []
    for severity in sorted(counts, key=lambda s: -s.rank):
        n = counts[severity]
        word = severity.value if severity.value == "info" or n == 1 else severity.value + "s"
        parts.append(f"{n} {word}")
    return ", ".join(parts)


#: Where the summary line points for more (CLI only).
POINTERS = "Counts per rule: --statistics; what a rule means: replint explain CODE."


def statistics(report: Report) -> str:
    counts = Counter((f.code, f.name) for f in report.findings)
    fixable = Counter(f.code for f in report.findings if f.fix and f.fix.safe)
    rows = []
    for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = " [*]" if fixable[code] else ""
        rows.append(f"{count:>6}  {code}  {name}{mark}")
    return "\n".join(rows) + ("\n" if rows else "")


FORMATTERS = {"text": TextFormatter}
