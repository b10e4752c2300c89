"""A real editor: Neovim (Debian's package) headless, its built-in LSP client on
`replint server`. Installed in CI by .ci/setup.d/neovim.sh; skipped without it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="needs the server extra (pygls)")

NVIM = shutil.which("nvim")
SCRIPT = Path(__file__).parent / "fixtures" / "nvim_lsp.lua"

REPORT = (
    "# 2024年工作总结\n"
    "\n"
    "😀𠀋一、主要工作：今年共完成XX个项目,成效明显。\n"
    "\n"
    "二、存在的问题：部分工作推进较慢。\n"
    "\n"
    "三、下一步打算：继续努力，争取更大成绩。\n"
)


@pytest.mark.slow
@pytest.mark.skipif(
    NVIM is None, reason="Neovim is not installed (.ci/setup.d/neovim.sh installs it)"
)
def test_neovim_receives_diagnostics_and_applies_a_fix(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(REPORT, encoding="utf-8")
    result = tmp_path / "result.json"
    env = {
        **os.environ,
        "REPLINT_SERVER": json.dumps([sys.executable, "-m", "replint", "server"]),
        "REPORT": str(report),
        "RESULT": str(result),
        "HOME": str(tmp_path),  # no user config, shada or swap files
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    assert NVIM is not None
    run = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-i", "NONE", "-c", f"luafile {SCRIPT}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.exists(), f"nvim wrote no result (rc {run.returncode}): {run.stderr[-2000:]}"
    out = json.loads(result.read_text(encoding="utf-8"))
    assert "error" not in out, out
    assert out["got_diagnostics"], out
    assert {"P101", "T101"} <= set(out["codes"])
    # The range Neovim computed from our UTF-16 positions covers exactly the placeholder,
    # past an emoji and a CJK Extension B character (two UTF-16 units each).
    assert out["p101_text"] == "XX"
    assert "Fix T101" in " ".join(out["actions"]), out
    assert out["fixed_line"] == "😀𠀋一、主要工作：今年共完成XX个项目，成效明显。"
    assert out["cleared"], out
    assert "T101" not in out["codes_after"] and "P101" in out["codes_after"]
