"""The command line as users meet it: exit codes, formats, selection, errors, output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from replint.formatters.text import display_width

SEED = "seeds/000_fd30382e888d4f13.txt"


def test_lints_seeds_and_exits_1(replint_cmd):
    proc = replint_cmd("seeds/")
    assert proc.returncode == 1, proc.stderr
    assert "seeds/000_fd30382e888d4f13.txt:4:121: P101 [placeholder]" in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1].startswith(tuple("0123456789"))
    assert "findings in 5 of 5 files" in proc.stdout


def test_check_subcommand_is_the_same(replint_cmd):
    a = replint_cmd("--format", "json", SEED)
    b = replint_cmd("check", "--format", "json", SEED)
    assert a.returncode == b.returncode == 1
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_json_shape_is_the_contract(replint_cmd):
    proc = replint_cmd("--format", "json", SEED)
    items = json.loads(proc.stdout)
    assert items
    keys = {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "fix",
    }
    for item in items:
        assert set(item) == keys
    first = next(i for i in items if i["code"] == "P101")
    line = Path(SEED).read_text(encoding="utf-8").splitlines()[first["line"] - 1]
    # Columns count code points: the span is exactly the placeholder.
    assert line[first["column"] - 1 : first["end_column"] - 1] == "XX"


def test_clean_file_exits_0(tmp_path, replint_cmd):
    report = tmp_path / "ok.txt"
    report.write_text("学习教育扎实开展。\n", encoding="utf-8")
    proc = replint_cmd("--select", "P", str(report))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings in 1 file." in proc.stdout


def test_exit_zero_and_fail_level(tmp_path, replint_cmd):
    report = tmp_path / "r.txt"
    report.write_text("具体时间待定。\n", encoding="utf-8")  # an info-level finding only
    assert replint_cmd("--select", "P104", str(report)).returncode == 0
    assert replint_cmd("--select", "P104", "--fail-level", "info", str(report)).returncode == 1
    report.write_text("学习X次。\n", encoding="utf-8")
    assert replint_cmd("--select", "P", str(report)).returncode == 1
    assert replint_cmd("--select", "P", "--exit-zero", str(report)).returncode == 0


@pytest.mark.parametrize("selector", ["P", "P1", "P101", "placeholder"])
def test_select_forms(selector, replint_cmd):
    proc = replint_cmd("--format", "json", "--select", selector, SEED)
    codes = {i["code"] for i in json.loads(proc.stdout)}
    assert (
        codes == {"P101"} if selector != "P" else codes <= {"P101", "P102", "P103", "P104", "P105"}
    )


def test_ignore_and_unknown_selector(replint_cmd):
    proc = replint_cmd("--format", "json", "--ignore", "P101", "--select", "P", SEED)
    assert all(i["code"] != "P101" for i in json.loads(proc.stdout))
    bad = replint_cmd("--select", "Q999", SEED)
    assert bad.returncode == 2
    assert "Q999" in bad.stderr and "Traceback" not in bad.stderr


def test_statistics_and_quiet(replint_cmd):
    proc = replint_cmd("--statistics", "--select", "P", SEED)
    assert "P101  placeholder" in proc.stdout
    quiet = replint_cmd("-q", "--select", "P", SEED)
    assert "findings in" not in quiet.stdout and " | " not in quiet.stdout


def test_caret_lines_up_under_chinese(replint_cmd):
    proc = replint_cmd("--select", "P101", SEED)
    lines = proc.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith(SEED + ":4:121:"))
    source, caret = lines[i + 1], lines[i + 2]
    prefix_width = display_width(caret[: caret.index("^")])
    marked_from = source.index("XX")
    assert display_width(source[:marked_from]) == prefix_width
    assert caret.count("^") == 2


def test_no_colour_when_not_a_terminal(replint_cmd):
    assert "\x1b[" not in replint_cmd(SEED).stdout
    assert "\x1b[" in replint_cmd("--color", SEED).stdout


def test_stdin(replint_cmd):
    proc = replint_cmd("--format", "json", "-", stdin="学习X次。\n".encode())
    items = json.loads(proc.stdout)
    assert [(i["path"], i["code"], i["column"]) for i in items] == [("-", "P101", 3)]
    named = replint_cmd(
        "--format", "json", "--stdin-filename", "r.txt", "-", stdin="学习X次。\n".encode()
    )
    assert json.loads(named.stdout)[0]["path"] == "r.txt"


def test_unreadable_files_exit_2_and_others_still_linted(tmp_path, replint_cmd):
    good = tmp_path / "good.txt"
    good.write_text("学习X次。\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x00")
    bad_encoding = tmp_path / "latin.txt"
    bad_encoding.write_bytes(b"report \x80\xff\x80 text")
    proc = replint_cmd(
        "--format", "json", str(good), str(binary), str(bad_encoding), str(tmp_path / "missing.txt")
    )
    assert proc.returncode == 2
    items = json.loads(proc.stdout)
    by_path = {Path(i["path"]).name: i for i in items}
    assert by_path["good.txt"]["code"] == "P101"
    assert by_path["binary.txt"]["code"] == "E002"
    assert by_path["latin.txt"]["code"] == "E002"
    assert by_path["missing.txt"]["code"] == "E001"
    assert "Traceback" not in proc.stderr


def test_too_large_file(tmp_path, replint_cmd):
    (tmp_path / ".replint.yaml").write_text("max_file_size: 1KB\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("学习。\n" * 400, encoding="utf-8")
    proc = replint_cmd("--format", "json", "big.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert json.loads(proc.stdout)[0]["code"] == "E003"


def test_directory_walk_respects_gitignore_and_exclude(tmp_path, replint_cmd):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("学习X次。\n", encoding="utf-8")
    (tmp_path / "reports" / "b.md").write_text("学习X次。\n", encoding="utf-8")
    (tmp_path / "reports" / "ignored.txt").write_text("学习X次。\n", encoding="utf-8")
    (tmp_path / "reports" / "draft").mkdir()
    (tmp_path / "reports" / "draft" / "c.txt").write_text("学习X次。\n", encoding="utf-8")
    (tmp_path / "reports" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".gitignore").write_text("ignored.txt\n", encoding="utf-8")
    (tmp_path / ".replint.yaml").write_text(
        "exclude: ['reports/draft/**']\nselect: [P]\n", encoding="utf-8"
    )
    proc = replint_cmd("--format", "json", ".", cwd=tmp_path)
    paths = sorted({i["path"] for i in json.loads(proc.stdout)})
    assert paths == ["reports/a.txt", "reports/b.md"]


def test_crlf_and_gb18030_positions(tmp_path, replint_cmd):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes("第一段。\r\n\r\n学习X次。\r\n".encode())
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("第一段。\n学习XX次。\n".encode("gb18030"))
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("\ufeff第一段。\n学习X次。\n".encode("utf-16-le"))
    proc = replint_cmd("--format", "json", "--select", "P101", str(crlf), str(gbk), str(utf16))
    got = {(Path(i["path"]).name, i["line"], i["column"]) for i in json.loads(proc.stdout)}
    assert got == {("crlf.txt", 3, 3), ("gbk.txt", 2, 3), ("u16.txt", 2, 3)}


def test_forced_encoding(tmp_path, replint_cmd):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("学习X次。\n".encode("gb18030"))
    proc = replint_cmd("--format", "json", "--encoding", "utf-8", str(gbk))
    assert proc.returncode == 2
    assert json.loads(proc.stdout)[0]["code"] == "E002"
    assert replint_cmd("--encoding", "nonsense", str(gbk)).returncode == 2


def test_rules_lists_every_rule(replint_cmd):
    proc = replint_cmd("rules", "--format", "json")
    rules = json.loads(proc.stdout)
    codes = [r["code"] for r in rules]
    assert "P101" in codes and len(codes) == len(set(codes))
    for rule in rules:
        assert rule["summary"], rule
        assert set(rule) >= {"code", "name", "severity", "fixable", "summary"}
    text = replint_cmd("rules").stdout
    assert "P105" in text and "scraped-junk" in text


@pytest.mark.parametrize("key", ["P101", "placeholder"])
def test_explain(key, replint_cmd):
    proc = replint_cmd("explain", key)
    assert proc.returncode == 0
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Options",
        "allow: []",
    ):
        assert heading in proc.stdout
    assert replint_cmd("explain", "nope").returncode == 2


def test_unknown_format_is_usage_error(replint_cmd):
    proc = replint_cmd("--format", "nope", SEED)
    assert proc.returncode == 2 and "unknown format" in proc.stderr


def test_output_file(tmp_path, replint_cmd):
    out = tmp_path / "out.json"
    proc = replint_cmd("--format", "json", "--output-file", str(out), SEED)
    assert proc.returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))
    assert "findings in" in proc.stdout  # the terminal still gets the summary


def test_never_writes_to_linted_files(tmp_path, replint_cmd, seeds):
    copy = tmp_path / "seed.txt"
    shutil.copy(seeds / "003_edf5fe579f2479b6.txt", copy)
    before = copy.read_bytes()
    replint_cmd(str(copy))
    assert copy.read_bytes() == before


def test_verbose_describes_every_file_not_only_the_first(tmp_path, replint_cmd):
    # Regression: the describer was replaced by its own submodule after its first use,
    # so every file after the first said "analysis: failed".
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(
            "2026年工作总结\n一、主要工作\n完成了任务。\n", encoding="utf-8"
        )
    result = replint_cmd("--verbose", "-j", "1", str(tmp_path))
    assert result.stderr.count("period: 2026年") == 3, result.stderr
    assert "analysis: failed" not in result.stderr
