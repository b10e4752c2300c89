"""The language server's ONE door into the engine.

Everything the server needs of replint goes through :class:`Engine`: the settings
(config + plan) for a document, linting one text as the CLI would, the cross-report
pass over a folder, fixing a text, and a rule's documentation. Nothing else in
``replint.server`` imports the engine, so moving to another orchestration (a
``Session``) changes this module only.

The values handed back are plain frozen dataclasses and :class:`replint.Finding`\\ s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from replint.analysis import attach
from replint.model.findings import Finding

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
BINARY_SUFFIXES = (".docx",)


class Cancelled(Exception):
    """The cross-report pass was cancelled (a newer edit arrived)."""


@dataclass(frozen=True)
class ConfigProblem:
    """The config that applies to a document could not be used."""

    path: str | None  # the config file, when known
    message: str
    line: int = 1  # 1-based line of the problem in the config file, when known


@dataclass(frozen=True)
class Settings:
    """A config and the plan built from it, for the documents under ``root``."""

    root: Path
    source: str | None  # the config file (None: defaults)
    plan: Any = field(repr=False)

    def display(self, path: Path) -> str:
        """The path as the CLI run from the config's folder would show it."""
        try:
            return PurePosixPath(path.resolve().relative_to(self.root.resolve())).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(self.plan.readers)


@dataclass(frozen=True)
class Checked:
    """The findings for one text and the lines their positions refer to."""

    findings: tuple[Finding, ...]
    lines: tuple[str, ...]  # the document's lines (for .docx: one per paragraph)


@dataclass(frozen=True)
class CorpusResult:
    """Cross-report findings per absolute path, and each display path's absolute path."""

    findings: Mapping[str, tuple[Finding, ...]]
    paths: Mapping[str, str]  # display -> absolute path
    files: int


