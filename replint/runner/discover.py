"""Finding the files to lint: walk directories, honour .gitignore and config excludes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from replint.filters.select import glob_matches

STDIN = "-"
# Directories that never hold reports and can be huge.
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


@dataclass(frozen=True)
class Target:
    """One input: ``display`` is the path shown to the user; ``path`` is None for stdin."""

    display: str
    path: Path | None
    #: Set when discovery already knows the input cannot be read (an unreadable
    #: directory, a named folder with nothing to lint): reported as an E001 finding.
    error: str = ""


def _relative(path: Path, root: Path) -> PurePosixPath:
    try:
        return PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix())
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop
        return PurePosixPath(path.as_posix())


def is_excluded(path: Path, exclude: Sequence[str], root: Path) -> bool:
    if not exclude:
        return False
    rel = _relative(path, root)
    return any(glob_matches(pattern, rel) for pattern in exclude)


def discover(
    paths: Sequence[str],
    suffixes: Iterable[str],
    exclude: Sequence[str],
    root: Path,
    respect_gitignore: bool = True,
    skipped: list[Path] | None = None,
) -> list[Target]:
    """Expand paths into targets, in the order given; directories in sorted order.

    Files named explicitly are always kept unless ``exclude`` matches them (so a
    pre-commit hook honours config excludes); missing paths are kept so that the
    engine reports them. Files a walk meets that look like reports but cannot be read
    (``.pdf``, ``.pages``: :data:`replint.readers.UNREADABLE`) go into ``skipped``.
    """
    wanted = {s.lower() for s in suffixes}
    targets: list[Target] = []
    seen: set[str] = set()

    def add(display: str, path: Path | None, error: str = "") -> None:
        key = display if path is None else _key(path)
        if key not in seen:
            seen.add(key)
            targets.append(Target(display, path, error))

    for given in paths:
        if given == STDIN:
            add(STDIN, None)
            continue
        path = Path(given)
        if path.is_dir():
            before = len(targets)
            problems: list[tuple[Path, str]] = []
            walk = _walk(path, wanted, exclude, root, respect_gitignore, skipped, problems)
            for found in walk:
                add(found.as_posix() if given != "." else found.relative_to(".").as_posix(), found)
            for where, message in problems:
                add(where.as_posix(), where, message)
            if len(targets) == before:
                kinds = ", ".join(sorted(wanted))
                add(given, path, f"nothing to lint in this folder (no {kinds} files found)")
        elif not is_excluded(path, exclude, root):
            add(given, path)
    return targets


def _key(path: Path) -> str:
    """One key per file however it is named; a symlink loop cannot be resolved."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" (Python < 3.13)
        return os.path.abspath(path)


def _walk(
    top: Path,
    suffixes: set[str],
    exclude: Sequence[str],
    root: Path,
    respect_gitignore: bool,
    skipped: list[Path] | None = None,
    problems: list[tuple[Path, str]] | None = None,
) -> Iterable[Path]:
    """Files under ``top``; report-like files no reader reads go to ``skipped``, and
    directories that cannot be listed to ``problems``."""
    from replint.readers import UNREADABLE

    ignores: list[tuple[Path, object]] = []  # (directory, compiled .gitignore spec)

    def unreadable(exc: OSError) -> None:
        if problems is not None and exc.filename is not None:
            reason = exc.strerror or str(exc)
            problems.append((Path(exc.filename), f"cannot read directory: {reason}"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable):
        current = Path(dirpath)
        if respect_gitignore and ".gitignore" in filenames:
            spec = _load_gitignore(current / ".gitignore")
            if spec is not None:
                ignores.append((current, spec))
        kept_dirs = []
        for name in sorted(dirnames):
            sub = current / name
            if name in _SKIP_DIRS or name.startswith("."):
                continue
            if is_excluded(sub, exclude, root) or _gitignored(sub, ignores, is_dir=True):
                continue
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            file = current / name
            if name.startswith("~$"):
                continue  # "~$report.docx" is Word's lock file, not a report
            no_reader = file.suffix.lower() not in suffixes
            if no_reader and (skipped is None or file.suffix.lower() not in UNREADABLE):
                continue
            if is_excluded(file, exclude, root) or _gitignored(file, ignores, is_dir=False):
                continue
            if no_reader:
                assert skipped is not None
                skipped.append(file)
                continue
            yield file


def _load_gitignore(path: Path) -> object | None:
    # pathspec is imported only when a .gitignore is actually met.
    import pathspec

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _gitignored(path: Path, ignores: list[tuple[Path, object]], is_dir: bool) -> bool:
    for base, spec in ignores:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(rel + "/" if is_dir else rel):  # type: ignore[attr-defined]
            return True
    return False
