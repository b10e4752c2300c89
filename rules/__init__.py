"""replint's built-in rules, registered through the same hooks as third-party plugins.

Every module in this package that defines ``RULES`` (a list of rule classes)
contributes them, so adding a rule module never touches the engine or this file.
Built-in report profiles come from ``data/profiles.yaml``.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path
from typing import Any

from replint.plugin import Rule, hookimpl

DATA_DIR = Path(__file__).parent / "data"


def _rule_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


@hookimpl
def replint_add_rules() -> list[type[Rule]]:
    rules: list[type[Rule]] = []
    for name in _rule_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        rules.extend(getattr(module, "RULES", []))
    return rules


@cache
def load_data(name: str) -> Any:
    """A YAML file from ``data/``: safe loader, dates as strings, parsed once per change
    (kept in the per-user cache, see :mod:`replint.datafile`)."""
    from replint.plugin import load_yaml

    return load_yaml(DATA_DIR / name)


@hookimpl
def replint_add_profiles() -> list[dict[str, Any]]:
    path = DATA_DIR / "profiles.yaml"
    if not path.exists():
        return []
    return list(load_data("profiles.yaml") or [])
