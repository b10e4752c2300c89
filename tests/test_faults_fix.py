"""--fix under faults (issue 18, items 1-4): it never loses or garbles a word.

Real processes race: a writer saving the file while ``replint --fix`` runs, and two
``replint --fix`` runs on one tree. Whatever the interleaving, every file ends up
holding one version the writer wrote, or that version correctly fixed; a file that
changed since it was linted is left alone and reported (E007, exit 2). Read-only
files are refused; a file with hard links is fixed in place so every name sees it.
Every subprocess is bounded at 30 s.
"""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from replint.runner.fix import CHANGED, fix_file

TIMEOUT = 30

# Lines with faults that T101 fixes (a half-width comma between Chinese characters),
# and look-alikes that must come through untouched.
FAULTY = [
    "今年我们完成了任务,效果很好。",
    "人手不足,经费紧张。",
    "继续努力,争取更好成绩。",
    "意识形态阵地和人才队伍建设,共计2021次。",
    "效率提高,成本下降。",
]
CLEAN = ["一、主要工作", "二、存在问题", "三、下一步计划", "共计2021次。效率明显提高。"]


def fixed(text: str) -> str:
    return text.replace(",", "，")


def report(rng: random.Random, n: int = 12) -> str:
    lines = [CLEAN[0]]
    for _ in range(n):
        lines.append(rng.choice(FAULTY + CLEAN[3:]))
    lines += [CLEAN[1], rng.choice(FAULTY), CLEAN[2], rng.choice(FAULTY)]
    return "\n".join(lines) + "\n"


def replint(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "replint", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=TIMEOUT)
    return proc.returncode, out.decode(), err.decode()


def test_fixer_alone_gives_the_expected_text(tmp_path):
    text = report(random.Random(1))
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, _out, err = finish(replint("--fix", "--select", "T101", "a.txt", cwd=tmp_path))
    assert code == 0, err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == fixed(text)


@pytest.mark.slow
def test_two_fixers_at_once_never_damage_a_file(tmp_path):
    rng = random.Random(18)
    originals = {}
    for i in range(60):
        text = report(rng)
        originals[f"r{i:02}.txt"] = text
        (tmp_path / f"r{i:02}.txt").write_text(text, encoding="utf-8")
    for _round in range(2):
        for name, text in originals.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        procs = [
            replint("--fix", "--select", "T101", "-j", "1", ".", cwd=tmp_path) for _ in range(2)
        ]
        results = [finish(p) for p in procs]
        for code, out, err in results:
            assert "Traceback" not in err + out
            assert code in (0, 2), err  # 2: a file the other fixer had already fixed
            if code == 2:
                assert "E007" in out and "changed since it was linted" in out
        for name, text in originals.items():
            assert (tmp_path / name).read_text(encoding="utf-8") == fixed(text), name
        leftovers = [p.name for p in tmp_path.iterdir() if "replint-tmp" in p.name]
        assert leftovers == []


WRITER = r"""
import os, sys, time
path, versions, pause = sys.argv[1], sys.argv[2:-1], float(sys.argv[-1])
for i, version in enumerate(versions):
    data = version.encode("utf-8")
    if i % 2:
        tmp = path + ".w"
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)          # how many editors save
    else:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.write(fd, data)             # how others do: in place
        os.close(fd)
    time.sleep(pause)
"""


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_saving_while_fix_runs_never_garbles_the_file(tmp_path, seed):
    rng = random.Random(seed)
    versions = [report(rng, n=rng.randint(3, 40)) for _ in range(8)]
    path = tmp_path / "a.txt"
    path.write_text(versions[0], encoding="utf-8")
    # Other files linted after a.txt widen the window between its lint and its fix.
    for i in range(20):
        (tmp_path / f"z{i:02}.txt").write_text(report(rng, n=60), encoding="utf-8")
    allowed = set(versions) | {fixed(v) for v in versions}
    others = [p.name for p in tmp_path.glob("z*.txt")]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), *versions[1:], str(rng.choice([0.02, 0.1]))]
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while writer.poll() is None and time.monotonic() < deadline:
            args = ["--fix", "--select", "T101", "-j", "1", "a.txt"]
            code, _out, err = finish(replint(*args, *sorted(others), cwd=tmp_path))
            assert "Traceback" not in err
            assert code in (0, 1, 2), err
            content = path.read_text(encoding="utf-8")
            assert content in allowed or content == "", content
    finally:
        writer.wait(timeout=TIMEOUT)
    assert path.read_text(encoding="utf-8") in allowed


