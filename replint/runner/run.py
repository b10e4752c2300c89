"""Running rules over documents: read, check per document, check the corpus, filter.

The engine knows nothing of click or of output formats. It is given a Config, the
plugin Registry and the targets, and returns a Report. Many files are read and checked
in worker processes (``jobs``); the output order never depends on that.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from replint.config import env_jobs
from replint.filters.select import glob_matches
from replint.filters.suppress import Suppressions, scan
from replint.model.document import Document, FileSettings, FrozenMap
from replint.model.errors import ReadError, RuleFailed
from replint.model.findings import Finding, Severity
from replint.model.report import Report
from replint.readers import UNREADABLE, ReadOptions
from replint.rule import Rule
from replint.runner.discover import Target
from replint.runner.plan import Plan

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 24


@dataclass(frozen=True)
class FileResult:
    """What checking one file produced; ``document`` is kept only when needed later."""

    display: str
    findings: tuple[Finding, ...]
    document: Document | None = None
    inferred: Mapping[str, Any] = field(default_factory=FrozenMap)
    lines: tuple[str, ...] = ()
    suppressions: Suppressions | None = None
    #: What each corpus rule needs of the file (``prepare_corpus``), by code: made
    #: where the file was read, so that the document itself need not be kept.
    corpus: Mapping[str, Any] = field(default_factory=FrozenMap)


def file_settings(plan: Plan, display: str) -> FileSettings:
    """Per-file settings for the analysis: profile (by glob or config), period, profiles."""
    from pathlib import PurePosixPath

    profile = plan.config.profile
    for pattern, name in plan.config.per_file_profiles:
        if glob_matches(pattern, PurePosixPath(display)):
            profile = name
    return FileSettings(profile=profile, period=plan.config.period, profiles=plan.profiles)


def read_options(plan: Plan, display: str, encoding: str | None = None) -> ReadOptions:
    """What a reader needs for the file shown as ``display``: limits and settings (also
    as the old ``meta`` keys, for one release, for plugins that read them there)."""
    settings = file_settings(plan, display)
    return ReadOptions(
        encoding=encoding,
        max_file_size=plan.config.max_file_size,
        max_docx_uncompressed=plan.config.max_docx_uncompressed,
        settings=settings,
        meta=_as_meta(settings),
    )


def _as_meta(settings: FileSettings) -> FrozenMap:
    return FrozenMap(
        {"profile": settings.profile, "period": settings.period, "profiles": settings.profiles}
    )


def file_meta(plan: Plan, display: str) -> FrozenMap:
    """The settings as the old ``meta`` mapping (kept for plugins; use file_settings)."""
    return _as_meta(file_settings(plan, display))


def _read_target(plan: Plan, path: Path) -> bytes:
    """The file's bytes: a regular file only (a FIFO or device is reported, never
    waited on) and never more than ``max_file_size`` (a link to /dev/zero included)."""
    from replint.infra.files import NotRegularFile, TooLarge, read_regular

    limit = plan.config.max_file_size
    try:
        return read_regular(path, limit)
    except TooLarge as exc:
        over = "at least " if exc.size == limit + 1 else ""
        raise ReadError(
            f"file is {over}{exc.size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB "
            f"limit (raise `max_file_size` in the config to lint it)",
            "E003",
        ) from None
    except FileNotFoundError:
        if os.path.islink(path):
            raise ReadError("broken symbolic link", "E001") from None
        raise ReadError("no such file or directory", "E001") from None
    except NotRegularFile as exc:
        raise ReadError(f"cannot read: {exc.strerror}", "E001") from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", "E001") from None


def read_document(plan: Plan, target: Target) -> Document:
    """Read one target or raise ReadError with a message for the user."""
    if target.error:
        raise ReadError(target.error, "E001")
    path = Path(target.display) if target.path is None else target.path
    reader = plan.readers.get(path.suffix.lower())
    if reader is None:
        if target.path is None:  # stdin without --stdin-filename: plain text
            reader = plan.readers[".txt"]
        elif path.suffix.lower() in UNREADABLE:
            raise ReadError(UNREADABLE[path.suffix.lower()], "E004")
        else:
            known = ", ".join(sorted(plan.readers))
            raise ReadError(
                f"no reader for {path.suffix or 'files without a suffix'} (replint reads {known}; "
                f"map other suffixes to a reader with `extensions` in the config)",
                "E001",
            )
    data = (plan.stdin or b"") if target.path is None else _read_target(plan, target.path)
    options = read_options(plan, target.display, plan.config.encoding)
    from replint.analysis import attach

    return attach(with_settings(reader(target.display, data, options), options))


def with_settings(doc: Document, options: ReadOptions) -> Document:
    """``doc`` with the file's settings, also when a plugin's reader did not hand them on."""
    if doc.settings is options.settings or not isinstance(doc, Document):
        return doc
    return replace(doc, settings=options.settings)


class FileError:
    """An E rule's identity; the names come from the E rules (rules/file_errors.py)."""

    __slots__ = ("code", "name", "severity")

    def __init__(self, code: str, name: str, severity: Severity = Severity.ERROR) -> None:
        self.code = code
        self.name = name
        self.severity = severity

    @classmethod
    def named(cls, names: Mapping[str, str], code: str) -> FileError:
        return cls(code, names.get(code, code.lower()))


