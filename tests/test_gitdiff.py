"""``--diff-base``: changed lines from a real git repository, and the filter on findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from replint.filters.apply import apply_baseline_and_diff as apply_ci_filters
from replint.filters.diff import EVERY_LINE, changed_lines, diff_filter, parse_diff, unquote
from replint.model.errors import UsageError
from replint.model.findings import Finding, Severity
from replint.model.report import Report

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text("".join(f"第{i}行。\n" for i in range(1, 11)), encoding="utf-8")
    (reports / "年度总结 [草稿].txt").write_text("一\n二\n三\n", encoding="utf-8")
    (reports / "r.docx").write_bytes(b"PK\x03\x04old")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _edit(path: Path, lineno: int, text: str, insert: bool = False) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if insert:
        lines.insert(lineno - 1, text + "\n")
    else:
        lines[lineno - 1] = text + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_changed_and_inserted_lines(repo):
    a = repo / "reports" / "a.txt"
    _edit(a, 3, "第三行改了。")
    _edit(a, 8, "新加的一行。", insert=True)
    changed = changed_lines("HEAD", ["reports/a.txt", "reports/年度总结 [草稿].txt"])
    assert changed == {"reports/a.txt": {3, 8}}


def test_non_ascii_and_glob_like_names(repo):
    odd = repo / "reports" / "年度总结 [草稿].txt"
    _edit(odd, 2, "二改")
    assert changed_lines("HEAD", [str(Path("reports") / odd.name)]) == {f"reports/{odd.name}": {2}}


def test_untracked_and_binary_files_count_as_changed_everywhere(repo):
    (repo / "reports" / "new.txt").write_text("新报告\n", encoding="utf-8")
    (repo / "reports" / "r.docx").write_bytes(b"PK\x03\x04new\x00binary")
    changed = changed_lines("HEAD", ["reports/new.txt", "reports/r.docx", "reports/a.txt"])
    assert changed["reports/new.txt"] is EVERY_LINE
    assert changed["reports/r.docx"] is EVERY_LINE
    assert 12345 in changed["reports/new.txt"]
    assert "reports/a.txt" not in changed


def test_paths_as_typed_from_a_subdirectory(repo, monkeypatch):
    _edit(repo / "reports" / "a.txt", 5, "第五行改了。")
    monkeypatch.chdir(repo / "reports")
    assert changed_lines("HEAD", ["a.txt", "./a.txt"]) == {"a.txt": {5}, "./a.txt": {5}}


def test_committed_changes_since_a_ref_and_merge_base(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    _edit(repo / "reports" / "a.txt", 2, "第二行在分支上改了。")
    git(repo, "commit", "-q", "-am", "feature change")
    # main moves on elsewhere in the file after the branch point
    git(repo, "checkout", "-q", "main")
    _edit(repo / "reports" / "a.txt", 9, "主干改了第九行。")
    git(repo, "commit", "-q", "-am", "main change")
    git(repo, "checkout", "-q", "feature")
    # Against main's tip, line 9 differs too; against the merge base only line 2.
    assert changed_lines("main", ["reports/a.txt"]) == {"reports/a.txt": {2, 9}}
    assert changed_lines("main...", ["reports/a.txt"]) == {"reports/a.txt": {2}}


def test_deletions_keep_the_file_with_no_lines(repo):
    a = repo / "reports" / "a.txt"
    lines = a.read_text(encoding="utf-8").splitlines(keepends=True)
    a.write_text("".join(lines[:4] + lines[5:]), encoding="utf-8")
    assert changed_lines("HEAD", ["reports/a.txt"]) == {"reports/a.txt": set()}


def test_unknown_ref_is_a_usage_error(repo):
    with pytest.raises(UsageError, match="unknown git revision 'no-such-branch'"):
        changed_lines("no-such-branch", ["reports/a.txt"])
    with pytest.raises(UsageError, match="not a git revision"):
        changed_lines("--output=/tmp/x", ["reports/a.txt"])


def test_not_a_repository_is_a_usage_error(tmp_path, monkeypatch):
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(UsageError, match="needs a git repository"):
        changed_lines("HEAD", ["a.txt"])


def test_parse_diff_and_unquote():
    text = (
        "diff --git a/x.txt b/x.txt\n"
        "--- a/x.txt\n+++ b/x.txt\n"
        "@@ -1 +1 @@\n-a\n+b\n"
        "@@ -5,0 +6,3 @@\n+c\n+d\n+e\n"
        "@@ -9,2 +11,0 @@\n-f\n-g\n"
        'diff --git "a/\\344\\270\\255.txt" "b/\\344\\270\\255.txt"\n'
        '--- "a/\\344\\270\\255.txt"\n+++ "b/\\344\\270\\255.txt"\n'
        "@@ -2 +2 @@\n-x\n+y\n"
        "diff --git a/gone.txt b/gone.txt\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n"
    )
    assert parse_diff(text) == {"x.txt": {1, 6, 7, 8}, "中.txt": {2}}
    assert unquote('"a\\tb\\"c\\\\d"') == 'a\tb"c\\d'
    assert unquote("plain.txt") == "plain.txt"


def _f(line: int, code: str = "P101", *, end_line: int | None = None, doc: bool = False) -> Finding:
    return Finding(
        "reports/a.txt",
        line,
        1,
        end_line or line,
        1 if doc else 3,
        code,
        "x",
        Severity.ERROR,
        "m",
    )


def test_diff_filter_rules():
    findings = [
        _f(2),
        _f(3),
        _f(4, end_line=6),  # spans a changed line
        _f(1, "S101", doc=True),  # document-level: kept when the file changed at all
        _f(9, "E001"),  # failures are always kept
    ]
    kept = diff_filter(findings, {"reports/a.txt": {3, 5}})
    assert [(f.line, f.code) for f in kept] == [(3, "P101"), (4, "P101"), (1, "S101"), (9, "E001")]
    assert diff_filter(findings, {}) == [findings[-1]]


def test_apply_ci_filters_with_diff_base(repo):
    _edit(repo / "reports" / "a.txt", 4, "第四行写了XX次。")
    report = Report(findings=(_f(2), _f(4)), files=("reports/a.txt",))
    filtered, notes = apply_ci_filters(report, None, "HEAD")
    assert [f.line for f in filtered.findings] == [4]
    assert notes == []


def test_a_renamed_report_counts_only_its_edits(repo):
    git(repo, "mv", "reports/a.txt", "reports/b.txt")
    _edit(repo / "reports" / "b.txt", 7, "第七行改了。")
    assert changed_lines("HEAD", ["reports/b.txt"]) == {"reports/b.txt": {7}}


# -- the real command line (needs cli.py wiring: --diff-base) ----------------------------


def _wired() -> bool:
    from replint.cli.main import check

    return any("--diff-base" in getattr(p, "opts", ()) for p in check.params)


needs_wiring = pytest.mark.skipif(not _wired(), reason="replint/cli.py has no --diff-base yet")


def _replint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **GIT_ENV, "NO_COLOR": "1"},
        check=False,
    )


@needs_wiring
def test_cli_diff_base_reports_only_changed_lines(repo):
    a = repo / "reports" / "a.txt"
    _edit(a, 2, "全年共组织学习XX次。")
    git(repo, "commit", "-q", "-am", "old placeholder")
    _edit(a, 6, "参加人数XX人。")
    everything = _replint("--select", "P101", "--format", "json", "reports/a.txt", cwd=repo)
    assert {i["line"] for i in json.loads(everything.stdout)} == {2, 6}
    proc = _replint(
        "--select", "P101", "--format", "json", "--diff-base", "HEAD", "reports/a.txt", cwd=repo
    )
    assert proc.returncode == 1, proc.stderr
    assert [(i["line"], i["code"]) for i in json.loads(proc.stdout)] == [(6, "P101")]


@needs_wiring
def test_cli_diff_base_errors_exit_2(repo, tmp_path_factory):
    proc = _replint("--diff-base", "nope", "reports", cwd=repo)
    assert proc.returncode == 2
    assert "unknown git revision 'nope'" in proc.stderr
    plain = tmp_path_factory.mktemp("plain")
    (plain / "a.txt").write_text("好。\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "replint", "--diff-base", "HEAD", "a.txt"],
        cwd=plain,
        capture_output=True,
        text=True,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(plain.parent)},
        check=False,
    )
    assert proc.returncode == 2
    assert "needs a git repository" in proc.stderr
