"""``required``: phrases that must appear (in the ``within`` sections)."""

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


def _check_required(
    rule: DeclarativeRule, doc: Document, spec: RuleSpec, budget: _Budget
) -> Iterator[Finding]:
    scopes: list[tuple[Paragraph | None, str, Sequence[Paragraph]]]
    if spec.within:
        scopes = [(s.heading, s.title, s.paragraphs) for s in rule.sections(doc)]
    else:
        scopes = [(None, "", doc.paragraphs)]
    for anchor, title, paragraphs in scopes:
        present = {
            phrase
            for phrase in spec.phrases
            if any(rule._contains(p.text, phrase) for p in paragraphs)
        }
        missing = [ph for ph in spec.phrases if ph not in present]
        if spec.mode == "any":
            if not present:
                listed = "”, “".join(spec.phrases)
                values = {"phrase": listed, "phrases": listed, "section": title}
                yield rule.anchor_finding(doc, anchor, render(spec.message, values))
            continue
        for phrase in missing:
            values = {"phrase": phrase, "phrases": "”, “".join(missing), "section": title}
            yield rule.anchor_finding(doc, anchor, render(spec.message, values))
