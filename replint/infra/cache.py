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

Entries are plain data, never anything the interpreter executes: JSON, decoded by an
explicit schema back into the value the caller asked for (:func:`to_plain`,
:func:`from_plain`: the type hints of a frozen dataclass or NamedTuple, or a class's
own ``to_plain``/``from_plain``). An entry of the wrong shape, type or size is dropped
and the work done again; it can never crash a run or switch a rule off. The cache
still only trusts a directory the current user owns and others cannot write, creates
it readable by that user only, and decodes only bytes whose digest (keyed by the
entry's key and, when ``REPLINT_CACHE_KEY`` is set, by that secret) matches.

:class:`Table` is the other kind of entry: one small file of plain values (JSON) that
many runs read at start-up (parsed built-in data), keyed by what the caller chooses.

Every file is read through :func:`read_trusted`: not a symlink (``O_NOFOLLOW``), owned
by this user, not writable by group or others, in a directory others cannot write;
and every entry carries a digest that is checked before it is used. Anything that
fails is treated as missing: the work is done again.

Usage::

    cache = Cache("findings", enabled=config.cache)
    key = cache.key(b"txt", data, repr(options))
    found = cache.get(key, schema=tuple[Finding, ...])
    if found is None:
        found = check(data)
        cache.put(key, found, schema=tuple[Finding, ...])

What plain data does not stop: anyone who can write the cache directory (this user,
or a CI cache restored from an untrusted branch) can plant an entry of valid shape
with a matching digest, since the digest's key is not secret. Such an entry cannot
run code or crash replint, but its *content* is believed: a planted parsed data file
or archive index can hide findings or add wrong ones. Setting ``REPLINT_CACHE_KEY``
(for instance from a CI secret that untrusted branches cannot read) keys every digest
with it, so entries written without the secret are rebuilt.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Bump when the layout of cached values changes in a way the key does not capture.
FORMAT = "2"
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
    """``path`` created if needed (mode 0700), owned by this user and not writable by
    others (:func:`trusted_directory`), else None.

    Cache entries are loaded from here, so a directory someone else owns or can write,
    or one that cannot be created, is not used.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if trusted_directory(path) else None


def trusted_directory(path: Path | str) -> bool:
    """True for a directory owned by this user that group and others cannot write."""
    import stat

    try:
        info = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


#: The most a cache file may hold; anything larger is not ours.
MAX_CACHE_FILE = 64 * 1048576


def read_trusted(path: Path | str, limit: int = MAX_CACHE_FILE) -> bytes | None:
    """The bytes of a cache file, or None unless it is a regular file (not a symlink:
    ``O_NOFOLLOW``), owned by this user, not writable by group or others, in a
    directory :func:`trusted_directory` accepts, and at most ``limit`` bytes."""
    import stat

    if not trusted_directory(os.path.dirname(os.path.abspath(path)) or "."):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:  # missing, or a symlink (ELOOP)
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        return None
    except OSError:
        return None
    finally:
        os.close(fd)


def trusted_file(path: Path | str) -> bool:
    """The checks of :func:`read_trusted` without reading (for files other libraries
    open, such as jieba's dictionary cache and the word database)."""
    import stat

    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return trusted_directory(os.path.dirname(os.path.abspath(path)) or ".")


def digest(data: bytes, key: bytes = b"") -> str:
    """A blake2b hex digest (``_blake2`` directly: hashlib's OpenSSL import is slow)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b(data, digest_size=20, key=key[:64]).hexdigest()


def secret(environ: Mapping[str, str] | None = None) -> bytes:
    """The user's cache secret (``REPLINT_CACHE_KEY``), hashed to 20 bytes, or b"".

    Mixed into every digest, so entries written without it (or with another one)
    fail the check and are rebuilt: a CI cache restored from a branch that cannot
    read the secret is then harmless.
    """
    env = os.environ if environ is None else environ
    value = env.get("REPLINT_CACHE_KEY", "")
    if not value:
        return b""
    return bytes.fromhex(digest(value.encode("utf-8", "surrogatepass"), b"replint-cache-key"))


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
        self._secret = secret(environ)
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

    def _digest(self, payload: bytes, key: str) -> str:
        return digest(payload, self._secret + key.encode("ascii"))

    def get(self, key: str, default: Any = None, *, schema: Any = None) -> Any:
        """The stored value, or ``default`` when missing, unreadable, of the wrong shape
        for ``schema`` (see :func:`from_plain`) or the cache is switched off."""
        if not self._prepare():
            return default
        path = self._path(key)
        data = read_trusted(path, MAX_CACHE_FILE)
        if data is None:  # missing, too big, or a file we did not write: never loaded
            return default
        try:
            stored, _, payload = data.partition(b"\n")
            # The digest ties the entry to its key and bytes: a truncated, swapped or
            # bit-flipped entry is never decoded.
            if stored.decode("ascii") != self._digest(payload, key):
                raise ValueError("digest mismatch")
            import json

            value = from_plain(json.loads(payload), schema)
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: keep it past the next prune
            return value
        except Exception:  # corrupted, planted, or of another shape: drop it, rebuild
            with contextlib.suppress(OSError):
                path.unlink()
            return default

    def put(self, key: str, value: Any, *, schema: Any = None) -> bool:
        """Store ``value`` atomically as plain data (:func:`to_plain`); False when it is
        not plain data of ``schema``, or the disk says no (the cache is then off)."""
        if not self._prepare():
            return False
        import json
        import tempfile

        try:
            payload = json.dumps(
                to_plain(value, schema), ensure_ascii=False, allow_nan=False, separators=(",", ":")
            ).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError, RecursionError):
            return False  # not plain data: simply not cached
        if len(payload) > MAX_CACHE_FILE - 64:
            return False
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(self._digest(payload, key).encode("ascii") + b"\n" + payload)
            os.replace(tmp, path)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            self.directory = None  # a full or read-only disk: stop trying this run
            return False
        with contextlib.suppress(OSError):
            self.prune()
        return True

    def get_or_compute(self, key: str, compute: Callable[[], T], *, schema: Any = None) -> T:
        """The cached value for ``key``, computing and storing it when missing."""
        value = self.get(key, _MISSING, schema=schema)
        if value is _MISSING:
            value = compute()
            self.put(key, value, schema=schema)
        return value  # type: ignore[no-any-return]

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

    Some work is repeated by every run although its inputs almost never change, such
    as parsing the built-in data files. A ``Table`` keeps its results in one file,
    read on first use and written back at exit when the run added entries (only in a
    command-line run, which calls :func:`persist_at_exit`: the library writes nothing).

    Only plain data is stored, never anything the interpreter executes or trusts
    blindly: keys and values are JSON (strings, numbers, booleans, None, lists and
    dicts with string keys; tuple keys come back as tuples). A value JSON would not
    give back equal is simply not stored. The file is
    ``replint-table 2\n<digest>\n<json>``, the digest a blake2b of the JSON keyed by
    the header, so a truncated, bit-flipped or foreign file fails the check and the
    work is redone (and the file rewritten): a cache problem is never an error. Files
    are read only when :func:`read_trusted` accepts them (not a symlink, owned by this
    user, not writable by group or others, in a directory others cannot write).

    ``header`` names everything the values depend on besides their keys (formats);
    a file written under another header is ignored. Writes are atomic renames, so
    concurrent runs at worst each write their own complete table.
    """

    MAGIC = b"replint-table 2"

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

    def _key(self) -> bytes:
        # With REPLINT_CACHE_KEY, a table written without that secret fails the check.
        return secret(self._environ) + repr(self.header).encode("utf-8", "surrogatepass")

    def _load(self) -> dict[Any, Any]:
        self._entries = {}
        root = default_cache_dir(self._environ)
        if root is None:
            return self._entries
        self._path = root / self.name
        _LOADED.append(self)
        if _persist_at_exit:
            atexit.register(self.save)
        data = read_trusted(self._path)
        if data is None:
            return self._entries
        with contextlib.suppress(Exception):  # truncated, corrupted or foreign: start empty
            magic, stored, payload = data.split(b"\n", 2)
            if magic != self.MAGIC or stored.decode("ascii") != digest(payload, self._key()):
                raise ValueError("not a table of this header")
            import json

            pairs = json.loads(payload)
            entries = {_tuples(key): value for key, value in pairs}
            self._entries = entries
        return self._entries

    def get(self, key: Any, default: Any = None) -> Any:
        entries = self._entries if self._entries is not None else self._load()
        if key in entries:
            self._used.add(key)
            return entries[key]
        return default

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` for ``key``; one that is not plain data (see above) is not kept."""
        entries = self._entries if self._entries is not None else self._load()
        import json

        try:
            encoded = json.dumps([key, value], ensure_ascii=False, allow_nan=False)
            back_key, back = json.loads(encoded)
        except (TypeError, ValueError, RecursionError):
            return
        if _tuples(back_key) != key or back != value or not _same_types(back, value):
            return
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
            import json

            payload = json.dumps(list(entries.items()), ensure_ascii=False).encode("utf-8")
            data = b"\n".join((self.MAGIC, digest(payload, self._key()).encode(), payload))
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(tmp, flags, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self._path)
            self._changed = False
        except (OSError, ValueError, TypeError):  # a full disk, a foreign file in the way
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples they were (for keys)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _same_types(a: Any, b: Any) -> bool:
    """``a == b`` also holds for 1 and True, or a tuple and a list: compare types too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return True


# -- plain data: what cache entries are made of ----------------------------------------


def to_plain(value: Any, schema: Any = None) -> Any:
    """``value`` as JSON-ready data, shaped by ``schema`` (see :func:`from_plain`).

    Raises TypeError or ValueError for anything that is not plain data of that schema
    (the caller then does not cache it).
    """
    return _Codec().encode(value, schema)


def from_plain(data: Any, schema: Any = None) -> Any:
    """The value ``data`` (parsed JSON) stands for under ``schema``, checked as it is built.

    ``schema`` is a type: ``str``, ``int``, ``float``, ``bool``, an enum, ``X | None``,
    ``tuple[X, ...]``, ``tuple[X, Y]``, ``list[X]``, ``dict[K, V]`` or ``Mapping[K, V]``,
    ``array[int]``, a frozen dataclass or NamedTuple (by its type hints), or a class with
    ``to_plain()`` and a classmethod ``from_plain(data)`` that checks what it is given.
    Without a schema (or ``Any``), values are JSON with tuples and dicts tagged, so
    they come back as the same types. Anything of another shape raises ValueError or
    TypeError: nothing in ``data`` chooses which class is built or runs code.
    """
    return _Codec().decode(data, schema)


class _Codec:
    """One encoding or decoding; remembers the type hints it has looked up."""

    def __init__(self) -> None:
        self._hints: dict[type, dict[str, Any]] = {}

    def hints(self, cls: type) -> dict[str, Any]:
        found = self._hints.get(cls)
        if found is None:
            import typing

            found = self._hints[cls] = typing.get_type_hints(cls)
        return found

    # -- encode ----------------------------------------------------------------------
    def encode(self, value: Any, schema: Any) -> Any:
        import typing

        kind, args = _kind(schema), typing.get_args(schema)
        if kind == "any":
            return _encode_any(value)
        if kind == "scalar":
            return _scalar(value, schema)
        if kind == "union":
            return _first_of(self.encode, value, args)
        if kind == "enum":
            return _check(value, schema).value
        if kind == "custom":
            return _check(value, schema).to_plain()
        if kind in ("dataclass", "namedtuple"):
            hints = self.hints(schema)
            names = _field_names(schema)
            encoded = [self.encode(getattr(_check(value, schema), n), hints[n]) for n in names]
            return dict(zip(names, encoded, strict=True)) if kind == "dataclass" else encoded
        if kind == "sequence":
            items = _check(value, typing.get_origin(schema))
            return [
                self.encode(v, a)
                for v, a in zip(items, _item_types(schema, len(items)), strict=True)
            ]
        if kind == "mapping":
            from collections.abc import Mapping as AbcMapping

            key_type, value_type = args
            pairs = _check(value, AbcMapping).items()
            if key_type is str:
                return {_check(k, str): self.encode(v, value_type) for k, v in pairs}
            return [[self.encode(k, key_type), self.encode(v, value_type)] for k, v in pairs]
        from array import array

        return [_check(value, array).typecode, pack_ints(value)]  # kind == "array"

    # -- decode ----------------------------------------------------------------------
    def decode(self, data: Any, schema: Any) -> Any:
        import typing

        kind, args = _kind(schema), typing.get_args(schema)
        if kind == "any":
            return _decode_any(data)
        if kind == "scalar":
            return _scalar(data, schema)
        if kind == "union":
            return _first_of(self.decode, data, args)
        if kind == "enum":
            return schema(data)
        if kind == "custom":
            return _check(schema.from_plain(data), schema)
        if kind in ("dataclass", "namedtuple"):
            hints = self.hints(schema)
            names = _field_names(schema)
            if kind == "dataclass":
                if not isinstance(data, dict) or sorted(data) != sorted(names):
                    raise ValueError(f"not a {schema.__name__}")
                return schema(**{n: self.decode(data[n], hints[n]) for n in names})
            if not isinstance(data, list) or len(data) != len(names):
                raise ValueError(f"not a {schema.__name__}")
            return schema(*(self.decode(v, hints[n]) for v, n in zip(data, names, strict=True)))
        if kind == "sequence":
            types = _item_types(schema, len(_check(data, list)))
            items = [self.decode(v, a) for v, a in zip(data, types, strict=True)]
            return items if typing.get_origin(schema) is list else tuple(items)
        if kind == "mapping":
            key_type, value_type = args
            if key_type is str:
                return {k: self.decode(v, value_type) for k, v in _check(data, dict).items()}
            return {self.decode(k, key_type): self.decode(v, value_type) for k, v in _pairs(data)}
        if not (isinstance(data, list) and len(data) == 2):  # kind == "array"
            raise ValueError("not an array")
        return unpack_ints(data[1], data[0])


def _kind(schema: Any) -> str:
    """Which of the schema forms :func:`from_plain` knows ``schema`` is (TypeError: none)."""
    import dataclasses
    import enum
    import typing
    from array import array
    from collections.abc import Mapping as AbcMapping

    if schema is None or schema is Any:
        return "any"
    origin = typing.get_origin(schema)
    if origin is None:
        if schema in _SCALARS:
            return "scalar"
        if isinstance(schema, type):
            if issubclass(schema, enum.Enum):
                return "enum"
            if hasattr(schema, "from_plain") and hasattr(schema, "to_plain"):
                return "custom"
            if dataclasses.is_dataclass(schema):
                return "dataclass"
            if issubclass(schema, tuple) and hasattr(schema, "_fields"):
                return "namedtuple"
    elif _is_union(origin):
        return "union"
    elif origin is tuple or origin is list:
        return "sequence"
    elif origin is dict or origin is AbcMapping:
        return "mapping"
    elif origin is array:
        return "array"
    raise TypeError(f"no plain form for {schema!r}")


def _field_names(cls: Any) -> list[str]:
    import dataclasses

    if dataclasses.is_dataclass(cls):
        return [f.name for f in dataclasses.fields(cls) if f.init]
    return list(cls._fields)


def _item_types(schema: Any, length: int) -> tuple[Any, ...]:
    """The item types of a ``list[X]`` or ``tuple[X, ...]``, or of a fixed ``tuple[X, Y]``,
    for ``length`` items."""
    import typing

    args = typing.get_args(schema)
    if typing.get_origin(schema) is list or (len(args) == 2 and args[1] is Ellipsis):
        return (args[0],) * length
    if len(args) != length:
        raise ValueError("tuple of the wrong length")
    return args


def _pairs(data: Any) -> Iterator[tuple[Any, Any]]:
    for pair in _check(data, list):
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("not a key-value pair")
        yield pair[0], pair[1]


#: Array type codes of integers and their sizes everywhere replint runs ("l" is not:
#: 4 or 8 bytes depending on the platform).
_INT_SIZES = {"b": 1, "B": 1, "h": 2, "H": 2, "i": 4, "I": 4, "q": 8, "Q": 8}


def pack_ints(values: Any) -> str:
    """An integer array as plain text: its items little-endian, in base64. (A JSON list
    of a million ints takes ten times longer to write and read.)"""
    import base64
    import sys

    if values.typecode not in _INT_SIZES or values.itemsize != _INT_SIZES[values.typecode]:
        raise TypeError(f"not a portable integer array: {values.typecode!r}")
    if sys.byteorder == "big":  # pragma: no cover - no big-endian CI
        values = type(values)(values.typecode, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def unpack_ints(text: Any, typecode: Any) -> Any:
    """The array :func:`pack_ints` gave; ValueError or TypeError for anything else."""
    import base64
    import binascii
    import sys
    from array import array

    if not isinstance(text, str) or not isinstance(typecode, str):
        raise TypeError("not a packed array")
    size = _INT_SIZES.get(typecode)
    if size is None:
        raise ValueError(f"not an integer type code: {typecode!r:.10}")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not base64") from exc
    if len(data) % size:
        raise ValueError("not a whole number of items")
    out = array(typecode)
    if out.itemsize != size:  # pragma: no cover - an unusual platform
        raise ValueError("another item size on this platform")
    out.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        out.byteswap()
    return out


_SCALARS = (bool, str, int, float, type(None))


def _scalar(value: Any, kind: type) -> Any:
    """``value`` checked to be a ``kind`` (a bool is not an int; an int is a float)."""
    if kind is int or kind is float:
        allowed = (int, float) if kind is float else int
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise TypeError(f"not a {kind.__name__}: {value!r:.40}")
        return float(value) if kind is float else value
    return _check(value, kind)


def _first_of(convert: Callable[[Any, Any], Any], value: Any, options: tuple[Any, ...]) -> Any:
    """``convert(value, option)`` for the first of a union's ``options`` that fits."""
    for option in options:
        try:
            return convert(value, option)
        except (TypeError, ValueError):
            continue
    raise ValueError(f"{value!r:.40} is none of {options}")


def _is_union(origin: Any) -> bool:
    import types
    import typing

    return origin is typing.Union or origin is types.UnionType


def _check(value: Any, kind: Any) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"not a {getattr(kind, '__name__', kind)}: {value!r:.40}")
    return value


def _encode_any(value: Any) -> Any:
    """Plain values with their types kept: a tuple is ``{"t": [...]}``, a dict
    ``{"d": [[key, value], ...]}`` (keys of any plain type), a list a JSON array."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return value
    if type(value) is list:
        return [_encode_any(v) for v in value]
    if type(value) is tuple:
        return {"t": [_encode_any(v) for v in value]}
    if type(value) is dict:
        return {"d": [[_encode_any(k), _encode_any(v)] for k, v in value.items()]}
    raise TypeError(f"not plain data: {type(value).__name__}")


def _decode_any(data: Any) -> Any:
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [_decode_any(v) for v in data]
    if isinstance(data, dict) and len(data) == 1:
        if isinstance(data.get("t"), list):
            return tuple(_decode_any(v) for v in data["t"])
        if isinstance(data.get("d"), list):
            return {_decode_any(k): _decode_any(v) for k, v in _pairs(data["d"])}
    raise ValueError("not a tagged value")
