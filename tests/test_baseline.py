"""The baseline: create on the seeds → clean; a new placeholder → exactly that finding;
lines moving → still clean; stale entries pruned; a reviewable, stable file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from replint.cli.baseline import lint
from replint.filters import baseline
from replint.filters.apply import apply_baseline_and_diff as apply_ci_filters
from replint.model.errors import ConfigError
from replint.model.findings import Finding, Severity
from replint.model.report import Report

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_fd30382e888d4f13.txt"
OTHER = "003_edf5fe579f2479b6.txt"
# Function-level tests use the P rules only, so rules other engineers are still writing
# cannot break them; the CLI acceptance test below runs every rule.
RULES = ["P"]
NEW_LINE = "全年共组织专题培训XX次，覆盖全体干部职工。"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds under tmp/reports, with tmp as the working directory."""
    shutil.copytree(ROOT / "seeds", tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _insert(path: Path, index: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(index, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def _keys(findings: list[Finding] | tuple[Finding, ...]) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in findings]


def _make_baseline(path: str = "baseline.json") -> baseline.Baseline:
    report, _config = lint(["reports"], None, select=RULES)
    assert len(report.findings) > 20
    baseline.write(path, baseline.create(report, Path(path).resolve().parent))
    return baseline.load(path)


# -- the acceptance scenario, through the functions check uses ----------------------------


def test_baseline_hides_everything_it_recorded(corpus):
    _make_baseline()
    report, _ = lint(["reports"], None, select=RULES)
    filtered, notes = apply_ci_filters(report, "baseline.json", None)
    assert filtered.findings == ()
    assert notes == []
    assert filtered.files == report.files


def test_new_placeholder_is_exactly_one_finding(corpus):
    _make_baseline()
    seed = corpus / "reports" / SEED
    _insert(seed, 5, NEW_LINE)
    report, _ = lint(["reports"], None, select=RULES)
    filtered, _notes = apply_ci_filters(report, "baseline.json", None)
    assert _keys(filtered.findings) == [(f"reports/{SEED}", 6, "P101")]
    assert filtered.findings[0].matched == "XX"


def test_an_extra_copy_of_an_accepted_text_is_new(corpus):
    # The file already has accepted "XX" placeholders; one more is still reported.
    report, _ = lint(["reports"], None, select=RULES)
    assert any(f.matched == "XX" and f.path.endswith(SEED) for f in report.findings)
    _make_baseline()
    _insert(corpus / "reports" / SEED, 5, NEW_LINE)
    report, _ = lint(["reports"], None, select=RULES)
    same_text = [f for f in report.findings if f.matched == "XX" and f.path.endswith(SEED)]
    kept, _stale = baseline.filter(report.findings, baseline.load("baseline.json"))
    assert len([f for f in kept if f.matched == "XX"]) == 1
    assert len(same_text) > 1


def test_lines_moving_keep_it_clean(corpus):
    _make_baseline()
    seed = corpus / "reports" / SEED
    _insert(seed, 0, "")
    other = corpus / "reports" / OTHER
    _insert(other, 3, "区重点工程服务中心坚持每月召开一次工作例会。")
    report, _ = lint(["reports"], None, select=RULES)
    moved = [f for f in report.findings if f.path.endswith(SEED)]
    assert moved and min(f.line for f in moved) > 1  # the line numbers did change
    filtered, notes = apply_ci_filters(report, "baseline.json", None)
    assert _keys(filtered.findings) == []
    assert notes == []


def test_editing_next_to_an_old_placeholder_keeps_it_hidden(corpus):
    _make_baseline()
    seed = corpus / "reports" / SEED
    text = seed.read_text(encoding="utf-8")
    report, _ = lint(["reports"], None, select=RULES)
    first = next(f for f in report.findings if f.path.endswith(SEED) and f.matched == "XX")
    lines = text.splitlines(keepends=True)
    line = lines[first.line - 1]
    at = first.column - 1
    # Rewrite the words just before it: the context no longer matches, the text does.
    lines[first.line - 1] = line[: max(0, at - 4)] + "改写四字" + line[at:]
    seed.write_text("".join(lines), encoding="utf-8")
    report, _ = lint(["reports"], None, select=RULES)
    filtered, notes = apply_ci_filters(report, "baseline.json", None)
    assert filtered.findings == () and notes == []
    # update re-anchors the entry on its new context instead of calling it stale.
    data, stale, new = baseline.update(report, baseline.load("baseline.json"))
    assert stale == [] and new == 0
    contexts = data["findings"][f"reports/{SEED}"]["P101"]["XX"]
    assert any("改写四字" in c for c in contexts)


def test_fixed_findings_are_stale_and_update_prunes_them(corpus):
    _make_baseline()
    seed = corpus / "reports" / SEED
    before = baseline.load("baseline.json")
    text = seed.read_text(encoding="utf-8")
    assert "XX" in text
    seed.write_text(text.replace("XX", "12"), encoding="utf-8")
    report, _ = lint(["reports"], None, select=RULES)
    filtered, notes = apply_ci_filters(report, "baseline.json", None)
    assert filtered.findings == ()
    assert len(notes) == 1 and "no longer match" in notes[0]

    data, stale, new = baseline.update(report, before)
    assert new == 0
    assert stale and all(e.path == f"reports/{SEED}" and e.code == "P101" for e in stale)
    assert any(e.text == "XX" for e in stale)
    assert "XX" not in data["findings"][f"reports/{SEED}"].get("P101", {})
    # Everything else is untouched, and the pruned baseline is clean and not stale.
    baseline.write("baseline.json", data)
    filtered, notes = apply_ci_filters(report, "baseline.json", None)
    assert filtered.findings == () and notes == []


def test_stale_only_for_files_and_rules_of_this_run(corpus):
    _make_baseline()
    report, _ = lint([f"reports/{SEED}"], None, select=["P101"])
    filtered, notes = apply_ci_filters(report, "baseline.json", None)
    assert filtered.findings == ()
    assert notes == []  # other files and other rules were not checked: nothing is stale


def test_e_findings_are_never_baselined():
    error = Finding("a.txt", 1, 1, 1, 1, "E002", "undecodable-text", Severity.ERROR, "binary")
    lint_finding = Finding(
        "a.txt", 2, 1, 2, 3, "P101", "placeholder", Severity.ERROR, "m", matched="XX"
    )
    report = Report(findings=(error, lint_finding), files=("a.txt",))
    data = baseline.create(report, Path.cwd())
    assert list(data["findings"]["a.txt"]) == ["P101"]
    loaded = baseline.Baseline.from_data(data, Path.cwd())
    kept, stale = baseline.filter(report.findings, loaded)
    assert kept == [error] and stale == []


# -- the file itself ---------------------------------------------------------------------


def test_file_is_sorted_stable_and_readable(corpus):
    _make_baseline("one.json")
    _make_baseline("two.json")
    one = Path("one.json").read_text(encoding="utf-8")
    assert one == Path("two.json").read_text(encoding="utf-8")
    data = json.loads(one)
    assert data["version"] == 1
    assert list(data["findings"]) == sorted(data["findings"])
    assert one == baseline.dumps(data)  # sort_keys + indent: one entry per line
    assert "“" in one or "XX" in one  # texts are readable, not \\u escapes or hashes
    assert '"line"' not in one  # no line numbers anywhere
    for codes in data["findings"].values():
        for texts in codes.values():
            for contexts in texts.values():
                assert all(isinstance(n, int) and n >= 1 for n in contexts.values())


def test_paths_are_relative_to_the_baseline_file(corpus, monkeypatch):
    _make_baseline("baseline.json")
    data = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert all(p.startswith("reports/") for p in data["findings"])
    # The same baseline works from a sub-directory, where paths are shown differently.
    monkeypatch.chdir(corpus / "reports")
    report, _ = lint(["."], None, select=RULES)
    assert report.findings and not report.findings[0].path.startswith("reports/")
    filtered, notes = apply_ci_filters(report, "../baseline.json", None)
    assert filtered.findings == () and notes == []


def test_long_matched_text_is_shortened_with_a_hash():
    long_a = "重复段落" * 60
    long_b = "重复段落" * 59 + "不同"
    a = Finding("a.txt", 1, 1, 1, 2, "R101", "dup", Severity.WARNING, "m", matched=long_a)
    b = Finding("a.txt", 1, 1, 1, 2, "R101", "dup", Severity.WARNING, "m", matched=long_b)
    ta, tb = baseline.finding_text(a), baseline.finding_text(b)
    assert len(ta) < 100 and ta != tb
    assert ta.startswith("重复段落")


def test_whitespace_is_normalised_and_message_is_the_fallback():
    a = Finding("a.txt", 1, 1, 1, 2, "T101", "t", Severity.INFO, "msg", matched=" X\u3000 X\n")
    b = Finding("a.txt", 1, 1, 1, 2, "S101", "s", Severity.INFO, "missing  section", matched="")
    assert baseline.finding_text(a) == "X X"
    assert baseline.finding_text(b) == "missing section"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "baseline file not found"),
        ("{not json", "not valid JSON (line 1"),
        ("[]", "not a replint baseline"),
        ('{"version": 99, "findings": {}}', "version 99 is not supported"),
        (
            '{"version": 1, "findings": {"a.txt": {"P101": {"XX": {"": 0}}}}}',
            "positive whole number",
        ),
        ('{"version": 1, "findings": {"a.txt": {"P101": {"XX": 2}}}}', "context: count"),
        ('{"version": 1, "findings": {"a.txt": ["P101"]}}', "expected a mapping"),
    ],
)
def test_broken_baseline_is_a_clear_config_error(tmp_path, content, expected):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        baseline.load(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)


