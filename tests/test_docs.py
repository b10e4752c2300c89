"""docs/rules.md is generated from the rules' docstrings and must be current."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from replint.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_rule_reference_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no project config: only the built-in rules
    monkeypatch.setenv("REPLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.output == current, (
        "docs/rules.md is out of date: run `replint rules --format markdown > docs/rules.md` "
        "outside any project with a .replint.yaml"
    )


def test_every_rule_has_a_fix_safety_section() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text.count("### ") - text.count("#### ") > 40
    assert text.count("#### Fix safety") == text.count("Default severity:")