def error_finding(plan: Plan, display: str, error: ReadError) -> Finding:
    rule = FileError.named(plan.rule_names, error.code)
    return Finding.at(display, error.line, error.column, rule, str(error))


#: The longest message a finding keeps (one quoting a 10 MB placeholder would be 10 MB).
MAX_MESSAGE = 500


class _Overtime(BaseException):
    """The file's time budget ran out (a BaseException: rules catching Exception
    must not swallow it)."""


def check_document(plan: Plan, doc: Document) -> list[Finding]:
    """Run every selected per-document rule; a crashing rule becomes an E005 finding.

    The rules share a time budget per file (config ``time_budget``): when it runs out,
    in a rule or between rules, the rest are skipped and an E006 finding says so.
    """
    found: list[Finding] = []
    budget = plan.config.time_budget
    deadline = time.monotonic() + budget
    current: type[Rule] | None = None
    try:
        with _alarm(budget):
            for rule_cls in plan.selection.rules_for(doc.path):
                if rule_cls.corpus and rule_cls.check is Rule.check:
                    continue
                if time.monotonic() > deadline:
                    raise _Overtime
                current = rule_cls
                try:
                    found.extend(
                        _findings(rule_cls, rule_cls().check(doc, plan.options[rule_cls.code]))
                    )
                except RuleFailed as exc:
                    found.append(failure_finding(plan.rule_names, doc.path, exc))
                except Exception as exc:  # a rule bug must not pass silently, nor kill the run
                    found.append(_rule_crash(plan, doc.path, rule_cls, exc))
            current = None
    except _Overtime:
        found.append(_overtime(plan, doc.path, budget, current))
    return [_capped(f) for f in merge_runs(found, doc)]


#: A run of at least this many identical placeholder findings becomes one.
MERGE_RUN = 3


def merge_runs(findings: list[Finding], doc: Document) -> list[Finding]:
    """Merge each run of MERGE_RUN or more identical placeholder findings (same code and
    message, on one line, without fixes, separated by nothing but spaces) into one with a
    count: ``X X X …`` over a megabyte is one finding, not a million."""
    if len(findings) < MERGE_RUN:
        return findings
    from dataclasses import replace

    out: list[Finding] = []
    run: list[Finding] = []

    def close() -> None:
        if len(run) >= MERGE_RUN:
            first, last = run[0], run[-1]
            out.append(
                replace(
                    first,
                    end_line=last.end_line,
                    end_column=last.end_column,
                    message=f"{first.message} ({len(run)} times in a row)",
                )
            )
        else:
            out.extend(run)
        run.clear()

    for finding in findings:
        if run and _continues(run[-1], finding, doc):
            run.append(finding)
            continue
        close()
        if finding.code.startswith("P") and finding.fix is None:
            run.append(finding)
        else:
            out.append(finding)
    close()
    return out


