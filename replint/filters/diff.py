"""Lines changed since a git revision, for ``--diff-base REF`` (report only what a PR touched).

``changed_lines(ref, paths)`` runs ``git diff --unified=0 REF`` (the working tree
against REF, so it works for a pull-request checkout and for local edits alike) and
returns, for each of ``paths`` that changed, the new-side line numbers of its added or
changed lines. Files git cannot diff line by line (new untracked files, binary files
such as .docx) count as changed everywhere: their value is :data:`EVERY_LINE`.
``REF...`` (three trailing dots) means the merge base of REF and HEAD, what a
pull request is compared against.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path

from replint.infra.regexes import lazy_re
from replint.model.errors import UsageError
from replint.model.findings import Finding


class _EveryLine(Container[int]):
    """Contains every line number: the whole file counts as changed."""

    def __contains__(self, line: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "EVERY_LINE"


EVERY_LINE: Container[int] = _EveryLine()

_HUNK = lazy_re(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            env={
                **os.environ,
                "LC_ALL": "C",
                "GIT_OPTIONAL_LOCKS": "0",
            },
        )
    except FileNotFoundError:
        raise UsageError("--diff-base needs git, and git was not found on PATH") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout.decode("utf-8", "surrogateescape")


class _GitFailed(Exception):
    pass


def unquote(path: str) -> str:
    """A path as git prints it: C-quoted (``"\\344\\270\\255.txt"``) when unusual."""
    if not (len(path) >= 2 and path.startswith('"') and path.endswith('"')):
        return path
    out = bytearray()
    body = path[1:-1]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if re.fullmatch("[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, ord(nxt)))
            i += 2
            continue
        out.extend(ch.encode("utf-8", "surrogateescape"))
        i += 1
    return out.decode("utf-8", "surrogateescape")


def resolve_ref(ref: str, cwd: Path) -> str:
    """The commit id of ``ref``; ``REF...`` is the merge base of REF and HEAD."""
    try:
        _git(["rev-parse", "--show-toplevel"], cwd)
    except _GitFailed:
        raise UsageError(
            f"--diff-base needs a git repository, and {cwd} is not inside one"
        ) from None
    merge_base = ref.endswith("...")
    name = ref[:-3] if merge_base else ref
    if not name or name.startswith("-"):
        raise UsageError(f"--diff-base: {ref!r} is not a git revision")
    try:
        commit = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", name + "^{commit}"], cwd
        )
    except _GitFailed:
        raise UsageError(
            f"--diff-base: unknown git revision {name!r} (in CI, fetch it first, e.g. "
            "`git fetch origin main`, or check out with full history: fetch-depth: 0)"
        ) from None
    commit = commit.strip()
    if merge_base:
        try:
            commit = _git(["merge-base", commit, "HEAD"], cwd).strip()
        except _GitFailed as exc:
            raise UsageError(f"--diff-base: no merge base of {name!r} and HEAD ({exc})") from None
    return commit


def parse_diff(text: str) -> dict[str, set[int]]:
    """New-side changed line numbers per path (relative to the repository top)."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:].rstrip("\t")
            if target == "/dev/null":
                current = None  # deleted file: nothing left to report on
                continue
            target = unquote(target)
            if target.startswith("b/"):
                target = target[2:]
            current = changed.setdefault(target, set())
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start = int(match.group(1))
                count = int(match.group(2)) if match.group(2) is not None else 1
                current.update(range(start, start + count))
    return changed


def _numstat(text: str) -> tuple[set[str], set[str]]:
    """(every changed path, binary paths) from ``git diff --numstat -z``."""
    changed: set[str] = set()
    binary: set[str] = set()
    fields = text.split("\0")
    i = 0
    while i < len(fields):
        head = fields[i]
        if not head:
            i += 1
            continue
        parts = head.split("\t", 2)
        if len(parts) < 3:
            i += 1
            continue
        added, _deleted, path = parts
        if path == "":  # a rename: the old and new names follow as two fields
            path = fields[i + 2] if i + 2 < len(fields) else ""
            i += 3
        else:
            i += 1
        if path:
            changed.add(path)
            if added == "-":
                binary.add(path)
    return changed, binary


def changed_lines(
    ref: str, paths: Iterable[str], cwd: str | os.PathLike[str] | None = None
) -> dict[str, Container[int]]:
    """For each of ``paths`` changed since ``ref``, the lines to report on.

    Keys are the paths exactly as given (relative to ``cwd``, as the user typed them);
    unchanged paths are absent, and a file whose change removed lines only maps to an
    empty set (its document-level findings still count as changed). Renamed files
    count only their edited lines. Raises UsageError outside a git repository or for an
    unknown revision.
    """
    here = Path(cwd) if cwd is not None else Path.cwd()
    commit = resolve_ref(ref, here)
    top = Path(_git(["rev-parse", "--show-toplevel"], here).strip())
    wanted: dict[str, list[str]] = {}  # path relative to the top -> paths as given
    for given in paths:
        if given == "-":
            continue
        absolute = Path(os.path.normpath(here / given))
        try:
            rel = Path(os.path.relpath(absolute, top)).as_posix()
        except ValueError:
            continue
        if rel.startswith("../"):
            continue  # outside the repository: git has nothing to say about it
        wanted.setdefault(rel, []).append(given)
    if not wanted:
        return {}
    common = [
        "-c",
        "core.quotePath=false",
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--find-renames",
    ]
    # The whole repository, not just the linted files: git detects a renamed report
    # only when it sees both names, and a long file list could exceed the command line.
    try:
        numstat = _git([*common, "--numstat", "-z", commit], top)
        patch = _git([*common, "--unified=0", "--src-prefix=a/", "--dst-prefix=b/", commit], top)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    except _GitFailed as exc:
        raise UsageError(f"--diff-base: git diff failed: {exc}") from None
    touched, binary = _numstat(numstat)
    lines: Mapping[str, set[int]] = parse_diff(patch)
    result: dict[str, Container[int]] = {}
    # A file with only deletions is present with no lines: its document-level findings
    # (a section now missing) still concern the change.
    for rel in touched:
        for given in wanted.get(rel, ()):
            result[given] = set(lines.get(rel, ()))
    for rel in binary | {p for p in untracked.split("\0") if p}:
        for given in wanted.get(rel, ()):
            result[given] = EVERY_LINE
    return result


def is_document_level(finding: Finding) -> bool:
    """An empty span: a finding about the whole document (e.g. a missing section)."""
    return finding.line == finding.end_line and finding.column == finding.end_column


def diff_filter(
    findings: Sequence[Finding], changed: Mapping[str, Container[int]]
) -> list[Finding]:
    """Findings on changed lines; document-level ones when their file changed at all.

    E findings (unreadable files, crashed rules) are always kept: they are failures of
    the run, not old problems.
    """
    kept = []
    for f in findings:
        lines = changed.get(f.path)
        if f.code.startswith("E"):
            kept.append(f)
        elif lines is None:
            continue
        elif is_document_level(f) or any(
            n in lines for n in range(f.line, max(f.line, f.end_line) + 1)
        ):
            kept.append(f)
    return kept
