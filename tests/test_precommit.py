"""The pre-commit hooks, run for real: ``pre-commit try-repo`` against this checkout.

pre-commit installs a hook repository by cloning a commit and pip-installing it into a
fresh virtualenv, exactly as a user's first ``pre-commit run`` does. The checkout's
HEAD may not contain the latest files (or the hook file at all), so the test commits a
snapshot of the working tree (tracked and untracked files, minus what .gitignore
hides) into a temporary repository and points ``try-repo`` at that.

Each ``try-repo`` builds its own virtualenv (about 15 s with a warm pip cache), so
the scenarios run in parallel, together with the GitHub Action's install and run
steps (the action installs replint from its own checkout into a fresh virtualenv). The hook environment is installed from PyPI: the test
needs the network, as a user's first run does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "replint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "replint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
# Only the P rules: the test is about the hooks, and must not break when a rule family
# learns something new about the sample reports.
CONFIG = "select: [P]\n"
BAD = "2023年度工作总结\n一、主要工作\n全年共组织集体学习XX次，开展专题培训3次。\n"
CLEAN = "2023年度工作总结\n一、主要工作\n全年共组织集体学习12次，开展专题培训3次。\n"
COPIED = (
    "全年围绕中心工作，扎实推进基层党组织标准化规范化建设，组织开展主题党日活动十二次，"
    "覆盖全体党员，党员教育管理水平明显提升，群众满意度进一步提高。"
)
PAIR = {
    "reports/2023.txt": BAD + COPIED + "\n",
    "archive/2022.txt": "2022年度工作总结\n" + COPIED + "\n",
}
SCRAPED = "##paidbegin##\n2023年度工作总结\n全年共组织集体学习12次。\n"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_ENV},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _snapshot(dest: Path) -> Path:
    """A one-commit repository holding this checkout's working tree."""
    listed = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    dest.mkdir()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # deleted but still in the index: skip
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return dest


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    repo = _snapshot(tmp_path_factory.mktemp("hooks") / "replint")
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    yield repo


def _project(base: Path, files: dict[str, str]) -> Path:
    """A user's repository with reports staged (``--all-files`` lints what git tracks)."""
    base.mkdir()
    _git(base, "init", "-q")
    (base / ".replint.yaml").write_text(CONFIG, encoding="utf-8")
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(base, "add", "-A")
    return base


def _try_repo(
    project: Path, hook_repo: Path, hook: str, files: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(project.parent / f".pre-commit-{project.name}"),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    env.pop("VIRTUAL_ENV", None)  # the hook gets its own environment
    select = ("--files", *files) if files else ("--all-files",)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, *select],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # How GitHub runs a `shell: bash` step.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
    )


def _run_action(action_repo: Path, work: Path) -> subprocess.CompletedProcess[str]:
    """The composite action's install and run steps, as a runner executes them."""
    steps = {
        s.get("id"): s
        for s in yaml.safe_load((action_repo / "action.yml").read_text(encoding="utf-8"))["runs"][
            "steps"
        ]
    }
    work.mkdir()
    output = work / "github_output"
    output.touch()
    runner = {
        "RUNNER_TEMP": str(work),
        "GITHUB_ACTION_PATH": str(action_repo),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(work / "summary.md"),
        "REPLINT_PYTHON": sys.executable,  # what setup-python's python-path gives
    }
    install = _bash(steps["install"]["run"], action_repo, runner)
    if install.returncode != 0:
        return install
    outputs = dict(
        line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line
    )
    env = {
        **runner,
        "REPLINT_BIN": outputs["bin"],
        "REPLINT_ARGS": "",
        "REPLINT_PATHS": "seeds/",
    }
    return _bash(steps["run"]["run"], action_repo, env)


def _fix_available() -> bool:
    from replint.cli.main import check

    return any("--fix" in getattr(p, "opts", ()) for p in check.params)


Run = tuple[subprocess.CompletedProcess[str], Path]


