"""English misspellings (W106), from codespell's curated list of common misspellings.

codespell's dictionary (GPL-2.0, installed with the optional `spell` extra) lists
words that are misspellings in every context (`recieve`, `enviornment`); it is not a
general dictionary, so an unknown word (a name, a product, a term) is never
reported. replint reads it, never copies it: the first use writes the entries into
SQLite in the per-user cache, and a run then looks up only the words of its text.
Entries with several suggestions or marked as not to be fixed automatically are left
out, and so are words of three letters or fewer.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from replint.plugin import (
    Document,
    Finding,
    Rule,
    Severity,
    regexes,
)

_VERSION = 1
# A word: letters with inner apostrophes; what touches it decides whether it is prose.
_WORD = regexes.lazy_re(
    r"(?<![A-Za-z0-9_@./\\#$%&=+-])[A-Za-z][a-z]*(?:'[a-z]+)?(?![A-Za-z0-9_@/\\=+-]|\.[A-Za-z0-9])"
)
_LOWER = regexes.lazy_re(r"[a-z]{4}")
_PROTECTED = regexes.lazy_re(
    r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`]*`|\S+\.(?:py|js|ts|md|txt|json|yaml|yml|html|css|java|go|rs|cpp|h)\b"
)


def _codespell_dictionary() -> Path | None:
    """codespell's main dictionary file, found without importing codespell."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("codespell_lib")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dictionary.txt"
    return path if path.is_file() else None


def parse_dictionary(lines: Iterable[str]) -> dict[str, str]:
    """``wrong -> right`` for the unambiguous entries of a codespell dictionary."""
    out: dict[str, str] = {}
    for line in lines:
        wrong, sep, right = line.strip().partition("->")
        if not sep or "," in right or " " in right or len(wrong) <= 3:
            continue  # several suggestions, a reason, or not to be fixed automatically
        if wrong.isalpha() and wrong.islower() and right:
            out[wrong] = right
    return out


def _build(source: Path, target: Path) -> None:
    import sqlite3

    with open(source, encoding="utf-8") as fh:
        entries = parse_dictionary(fh)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("CREATE TABLE typos (wrong TEXT PRIMARY KEY, right TEXT) WITHOUT ROWID")
        conn.executemany("INSERT INTO typos VALUES (?, ?)", entries.items())
        conn.commit()
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


@cache
def _db(pid: int) -> Any:
    """A connection to the misspellings table (built on first use), or None."""
    import sqlite3

    from replint.plugin import cache_dir

    source = _codespell_dictionary()
    directory = cache_dir()
    if source is None or directory is None:
        return None
    target = directory / f"codespell-{source.stat().st_size}-v{_VERSION}.sqlite3"
    try:
        if not target.is_file():
            _build(source, target)
        return sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None


def corrections(words: Iterable[str]) -> dict[str, str]:
    """The misspelt ones among ``words`` (lower case), with their corrections."""
    conn = _db(os.getpid())
    if conn is None:
        return {}
    items = sorted(set(words))
    out: dict[str, str] = {}
    for chunk in range(0, len(items), 500):
        batch = items[chunk : chunk + 500]
        marks = ",".join("?" * len(batch))
        out.update(conn.execute(f"SELECT wrong, right FROM typos WHERE wrong IN ({marks})", batch))
    return out


def available() -> bool:
    """Whether codespell's dictionary is installed (`pip install replint[spell]`)."""
    return _codespell_dictionary() is not None


def _match_case(word: str, right: str) -> str:
    if word[:1].isupper():
        return right[:1].upper() + right[1:]
    return right


class EnglishMisspelling(Rule):
    """A commonly misspelt English word (`recieve`, `enviornment`).

    ## What it does
    Finds English words that codespell's curated list names as misspellings and
    offers the right spelling.

    ## Why is this bad?
    English status reports are read by people who notice `Retreival` in a heading;
    weekly reports are typed fast and rarely spell-checked.

    ## Example
        Disscussed the deployment enviornment with the team.

    ## Use instead
        Discussed the deployment environment with the team.

    Only words on the list are reported, so names, product names and terms of art are
    never guessed at. Code (inline code, code blocks), links, mail addresses, file
    names, identifiers (`snake_case`, `camelCase`, words with digits) and words in
    capitals are not checked. Needs codespell (`pip install 'replint[spell]'`);
    without it the rule finds nothing.
    """

    code = "W106"
    name = "english-misspelling"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {"ignore": []}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        ignore = {w.lower() for w in options["ignore"]}
        spots: list[tuple[int, int, int, str]] = []
        for n, para in enumerate(doc.paragraphs):
            text = para.text
            if _LOWER.search(text) is None:
                continue
            protected = [m.span() for m in _PROTECTED.finditer(text)]
            for m in _WORD.finditer(text):
                word = m.group()
                if len(word) <= 3 or word.isupper() or any(c.isupper() for c in word[1:]):
                    continue
                if any(s <= m.start() < e for s, e in protected):
                    continue
                spots.append((n, m.start(), m.end(), word))
        if not spots:
            return
        found = corrections(w.lower() for *_x, w in spots)
        for n, start, end, word in spots:
            right = found.get(word.lower())
            if right is None or word.lower() in ignore:
                continue
            para = doc.paragraphs[n]
            fixed = _match_case(word, right)
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"“{word}” is a common misspelling of “{fixed}”",
                replacement=fixed,
            )


RULES = [EnglishMisspelling]
