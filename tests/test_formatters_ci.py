"""CI output formats: SARIF against the official schema, GitHub workflow commands and job
summary, JUnit XML, GitLab Code Quality, and the same findings in every format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from replint.formatters.github import GithubFormatter, escape_property, step_summary
from replint.formatters.gitlab import GitlabFormatter
from replint.formatters.junit import JunitFormatter
from replint.formatters.sarif import SarifFormatter
from replint.model.findings import Edit, Finding, Fix, Severity
from replint.model.report import Report

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif-schema-2.1.0.json"
FORMATS = ("json", "sarif", "github", "junit", "gitlab")


def _finding(**kw: object) -> Finding:
    base: dict[str, object] = {
        "path": "reports/a.txt",
        "line": 3,
        "column": 5,
        "end_line": 3,
        "end_column": 7,
        "code": "P101",
        "name": "placeholder",
        "severity": Severity.ERROR,
        "message": "placeholder “XX” left in the text",
        "matched": "XX",
    }
    base.update(kw)
    return Finding(**base)  # type: ignore[arg-type]


def run_replint(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The real command in a fresh interpreter, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        check=False,
    )


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # Python's re rejects the schema's "^(?i)…" (flag after ^); move the flag first.
    text = json.dumps(schema).replace('"^(?i)[a-zA]{2}', '"(?i)^[a-zA]{2}')
    return jsonschema.Draft7Validator(json.loads(text))


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """Every format for the seeds, from the real command line."""
    out = {}
    for fmt in FORMATS:
        proc = run_replint("--format", fmt, "seeds/", env={"GITHUB_STEP_SUMMARY": ""})
        # 1: findings (2 would mean a rule crashed: its E005 finding must still be in
        # every format, so the comparison below stays meaningful).
        assert proc.returncode in (1, 2), proc.stderr
        out[fmt] = proc.stdout.decode("utf-8")
    return out


# -- the same findings everywhere ------------------------------------------------------


def _from_json(text: str) -> set[tuple[str, int, str]]:
    return {(i["path"], i["line"], i["code"]) for i in json.loads(text)}


def _from_sarif(text: str) -> set[tuple[str, int, str]]:
    run = json.loads(text)["runs"][0]
    return {
        (
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["ruleId"],
        )
        for r in run["results"]
    }


_ANNOTATION = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _github_props(line: str) -> dict[str, str]:
    match = _ANNOTATION.match(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match.group("props").split(","))
    return {k: unquote(v) for k, v in props.items()}


def _from_github(text: str) -> set[tuple[str, int, str]]:
    out = set()
    for line in text.splitlines():
        props = _github_props(line)
        out.add((props["file"], int(props["line"]), props["title"].split()[0]))
    return out


def _from_junit(text: str) -> set[tuple[str, int, str]]:
    root = ET.fromstring(text)
    out = set()
    for case in root.iter("testcase"):
        for detail in [*case.findall("failure"), *case.findall("error")]:
            out.add((case.get("file"), int(case.get("line")), detail.get("type").split()[0]))
    return out


def _from_gitlab(text: str) -> set[tuple[str, int, str]]:
    return {
        (i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"])
        for i in json.loads(text)
    }


PARSERS = {
    "json": _from_json,
    "sarif": _from_sarif,
    "github": _from_github,
    "junit": _from_junit,
    "gitlab": _from_gitlab,
}


def test_every_format_carries_the_same_findings(outputs):
    reference = _from_json(outputs["json"])
    assert len(reference) > 20  # the seeds are full of problems
    for fmt in FORMATS:
        assert PARSERS[fmt](outputs[fmt]) == reference, fmt


def test_every_format_has_one_entry_per_finding(outputs):
    n = len(json.loads(outputs["json"]))
    assert len(json.loads(outputs["sarif"])["runs"][0]["results"]) == n
    assert len(outputs["github"].splitlines()) == n
    assert len(json.loads(outputs["gitlab"])) == n
    failing = [c for c in ET.fromstring(outputs["junit"]).iter("testcase") if len(c)]
    assert len(failing) == n


def test_machine_formats_keep_the_summary_off_stdout(outputs):
    for fmt in ("sarif", "junit", "gitlab", "github"):
        assert "findings in" not in outputs[fmt], fmt


# -- SARIF -------------------------------------------------------------------------------


def test_sarif_seeds_validate_against_the_official_schema(outputs, sarif_validator):
    log = json.loads(outputs["sarif"])
    errors = list(sarif_validator.iter_errors(log))
    assert not errors, [e.message for e in errors[:5]]
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    p101 = by_id["P101"]
    assert p101["name"] == "placeholder"
    assert p101["defaultConfiguration"]["level"] == "error"
    assert "## Why is this bad?" in p101["help"]["markdown"]
    assert p101["fullDescription"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_validator_rejects_a_broken_log(outputs, sarif_validator):
    # The check must be able to fail: a result without its message is invalid SARIF.
    log = json.loads(outputs["sarif"])
    del log["runs"][0]["results"][0]["message"]
    assert list(sarif_validator.iter_errors(log))
    log = json.loads(outputs["sarif"])
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(sarif_validator.iter_errors(log))


def test_sarif_region_counts_code_points(outputs):
    run = json.loads(outputs["sarif"])["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "P101")
    location = result["locations"][0]["physicalLocation"]
    path = ROOT / unquote(location["artifactLocation"]["uri"])
    region = location["region"]
    line = path.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] in {"XX", "xx", "X"}


def test_sarif_non_ascii_path_fix_and_unknown_rule(sarif_validator):
    fix = Fix((Edit(3, 5, 3, 7, "12"),))
    findings = (
        _finding(path="报告/2023年 总结.txt", fix=fix),
        _finding(code="M001", name="unused-suppression", severity=Severity.INFO, matched=""),
    )
    report = Report(findings=findings, files=("报告/2023年 总结.txt",))
    log = SarifFormatter().log(report)
    assert not list(sarif_validator.iter_errors(log))
    results = log["runs"][0]["results"]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.isascii() and " " not in uri
    assert unquote(uri) == "报告/2023年 总结.txt"
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "12"
    }
    assert results[1]["level"] == "note"
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert rule_ids == ["M001", "P101"]


def test_sarif_empty_report_is_valid(sarif_validator):
    log = SarifFormatter().log(Report(findings=(), files=("a.txt",)))
    assert not list(sarif_validator.iter_errors(log))
    assert log["runs"][0]["results"] == []


# -- GitHub ------------------------------------------------------------------------------


def test_github_annotation_shape(outputs):
    first = outputs["github"].splitlines()[0]
    assert re.match(
        r"^::error file=seeds/[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
        r"title=[A-Z]\d{3} [a-z-]+::\S",
        first,
    ), first


def test_github_escapes_properties_and_message(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    f = _finding(
        path="a,b:c%d.txt",
        severity=Severity.WARNING,
        message="line one\nline two: 50%\r",
    )
    out = GithubFormatter().render(Report(findings=(f,), files=(f.path,)))
    assert out == (
        "::warning file=a%2Cb%3Ac%25d.txt,line=3,col=5,endLine=3,endColumn=7,"
        "title=P101 placeholder::line one%0Aline two: 50%25%0D\n"
    )
    assert escape_property("x:y,z") == "x%3Ay%2Cz"


def test_github_severity_levels(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    findings = tuple(
        _finding(line=i + 1, end_line=i + 1, severity=s)
        for i, s in enumerate([Severity.ERROR, Severity.WARNING, Severity.INFO])
    )
    out = GithubFormatter().render(Report(findings=findings, files=("reports/a.txt",)))
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == [
        "::error",
        "::warning",
        "::notice",
    ]


def test_github_step_summary_is_appended(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = run_replint("--format", "github", "seeds/", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode in (1, 2), proc.stderr
    n = len(proc.stdout.decode("utf-8").splitlines())
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## replint")
    rows = [line for line in text.splitlines() if line.startswith("| seeds/")]
    assert len(rows) == n  # the summary carries every finding, not just the first few
    assert f"{n} findings in 5 of 5 files" in text


def test_github_step_summary_stays_under_the_limit():
    findings = tuple(
        _finding(line=i + 1, end_line=i + 1, message="很长的说明" * 40) for i in range(500)
    )
    report = Report(findings=findings, files=("reports/a.txt",))
    text = step_summary(report, limit=20_000)
    assert len(text.encode("utf-8")) < 21_000
    assert "more findings not shown" in text
    assert "500 findings in 1 of 1 file." in text


def test_github_summary_escapes_table_cells():
    f = _finding(message="a | b\nc")
    text = step_summary(Report(findings=(f,), files=(f.path,)))
    row = next(line for line in text.splitlines() if line.startswith("| reports/"))
    assert row.endswith("| a \\| b c |")


# -- JUnit -------------------------------------------------------------------------------


def test_junit_one_suite_per_file_and_passing_case_for_clean_files(outputs):
    root = ET.fromstring(outputs["junit"])
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "seeds").glob("*.txt")
    )
    total = sum(int(s.get("tests")) for s in suites)
    assert int(root.get("tests")) == total == len(list(root.iter("testcase")))
    for suite in suites:
        assert int(suite.get("failures")) + int(suite.get("errors")) == len(
            [c for c in suite.findall("testcase") if len(c)]
        )

    report = Report(findings=(_finding(),), files=("clean.txt", "reports/a.txt"))
    root = ET.fromstring(JunitFormatter().render(report))
    clean = root.find("testsuite[@name='clean.txt']")
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    assert len(clean.find("testcase")) == 0  # a passing case: no failure element


def test_junit_survives_control_characters_and_markup():
    findings = (
        _finding(message='bad \x0b char & <tag> "q"'),
        _finding(message='bad \x0b char & <tag> "q"'),  # the same place twice
        _finding(code="E002", name="undecodable-text", line=1, column=1, end_line=1, end_column=1),
    )
    root = ET.fromstring(
        JunitFormatter().render(Report(findings=findings, files=("reports/a.txt",)))
    )
    cases = root.findall("testsuite/testcase")
    names = [c.get("name") for c in cases]
    assert len(set(names)) == 3
    assert cases[0].find("failure").get("message") == 'bad \ufffd char & <tag> "q"'
    assert cases[2].find("error") is not None
    assert root.get("errors") == "1" and root.get("failures") == "2"


# -- GitLab ------------------------------------------------------------------------------


def test_gitlab_documented_keys(outputs):
    items = json.loads(outputs["gitlab"])
    assert items
    for item in items:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(item)
        assert isinstance(item["location"]["path"], str)
        assert isinstance(item["location"]["lines"]["begin"], int)
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
    fingerprints = [i["fingerprint"] for i in items]
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_fingerprints_survive_moved_lines():
    report = Report(
        findings=(
            _finding(line=3, end_line=3),
            _finding(line=9, end_line=9, column=1, end_column=3),
        ),
        files=("reports/a.txt",),
    )
    moved = Report(
        findings=(
            _finding(line=5, end_line=5),
            _finding(line=11, end_line=11, column=1, end_column=3),
        ),
        files=("reports/a.txt",),
    )
    before = [i["fingerprint"] for i in json.loads(GitlabFormatter().render(report))]
    after = [i["fingerprint"] for i in json.loads(GitlabFormatter().render(moved))]
    assert before == after
    assert before[0] != before[1]  # same text twice: the occurrence index tells them apart
    other = Report(findings=(_finding(matched="XXX"),), files=("reports/a.txt",))
    assert json.loads(GitlabFormatter().render(other))[0]["fingerprint"] != before[0]


def test_gitlab_severity_mapping():
    findings = (
        _finding(severity=Severity.INFO),
        _finding(severity=Severity.WARNING, line=4, end_line=4),
        _finding(severity=Severity.ERROR, line=5, end_line=5),
        _finding(code="E001", name="unreadable-file", line=6, end_line=6),
    )
    items = json.loads(
        GitlabFormatter().render(Report(findings=findings, files=("reports/a.txt",)))
    )
    assert [i["severity"] for i in items] == ["info", "minor", "major", "critical"]


# -- the GitHub Action -------------------------------------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def action_step(step_id: str) -> dict[str, object]:
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return next(s for s in action["runs"]["steps"] if s.get("id") == step_id)


def action_env(step: dict[str, object], values: dict[str, str]) -> dict[str, str]:
    """The step's ``env`` with ``${{ inputs.x }}`` / ``${{ steps.y.outputs.z }}`` filled in."""
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    defaults = {f"inputs.{k}": str(v.get("default", "")) for k, v in action["inputs"].items()}
    known = {**defaults, **values}
    env = {}
    for key, value in dict(step.get("env", {})).items():  # type: ignore[arg-type]
        env[key] = _EXPRESSION.sub(lambda m: known[m.group(1)], str(value))
    return env


