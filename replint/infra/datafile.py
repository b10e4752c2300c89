"""YAML data files (word lists, event tables, rule declarations), parsed once per change.

Parsing replint's built-in data is a large share of a one-report run: importing PyYAML
and parsing the ~45 KB of ``rules/data`` took about 20 ms, more than some rule
families take to check a report (bench/bench_startup.py). The files change only when
replint is upgraded or someone edits a rule file, so the parsed value is kept in the
per-user cache (a :class:`replint.infra.cache.Table`, switched off by ``REPLINT_NO_CACHE``)
under the file's path and a hash of its bytes, and read back as JSON (plain data,
verified by a digest: a broken cache only costs the parse). There is one table per
folder of data files, so a run reads only the entries of its own installation: a
pre-commit environment, a virtualenv and a development checkout each keep their own
(one shared table held them all, and every run read and verified all of them).

Values are what YAML's safe loader gives, except that timestamps stay strings:
the table stores only plain types, and every reader of these files parses its own dates.
A cache that cannot be written (read-only home, CI sandbox) only costs the parse.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from replint.infra.cache import Table, digest

#: Bump when the parsed form changes (a loader option, a new value type).
FORMAT = 2


def parse_yaml(text: str) -> Any:
    """Parse YAML with the safe loader (C-accelerated when available), dates as strings.

    Raises ``yaml.YAMLError`` for invalid YAML, like ``yaml.safe_load``.
    """
    import yaml

    return yaml.load(text, Loader=_loader_class())


@cache
def _loader_class() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlainLoader(base):  # type: ignore[misc, valid-type]
        """The safe loader without the timestamp resolver (dates stay strings)."""

    PlainLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return PlainLoader


def load_yaml(path: Path | str, *, cache: bool = True) -> Any:
    """The parsed content of the YAML file at ``path``, from the cache when unchanged.

    Raises what reading and parsing raise: ``OSError``, ``UnicodeDecodeError`` (the
    file must be UTF-8, a BOM is allowed) and ``yaml.YAMLError``.
    """
    from replint.infra.files import read_regular

    path = Path(path)
    # Regular files only, bounded: a rule_paths entry that is a FIFO must not hang.
    data = read_regular(path, MAX_DATA_BYTES)
    if not cache:
        return parse_yaml(data.decode("utf-8-sig"))
    # Keyed by the file's content: a stored value belongs to exactly these bytes.
    absolute = os.path.abspath(path)
    key = (absolute, digest(data))
    table = table_for(os.path.dirname(absolute))
    hit = table.get(key, _MISSING)
    if hit is not _MISSING:
        return hit
    value = parse_yaml(data.decode("utf-8-sig"))
    # An edited file supersedes its older entries, so the table stays one entry per file.
    table.discard(lambda k: k[0] == key[0])
    table.put(key, value)
    return value


_MISSING = object()
MAX_DATA_BYTES = 16 * 1048576
_TABLES: dict[str, Table] = {}


def table_for(directory: str) -> Table:
    """The table of the data files in ``directory`` (an absolute path).

    Named by the format, so that two installed versions do not rewrite each other's
    table, and by a hash of the folder, so that each installation reads only its own.
    """
    table = _TABLES.get(directory)
    if table is None:
        where = digest(directory.encode("utf-8", "surrogatepass"))[:16]
        table = _TABLES[directory] = Table(
            f"data-table-{FORMAT}-{where}", (FORMAT, directory), limit=200
        )
    return table
