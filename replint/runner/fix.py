"""Applying the fixes of findings to files: safely, atomically, byte for byte.

The session (``replint --fix``, ``--diff``, ``--unsafe-fixes``) calls :func:`fix_files`
with the findings of a lint run and a ``relint`` callable (:meth:`replint.session.Session.relint`); everything about editing
text and writing files lives here.

How a file is fixed:

1. The file is read and decoded the way readers decode it
   (:func:`replint.readers.text.decode`): BOM, UTF-8, GB18030 or a forced encoding.
   Edits address that decoded text by 1-based line and column (code points), with the
   file's own line endings (LF, CRLF or CR) still in it.
2. The fixes of the findings are applied in one pass: each fix (all its edits or none)
   is accepted unless it overlaps one already accepted; accepted edits are applied
   from the end of the text to the start so positions stay valid. A fix that
   conflicts waits for the next pass. Unsafe fixes are only used when asked.
3. The new text is linted again (``relint``) and step 2 repeats until no fix applies,
   the text stops changing, or ``max_passes`` is reached.
4. The result is encoded back with the same encoding and BOM, checked to decode to
   the same text, and written atomically: a temporary file in the same directory,
   flushed and fsynced, given the original permissions, then ``os.replace``\\ d over
   the original (through a symlink, the target is replaced and the link kept).
   With ``diff_only`` nothing is written and a unified diff is returned instead.

Only the characters inside fix spans ever change. ``.docx`` files are not rewritten
(reported as "fix not available for .docx").
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replint.model.findings import Edit, Finding

if TYPE_CHECKING:
    from replint.model.document import Document
    from replint.runner.plan import Plan

Relint = Callable[[str, str], list[Finding]]
"""``relint(path, text)``: the findings for ``text`` as if it were the file at ``path``."""

DEFAULT_MAX_PASSES = 10
NOT_REWRITABLE = {".docx": "fix not available for .docx"}


# ---------------------------------------------------------------------------------
# Applying edits to text
# ---------------------------------------------------------------------------------


def line_starts(text: str) -> list[int]:
    """Offset where each line starts; line breaks are LF, CRLF and CR (as readers split)."""
    starts = [0]
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\r":
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            starts.append(i)
        elif ch == "\n":
            i += 1
            starts.append(i)
        else:
            i += 1
    return starts


def _line_end(text: str, starts: Sequence[int], line: int) -> int:
    """Offset just past the last character of ``line`` (before its line break)."""
    end = starts[line] if line < len(starts) else len(text)
    while end > starts[line - 1] and text[end - 1] in "\r\n":
        end -= 1
    return end


def edit_span(text: str, starts: Sequence[int], edit: Edit) -> tuple[int, int] | None:
    """The (start, end) offsets an edit addresses, or None when it does not fit the text."""
    if not (1 <= edit.line <= len(starts) and 1 <= edit.end_line <= len(starts)):
        return None
    start = starts[edit.line - 1] + edit.column - 1
    end = starts[edit.end_line - 1] + edit.end_column - 1
    if edit.column < 1 or edit.end_column < 1:
        return None
    # A column may point just past the last character of its line, never into the break.
    if start > _line_end(text, starts, edit.line) or end > _line_end(text, starts, edit.end_line):
        return None
    if end < start:
        return None
    return start, end


@dataclass(frozen=True)
class Applied:
    """The outcome of one pass over one text."""

    text: str
    applied: tuple[Finding, ...]  # findings whose fix is now in ``text``
    conflicts: tuple[Finding, ...]  # overlapped an accepted fix: try again next pass
    unsafe: tuple[Finding, ...]  # unsafe fixes left alone (``unsafe`` was False)
    invalid: tuple[Finding, ...]  # edits that do not fit the text (stale positions)
    spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, replacement) in the old text


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] < b[1] and b[0] < a[1]:
        return True
    # Two insertions at one point: their order would be a guess.
    return a[0] == a[1] == b[0] == b[1]


def applicable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and bool(finding.fix.edits) and (finding.fix.safe or unsafe)


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> Applied:
    """Apply every non-conflicting fix of ``findings`` to ``text`` (one pass)."""
    starts = line_starts(text)
    candidates: list[tuple[tuple[int, int], Finding, list[tuple[int, int, str]]]] = []
    unsafe_left: list[Finding] = []
    invalid: list[Finding] = []
    for finding in findings:
        if finding.fix is None or not finding.fix.edits:
            continue
        if not applicable(finding, unsafe):
            unsafe_left.append(finding)
            continue
        spans = []
        for edit in finding.fix.edits:
            span = edit_span(text, starts, edit)
            if span is None:
                break
            spans.append((span[0], span[1], edit.replacement))
        else:
            spans.sort()
            if all(not _overlaps(spans[i][:2], spans[i + 1][:2]) for i in range(len(spans) - 1)):
                key = (spans[0][0], spans[-1][1])
                candidates.append((key, finding, spans))
                continue
        invalid.append(finding)
    candidates.sort(key=lambda c: (c[0], c[1].sort_key))
    accepted: list[tuple[int, int, str]] = []
    accepted_sets: set[tuple[tuple[int, int, str], ...]] = set()
    applied: list[Finding] = []
    conflicts: list[Finding] = []
    for _key, finding, spans in candidates:
        as_set = tuple(spans)
        if as_set in accepted_sets:
            applied.append(finding)  # two rules proposing the very same edit: done once
            continue
        if any(_overlaps(s[:2], a[:2]) for s in spans for a in accepted):
            conflicts.append(finding)
            continue
        accepted.extend(spans)
        accepted_sets.add(as_set)
        applied.append(finding)
    new = text
    for start, end, replacement in sorted(accepted, key=lambda s: (s[0], s[1]), reverse=True):
        new = new[:start] + replacement + new[end:]
    return Applied(
        text=new,
        applied=tuple(applied),
        conflicts=tuple(conflicts),
        unsafe=tuple(unsafe_left),
        invalid=tuple(invalid),
        spans=tuple(sorted(accepted)),
    )


@dataclass(frozen=True)
class TextFix:
    """The outcome of fixing one text until it settles."""

    text: str
    applied: int  # fixes applied over all passes
    passes: int
    remaining: tuple[Finding, ...]  # applicable fixes still reported at the end
    unsafe: tuple[Finding, ...]  # unsafe fixes not applied (``unsafe`` was False)
    settled: bool  # False when max_passes ran out with fixes still pending


def fix_text(
    path: str,
    text: str,
    relint: Relint,
    findings: Sequence[Finding] | None = None,
    *,
    unsafe: bool = False,
    max_passes: int = DEFAULT_MAX_PASSES,
) -> TextFix:
    """Fix ``text`` pass by pass, re-linting after each pass, until nothing applies.

    ``findings`` are those of the lint run that read this very text (saves one lint);
    with None the text is linted first.
    """
    current = text
    found = list(findings) if findings is not None else relint(path, current)
    seen = {current}
    applied = 0
    passes = 0
    while passes < max_passes:
        if not any(applicable(f, unsafe) for f in found):
            break
        result = apply_fixes(current, found, unsafe=unsafe)
        passes += 1
        if result.text == current:
            break
        applied += len(result.applied)
        current = result.text
        found = relint(path, current)
        if current in seen:  # fixes undoing each other: stop rather than cycle
            break
        seen.add(current)
    remaining = tuple(f for f in found if applicable(f, unsafe))
    unsafe_left = tuple(
        f for f in found if f.fix is not None and f.fix.edits and not applicable(f, unsafe)
    )
    return TextFix(current, applied, passes, remaining, unsafe_left, settled=not remaining)


# ---------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileFix:
    """What ``--fix`` did (or, with ``--diff``, would do) to one file."""

    path: str
    applied: int = 0
    passes: int = 0
    changed: bool = False
    written: bool = False
    diff: str = ""
    remaining: tuple[Finding, ...] = ()  # fixable findings still there (did not settle)
    unsafe: tuple[Finding, ...] = ()  # fixes left because they are unsafe
    note: str = ""  # e.g. "fix not available for .docx" (not an error)
    error: str = ""  # the file could not be fixed (unreadable, not encodable, write failed)


@dataclass(frozen=True)
class FixResult:
    files: tuple[FileFix, ...]

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    @property
    def changed(self) -> tuple[FileFix, ...]:
        return tuple(f for f in self.files if f.changed)

    @property
    def errors(self) -> tuple[FileFix, ...]:
        return tuple(f for f in self.files if f.error)

    @property
    def unsafe(self) -> int:
        return sum(len(f.unsafe) for f in self.files)

    @property
    def diff(self) -> str:
        return "".join(f.diff for f in self.files)

    def summary(self, diff_only: bool = False) -> str:
        """One line for the user, e.g. "Fixed 5 findings in 2 files."."""
        n, files = self.applied, len(self.changed)
        verb = "Would fix" if diff_only else "Fixed"
        text = f"{verb} {n} finding{'s' * (n != 1)} in {files} file{'s' * (files != 1)}."
        if self.unsafe:
            text += f" {self.unsafe} more with --unsafe-fixes."
        return text


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two texts (line endings shown as LF; a display, not a patch of bytes)."""
    import difflib

    def lines(text: str) -> list[str]:
        out = [ln.rstrip("\r\n") + "\n" for ln in text.splitlines(keepends=True)]
        if text and not text.endswith(("\n", "\r")):
            out[-1] = out[-1][:-1] + "\n\\ No newline at end of file\n"
        return out

    name = path.replace("\\", "/").lstrip("/")
    return "".join(difflib.unified_diff(lines(before), lines(after), f"a/{name}", f"b/{name}", n=3))