# -- the baseline command group (click, before and after the lead wires it) ----------------


def _run_group(*args: str) -> tuple[int, str]:
    from replint.cli.baseline import baseline as group

    result = CliRunner().invoke(group, list(args))
    return result.exit_code, result.output


def test_baseline_create_and_update_commands(corpus):
    code, out = _run_group("create", "--select", "P", "reports")
    assert code == 0, out
    assert "Wrote .replint-baseline.json" in out
    created = Path(".replint-baseline.json").read_text(encoding="utf-8")

    code, out = _run_group("update", "--select", "P", "reports")
    assert code == 0, out
    assert "up to date" in out
    assert Path(".replint-baseline.json").read_text(encoding="utf-8") == created

    seed = corpus / "reports" / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace("XX", "12"), encoding="utf-8")
    _insert(corpus / "reports" / OTHER, 3, NEW_LINE)
    code, out = _run_group(
        "update", "--select", "P", "--baseline", ".replint-baseline.json", "reports"
    )
    assert code == 0, out
    assert "Pruned" in out and f"reports/{SEED}: P101 “XX”" in out
    assert "1 finding is not in the baseline" in out
    updated = Path(".replint-baseline.json").read_text(encoding="utf-8")
    assert updated != created
    assert len(updated) < len(created)


