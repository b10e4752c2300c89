"""Configuration: discovery, parsing and strict validation.

Config lives in ``.replint.yaml`` (or ``.replint.yml``) or in ``[tool.replint]`` of
``pyproject.toml``, found by walking up from the current directory; ``--config FILE``
overrides. Validation is strict: an unknown key, a wrong type or an unknown rule is an
error that names the file, the key and what is allowed (exit 2). YAML is read with a
safe loader only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from replint.infra.regexes import lazy_re
from replint.model.document import FrozenMap
from replint.model.errors import ConfigError
from replint.model.findings import Severity

CONFIG_NAMES = (".replint.yaml", ".replint.yml")

_SIZE_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024**2, "M": 1024**2, "GB": 1024**3}


def _parse_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        text = value.strip().upper().replace(" ", "")
        number = text.rstrip("KMGB")
        unit = text[len(number) :]
        if number.replace(".", "", 1).isdigit() and unit in _SIZE_UNITS:
            return int(float(number) * _SIZE_UNITS[unit])
    raise ValueError("a size such as 20MB, 512KB or a number of bytes")


def _str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
        return tuple(str(v) for v in value)
    raise ValueError("a list of strings")


def _str_map_of_lists(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError("a mapping of glob to a list of codes")
    return tuple((str(k), _str_list(v)) for k, v in value.items())


def _str_map(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("a mapping of strings to strings")
    return tuple((str(k), v) for k, v in value.items())


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("a mapping")
    return FrozenMap(value)


def _severity(value: Any) -> Severity:
    if not isinstance(value, str):
        raise ValueError("one of error, warning, info")
    try:
        return Severity.parse(value)
    except ValueError:
        raise ValueError("one of error, warning, info") from None


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _positive_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("a whole number (0 = all cores)")
    return value


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError("a number of seconds above 0")
    return float(value)


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    raise ValueError("a string")


# key -> (Config field, converter); the single list of what config may contain.
KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "select": ("select", _str_list),
    "extend_select": ("extend_select", _str_list),
    "ignore": ("ignore", _str_list),
    "fail_level": ("fail_level", _severity),
    "exclude": ("exclude", _str_list),
    "per_file_ignores": ("per_file_ignores", _str_map_of_lists),
    "rules": ("rule_options", _mapping),
    "encoding": ("encoding", _optional_str),
    "max_file_size": ("max_file_size", _parse_size),
    "max_docx_uncompressed": ("max_docx_uncompressed", _parse_size),
    "respect_gitignore": ("respect_gitignore", _bool),
    "extensions": ("extensions", _str_map),
    "profile": ("profile", _optional_str),
    "per_file_profiles": ("per_file_profiles", _str_map),
    "profiles": ("profiles", _mapping),
    "period": ("period", _optional_str),
    "reference": ("reference", _str_list),
    "rule_paths": ("rule_paths", _str_list),
    "jobs": ("jobs", _positive_int),
    "cache": ("cache", _bool),
    "baseline": ("baseline", _optional_str),
    "time_budget": ("time_budget", _seconds),
}


@dataclass(frozen=True)
class Config:
    """The settings of one run: defaults, then the config file, then the command line."""

    source: str | None = None  # the file the settings came from, for messages
    root: Path = field(default_factory=Path.cwd)  # relative globs and paths are resolved here
    select: tuple[str, ...] = ()  # empty: every rule
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_level: Severity = Severity.WARNING
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_options: Mapping[str, Any] = field(default_factory=FrozenMap)
    encoding: str | None = None
    max_file_size: int = 20 * 1024 * 1024
    max_docx_uncompressed: int = 64 * 1024 * 1024
    respect_gitignore: bool = True
    extensions: tuple[tuple[str, str], ...] = ()
    profile: str | None = None
    per_file_profiles: tuple[tuple[str, str], ...] = ()
    profiles: Mapping[str, Any] = field(default_factory=FrozenMap)
    period: str | None = None
    reference: tuple[str, ...] = ()
    rule_paths: tuple[str, ...] = ()
    jobs: int = 0
    cache: bool = True
    baseline: str | None = None
    #: Seconds the rules may spend on one file; then E006 and the next file.
    time_budget: float = 60.0

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with command-line values applied (None means "not given")."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def find_config(start: Path) -> Path | None:
    """The nearest .replint.yaml, or pyproject.toml with [tool.replint], walking up."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