def encode(text: str, encoding: str, bom: bytes) -> bytes:
    return bom + text.encode(encoding)


class Changed(Exception):
    """The file is not what was read: another program wrote it, or it was replaced."""


@dataclass(frozen=True)
class Identity:
    """What must still hold for a file just before its fixed text replaces it."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes  # blake2b of the bytes that were linted and fixed

    @classmethod
    def of(cls, info: os.stat_result, data: bytes) -> Identity:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, _digest(data))


def _digest(data: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).digest()


#: How long ``--fix`` waits for another replint fixing the same file.
LOCK_TIMEOUT = 30.0


@contextlib.contextmanager
def locked(path: str) -> Iterator[int]:
    """An open descriptor of ``path`` (a regular file), holding an exclusive advisory
    lock (``fcntl.flock``) so that two replint processes fixing it take turns.

    The lock belongs to the inode; when another process has replaced the file by the
    time the lock is ours, the new file is opened and locked instead.
    """
    import time

    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            import stat as stat_mod

            if not stat_mod.S_ISREG(os.fstat(fd).st_mode):
                raise IsADirectoryError(0, "not a regular file")
            try:
                import fcntl
            except ImportError:  # Windows: no advisory locks; the identity check remains
                break
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            0, "another process kept the file locked for too long"
                        ) from None
                    time.sleep(0.005)
            held, now = os.fstat(fd), os.stat(path)
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced while we waited: lock the file that is there now
    try:
        yield fd
    finally:
        os.close(fd)  # releases the lock


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def verify(path: str, identity: Identity) -> None:
    """Raise :class:`Changed` unless the file at ``path`` is still the one read."""
    now = os.stat(path)
    if (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) != (
        identity.device,
        identity.inode,
        identity.size,
        identity.mtime_ns,
    ):
        raise Changed
    with open(path, "rb") as fh:
        if _digest(fh.read(identity.size + 1)) != identity.digest:
            raise Changed


def write_atomic(
    path: str | os.PathLike[str], data: bytes, identity: Identity | None = None
) -> None:
    """Replace the file's content atomically, keeping its permissions (and owner if allowed).

    With ``identity``, the file is checked (:func:`verify`) after the new content is on
    disk and immediately before the rename; :class:`Changed` leaves it untouched.
    """
    import stat
    import tempfile

    real = os.path.realpath(path)
    directory = os.path.dirname(real) or "."
    info = os.stat(real)
    fd, tmp = tempfile.mkstemp(
        prefix="." + os.path.basename(real) + ".", suffix=".replint-tmp", dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), stat.S_IMODE(info.st_mode))
            if hasattr(os, "fchown"):
                # Only root may give files away; the mode is what matters.
                with contextlib.suppress(OSError):
                    os.fchown(fh.fileno(), info.st_uid, info.st_gid)
        if not hasattr(os, "fchmod"):
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
        if identity is not None:
            verify(real, identity)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def write_in_place(path: str, data: bytes, identity: Identity) -> None:
    """Overwrite the file's bytes in place (same inode), for files with hard links:
    every name keeps seeing the file. Not atomic against a crash, so only used there."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        verify(path, identity)
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: str) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) on Windows.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_only(info: os.stat_result, path: str) -> bool:
    """True for a file its owner made read-only (mode 0444), as editors respect it."""
    import stat

    return not (info.st_mode & stat.S_IWUSR) or not os.access(path, os.W_OK)


