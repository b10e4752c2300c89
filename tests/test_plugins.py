"""The plugin API: third-party rules through a real distribution's entry point."""

from __future__ import annotations

import json
import re
from pathlib import Path

from replint.plugins import collect, get_plugin_manager

ROOT = Path(__file__).resolve().parent.parent

PLUGIN_SOURCE = '''
from replint import Rule, Severity, hookimpl


class NoDraftWord(Rule):
    """The word 草稿 left in a final report.

    ## What it does
    Finds 草稿.

    ## Why is this bad?
    A final report is not a draft.

    ## Example
        本报告为草稿。

    ## Use instead
        本报告。
    """

    code = "W901"
    name = "draft-word"
    severity = Severity.ERROR

    def check(self, doc, options):
        for para in doc.paragraphs:
            start = para.text.find("草稿")
            if start >= 0:
                yield self.finding(doc, para, start, start + 2, "the word 草稿 in a final report")


@hookimpl
def replint_add_rules():
    return [NoDraftWord]
'''


def make_distribution(site: Path, module: str, source: str) -> None:
    """A minimal installed distribution: a module plus dist-info with an entry point."""
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[replint]\n{module} = {module}\n", encoding="utf-8")


def test_external_plugin_runs_is_listed_and_selectable(tmp_path, replint_cmd):
    make_distribution(tmp_path, "replint_acme", PLUGIN_SOURCE)
    env = {"PYTHONPATH": str(tmp_path)}
    report = tmp_path / "r.txt"
    report.write_text("本报告为草稿，学习X次。\n", encoding="utf-8")
    listed = replint_cmd("rules", env=env).stdout
    assert re.search(r"W901\s+draft-word\s+error", listed)
    both = json.loads(replint_cmd("--format", "json", str(report), env=env).stdout)
    assert {i["code"] for i in both} >= {"W901", "P101"}
    only = json.loads(
        replint_cmd("--format", "json", "--select", "draft-word", str(report), env=env).stdout
    )
    assert [(i["code"], i["column"]) for i in only] == [("W901", 5)]
    assert "草稿" in replint_cmd("explain", "W901", env=env).stdout


def test_broken_plugin_is_exit_2_and_named(tmp_path, replint_cmd):
    make_distribution(tmp_path, "replint_broken", "import does_not_exist\n")
    proc = replint_cmd("seeds/", env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 2
    assert "replint_broken" in proc.stderr and "failed to load" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_duplicate_rule_code_is_an_error(tmp_path, replint_cmd):
    source = PLUGIN_SOURCE.replace('code = "W901"', 'code = "P101"')
    make_distribution(tmp_path, "replint_dup", source)
    proc = replint_cmd("rules", env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 2 and "P101 is already used" in proc.stderr


def test_builtin_rules_are_well_formed():
    registry = collect(get_plugin_manager(autoload=False))
    assert registry.rules
    cases = {p.stem for p in (ROOT / "tests" / "rules" / "cases").glob("*.yaml")}
    for code, rule in registry.rules.items():
        doc = rule.documentation()
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert section in doc, f"{code} docstring lacks {section}"
        assert rule.summary(), code
        assert code in cases or code.startswith(("E", "M")), f"{code} has no YAML case file"


def test_every_hook_is_documented_in_the_readme():
    from replint import hookspecs

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hooks = [name for name in dir(hookspecs) if name.startswith("replint_")]
    assert hooks
    for name in hooks:
        assert f"{name}(" in readme, f"hook {name} is not documented in README.md"
