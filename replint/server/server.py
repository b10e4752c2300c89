"""``replint server``: the Language Server over stdio (pygls).

What it does:

- publishes diagnostics for .md/.txt documents on open, on change (debounced) and on
  save, and for .docx files (read from disk) on open and save;
- runs the cross-report rules (R201) over the workspace folder in a background
  thread; a newer edit cancels a running pass, and typing is never waited on it;
- offers code actions: apply this fix, apply all safe fixes, suppress on this line;
  and the commands ``replint.applyAllFixes`` and ``replint.checkWorkspace``;
- finds the config from each document's folder; a changed config is picked up on the
  next check, and a broken one is one diagnostic on the config file.

Initialization options (all optional): ``debounce`` (seconds after the last change
before a document is checked, default 0.02: long enough to take a burst of
changes (a paste, a macro) as one, short enough to stay within 100 ms), ``workspaceDebounce`` (before the
cross-report pass, default 1.0), ``workspace`` (false: no cross-report pass),
``docsUrl`` (a template such as ``https://example.org/rules/{code}``; default: a
local Markdown file with the ``replint explain`` text).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from replint.infra import __version__
from replint.model.findings import Finding
from replint.server import protocol as proto
from replint.server.adapter import (
    BINARY_SUFFIXES,
    TEXT_SUFFIXES,
    Cancelled,
    ConfigProblem,
    CorpusResult,
    Engine,
    Settings,
)
from replint.server.positions import Converter, split_lines

log = logging.getLogger("replint.server")

CONFIG_FILES = (".replint.yaml", ".replint.yml", "pyproject.toml")
APPLY_ALL = "replint.applyAllFixes"
CHECK_WORKSPACE = "replint.checkWorkspace"
STATS = "replint.serverStats"
FIX_ALL_KIND = "source.fixAll.replint"


@dataclass
class DocState:
    """What the server last found for one open document."""

    uri: str
    path: Path
    version: int | None = None
    text: str = ""
    lines: Sequence[str] = ()
    findings: tuple[Finding, ...] = ()
    corpus: tuple[Finding, ...] = ()
    settings: Settings | None = None
    # (settings, text, the text with all safe fixes applied)
    fixed: tuple[Settings, str, str] | None = None
    pending: asyncio.Task[None] | None = field(default=None, repr=False)


@dataclass
class Options:
    debounce: float = 0.02
    workspace_debounce: float = 1.0
    workspace: bool = True
    docs_url: str | None = None


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


class _Protocol(LanguageServerProtocol):
    """pygls' protocol, without its leak of one future per notification.

    pygls 2.1 files the future of every notification it handles (and of each step of
    its built-in generator handlers, such as didChange) in ``_request_futures`` under
    a fresh id that nothing ever removes: about a dozen objects per keystroke. A
    finished future there is never needed again (a request's own callback pops its
    entry, tolerating a missing one), so finished ones are dropped after each
    notification. bench/bench_server.py counts the live objects over 1,000 edits.
    """

    def _check_handler_result(self, future: Any) -> None:
        super()._check_handler_result(future)
        done = [key for key, fut in self._request_futures.items() if fut.done()]
        for key in done:
            self._request_futures.pop(key, None)


class ReplintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("replint", __version__, protocol_cls=_Protocol)
        self.engine = Engine()
        self.docs: dict[str, DocState] = {}
        self.options = Options()
        self.config_problems: dict[str, str] = {}  # config uri -> message published
        self._corpus_task: asyncio.Task[None] | None = None
        self._corpus_cancel = threading.Event()
        self._corpus: CorpusResult | None = None
        self._doc_pages: dict[str, str] = {}  # rule code -> documentation URI
        # lines of files named by cross-report findings: path -> (mtime_ns, lines)
        self._other_lines: dict[str, tuple[int, list[str]]] = {}

    # -- helpers -------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding or "utf-16"
        return str(getattr(value, "value", value))

    def workspace_root(self, path: Path) -> Path | None:
        folders = [uri_to_path(f.uri) for f in self.workspace.folders.values()]
        if not folders and self.workspace.root_uri:
            folders = [uri_to_path(self.workspace.root_uri)]
        best = None
        for folder in folders:
            if folder is None:
                continue
            try:
                path.relative_to(folder)
            except ValueError:
                continue
            if best is None or len(str(folder)) > len(str(best)):
                best = folder
        return best

    def href(self, settings: Settings | None, code: str) -> str | None:
        if self.options.docs_url:
            return self.options.docs_url.replace("{code}", code)
        if code in self._doc_pages:
            return self._doc_pages[code]
        try:
            uri = self.engine.rule_page(settings, code)
        except Exception:
            log.exception("cannot write the documentation page of %s", code)
            return None
        if uri is not None:
            self._doc_pages[code] = uri
        return uri

    # -- checking one document -----------------------------------------------------

    def check(self, state: DocState) -> None:
        """Lint the document now and publish; never raises."""
        try:
            self._check(state)
        except Exception:
            log.error("checking %s failed:\n%s", state.uri, traceback.format_exc())
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"replint: checking {state.path.name} failed; see the server log",
                )
            )

    def _check(self, state: DocState) -> None:
        settings = self.engine.settings_for(state.path, self.workspace_root(state.path))
        if isinstance(settings, ConfigProblem):
            self.publish_config_problem(settings)
            state.settings = None
            state.findings = ()
            state.corpus = ()
            self.publish(state)
            return
        self.clear_config_problem(settings.source)
        state.settings = settings
        suffix = state.path.suffix.lower()
        if suffix in BINARY_SUFFIXES:
            checked = self.engine.lint_file(settings, state.path)
        else:
            doc = self.workspace.get_text_document(state.uri)
            state.text = doc.source
            state.version = doc.version
            checked = self.engine.lint_text(settings, state.path, state.text)
        state.findings = checked.findings
        state.lines = checked.lines if suffix in BINARY_SUFFIXES else split_lines(state.text)
        self.publish(state)

    def publish(self, state: DocState) -> None:
        conv = Converter(state.lines, self.encoding)
        places = self._corpus.paths if self._corpus else {}
        seen: set[tuple[Any, ...]] = set()
        diagnostics = []
        for f in (*state.findings, *state.corpus):
            key = (f.line, f.column, f.code, f.message)
            if key in seen:
                continue
            seen.add(key)
            related = proto.related(f, state.uri, conv, places, self.lines_of, self.encoding)
            diagnostics.append(
                proto.diagnostic(f, conv, self.href(state.settings, f.code), related)
            )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=state.uri, diagnostics=diagnostics, version=state.version
            )
        )

    def lines_of(self, absolute: str) -> Sequence[str] | None:
        uri = Path(absolute).as_uri()
        state = self.docs.get(uri)
        if state is not None and state.lines:
            return state.lines
        path = Path(absolute)
        try:
            stamp = path.stat().st_mtime_ns
            cached = self._other_lines.get(absolute)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            lines = split_lines(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return None
        if len(self._other_lines) > 256:
            self._other_lines.clear()
        self._other_lines[absolute] = (stamp, lines)
        return lines

    def publish_config_problem(self, problem: ConfigProblem) -> None:
        if problem.path is None:  # no file to put it on: say it once
            if self.config_problems.get("") != problem.message:
                self.config_problems[""] = problem.message
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Error, message=problem.message)
                )
            return
        uri = Path(problem.path).resolve().as_uri()
        if self.config_problems.get(uri) == problem.message:
            return
        self.config_problems[uri] = problem.message
        line = max(problem.line - 1, 0)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                diagnostics=[
                    types.Diagnostic(
                        range=types.Range(
                            start=types.Position(line=line, character=0),
                            end=types.Position(line=line + 1, character=0),
                        ),
                        severity=types.DiagnosticSeverity.Error,
                        source=proto.SOURCE,
                        message=problem.message,
                    )
                ],
            )
        )

    def clear_config_problem(self, source: str | None) -> None:
        if source is None:
            return
        uri = Path(source).resolve().as_uri()
        if self.config_problems.pop(uri, None) is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def schedule(self, state: DocState, delay: float) -> None:
        """Check ``state`` after ``delay`` seconds unless another change comes first."""
        if state.pending is not None and not state.pending.done():
            state.pending.cancel()

        async def later() -> None:
            try:
                if delay > 0:
                    await asyncio.sleep(delay)
            except asyncio.CancelledError:
                return
            self.check(state)

        state.pending = asyncio.get_running_loop().create_task(later())

    def recheck_all(self) -> None:
        """A config file changed: check every open document again."""
        for state in list(self.docs.values()):
            self.check(state)
        self.schedule_corpus(0.2)

    # -- the cross-report pass -----------------------------------------------------

    def schedule_corpus(self, delay: float) -> None:
        if not self.options.workspace:
            return
        self._corpus_cancel.set()  # a running pass stops at its next file
        if self._corpus_task is not None and not self._corpus_task.done():
            self._corpus_task.cancel()
        self._corpus_task = asyncio.get_running_loop().create_task(self._run_corpus(delay))

    async def _run_corpus(self, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            return
        states = [s for s in self.docs.values() if s.settings is not None]
        if not states:
            return
        # One pass per (settings, folder): the workspace folder, or the config's root.
        groups: dict[tuple[str, str], tuple[Settings, Path]] = {}
        for s in states:
            assert s.settings is not None
            if not self.engine.has_corpus_rules(s.settings):
                continue
            # A lone file (no workspace folder, no config) is not compared with
            # whatever happens to sit beside it (a home folder, Downloads).
            folder = self.workspace_root(s.path) or (s.settings.root if s.settings.source else None)
            if folder is None:
                continue
            groups[(str(s.settings.source), str(folder))] = (s.settings, folder)
        if not groups:
            return
        texts = {
            str(s.path.resolve()): s.text for s in states if s.path.suffix.lower() in TEXT_SUFFIXES
        }
        cancel = threading.Event()
        self._corpus_cancel = cancel
        loop = asyncio.get_running_loop()
        merged: dict[str, tuple[Finding, ...]] = {}
        paths: dict[str, str] = {}
        for settings, folder in groups.values():
            try:
                result = await loop.run_in_executor(
                    self.thread_pool,
                    functools.partial(
                        self.engine.lint_corpus, settings, folder, texts, cancel.is_set
                    ),
                )
            except (Cancelled, asyncio.CancelledError):
                log.info("cross-report pass cancelled")
                return
            except Exception:
                log.error("cross-report pass failed:\n%s", traceback.format_exc())
                return
            merged.update(result.findings)
            paths.update(result.paths)
        if cancel.is_set():
            return
        self._corpus = CorpusResult(merged, paths, len(paths))
        for state in self.docs.values():
            found = merged.get(str(state.path.resolve()), ())
            if found != state.corpus:
                state.corpus = found
                try:
                    self.publish(state)
                except Exception:
                    log.error("publishing %s failed:\n%s", state.uri, traceback.format_exc())

    # -- code actions --------------------------------------------------------------

    def current(self, uri: str) -> DocState | None:
        """The document's state, re-checked first when its text changed since."""
        state = self.docs.get(uri)
        if state is None:
            return None
        if state.path.suffix.lower() in TEXT_SUFFIXES:
            doc = self.workspace.get_text_document(uri)
            if doc.version != state.version or doc.source != state.text:
                self.check(state)
        return state

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        state = self.current(params.text_document.uri)
        if state is None or state.settings is None:
            return []
        uri = state.uri
        conv = Converter(state.lines, self.encoding)
        only = params.context.only
        text_doc = state.path.suffix.lower() in TEXT_SUFFIXES
        actions: list[types.CodeAction] = []
        wanted_quickfix = not only or any(
            str(k).startswith(("quickfix", types.CodeActionKind.QuickFix)) for k in only
        )
        if wanted_quickfix:
            for f in (*state.findings, *state.corpus):
                rng = proto.finding_range(conv, f)
                if not proto.overlaps(rng, params.range):
                    continue
                diag = proto.diagnostic(f, conv, None, [])
                if text_doc and f.fix is not None and f.fix.edits:
                    title = (
                        f"Fix {f.code}: {f.fix.description}"
                        if f.fix.description
                        else f"Fix {f.code} ({f.name})"
                    )
                    if not f.fix.safe:
                        title += " (unsafe)"
                    actions.append(
                        types.CodeAction(
                            title=title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag],
                            is_preferred=f.fix.safe,
                            edit=types.WorkspaceEdit(
                                changes={uri: proto.text_edits(conv, f.fix.edits)}
                            ),
                        )
                    )
                if text_doc and not f.code.startswith("E"):
                    actions.append(
                        types.CodeAction(
                            title=f"Suppress {f.code} on this line",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag],
                            edit=types.WorkspaceEdit(
                                changes={
                                    uri: [
                                        proto.suppression_edit(
                                            state.text, f.line, f.code, self.encoding
                                        )
                                    ]
                                }
                            ),
                        )
                    )
        safe = [f for f in state.findings if f.fix is not None and f.fix.edits and f.fix.safe]
        if text_doc and safe:
            wants_fix_all = bool(only) and any(
                FIX_ALL_KIND.startswith(str(k)) or str(k).startswith(FIX_ALL_KIND)
                for k in only or ()
            )
            if wants_fix_all or wanted_quickfix:
                edit = self.fix_all_edit(state)
                if edit is not None:
                    actions.append(
                        types.CodeAction(
                            title="Apply all safe replint fixes",
                            kind=FIX_ALL_KIND,
                            edit=edit,
                        )
                    )
        return actions

    def fix_all_edit(self, state: DocState) -> types.WorkspaceEdit | None:
        if state.settings is None:
            return None
        # Editors ask for code actions at every cursor move: fix a text once.
        if (
            state.fixed is not None
            and state.fixed[0] is state.settings
            and state.fixed[1] == state.text
        ):
            new = state.fixed[2]
        else:
            new = self.engine.fix_all(state.settings, state.path, state.text)
            state.fixed = (state.settings, state.text, new)
        if new == state.text:
            return None
        edit = proto.whole_text_edit(state.text, new, self.encoding)
        return types.WorkspaceEdit(changes={state.uri: [edit]})