def test_baseline_update_without_a_file_fails_clearly(corpus):
    code, out = _run_group("update", "--baseline", "missing.json", "reports")
    assert code == 2
    assert "missing.json: baseline file not found" in out


def test_baseline_create_honours_config_key(corpus):
    Path(".replint.yaml").write_text("baseline: ci/accepted.json\n", encoding="utf-8")
    code, out = _run_group("create", "--select", "P", "reports")
    assert code == 0, out
    data = json.loads((corpus / "ci" / "accepted.json").read_text(encoding="utf-8"))
    # Paths are relative to the baseline's own directory.
    assert all(p.startswith("../reports/") for p in data["findings"])


def test_baseline_create_includes_rules_declared_in_config(corpus):
    """Rules from config rule_paths are part of the run the baseline records."""
    Path("rules").mkdir()
    Path("rules/draft.yaml").write_text(
        "code: W901\nname: draft-word\nkind: existence\ntokens: [草稿]\n"
        'message: "“{match}” left in a final report"\n',
        encoding="utf-8",
    )
    Path(".replint.yaml").write_text("rule_paths: [rules]\n", encoding="utf-8")
    _insert(corpus / "reports" / OTHER, 3, "这是草稿。")
    code, out = _run_group("create", "--select", "W9", "reports")
    assert code == 0, out
    data = json.loads(Path(".replint-baseline.json").read_text(encoding="utf-8"))
    assert [code for rules in data["findings"].values() for code in rules] == ["W901"]


# -- the real command line -----------------------------------------------------------


def _replint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def test_cli_acceptance(corpus):
    created = _replint("baseline", "create", "reports", cwd=corpus)
    assert created.returncode == 0, created.stderr
    clean = _replint("--baseline", ".replint-baseline.json", "reports", cwd=corpus)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    _insert(corpus / "reports" / SEED, 0, "")  # a line at the top
    clean = _replint("--baseline", ".replint-baseline.json", "reports", cwd=corpus)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    _insert(corpus / "reports" / SEED, 6, NEW_LINE)
    new = _replint(
        "--format", "json", "--baseline", ".replint-baseline.json", "reports", cwd=corpus
    )
    assert new.returncode == 1, new.stderr
    items = json.loads(new.stdout)
    assert [(i["path"], i["line"], i["code"]) for i in items] == [(f"reports/{SEED}", 7, "P101")]

    # The config key works like the option.
    Path(corpus / ".replint.yaml").write_text(
        "baseline: .replint-baseline.json\n", encoding="utf-8"
    )
    via_config = _replint("--format", "json", "reports", cwd=corpus)
    assert len(json.loads(via_config.stdout)) == 1


def test_cli_broken_baseline_exits_2(corpus):
    Path(corpus / "b.json").write_text("{", encoding="utf-8")
    proc = _replint("--baseline", "b.json", "reports", cwd=corpus)
    assert proc.returncode == 2
    assert "b.json: baseline is not valid JSON" in proc.stderr
