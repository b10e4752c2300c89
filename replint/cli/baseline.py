"""``replint baseline create|update``: lint through a Session without the baseline,
then write or prune the baseline file (:mod:`replint.filters.baseline`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from replint.model.errors import ReplintError

if TYPE_CHECKING:
    from replint.config import Config
    from replint.model.report import Report

EXIT_CLEAN, EXIT_ERROR = 0, 2
# Stale entries listed one per line before the rest is summarised.
MAX_LISTED = 50


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def lint(paths: Sequence[str], config_file: str | None, **selection: Any) -> tuple[Report, Config]:
    """Lint the way ``replint check`` does (same Session), but without any baseline.

    ``selection``: the keyword options of :func:`_lint_with_moves` (select, ignore, ...).
    """
    report, config, _moved = _lint_with_moves(paths, config_file, **selection)
    return report, config


def _lint_with_moves(
    paths: Sequence[str],
    config_file: str | None,
    *,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    encoding: str | None = None,
    jobs: int | None = None,
) -> tuple[Report, Config, dict[str, str]]:
    """:func:`lint`, plus the moved rules' codes (old -> new) known to its Session."""
    from replint.config import load_config
    from replint.filters.select import redirects
    from replint.session import Session, SessionOptions

    config = load_config(config_file).with_overrides(
        select=_split(select),
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        encoding=encoding,
        jobs=jobs,
    )
    session = Session(config, options=SessionOptions(use_baseline=False, progress=True))
    report = session.lint(paths)
    return report, config, redirects(session.plan.all_rules)


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
) -> tuple[Report, str, dict[str, str]]:
    """Lint like ``replint check`` would: the report, the baseline file to use, and the
    moved rules' codes (old -> new), so that entries under a former code are kept."""
    report, config, moved = _lint_with_moves(paths, config_file, **selection)
    from replint.filters.apply import resolve_path

    target = resolve_path(baseline_file, config, default=True)
    assert target is not None  # default=True always names a file
    return report, target, moved


@baseline.command()
@_with_common
def create(
    paths: tuple[str, ...], baseline_file: str | None, config_file: str | None, **selection: Any
) -> None:
    """Write a baseline accepting every current finding in PATH… (default: .)."""
    from replint.filters import baseline as bl

    try:
        report, target, _moved = _lint_for_baseline(paths, baseline_file, config_file, **selection)
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
        report, target, moved = _lint_for_baseline(paths, baseline_file, config_file, **selection)
        # An entry written under a rule's former code (W103, now R105) still accepts
        # its finding, so it is re-filed under the current code, not pruned as stale.
        loaded = bl.redirected(bl.load(target), moved)
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
