"""The command line. It builds the Config and the plugin registry, calls the engine and
hands the report to a formatter; there is no lint logic here.

``replint PATH…`` is short for ``replint check PATH…``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from replint.session import SessionOptions

from replint.infra import __version__
from replint.model.errors import ReplintError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# Commands imported when they are used, so that `replint FILE` does not load them.
_LAZY_COMMANDS = {
    "annotate": ("replint.annotate.command", "annotate"),
    "baseline": ("replint.cli.baseline", "baseline"),
}


class DefaultGroup(click.Group):
    """A group whose unknown first argument means ``check``: ``replint seeds/``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.list_commands(ctx) and args[0] not in ("--help", "-h", "--version")
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            import importlib

            module, name = _LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replint")
def main() -> None:
    """Lint written work reports (.txt, .md, .docx).

    Finds missing sections, leftover placeholders, date and year slips, copied
    paragraphs, and Chinese punctuation and wording faults.
    `replint PATH…` is short for `replint check PATH…`.
    """
    from replint.infra.cache import persist_at_exit

    persist_at_exit()  # a command-line run keeps its start-up tables for the next one


def run() -> None:
    """The ``replint`` command (and ``python -m replint``): :func:`main`, then a quick exit.

    When the command is done, the process ends at once: the exit handlers run (the
    start-up tables are saved there) and the output is flushed, but the interpreter is
    not torn down module by module and object by object, which a finished process does
    not need and which cost a quarter of a run on one report (bench/bench_startup.py).
    Scripts and tests that call :func:`main` keep the normal exit. The process also
    collects cyclic garbage less often (:mod:`replint.infra.gcpolicy`).
    """
    from replint.infra.gcpolicy import for_one_command

    for_one_command()
    try:
        main()
    except SystemExit as exc:
        exit_now(exc.code)


