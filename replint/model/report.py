"""The result of a run, handed to formatters: findings plus what they need to show them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from replint.model.findings import Finding

if TYPE_CHECKING:
    from replint.rule import Rule


@dataclass(frozen=True)
class Report:
    """Everything one run found.

    ``files`` are the paths linted, in order; ``sources`` maps a path to its lines for
    quoting; ``rules`` are the rule classes that were selected (for formats that
    describe rules, such as SARIF).
    """

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    rules: Mapping[str, type[Rule]] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    inferred: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    #: Notes for stderr from the filter stage (stale baseline entries).
    notes: tuple[str, ...] = ()

    @property
    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})
