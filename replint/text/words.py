"""Words: THE word-boundary API (jieba, loaded lazily, with an on-disk word list)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from replint.infra.regexes import lazy_re


def cache_dir() -> Path | None:
    """The per-user cache directory (created, 0700), or None when none is writable.

    ``$XDG_CACHE_HOME/replint``, else ``~/.cache/replint``, else a ``replint-<user>``
    directory under the temp dir. Never the shared temp directory itself: jieba trusts
    its cache file without checks and loads it with ``marshal`` (deps.md §2).
    """
    from replint.infra.cache import default_cache_dir, trusted_directory

    candidates: list[Path] = []
    configured = default_cache_dir()
    if configured is not None:
        candidates.append(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        candidates.append(Path(xdg) / "replint")
    home = os.path.expanduser("~")
    if home and home != "~":
        candidates.append(Path(home) / ".cache" / "replint")
    try:
        import tempfile

        uid = os.getuid() if hasattr(os, "getuid") else os.getlogin()
        candidates.append(Path(tempfile.gettempdir()) / f"replint-{uid}")
    except (OSError, FileNotFoundError):
        pass
    for path in candidates:
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            continue
        # Someone else's directory, or one others can write, could hold a planted
        # jieba.cache (which jieba unmarshals) or word database: never used.
        if trusted_directory(path) and os.access(path, os.W_OK | os.X_OK):
            return path
    return None


@cache
def _tokenizer() -> Any:
    """jieba's tokenizer, initialised once per process with our cache dir and no logging."""
    import logging

    added = "pkg_resources" not in sys.modules
    if added:
        # jieba imports pkg_resources only to find its dictionary; blocking it skips a
        # slow import and setuptools' deprecation warning (deps.md §2). Undone below so
        # that code imported later can still use pkg_resources.
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jieba
    finally:
        if added and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.CRITICAL)
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    directory = cache_dir()
    # With no writable directory jieba still works: it logs (silenced) that it could not
    # dump its cache and rebuilds the dictionary next time. Pointing it at an existing
    # directory keeps it from calling tempfile.gettempdir(), which raises when no
    # temporary directory is usable at all.
    tokenizer.tmp_dir = str(directory) if directory else os.getcwd()
    _drop_untrusted(Path(tokenizer.tmp_dir) / "jieba.cache")
    tokenizer.initialize()
    return tokenizer


def _drop_untrusted(path: Path) -> bool:
    """Remove a cache file that is a symlink, someone else's, or writable by group or
    others, before a library opens it; True when ``path`` is now safe to use (absent
    or trusted)."""
    from replint.infra.cache import trusted_file

    if not os.path.lexists(path) or trusted_file(path):
        return True
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def words(text: str) -> tuple[tuple[str, int, int], ...]:
    """``(word, start, end)`` for each word of ``text``, by jieba's dictionary (no HMM).

    HMM guessing is off so that only dictionary words join characters: we use words to
    reject a match that ends inside a longer word (``计划`` in ``计划生育``), and an
    invented word would reject matches for no reason.
    """
    return tuple(_tokenizer().tokenize(text, HMM=False))


def word_ends(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a jieba word ends (no HMM), for boundary checks.

    Short texts (headings) are cut with jieba's dictionary and jieba's own method (the
    most probable path through the words the dictionary knows) but without loading
    jieba: its dictionary is kept in a small SQLite file in the per-user cache, from
    which only the words of this text are read. Loading jieba costs about half a
    second per process; this costs a few milliseconds. Long texts, or a machine
    without a usable cache directory, go through jieba itself; both give the same
    result (the tests compare them).
    """
    if len(text) <= 64:
        ends = _dictionary_word_ends(text)
        if ends is not None:
            return ends
    return frozenset(end for _word, _start, end in words(text))


# jieba cuts runs of these characters; anything else is a token of its own.
_JIEBA_BLOCK = lazy_re(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")


_JIEBA_ENG = lazy_re("[a-zA-Z0-9]")


def jieba_dictionary() -> Path | None:
    """jieba's dictionary file, found without importing jieba."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


def _build_word_db(source: Path, target: Path) -> None:
    """Copy jieba's dictionary (word, frequency) into SQLite, atomically."""
    import sqlite3

    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    total = 0
    longest = 1
    rows: dict[str, int] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2 or not parts[1].strip().isdigit():
                continue
            freq = int(parts[1])
            rows[parts[0]] = freq  # a repeated word keeps its last frequency, as in jieba
            total += freq
            longest = max(longest, len(parts[0]))
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
        conn.executemany("INSERT INTO words VALUES (?, ?)", rows.items())
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("total", total), ("longest", longest)])
        conn.commit()
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


