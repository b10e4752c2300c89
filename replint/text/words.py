"""Words: THE word-boundary API (jieba, loaded lazily, with an on-disk word list)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
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

    Texts are cut with jieba's dictionary and jieba's own method (the most probable
    path through the words the dictionary knows) but without loading jieba: its
    dictionary is kept in a SQLite file in the per-user cache, from which only the
    pieces of this text are read. Loading jieba costs about half a second per process
    (more under load, and again in each worker); this costs a few milliseconds. A
    machine without a usable cache directory goes through jieba itself; both give the
    same result (the tests compare them).
    """
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


# The word database's layout: bump it whenever the table changes, so that a cache
# written by an older replint is rebuilt (under a new name) and the old file removed.
# 2: the part-of-speech tag of each word, and every prefix of a word (frequency 0)
# as in jieba's prefix dictionary.
_WORD_DB_VERSION = 2

# Names the word database has had: ``jieba-words-<size>-<time>`` (time-keyed), then
# ``jieba-words-<size>`` (layout 1), now ``jieba-dict-v<N>-<size>``. Not
# ``jieba-words-*-*``: replint before layout 2 removes such files as time-keyed copies,
# and two checkouts of different ages sharing a cache would rebuild each other's.
_WORD_DB_NAME = lazy_re(r"jieba-(?:words-\d+(?:-\d+)?|dict-v(\d+)-\d+)\.sqlite3")


def _word_db_name(size: int) -> str:
    return f"jieba-dict-v{_WORD_DB_VERSION}-{size}.sqlite3"


def _older_word_db(name: str) -> bool:
    """Whether ``name`` is a word database of an older layout than this one's."""
    m = _WORD_DB_NAME.fullmatch(name)
    return m is not None and int(m.group(1) or 1) < _WORD_DB_VERSION


def _read_dictionary(source: Path) -> tuple[dict[str, tuple[int, str | None]], int, int]:
    """jieba's dictionary as jieba reads it: ``word -> (frequency, tag)``, the total
    frequency and the length of the longest entry.

    Frequencies and the total follow jieba's prefix dictionary (``gen_pfdict``): a
    repeated word keeps its last frequency but counts in the total each time, and
    every prefix of a word is an entry of frequency 0 unless it is a word itself.
    Tags follow ``jieba.posseg`` (``load_word_tag``): lines of exactly three fields,
    the last tag of a repeated word.
    """
    freqs: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with open(source, encoding="utf-8") as fh:
        for raw in fh:
            parts = raw.strip().split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word = parts[0]
            freq = int(parts[1])
            freqs[word] = freq
            total += freq
            for k in range(1, len(word)):
                freqs.setdefault(word[:k], 0)
    rows = {word: (freq, tags.get(word)) for word, freq in freqs.items()}
    for word, tag in tags.items():
        if word not in rows:
            rows[word] = (0, tag)
    longest = max(map(len, rows), default=1)
    return rows, total, longest


def _build_word_db(source: Path, target: Path) -> None:
    """Copy jieba's dictionary (word, frequency, tag; prefixes) into SQLite, atomically."""
    import sqlite3

    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    rows, total, longest = _read_dictionary(source)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute(
            "CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL, tag TEXT)"
            " WITHOUT ROWID"
        )
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
        conn.executemany(
            "INSERT INTO words VALUES (?, ?, ?)",
            ((word, freq, tag) for word, (freq, tag) in rows.items()),
        )
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("total", total), ("longest", longest), ("version", _WORD_DB_VERSION)],
        )
        conn.commit()
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


# Lookups remembered per process before the memo starts over (a few tens of MB at most).
_MEMO_LIMIT = 1 << 18

# Words bound per statement (SQLite allows 32,766 since 3.32; older ones 999).
_BATCH = 900


class _WordDb:
    """The open word database of this process and the entries it has looked up.

    Not shared across processes (a SQLite connection must not cross a fork). The memo
    only saves repeated reads: it holds what the database says, never anything else.
    """

    __slots__ = ("_conn", "_freqs", "_tags", "log_total", "longest")

    def __init__(self, conn: Any, total: int, longest: int) -> None:
        import math

        self._conn = conn
        self.log_total = math.log(total)
        self.longest = longest
        self._freqs: dict[str, int] = {}
        self._tags: dict[str, str | None] = {}

    def freqs(self, pieces: set[str]) -> dict[str, int]:
        """Each piece's frequency: 0 for a prefix of a word only, -1 when neither."""
        known = self._freqs
        todo = [p for p in pieces if p not in known]
        if len(known) + len(todo) > _MEMO_LIMIT:
            known.clear()
            todo = list(pieces)
        for chunk in range(0, len(todo), _BATCH):
            batch = todo[chunk : chunk + _BATCH]
            known.update(dict.fromkeys(batch, -1))
            # Only "?" placeholders are formatted into the statement; the words are bound.
            query = f"SELECT word, freq FROM words WHERE word IN ({','.join('?' * len(batch))})"
            known.update(self._conn.execute(query, batch))
        return known

    def tag(self, word: str) -> str | None:
        """``word``'s part-of-speech tag, or None when the dictionary gives none."""
        try:
            return self._tags[word]
        except KeyError:
            pass
        row = self._conn.execute("SELECT tag FROM words WHERE word = ?", (word,)).fetchone()
        if len(self._tags) >= _MEMO_LIMIT:
            self._tags.clear()
        tag = self._tags[word] = row[0] if row else None
        return tag

    def tagged(self) -> Iterator[str]:
        """Every word with a tag, in the database's order."""
        for (word,) in self._conn.execute("SELECT word FROM words WHERE tag IS NOT NULL"):
            yield word

    def count_tagged(self) -> int:
        return int(
            self._conn.execute("SELECT count(*) FROM words WHERE tag IS NOT NULL").fetchone()[0]
        )