@pytest.fixture(scope="module")
def runs(hook_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every scenario's pre-commit result and project directory, run in parallel."""
    base = tmp_path_factory.mktemp("projects")
    scenarios: dict[str, tuple[Path, str, tuple[str, ...]]] = {
        "bad": (_project(base / "bad", {"reports/2023.md": BAD}), "replint", ()),
        "clean": (_project(base / "clean", {"reports/2023.txt": CLEAN}), "replint", ()),
        # Only this year's report "changed", yet the corpus hook compares every report.
        "corpus": (
            _project(base / "corpus", PAIR),
            "replint-corpus",
            ("reports/2023.txt",),
        ),
        # The recommended pair on the same commit: each finding printed once.
        "pair": (_project(base / "pair", PAIR), "replint", ("reports/2023.txt",)),
    }
    if _fix_available():
        project = _project(base / "fix", {"reports/2023.txt": SCRAPED})
        scenarios["fix"] = (project, "replint-fix", ())
    with ThreadPoolExecutor(len(scenarios) + 1) as pool:
        futures = {
            name: pool.submit(_try_repo, project, hook_repo, hook, files)
            for name, (project, hook, files) in scenarios.items()
        }
        action = pool.submit(_run_action, hook_repo, base / "action")
        results = {name: (futures[name].result(), scenarios[name][0]) for name in scenarios}
        results["action"] = (action.result(), base / "action")
        return results


def _explain(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


def test_bad_report_fails_the_hook_with_findings(runs):
    proc, _ = runs["bad"]
    assert proc.returncode == 1, _explain(proc)
    assert "replint" in proc.stdout and "Failed" in proc.stdout, _explain(proc)
    assert "reports/2023.md:3:" in proc.stdout, _explain(proc)
    assert "P101 [placeholder]" in proc.stdout, _explain(proc)
    assert "1 finding in 1 of 1 file." in proc.stdout, _explain(proc)


def test_clean_report_passes_the_hook(runs):
    proc, _ = runs["clean"]
    assert proc.returncode == 0, _explain(proc)
    assert "Passed" in proc.stdout, _explain(proc)
    assert "P101" not in proc.stdout


def test_corpus_hook_lints_the_whole_tree(runs):
    proc, _ = runs["corpus"]
    assert proc.returncode == 1, _explain(proc)
    assert "archive/2022.txt:2:1: R201" in proc.stdout, _explain(proc)
    assert "of 2 files" in proc.stdout, _explain(proc)


def test_the_recommended_pair_never_prints_a_finding_twice(runs):
    corpus, _ = runs["corpus"]
    per_file, _ = runs["pair"]
    assert per_file.returncode == 1, _explain(per_file)
    pattern = re.compile(r"^\S+:\d+:\d+: [A-Z]\d{3} .*$", re.M)
    first, second = pattern.findall(per_file.stdout), pattern.findall(corpus.stdout)
    assert first and second, _explain(per_file) + _explain(corpus)
    assert any("P101" in f for f in first) and any("R201" in f for f in second)
    assert not set(first) & set(second)


def test_fix_hook_rewrites_the_file(runs):
    if "fix" not in runs:
        pytest.skip("replint has no --fix option yet (the replint-fix hook needs it)")
    proc, project = runs["fix"]
    assert proc.returncode == 1, _explain(proc)  # files changed: pre-commit fails the hook
    fixed = (project / "reports" / "2023.txt").read_text(encoding="utf-8")
    assert "##paidbegin##" not in fixed
    assert "全年共组织集体学习12次。" in fixed


def test_action_installs_and_annotates_the_seeds(runs):
    proc, work = runs["action"]
    assert proc.returncode == 1, _explain(proc)  # the seeds have findings: the step fails
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any("file=seeds/000_fd30382e888d4f13.txt" in line for line in lines)
    assert "## replint" in (work / "summary.md").read_text(encoding="utf-8")


def test_hook_definitions_match_the_docs():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"replint", "replint-corpus", "replint-fix"}
    assert hooks["replint"]["require_serial"] is True
    assert hooks["replint-corpus"]["pass_filenames"] is False
    assert hooks["replint-corpus"]["always_run"] is True
    assert hooks["replint-fix"]["entry"] == "replint --fix"
    pattern = re.compile(hooks["replint"]["files"])
    for name in ("a.txt", "b.md", "c.markdown", "报告.DOCX", "dir/x.docx"):
        assert pattern.search(name), name
    for name in ("a.doc", "b.txt.bak", "c.py", "mdx.json"):
        assert not pattern.search(name), name
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for hook_id in hooks:
        assert f"id: {hook_id}" in docs