@cache
def _word_db(pid: int) -> tuple[Any, float, int] | None:
    """(connection, log of the total frequency, longest word) or None when unavailable.

    Keyed by process id: a connection must not cross a fork into worker processes.
    """
    import math
    import sqlite3

    source = jieba_dictionary()
    directory = cache_dir()
    if source is None or directory is None:
        return None
    # Keyed by the dictionary's size, not its time: every reinstall of jieba (each CI
    # run, each new virtualenv) gives dict.txt a new time, and each would otherwise
    # leave another 6 MB copy behind. jieba's dictionary changes only between versions,
    # and then its size changes too.
    target = directory / f"jieba-words-{source.stat().st_size}.sqlite3"
    try:
        if not _drop_untrusted(target):
            return None
        if not target.is_file():
            _build_word_db(source, target)
            for old in directory.glob("jieba-words-*-*.sqlite3"):  # keyed by time too
                old.unlink(missing_ok=True)
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        return conn, math.log(meta["total"]), int(meta["longest"])
    except (OSError, sqlite3.Error, KeyError):
        return None


def _dictionary_word_ends(text: str) -> frozenset[int] | None:
    import math

    db = _word_db(os.getpid())
    if db is None:
        return None
    conn, log_total, longest = db
    pieces = {
        text[i:j]
        for m in _JIEBA_BLOCK.finditer(text)
        for i in range(m.start(), m.end())
        for j in range(i + 1, min(m.end(), i + longest) + 1)
    }
    freq: dict[str, int] = {}
    pieces_list = list(pieces)
    for chunk in range(0, len(pieces_list), 500):
        batch = pieces_list[chunk : chunk + 500]
        marks = ",".join("?" * len(batch))
        # Only "?" placeholders are formatted into the statement; the words are bound.
        query = f"SELECT word, freq FROM words WHERE word IN ({marks})"
        freq.update(conn.execute(query, batch))
    ends: set[int] = set()
    last = 0
    for m in _JIEBA_BLOCK.finditer(text):
        # Characters between blocks are tokens of their own.
        ends.update(range(last + 1, m.start() + 1))
        start, stop = m.start(), m.end()
        # The most probable path, computed from the end as jieba does.
        route: dict[int, tuple[float, int]] = {stop: (0.0, 0)}
        for idx in range(stop - 1, start - 1, -1):
            candidates = [
                x for x in range(idx, min(stop, idx + longest)) if freq.get(text[idx : x + 1])
            ] or [idx]
            route[idx] = max(
                (math.log(freq.get(text[idx : x + 1]) or 1) - log_total + route[x + 1][0], x)
                for x in candidates
            )
        x = start
        pending_eng = False
        while x < stop:
            y = route[x][1] + 1
            single_eng = y - x == 1 and _JIEBA_ENG.match(text[x]) is not None
            # jieba glues runs of single ASCII letters and digits into one token.
            if pending_eng and not single_eng:
                ends.add(x)
            if not single_eng:
                ends.add(y)
            pending_eng = single_eng
            x = y
        if pending_eng:
            ends.add(stop)
        last = stop
    ends.update(range(last + 1, len(text) + 1))
    return frozenset(ends)


def jieba_loaded() -> bool:
    """True when this process has imported jieba (used by tests and the bench)."""
    return "jieba" in sys.modules


def dictionary_used() -> bool:
    """True when this process has looked up word boundaries in jieba's dictionary."""
    return _word_db.cache_info().currsize > 0 or jieba_loaded()


@lru_cache(maxsize=4096)
def word_boundaries(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a jieba word starts or ends (a pure, memoised function).

    jieba's words cover the text end to end, so a word starts where the one before it
    ends: the boundaries are the ends, plus the start of the text. One word API: this
    is :func:`word_ends` (the dictionary fast path for short texts) seen from both sides.
    """
    return frozenset({0, len(text)}) | word_ends(text)


def is_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends on word boundaries.

    jieba cuts each run of :data:`_JIEBA_BLOCK` characters on its own, and every
    other character is a token of its own, so whether an offset is a boundary
    depends only on the run around it: only that run is cut (usually one clause,
    short enough for the dictionary fast path), not the whole paragraph.
    """
    return _is_boundary(text, start) and _is_boundary(text, end)


_JIEBA_CHAR = lazy_re(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]")


def _is_boundary(text: str, i: int) -> bool:
    if i <= 0 or i >= len(text):
        return i == 0 or i == len(text)
    match = _JIEBA_CHAR.match
    if match(text, i - 1) is None or match(text, i) is None:
        return True  # next to a character jieba keeps apart
    lo = i - 1
    while lo > 0 and match(text, lo - 1) is not None:
        lo -= 1
    hi = i + 1
    while hi < len(text) and match(text, hi) is not None:
        hi += 1
    return i - lo in word_boundaries(text[lo:hi])


@lru_cache(maxsize=1)
def word_tags() -> Mapping[str, str]:
    """jieba's part-of-speech tag for each dictionary word (loads jieba.posseg)."""
    words("")  # imports and sets up jieba (quietly) before posseg is imported
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab
