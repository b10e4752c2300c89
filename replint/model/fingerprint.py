"""Stable fingerprints of findings: path, rule, matched text, context, occurrence.

They survive lines being inserted above a finding. The baseline keys its entries by
them, and the GitLab and SARIF formats give them to their consumers to track findings
across commits; a value both layers use, so it lives with the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from replint.model.findings import Finding

# Longer matched texts (a copied paragraph) are shortened and identified by a hash,
# so the baseline stays readable in a diff.
MAX_TEXT = 120
KEEP_TEXT = 60
# Characters of context kept on each side of a matched text, for texts short enough to
# recur in a file (``XX``, ``某某``); a longer text identifies itself.
CONTEXT = 8
MAX_CONTEXT_TEXT = 40

Sources = Mapping[str, Sequence[str]]
_NO_SOURCES: Sources = MappingProxyType({})


def normalise(text: str) -> str:
    """Collapse every run of whitespace (full-width spaces included) to one space."""
    return " ".join(text.split())


def finding_text(finding: Finding) -> str:
    """The text that identifies a finding apart from its place: matched text, else message."""
    text = normalise(finding.matched) or normalise(finding.message)
    if len(text) > MAX_TEXT:
        import hashlib

        digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        text = f"{text[:KEEP_TEXT]}… #{digest}"
    return text


def finding_context(finding: Finding, lines: Sequence[str]) -> str:
    """The matched text with up to CONTEXT characters either side, from the source line.

    Empty when there is nothing to add: no matched text, a span over several lines, a
    long text (specific enough alone), or a source that does not show the matched text
    at the finding's place.
    """
    matched = finding.matched
    if not matched or finding.end_line != finding.line or len(matched) > MAX_CONTEXT_TEXT:
        return ""
    if not 1 <= finding.line <= len(lines):
        return ""
    line = lines[finding.line - 1]
    start, end = finding.column - 1, finding.end_column - 1
    if start < 0 or line[start:end] != matched:
        return ""
    context = normalise(line[max(0, start - CONTEXT) : end + CONTEXT])
    return "" if context == normalise(matched) else context


def fingerprints(findings: Sequence[Finding], sources: Sources | None = None) -> list[str]:
    """A stable id per finding: path, code, matched text, context and occurrence index.

    The id survives paragraphs being inserted above the finding; used by the GitLab
    and SARIF formats so their consumers track findings across commits.
    """
    import hashlib

    sources = sources or _NO_SOURCES
    order = sorted(range(len(findings)), key=lambda i: findings[i].sort_key)
    seen: Counter[tuple[str, ...]] = Counter()
    out = [""] * len(findings)
    for i in order:
        f = findings[i]
        key = (f.path, f.code, finding_text(f), finding_context(f, sources.get(f.path, ())))
        index = seen[key]
        seen[key] += 1
        raw = "\x1f".join((*key, str(index)))
        out[i] = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return out
