"""Recognising inline suppression directives (``<!-- replint-disable … -->``).

The full parsing and application of directives lives in :mod:`replint.filters.suppress`;
readers only need to know that a line is a directive so they do not lint it as prose.
"""

from __future__ import annotations

from replint.infra import regexes

DIRECTIVE_LINE = regexes.lazy_re(
    r"^\s*<!--\s*replint-(?:disable|enable|disable-next-line|disable-file)\b[^>]*-->\s*$"
)


def is_directive_line(line: str) -> bool:
    return bool(DIRECTIVE_LINE.match(line))
