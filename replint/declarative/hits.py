"""A match of a declared rule, and message templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from replint.model.document import FrozenMap, Paragraph

if TYPE_CHECKING:
    pass
from replint.declarative.spec import _PLACEHOLDER


class Hit(NamedTuple):
    paragraph: Paragraph
    start: int
    end: int
    text: str
    note: str = ""
    groups: Mapping[str, str] = FrozenMap()


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders; unknown ones are left as written."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return str(values[key]) if key in values else m.group(0)

    return _PLACEHOLDER.sub(sub, template)
