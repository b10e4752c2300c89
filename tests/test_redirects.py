"""A moved rule keeps its former code: W103 (repeated-word) is now R105 (doubled-word).

Selection, per-file ignores, inline directives, baselines and `replint explain` that
name W103 keep applying to R105, the way ruff redirects renamed codes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from replint.cli.main import main
from replint.filters.select import redirects, rule_matches, selector_matches

TEXT = "今年我们进一步进一步加强了党员教育管理，效果良好。\n"


def _run(tmp_path: Path, *args: str, text: str = TEXT) -> tuple[int, list[dict]]:
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--format", "json", "--select", "R105,W103", *args, str(tmp_path / "r.txt")]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout or "[]")


class _Moved:
    code = "R105"
    name = "doubled-word"
    formerly = ("W103",)


def test_selector_matches_a_former_code_exactly_not_its_family():
    assert rule_matches("W103", _Moved)
    assert rule_matches("w103", _Moved)
    assert rule_matches("R1", _Moved)
    assert not rule_matches("W1", _Moved)  # the old family no longer holds it
    assert not rule_matches("W104", _Moved)
    assert not selector_matches("W103", "R105", "doubled-word")  # no table, no redirect
    assert redirects([_Moved]) == {"W103": "R105"}


def test_the_new_code_is_reported(tmp_path):
    code, found = _run(tmp_path)
    assert code == 1
    assert [f["code"] for f in found] == ["R105"]


@pytest.mark.parametrize("option", [["--select", "W103"], ["--extend-select", "W103"]])
def test_select_by_former_code(tmp_path, option):
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", "json", *option, str(tmp_path / "r.txt")])
    assert "R105" in {f["code"] for f in json.loads(result.stdout)}


def test_ignore_by_former_code(tmp_path):
    assert _run(tmp_path, "--ignore", "W103") == (0, [])


def test_directive_with_former_code_suppresses_and_is_not_unused(tmp_path):
    text = "<!-- replint-disable-next-line W103 -->\n" + TEXT
    (tmp_path / "r.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--format", "json", "--select", "R105,M001", str(tmp_path / "r.md")]
    )
    assert json.loads(result.stdout) == [], result.output


def test_per_file_ignore_with_former_code(tmp_path):
    (tmp_path / ".replint.yaml").write_text(
        'per_file_ignores:\n  "r.txt": [W103]\n', encoding="utf-8"
    )
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["--format", "json", "--config", str(tmp_path / ".replint.yaml"), str(tmp_path / "r.txt")],
    )
    assert result.exit_code in (0, 1), result.output
    assert "R105" not in {f["code"] for f in json.loads(result.stdout)}


def test_baseline_entry_under_former_code_accepts_the_finding(tmp_path):
    _code, found = _run(tmp_path)
    base = tmp_path / "baseline.json"
    result = CliRunner().invoke(
        main, ["baseline", "create", "--select", "R105", "--baseline", str(base), str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(base.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert "R105" in text
    base.write_text(text.replace('"R105"', '"W103"'), encoding="utf-8")
    assert found
    assert _run(tmp_path, "--baseline", str(base)) == (0, [])


def test_baseline_update_matches_entries_filed_under_a_former_code(tmp_path):
    base = tmp_path / "baseline.json"
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    created = CliRunner().invoke(
        main, ["baseline", "create", "--select", "R105", "--baseline", str(base), str(tmp_path)]
    )
    assert created.exit_code == 0, created.output
    base.write_text(base.read_text(encoding="utf-8").replace('"R105"', '"W103"'), encoding="utf-8")
    # The entry accepts today's R105 finding: it is neither stale nor is the finding new.
    updated = CliRunner().invoke(
        main, ["baseline", "update", "--baseline", str(base), str(tmp_path)]
    )
    assert updated.exit_code == 0, updated.output
    assert "Pruned" not in updated.output
    assert "not in the baseline" not in updated.output
    assert _run(tmp_path, "--baseline", str(base)) == (0, [])


def test_explain_former_code_says_it_moved():
    result = CliRunner().invoke(main, ["explain", "W103"])
    assert result.exit_code == 0
    assert "W103 has moved: it is now R105 (doubled-word)" in result.output
    assert "R105 doubled-word" in result.output