CHANGED = "not fixed: the file changed since it was linted (run replint --fix again)"


def fix_file(
    path: str | os.PathLike[str],
    relint: Relint,
    findings: Sequence[Finding] | None = None,
    *,
    unsafe: bool = False,
    diff_only: bool = False,
    encoding: str | None = None,
    max_passes: int = DEFAULT_MAX_PASSES,
    display: str | None = None,
    linted: Sequence[str] | None = None,
) -> FileFix:
    """Fix one file (see the module docstring); never raises for a file-level problem.

    ``linted``: the lines the lint run read from this file (whose positions
    ``findings`` give); when the file no longer holds them it is left alone and the
    result says so. Everything happens under an exclusive lock on the file, and the
    file's identity (device, inode, size, mtime, content hash) is checked again just
    before the fixed text replaces it.
    """
    from replint.model.errors import ReadError
    from replint.readers.text import decode, split_lines

    shown = display or os.fspath(path)
    suffix = Path(path).suffix.lower()
    if suffix in NOT_REWRITABLE:
        return FileFix(shown, note=NOT_REWRITABLE[suffix])
    if shown == "-":
        return FileFix(shown, note="fix not available for standard input")
    if findings is not None and not any(f.fix is not None and f.fix.edits for f in findings):
        return FileFix(shown)  # nothing to fix: the file is not even opened
    real = os.path.realpath(path)
    try:
        with locked(real) as fd:
            info = os.fstat(fd)
            if not diff_only and read_only(info, real):
                return FileFix(
                    shown, error="not fixed: the file is read-only (make it writable to fix it)"
                )
            data = _read_all(fd)
            identity = Identity.of(info, data)
            try:
                decoded = decode(shown, data, encoding)
            except ReadError as exc:
                return FileFix(shown, error=f"not fixed: {exc}")
            if linted is not None and tuple(split_lines(decoded.text)) != tuple(linted):
                return FileFix(shown, error=CHANGED)
            return _fix_locked(
                real,
                shown,
                decoded,
                identity,
                info.st_nlink,
                relint,
                findings,
                unsafe=unsafe,
                diff_only=diff_only,
                max_passes=max_passes,
            )
    except Changed:
        return FileFix(shown, error=CHANGED)
    except OSError as exc:
        return FileFix(shown, error=f"not fixed: cannot read: {exc.strerror or exc}")