# Only needed when a pyproject.toml mentions replint at all.
_TOML_HEADER = lazy_re(r"^\s*\[\[?([^\]#]*)\]")
_TOML_KEY = lazy_re(r"^\s*([A-Za-z0-9_.\-\"' \t]+?)\s*=")


def _may_declare_replint(raw: bytes) -> bool:
    """Could this TOML define ``tool.replint``? False only when it certainly does not.

    Looks at table headers (``[tool.replint]``, ``[tool.replint.rules]``) and keys
    (``tool.replint.select = …`` at the top, ``replint = {…}`` under ``[tool]``),
    ignoring spaces and quotes. Text inside multi-line strings can only make it
    answer True, which costs a real parse, never a missed config.
    """
    if b"replint" not in raw:
        return False
    table = ""
    for line in raw.decode("utf-8", "replace").splitlines():
        header = _TOML_HEADER.match(line)
        if header:
            table = _toml_dotted(header.group(1))
            name = table
        else:
            key = _TOML_KEY.match(line)
            if not key:
                continue
            name = f"{table}.{_toml_dotted(key.group(1))}" if table else _toml_dotted(key.group(1))
        if name == "tool.replint" or name.startswith("tool.replint."):
            return True
    return False


def _toml_dotted(key: str) -> str:
    return "".join(key.split()).replace('"', "").replace("'", "")


#: Config files are small; anything past this is not one (or is /dev/zero).
MAX_CONFIG_BYTES = 16 * 1048576


def _pyproject_section(path: Path) -> dict[str, Any] | None:
    from replint.infra.files import read_regular

    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read TOML: {exc.strerror or exc}") from None
    if not _may_declare_replint(raw):
        # Most projects' pyproject.toml has no replint table, and importing and
        # running the TOML parser costs more than linting a short report.
        return None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read TOML: {exc}") from None
    section = data.get("tool", {}).get("replint")
    return section if isinstance(section, dict) else None


def load_config(explicit: str | None = None, cwd: Path | None = None) -> Config:
    """Find and parse the config; with no file, the defaults."""
    cwd = cwd or Path.cwd()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
    else:
        found = find_config(cwd)
        if found is None:
            return Config(root=cwd)
        path = found
    raw = _read_raw(path)
    return parse_config(raw, source=str(path), root=path.resolve().parent)


def _read_raw(path: Path) -> dict[str, Any]:
    if path.name == "pyproject.toml":
        return _pyproject_section(path) or {}
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    from replint.infra.files import read_regular

    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
        data = yaml.load(text, Loader=loader)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config must be UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping of keys to values")
    return data


def parse_config(
    raw: Mapping[str, Any], source: str = "<config>", root: Path | None = None
) -> Config:
    values: dict[str, Any] = {}
    for key, value in raw.items():
        spec = KEYS.get(str(key).replace("-", "_"))
        if spec is None:
            allowed = ", ".join(sorted(KEYS))
            raise ConfigError(f"{source}: unknown key {key!r} (allowed keys: {allowed})")
        attr, convert = spec
        try:
            values[attr] = convert(value)
        except ValueError as exc:
            raise ConfigError(f"{source}: key {key!r} must be {exc}") from None
    return Config(source=source, root=root or Path.cwd(), **values)


def env_jobs(config: Config) -> int:
    """How many worker processes to use: the config value, or every core."""
    return config.jobs or os.cpu_count() or 1
