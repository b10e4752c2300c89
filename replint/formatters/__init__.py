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
