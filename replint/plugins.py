"""Building the plugin manager: hook specs, built-ins, then third-party entry points.

Built-ins are registered directly (no entry-point scan needed for them), so a source
checkout works and start-up stays cheap; third-party plugins come from the entry-point
group ``replint``. A plugin that fails to load is an error naming it, never silence:
in CI a silently missing rule would let bad reports pass.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pluggy

from replint import hookspecs
from replint.model.errors import PluginError
from replint.rule import Rule, validate_rule_class

if TYPE_CHECKING:
    from replint.formatters import Formatter
    from replint.readers import Reader

BUILTIN_PLUGINS = (
    "replint.readers.builtin",
    "replint.formatters",
    "replint_rules",
)
ENTRY_POINT_GROUP = "replint"


@dataclass(frozen=True)
class Registry:
    """Everything the plugins provide, collected once per run."""

    rules: dict[str, type[Rule]]  # code -> rule class, sorted by code
    readers: dict[str, Reader]
    formatters: dict[str, type[Formatter]]
    profiles: dict[str, dict[str, Any]]

    def rule_by_code_or_name(self, key: str) -> type[Rule] | None:
        if key.upper() in self.rules:
            return self.rules[key.upper()]
        for rule in self.rules.values():
            if rule.name == key:
                return rule
        return None


def get_plugin_manager(*, autoload: bool = True) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("replint")
    pm.add_hookspecs(hookspecs)
    for modname in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(modname), name=modname)
    if autoload and not os.environ.get("REPLINT_DISABLE_PLUGIN_AUTOLOAD"):
        _load_entry_points(pm)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {exc.plugin!r} implements an unknown hook: {exc}") from None
    return pm


def _may_have_plugins() -> bool:
    """Cheap pre-check: does any installed distribution declare a ``[replint]`` entry point?

    importlib.metadata costs ~30 ms per run (measured: bench/bench_startup.py), which
    is a third of a pre-commit run on one report; a glance at the entry_points.txt files
    costs ~1 ms. Only when one mentions the group does importlib.metadata load them.
    """
    import sys

    marker = f"[{ENTRY_POINT_GROUP}]"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(
                    os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8"
                ) as fh:
                    if marker in fh.read():
                        return True
            except OSError:
                continue
    return False


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    if not _may_have_plugins():
        return
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        dist = getattr(ep.dist, "name", "?")
        try:
            plugin = ep.load()
        except Exception as exc:  # any import failure is the plugin's, and must be named
            raise PluginError(
                f"plugin {ep.name!r} (from {dist}, {ep.value}) failed to load: "
                f"{type(exc).__name__}: {exc}"
            ) from None
        try:
            pm.register(plugin, name=ep.name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginError(f"plugin {ep.name!r} (from {dist}) is invalid: {exc}") from None


def collect(pm: pluggy.PluginManager) -> Registry:
    """Call the hooks and check what comes back (duplicate codes, bad names)."""
    rules: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    problems: list[str] = []
    for impl in reversed(pm.hook.replint_add_rules.get_hookimpls()):
        origin = impl.plugin_name
        try:
            provided: Any = impl.function() or []
        except Exception as exc:
            raise PluginError(f"plugin {origin!r} failed in replint_add_rules: {exc}") from None
        for rule in provided:
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                problems.append(f"{origin}: {rule!r} is not a replint.Rule subclass")
                continue
            problems.extend(validate_rule_class(rule, origin))
            if rule.code in rules:
                problems.append(
                    f"{origin}: rule code {rule.code} is already used by "
                    f"{rules[rule.code].origin or 'another plugin'}"
                )
                continue
            if rule.name in names:
                problems.append(
                    f"{origin}: rule name {rule.name!r} is already used by {names[rule.name]}"
                )
                continue
            if not rule.origin:
                rule.origin = origin
            rules[rule.code] = rule
            names[rule.name] = rule.code
    if problems:
        raise PluginError("; ".join(problems))
    readers: dict[str, Reader] = {}
    for mapping in reversed(pm.hook.replint_add_readers()):
        readers.update({k.lower(): v for k, v in (mapping or {}).items()})
    formatters: dict[str, type[Formatter]] = {}
    for mapping in reversed(pm.hook.replint_add_formatters()):
        formatters.update(mapping or {})
    profiles: dict[str, dict[str, Any]] = {}
    for items in reversed(pm.hook.replint_add_profiles()):
        for profile in items or []:
            profiles[profile["name"]] = profile
    return Registry(
        rules=dict(sorted(rules.items())),
        readers=readers,
        formatters=formatters,
        profiles=profiles,
    )