def exit_now(code: int | str | None) -> None:
    """Exit with ``code`` as ``sys.exit`` would, skipping the interpreter's teardown.

    Falls back to ``sys.exit`` while other threads run (they would be killed) and when
    the output cannot be flushed (a closed pipe: Python reports it as it always does).
    """
    import atexit
    import threading

    if threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message on stderr, status 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _fail(message: str) -> None:
    click.echo(f"replint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _registry_and_config(config_file: str | None, *, no_cache: bool = False) -> tuple[Any, Any]:
    from replint.config import load_config
    from replint.plugins import collect, get_plugin_manager

    config = load_config(config_file)
    if no_cache or not config.cache:
        # Also for the start-up tables (parsed data, compiled patterns), which are read
        # where no config is at hand; worker processes inherit the setting.
        os.environ["REPLINT_NO_CACHE"] = "1"
    registry = collect(get_plugin_manager())
    return registry, config


class _FormatOption(click.Option):
    """``--format``, whose help lists every format, plugins' included."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        try:
            from replint.plugins import collect, get_plugin_manager

            names = sorted(collect(get_plugin_manager()).formatters)
            self.help = f"Output format: {', '.join(names)}."
        except Exception:  # a broken plugin must not break --help
            pass
        return super().get_help_record(ctx)


@main.command()
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "--format",
    "output_format",
    cls=_FormatOption,
    default="text",
    show_default=True,
    help="Output format: text, json, sarif, github, junit, gitlab (and any a plugin adds).",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules: family letter (P), code prefix (P1), code (P101) or name. Comma-separated or repeated.",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="RULES",
    help="Add rules to those selected by the config.",
)
@click.option(
    "--ignore", multiple=True, metavar="RULES", help="Skip these rules (same forms as --select)."
)
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="Use this config file instead of the nearest .replint.yaml / pyproject.toml.",
)
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: warning).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (errors reading files still exit 2).",
)
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option(
    "-q", "--quiet", is_flag=True, help="Print findings only: no source lines and no summary."
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also print what was inferred per file: profile, report period, sections.",
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="Read text files in this encoding instead of detecting it (e.g. gb18030).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="With '-': the file name to report and to pick the reader by.",
)
@click.option(
    "--jobs",
    "-j",
    type=int,
    metavar="N",
    help="Worker processes for many files (default: all cores).",
)
@click.option(
    "--output-file",
    "-o",
    metavar="FILE",
    help="Write the report here; the terminal still gets the summary.",
)
@click.option(
    "--color/--no-color", default=None, help="Colour the output (default: only on a terminal)."
)
@click.option("--no-source", is_flag=True, help="Do not quote the source line under each finding.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache of archive files.")
@click.option(
    "--fix", is_flag=True, help="Apply safe fixes to the files, then report what is left."
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and change nothing.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix/--diff, also apply fixes that may change meaning.",
)
@click.option(
    "--baseline",
    "baseline_file",
    metavar="FILE",
    help="Hide the findings recorded in this baseline file (see `replint baseline`; "
    "default: config `baseline`).",
)
@click.option(
    "--diff-base",
    metavar="REF",
    help="Report only findings on lines changed since this git revision "
    "(`REF...`: since the merge base of REF and HEAD).",
)
@click.option(
    "--corpus-only",
    "corpus",
    flag_value="only",
    default=None,
    help="Run only the rules that compare reports with each other (the replint-corpus hook).",
)
@click.option(
    "--no-corpus",
    "corpus",
    flag_value="none",
    help="Skip the rules that compare reports with each other (the replint hook, whose "
    "partner replint-corpus runs them on every report).",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def check(debug: bool, **options: Any) -> None:
    """Lint files and directories (the default command)."""
    try:
        code = _check(CheckOptions(**options))
    except ReplintError as exc:
        _fail(str(exc))
        return
    except KeyboardInterrupt:
        click.echo("replint: interrupted", err=True)
        code = EXIT_ERROR
    except BrokenPipeError:  # `replint … | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_ERROR
    except Exception as exc:  # a bug: exit 2 (never 1, which means "findings")
        internal_error(exc, debug)
        code = EXIT_ERROR
    sys.exit(code)


def internal_error(exc: BaseException, debug: bool) -> None:
    """One line on stderr for an unexpected exception (the traceback with --debug)."""
    if debug:
        import traceback

        traceback.print_exception(exc)
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    hint = "" if debug else " (re-run with --debug for the traceback)"
    click.echo(f"replint: internal error: {detail}{hint}; please report it", err=True)


@dataclass(frozen=True)
class CheckOptions:
    """The ``check`` command's flags as one value (the names are the click options')."""

    paths: tuple[str, ...] = ()
    output_format: str = "text"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config_file: str | None = None
    fail_level: str | None = None
    exit_zero: bool = False
    statistics: bool = False
    quiet: bool = False
    verbose: bool = False
    encoding: str | None = None
    stdin_filename: str | None = None
    jobs: int | None = None
    output_file: str | None = None
    color: bool | None = None
    no_source: bool = False
    no_cache: bool = False
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    baseline_file: str | None = None
    diff_base: str | None = None
    corpus: str | None = None

    def session_options(self, needs_facts: bool = False) -> SessionOptions:
        """What the Session takes from the flags (the html page shows each file's
        inferred facts, as --verbose does)."""
        from replint.session import SessionOptions

        return SessionOptions(
            verbose=self.verbose or needs_facts,
            stdin_filename=self.stdin_filename,
            baseline_file=self.baseline_file,
            diff_base=self.diff_base,
            progress=True,
        )


def _check(opts: CheckOptions) -> int:
    from replint.formatters import FormatterOptions
    from replint.formatters.text import POINTERS, summary
    from replint.formatters.text import statistics as statistics_table
    from replint.model.findings import Severity
    from replint.runner.discover import STDIN
    from replint.session import Session

    registry, config = _registry_and_config(opts.config_file, no_cache=opts.no_cache)
    config = config.with_overrides(
        select=_split(opts.select),
        extend_select=_split(opts.extend_select),
        ignore=_split(opts.ignore),
        fail_level=Severity.parse(opts.fail_level) if opts.fail_level else None,
        encoding=opts.encoding,
        jobs=opts.jobs,
        cache=False if opts.no_cache else None,
    )
    if opts.corpus:
        # The pre-commit pair splits the rules, so no finding is printed by both hooks.
        codes = tuple(code for code, rule in registry.rules.items() if rule.corpus)
        if opts.corpus == "only":
            config = config.with_overrides(select=codes, extend_select=())
        else:
            config = config.with_overrides(ignore=(*config.ignore, *codes))
    formatter_cls = registry.formatters.get(opts.output_format)
    if formatter_cls is None:
        known = ", ".join(sorted(registry.formatters))
        raise UsageError(f"unknown format {opts.output_format!r} (known: {known})")
    session = Session(
        config,
        registry,
        opts.session_options(needs_facts=bool(getattr(formatter_cls, "needs_facts", False))),
        stdin=sys.stdin.buffer.read() if STDIN in opts.paths else None,
    )
    skipped: list[Path] = []
    targets = session.targets(opts.paths, skipped)
    if skipped:
        from replint.readers.converted import skipped_summary

        click.echo(skipped_summary(skipped), err=True)
        if not targets:
            return EXIT_ERROR
    report = session.lint_targets(targets)
    if opts.fix or opts.diff or opts.unsafe_fixes:
        result = session.fix(targets, report, unsafe=opts.unsafe_fixes, diff_only=opts.diff)
        by_path = {f.path for f in report.findings}
        for entry in result.files:
            if entry.note and entry.path in by_path:
                click.echo(f"{entry.path}: {entry.note}", err=True)
            if entry.error and opts.diff:
                click.echo(f"{entry.path}: {entry.error}", err=True)
        if opts.diff:
            click.echo(result.diff, nl=False)
            click.echo(result.summary(diff_only=True), err=True)
            if result.errors:
                return EXIT_ERROR
            return EXIT_FINDINGS if result.changed else EXIT_CLEAN
        click.echo(result.summary(), err=True)
        if result.changed:
            session.progress = False
            report = session.lint_targets(targets)
        if result.errors:  # E007 findings: the run exits 2 and every format shows them
            report = _with_findings(report, [_not_fixed(e.path, e.error) for e in result.errors])
    for note in report.notes:
        click.echo(note, err=True)

    if opts.verbose and report.inferred:
        for path, facts in report.inferred.items():
            click.echo(f"{path}:", err=True)
            for key, value in facts.items():
                click.echo(f"    {key}: {value}", err=True)
    terminal = _colour(opts.color)
    options = FormatterOptions(
        color=bool(terminal) and not opts.output_file,
        show_source=not (opts.quiet or opts.no_source),
    )
    from replint.formatters import printable_report

    # Output is UTF-8: file names that are not are shown with \xNN escapes (SARIF
    # percent-encodes their bytes itself).
    shown = report if getattr(formatter_cls, "raw_paths", False) else printable_report(report)
    rendered = formatter_cls(options).render(shown)
    if opts.output_file:
        # The report goes to the file; the terminal gets the summary line only.
        try:
            Path(opts.output_file).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {opts.output_file}: {exc.strerror}") from None
    elif not (opts.statistics and not formatter_cls.machine_readable):
        click.echo(rendered, nl=False, color=terminal)  # --statistics: the counts only
    human = not formatter_cls.machine_readable or opts.output_file
    if opts.statistics:
        click.echo(statistics_table(report), nl=False, err=not human)
    if not opts.quiet:
        line = summary(report)
        if report.findings:
            line += " " + POINTERS
        click.echo(line, err=not human)
    return exit_code(report, config.fail_level, opts.exit_zero)


def _colour(option: bool | None) -> bool:
    """--color/--no-color, else NO_COLOR (any value: off), else FORCE_COLOR (on), else
    whether stdout is a terminal (https://no-color.org, https://force-color.org)."""
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _not_fixed(path: str, message: str) -> Any:
    from replint.model.findings import Finding, Severity

    return Finding(path, 1, 1, 1, 1, "E007", "not-fixed", Severity.ERROR, message)


def _with_findings(report: Any, extra: Sequence[Any]) -> Any:
    from dataclasses import replace

    findings = sorted([*report.findings, *extra], key=lambda f: f.sort_key)
    return replace(report, findings=tuple(findings))


def exit_code(report: Any, fail_level: Any, exit_zero: bool) -> int:
    """2 when a file could not be read or a rule failed; 1 for findings; else 0."""
    if any(f.code.startswith("E") for f in report.findings):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    if any(f.severity.rank >= fail_level.rank for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


@main.command()
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only way).")
def server(stdio: bool) -> None:
    """Run the Language Server over stdio (needs `pip install 'replint[server]'`)."""
    from replint.server import main as serve

    sys.exit(serve())


@main.command("rules")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text"
)
@click.option("--config", "config_file", metavar="FILE")
def rules_command(output_format: str, config_file: str | None) -> None:
    """List every rule: code, name, default severity, fixable, summary.

    `--format markdown` prints the rule reference page (docs/rules.md).
    """
    try:
        registry, config = _registry_and_config(config_file)
        rules = _all_rules(registry, config)
    except ReplintError as exc:
        _fail(str(exc))
        return
    if output_format == "markdown":
        from replint.cli.rules_doc import render

        click.echo(render(rules), nl=False)
        return
    if output_format == "json":
        import json

        items = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "fixable": r.fixable,
                "summary": r.summary(),
                "origin": r.origin,
            }
            for r in rules
        ]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    width = max((len(r.name) for r in rules), default=10)
    click.echo(f"{'code':<6} {'name':<{width}} {'severity':<8} fix  summary")
    for r in rules:
        fix = "yes" if r.fixable else "-"
        click.echo(f"{r.code:<6} {r.name:<{width}} {r.severity.value:<8} {fix:<4} {r.summary()}")


