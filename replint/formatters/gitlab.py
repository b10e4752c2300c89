"""GitLab Code Quality JSON (``--format gitlab``): findings in the merge-request widget.

A JSON array with ``description``, ``check_name``, ``fingerprint``, ``severity``,
``location.path`` and ``location.lines.begin`` per finding (the Code Climate subset
GitLab reads). The fingerprint hashes the path, the rule, the matched text and its
occurrence index — not the line — so GitLab does not report a finding as fixed and new
again when a paragraph is inserted above it.
"""

from __future__ import annotations

from typing import Any

from replint.formatters import Formatter
from replint.model.findings import Finding, Severity
from replint.model.report import Report

# GitLab's levels are info, minor, major, critical, blocker. A file that could not be
# read (E codes) ranks above any lint finding.
SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}
UNREADABLE = "critical"
# Code Climate categories by rule family; GitLab shows them, other viewers filter on them.
CATEGORIES = {
    "S": "Clarity",
    "P": "Bug Risk",
    "D": "Bug Risk",
    "R": "Duplication",
    "T": "Style",
    "W": "Clarity",
    "E": "Bug Risk",
}


def severity(f: Finding) -> str:
    return UNREADABLE if f.code.startswith("E") else SEVERITIES[f.severity]


class GitlabFormatter(Formatter):
    name = "gitlab"
    machine_readable = True

    def render(self, report: Report) -> str:
        import json

        from replint.model.fingerprint import fingerprints  # only when this format is used

        prints = fingerprints(report.findings, report.sources)
        items = [self.item(f, fp) for f, fp in zip(report.findings, prints, strict=True)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"

    def item(self, f: Finding, fingerprint: str) -> dict[str, Any]:
        return {
            "type": "issue",
            "description": f"{f.code} [{f.name}] {f.message}",
            "check_name": f.code,
            "categories": [CATEGORIES.get(f.code[:1], "Style")],
            "fingerprint": fingerprint,
            "severity": severity(f),
            "location": {
                "path": f.path,
                "lines": {"begin": f.line, "end": max(f.line, f.end_line)},
            },
        }


FORMATTERS = {"gitlab": GitlabFormatter}
