"""The engine functions the server's adapter calls, at their places in the pipeline.

The adapter checks one open buffer at a time (unsaved text, its own suppression
scan), so it drives the runner's steps directly instead of a whole
:class:`replint.session.Session` run; this module names those steps in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from replint.filters.suppress import Suppressions
from replint.filters.suppress import suppress as _suppress
from replint.model.findings import Finding
from replint.runner.plan import Plan, make_plan
from replint.runner.run import (
    _rule_crash,
    check_document,
    error_finding,
    file_meta,
    load_references,
    read_options,
    with_settings,
)


def suppress(
    plan: Plan, display: str, items: list[Finding], sup: Suppressions | None
) -> list[Finding]:
    """Inline directives applied as a CLI run applies them."""
    known: Sequence = plan.all_rules
    return _suppress(display, items, sup, plan.selection, known)


__all__ = [
    "_rule_crash",
    "check_document",
    "error_finding",
    "file_meta",
    "load_references",
    "make_plan",
    "read_options",
    "suppress",
    "with_settings",
]