@cache
def _word_db(pid: int) -> _WordDb | None:
    """This process's word database, or None when unavailable.

    Keyed by process id: a connection must not cross a fork into worker processes.
    """
    import sqlite3

    source = jieba_dictionary()
    directory = cache_dir()
    if source is None or directory is None:
        return None
    # Keyed by the dictionary's size, not its time: every reinstall of jieba (each CI
    # run, each new virtualenv) gives dict.txt a new time, and each would otherwise
    # leave another copy behind. jieba's dictionary changes only between versions,
    # and then its size changes too. Databases of another jieba version (another
    # size, another virtualenv) are left alone; those of an older layout are removed.
    target = directory / _word_db_name(source.stat().st_size)
    try:
        if not _drop_untrusted(target):
            return None
        if not target.is_file():
            _build_word_db(source, target)
            for old in directory.glob("jieba-*.sqlite3"):
                if _older_word_db(old.name):
                    old.unlink(missing_ok=True)
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        if meta.get("version") != _WORD_DB_VERSION:
            return None
        return _WordDb(conn, int(meta["total"]), int(meta["longest"]))
    except (OSError, sqlite3.Error, KeyError, ValueError):
        return None


def _dictionary_word_ends(text: str) -> frozenset[int] | None:
    """:func:`word_ends` by jieba's method on the word database, or None without one.

    jieba cuts each run of :data:`_JIEBA_BLOCK` characters on its own: it builds the
    words that start at each character (its DAG) by extending the piece one character
    at a time while the piece is in its prefix dictionary, then takes the most
    probable path from the end. The same here, with the pieces of every run looked
    up together, one length at a time: only pieces whose shorter prefix is an entry
    are read, a few per character however long the text.
    """
    db = _word_db(os.getpid())
    if db is None:
        return None
    import math

    blocks = [m.span() for m in _JIEBA_BLOCK.finditer(text)]
    log = math.log
    dag: dict[int, list[tuple[int, float]]] = {}
    open_pieces = [(i, stop) for start, stop in blocks for i in range(start, stop)]
    size = 1
    while open_pieces:
        freqs = db.freqs({text[i : i + size] for i, _stop in open_pieces})
        longer: list[tuple[int, int]] = []
        for i, stop in open_pieces:
            freq = freqs[text[i : i + size]]
            if freq < 0:
                continue  # not a word, nor the start of one
            if freq:
                dag.setdefault(i, []).append((i + size - 1, log(freq)))
            if i + size < stop:
                longer.append((i, stop))
        open_pieces = longer
        size += 1
    log_total = db.log_total
    ends: set[int] = set()
    last = 0
    for start, stop in blocks:
        _gap_ends(text, last, start, ends)
        # The most probable path, computed from the end as jieba does.
        route: dict[int, tuple[float, int]] = {stop: (0.0, 0)}
        for idx in range(stop - 1, start - 1, -1):
            candidates = dag.get(idx)
            if candidates is None:  # no word starts here: the character alone, as frequency 1
                route[idx] = (log(1) - log_total + route[idx + 1][0], idx)
                continue
            best = (-math.inf, -1)
            for x, log_freq in candidates:
                step = (log_freq - log_total + route[x + 1][0], x)
                if step > best:
                    best = step
            route[idx] = best
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
    _gap_ends(text, last, len(text), ends)
    return frozenset(ends)


def _gap_ends(text: str, start: int, stop: int, ends: set[int]) -> None:
    """Token ends between runs: each character is a token, except ``\\r\\n`` (jieba's
    ``re_skip``)."""
    i = start
    while i < stop:
        i += 2 if text.startswith("\r\n", i, stop) else 1
        ends.add(i)


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
    is :func:`word_ends` (read from the word database) seen from both sides.
    """
    return frozenset({0, len(text)}) | word_ends(text)


def is_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends on word boundaries.

    jieba cuts each run of :data:`_JIEBA_BLOCK` characters on its own, and every
    other character is a token of its own, so whether an offset is a boundary
    depends only on the run around it: only that run is cut (usually one clause,
    a few dozen characters), not the whole paragraph.
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
    """jieba's part-of-speech tag for each dictionary word (``jieba.posseg``'s table).

    Read word by word from the word database, without loading jieba (loading
    ``jieba.posseg`` costs about a second per process); from ``jieba.posseg`` itself
    when no cache directory is usable. Both give the same tags (the tests compare them).
    """
    if _word_db(os.getpid()) is None:
        return _posseg_tags()
    return _DictionaryTags()


def _posseg_tags() -> Mapping[str, str]:
    words("")  # imports and sets up jieba (quietly) before posseg is imported
    import jieba.posseg

    table: Mapping[str, str] = jieba.posseg.dt.word_tag_tab
    return table


class _DictionaryTags(Mapping[str, str]):
    """``jieba.posseg``'s tag table, read from the word database as words are asked for.

    Each process reads from its own connection (workers forked after the first lookup
    open theirs); if the database cannot be opened there, ``jieba.posseg`` answers.
    """

    def __getitem__(self, word: str) -> str:
        if not isinstance(word, str):
            raise KeyError(word)
        db = _word_db(os.getpid())
        tag = _posseg_tags().get(word) if db is None else db.tag(word)
        if tag is None:
            raise KeyError(word)
        return tag

    def __iter__(self) -> Iterator[str]:
        db = _word_db(os.getpid())
        return iter(_posseg_tags()) if db is None else db.tagged()

    def __len__(self) -> int:
        db = _word_db(os.getpid())
        return len(_posseg_tags()) if db is None else db.count_tagged()