def _continues(previous: Finding, finding: Finding, doc: Document) -> bool:
    if (finding.code, finding.message, finding.fix) != (previous.code, previous.message, None):
        return False
    if not (previous.line == previous.end_line == finding.line == finding.end_line):
        return False
    gap = finding.column - previous.end_column
    if gap < 0 or gap > 1:
        return False
    between = doc.source_line(finding.line)[previous.end_column - 1 : finding.column - 1]
    return between.strip() == ""


def _findings(rule_cls: type[Rule], produced: Any) -> list[Finding]:
    """What a rule's check gave, checked to be Findings (a plugin's rule may not be)."""
    out = list(produced or ())
    for item in out:
        if not isinstance(item, Finding):
            raise TypeError(f"check() yielded {type(item).__name__} {item!r:.40}, not a Finding")
    return out


def _capped(finding: Finding) -> Finding:
    if len(finding.message) <= MAX_MESSAGE:
        return finding
    from dataclasses import replace

    return replace(finding, message=finding.message[: MAX_MESSAGE - 1] + "…")


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`_Overtime` in the running rule after ``seconds`` (POSIX, main
    thread: the CLI and its worker processes); elsewhere the budget is checked between
    rules only."""
    import signal
    import threading

    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expired(_signum: int, _frame: Any) -> None:
        raise _Overtime

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except (ValueError, OSError):
        yield
        return
    if signal.getitimer(signal.ITIMER_REAL)[0]:  # someone else's timer: leave it be
        signal.signal(signal.SIGALRM, previous)
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _overtime(plan: Plan, path: str, budget: float, rule_cls: type[Rule] | None) -> Finding:
    where = f" (stopped in {rule_cls.code} {rule_cls.name})" if rule_cls else ""
    return Finding(
        path=path,
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        code="E006",
        name=plan.rule_names.get("E006", "file-took-too-long"),
        severity=Severity.ERROR,
        message=(
            f"file took too long, partially checked: over the {budget:g} s budget{where}; "
            "raise `time_budget` in the config to check it fully"
        ),
    )


def failure_finding(names: Mapping[str, str], path: str, exc: RuleFailed) -> Finding:
    """The E005 finding for a rule that could not finish on a file."""
    rule = FileError.named(names, "E005")
    return Finding.at(path, exc.line, exc.column, rule, str(exc), matched=exc.matched)


def _rule_crash(plan: Plan, path: str, rule_cls: type[Rule], exc: Exception) -> Finding:
    from replint.infra.regexes import PatternTimeout

    if isinstance(exc, PatternTimeout):  # the user's pattern, not a bug in the rule
        message = f"rule {rule_cls.code} {rule_cls.name} stopped on this file: {exc}"
    else:
        message = (
            f"rule {rule_cls.code} {rule_cls.name} failed on this file "
            f"({type(exc).__name__}: {exc}); this is a bug in the rule, please report it"
        )
    return Finding.at(
        path,
        1,
        1,
        FileError.named(plan.rule_names, "E005"),
        message,
    )


def lint_target(plan: Plan, target: Target) -> FileResult:
    try:
        doc = read_document(plan, target)
    except ReadError as exc:
        return FileResult(target.display, (error_finding(plan, target.display, exc),))
    except Exception as exc:  # a reader bug: report it for this file, keep linting the rest
        error = ReadError(
            f"could not be parsed ({type(exc).__name__}: {exc}); "
            "this is a bug in replint's reader, please report it",
            "E004",
        )
        return FileResult(target.display, (error_finding(plan, target.display, error),))
    findings = check_document(plan, doc)
    inferred: Mapping[str, Any] = FrozenMap()
    if plan.verbose:
        try:
            from replint.analysis.describe import describe

            inferred = FrozenMap(describe(doc.analysis))
        except Exception as exc:  # verbose output must not break a run
            inferred = FrozenMap({"analysis": f"failed: {type(exc).__name__}: {exc}"})
    return FileResult(
        target.display,
        tuple(findings),
        doc if plan.keep_documents else None,
        inferred,
        doc.lines,
        scan(doc),
    )


def lint_block(plan: Plan, targets: Sequence[Target], *, prepare: bool = True) -> list[FileResult]:
    """:func:`lint_target` for a block of files, then what the corpus pass needs of them.

    Each corpus rule with ``prepare_corpus`` gets one part for the whole block
    (shingles shared by its files are then kept and sent once), carried by the
    block's first result; the documents are then dropped, so a worker sends back
    findings and parts, not documents. A corpus rule without ``prepare_corpus``
    (or one whose preparing fails: its check then meets the crash) keeps them, and so
    does ``prepare=False`` (one file and no archive: nothing to send, nothing to
    compare, so the parts would be made for nothing).
    """
    results = [lint_target(plan, t) for t in targets]
    docs = [r.document for r in results if r.document is not None]
    if not docs or not prepare:
        return results
    parts: dict[str, Any] = {}
    keep = False
    for rule_cls in plan.selection.rules:
        if not rule_cls.corpus:
            continue
        make_part = getattr(rule_cls, "prepare_corpus", None)
        if make_part is None:
            keep = True
            continue
        try:
            parts[rule_cls.code] = make_part(rule_cls(), docs, plan.options[rule_cls.code])
        except Exception:
            keep = True
    if keep:
        return results
    first = next(i for i, r in enumerate(results) if r.document is not None)
    out = [replace(r, document=None) if r.document is not None else r for r in results]
    out[first] = replace(out[first], corpus=FrozenMap(parts))
    return out


# Worker processes receive the plan once, through the pool initializer.
_WORKER_PLAN: Plan | None = None


def _init_worker(plan: Plan) -> None:
    global _WORKER_PLAN
    _WORKER_PLAN = plan


def _work(targets: Sequence[Target]) -> list[FileResult]:
    assert _WORKER_PLAN is not None
    return lint_block(_WORKER_PLAN, targets)


@dataclass(frozen=True)
class Checked:
    """What the rules found, before the filter stage: every finding, and the inline
    directives of each file (applied by :func:`replint.filters.apply`)."""

    report: Report
    directives: Mapping[str, Suppressions | None]


def run(
    plan: Plan,
    targets: Sequence[Target],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Check ``targets``: per document (serial or in a pool), then the corpus pass.

    Results are taken apart as they arrive: the parent keeps each file's findings,
    lines and directives, and of the corpus only what each corpus rule asked for (its
    parts, or the documents of a rule without ``prepare_corpus``).
    """
    workers = jobs if jobs is not None else env_jobs(plan.config)
    corpus_rules = [r for r in plan.selection.rules if r.corpus]
    findings: list[Finding] = []
    files: list[str] = []
    sources: dict[str, tuple[str, ...]] = {}
    inferred: dict[str, Mapping[str, Any]] = {}
    directives: dict[str, Suppressions | None] = {}
    corpus: dict[str, list[Any]] = {r.code: [] for r in corpus_rules}
    for result in _check_all(plan, targets, workers, progress):
        findings.extend(result.findings)
        files.append(result.display)
        sources[result.display] = result.lines
        if result.inferred:
            inferred[result.display] = result.inferred
        directives[result.display] = result.suppressions
        for code, items in corpus.items():
            part = result.corpus.get(code)
            if part is not None:
                items.append(part)
            if result.document is not None:
                items.append(result.document)
    if corpus_rules:
        references = load_references(plan, set(files))
        for rule_cls in corpus_rules:
            docs = corpus.pop(rule_cls.code)  # dropped once checked
            try:
                produced = rule_cls().check_corpus(docs, plan.options[rule_cls.code], references)
                findings.extend(produced)
            except Exception as exc:
                findings.append(_rule_crash(plan, _first_path(docs), rule_cls, exc))
            del docs
    report = Report(
        findings=tuple(findings),
        files=tuple(files),
        rules=FrozenMap({r.code: r for r in plan.selection.rules}),
        sources=FrozenMap(sources),
        inferred=FrozenMap(inferred),
    )
    return Checked(report, FrozenMap(directives))


