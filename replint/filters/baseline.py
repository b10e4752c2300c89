"""The baseline: findings a repository has accepted for now, so CI fails only on new ones.

A repository with hundreds of old reports cannot fix everything before adopting
replint. ``replint baseline create`` records today's findings in a JSON file;
``replint --baseline FILE`` then hides the findings recorded there.

An entry is keyed by file, rule code and the text the rule matched (whitespace
normalised; the message when a rule matched no text), with a count — never by line
number, so inserting a paragraph above an old finding does not bring it back. Under
the matched text the entry keeps a few characters on each side of it (the *context*),
which tells the twelve ``XX`` of a file apart: when a thirteenth is added, the new one
is reported, not whichever comes last. The file is sorted and indented so a change to
it reads well in a review::

    {
      "findings": {
        "reports/2023.txt": {
          "P101": {
            "XX": {"举办培训XX次，参加": 1, "参加人数XX人。": 2}
          }
        }
      },
      "version": 1
    }

Findings are matched to entries in two passes: first by path, code, text and
context; what is left by path, code and text alone, so editing the words next to an
old placeholder does not bring it back either. Paths are relative to the directory
holding the baseline file, so the same file works from the repository root or a
sub-directory. ``baseline update`` never adds findings: it prunes entries that match
nothing any more (reporting them as stale) and refreshes the context of entries whose
neighbourhood was edited.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from replint.model.errors import ConfigError, UsageError
from replint.model.findings import Finding
from replint.model.fingerprint import (  # noqa: F401 (re-exported: the baseline's own names)
    _NO_SOURCES,
    CONTEXT,
    KEEP_TEXT,
    MAX_CONTEXT_TEXT,
    MAX_TEXT,
    Sources,
    finding_context,
    finding_text,
    fingerprints,
    normalise,
)

if TYPE_CHECKING:
    from replint.model.report import Report

FORMAT_VERSION = 1
DEFAULT_FILE = ".replint-baseline.json"
Key = tuple[str, str, str, str]  # (path relative to the baseline, code, text, context)


def is_exempt(finding: Finding) -> bool:
    """Unreadable files and crashed rules (E codes) are failures, never baselined."""
    return finding.code.startswith("E")


@dataclass(frozen=True)
class Entry:
    """``count`` accepted findings of rule ``code`` on ``text`` (in ``context``) in ``path``."""

    path: str
    code: str
    text: str
    context: str
    count: int

    def describe(self) -> str:
        times = f" (x{self.count})" if self.count > 1 else ""
        where = f" in “{self.context}”" if self.context else ""
        return f"{self.path}: {self.code} “{self.text}”{where}{times}"


def redirected(baseline: Baseline, table: Mapping[str, str]) -> Baseline:
    """``baseline`` with entries of moved rules filed under their current code
    (``table``: old code -> new, from the rules' ``formerly``), so an entry written for
    W103 keeps accepting the same finding now reported as R105."""
    if not table or not any(key[1] in table for key in baseline.counts):
        return baseline
    counts: Counter[Key] = Counter()
    for (path, code, text, context), count in baseline.counts.items():
        counts[(path, table.get(code, code), text, context)] += count
    return replace(baseline, counts=MappingProxyType(dict(counts)))


def relative_path(display: str, base_dir: Path) -> str:
    """A finding's path (relative to the cwd, as shown) made relative to ``base_dir``."""
    if display == "-":
        return display
    absolute = os.path.normpath(os.path.abspath(display))
    try:
        rel = os.path.relpath(absolute, os.path.abspath(base_dir))
    except ValueError:  # another drive on Windows: keep the absolute path
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


@dataclass(frozen=True)
class Baseline:
    """A loaded baseline: counts by key, and the directory its paths are relative to."""

    counts: Mapping[Key, int]
    base_dir: Path
    source: str = ""

    @classmethod
    def from_data(cls, data: Any, base_dir: Path, source: str = "") -> Baseline:
        where = source or "baseline"
        if not isinstance(data, Mapping) or not isinstance(data.get("findings"), Mapping):
            raise ConfigError(f'{where}: not a replint baseline (no "findings" mapping)')
        version = data.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise ConfigError(
                f"{where}: baseline version {version!r} is not supported "
                f"(this replint reads version {FORMAT_VERSION}); re-create it with "
                "`replint baseline create`"
            )
        counts: dict[Key, int] = {}
        for path, codes in data["findings"].items():
            if not isinstance(codes, Mapping):
                raise ConfigError(f"{where}: findings: {path}: expected a mapping of rule codes")
            for code, texts in codes.items():
                if not isinstance(texts, Mapping):
                    raise ConfigError(
                        f"{where}: findings: {path}: {code}: expected a mapping of matched texts"
                    )
                for text, contexts in texts.items():
                    if not isinstance(contexts, Mapping):
                        raise ConfigError(
                            f"{where}: findings: {path}: {code}: {text!r}: "
                            "expected a mapping of context: count"
                        )
                    for context, count in contexts.items():
                        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                            raise ConfigError(
                                f"{where}: findings: {path}: {code}: {text!r}: "
                                f"{context!r}: count must be a positive whole number"
                            )
                        counts[(str(path), str(code), str(text), str(context))] = count
        return cls(MappingProxyType(counts), base_dir, source)

    def key(self, finding: Finding, sources: Sources | None = None) -> Key:
        lines = (sources or _NO_SOURCES).get(finding.path, ())
        return (
            relative_path(finding.path, self.base_dir),
            finding.code,
            finding_text(finding),
            finding_context(finding, lines),
        )

    def __len__(self) -> int:
        return sum(self.counts.values())


def _data(counts: Mapping[Key, int]) -> dict[str, Any]:
    nested: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
    for (path, code, text, context), count in counts.items():
        if count > 0:
            texts = nested.setdefault(path, {}).setdefault(code, {})
            texts.setdefault(text, {})[context] = count
    return {"version": FORMAT_VERSION, "findings": nested}


def create(report: Report, base_dir: Path | None = None) -> dict[str, Any]:
    """The baseline data accepting every finding of ``report`` (E codes excepted)."""
    empty = Baseline(MappingProxyType({}), Path(base_dir) if base_dir else Path.cwd())
    counts = Counter(empty.key(f, report.sources) for f in report.findings if not is_exempt(f))
    return _data(counts)


def dumps(data: Mapping[str, Any]) -> str:
    """Sorted, indented, one entry per line, non-ASCII kept readable, trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(path: str | os.PathLike[str], data: Mapping[str, Any]) -> None:
    """Write atomically: a crash never leaves a half-written baseline behind."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(data))
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write baseline {path}: {exc.strerror or exc}") from None


def load(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file; a missing or broken file is a ConfigError naming it."""
    from replint.infra.files import TooLarge, read_regular

    target = Path(path)
    try:
        raw = read_regular(target, MAX_BASELINE_BYTES).decode("utf-8")
    except TooLarge:
        raise ConfigError(
            f"{path}: baseline is over {MAX_BASELINE_BYTES // 1048576} MB; "
            "re-create it with `replint baseline create`"
        ) from None
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: baseline file not found (create it with `replint baseline create PATH…`)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"{path}: cannot read baseline: {reason}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}: baseline is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}); fix it or re-create it with `replint baseline create`"
        ) from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, nesting 100,000 deep
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ConfigError(
            f"{path}: baseline is not a replint baseline ({reason}); "
            "re-create it with `replint baseline create`"
        ) from None
    try:
        return Baseline.from_data(data, target.resolve().parent, str(path))
    except ConfigError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise ConfigError(
            f"{path}: baseline has an unexpected shape ({type(exc).__name__}: {exc}); "
            "re-create it with `replint baseline create`"
        ) from None


#: A baseline of 100,000 findings is about 20 MB.
MAX_BASELINE_BYTES = 64 * 1048576


@dataclass(frozen=True)
class Match:
    """How a run's findings met a baseline."""

    kept: tuple[Finding, ...]  # not accepted by the baseline: to report
    accepted: tuple[Key, ...]  # the current key of every hidden finding
    unused: Mapping[Key, int]  # entry counts nothing matched


def match(findings: Iterable[Finding], baseline: Baseline, sources: Sources | None = None) -> Match:
    """Match findings to entries: exact keys first, then path, code and text alone."""
    items = list(findings)
    remaining = Counter(baseline.counts)
    loose: dict[tuple[str, str, str], list[Key]] = {}
    for key in sorted(baseline.counts):
        loose.setdefault(key[:3], []).append(key)
    accepted: list[Key] = []
    pending: list[tuple[int, Key]] = []
    kept_at: list[int] = []
    for i, finding in enumerate(items):
        if is_exempt(finding):
            kept_at.append(i)
            continue
        key = baseline.key(finding, sources)
        if remaining[key] > 0:
            remaining[key] -= 1
            accepted.append(key)
        else:
            pending.append((i, key))
    for i, key in pending:
        candidate = next((k for k in loose.get(key[:3], ()) if remaining[k] > 0), None)
        if candidate is None:
            kept_at.append(i)
        else:
            remaining[candidate] -= 1
            accepted.append(key)
    kept = tuple(items[i] for i in sorted(kept_at))
    unused = MappingProxyType({k: n for k, n in remaining.items() if n > 0})
    return Match(kept, tuple(accepted), unused)


def _in_scope(
    key: Key, files: set[str] | None, codes: set[str] | None
) -> bool:  # entries of files not linted / rules not run cannot be judged
    return (files is None or key[0] in files) and (codes is None or key[1] in codes)


def filter(
    findings: Iterable[Finding],
    baseline: Baseline,
    *,
    sources: Sources | None = None,
    files: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> tuple[list[Finding], list[Entry]]:
    """Drop findings the baseline accepts; return the rest and the stale entries.

    Each entry hides at most ``count`` findings, so a file with three accepted ``XX``
    and a fourth new one shows exactly one. Stale entries are those that hid fewer
    findings than their count; only entries of ``files`` (the files linted this run)
    and ``codes`` (the rules selected) can be stale, so linting one file does not make
    the rest of the baseline look stale. ``sources`` (path -> lines, as in
    ``Report.sources``) lets the context tell same-text findings apart.
    """
    result = match(findings, baseline, sources)
    scope_files = _scope_files(files, baseline)
    scope_codes = None if codes is None else set(codes)
    stale = [
        Entry(*key, count)
        for key, count in sorted(result.unused.items())
        if _in_scope(key, scope_files, scope_codes)
    ]
    return list(result.kept), stale


def _scope_files(files: Iterable[str] | None, baseline: Baseline) -> set[str] | None:
    return None if files is None else {relative_path(f, baseline.base_dir) for f in files}


def _codes(report: Report) -> list[str] | None:
    # A report built without its rules (a plugin's test) cannot say what was selected.
    return list(report.rules) if report.rules else None


def apply(report: Report, baseline: Baseline) -> tuple[Report, list[Entry]]:
    """The report without the accepted findings, and the stale entries for its files."""
    kept, stale = filter(
        report.findings,
        baseline,
        sources=report.sources,
        files=report.files,
        codes=_codes(report),
    )
    return replace(report, findings=tuple(kept)), stale


def update(report: Report, baseline: Baseline) -> tuple[dict[str, Any], list[Entry], int]:
    """Prune and re-anchor: (new data, stale entries, findings not in the baseline).

    Entries that matched keep their count under the finding's current context; entries
    that matched nothing are dropped (and returned as stale); entries for files not
    linted this run and rules not selected are kept as they are. New findings are not
    added.
    """
    result = match(report.findings, baseline, report.sources)
    files = _scope_files(report.files, baseline)
    codes = _codes(report)
    scope_codes = None if codes is None else set(codes)
    counts: Counter[Key] = Counter(result.accepted)
    stale: list[Entry] = []
    for key, count in sorted(baseline.counts.items()):
        if not _in_scope(key, files, scope_codes):
            counts[key] += count
    for key, count in sorted(result.unused.items()):
        if _in_scope(key, files, scope_codes):
            stale.append(Entry(*key, count))
    new = sum(1 for f in result.kept if not is_exempt(f))
    return _data(counts), stale, new
