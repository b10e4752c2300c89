"""A content-addressed cache in a per-user directory, for work that depends only on bytes.

Reading an archive of last year's reports (``reference``) or shingling its paragraphs
gives the same result every run until a file changes, so the result is stored under
a hash of everything it depends on: the file's bytes, the reader and its options,
and replint's version. Changing any of them changes the key; nothing ever needs
invalidating, and stale entries only cost disk space (``Cache.clear``).

The cache is an optimisation and never an error: when the directory cannot be
created or written (read-only home, CI sandbox), or an entry cannot be read, the
cache quietly turns itself off or treats the entry as missing. It is off when
``enabled`` is false (``--no-cache``, ``cache: false``) or ``REPLINT_NO_CACHE`` is
set, and lives in ``REPLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/replint``, else
``~/.cache/replint`` (``%LOCALAPPDATA%\\replint\\Cache`` on Windows).

Entries are pickles, so the cache only trusts a directory the current user owns and
creates it readable by that user only.

:class:`Table` is the other kind of entry: one small file of plain values that many
runs read at start-up (parsed built-in data, compiled patterns), keyed by what the
caller chooses rather than by a hash, so that reading it needs no hashing library.

Usage::

    cache = Cache("documents", enabled=config.cache)
    key = cache.key(b"txt", data, repr(options))
    doc = cache.get(key)
    if doc is None:
        doc = read(data)
        cache.put(key, doc)
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Bump when the layout of cached values changes in a way the key does not capture.
FORMAT = "1"
#: Entries unused for this long are deleted when the namespace is next written.
MAX_AGE_DAYS = 30
_MISSING = object()


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the cache lives for this user, or None when it is switched off."""
    env = os.environ if environ is None else environ
    if env.get("REPLINT_NO_CACHE", "").strip() not in ("", "0", "false", "no"):
        return None
    if env.get("REPLINT_CACHE_DIR"):
        return Path(env["REPLINT_CACHE_DIR"]).expanduser()
    if sys.platform == "win32" and env.get("LOCALAPPDATA"):
        return Path(env["LOCALAPPDATA"]) / "replint" / "Cache"
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "replint"
    home = env.get("HOME") or os.path.expanduser("~")
    if not home or home == "~":
        return None
    return Path(home) / ".cache" / "replint"


