"""``Session(config).lint(paths) -> Report``: THE orchestration.

config -> registry -> plan -> discover -> read -> analyse -> check (per document, then
the corpus) -> filter. The library API (:func:`replint.lint_paths`), the command line
(``check``, ``--fix``/``--diff``, ``baseline create|update``) and any later front end
(an HTML report, a language server) all go through a Session, so they cannot disagree
about which findings a file has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replint.config import Config
from replint.filters.apply import FilterSettings, apply, relint_filter
from replint.model.findings import Finding
from replint.model.report import Report
from replint.runner.discover import STDIN, Target, discover

if TYPE_CHECKING:
    from replint.plugins import Registry
    from replint.runner.fix import FixResult
    from replint.runner.plan import Plan
    from replint.runner.run import Checked


@dataclass(frozen=True)
class SessionOptions:
    """How a run is asked for beyond the config: what the command line or a caller adds.

    ``baseline_file`` overrides the config's ``baseline``; ``use_baseline=False`` lints
    without any baseline (``replint baseline create`` must see every finding).
    ``diff_base`` keeps only findings on lines changed since that git revision.
    ``stdin_filename`` names the data read for the path ``-``. ``verbose`` collects each
    file's inferred facts; ``progress`` reports progress on a terminal.
    """

    verbose: bool = False
    stdin_filename: str | None = None
    baseline_file: str | None = None
    use_baseline: bool = True
    diff_base: str | None = None
    jobs: int | None = None
    progress: bool = False


class Session:
    """One configured run of replint over some paths.

    ``options`` (a :class:`SessionOptions`) say how; its fields may also be given as
    keywords (``Session(config, jobs=1)``), which override ``options``.

    ``baseline_file`` overrides the config's ``baseline``; ``use_baseline=False`` lints
    without any baseline (``replint baseline create`` must see every finding).
    ``diff_base`` keeps only findings on lines changed since that git revision.
    ``stdin`` is the data read for the path ``-`` (named ``stdin_filename``).
    """

    def __init__(
        self,
        config: Config,
        registry: Registry | None = None,
        options: SessionOptions | None = None,
        *,
        stdin: bytes | None = None,
        **fields: Any,
    ) -> None:
        opts = replace(options or SessionOptions(), **fields)
        self.options = opts
        self.config = config
        self._registry = registry
        self.verbose = opts.verbose
        self.stdin = stdin
        self.stdin_filename = opts.stdin_filename
        self.baseline_file = opts.baseline_file
        self.use_baseline = opts.use_baseline
        self.diff_base = opts.diff_base
        self.jobs = opts.jobs if opts.jobs is not None else (config.jobs or None)
        self.progress = opts.progress

    # -- the stages -------------------------------------------------------------------
    @cached_property
    def registry(self) -> Registry:
        if self._registry is None:
            from replint.plugins import collect, get_plugin_manager

            self._registry = collect(get_plugin_manager())
        return self._registry

    @cached_property
    def plan(self) -> Plan:
        from replint.declarative import config_rules
        from replint.runner.plan import make_plan

        return make_plan(
            self.config,
            self.registry,
            verbose=self.verbose,
            stdin=self.stdin,
            extra_rules=config_rules(self.config),
        )

    @cached_property
    def baseline(self) -> str | None:
        """The baseline file in use: the option, else the config's, else none."""
        if not self.use_baseline:
            return None
        from replint.filters.apply import resolve_path

        return resolve_path(self.baseline_file, self.config)

    @property
    def filters(self) -> FilterSettings:
        return FilterSettings(
            selection=self.plan.selection,
            all_rules=self.plan.all_rules,
            baseline=self.baseline,
            diff_base=self.diff_base,
        )

    def targets(self, paths: Sequence[str], skipped: list[Path] | None = None) -> list[Target]:
        """The files to lint; report-like files no reader reads go into ``skipped``."""
        config = self.config
        targets = discover(
            list(paths) or ["."],
            self.plan.readers.keys(),
            config.exclude,
            config.root,
            config.respect_gitignore,
            skipped,
        )
        if self.stdin_filename:
            targets = [Target(self.stdin_filename, None) if t.path is None else t for t in targets]
        return targets

    def check(self, targets: Sequence[Target]) -> Checked:
        """The rules' findings before the filter stage."""
        from replint.runner.run import Progress, run

        progress = Progress() if self.progress else None
        try:
            return run(self.plan, targets, jobs=self.jobs, progress=progress)
        finally:
            if progress:
                progress.close()

    # -- the entry points -------------------------------------------------------------
    def lint(self, paths: Sequence[str]) -> Report:
        """Lint files and directories: the filtered report."""
        return self.lint_targets(self.targets(paths))

    def lint_targets(self, targets: Sequence[Target]) -> Report:
        checked = self.check(targets)
        return apply(checked.report, self.filters, checked.directives)

    def lint_text(self, text: str, filename: str = "<text>.txt") -> Report:
        """Lint ``text`` as if it were the file ``filename`` (its suffix picks the reader)."""
        session = Session(
            self.config,
            self._registry,
            verbose=self.verbose,
            stdin=text.encode("utf-8"),
            baseline_file=self.baseline_file,
            use_baseline=self.use_baseline,
            diff_base=self.diff_base,
            jobs=1,
        )
        return session.lint_targets([Target(filename, None)])

    def relint(self, path: str, text: str) -> list[Finding]:
        """The findings for ``text`` as the file ``path``, checked and filtered as in
        :meth:`lint` (select and suppress; the baseline and diff are not re-applied)."""
        from replint.filters.suppress import scan
        from replint.runner.fix import read_text_as
        from replint.runner.run import check_document

        doc = read_text_as(self.plan, path, text)
        return relint_filter(check_document(self.plan, doc), self.filters, scan(doc))

    def fix(
        self, targets: Sequence[Target], report: Report, *, unsafe: bool, diff_only: bool
    ) -> FixResult:
        """Apply the fixes of ``report``'s findings to the files (or diff them)."""
        from replint.runner.fix import fix_files

        by_path: dict[str, list[Finding]] = {}
        for f in report.findings:
            by_path.setdefault(f.path, []).append(f)
        # The lines each file had when it was linted: a file saved since is left alone.
        items = [
            (t.path, by_path.get(t.display, []), t.display, report.sources.get(t.display))
            for t in targets
            if t.path
        ]
        return fix_files(
            items, self.relint, unsafe=unsafe, diff_only=diff_only, encoding=self.config.encoding
        )


__all__ = ["STDIN", "Session"]