def test_file_saved_after_the_lint_is_left_alone(tmp_path):
    """The lint read one text; the file now holds another: no fix at the old positions."""
    path = tmp_path / "a.txt"
    linted = "意识形态阵地,和人才\n"
    saved = "意识形态阵地和人才队伍,建设\n"
    path.write_text(saved, encoding="utf-8")
    from replint.model.findings import Edit, Finding, Fix, Severity

    stale = Finding(
        "a.txt", 1, 7, 1, 8, "T101", "t", Severity.WARNING, "m", Fix((Edit(1, 7, 1, 8, "，"),))
    )
    result = fix_file(path, lambda p, t: [], [stale], linted=linted.splitlines())
    assert result.error == CHANGED and not result.written
    assert path.read_text(encoding="utf-8") == saved


def test_file_saved_while_fixing_is_left_alone(tmp_path):
    """The identity check just before the rename catches a save during the fix passes."""
    path = tmp_path / "a.txt"
    path.write_text("继续努力,争取更好成绩。\n", encoding="utf-8")
    saved = "用户刚刚保存的新内容,不能丢。\n"

    def relint(p: str, text: str):
        from replint.config import Config
        from replint.session import Session

        path.write_text(saved, encoding="utf-8")  # the user saves mid-fix
        return Session(Config()).relint(p, text)

    result = fix_file(path, relint)
    assert result.error == CHANGED and not result.written
    assert path.read_text(encoding="utf-8") == saved


def test_cli_reports_a_changed_file_as_e007(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from replint.cli.main import main
    from replint.session import Session

    path = tmp_path / "a.txt"
    path.write_text("继续努力,争取更好成绩。\n", encoding="utf-8")
    original_fix = Session.fix

    def fix_after_a_save(self, *args, **kwargs):
        path.write_text("人手不足,经费紧张,新写的。\n", encoding="utf-8")
        return original_fix(self, *args, **kwargs)

    monkeypatch.setattr(Session, "fix", fix_after_a_save)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--fix", "--format", "json", "a.txt"])
    assert result.exit_code == 2
    codes = [f["code"] for f in json.loads(result.stdout)]
    assert "E007" in codes
    assert path.read_text(encoding="utf-8") == "人手不足,经费紧张,新写的。\n"


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file modes")
def test_read_only_file_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("继续努力,争取更好成绩。\n", encoding="utf-8")
    path.chmod(0o444)
    code, out, err = finish(replint("--fix", "a.txt", cwd=tmp_path))
    assert code == 2, err
    assert "E007" in out and "read-only" in out
    assert path.read_text(encoding="utf-8") == "继续努力,争取更好成绩。\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_read_only_file_refused_even_for_root_semantics(tmp_path):
    """The owner's write bit decides, as editors do (root can write anything)."""
    path = tmp_path / "a.txt"
    path.write_text("继续努力,争取更好成绩。\n", encoding="utf-8")
    path.chmod(0o444)
    from replint.config import Config
    from replint.session import Session

    result = fix_file(path, Session(Config()).relint)
    assert "read-only" in result.error and not result.written
    path.chmod(0o644)
    assert path.read_text(encoding="utf-8") == "继续努力,争取更好成绩。\n"


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links")
def test_hard_links_all_see_the_fix(tmp_path):
    path = tmp_path / "a.txt"
    other = tmp_path / "b-link.txt"
    path.write_text("继续努力,争取更好成绩。\n", encoding="utf-8")
    os.link(path, other)
    inode = path.stat().st_ino
    code, _out, err = finish(replint("--fix", "--select", "T101", "a.txt", cwd=tmp_path))
    assert code == 0, err
    assert "hard links" in err
    assert other.read_text(encoding="utf-8") == "继续努力，争取更好成绩。\n"
    assert path.stat().st_ino == inode == other.stat().st_ino
