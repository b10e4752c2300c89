"""Regular expressions compiled once per interpreter, not once per run.

CPython compiles a pattern in Python code (``re._parser`` and ``re._compiler``), and
replint's rules need about a hundred patterns, many with classes of Chinese numerals
that are slow to compile: about 20 ms per run, a fifth of a one-report run
(bench/bench_startup.py). What the compiler produces for ``(pattern, flags)`` is a list
of integers that ``_sre.compile`` turns into a Pattern, and it depends only on the
pattern, the flags and the interpreter. So :func:`compile` keeps those lists in a
:class:`replint.infra.cache.Table` (one file in the per-user cache, switched off by
``REPLINT_NO_CACHE``), read on first use and rewritten at exit when a run compiled
something new.

The table is bound to the exact interpreter (``sys.version`` and ``_sre.MAGIC``). On
anything unexpected (another Python implementation, changed internals, an unreadable
or foreign table) this module turns itself off for the process and uses
``re.compile``; the results are the same Pattern objects either way, which the tests
check pattern by pattern.

:func:`lazy_re` defers even that until a pattern is first used, for patterns that
many runs never need.
"""

from __future__ import annotations

import re
import sys
from typing import Any, cast, overload

from replint.infra.cache import Table

#: Bump when the layout of the stored entries changes.
FORMAT = 2

# (flags, code as native unsigned ints, groups, group index, index group)
_Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]


class _Compiler:
    """``re.compile`` through a :class:`~replint.infra.cache.Table` of compiled forms."""

    def __init__(self) -> None:
        try:
            import _sre

            self._sre_compile = _sre.compile
            self._parse = re._parser.parse  # type: ignore[attr-defined]
            self._code = re._compiler._code  # type: ignore[attr-defined]
            header = (FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE, sys.byteorder)
            # Code words are stored as C unsigned ints; they must be the same size.
            usable = memoryview(b"\0\0\0\0").cast("I").itemsize == _sre.CODESIZE
        except (ImportError, AttributeError):  # not CPython, or its internals changed
            usable = False
        if not usable:
            self.table: Table | None = None
            return
        # Each run loads the whole table, so it holds about what runs use: the ~150
        # built-in patterns and those of the user's own rules.
        self.table = Table(f"regex-table-{sys.implementation.cache_tag}", header, limit=1000)

    def compile(self, pattern: str, flags: int) -> re.Pattern[str]:
        if self.table is None or not isinstance(pattern, str) or flags & re.DEBUG:
            return re.compile(pattern, flags)
        try:
            entry = self.table.get((pattern, flags))
            if entry is None:
                entry = self._entry(pattern, flags)
                self.table.put((pattern, flags), entry)
            flags_out, code, groups, group_index, index_group = entry
            return cast(
                "re.Pattern[str]",
                self._sre_compile(
                    pattern,
                    flags_out,
                    memoryview(code).cast("I").tolist(),
                    groups,
                    group_index,
                    index_group,
                ),
            )
        except re.error:
            raise
        except Exception:  # internals changed under us: plain re from now on
            self.table = None
            return re.compile(pattern, flags)

    def _entry(self, pattern: str, flags: int) -> _Entry:
        """What ``re._compiler.compile`` passes to ``_sre.compile``, as plain values."""
        from array import array

        parsed = self._parse(pattern, flags)
        # Stored as bytes: marshal reads a byte string at once, a list int by int.
        code = array("I", [int(op) for op in self._code(parsed, flags)]).tobytes()
        state = parsed.state
        index_group: list[str | None] = [None] * state.groups
        for name, number in state.groupdict.items():
            index_group[number] = name
        return (
            int(flags | state.flags),
            code,
            state.groups - 1,
            dict(state.groupdict),
            tuple(index_group),
        )


# One per process, like ``re``'s own cache of compiled patterns; it reads its file
# only when the first pattern is compiled.
_COMPILER = _Compiler()


@overload
def compile(pattern: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def compile(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern[str] | re.Pattern[bytes]:
    """``re.compile(pattern, flags)``, using the compiled form stored by an earlier run
    (str patterns; a bytes pattern is compiled by ``re`` as is)."""
    if isinstance(pattern, bytes):
        return re.compile(pattern, int(flags))
    return _COMPILER.compile(pattern, int(flags))


class _LazyPattern:
    """A regular expression compiled on first use.

    After the first use the compiled pattern's methods are stored on the instance, so
    later calls cost a plain attribute lookup.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = compile(*self._args)
        for attr in ("match", "search", "fullmatch", "finditer", "findall", "sub", "split"):
            self.__dict__[attr] = getattr(compiled, attr)
        self.__dict__["pattern"] = compiled.pattern
        return getattr(compiled, name)


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """:func:`compile`, deferred until the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
