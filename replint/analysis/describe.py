"""What the analysis inferred, in words, for ``replint --verbose``."""

from __future__ import annotations

from replint.model.analysis import Analysis


def describe(analysis: Analysis) -> dict[str, str]:
    """What was inferred, in words, for ``replint --verbose``."""
    out: dict[str, str] = {}
    if analysis.reader:
        out["read as"] = analysis.reader
    out["language"] = "Chinese" if analysis.language == "zh" else "English"
    out["profile"] = f"{analysis.profile.name} ({analysis.profile_reason})"
    if analysis.period:
        p = analysis.period
        where = p.source
        if p.paragraph is not None and p.paragraph < len(analysis.lines):
            where += f", line {analysis.lines[p.paragraph]}"
        evidence = f": “{p.evidence}”" if p.evidence else ""
        out["period"] = (
            f"{p.label(analysis.language == 'en')} (from the {where}{evidence}; "
            f"{p.confidence} confidence)"
        )
        if p.source == "signing date":
            out["period"] += (
                "; a report signed from January to June covers that year or the one before,"
                " whichever its text names more often (with no hint: the year before if"
                " signed by March)"
            )
    else:
        out["period"] = f"unknown ({analysis.period_note})"
    if analysis.signing:
        line = analysis.lines[analysis.signing.paragraph] if analysis.lines else "?"
        when = analysis.signing.value.isoformat() if analysis.signing.value else "not a real date"
        out["signing date"] = f"{when} (line {line}: “{analysis.signing.text}”)"
    if analysis.title is not None and analysis.lines:
        out["title"] = f"line {analysis.lines[analysis.title]}"
    found = []
    for spec in analysis.profile.sections:
        parts = []
        for s in analysis.sections_of(spec.key):
            line = analysis.lines[s.first] if analysis.lines else s.first + 1
            if s.heading is not None:
                how = " (thematic, counted as work done)" if s.how == "position" else ""
                parts.append(f"line {line} “{analysis.headings[s.heading].label}”{how}")
            elif s.how == "opener":
                parts.append(f"line {line} (paragraph opening “{s.matched}”)")
            else:
                parts.append(f"line {line} (untitled part before the problems)")
        if parts:
            found.append(f"{spec.label}: " + ", ".join(parts))
        elif spec.required:
            found.append(f"{spec.label}: MISSING")
    out["sections"] = "; ".join(found) if found else "none"
    if analysis.headings:
        counts: dict[str, int] = {}
        for h in analysis.headings:
            counts[h.form] = counts.get(h.form, 0) + 1
        forms = ", ".join(f"{form} ×{n}" for form, n in counts.items())
        out["headings"] = f"{len(analysis.headings)} ({forms})"
    else:
        out["headings"] = "none"
    return out
