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


def _results(pm: pluggy.PluginManager, hook: str, kinds: tuple[type, ...]) -> list[tuple[str, Any]]:
    """Each plugin's result of ``hook`` (lowest priority first), checked to be one of
    ``kinds``; a hook that raises or returns anything else is a PluginError naming
    the plugin and the hook."""
    out = []
    for impl in reversed(getattr(pm.hook, hook).get_hookimpls()):
        origin = impl.plugin_name
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(
                f"plugin {origin!r} failed in {hook}: {type(exc).__name__}: {exc}"
            ) from None
        if result is None:
            continue
        if not isinstance(result, kinds):
            wanted = " or ".join(k.__name__ for k in kinds)
            raise PluginError(
                f"plugin {origin!r}, hook {hook}: returned {type(result).__name__} "
                f"{result!r:.60}, expected a {wanted}"
            )
        out.append((origin, result))
    return out


def _checked_reader(reader: Reader, origin: str) -> Reader:
    """``reader``, raising a ReadError naming the plugin when it returns no Document."""
    if origin in BUILTIN_PLUGINS:
        return reader
    return _CheckedReader(reader, origin)


class _CheckedReader:
    """A plugin's reader whose result is checked (a class, so the plan stays picklable)."""

    __slots__ = ("origin", "reader")

    def __init__(self, reader: Reader, origin: str) -> None:
        self.reader = reader
        self.origin = origin

    def __call__(self, path: str, data: bytes, options: Any) -> Any:
        from replint.model.document import Document
        from replint.model.errors import ReadError

        doc = self.reader(path, data, options)
        if not isinstance(doc, Document):
            raise ReadError(
                f"the reader of plugin {self.origin!r} returned {type(doc).__name__}, "
                "not a Document; this is a bug in that plugin",
                "E004",
            )
        return doc


def collect(pm: pluggy.PluginManager) -> Registry:
    """Call the hooks and check what comes back (duplicate codes, bad names)."""
    rules: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    problems: list[str] = []
    for origin, provided in _results(pm, "replint_add_rules", (list, tuple)):
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
    for origin, mapping in _results(pm, "replint_add_readers", (dict,)):
        for suffix, reader in mapping.items():
            if not isinstance(suffix, str) or not suffix.startswith(".") or not callable(reader):
                problems.append(
                    f"plugin {origin!r}, hook replint_add_readers: {suffix!r}: {reader!r} "
                    "must map a suffix such as '.txt' to a callable reader"
                )
                continue
            readers[suffix.lower()] = _checked_reader(reader, origin)
    # Checked by shape, not by subclass: the formatters sit above this layer.
    formatters: dict[str, type[Formatter]] = {}
    for origin, mapping in _results(pm, "replint_add_formatters", (dict,)):
        for name, formatter in mapping.items():
            if not isinstance(name, str) or not (
                isinstance(formatter, type) and callable(getattr(formatter, "render", None))
            ):
                problems.append(
                    f"plugin {origin!r}, hook replint_add_formatters: {name!r}: {formatter!r} "
                    "must map a name to a replint Formatter class (with a render method)"
                )
                continue
            formatters[name] = formatter
    profiles: dict[str, dict[str, Any]] = {}
    for origin, items in _results(pm, "replint_add_profiles", (list, tuple)):
        for profile in items:
            if not isinstance(profile, dict) or not isinstance(profile.get("name"), str):
                problems.append(
                    f"plugin {origin!r}, hook replint_add_profiles: {profile!r} is not a "
                    "profile (a mapping with a 'name')"
                )
                continue
            profiles[profile["name"]] = profile
    if problems:
        raise PluginError("; ".join(problems))
    return Registry(
        rules=dict(sorted(rules.items())),
        readers=readers,
        formatters=formatters,
        profiles=profiles,
    )
