"""replint: a linter for written work reports.

Public API for scripts and plugins: :func:`lint_paths`, :func:`lint_text`,
:class:`Finding`, :class:`Rule`, :data:`hookimpl`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from replint.infra import __version__, hookimpl
from replint.model.findings import Edit, Finding, Fix, Severity
from replint.rule import Rule

if TYPE_CHECKING:
    from replint.model.report import Report


def lint_paths(paths: list[str], **settings: Any) -> Report:
    """Lint files and directories with the config found from the current directory."""
    from replint.api import lint_paths as _lint_paths

    return _lint_paths(paths, **settings)


def lint_text(text: str, filename: str = "<text>.txt", **settings: Any) -> list[Finding]:
    """Lint a string as if it were a file named ``filename``."""
    from replint.api import lint_text as _lint_text

    return _lint_text(text, filename, **settings)


__all__ = [
    "Edit",
    "Finding",
    "Fix",
    "Rule",
    "Severity",
    "__version__",
    "hookimpl",
    "lint_paths",
    "lint_text",
]
