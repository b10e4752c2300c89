"""Regular expressions: compiled by ``re`` on first use, and user patterns under a time limit.

Nothing compiled is ever stored on disk. An earlier version kept the compiler's output
(``_sre`` code words) in the per-user cache to save about 20 ms per run; a tampered
table could crash the interpreter or silently switch rules off (issue 18). The time
is saved instead by compiling lazily: :func:`lazy_re` defers a pattern until it is
first used, so a run compiles only the patterns of the rules and readers it uses.

User-supplied patterns (config rules, rule options such as P101 ``patterns``) go
through :func:`user_pattern`: the ``regex`` package with a timeout on every match, so
a pattern such as ``(a+)+$`` costs at most the budget and raises
:class:`PatternTimeout` (the rule's file gets an E005 finding) instead of hanging.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, cast, overload

from replint.infra import literals
from replint.infra.literals import Gate

#: Seconds a user pattern may spend on one call (one paragraph, typically).
USER_PATTERN_TIMEOUT = 1.0

#: Calls a lazy pattern answers from its literal gate before it is compiled anyway. On
#: average a gated call costs less than a compiled pattern's (2 us against 5 us on the
#: seed's texts that lack the literals), but an anchored pattern fails faster compiled
#: than its gate scans a long paragraph: the bound caps that extra cost in a long run
#: (a few microseconds, 10,000 times at most). One report stays far below it, and so
#: does an editing session in the language server, whose live objects would otherwise
#: grow by the compiled pattern once, hundreds of edits in (tests/test_server.py).
GATED_CALLS = 10_000


@overload
def compile(pattern: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def compile(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern[str] | re.Pattern[bytes]:
    """``re.compile(pattern, flags)``, with wide character classes built fast.

    The one place replint's own patterns are compiled: str patterns go through
    :func:`replint.infra.recompile.compile_pattern` (same ``re.Pattern``, a fraction
    of the cost for ``[\\u4e00-\\u9fff]``-style classes) and are memoised as
    ``re.compile`` memoises its own.
    """
    if isinstance(pattern, str):
        return _compile_str(pattern, int(flags))
    return re.compile(pattern, int(flags))


@lru_cache(maxsize=512)
def _compile_str(pattern: str, flags: int) -> re.Pattern[str]:
    from replint.infra.recompile import compile_pattern

    return compile_pattern(pattern, flags)


class _LazyPattern:
    """A regular expression compiled on first use, and not at all for texts it cannot match.

    After the first use the compiled pattern's attributes are stored on the instance,
    so later calls cost a plain attribute lookup.

    Until then, a call on one text (``search(text)``, ``finditer(text)``, ``sub(repl,
    text)``, ...) is first checked against the literal text every match needs
    (:mod:`replint.infra.literals`): a text without it gets the answer of a pattern that
    does not match (None, no matches, the text unchanged) and the pattern stays
    uncompiled. Most of a report's patterns never meet their words; a run then compiles
    only the patterns that could match something. After :data:`GATED_CALLS` gated
    calls the pattern is compiled anyway, so a long run pays the gate a bounded number
    of times.
    """

    _COPIED = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._gate: Gate | bool | None = False  # False: not read yet
        self._left = GATED_CALLS

    def _compile(self) -> re.Pattern[Any]:
        compiled = compile(self._args[0], int(self._args[1]))
        for attr in self._COPIED:
            self.__dict__[attr] = getattr(compiled, attr)
        for attr in ("pattern", "flags", "groups", "groupindex"):
            self.__dict__[attr] = getattr(compiled, attr)
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_args", "_gate", "_left"):
            raise AttributeError(name)
        return getattr(self._compile(), name)

    def _hopeless(self, text: object) -> bool:
        """Whether ``text`` cannot hold a match (True only without compiling)."""
        gate = self._gate
        if gate is False:
            gate = self._gate = literals.required(self._args[0], int(self._args[1]))
        if gate is None or type(text) is not str or self._left <= 0:
            return False
        if literals.admits(gate, text):  # type: ignore[arg-type]
            return False
        self._left -= 1
        return True

    def search(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and self._hopeless(args[0]):
            return None
        return self._compile().search(*args, **kwargs)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and self._hopeless(args[0]):
            return None
        return self._compile().match(*args, **kwargs)

    def fullmatch(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and self._hopeless(args[0]):
            return None
        return self._compile().fullmatch(*args, **kwargs)

    def finditer(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and self._hopeless(args[0]):
            return iter(())
        return self._compile().finditer(*args, **kwargs)

    def findall(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and self._hopeless(args[0]):
            return []
        return self._compile().findall(*args, **kwargs)

    def split(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and self._hopeless(args[0]):
            return [args[0]]
        return self._compile().split(*args, **kwargs)

    def sub(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 2 and not kwargs and self._hopeless(args[1]):
            return args[1]
        return self._compile().sub(*args, **kwargs)

    def subn(self, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 2 and not kwargs and self._hopeless(args[1]):
            return (args[1], 0)
        return self._compile().subn(*args, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_LazyPattern, self._args)

    def __repr__(self) -> str:
        return f"lazy_re({self._args[0]!r}, {self._args[1]!r})"


@overload
def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def lazy_re(pattern: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def lazy_re(pattern: str | bytes, flags: int = 0) -> re.Pattern[str] | re.Pattern[bytes]:
    """:func:`compile`, deferred until the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