def _fix_locked(
    real: str,
    shown: str,
    decoded: Any,
    identity: Identity,
    links: int,
    relint: Relint,
    findings: Sequence[Finding] | None,
    *,
    unsafe: bool,
    diff_only: bool,
    max_passes: int,
) -> FileFix:
    result = fix_text(shown, decoded.text, relint, findings, unsafe=unsafe, max_passes=max_passes)
    changed = result.text != decoded.text
    base = FileFix(
        shown,
        applied=result.applied,
        passes=result.passes,
        changed=changed,
        remaining=result.remaining,
        unsafe=result.unsafe,
    )
    if not changed:
        return base
    diff = unified_diff(shown, decoded.text, result.text)
    try:
        new_data = encode(result.text, decoded.encoding, decoded.bom)
    except UnicodeEncodeError as exc:
        return _replace(
            base,
            diff=diff,
            error=f"not fixed: a fix adds {exc.object[exc.start : exc.end]!r}, which {decoded.encoding} cannot encode",
        )
    if new_data[len(decoded.bom) :].decode(decoded.encoding) != result.text:
        return _replace(
            base, diff=diff, error="not fixed: the fixed text would not read back the same"
        )
    if diff_only:
        return _replace(base, diff=diff)
    try:
        if links > 1:
            # A new inode would leave the other names with the old text.
            write_in_place(real, new_data, identity)
            note = f"written in place: the file has {links} hard links"
            return _replace(base, diff=diff, written=True, note=note)
        write_atomic(real, new_data, identity)
    except Changed:
        return _replace(base, diff=diff, changed=False, applied=0, error=CHANGED)
    except OSError as exc:
        return _replace(base, diff=diff, error=f"not fixed: cannot write: {exc.strerror or exc}")
    return _replace(base, diff=diff, written=True)


