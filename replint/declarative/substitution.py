"""``substitution``: a wrong form and its replacement (fixable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from replint.model.document import Document
from replint.model.findings import Finding

if TYPE_CHECKING:
    from replint.declarative.base import DeclarativeRule
from replint.declarative.hits import Hit
from replint.declarative.patterns import _Budget
from replint.declarative.spec import RuleSpec


def _check_substitution(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    by_wrong = {s.wrong: s for s in spec.swaps}
    by_lower = {s.wrong.lower(): s for s in spec.swaps}
    wrongs = tuple(by_wrong)
    for p, title in rule.paragraphs(doc):
        for start, end in rule._find_literal(p.text, wrongs):
            text = p.text[start:end]
            swap = by_wrong.get(text) or by_lower[text.lower()]
            shown = swap.right if swap.right is not None else "” or “".join(swap.choices)
            hit = Hit(p, start, end, text, swap.note)
            yield rule.hit_finding(
                doc,
                hit,
                {"replacement": shown, "section": title},
                replacement=swap.right,
                safe=not (spec.unsafe or swap.unsafe),
            )
