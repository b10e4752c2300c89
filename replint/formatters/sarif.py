"""SARIF 2.1.0 (``--format sarif``): what GitHub code scanning and other SAST viewers read.

One run; ``tool.driver.rules`` describes every selected rule with its documentation
and default level; each result points at a region in code points
(``columnKind: unicodeCodePoints``, the same columns as the JSON format). Paths are
relative URI references (percent-encoded, so Chinese file names stay valid), and each
result carries a fingerprint that survives lines moving.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from replint.formatters import Formatter
from replint.infra import __version__
from replint.model.findings import Finding, Severity
from replint.model.report import Report

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/replint/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "replint/v1"


def artifact_uri(path: str) -> str:
    """A path as a URI reference: relative stays relative, absolute becomes file://."""
    from urllib.parse import quote

    if os.path.isabs(path):
        return Path(path).as_uri()
    # A file name that is not UTF-8 arrives with surrogate escapes: its bytes are
    # percent-encoded as they are, so the URI names the very file.
    return quote(os.fsencode(Path(path).as_posix()), safe="/-._~")


def _title(rule: Any) -> str:
    doc = rule.documentation()
    first = doc.split("\n", 1)[0].strip()
    return first if first and not first.startswith("#") else rule.summary()


def rule_descriptor(code: str, rule: Any | None, finding: Finding | None) -> dict[str, Any]:
    if rule is None:  # a finding from outside the selection (e.g. M001): describe it briefly
        name = finding.name if finding else code.lower()
        level = LEVELS[finding.severity] if finding else "warning"
        return {
            "id": code,
            "name": name,
            "shortDescription": {"text": f"{code} {name}"},
            "defaultConfiguration": {"level": level},
        }
    doc = rule.documentation() or rule.summary() or f"{code} {rule.name}"
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": _title(rule) or f"{code} {rule.name}"},
        "fullDescription": {"text": rule.summary() or doc},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [code[0]], "fixable": bool(rule.fixable)},
    }


def _region(f: Finding) -> dict[str, int]:
    line = max(1, f.line)
    column = max(1, f.column)
    end_line = max(line, f.end_line)
    end_column = max(1, f.end_column)
    if end_line == line:
        end_column = max(column, end_column)
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    }


class SarifFormatter(Formatter):
    #: Paths are given as they are, surrogate escapes included (see artifact_uri).
    raw_paths = True
    name = "sarif"
    machine_readable = True

    def render(self, report: Report) -> str:
        import json

        return json.dumps(self.log(report), ensure_ascii=False, indent=2) + "\n"

    def log(self, report: Report) -> dict[str, Any]:
        """The SARIF log as a dict (what ``render`` serialises)."""
        # Imported here: formatter modules load at every start-up, this only when used.
        from replint.model.fingerprint import fingerprints

        codes = set(report.rules) | {f.code for f in report.findings}
        first_seen: dict[str, Finding] = {}
        for f in report.findings:
            first_seen.setdefault(f.code, f)
        ordered = sorted(codes)
        index = {code: i for i, code in enumerate(ordered)}
        rules = [rule_descriptor(c, report.rules.get(c), first_seen.get(c)) for c in ordered]
        prints = fingerprints(report.findings, report.sources)
        results = [
            self.result(f, index[f.code], fp) for f, fp in zip(report.findings, prints, strict=True)
        ]
        artifacts = [{"location": {"uri": artifact_uri(p)}} for p in report.files if p != "-"]
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "replint",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "artifacts": artifacts,
                    "results": results,
                }
            ],
        }

    def result(self, f: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": rule_index,
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(f.path)},
                        "region": _region(f),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        if f.fix is not None:
            out["fixes"] = [
                {
                    "description": {"text": f.fix.description or "replint --fix"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": artifact_uri(f.path)},
                            "replacements": [
                                {
                                    "deletedRegion": {
                                        "startLine": e.line,
                                        "startColumn": e.column,
                                        "endLine": e.end_line,
                                        "endColumn": e.end_column,
                                    },
                                    "insertedContent": {"text": e.replacement},
                                }
                                for e in f.fix.edits
                            ],
                        }
                    ],
                }
            ]
        return out


FORMATTERS = {"sarif": SarifFormatter}
