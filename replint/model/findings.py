"""Findings: what a rule reports, and the fix it may carry.

Every value here is frozen: findings cross from rules to filters to formatters and
nobody downstream may change what a rule said.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol


class RuleIdentity(Protocol):
    """What a finding takes from its rule: a Rule class or instance fits."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> Severity: ...


class Severity(enum.StrEnum):
    """How serious a finding is; the order is info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            allowed = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (allowed: {allowed})") from None


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True)
class Edit:
    """Replace the source text between two 1-based positions (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "replacement": self.replacement,
        }


@dataclass(frozen=True)
class Fix:
    """A set of edits that resolves one finding.

    ``safe`` fixes are applied by ``--fix``; unsafe ones (they may change meaning)
    only with ``--unsafe-fixes``.
    """

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""

    def to_dict(self) -> dict[str, object]:
        # As ruff's: tools can tell what --fix applies from what needs --unsafe-fixes.
        applicability = "safe" if self.safe else "unsafe"
        return {"applicability": applicability, "edits": [e.to_dict() for e in self.edits]}


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one file.

    ``line``/``column`` are 1-based; columns count Unicode code points. For .docx the
    line is the paragraph number. ``matched`` is the text the rule matched (used by
    the baseline to recognise a finding after lines move); it is not part of the JSON
    contract.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = None
    matched: str = field(default="", compare=False)

    @classmethod
    def at(
        cls,
        path: str,
        line: int,
        column: int,
        rule: RuleIdentity,
        message: str,
        *,
        end: tuple[int, int] | None = None,
        severity: Severity | None = None,
        fix: Fix | None = None,
        matched: str = "",
    ) -> Finding:
        """A finding of ``rule`` at ``line``/``column`` (to ``end``; default: an empty span
        there, as for a finding about the whole document)."""
        end_line, end_column = end if end is not None else (line, column)
        return cls(
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=rule.code,
            name=rule.name,
            severity=severity or rule.severity,
            message=message,
            fix=fix,
            matched=matched,
        )

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        """The fixed JSON shape of DESIGN.md."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix.to_dict() if self.fix else None,
        }
