"""Loading rule files (YAML) named in the config or shipped with rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replint.model.errors import ConfigError
from replint.rule import Rule

if TYPE_CHECKING:
    from replint.config import Config


def _read_yaml(path: Path) -> Any:
    from replint.infra.datafile import load_yaml

    try:
        return load_yaml(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: rule file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: rule files must be UTF-8 text") from None
    except Exception as exc:
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None


def _declarations(data: Any, path: Path) -> list[tuple[str, Any]]:
    if data is None:
        return []
    if isinstance(data, list):
        return [(f"[{i}]", item) for i, item in enumerate(data)]
    if isinstance(data, Mapping) and "rules" in data and "code" not in data:
        extra = set(data) - {"rules"}
        if extra:
            raise ConfigError(
                f"{path}: unknown top-level key {sorted(extra)[0]!r} (allowed: rules)"
            )
        rules = data["rules"]
        if not isinstance(rules, list):
            raise ConfigError(f"{path}: rules: must be a list of rule declarations")
        return [(f"rules[{i}]", item) for i, item in enumerate(rules)]
    if isinstance(data, Mapping):
        return [("", data)]
    raise ConfigError(
        f"{path}: a rule file holds a rule (mapping), a list of rules, or rules: [...]"
    )


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def config_rules(config: Config) -> list[type[Rule]]:
    """The rules declared in the YAML files of config ``rule_paths`` (relative to the
    config file's directory)."""
    if not config.rule_paths:
        return []
    return load_rule_files(
        [p if Path(p).is_absolute() else config.root / p for p in config.rule_paths]
    )


def load_rule_files(
    paths: Iterable[str | Path],
    *,
    check: bool = True,
    trusted: bool = False,
    lazy: bool = False,
    origin: str = "",
) -> list[type[Rule]]:
    """Rule classes declared in YAML files (a directory means its *.yaml files).

    Raises :class:`~replint.model.errors.ConfigError` naming the file and the key for any
    invalid declaration, and — when ``check`` — for any example that does not behave
    (``fire`` texts must give a finding, ``silent`` texts none). ``trusted`` is for the
    built-in files: their patterns use the standard ``re`` module. ``lazy`` (trusted
    files only, without ``check``) registers each rule now and parses its declaration
    when it is first used (:mod:`replint.declarative.lazy`). ``origin`` names the plugin
    the rules come from.
    """
    if lazy:
        if check or not trusted:
            raise ValueError("lazy loading is for trusted files, without the examples check")
        return _on_first_use(paths, origin)
    from replint.declarative.build import build_rule_class, check_examples
    from replint.declarative.spec import _Invalid, parse_spec

    classes: list[type[Rule]] = []
    seen: dict[str, str] = {}
    for path in _expand(paths):
        data = _read_yaml(path)
        for where, raw in _declarations(data, path):
            try:
                spec = parse_spec(raw, str(path), trusted=trusted)
            except _Invalid as exc:
                key = ".".join(k for k in (where, exc.key) if k)
                raise ConfigError(f"{path}: {key or 'rule'}: {exc}") from None
            label = where or spec.code
            for key, taken in ((spec.code, "code"), (spec.name, "name")):
                if key in seen:
                    raise ConfigError(
                        f"{path}: {label}: rule {taken} {key!r} is already declared in {seen[key]}"
                    )
                seen[key] = str(path)
            rule = build_rule_class(spec)
            if check:
                problems = check_examples(rule)
                if problems:
                    raise ConfigError(f"{path}: {label} ({spec.code}): " + "; ".join(problems))
            if origin:
                rule.origin = origin
            classes.append(rule)
    return classes


def _on_first_use(paths: Iterable[str | Path], origin: str) -> list[type[Rule]]:
    from replint.declarative.lazy import declared_on_first_use

    return [
        declared_on_first_use(raw, str(path), origin)
        for path in _expand(paths)
        for _where, raw in _declarations(_read_yaml(path), path)
    ]
