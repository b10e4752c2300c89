"""CI pieces of the command line: ``replint baseline create|update`` and the filters
``check`` applies for ``--baseline FILE`` and ``--diff-base REF``.

The lead's ``replint/cli.py`` adds the group with ``main.add_command(baseline)`` and
calls :func:`apply_ci_filters` on the report before formatting it.
"""

from __future__ import annotations

import sys
from collections.abc import Container, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from replint.model.errors import ReplintError

if TYPE_CHECKING:
    from replint.config import Config
    from replint.model.findings import Finding
    from replint.model.report import Report

EXIT_CLEAN, EXIT_ERROR = 0, 2
# Stale entries listed one per line before the rest is summarised.
MAX_LISTED = 50


def baseline_path(option: str | None, config: Config, *, default: bool = False) -> str | None:
    """The baseline to use: the option as typed, else config ``baseline`` (relative to the
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


def is_document_level(finding: Finding) -> bool:
    """An empty span: a finding about the whole document (e.g. a missing section)."""
    return finding.line == finding.end_line and finding.column == finding.end_column


def diff_filter(
    findings: Sequence[Finding], changed: Mapping[str, Container[int]]
) -> list[Finding]:
    """Findings on changed lines; document-level ones when their file changed at all.

    E findings (unreadable files, crashed rules) are always kept: they are failures of
    the run, not old problems.
    """
    kept = []
    for f in findings:
        lines = changed.get(f.path)
        if f.code.startswith("E"):
            kept.append(f)
        elif lines is None:
            continue
        elif is_document_level(f) or any(
            n in lines for n in range(f.line, max(f.line, f.end_line) + 1)
        ):
            kept.append(f)
    return kept


def apply_ci_filters(
    report: Report, baseline_file: str | None, diff_base: str | None
) -> tuple[Report, list[str]]:
    """``report`` without baselined findings and, with ``diff_base``, without findings on
    unchanged lines; plus notes for stderr (stale baseline entries).

    The baseline is applied first so that findings outside the diff still count
    against its entries. Raises UsageError/ConfigError (exit 2) for a broken baseline,
    a missing git repository or an unknown revision.
    """
    notes: list[str] = []
    if baseline_file:
        from replint.filters import baseline

        loaded = baseline.load(baseline_file)
        report, stale = baseline.apply(report, loaded)
        if stale:
            count = sum(e.count for e in stale)
            notes.append(
                f"replint: {count} baseline entr{'y' if count == 1 else 'ies'} in "
                f"{baseline_file} no longer match (fixed or edited); prune them with "
                f"`replint baseline update --baseline {baseline_file} PATH…`"
            )
    if diff_base:
        from replint.filters.diff import changed_lines

        changed = changed_lines(diff_base, report.files)
        report = replace(report, findings=tuple(diff_filter(report.findings, changed)))
    return report, notes


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def lint(
    paths: Sequence[str],
    config_file: str | None,
    *,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    encoding: str | None = None,
    jobs: int | None = None,
) -> tuple[Report, Config]:
    """Run the engine the way ``replint check`` does (same config, selection, discovery)."""
    from replint.config import load_config
    from replint.declarative import config_rules
    from replint.plugins import collect, get_plugin_manager
    from replint.runner import plan as planner
    from replint.runner import run as engine
    from replint.runner.discover import discover

    config = load_config(config_file)
    registry = collect(get_plugin_manager())
    config = config.with_overrides(
        select=_split(select),
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        encoding=encoding,
        jobs=jobs,
    )
    plan = planner.make_plan(config, registry, extra_rules=config_rules(config))
    targets = discover(
        list(paths) or ["."],
        plan.readers.keys(),
        config.exclude,
        config.root,
        config.respect_gitignore,
    )
    progress = engine.Progress()
    try:
        report = engine.run(plan, targets, jobs=config.jobs or None, progress=progress)
    finally:
        progress.close()
    return report, config


def _report_errors(report: Report) -> bool:
    errors = [f for f in report.findings if f.code.startswith("E")]
    for f in errors:
        click.echo(f"replint: error: {f.path}:{f.line}:{f.column}: {f.code} {f.message}", err=True)
    return bool(errors)


def _fail(message: str) -> None:
    click.echo(f"replint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


_common = [
    click.argument("paths", nargs=-1, type=str),
    click.option(
        "--baseline",
        "baseline_file",
        metavar="FILE",
        help="The baseline file (default: config `baseline`, else .replint-baseline.json).",
    ),
    click.option("--config", "config_file", metavar="FILE", help="Use this config file."),
    click.option("--select", multiple=True, metavar="RULES", help="Only these rules."),
    click.option("--extend-select", multiple=True, metavar="RULES", help="Add these rules."),
    click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules."),
    click.option("--encoding", metavar="NAME", help="Read text files in this encoding."),
    click.option("--jobs", "-j", type=int, metavar="N", help="Worker processes."),
]


def _with_common(func: Any) -> Any:
    for decorator in reversed(_common):
        func = decorator(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def baseline() -> None:
    """Accept today's findings so that CI fails only on new ones.

    `replint baseline create PATH…` records every finding in a JSON file;
    `replint --baseline FILE PATH…` then hides them. `replint baseline update PATH…`
    prunes entries that were fixed (it never adds new ones). Entries are keyed by
    file, rule and matched text, not by line, so edits above a finding keep it hidden.
    """


def _lint_for_baseline(
    paths: tuple[str, ...], baseline_file: str | None, config_file: str | None, **selection: Any
) -> tuple[Report, str]:
    """Lint like ``replint check`` would; the report and the baseline file to use."""
    report, config = lint(paths, config_file, **selection)
    target = baseline_path(baseline_file, config, default=True)
    assert target is not None  # default=True always names a file
    return report, target


@baseline.command()
@_with_common
def create(
    paths: tuple[str, ...], baseline_file: str | None, config_file: str | None, **selection: Any
) -> None:
    """Write a baseline accepting every current finding in PATH… (default: .)."""
    from replint.filters import baseline as bl

    try:
        report, target = _lint_for_baseline(paths, baseline_file, config_file, **selection)
        data = bl.create(report, Path(target).resolve().parent)
        bl.write(target, data)
    except ReplintError as exc:
        _fail(str(exc))
        return
    entries = len(bl.Baseline.from_data(data, Path.cwd()))
    files = len(data["findings"])
    click.echo(
        f"Wrote {target}: {entries} finding{'s' if entries != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''} accepted."
    )
    if _report_errors(report):
        click.echo("replint: files that could not be read are never baselined.", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_CLEAN)


@baseline.command()
@_with_common
def update(
    paths: tuple[str, ...], baseline_file: str | None, config_file: str | None, **selection: Any
) -> None:
    """Prune baseline entries that no longer match anything in PATH… (default: .).

    Only the files linted and the rules selected are considered, so
    `baseline update reports/2024` leaves the other entries alone. New findings are
    not added: fix them, or re-create the baseline to accept them on purpose.
    """
    from replint.filters import baseline as bl

    try:
        report, target = _lint_for_baseline(paths, baseline_file, config_file, **selection)
        loaded = bl.load(target)
        data, stale, new = bl.update(report, loaded)
        if stale:
            bl.write(target, data)
    except ReplintError as exc:
        _fail(str(exc))
        return
    if stale:
        count = sum(e.count for e in stale)
        click.echo(f"Pruned {count} stale entr{'y' if count == 1 else 'ies'} from {target}:")
        for entry in stale[:MAX_LISTED]:
            click.echo(f"  {entry.describe()}")
        if len(stale) > MAX_LISTED:
            click.echo(f"  … and {len(stale) - MAX_LISTED} more (see the file's diff)")
    else:
        click.echo(f"{target} is up to date: no stale entries.")
    if new:
        click.echo(
            f"{new} finding{'s are' if new != 1 else ' is'} not in the baseline: fix "
            f"{'them' if new != 1 else 'it'} (`replint --baseline {target} PATH…` lists "
            "them), or re-create the baseline to accept them."
        )
    sys.exit(EXIT_ERROR if _report_errors(report) else EXIT_CLEAN)
