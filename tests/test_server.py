"""`replint server` driven by a real LSP client (pytest-lsp) over stdio.

Each test starts the server as a subprocess (`python -m replint server`) and talks
to it the way an editor does: initialize, didOpen, publishDiagnostics, didChange,
codeAction, executeCommand, shutdown.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="needs the test extra (pytest-lsp)")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

SERVER = [sys.executable, "-m", "replint", "server"]

REPORT = (
    "# 2024年工作总结\n"
    "\n"
    "😀𠀋一、主要工作：今年共完成XX个项目,成效明显。\n"
    "\n"
    "二、存在的问题：部分工作推进较慢。\n"
    "\n"
    "三、下一步打算：继续努力，争取更大成绩。\n"
)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path):  # type: ignore[no-untyped-def]
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations = params  # type: ignore[attr-defined]

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="reports")],
        initialization_options={"debounce": 0.01, "workspaceDebounce": 0.05},
    )
    result = await lsp_client.initialize_session(params)
    lsp_client.init_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(
    client: LanguageClient, uri: str, want: object = None, timeout: float = 20.0
) -> list[types.Diagnostic]:
    """Wait until the client holds diagnostics for ``uri`` satisfying ``want``."""

    async def wait() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and (want is None or want(found)):  # type: ignore[operator]
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "markdown") -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


def cli_findings(path: Path) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-m", "replint", "--format", "json", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout)


def by_code(diags: list[types.Diagnostic], code: str) -> types.Diagnostic:
    return next(d for d in diags if d.code == code)


@pytest.mark.asyncio
async def test_initialize_announces_capabilities(client: LanguageClient) -> None:
    caps = client.init_result.capabilities  # type: ignore[attr-defined]
    assert caps.code_action_provider
    assert "replint.applyAllFixes" in caps.execute_command_provider.commands
    assert caps.position_encoding in (None, types.PositionEncodingKind.Utf16)


@pytest.mark.asyncio
async def test_did_open_publishes_what_the_cli_reports(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "report.md"
    uri = open_doc(client, path, REPORT)
    diags = await diagnostics_for(client, uri, lambda d: len(d) > 0)
    cli = cli_findings(path)
    assert sorted(d.code for d in diags) == sorted(f["code"] for f in cli)
    lines = REPORT.split("\n")
    for f in cli:
        d = next(x for x in diags if x.code == f["code"] and x.message == f["message"])
        line = lines[int(f["line"]) - 1]
        assert d.range.start.line == int(f["line"]) - 1
        # UTF-16: the emoji and the Extension B character before it are two units each.
        assert d.range.start.character == utf16(line[: int(f["column"]) - 1])
        assert d.range.end.character == utf16(
            lines[int(f["end_line"]) - 1][: int(f["end_column"]) - 1]
        )
        assert (
            d.severity
            == {
                "error": types.DiagnosticSeverity.Error,
                "warning": types.DiagnosticSeverity.Warning,
                "info": types.DiagnosticSeverity.Information,
            }[f["severity"]]
        )
        assert d.source == "replint"
    p101 = by_code(diags, "P101")
    assert p101.range.start.character == 16  # 😀 + 𠀋 (2+2) + 12 BMP characters
    assert p101.range.end.character == 18
    assert p101.code_description is not None
    page = Path(p101.code_description.href.removeprefix("file://"))
    assert "P101" in page.read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_did_change_rechecks(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "report.md", REPORT)
    await diagnostics_for(client, uri, lambda d: any(x.code == "P101" for x in d))
    # Replace "XX" by "12" with an incremental change in UTF-16 coordinates.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=2, character=16),
                        end=types.Position(line=2, character=18),
                    ),
                    text="12",
                )
            ],
        )
    )
    diags = await diagnostics_for(client, uri, lambda d: not any(x.code == "P101" for x in d))
    assert any(x.code == "T101" for x in diags)


@pytest.mark.asyncio
async def test_code_actions_fix_and_suppress(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "report.md", REPORT)
    diags = await diagnostics_for(client, uri, lambda d: any(x.code == "T101" for x in d))
    t101 = by_code(diags, "T101")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=t101.range,
            context=types.CodeActionContext(diagnostics=[t101]),
        )
    )
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.title.startswith("Fix T101"))
    (edit,) = fix.edit.changes[uri]
    assert edit.new_text == "，"
    assert edit.range == t101.range
    suppress = next(a for a in actions if a.title == "Suppress T101 on this line")
    (insert,) = suppress.edit.changes[uri]
    assert insert.range.start == types.Position(line=2, character=0)
    assert insert.new_text == "<!-- replint-disable-next-line T101 -->\n"
    assert "Apply all safe replint fixes" in titles

    # The suppression really suppresses: apply it and the T101 diagnostic goes away.
    lines = REPORT.split("\n")
    lines.insert(2, insert.new_text.rstrip("\n"))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n".join(lines))],
        )
    )
    after = await diagnostics_for(client, uri, lambda d: not any(x.code == "T101" for x in d))
    assert any(x.code == "P101" for x in after)
    assert not any(x.code == "M001" for x in after)  # the directive is used


@pytest.mark.asyncio
async def test_execute_command_applies_all_safe_fixes(
    client: LanguageClient, tmp_path: Path
) -> None:
    applied: list[types.ApplyWorkspaceEditParams] = []

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        applied.append(params)
        return types.ApplyWorkspaceEditResult(applied=True)

    uri = open_doc(client, tmp_path / "report.md", REPORT)
    await diagnostics_for(client, uri, lambda d: len(d) > 0)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="replint.applyAllFixes", arguments=[uri])
    )
    assert result == {"applied": True}
    (params,) = applied
    (edit,) = params.edit.changes[uri]
    assert edit.new_text == "，"
    assert edit.range.start == types.Position(line=2, character=21)  # 19 code points, 2 astral


@pytest.mark.asyncio
async def test_repeated_paragraph_points_at_the_other_place(
    client: LanguageClient, tmp_path: Path
) -> None:
    para = "全面压实意识形态工作责任制，局党组定期研究部署，层层签订责任书，确保各项任务落到实处。"
    text = f"# 工作总结\n\n{para}\n\n中间一段说明其他情况。\n\n{para}\n"
    uri = open_doc(client, tmp_path / "dup.md", text)
    diags = await diagnostics_for(client, uri, lambda d: any(x.code == "R101" for x in d))
    r101 = by_code(diags, "R101")
    assert r101.range.start.line == 6
    (rel,) = r101.related_information
    assert rel.location.uri == uri
    assert rel.location.range.start.line == 2


@pytest.mark.asyncio
async def test_cross_report_copy_in_background(client: LanguageClient, tmp_path: Path) -> None:
    para = "将思想建设作为意识形态工作的基础性长期性工作常抓不懈，持续夯实干部职工的思想根基。"
    (tmp_path / "other.md").write_text(f"# 乙单位总结\n\n{para}\n", encoding="utf-8")
    uri = open_doc(client, tmp_path / "mine.md", f"# 甲单位总结\n\n{para}\n")
    diags = await diagnostics_for(client, uri, lambda d: any(x.code == "R201" for x in d))
    r201 = by_code(diags, "R201")
    assert "other.md:3" in r201.message
    (rel,) = r201.related_information
    assert rel.location.uri == (tmp_path / "other.md").as_uri()
    assert rel.location.range.start.line == 2


@pytest.mark.asyncio
async def test_bad_config_is_one_diagnostic_and_the_server_lives(
    client: LanguageClient, tmp_path: Path
) -> None:
    config = tmp_path / ".replint.yaml"
    config.write_text("select: [P]\nno_such_key: 1\n", encoding="utf-8")
    uri = open_doc(client, tmp_path / "report.md", REPORT)
    config_uri = config.resolve().as_uri()
    (problem,) = await diagnostics_for(client, config_uri, lambda d: len(d) == 1)
    assert "no_such_key" in problem.message
    assert problem.severity == types.DiagnosticSeverity.Error
    # Fix the config: it is found again on save, the problem is cleared, and the
    # document is checked with the new selection (only P rules).
    config.write_text("select: [P]\n", encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config_uri))
    )
    await diagnostics_for(client, config_uri, lambda d: len(d) == 0)
    diags = await diagnostics_for(client, uri, lambda d: len(d) > 0)
    assert {d.code for d in diags} == {"P101"}


@pytest.mark.asyncio
async def test_broken_docx_is_a_finding_not_a_crash(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip file")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="docx", version=1, text="")
        )
    )
    diags = await diagnostics_for(client, uri, lambda d: len(d) > 0)
    assert diags[0].code and str(diags[0].code).startswith("E")
    # Still alive: a text document is checked afterwards.
    uri2 = open_doc(client, tmp_path / "report.md", REPORT)
    assert await diagnostics_for(client, uri2, lambda d: len(d) > 0)


def test_cli_does_not_import_the_server() -> None:
    code = (
        "import sys, replint.cli; "
        "bad = [m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'replint.server'))]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.asyncio
async def test_live_objects_do_not_grow_with_edits(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "report.md", REPORT)
    await diagnostics_for(client, uri, lambda d: len(d) > 0)
    version = 1

    async def edits(count: int) -> None:
        nonlocal version
        for _ in range(count):
            previous = client.diagnostics.get(uri)
            version += 1
            insert = version % 2 == 0
            start = types.Position(line=4, character=2)
            end = start if insert else types.Position(line=4, character=3)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=start, end=end), text="新" if insert else ""
                        )
                    ],
                )
            )
            # Each publication is a new list: wait for the one after this change.
            await diagnostics_for(client, uri, lambda d, old=previous: d is not old)

    async def objects() -> int:
        stats = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="replint.serverStats", arguments=[])
        )
        return int(stats["objects"])

    await edits(20)  # warm up
    before = await objects()
    await edits(100)
    after = await objects()
    # pygls 2.1 alone keeps about a dozen objects per change; the server drops them.
    assert after - before < 150, (before, after)
