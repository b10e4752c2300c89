"""``occurrence``: how often tokens or patterns may appear (document, section, paragraph)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from replint.model.document import Document, Paragraph
from replint.model.findings import Finding

if TYPE_CHECKING:
    from replint.declarative.base import DeclarativeRule
from replint.declarative.hits import render
from replint.declarative.patterns import _Budget
from replint.declarative.spec import RuleSpec


def _check_occurrence(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    groups: list[tuple[Paragraph | None, str, Sequence[Paragraph]]]
    if spec.scope == "section":
        groups = [(s.heading, s.title, s.paragraphs) for s in rule.sections(doc)]
    elif spec.scope == "paragraph":
        groups = [(p, title, (p,)) for p, title in rule.paragraphs(doc)]
    else:
        groups = [(None, "", [p for p, _t in rule.paragraphs(doc)])]
    what = "”, “".join([t for t, _n in spec.tokens] + list(spec.patterns))
    for anchor, title, paragraphs in groups:
        hits = [h for p in paragraphs for h in rule.find_all(p, budget)]
        values = {
            "count": len(hits),
            "min": spec.minimum if spec.minimum is not None else 0,
            "max": spec.maximum if spec.maximum is not None else "",
            "section": title,
        }
        if spec.maximum is not None and len(hits) > spec.maximum:
            first_excess = hits[spec.maximum]
            yield rule.hit_finding(doc, first_excess, values)
        if spec.minimum is not None and len(hits) < spec.minimum:
            message = render(spec.message, {"match": what, **values})
            yield rule.anchor_finding(doc, anchor, message)
