"""Output formats. Each module here defines ``FORMATTERS = {name: class}``.

A formatter turns a :class:`~replint.model.report.Report` into the text written to stdout
or ``--output-file``. Every format is produced from the same findings.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, ClassVar

from replint.infra import hookimpl
from replint.model.report import Report


@dataclass(frozen=True)
class FormatterOptions:
    color: bool = False
    show_source: bool = True


class Formatter:
    """Base class: ``render(report)`` returns the whole output as a string."""

    name: ClassVar[str] = ""
    #: Whether the terminal should still get the text summary when this goes to a file.
    machine_readable: ClassVar[bool] = True
    #: Whether ``render`` needs ``Report.inferred`` (each file's profile, period,
    #: sections), which the run computes otherwise only for ``--verbose``.
    needs_facts: ClassVar[bool] = False

    def __init__(self, options: FormatterOptions | None = None) -> None:
        self.options = options or FormatterOptions()

    def render(self, report: Report) -> str:
        raise NotImplementedError


@hookimpl
def replint_add_formatters() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in pkgutil.iter_modules(__path__):
        mod = importlib.import_module(f"{__name__}.{module.name}")
        found.update(getattr(mod, "FORMATTERS", {}))
    return found


def printable_path(path: str) -> str:
    """A file name for output that must be valid UTF-8: a name that is not UTF-8 (read
    with surrogate escapes) shows its odd bytes as ``\\xNN``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        import os

        return os.fsencode(path).decode("utf-8", "backslashreplace")


def printable_report(report: Any) -> Any:
    """``report`` with every path :func:`printable_path` (the same report when all are)."""
    from dataclasses import replace

    def odd(path: str) -> bool:
        return not path.isascii() and printable_path(path) != path

    if not any(odd(p) for p in report.files) and not any(odd(f.path) for f in report.findings):
        return report
    return replace(
        report,
        findings=tuple(replace(f, path=printable_path(f.path)) for f in report.findings),
        files=tuple(printable_path(p) for p in report.files),
        sources={printable_path(k): v for k, v in report.sources.items()},
        inferred={printable_path(k): v for k, v in report.inferred.items()},
    )
