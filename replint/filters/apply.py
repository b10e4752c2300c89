"""The filter stage: ONE :func:`apply` after the corpus pass, used by every entry point.

In order: **select** (a finding is kept only when its rule is selected for its file;
E findings always), **suppress** (inline ``replint-disable`` directives; the unused
ones become M001 findings when M001 is selected), **baseline** (findings recorded in
the baseline file are hidden; stale entries become a note), **diff** (with
``--diff-base``, only findings on changed lines). The baseline comes before the diff
so that findings outside the diff still count against its entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from replint.filters.select import Selection, keep_selected, redirects
from replint.filters.suppress import Suppressions, suppress
from replint.model.findings import Finding
from replint.model.report import Report

if TYPE_CHECKING:
    from replint.config import Config
    from replint.rule import Rule


@dataclass(frozen=True)
class FilterSettings:
    """What the filter stage needs: the selection, the known rules, baseline and diff."""

    selection: Selection
    all_rules: tuple[type[Rule], ...] = ()
    baseline: str | None = None  # a baseline file (already resolved against the config)
    diff_base: str | None = None  # a git revision


def apply(
    report: Report,
    settings: FilterSettings,
    directives: Mapping[str, Suppressions | None] | None = None,
) -> Report:
    """``report`` filtered: select, suppress, baseline, diff (see the module docstring)."""
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    directives = directives or {}
    findings: list[Finding] = []
    for display, items in by_path.items():
        items = keep_selected(items, settings.selection, display)
        items = suppress(
            display, items, directives.get(display), settings.selection, settings.all_rules
        )
        findings.extend(items)
    findings.sort(key=lambda f: f.sort_key)
    report = replace(report, findings=tuple(findings))
    report, notes = apply_baseline_and_diff(
        report, settings.baseline, settings.diff_base, redirects(settings.all_rules)
    )
    return replace(report, notes=(*report.notes, *notes)) if notes else report


def relint_filter(
    findings: Sequence[Finding], settings: FilterSettings, directives: Suppressions | None
) -> list[Finding]:
    """The same stage for one re-linted file (``--fix``): select and suppress only."""
    if not findings:
        return []
    path = findings[0].path
    report = Report(findings=tuple(findings), files=(path,))
    plain = replace(settings, baseline=None, diff_base=None)
    return list(apply(report, plain, {path: directives}).findings)


def apply_baseline_and_diff(
    report: Report,
    baseline_file: str | None,
    diff_base: str | None,
    moved: Mapping[str, str] | None = None,
) -> tuple[Report, list[str]]:
    """``report`` without baselined findings and, with ``diff_base``, without findings on
    unchanged lines; plus notes for stderr (stale baseline entries).

    The baseline is applied first so that findings outside the diff still count
    against its entries. ``moved`` (old code -> new) files entries written under a
    moved rule's former code under its current one. Raises UsageError/ConfigError (exit 2) for a broken baseline,
    a missing git repository or an unknown revision.
    """
    notes: list[str] = []
    if baseline_file:
        from replint.filters import baseline

        loaded = baseline.redirected(baseline.load(baseline_file), moved or {})
        report, stale = baseline.apply(report, loaded)
        if stale:
            count = sum(e.count for e in stale)
            notes.append(
                f"replint: {count} baseline entr{'y' if count == 1 else 'ies'} in "
                f"{baseline_file} no longer match (fixed or edited); prune them with "
                f"`replint baseline update --baseline {baseline_file} PATH…`"
            )
    if diff_base:
        from replint.filters.diff import changed_lines, diff_filter

        changed = changed_lines(diff_base, report.files)
        report = replace(report, findings=tuple(diff_filter(report.findings, changed)))
    return report, notes


def resolve_path(option: str | None, config: Config, *, default: bool = False) -> str | None:
    """The baseline file to use (cheap: the baseline module loads only when one is): the option as typed, else config ``baseline`` (relative to the
    config file), else, with ``default``, ``.replint-baseline.json`` next to the config."""
    if option:
        return option
    if config.baseline:
        path = Path(config.baseline)
        return str(path if path.is_absolute() else config.root / path)
    if default:
        from replint.filters.baseline import DEFAULT_FILE

        return str(config.root / DEFAULT_FILE) if config.source else DEFAULT_FILE
    return None
