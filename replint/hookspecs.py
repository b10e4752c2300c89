"""The hooks a replint plugin may implement. This is the only place hooks are declared.

A plugin is a module (or object) with functions decorated by ``replint.hookimpl``,
registered by the ``replint`` entry-point group. Built-in rules, readers and formatters
register through these same hooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from replint.formatters import Formatter
    from replint.readers import Reader
    from replint.rule import Rule

hookspec = pluggy.HookspecMarker("replint")


@hookspec
def replint_add_rules() -> list[type[Rule]]:
    """Return the rule classes this plugin provides.

    Each class subclasses :class:`replint.Rule` and has a unique ``code`` (a family
    letter and three digits) and a kebab-case ``name``.
    """
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def replint_add_readers() -> dict[str, Reader]:
    """Return ``{suffix: reader}``; a reader is ``reader(path, data, options) -> Document``.

    Suffixes are lower-case with the dot (``".txt"``).
    """
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def replint_add_formatters() -> dict[str, type[Formatter]]:
    """Return ``{name: formatter class}``, selectable with ``--format NAME``."""
    raise NotImplementedError  # a specification: plugins implement it


@hookspec
def replint_add_profiles() -> list[dict[str, Any]]:
    """Return report profiles: ``{"name", "sections": [...], ...}`` mappings.

    A profile names the sections a report must have and the headings (aliases) that
    count for each; see the README for the shape.
    """
    raise NotImplementedError  # a specification: plugins implement it