class PatternTimeout(Exception):
    """A user pattern ran past its time limit."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(
            f"the pattern {pattern!r} took over {seconds:g} s on one paragraph "
            "(nested repetition such as (a+)+ backtracks without end; simplify it)"
        )
        self.pattern = pattern


class UserPattern:
    """A user-supplied regular expression whose every match is time-limited.

    The methods mirror ``re.Pattern``'s (``search``, ``match``, ``fullmatch``,
    ``finditer``, ``findall``, ``sub``); each raises :class:`PatternTimeout` when the
    ``regex`` engine needs more than ``timeout`` seconds.
    """

    def __init__(self, pattern: str, flags: int = 0, timeout: float = USER_PATTERN_TIMEOUT):
        import regex

        self.pattern = pattern
        self.timeout = timeout
        self._compiled = regex.compile(pattern, _regex_flags(flags))

    @property
    def groups(self) -> int:
        return int(self._compiled.groups)

    def _call(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self._compiled, method)(*args, timeout=self.timeout)
        except TimeoutError:
            raise PatternTimeout(self.pattern, self.timeout) from None

    def search(self, text: str, *args: Any) -> Any:
        return self._call("search", text, *args)

    def match(self, text: str, *args: Any) -> Any:
        return self._call("match", text, *args)

    def fullmatch(self, text: str, *args: Any) -> Any:
        return self._call("fullmatch", text, *args)

    def findall(self, text: str, *args: Any) -> Any:
        return self._call("findall", text, *args)

    def sub(self, repl: Any, text: str, *args: Any) -> Any:
        return self._call("sub", repl, text, *args)

    def finditer(self, text: str, *args: Any) -> Iterator[Any]:
        # regex's timeout covers the whole iteration, counted from the first step.
        iterator = self._call("finditer", text, *args)
        while True:
            try:
                yield next(iterator)
            except StopIteration:
                return
            except TimeoutError:
                raise PatternTimeout(self.pattern, self.timeout) from None


def _regex_flags(flags: int) -> int:
    import regex

    out = 0
    for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII"):
        if flags & getattr(re, name):
            out |= getattr(regex, name)
    return out


def user_pattern(
    pattern: str, flags: int = 0, timeout: float = USER_PATTERN_TIMEOUT
) -> UserPattern:
    """Compile a user-supplied pattern for time-limited matching.

    Raises ``re.error`` (as ``re.compile`` would) for an invalid pattern.
    """
    import regex

    try:
        return UserPattern(pattern, flags, timeout)
    except regex.error as exc:
        raise re.error(str(exc), pattern) from None
