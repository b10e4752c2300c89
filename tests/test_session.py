"""One orchestration: the library and the command line give the same findings.

Both go through ``Session(config).lint(paths)``; these tests pin that down for the
cases where they used to differ: a ``baseline:`` named in ``.replint.yaml`` (the
library ignored it) and ``--diff-base``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import replint
from replint.cli import main
from replint.config import load_config
from replint.model.findings import Finding
from replint.session import Session

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_fd30382e888d4f13.txt"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
NEW_LINE = "全年共组织专题培训XX次，覆盖全体干部职工。"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


def _keys(findings: list[Finding] | tuple[Finding, ...]) -> list[tuple[str, int, int, str]]:
    return [(f.path, f.line, f.column, f.code) for f in findings]


def _cli(*args: str) -> list[tuple[str, int, int, str]]:
    result = CliRunner().invoke(main, ["--format", "json", "-q", *args])
    assert result.exit_code in (0, 1), result.output
    return [(f["path"], f["line"], f["column"], f["code"]) for f in json.loads(result.stdout)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two reports and a config that names a baseline; the working directory."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(ROOT / "seeds" / SEED, reports / "a.txt")
    (reports / "b.txt").write_text(
        "一、主要工作\n完成XX项任务，某某同志牵头。\n二、存在问题\n无。\n", encoding="utf-8"
    )
    (tmp_path / ".replint.yaml").write_text("baseline: baseline.json\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _accept_and_add_one(project: Path) -> None:
    result = CliRunner().invoke(main, ["baseline", "create", "reports"])
    assert result.exit_code == 0, result.output
    assert (project / "baseline.json").is_file()
    lines = (project / "reports" / "a.txt").read_text(encoding="utf-8").splitlines(True)
    lines.insert(3, NEW_LINE + "\n")
    (project / "reports" / "a.txt").write_text("".join(lines), encoding="utf-8")


def test_baseline_in_config_applies_to_the_library_too(project: Path) -> None:
    _accept_and_add_one(project)
    everything = _keys(Session(load_config(None), use_baseline=False).lint(["reports"]).findings)
    assert sum(code == "P101" for *_rest, code in everything) > 1
    cli = _cli("reports")
    lib = _keys(replint.lint_paths(["reports"]).findings)
    assert lib == cli
    # Only the new line's placeholder is left: the baseline hid the rest in both.
    assert [k for k in lib if k[3] == "P101"] == [
        ("reports/a.txt", 4, NEW_LINE.index("XX") + 1, "P101")
    ]
    assert len(lib) < len(everything)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_base_gives_the_same_findings(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "base")
    (project / ".replint.yaml").write_text("", encoding="utf-8")
    lines = (project / "reports" / "b.txt").read_text(encoding="utf-8").splitlines(True)
    lines.append("下一步，XX。\n")
    (project / "reports" / "b.txt").write_text("".join(lines), encoding="utf-8")
    cli = _cli("--diff-base", "HEAD", "reports")
    lib = _keys(replint.lint_paths(["reports"], diff_base="HEAD").findings)
    assert lib == cli
    assert lib and all(path == "reports/b.txt" for path, *_rest in lib)
    assert ("reports/b.txt", 5, 5, "P101") in lib


def test_baseline_and_diff_base_together(project: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(project, "init", "-q", "-b", "main")
    _accept_and_add_one(project)
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "base")
    (project / "reports" / "b.txt").write_text(
        "一、主要工作\n完成XX项任务，某某同志牵头。\n二、存在问题\n无。\n另有XX件。\n",
        encoding="utf-8",
    )
    cli = _cli("--diff-base", "HEAD", "reports")
    lib = _keys(replint.lint_paths(["reports"], diff_base="HEAD").findings)
    assert lib == cli
    assert ("reports/b.txt", 5, 3, "P101") in lib
    assert not any(path == "reports/a.txt" for path, *_rest in lib)