def _all_rules(registry: Any, config: Any) -> list[Any]:
    from replint.declarative import config_rules

    return sorted([*registry.rules.values(), *config_rules(config)], key=lambda r: r.code)


@main.command()
@click.argument("rule")
@click.option("--config", "config_file", metavar="FILE")
def explain(rule: str, config_file: str | None) -> None:
    """Print a rule's documentation and options: `replint explain P101`."""
    try:
        registry, config = _registry_and_config(config_file)
        rules = {r.code: r for r in _all_rules(registry, config)}
    except ReplintError as exc:
        _fail(str(exc))
        return
    found = rules.get(rule.upper()) or next((r for r in rules.values() if r.name == rule), None)
    if found is None:
        from replint.filters.select import redirects

        moved = redirects(rules.values()).get(rule.upper())
        if moved is not None:
            found = rules[moved]
            click.echo(f"{rule.upper()} has moved: it is now {moved} ({found.name}).\n")
    if found is None:
        _fail(f"no rule {rule!r} (see `replint rules`)")
        return
    from replint.rule import describe_option

    fix = "fixable with --fix" if found.fixable else "not fixable"
    click.echo(f"{found.code} {found.name} ({found.severity.value}, {fix})\n")
    click.echo(found.documentation())
    if found.options:
        click.echo("\n## Options (config: rules: {" + found.code + ": {...}})")
        for key in found.options:
            click.echo(f"  {describe_option(found, key)}")
    else:
        click.echo("\n## Options\n  (none)")