class Engine:
    """Builds settings per config file (reloaded when it changes) and lints with them."""

    def __init__(self) -> None:
        self._registry: Any = None
        # (config path or root, mtime_ns, size) -> Settings | ConfigProblem
        self._settings: dict[tuple[str, int, int], Settings | ConfigProblem] = {}
        # absolute path -> ((mtime_ns, size), Document) for the cross-report pass
        self._documents: dict[str, tuple[tuple[int, int, str], Any]] = {}
        self._corpus_lock = threading.Lock()

    # -- settings ------------------------------------------------------------------

    def _registry_once(self) -> Any:
        if self._registry is None:
            from replint.plugins import collect, get_plugin_manager

            self._registry = collect(get_plugin_manager())
        return self._registry

    def settings_for(
        self, document: Path, default_root: Path | None = None
    ) -> Settings | ConfigProblem:
        """The settings for ``document``: the nearest config from its folder, walking up."""
        from replint.config import find_config
        from replint.model.errors import ReplintError

        folder = document.parent
        try:
            found = find_config(folder)
        except ReplintError as exc:
            return _problem(str(exc))
        if found is None:
            root = default_root or folder
            key = (str(root), 0, 0)
        else:
            try:
                stat = found.stat()
            except OSError as exc:
                return ConfigProblem(str(found), f"{found}: cannot read: {exc.strerror}")
            key = (str(found.resolve()), stat.st_mtime_ns, stat.st_size)
        cached = self._settings.get(key)
        if cached is not None:
            return cached
        made = self._make(found, default_root or folder)
        # Keep only the newest version of each config file.
        for old in [k for k in self._settings if k[0] == key[0]]:
            del self._settings[old]
        self._settings[key] = made
        return made

    def _make(self, found: Path | None, root: Path) -> Settings | ConfigProblem:
        from replint.config import Config, load_config
        from replint.model.errors import ReplintError
        from replint.server import engine_calls as engine

        try:
            config = load_config(str(found)) if found is not None else Config(root=root)
            from replint.declarative import config_rules

            plan = engine.make_plan(config, self._registry_once(), extra_rules=config_rules(config))
        except ReplintError as exc:
            problem = _problem(str(exc))
            if problem.path is None and found is not None:
                problem = ConfigProblem(str(found), problem.message, problem.line)
            return problem
        return Settings(config.root, config.source, plan)

    # -- one document --------------------------------------------------------------

    def lint_text(self, settings: Settings, path: Path, text: str) -> Checked:
        """Findings for ``text`` as if it were the file ``path`` (as the CLI reports it)."""
        # The BOM makes the reader decode exactly this text; it is not the buffer's.
        return self._lint(settings, path, b"\xef\xbb\xbf" + text.encode("utf-8"), in_memory=True)

    def lint_file(self, settings: Settings, path: Path) -> Checked:
        """Findings for the file on disk (for .docx, which editors do not hold as text)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Checked((self._read_error(settings, path, f"cannot read: {exc.strerror}"),), ())
        return self._lint(settings, path, data)

    def _lint(
        self, settings: Settings, path: Path, data: bytes, *, in_memory: bool = False
    ) -> Checked:
        from replint.filters.suppress import scan
        from replint.model.errors import ReadError
        from replint.server import engine_calls as engine

        plan = settings.plan
        display = settings.display(path)
        reader = plan.readers.get(path.suffix.lower()) or plan.readers[".txt"]
        options = engine.read_options(plan, display)
        try:
            read = reader(display, data, options)
            if in_memory:
                read = replace(read, bom=None)
            doc = attach(engine.with_settings(read, options))
        except ReadError as exc:
            return Checked((engine.error_finding(plan, display, exc),), ())
        except Exception as exc:  # a reader bug: one finding, as the CLI reports it
            error = ReadError(
                f"could not be parsed ({type(exc).__name__}: {exc}); "
                "this is a bug in replint's reader, please report it",
                "E004",
            )
            return Checked((engine.error_finding(plan, display, error),), ())
        found = engine.check_document(plan, doc)
        found = engine.suppress(plan, display, found, scan(doc))
        found.sort(key=lambda f: f.sort_key)
        return Checked(tuple(found), tuple(doc.lines))

    def _read_error(self, settings: Settings, path: Path, message: str) -> Finding:
        from replint.model.errors import ReadError
        from replint.server import engine_calls as engine

        return engine.error_finding(
            settings.plan, settings.display(path), ReadError(message, "E001")
        )

    # -- fixes ---------------------------------------------------------------------

    def fix_all(self, settings: Settings, path: Path, text: str) -> str:
        """``text`` with every safe fix applied, re-linting until it settles (as --fix)."""
        from replint.runner.fix import fix_text

        def relint(_display: str, new: str) -> list[Finding]:
            return list(self.lint_text(settings, path, new).findings)

        return fix_text(settings.display(path), text, relint).text

    @staticmethod
    def apply_fixes(text: str, findings: Sequence[Finding]) -> str:
        """One pass of the given findings' fixes (safe and unsafe) over ``text``."""
        from replint.runner.fix import apply_fixes

        return apply_fixes(text, findings, unsafe=True).text

    # -- the cross-report pass -----------------------------------------------------

    def has_corpus_rules(self, settings: Settings) -> bool:
        return any(r.corpus for r in settings.plan.selection.rules)

    def lint_corpus(
        self,
        settings: Settings,
        folder: Path,
        texts: Mapping[str, str],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> CorpusResult:
        """Cross-report findings (R201 …) for the files under ``folder``.

        ``texts`` maps absolute paths of open documents to their unsaved text, used in
        place of the file on disk. Documents read from disk are kept (by mtime and
        size) so a repeated pass reads only what changed. ``cancelled`` is asked
        between files; when it answers True, :class:`Cancelled` is raised.
        """
        # One pass at a time: a cancelled pass still running in its thread finishes
        # its current file before the next one starts (they share the document cache).
        with self._corpus_lock:
            return self._lint_corpus(settings, folder, texts, cancelled)

    def _lint_corpus(
        self,
        settings: Settings,
        folder: Path,
        texts: Mapping[str, str],
        cancelled: Callable[[], bool],
    ) -> CorpusResult:
        from replint.model.errors import ReadError
        from replint.runner.discover import discover
        from replint.server import engine_calls as engine

        plan = settings.plan
        config = plan.config
        targets = discover(
            [str(folder)],
            plan.readers.keys(),
            config.exclude,
            config.root,
            config.respect_gitignore,
        )
        docs = []
        paths: dict[str, str] = {}
        seen: set[str] = set()
        for target in targets:
            if cancelled():
                raise Cancelled
            if target.path is None:
                continue
            absolute = str(target.path.resolve())
            seen.add(absolute)
            display = settings.display(target.path)
            paths[display] = absolute
            text = texts.get(absolute)
            try:
                if text is not None:
                    key = (0, len(text), str(hash(text)))
                    data = b"\xef\xbb\xbf" + text.encode("utf-8")
                else:
                    stat = target.path.stat()
                    key = (stat.st_mtime_ns, stat.st_size, display)
                    data = None
                cached = self._documents.get(absolute)
                if cached is not None and cached[0] == key and cached[1].path == display:
                    docs.append(cached[1])
                    continue
                if data is None:
                    data = target.path.read_bytes()
                reader = plan.readers.get(target.path.suffix.lower()) or plan.readers[".txt"]
                encoding = None if text is not None else config.encoding
                options = engine.read_options(plan, display, encoding)
                doc = attach(engine.with_settings(reader(display, data, options), options))
            except (OSError, ReadError):
                continue  # unreadable files get their E finding when opened
            except Exception:
                continue  # a reader bug: reported on the file itself when it is opened
            self._documents[absolute] = (key, doc)
            docs.append(doc)
        for stale in [p for p in self._documents if p not in seen]:
            del self._documents[stale]
        if cancelled():
            raise Cancelled
        references = engine.load_references(plan, {d.path for d in docs})
        produced: list[Finding] = []
        for rule_cls in [r for r in plan.selection.rules if r.corpus]:
            if cancelled():
                raise Cancelled
            try:
                produced.extend(
                    rule_cls().check_corpus(docs, plan.options[rule_cls.code], references)
                )
            except Exception as exc:
                produced.append(
                    engine._rule_crash(plan, docs[0].path if docs else "-", rule_cls, exc)
                )
        if cancelled():
            raise Cancelled
        from replint.filters.suppress import scan

        by_display: dict[str, list[Finding]] = {}
        for f in produced:
            allowed = {r.code for r in plan.selection.rules_for(f.path)}
            if f.code in allowed or f.code.startswith("E"):
                by_display.setdefault(f.path, []).append(f)
        docs_by_display = {d.path: d for d in docs}
        out: dict[str, tuple[Finding, ...]] = {}
        for display, items in by_display.items():
            read = docs_by_display.get(display)
            kept = engine.suppress(plan, display, items, scan(read) if read is not None else None)
            # Unused-directive reports belong to the per-document pass.
            kept = [f for f in kept if f.code != "M001"]
            if display in paths:
                out[paths[display]] = tuple(sorted(kept, key=lambda f: f.sort_key))
        return CorpusResult(out, paths, len(docs))

    # -- documentation -------------------------------------------------------------

    def rule_doc(self, settings: Settings | None, code: str) -> str | None:
        """The text ``replint explain CODE`` prints, or None for an unknown code."""
        from replint.rule import describe_option

        rules: dict[str, Any] = dict(self._registry_once().rules)
        if settings is not None:
            rules.update({r.code: r for r in settings.plan.all_rules})
        found = rules.get(code)
        if found is None:
            return None
        fix = "fixable with --fix" if found.fixable else "not fixable"
        parts = [
            f"# {found.code} {found.name} ({found.severity.value}, {fix})",
            "",
            found.documentation(),
        ]
        if found.options:
            parts += ["", "## Options (config: rules: {" + found.code + ": {...}})"]
            parts += [f"  {describe_option(found, key)}" for key in found.options]
        return "\n".join(parts) + "\n"

    def rule_page(self, settings: Settings | None, code: str) -> str | None:
        """A file URI of the rule's documentation page (written on first use)."""
        text = self.rule_doc(settings, code)
        if text is None:
            return None
        from replint.infra.cache import default_cache_dir
        from replint.server.docs import write_page

        return write_page(default_cache_dir(), code, text)


def _problem(message: str) -> ConfigProblem:
    """A ConfigError message ("FILE: … (line N) …") as a ConfigProblem on FILE."""
    import re

    path = None
    head = message.split(": ", 1)[0]
    if head.endswith((".yaml", ".yml", ".toml")):
        path = head
    line = 1
    match = re.search(r"\(line (\d+)\)|line (\d+)", message)
    if match:
        line = int(match.group(1) or match.group(2))
    return ConfigProblem(path, message, line)