def _replace(fix: FileFix, **changes: Any) -> FileFix:
    from dataclasses import replace

    return replace(fix, **changes)


def fix_files(
    paths_and_findings: Iterable[
        tuple[str | os.PathLike[str], Sequence[Finding] | None]
        | tuple[str | os.PathLike[str], Sequence[Finding] | None, str]
        | tuple[str | os.PathLike[str], Sequence[Finding] | None, str, Sequence[str] | None]
    ],
    relint: Relint,
    *,
    unsafe: bool = False,
    diff_only: bool = False,
    encoding: str | None = None,
    max_passes: int = DEFAULT_MAX_PASSES,
) -> FixResult:
    """Fix many files; the CLI entry point of ``--fix`` / ``--diff`` / ``--unsafe-fixes``.

    ``paths_and_findings``: each file with the findings the lint run reported for it
    (after selection and suppression), or None to lint it first, and optionally the
    path as the run displays it (what findings and ``relint`` are given; default: the
    path itself), and optionally the lines the lint run read (see :func:`fix_file`).
    ``relint(path, text)``
    must return the findings for a text as the lint run would (same selection, options
    and suppressions); :func:`engine_relint` builds one from an engine plan.
    ``encoding`` is the forced encoding of the run (``--encoding``), if any.
    """
    files = []
    for item in paths_and_findings:
        path, findings = item[0], item[1]
        display = item[2] if len(item) > 2 else None  # type: ignore[misc]
        linted = item[3] if len(item) > 3 else None  # type: ignore[misc]
        files.append(
            fix_file(
                path,
                relint,
                findings,
                unsafe=unsafe,
                diff_only=diff_only,
                encoding=encoding,
                max_passes=max_passes,
                display=display,
                linted=linted,
            )
        )
    return FixResult(tuple(files))


def read_text_as(plan: Plan, path: str, text: str) -> Document:
    """``text`` read as if it were the file at ``path``, the way the run reads files."""
    from replint.runner.run import read_options, with_settings

    reader = plan.readers.get(Path(path).suffix.lower()) or plan.readers[".txt"]
    options = read_options(plan, path)
    # A UTF-8 BOM in front makes the reader decode exactly this text: it strips that
    # one BOM and nothing else (a forced encoding would also strip a U+FEFF that
    # belongs to the text, shifting every column of line 1).
    from dataclasses import replace

    from replint.analysis import attach

    doc = reader(path, b"\xef\xbb\xbf" + text.encode("utf-8"), options)
    # That BOM is ours, not the text's: the Document must not say the file has one.
    return attach(with_settings(replace(doc, bom=None), options))