def _first_path(items: Sequence[Any]) -> str:
    """The path of the first document or corpus part, for a crash report."""
    if not items:
        return "-"
    first = items[0]
    path = getattr(first, "path", None)
    if path is None:
        paths = getattr(first, "paths", ())
        path = paths[0] if paths else "-"
    return str(path)


def _check_all(
    plan: Plan,
    targets: Sequence[Target],
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> Iterator[FileResult]:
    """Every target's result, in the order of ``targets``, as the blocks come in."""
    total = len(targets)
    done = 0
    if workers <= 1 or total < PARALLEL_THRESHOLD or sys.platform == "win32":
        prepare = total > 1 or bool(plan.config.reference)
        for block in _blocks(targets, _BLOCK):
            results = lint_block(plan, block, prepare=prepare)
            done += len(results)
            if progress:
                progress(done, total)
            yield from results
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from replint.text.similarity import gc_paused

    # fork: workers inherit the imported modules, so start-up costs nothing extra.
    ctx = multiprocessing.get_context("fork")
    size = max(1, min(_BLOCK, total // (workers * 8)))
    # Unpickling results makes millions of small objects and no cycles: without the
    # pause the collector walks every one again and again.
    with (
        ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(plan,)
        ) as pool,
        gc_paused(),
    ):
        for results in pool.map(_work, _blocks(targets, size)):
            done += len(results)
            if progress:
                progress(done, total)
            yield from results


#: Files linted together: one corpus part (and one message from a worker) per block.
#: Shingles shared by a block's files are sent once, so larger blocks send less (500
#: reports: 17.4 MB of R201 parts in blocks of 64, 15.7 MB in blocks of 256) while a
#: worker holds a block's documents at once (~0.1 MB each).
_BLOCK = 256


def _blocks(targets: Sequence[Target], size: int) -> list[Sequence[Target]]:
    return [targets[i : i + size] for i in range(0, len(targets), size)]


def load_references(plan: Plan, linted: set[str]) -> list[Document]:
    """Archive documents from config ``reference``: compared against, never reported."""
    if not plan.config.reference:
        return []
    import glob

    from replint.runner.discover import Target

    root = plan.config.root
    docs = []
    seen: set[str] = set()
    for pattern in plan.config.reference:
        full = pattern if os.path.isabs(pattern) else str(root / pattern)
        matches = sorted(glob.glob(full, recursive=True))
        if os.path.isdir(full):
            matches = sorted(glob.glob(os.path.join(full, "**", "*"), recursive=True))
        for match in matches:
            path = Path(match)
            if not path.is_file() or path.suffix.lower() not in plan.readers:
                continue
            display = os.path.relpath(match)
            if display in linted or display in seen:
                continue
            seen.add(display)
            try:
                docs.append(read_document(plan, Target(display, path)))
            except ReadError:
                continue  # an unreadable archive file only weakens the comparison
    return docs


class Progress:
    """A one-line counter on stderr, shown only on a terminal and after a short delay."""

    def __init__(self, stream: Any = None, delay: float = 2.0) -> None:
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.delay = delay
        self.shown = False
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        if done == total or done % 10 == 0:
            self.stream.write(f"\rreplint: {done}/{total} files")
            self.stream.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 40 + "\r")
            self.stream.flush()
