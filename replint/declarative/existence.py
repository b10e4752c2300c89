"""``existence``: tokens or patterns that must not appear."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from replint.model.document import Document
from replint.model.findings import Finding

if TYPE_CHECKING:
    from replint.declarative.base import DeclarativeRule
from replint.declarative.patterns import _Budget
from replint.declarative.spec import RuleSpec


def _check_existence(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    for p, title in rule.paragraphs(doc):
        for hit in rule.find_all(p, budget):
            yield rule.hit_finding(doc, hit, {"section": title})
