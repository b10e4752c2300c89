"""GitHub Actions workflow commands (``--format github``): findings as annotations.

Each finding becomes ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE
name::message`` (``warning``/``notice`` by severity), which GitHub shows on the pull
request's changed files. GitHub shows only a few annotations per step, so when
``GITHUB_STEP_SUMMARY`` is set (it always is inside Actions) a Markdown table of every
finding is appended to the job summary as well.
"""

from __future__ import annotations

import os
from collections import Counter

from replint.formatters import Formatter
from replint.model.findings import Finding, Severity
from replint.model.report import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub refuses a step summary over 1 MiB; stop adding rows well before that.
SUMMARY_LIMIT = 900 * 1024


def escape_data(text: str) -> str:
    """Escape a workflow command's message (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props = [
        ("file", f.path),
        ("line", str(f.line)),
        ("col", str(f.column)),
        ("endLine", str(max(f.line, f.end_line))),
        ("endColumn", str(f.end_column)),
        ("title", f"{f.code} {f.name}"),
    ]
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[f.severity]} {joined}::{escape_data(f.message)}"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def step_summary(report: Report, limit: int = SUMMARY_LIMIT) -> str:
    """A Markdown job summary: counts per rule, then every finding (within GitHub's limit)."""
    n = len(report.findings)
    files = len(report.files)
    out = ["## replint", ""]
    if n == 0:
        out.append(f"No findings in {files} file{'s' if files != 1 else ''}.")
        return "\n".join(out) + "\n\n"
    out.append(
        f"{n} finding{'s' if n != 1 else ''} in {report.files_with_findings} of "
        f"{files} file{'s' if files != 1 else ''}."
    )
    out += ["", "| Rule | Count |", "| --- | ---: |"]
    counts = Counter((f.code, f.name) for f in report.findings)
    for (code, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"| {code} {_cell(name)} | {count} |")
    out += [
        "",
        "| File | Line | Column | Rule | Severity | Message |",
        "| --- | ---: | ---: | --- | --- | --- |",
    ]
    size = sum(len(line.encode("utf-8")) + 1 for line in out)
    for shown, f in enumerate(report.findings):
        row = (
            f"| {_cell(f.path)} | {f.line} | {f.column} | {f.code} {_cell(f.name)} "
            f"| {f.severity.value} | {_cell(f.message)} |"
        )
        size += len(row.encode("utf-8")) + 1
        if size > limit:
            out += [
                "",
                f"… {n - shown} more finding{'s' if n - shown != 1 else ''} not shown "
                "(GitHub limits a job summary to 1 MiB); run replint locally, or use "
                "`--format sarif` or `--output-file`, to see them all.",
            ]
            break
        out.append(row)
    return "\n".join(out) + "\n\n"


class GithubFormatter(Formatter):
    name = "github"
    machine_readable = True

    def render(self, report: Report) -> str:
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            # Appending is the documented protocol: other steps write to the same file.
            try:
                with open(summary_file, "a", encoding="utf-8") as fh:
                    fh.write(step_summary(report))
            except OSError as exc:
                # The annotations still matter more than the summary; say so in the log.
                warn = f"could not write the job summary to {summary_file}: {exc.strerror}"
                lines = [f"::warning title=replint::{escape_data(warn)}"]
                return "\n".join(lines + [annotation(f) for f in report.findings]) + "\n"
        lines = [annotation(f) for f in report.findings]
        return "\n".join(lines) + ("\n" if lines else "")


FORMATTERS = {"github": GithubFormatter}
