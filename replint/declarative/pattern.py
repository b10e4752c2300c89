"""``pattern``: a regex with an optional replacement template (fixable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from replint.model.document import Document
from replint.model.findings import Finding

if TYPE_CHECKING:
    from replint.declarative.base import DeclarativeRule
from replint.declarative.hits import render
from replint.declarative.patterns import _Budget
from replint.declarative.spec import RuleSpec


def _check_pattern(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    for p, title in rule.paragraphs(doc):
        for hit in rule.find_pattern(p, spec.pattern, budget):
            replacement = None
            if spec.replacement is not None:
                replacement = render(spec.replacement, {"match": hit.text, **hit.groups})
            values = {"section": title, **hit.groups}
            if replacement is not None:
                values["replacement"] = replacement
            yield rule.hit_finding(doc, hit, values, replacement=replacement, safe=not spec.unsafe)