def private_directory(path: Path) -> Path | None:
    """``path`` created if needed (mode 0700) and owned by this user, else None.

    Cache entries are loaded without further checks (pickle can run code), so a
    directory someone else owns, or one that cannot be created, is not used.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None
    except OSError:
        return None
    return path


def _version() -> str:
    from replint.infra import __version__

    return __version__


class Cache:
    """One namespace (``documents``, ``shingles`` …) of the per-user cache.

    ``version`` is the caller's own format version: part of every key, so a change
    in what is stored never reads old entries. Instances hold no shared state; make
    one per run (worker processes may make their own: writes are atomic renames).
    """

    def __init__(
        self,
        namespace: str,
        *,
        version: str = "",
        directory: Path | str | None = None,
        enabled: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        if not namespace or not namespace.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"cache namespace must be a plain word, not {namespace!r}")
        root = Path(directory) if directory is not None else default_cache_dir(environ)
        self.namespace = namespace
        self.directory: Path | None = (root / namespace) if (enabled and root) else None
        self._salt = f"{namespace}\0{version}\0{FORMAT}\0{_version()}".encode()
        self._ready = False

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def key(self, *parts: bytes | str) -> str:
        """A hex digest of ``parts`` (bytes or text), namespace and versions."""
        import hashlib  # 10+ ms to import (OpenSSL): only runs that cache pay it

        h = hashlib.blake2b(self._salt, digest_size=20)
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            # Length-prefix each part so ("ab", "c") and ("a", "bc") differ.
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / key[2:]

    def _prepare(self) -> bool:
        """Create (or check) the directory once; switch the cache off if it is unusable."""
        if self._ready or self.directory is None:
            return self._ready
        self.directory = private_directory(self.directory)
        self._ready = self.directory is not None
        return self._ready

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or ``default`` when missing, unreadable or switched off."""
        if not self._prepare():
            return default
        import pickle

        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                value = pickle.load(fh)
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: keep it past the next prune
            return value
        except FileNotFoundError:
            return default
        except Exception:  # truncated or from an incompatible version: drop it
            with contextlib.suppress(OSError):
                path.unlink()
            return default

    def put(self, key: str, value: Any) -> bool:
        """Store ``value`` atomically; False (and the cache off) when the disk says no."""
        if not self._prepare():
            return False
        import pickle
        import tempfile

        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            self.directory = None  # a full or read-only disk: stop trying this run
            return False
        with contextlib.suppress(OSError):
            self.prune()
        return True

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing and storing it when missing."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.put(key, value)
        return value  # type: ignore[return-value]

    def clear(self) -> int:
        """Delete every entry of this namespace; the number of files removed."""
        return self.prune(max_age_days=-1)

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Delete entries not read or written for ``max_age_days``; the number removed.

        Runs after each write (writes are rare: an archive changed), so entries for
        archives nobody lints any more do not pile up.
        """
        if self.directory is None or not self.directory.is_dir():
            return 0
        import time

        cutoff = time.time() - max_age_days * 86400
        removed = 0
        for sub in self.directory.iterdir():
            if not sub.is_dir():
                continue
            for entry in sub.iterdir():
                try:
                    if max_age_days < 0 or entry.stat().st_mtime < cutoff:
                        entry.unlink()
                        removed += 1
                except OSError:
                    pass
            with contextlib.suppress(OSError):
                sub.rmdir()  # only succeeds when it is empty
        return removed


#: Tables read in this process, and whether they are written back at exit. Only a
#: command-line run asks for that (:func:`persist_at_exit`): importing replint, or
#: linting through the library, never writes into the user's cache behind their back.
_LOADED: list[Table] = []
_persist_at_exit = False


def persist_at_exit() -> None:
    """Write the start-up tables back at exit (called by the command line)."""
    global _persist_at_exit
    if _persist_at_exit:
        return
    _persist_at_exit = True
    for table in _LOADED:
        atexit.register(table.save)


class Table:
    """A small dict kept in one file of the per-user cache, for start-up work.

    Some work is repeated by every run although its inputs almost never change:
    parsing the built-in data files, compiling the rules' patterns. A ``Table`` keeps
    its results in one :mod:`marshal` file (built in, no import; plain values only),
    read on first use, and written back at exit when the run added entries (in a
    command-line run: :func:`persist_at_exit`). Values
    must be what marshal stores (numbers, strings, bytes, tuples, lists, dicts, sets).

    ``header`` names everything the values depend on besides their keys (formats,
    the interpreter); a file written under another header is ignored. Writes are
    atomic renames, so concurrent runs at worst each write their own complete table.
    Like :class:`Cache`, it never fails a run: an unusable directory or file only
    means the work is done again.
    """

    def __init__(
        self,
        name: str,
        header: Any,
        *,
        limit: int = 4000,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.header = header
        #: Past this many entries, saving keeps only those this run used, so entries
        #: left by older versions and one-off inputs cannot pile up.
        self.limit = limit
        self._environ = environ
        self._entries: dict[Any, Any] | None = None
        self._used: set[Any] = set()
        self._path: Path | None = None
        self._changed = False

    def _load(self) -> dict[Any, Any]:
        self._entries = {}
        root = default_cache_dir(self._environ)
        if root is None:
            return self._entries
        self._path = root / self.name
        with contextlib.suppress(Exception):  # missing, truncated or foreign: start empty
            with open(self._path, "rb") as fh:
                if hasattr(os, "getuid") and os.fstat(fh.fileno()).st_uid != os.getuid():
                    # Someone else's file could feed us their word lists or patterns.
                    raise PermissionError(self._path)
                # marshal.load(fh) reads item by item from the file: ten times slower.
                header, entries = marshal.loads(fh.read())
            if header == self.header and isinstance(entries, dict):
                self._entries = entries
        _LOADED.append(self)
        if _persist_at_exit:
            atexit.register(self.save)
        return self._entries

    def get(self, key: Any, default: Any = None) -> Any:
        entries = self._entries if self._entries is not None else self._load()
        if key in entries:
            self._used.add(key)
            return entries[key]
        return default

    def put(self, key: Any, value: Any) -> None:
        entries = self._entries if self._entries is not None else self._load()
        entries[key] = value
        self._used.add(key)
        self._changed = True

    def discard(self, predicate: Callable[[Any], bool]) -> None:
        """Drop the entries whose key matches ``predicate`` (superseded ones)."""
        entries = self._entries if self._entries is not None else self._load()
        for key in [k for k in entries if predicate(k)]:
            del entries[key]
            self._changed = True

    def save(self) -> None:
        """Write the table if this run changed it; any failure is ignored."""
        if not self._changed or self._path is None or self._entries is None:
            return
        if default_cache_dir(self._environ) is None:
            return  # switched off since the table was read (``--no-cache``)
        if private_directory(self._path.parent) is None:
            return
        entries = self._entries
        if len(entries) > self.limit:
            entries = {k: v for k, v in entries.items() if k in self._used}
        tmp = self._path.with_name(f".tmp-{os.getpid()}-{self.name}")
        try:
            data = marshal.dumps((self.header, entries))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self._path)
            self._changed = False
        except (OSError, ValueError):  # a full disk, or a value marshal cannot store
            with contextlib.suppress(OSError):
                os.unlink(tmp)
