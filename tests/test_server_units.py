"""The language server's parts without a client: positions, the engine adapter, edits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from replint.server.positions import Converter, split_lines, units

pytest.importorskip("lsprotocol", reason="needs the server extra (lsprotocol)")

from replint.server import protocol as proto
from replint.server.adapter import Cancelled, ConfigProblem, Engine, Settings


def test_split_lines_like_the_readers() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n") == ["a", ""]
    assert split_lines("") == [""]


@pytest.mark.parametrize(
    ("line", "column", "utf16", "utf8"),
    [
        ("年XX", 2, 1, 3),  # a CJK character: one UTF-16 unit, three UTF-8 bytes
        ("😀XX", 2, 2, 4),  # an emoji: astral plane, a surrogate pair
        ("𠀋𠀋XX", 3, 4, 8),  # CJK Extension B: astral plane too
        ("ab", 3, 2, 2),  # just past the end
    ],
)
def test_columns_to_code_units(line: str, column: int, utf16: int, utf8: int) -> None:
    assert Converter([line]).to_lsp(1, column).character == utf16
    assert Converter([line], "utf-8").to_lsp(1, column).character == utf8
    assert Converter([line], "utf-32").to_lsp(1, column).character == column - 1
    # and back
    assert Converter([line]).from_lsp(0, utf16) == (1, column)
    assert Converter([line], "utf-8").from_lsp(0, utf8) == (1, column)


def test_positions_are_clamped_to_the_text() -> None:
    conv = Converter(["一二", "三"])
    assert conv.to_lsp(9, 1) == conv.line_end(2)
    assert conv.to_lsp(1, 99).character == 2
    assert units("😀a") == 3


def test_whole_text_edit_is_the_changed_middle() -> None:
    old = "😀第一行,内容\n第二行\n"
    new = "😀第一行，内容\n第二行\n"
    edit = proto.whole_text_edit(old, new, "utf-16")
    assert edit.new_text == "，"
    assert (edit.range.start.line, edit.range.start.character) == (0, 5)
    assert (edit.range.end.line, edit.range.end.character) == (0, 6)


def settings_in(tmp_path: Path, engine: Engine, name: str = "r.txt") -> tuple[Settings, Path]:
    path = tmp_path / name
    path.write_text("", encoding="utf-8")
    settings = engine.settings_for(path)
    assert isinstance(settings, Settings)
    return settings, path


def test_suppression_edit_silences_the_finding_in_txt(tmp_path: Path) -> None:
    engine = Engine()
    settings, path = settings_in(tmp_path, engine)
    text = "2024年工作总结\n今年共完成XX个项目。\n"
    found = engine.lint_text(settings, path, text).findings
    p101 = next(f for f in found if f.code == "P101")
    edit = proto.suppression_edit(text, p101.line, "P101", "utf-16")
    lines = text.split("\n")
    lines.insert(edit.range.start.line, edit.new_text.rstrip("\n"))
    after = engine.lint_text(settings, path, "\n".join(lines)).findings
    assert not any(f.code == "P101" for f in after)
    assert not any(f.code == "M001" for f in after)


def test_config_is_reloaded_when_it_changes(tmp_path: Path) -> None:
    engine = Engine()
    config = tmp_path / ".replint.yaml"
    config.write_text("select: [P]\n", encoding="utf-8")
    settings, path = settings_in(tmp_path, engine)
    text = "今年共完成XX个项目,成效明显。\n"
    assert {f.code for f in engine.lint_text(settings, path, text).findings} == {"P101"}
    config.write_text("select: [T]\nextend_select: [P]\n# longer\n", encoding="utf-8")
    again = engine.settings_for(path)
    assert isinstance(again, Settings)
    codes = {f.code for f in engine.lint_text(again, path, text).findings}
    assert {"P101", "T101"} <= codes
    config.write_text("select: [P]\nrules: {NOPE1: {}}\n", encoding="utf-8")
    problem = engine.settings_for(path)
    assert isinstance(problem, ConfigProblem)
    assert problem.path == str(config)
    assert "NOPE1" in problem.message


def test_invalid_yaml_names_its_line(tmp_path: Path) -> None:
    (tmp_path / ".replint.yaml").write_text("select: [P\nignore: x\n", encoding="utf-8")
    problem = Engine().settings_for(tmp_path / "r.md")
    assert isinstance(problem, ConfigProblem)
    assert problem.line >= 2


def test_cross_report_pass_uses_unsaved_text_and_can_be_cancelled(tmp_path: Path) -> None:
    engine = Engine()
    para = "将思想建设作为意识形态工作的基础性长期性工作常抓不懈，持续夯实干部职工的思想根基。"
    (tmp_path / "a.txt").write_text(f"甲单位总结\n{para}\n", encoding="utf-8")
    settings, b = settings_in(tmp_path, engine, "b.txt")
    texts = {str(b.resolve()): f"乙单位总结\n{para}\n"}  # the file on disk is empty
    result = engine.lint_corpus(settings, tmp_path, texts)
    assert {f.code for f in result.findings[str(b.resolve())]} == {"R201"}
    assert result.paths["a.txt"] == str((tmp_path / "a.txt").resolve())
    with pytest.raises(Cancelled):
        engine.lint_corpus(settings, tmp_path, texts, cancelled=lambda: True)
    # Without the unsaved text there is nothing to compare.
    assert not engine.lint_corpus(settings, tmp_path, {}).findings


def test_broken_docx_is_one_finding(tmp_path: Path) -> None:
    engine = Engine()
    settings, _ = settings_in(tmp_path, engine)
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    (finding,) = engine.lint_file(settings, path).findings
    assert finding.code.startswith("E")


def test_server_command_without_the_extra_says_how_to_install() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None; sys.argv = ['replint', 'server']; "
        "from replint.cli import main; main()"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 2
    assert "replint[server]" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_crashing_rule_is_a_finding_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replint_rules.placeholders import Placeholder

    def boom(self: object, doc: object, options: object) -> None:
        raise RuntimeError("rule bug")

    monkeypatch.setattr(Placeholder, "check", boom)
    engine = Engine()
    settings, path = settings_in(tmp_path, engine)
    found = engine.lint_text(settings, path, "今年共完成XX个项目,成效明显。\n").findings
    assert any(f.code == "E005" and "P101" in f.message for f in found)
    assert any(f.code == "T101" for f in found)  # the other rules still ran
