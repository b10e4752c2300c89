"""``re.compile`` without the cost of wide character classes.

Python's regex compiler (``re._compiler``) turns a character class into a bitmap by
setting one byte per code point, in a Python loop: ``[\\u4e00-\\u9fff]`` (the CJK
ideographs, in most of replint's patterns) costs 20,992 iterations, about 1 ms, every
time it appears in a pattern, and a lookbehind pays it twice. On one report those
loops were half of the run's compile time (about 35 ms of 70 ms CPU).

:func:`compile_pattern` parses the pattern with the standard parser, replaces each
wide class by the big-charset bitmap the standard compiler would build for it (made
with slice assignment, at C speed), and hands the tree to the standard code
generator. The result is an ordinary ``re.Pattern``: same engine, same semantics,
same ``pattern``, ``flags`` and groups. Nothing is stored anywhere.

Under IGNORECASE only classes without a cased member are rewritten (case folding
would change the others), and only classes the compiler would make a big bitmap of,
or that are wide; everything else is left to the standard compiler. On an
interpreter other than CPython 3.11 to 3.13 (checked: the same matches as re.compile for
replint's patterns on all of the BMP), every pattern takes the plain ``re.compile`` path.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

#: A class of one or two runs is rewritten when its ranges cover this many code points.
WIDE = 512

_BMP = 0x10000
_IGNORECASE = int(re.IGNORECASE)


@cache
def _internals() -> tuple[Any, Any, Any] | None:
    if sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] <= (3, 13):
        return None
    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - another interpreter
        return None
    needed = (
        hasattr(_parser, "parse")
        and hasattr(_parser, "SubPattern")
        and all(
            hasattr(_compiler, name)
            for name in ("_code", "_mk_bitmap", "_bytes_to_codes", "_combine_flags")
        )
        and hasattr(_sre, "compile")
    )
    return (_sre, _compiler, _parser) if needed else None


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a str pattern, with wide classes built fast."""
    flags = int(flags)
    parts = _internals()
    if parts is None or flags & (re.DEBUG | re.LOCALE):
        return re.compile(pattern, flags)
    sre, compiler, parser = parts
    tree = parser.parse(pattern, flags)
    _rewrite(tree, tree.state.flags | flags, compiler, parser)
    code = compiler._code(tree, flags)
    groupindex = tree.state.groupdict
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    compiled: re.Pattern[str] = sre.compile(
        pattern,
        flags | tree.state.flags,
        code,
        tree.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return compiled


def _rewrite(sub: Any, flags: int, compiler: Any, parser: Any) -> None:
    """Replace wide classes in ``sub`` (a parsed SubPattern) in place."""
    data = sub.data
    for index, (op, av) in enumerate(data):
        if op is parser.IN:
            wide = _charset_for(tuple(av), bool(flags & _IGNORECASE), compiler, parser)
            if wide is not None:
                data[index] = (op, list(wide))
        elif op is parser.SUBPATTERN:
            _group, add, delete, inner = av
            _rewrite(inner, compiler._combine_flags(flags, add, delete), compiler, parser)
        elif op is parser.BRANCH:
            for branch in av[1]:
                _rewrite(branch, flags, compiler, parser)
        elif op in _nesting(parser):
            # repeats (min, max, item), lookarounds (direction, item), atomic groups
            # (item) and conditionals (group, yes, no)
            for item in av if isinstance(av, tuple) else (av,):
                if isinstance(item, parser.SubPattern):
                    _rewrite(item, flags, compiler, parser)


#: Rewritten classes by their parsed members and case folding: the same class recurs
#: across patterns (``[\u4e00-\u9fff]`` in a dozen, the Chinese numerals in as many),
#: and building its bitmap is a third of the rewrite's cost. Plain values, this run only.
_CHARSETS: dict[tuple[tuple[tuple[Any, Any], ...], bool], tuple[Any, ...] | None] = {}


def _charset_for(
    items: tuple[tuple[Any, Any], ...], ignorecase: bool, compiler: Any, parser: Any
) -> tuple[Any, ...] | None:
    """:func:`_wide_charset` of the class (None: leave it to the compiler), memoised.

    The result is a tuple: each use gets its own list, and the BIGCHARSET words in it
    are only read by the code generator.
    """
    key = (items, ignorecase)
    if key in _CHARSETS:
        return _CHARSETS[key]
    wide = None
    if not ignorecase or _uncased(list(items), parser):
        found = _wide_charset(list(items), compiler, parser)
        wide = tuple(found) if found is not None else None
    _CHARSETS[key] = wide
    return wide


def _uncased(items: list[tuple[Any, Any]], parser: Any) -> bool:
    """Whether case folding leaves every member of the class as it is (CJK, digits,
    marks): then IGNORECASE compiles it exactly as without, and it may be rewritten."""
    import _sre

    for op, av in items:
        if op is parser.LITERAL:
            if _sre.unicode_iscased(av):
                return False
        elif op is parser.RANGE:
            if any(map(_sre.unicode_iscased, range(av[0], av[1] + 1))):
                return False
        elif op is not parser.NEGATE:
            return False  # categories (\w, \d) hold cased letters, or cost little anyway
    return True


@cache
def _nesting(parser: Any) -> frozenset[Any]:
    names = (
        "MAX_REPEAT",
        "MIN_REPEAT",
        "POSSESSIVE_REPEAT",
        "ASSERT",
        "ASSERT_NOT",
        "ATOMIC_GROUP",
        "GROUPREF_EXISTS",
    )
    return frozenset(getattr(parser, name) for name in names if hasattr(parser, name))


def _wide_charset(items: list[tuple[Any, Any]], compiler: Any, parser: Any) -> list[Any] | None:
    """The class as a BIGCHARSET item list, or None to leave it to the compiler.

    The list is what ``re._compiler._optimize_charset`` returns for a class that needs a
    big charset (NEGATE first, then the bitmap, then what the bitmap cannot hold:
    categories and code points beyond the BMP); given it again, that function returns
    it unchanged, so the compiler emits it as it stands. A class of one or two runs
    (``[\u4e00-\u9fff]``) would be emitted as ranges, and the compiler would walk
    them once more; when wide, it gets the equivalent bitmap instead.
    """
    if not any(
        (op is parser.LITERAL and av > 255) or (op is parser.RANGE and av[1] > 255)
        for op, av in items
    ):
        return None  # Latin-1 only: the compiler's small bitmap is cheap
    head: list[Any] = []
    tail: list[Any] = []
    charmap = bytearray(_BMP)
    used: set[int] = set()  # the 256-code-point blocks with a member
    width = 0
    for op, av in items:
        if op is parser.LITERAL:
            if av < _BMP:
                charmap[av] = 1
                used.add(av >> 8)
            else:
                tail.append((op, av))
        elif op is parser.RANGE:
            low, high = av
            if low >= _BMP:
                tail.append((op, av))
                continue
            if high >= _BMP:
                # The compiler keeps such a range whole and would walk its BMP part
                # again: leave the class to it.
                return None
            charmap[low : high + 1] = b"\x01" * (high - low + 1)
            used.update(range(low >> 8, (high >> 8) + 1))
            width += high - low + 1
        elif op is parser.NEGATE:
            head.append((op, av))
        else:
            tail.append((op, av))
    if width < WIDE and _runs(items, parser) <= 2:
        return None  # emitted as one or two ranges, at little cost
    # Number the distinct 256-code-point chunks in order of first appearance, as the
    # compiler does; the empty chunk stands for every block without a member.
    empty = next((block for block in range(256) if block not in used), None)
    blocks: dict[bytes, int] = {}
    chunks = bytearray()
    numbers: dict[int, int] = {}
    for block in sorted(used if empty is None else used | {empty}):
        chunk = bytes(charmap[block << 8 : (block + 1) << 8])
        number = blocks.get(chunk)
        if number is None:
            number = blocks[chunk] = len(blocks)
            chunks += chunk
        numbers[block] = number
    mapping = bytearray([numbers[empty] if empty is not None else 0]) * 256
    for block in used:
        mapping[block] = numbers[block]
    words = compiler._mk_bitmap(chunks)
    words[0:0] = [len(blocks), *compiler._bytes_to_codes(mapping)]
    return [*head, (parser.BIGCHARSET, words), *tail]


def _runs(items: list[tuple[Any, Any]], parser: Any) -> int:
    """How many runs of consecutive BMP code points the class's members form."""
    spans = sorted(
        (av, av) if op is parser.LITERAL else av
        for op, av in items
        if (op is parser.LITERAL and av < _BMP) or (op is parser.RANGE and av[0] < _BMP)
    )
    runs = 0
    end = -2
    for low, high in spans:
        if low > end + 1:
            runs += 1
        end = max(end, high)
    return runs
