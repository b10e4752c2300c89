"""CLI conventions users expect from ruff-like tools (issue 18, last part)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = "一、主要工作\n今年完成了任务,效果很好。\n截止目前，完成XX项。\n"


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        env={**clean, **env},
        check=False,
    )


def test_no_color_and_force_color(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert "\x1b[" not in run("a.txt", cwd=tmp_path).stdout  # not a terminal
    assert "\x1b[" in run("a.txt", cwd=tmp_path, FORCE_COLOR="1").stdout
    assert "\x1b[" not in run("a.txt", cwd=tmp_path, FORCE_COLOR="1", NO_COLOR="1").stdout
    assert "\x1b[" not in run("--no-color", "a.txt", cwd=tmp_path, FORCE_COLOR="1").stdout


def test_check_help_lists_every_format(tmp_path):
    from replint.plugins import collect, get_plugin_manager

    proc = run("check", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    help_text = " ".join(proc.stdout.split())
    for name in collect(get_plugin_manager()).formatters:
        assert name in help_text, name


def test_json_fix_carries_its_applicability(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    findings = json.loads(run("--format", "json", "a.txt", cwd=tmp_path).stdout)
    fixes = [f["fix"] for f in findings if f["fix"]]
    assert fixes and all(f["applicability"] in ("safe", "unsafe") for f in fixes)
    assert set(fixes[0]) == {"applicability", "edits"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '"applicability": "safe" | "unsafe"' in readme


def _sample_output() -> str:
    """What `replint seeds/` prints: its first finding with the quoted line, then the
    summary line (the README shows exactly this)."""
    proc = run("seeds/", cwd=ROOT, NO_COLOR="1")
    lines = proc.stdout.splitlines()
    return "\n".join([*lines[:3], "...", lines[-1]]) + "\n"


def test_readme_sample_output_is_generated():
    """The quick start's output is real output. After an intended change, regenerate
    with: REPLINT_UPDATE_README=1 pytest tests/test_cli_conventions.py"""
    readme_path = ROOT / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    start = readme.index("$ replint seeds/\n") + len("$ replint seeds/\n")
    end = readme.index("```", start)
    sample = _sample_output()
    if os.environ.get("REPLINT_UPDATE_README"):
        readme_path.write_text(readme[:start] + sample + readme[end:], encoding="utf-8")
        return
    assert readme[start:end] == sample


def _exit_now(body: str) -> subprocess.CompletedProcess[str]:
    """Run ``body`` then ``exit_now(...)`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-c", "from replint.cli.main import exit_now\n" + body],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_command_exits_as_sys_exit_would():
    """``replint`` skips the interpreter's teardown at exit, but not what a normal exit
    does: buffered output, exit handlers, ``sys.exit("message")``, running threads."""
    big = _exit_now(
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        "sys.stdout.write('x' * 200000)\n"
        "exit_now(3)\n"
    )
    assert big.returncode == 3 and len(big.stdout) == 200000
    assert big.stderr == "handler ran\n"
    message = _exit_now("exit_now('replint: error: no such rule')")
    assert (message.returncode, message.stderr) == (1, "replint: error: no such rule\n")
    assert _exit_now("exit_now(None)").returncode == 0
    threaded = _exit_now(
        "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
        "exit_now(1)\n"
    )
    assert (threaded.returncode, threaded.stdout) == (1, "thread done\n")


def test_findings_are_complete_through_a_pipe(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(TEXT * 200, encoding="utf-8")
    via_module = run("--format", "json", "a.txt", cwd=tmp_path)
    assert via_module.returncode == 1
    from click.testing import CliRunner

    from replint.cli import main

    monkeypatch.chdir(tmp_path)
    in_process = CliRunner().invoke(main, ["--format", "json", "a.txt"])
    assert json.loads(via_module.stdout) == json.loads(in_process.stdout)