def build() -> ReplintServer:
    """The server with its handlers registered."""
    server = ReplintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ReplintServer, params: types.InitializeParams) -> None:
        opts = params.initialization_options or {}
        if isinstance(opts, dict):
            o = ls.options
            try:
                o.debounce = float(opts.get("debounce", o.debounce))
                o.workspace_debounce = float(opts.get("workspaceDebounce", o.workspace_debounce))
            except (TypeError, ValueError):
                log.warning("ignoring a non-numeric debounce option")
            o.workspace = bool(opts.get("workspace", o.workspace))
            if isinstance(opts.get("docsUrl"), str):
                o.docs_url = opts["docsUrl"]

    @server.feature(types.INITIALIZED)
    def initialized(ls: ReplintServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps and caps.did_change_watched_files
        if watch and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="replint-config-watch",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=watchers
                            ),
                        )
                    ]
                )
            )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ReplintServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = uri_to_path(uri)
        if path is None:
            return
        if path.name in CONFIG_FILES:
            ls.recheck_all()
            return
        if path.suffix.lower() not in (*TEXT_SUFFIXES, *BINARY_SUFFIXES):
            return
        state = DocState(uri, path)
        ls.docs[uri] = state
        ls.check(state)
        ls.schedule_corpus(0.2)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ReplintServer, params: types.DidChangeTextDocumentParams) -> None:
        state = ls.docs.get(params.text_document.uri)
        if state is None or state.path.suffix.lower() not in TEXT_SUFFIXES:
            return
        ls.schedule(state, ls.options.debounce)
        ls.schedule_corpus(ls.options.workspace_debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ReplintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = uri_to_path(uri)
        if path is not None and path.name in CONFIG_FILES:
            ls.recheck_all()
            return
        state = ls.docs.get(uri)
        if state is None:
            return
        ls.schedule(state, 0)
        ls.schedule_corpus(0.2)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ReplintServer, params: types.DidCloseTextDocumentParams) -> None:
        state = ls.docs.pop(params.text_document.uri, None)
        if state is not None:
            if state.pending is not None:
                state.pending.cancel()
            ls.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=state.uri, diagnostics=[])
            )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ReplintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any((uri_to_path(c.uri) or Path()).name in CONFIG_FILES for c in params.changes):
            ls.recheck_all()
        else:
            ls.schedule_corpus(ls.options.workspace_debounce)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
        ),
    )
    def code_action(ls: ReplintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        try:
            return ls.code_actions(params)
        except Exception:
            log.error("code actions failed:\n%s", traceback.format_exc())
            return []

    @server.command(APPLY_ALL)
    def apply_all(ls: ReplintServer, *args: Any) -> dict[str, Any]:
        """Apply every safe fix of a document: arguments ``[uri]`` (or ``[{"uri": …}]``)."""
        uri = args[0] if args else None
        if isinstance(uri, dict):
            uri = uri.get("uri")
        state = ls.current(str(uri)) if uri else None
        if state is None or state.path.suffix.lower() not in TEXT_SUFFIXES:
            return {"applied": False, "reason": "not an open .md/.txt document"}
        edit = ls.fix_all_edit(state)
        if edit is None:
            return {"applied": False, "reason": "no safe fixes"}
        ls.workspace_apply_edit(
            types.ApplyWorkspaceEditParams(edit=edit, label="replint: apply all safe fixes")
        )
        return {"applied": True}

    @server.command(CHECK_WORKSPACE)
    def check_workspace(ls: ReplintServer, *args: Any) -> dict[str, Any]:
        """Run the cross-report pass now (cancelling one that is running)."""
        ls.schedule_corpus(0)
        return {"scheduled": ls.options.workspace}

    @server.command(STATS)
    def stats(ls: ReplintServer, *args: Any) -> dict[str, Any]:
        """Live objects and tasks (after a collection), for bench/bench_server.py."""
        import gc

        gc.collect()
        live = gc.get_objects()
        out: dict[str, Any] = {}
        if args and args[0] == "types":
            from collections import Counter

            out["types"] = dict(Counter(type(o).__name__ for o in live).most_common(40))
        return {
            **out,
            "objects": len(live),
            "tasks": len(asyncio.all_tasks()),
            "documents": len(ls.docs),
        }

    return server


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="replint-server: %(levelname)s %(message)s")
    build().start_io()
