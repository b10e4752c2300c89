"""The library API behind :func:`replint.lint_paths` and :func:`replint.lint_text`.

Both go through :class:`replint.session.Session`, as the command line does, so a
script sees the same findings as ``replint`` for the same config (baseline included).
"""

from __future__ import annotations

from typing import Any

from replint.config import load_config
from replint.model.findings import Finding
from replint.model.report import Report
from replint.session import Session, SessionOptions


def session(
    config_file: str | None = None,
    *,
    baseline: str | None = None,
    diff_base: str | None = None,
    **overrides: Any,
) -> Session:
    """A Session for the config found from the current directory (or ``config_file``);
    ``overrides`` are Config fields (``select=("P",)``)."""
    config = load_config(config_file).with_overrides(**overrides)
    return Session(
        config, options=SessionOptions(baseline_file=baseline, diff_base=diff_base, jobs=1)
    )


def lint_paths(paths: list[str], **settings: Any) -> Report:
    """Lint files and directories; ``settings``: ``config_file``, ``baseline``,
    ``diff_base`` and Config fields (``select=("P",)``)."""
    return session(settings.pop("config_file", None), **settings).lint(paths)


def lint_text(text: str, filename: str = "<text>.txt", **settings: Any) -> list[Finding]:
    """Lint a string as if it were the file ``filename`` (its suffix picks the reader)."""
    report = session(settings.pop("config_file", None), **settings).lint_text(text, filename)
    return list(report.findings)


__all__ = ["lint_paths", "lint_text", "session"]
