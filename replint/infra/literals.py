"""The literal text a regular expression cannot match without, read from its source.

:func:`required` reads a pattern's source (without compiling it) and returns, for each
branch of its top-level alternation, clauses: groups of strings such that any text the
branch can match in contains at least one string of every clause. A branch
``(("年",), ("季度", "半年"))`` says: no match unless the text contains ``年`` and also
``季度`` or ``半年``; a text must satisfy one branch.

:func:`replint.infra.regexes.lazy_re` uses it to answer a call on a text that fails a
clause ("no match") without compiling the pattern. Compiling costs some 15,000
instructions per character of pattern source (``re._parser`` is Python), and on a
typical report most of the rules' patterns (site junk, anniversaries, English date
forms on a Chinese text) find nothing: their required words are not in the text.

The reading is conservative. It gives up (returns ``None``: no gate) on anything it
does not model exactly: verbose patterns, global inline flags other than ``i``,
conditionals, atomic groups, nested sets, octal and named escapes, braces that are not
a plain quantifier. A cased letter under IGNORECASE requires nothing (its case
variants are not modelled); uncased characters (CJK, digits, marks) match only
themselves, as ``re`` compiles them. What it reads must never ask for text a match can
do without: ``tests/test_literals.py`` runs every built-in pattern (and P105's data patterns) on
the texts of all rule cases and checks that its gate admits every text it matches in.

The rules of the reading:

- a literal requires itself; consecutive literals require their run (``下一步``);
- a class of at most :data:`CLASS_MAX` characters requires one of them; a wider or
  negated class, ``.``, ``\\d``-style escapes and backreferences require nothing;
- a repeat with a minimum of 0 requires nothing; with a minimum of 1 or more it
  requires what its item requires;
- a sequence requires the clauses of all its items (the best :data:`MAX_CLAUSES`);
- a nested alternation requires the union of one clause of each branch (nothing if
  a branch requires nothing); the top-level branches keep their own clauses;
- clauses without a character nearly every report has (:data:`COMMON`), then with
  longer strings, are preferred;
- a positive lookahead or lookbehind requires its content of the text (not of the
  match); negative ones, anchors and ``\\b`` require nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: A class of up to this many characters requires one of them (wider ones: nothing).
CLASS_MAX = 24

#: At most this many clauses are kept per sequence (each costs a scan of the text).
MAX_CLAUSES = 3

#: Strings of which a text must hold one, for each clause (a conjunction).
Clauses = tuple[tuple[str, ...], ...]
#: The branches of a pattern's top-level alternation: a text must satisfy one of them.
Gate = tuple[Clauses, ...]

#: Characters nearly every report has: a clause of them says little about a text.
COMMON = frozenset("0123456789，。、；：！？（）()[]【】“”《》,.;:!? \u3000-的是了在和")

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_ANY_ESCAPES = frozenset("dDsSwW")
_ZERO_ESCAPES = frozenset("bBAZ")
_HEX = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")
_UNREAD_FLAGS = int(re.VERBOSE | re.LOCALE)
_IGNORECASE = int(re.IGNORECASE)

#: A run of characters that stand for themselves (read at C speed).
_PLAIN = re.compile(r"[^\\\[\]().*+?{}|^$]+")

#: Code point ranges without cased letters (see :func:`_uncased`).
_UNCASED_BLOCKS = (
    (0x2000, 0x206F),
    (0x3000, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF01, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
)
_FLAGS = frozenset("aiLmsux")
#: Flags that leave literals as they are (``i`` is handled, ``x`` and ``L`` give up).
_HARMLESS_FLAGS = frozenset("amsu")


class _GiveUp(Exception):
    """The source uses something the reading does not model."""


# An item of a sequence: ("lit", char) | ("need", clauses) | ("none",) | ("zero",)
_Item = tuple[str, object]


@lru_cache(maxsize=1024)
def required(pattern: str | bytes, flags: int = 0) -> Gate | None:
    """What every text ``pattern`` matches in satisfies: one branch's clauses at least.

    ``None``: no gate (the pattern may match anywhere, or the reading gave up).
    """
    if not isinstance(pattern, str) or int(flags) & _UNREAD_FLAGS:
        return None
    try:
        reader = _Reader(pattern, bool(int(flags) & _IGNORECASE))
        clauses = reader.pattern()
    except (_GiveUp, IndexError, ValueError):
        return None
    return clauses or None


def admits(gate: Gate, text: str) -> bool:
    """Whether ``text`` satisfies every clause of a branch (it could hold a match)."""
    for clauses in gate:
        for clause in clauses:
            for literal in clause:
                if literal in text:
                    break
            else:
                break  # this branch fails; try the next
        else:
            return True
    return False


def _uncased(char: str) -> bool:
    """Whether ``re`` under IGNORECASE matches ``char`` only by itself.

    Only ASCII non-letters and blocks without any letter that has a case (general
    punctuation, CJK marks, kana and ideographs, fullwidth digits and marks) qualify:
    elsewhere a character without a case of its own can still be the lower case of
    another (``ß`` of ``ẞ``).
    """
    if char.isascii():
        return not char.isalpha()
    code = ord(char)
    return any(low <= code <= high for low, high in _UNCASED_BLOCKS)


class _Reader:
    """A recursive-descent reading of one pattern's source."""

    def __init__(self, source: str, ignorecase: bool) -> None:
        self.p = source
        self.i = 0
        self.icase = ignorecase

    def pattern(self) -> Gate | None:
        """The top-level branches, each with its own clauses (nested ones are merged)."""
        self._global_flags()
        branches = [self.sequence(self.icase)]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence(self.icase))
        if self.i != len(self.p):
            raise _GiveUp
        if any(not clauses for clauses in branches):
            return None
        return tuple(dict.fromkeys(branches))  # type: ignore[arg-type]

    def _global_flags(self) -> None:
        """Skip the leading ``(?i)``-style groups (``(?i:...)`` is read by atom())."""
        p = self.p
        while p.startswith("(?", self.i):
            end = self.i + 2
            while end < len(p) and p[end] in _FLAGS:
                end += 1
            if end == self.i + 2 or end >= len(p) or p[end] != ")":
                return
            letters = set(p[self.i + 2 : end])
            if letters - _HARMLESS_FLAGS - {"i"}:
                raise _GiveUp  # verbose or locale
            self.icase = self.icase or "i" in letters
            self.i = end + 1

    def alternation(self, icase: bool) -> Clauses | None:
        branches = [self.sequence(icase)]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence(icase))
        if len(branches) == 1:
            return branches[0]
        union: dict[str, None] = {}
        for clauses in branches:
            if not clauses:
                return None
            union.update(dict.fromkeys(clauses[0]))
        return (tuple(union),)

    def sequence(self, icase: bool) -> Clauses | None:
        items: list[_Item] = []
        p = self.p
        n = len(p)
        while self.i < n and p[self.i] not in "|)":
            c = p[self.i]
            if c in "*+?{":
                self._quantify(items)
                continue
            if not icase:
                run = _PLAIN.match(p, self.i)
                if run is not None and run.end() - self.i > 1:
                    end = run.end()
                    if end < n and p[end] in "*+?{":
                        end -= 1  # the quantifier takes the last character alone
                    items.append(("lit", p[self.i : end]))
                    self.i = end
                    continue
            items.append(self.atom(icase))
        return _combine(items)

    def _quantify(self, items: list[_Item]) -> None:
        p = self.p
        c = p[self.i]
        if c == "{":
            least = self._braces()
        else:
            least = 1 if c == "+" else 0
            self.i += 1
        if not items or items[-1][0] == "zero":
            raise _GiveUp
        if self.i < len(p) and p[self.i] in "?+":
            self.i += 1  # lazy or possessive
        kind, value = items[-1]
        if least == 0:
            items[-1] = ("none", None)
        elif kind == "lit":
            items[-1] = ("need", ((value,),))  # keep it out of a run: "ab+" needs a, b

    def _braces(self) -> int:
        """The minimum of a ``{m,n}`` quantifier at ``self.i``, which it skips."""
        p = self.p
        end = p.index("}", self.i)
        inside = p[self.i + 1 : end]
        low, comma, high = inside.partition(",")
        if not (low or comma) or not set(low + high) <= _DIGITS:
            raise _GiveUp  # a brace that re reads as a literal
        self.i = end + 1
        return int(low or 0)

    def atom(self, icase: bool) -> _Item:
        p = self.p
        c = p[self.i]
        if c == "\\":
            return self._escape(icase)
        if c == "[":
            return self._set(icase)
        if c == "(":
            return self._group(icase)
        self.i += 1
        if c == ".":
            return ("none", None)
        if c in "^$":
            return ("zero", None)
        return _literal(c, icase)

    def _escape(self, icase: bool) -> _Item:
        p = self.p
        c = p[self.i + 1]
        if c in _DIGITS and c != "0":  # a backreference (or octal: matches one char)
            self.i += 2
            while self.i < len(p) and p[self.i] in _DIGITS:
                self.i += 1
            return ("none", None)
        char = self._escaped_char(in_set=False)
        if char is None:
            return ("none", None)
        if char == "":
            return ("zero", None)
        return _literal(char, icase)

    def _escaped_char(self, *, in_set: bool) -> str | None:
        """The character of the escape at ``self.i``; None: a class; "": zero-width."""
        p = self.p
        c = p[self.i + 1]
        if c in _ANY_ESCAPES:
            self.i += 2
            return None
        if c in _ZERO_ESCAPES:
            self.i += 2
            if in_set:
                if c == "b":
                    return "\b"
                raise _GiveUp
            return ""
        if c in _SIMPLE_ESCAPES:
            self.i += 2
            return _SIMPLE_ESCAPES[c]
        if c in "xuU":
            size = {"x": 2, "u": 4, "U": 8}[c]
            digits = p[self.i + 2 : self.i + 2 + size]
            if len(digits) != size or not set(digits) <= _HEX:
                raise _GiveUp
            self.i += 2 + size
            return chr(int(digits, 16))
        if c.isascii() and c.isalnum():
            raise _GiveUp  # octal, \N{...}, or an error re would report
        self.i += 2
        return c

    def _set(self, icase: bool) -> _Item:
        p = self.p
        self.i += 1
        negated = p[self.i] == "^"
        if negated:
            self.i += 1
        chars: dict[str, None] = {}
        wide = False
        first = True
        while True:
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[" or p.startswith(("--", "&&", "~~", "||"), self.i):
                raise _GiveUp  # what re warns about as a future set operation
            low = self._set_char()
            if low is None:
                wide = True
                continue
            if p[self.i] == "-" and p[self.i + 1] != "]":
                self.i += 1
                high = self._set_char()
                if high is None or high < low:
                    raise _GiveUp
                if ord(high) - ord(low) >= CLASS_MAX:
                    wide = True
                else:
                    chars.update(dict.fromkeys(chr(o) for o in range(ord(low), ord(high) + 1)))
            else:
                chars[low] = None
        if negated or wide or len(chars) > CLASS_MAX:
            return ("none", None)
        if icase and not all(_uncased(ch) for ch in chars):
            return ("none", None)
        return ("need", ((tuple(chars),)))

    def _set_char(self) -> str | None:
        """One member of a set at ``self.i``; None for a class escape such as ``\\d``."""
        p = self.p
        if p[self.i] == "\\":
            if p[self.i + 1] in _DIGITS:
                raise _GiveUp  # octal in a set
            return self._escaped_char(in_set=True)
        self.i += 1
        return p[self.i - 1]

    def _group(self, icase: bool) -> _Item:
        p = self.p
        if not p.startswith("(?", self.i):
            self.i += 1
            return self._close(self.alternation(icase))
        k = p[self.i + 2]
        if k == ":":
            self.i += 3
            return self._close(self.alternation(icase))
        if k == "P" and p[self.i + 3] == "<":
            self.i = p.index(">", self.i) + 1
            return self._close(self.alternation(icase))
        if k == "P" and p[self.i + 3] == "=":
            self.i = p.index(")", self.i) + 1
            return ("none", None)  # a named backreference
        if k == "#":
            self.i = p.index(")", self.i) + 1
            return ("zero", None)
        if k in "=!" or (k == "<" and p[self.i + 3] in "=!"):
            positive = (k if k in "=!" else p[self.i + 3]) == "="
            self.i += 3 if k in "=!" else 4
            inner = self._close(self.alternation(icase))
            if positive and inner[0] == "need":
                return ("look", inner[1])
            return ("zero", None)
        if k in _FLAGS or k == "-":
            return self._scoped_flags(icase)
        raise _GiveUp  # conditionals, atomic groups, anything newer

    def _scoped_flags(self, icase: bool) -> _Item:
        p = self.p
        colon = p.index(":", self.i)
        on, _, off = p[self.i + 2 : colon].partition("-")
        letters = set(on) | set(off)
        if not letters <= _FLAGS or letters - _HARMLESS_FLAGS - {"i"}:
            raise _GiveUp
        inner_icase = (icase or "i" in on) and "i" not in off
        self.i = colon + 1
        return self._close(self.alternation(inner_icase))

    def _close(self, clauses: Clauses | None) -> _Item:
        if self.p[self.i] != ")":
            raise _GiveUp
        self.i += 1
        return ("need", clauses) if clauses else ("none", None)


def _literal(char: str, icase: bool) -> _Item:
    if icase and not _uncased(char):
        return ("none", None)
    return ("lit", char)


def _combine(items: list[_Item]) -> Clauses | None:
    """The clauses of a sequence: runs of literals, then each item's own clauses."""
    clauses: list[tuple[str, ...]] = []
    run = ""
    for kind, value in items:
        if kind == "lit":
            run += value  # type: ignore[operator]
            continue
        if run:
            clauses.append((run,))
            run = ""
        if kind in ("need", "look"):
            clauses.extend(value)  # type: ignore[arg-type]
    if run:
        clauses.append((run,))
    if not clauses:
        return None
    if len(clauses) > 1:
        clauses = sorted(dict.fromkeys(clauses), key=_selectivity, reverse=True)
    return tuple(clauses[:MAX_CLAUSES])


def _selectivity(clause: tuple[str, ...]) -> tuple[bool, int, int]:
    """Clauses without a character every report has, then longer strings, then fewer
    of them, are less likely to be met by a text."""
    return (COMMON.isdisjoint(clause), min(map(len, clause)), -len(clause))
