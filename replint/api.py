"""The library API behind :func:`replint.lint_paths` and :func:`replint.lint_text`."""

from __future__ import annotations

from typing import Any

from replint.config import load_config
from replint.model.findings import Finding
from replint.model.report import Report
from replint.plugins import collect, get_plugin_manager
from replint.runner import plan as planner
from replint.runner import run as engine
from replint.runner.discover import Target, discover


def _plan(stdin: bytes | None = None, **overrides: Any) -> planner.Plan:
    config = load_config(overrides.pop("config_file", None))
    config = config.with_overrides(**overrides)
    from replint.declarative import config_rules

    return planner.make_plan(
        config, collect(get_plugin_manager()), stdin=stdin, extra_rules=config_rules(config)
    )


def lint_paths(paths: list[str], **overrides: Any) -> Report:
    """Lint files and directories; ``overrides`` are Config fields (``select=("P",)``)."""
    plan = _plan(**overrides)
    config = plan.config
    targets = discover(
        paths, plan.readers.keys(), config.exclude, config.root, config.respect_gitignore
    )
    return engine.run(plan, targets, jobs=1)


def lint_text(text: str, filename: str = "<text>.txt", **overrides: Any) -> list[Finding]:
    """Lint a string as if it were the file ``filename`` (its suffix picks the reader)."""
    plan = _plan(stdin=text.encode("utf-8"), **overrides)
    report = engine.run(plan, [Target(filename, None)], jobs=1)
    return list(report.findings)


__all__ = ["lint_paths", "lint_text"]