def test_action_scripts_take_inputs_only_through_the_environment():
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for step in action["runs"]["steps"]:
        if "run" in step:
            # An expression pasted into a script is a command-injection hole.
            assert "${{" not in step["run"], step.get("name")
            assert step["shell"] == "bash"


def test_action_command_line_on_the_seeds(tmp_path):
    step = action_step("run")
    replint_bin = Path(sys.executable).parent
    assert (replint_bin / "replint").exists()
    env = action_env(
        step, {"steps.install.outputs.bin": str(replint_bin), "inputs.paths": "seeds/"}
    )
    summary = tmp_path / "summary.md"
    proc = subprocess.run(
        # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", str(step["run"])],
        cwd=ROOT,
        env={**os.environ, **env, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode in (1, 2), proc.stderr  # findings fail the step
    lines = proc.stdout.splitlines()
    assert lines and all(_ANNOTATION.match(line) for line in lines)
    assert _from_github(proc.stdout) == {
        (path, line, code)
        for path, line, code in _from_json(
            run_replint("--format", "json", "seeds/").stdout.decode("utf-8")
        )
    }
    assert "## replint" in summary.read_text(encoding="utf-8")


def test_action_passes_extra_args(tmp_path):
    step = action_step("run")
    env = action_env(
        step,
        {
            "steps.install.outputs.bin": str(Path(sys.executable).parent),
            "inputs.paths": "seeds/003_edf5fe579f2479b6.txt",
            "inputs.args": "--select P105 --exit-zero",
        },
    )
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", str(step["run"])],
        cwd=ROOT,
        env={**os.environ, **env, "GITHUB_STEP_SUMMARY": ""},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert {code for _p, _l, code in _from_github(proc.stdout)} == {"P105"}
