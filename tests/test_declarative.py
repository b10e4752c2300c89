"""Rules declared in YAML: loading, validation errors, every kind, examples, timeouts."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

from replint.declarative import check_examples, load_rule_files
from replint.model.errors import ConfigError
from replint.model.findings import Severity
from replint.rule import Rule
from replint.runner.fix import apply_fixes
from replint.testing import run_rule


def write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_one(tmp_path: Path, text: str) -> type[Rule]:
    rules = load_rule_files([write(tmp_path, text)])
    assert len(rules) == 1
    return rules[0]


def positions(rule: type[Rule], text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.code) for f in run_rule(rule, {"a.txt": text})]


# -- the kinds -------------------------------------------------------------------


def test_existence_with_notes_and_word_matching(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        message: "“{match}” is banned: {note}"
        tokens: {计划: 用“安排”, 赋能: 空泛}
        """,
    )
    found = run_rule(rule, {"a.txt": "以数字化赋能基层，制定工作计划。做好计划生育工作。"})
    assert [(f.column, f.matched) for f in found] == [(5, "赋能"), (14, "计划")]
    assert found[0].message == "“赋能” is banned: 空泛"
    assert rule.severity is Severity.WARNING and not rule.fixable


def test_raw_matching_finds_inside_longer_words(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        match: raw
        tokens: [计划]
        """,
    )
    assert positions(rule, "做好计划生育工作。") == [(1, 3, "W901")]


def test_existence_patterns_and_ignore_case(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W901
        name: no-todo
        kind: existence
        match: raw
        ignore_case: true
        patterns: ['todo\\s*\\d*']
        """,
    )
    assert positions(rule, "完成任务 TODO 2，todo。") == [(1, 6, "W901"), (1, 13, "W901")]


def test_substitution_fix_safe_unsafe_and_choices(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W902
        name: preferred-forms
        kind: substitution
        swap:
          - {wrong: 截止目前, right: 截至目前}
          - {wrong: 隆重召开, right: 召开, unsafe: true}
          - {wrong: 必需, right: [必须, 必需品]}
        """,
    )
    assert rule.fixable
    found = run_rule(rule, {"a.txt": "截止目前，隆重召开大会，必需完成。"})
    assert [f.matched for f in found] == ["截止目前", "隆重召开", "必需"]
    safe, unsafe, choices = found
    assert safe.fix.safe and safe.fix.edits[0].replacement == "截至目前"
    assert not unsafe.fix.safe
    assert choices.fix is None and "必须" in choices.message and "必需品" in choices.message
    fixed = apply_fixes("截止目前，隆重召开大会，必需完成。", found).text
    assert fixed == "截至目前，隆重召开大会，必需完成。"


def test_required_in_document_and_within_section(tmp_path):
    rules = load_rule_files(
        [
            write(
                tmp_path,
                """
                rules:
                  - code: W903
                    name: closing-formula
                    kind: required
                    phrases: [特此报告]
                  - code: W904
                    name: rectification-named
                    kind: required
                    within: [存在的问题, 问题和不足]
                    mode: any
                    message: "the {section} section names no cause: say “{phrase}”"
                    phrases: [原因, 根源]
                """,
            )
        ]
    )
    closing, within = rules
    report = "一、主要工作\n完成任务。\n二、存在的问题\n学习不够深入。\n三、下一步打算\n加强学习。"
    assert positions(closing, report) == [(1, 1, "W903")]
    assert positions(closing, report + "\n特此报告。") == []
    found = run_rule(within, {"a.txt": report})
    assert [(f.line, f.column) for f in found] == [(3, 1)]  # at the section heading
    assert "存在的问题" in found[0].message and "原因" in found[0].message
    # The phrase outside the section does not count; inside it does.
    assert positions(within, report + "\n原因很多。") == [(3, 1, "W904")]
    fixed = report.replace("学习不够深入。", "学习不够深入，原因是重视不够。")
    assert positions(within, fixed) == []
    # No such section: nothing to require (missing sections are the S rules' business).
    assert positions(within, "一、主要工作\n完成任务。") == []


def test_within_a_profile_part_found_by_the_analysis(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W910
        name: cause-in-problems
        kind: required
        within: ["@problems"]
        phrases: [原因]
        message: "the “{section}” part names no cause"
        """,
    )
    # 存在的不足 is not a heading word of the rule: the analysis knows it is the problems part.
    report = "一、主要工作\n完成任务。\n二、存在的不足\n学习不够深入。\n三、下一步打算\n加强学习。"
    found = run_rule(rule, {"a.txt": report})
    assert [(f.line, f.column, f.message) for f in found] == [
        (3, 1, "the “存在的不足” part names no cause")
    ]
    assert positions(rule, report.replace("不够深入", "不够深入，原因是重视不够")) == []


def test_occurrence_max_and_min(tmp_path):
    rules = load_rule_files(
        [
            write(
                tmp_path,
                """
                - code: W905
                  name: too-many-firsts
                  kind: occurrence
                  match: raw
                  tokens: [首次]
                  max: 2
                  message: "“{match}” used {count} times (at most {max})"
                - code: W906
                  name: numbers-in-problems
                  kind: occurrence
                  patterns: ['\\d+']
                  match: raw
                  scope: section
                  within: [问题]
                  min: 1
                  message: "the {section} section has {count} figures (at least {min})"
                """,
            )
        ]
    )
    most, least = rules
    found = run_rule(most, {"a.txt": "首次开展。首次建立。\n首次实现。首次获评。"})
    assert [(f.line, f.column) for f in found] == [(2, 1)]  # the first one over the limit
    assert found[0].message == "“首次” used 4 times (at most 2)"
    report = "一、主要工作\n完成12项。\n二、存在的问题\n学习不够。"
    assert positions(least, report) == [(3, 1, "W906")]
    assert positions(least, report.replace("学习不够", "3项未完成")) == []


def test_pattern_with_groups_and_replacement(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W907
        name: approx-twice
        kind: pattern
        match: raw
        pattern: '(?P<about>大约|约)(\\d+\\w{0,3}?)左右'
        replacement: '{about}{2}'
        message: "“{match}”: keep “{replacement}” ({about})"
        """,
    )
    text = "参加人员约300人左右。"
    found = run_rule(rule, {"a.txt": text})
    assert [f.message for f in found] == ["“约300人左右”: keep “约300人” (约)"]
    assert apply_fixes(text, found).text == "参加人员约300人。"


def test_word_matching_applies_to_patterns(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W908
        name: plan-word
        kind: pattern
        pattern: '计划'
        """,
    )
    assert positions(rule, "计划生育") == []
    assert positions(rule, "工作计划") == [(1, 3, "W908")]


# -- examples ----------------------------------------------------------------------


def test_examples_are_checked_when_loading(tmp_path):
    path = write(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        tokens: [赋能]
        examples:
          fire: [以数字化赋能基层。, 以数字化推动基层。]
          silent: [以数字化推动基层。]
        """,
    )
    with pytest.raises(ConfigError) as exc:
        load_rule_files([path])
    message = str(exc.value)
    assert str(path) in message and "examples.fire[1]" in message and "以数字化推动基层" in message


def test_silent_example_that_fires_is_a_load_error(tmp_path):
    path = write(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        match: raw
        tokens: [计划]
        examples:
          silent: [计划生育]
        """,
    )
    with pytest.raises(ConfigError, match=r"examples\.silent\[0\]"):
        load_rule_files([path])
    assert load_rule_files([path], check=False)  # the declaration itself is valid


def test_passing_examples_load(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        tokens: [赋能]
        examples: {fire: [以数字化赋能基层。], silent: [以数字化推动基层。]}
        """,
    )
    assert check_examples(rule) == []


# -- validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("code: W901\nname: x\nkind: magic\n", "kind"),
        ("code: W901\nname: x\nkind: existence\ntokens: [a]\ncolour: red\n", "colour"),
        ("code: 901\nname: x\nkind: existence\ntokens: [a]\n", "code"),
        ("code: Q901\nname: x\nkind: existence\ntokens: [a]\n", "code"),
        ("code: W901\nname: Not_Kebab\nkind: existence\ntokens: [a]\n", "name"),
        ("code: W901\nname: x\nkind: existence\n", "tokens"),
        ("code: W901\nname: x\nkind: existence\ntokens: [a]\nseverity: fatal\n", "severity"),
        ("code: W901\nname: x\nkind: existence\ntokens: [a]\nmatch: fuzzy\n", "match"),
        ("code: W901\nname: x\nkind: pattern\npattern: '(unclosed'\n", "pattern"),
        ("code: W901\nname: x\nkind: pattern\npattern: 'a*'\n", "pattern"),
        ("code: W901\nname: x\nkind: pattern\npattern: 'a'\nmessage: '{nope}'\n", "message"),
        ("code: W901\nname: x\nkind: existence\npatterns: ['(']\n", "patterns[0]"),
        ("code: W901\nname: x\nkind: substitution\nswap: []\n", "swap"),
        ("code: W901\nname: x\nkind: substitution\nswap: [{wrong: a}]\n", "swap[0]"),
        ("code: W901\nname: x\nkind: occurrence\ntokens: [a]\n", "min"),
        ("code: W901\nname: x\nkind: occurrence\ntokens: [a]\nmin: 3\nmax: 1\n", "min"),
        ("code: W901\nname: x\nkind: occurrence\ntokens: [a]\nmax: 1\nscope: section\n", "scope"),
        ("code: W901\nname: x\nkind: required\nphrases: []\n", "phrases"),
        ("code: W901\nname: x\nkind: existence\ntokens: [a]\ntimeout: 0\n", "timeout"),
        ("code: W901\nname: x\nkind: existence\ntokens: [a]\nwithin: ['@Bad Key']\n", "within[0]"),
        (
            "code: W901\nname: x\nkind: existence\ntokens: [a]\nexamples: {fires: [a]}\n",
            "examples.fires",
        ),
    ],
)
def test_invalid_declarations_name_file_and_key(tmp_path, body, key):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as exc:
        load_rule_files([path])
    message = str(exc.value)
    assert message.startswith(f"{path}: {key}"), message


def test_errors_in_a_list_name_the_entry(tmp_path):
    path = write(
        tmp_path,
        """
        rules:
          - {code: W901, name: a, kind: existence, tokens: [x]}
          - {code: W902, name: b, kind: existence}
        """,
    )
    with pytest.raises(ConfigError, match=r"rules\[1\]\.tokens"):
        load_rule_files([path])


def test_duplicate_codes_across_files(tmp_path):
    one = write(tmp_path, "{code: W901, name: a, kind: existence, tokens: [x]}", "one.yaml")
    two = write(tmp_path, "{code: W901, name: b, kind: existence, tokens: [y]}", "two.yaml")
    with pytest.raises(ConfigError, match="already declared"):
        load_rule_files([one, two])


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_rule_files([tmp_path / "nope.yaml"])
    bad = write(tmp_path, "code: [unclosed\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_rule_files([bad])


def test_directory_loads_every_yaml_file(tmp_path):
    write(tmp_path, "{code: W901, name: a, kind: existence, tokens: [x]}", "a.yaml")
    write(tmp_path, "{code: W902, name: b, kind: existence, tokens: [y]}", "b.yml")
    (tmp_path / "notes.txt").write_text("not a rule", encoding="utf-8")
    assert [r.code for r in load_rule_files([tmp_path])] == ["W901", "W902"]


# -- timeouts, documentation, pickling -----------------------------------------------


def test_runaway_pattern_becomes_one_e005_finding(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W909
        name: catastrophic
        kind: pattern
        match: raw
        timeout: 0.2
        pattern: '(a|aa)+$'
        """,
    )
    text = "\n".join(["a" * 60 + "b"] * 3)
    found = run_rule(rule, {"a.txt": text})
    assert [f.code for f in found] == ["E005"]
    assert "W909" in found[0].message and "(a|aa)+$" in found[0].message
    assert found[0].severity is Severity.ERROR


def test_documentation_has_the_rule_sections(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        tokens: [赋能]
        why: 空泛的流行语让报告失去具体内容。
        examples: {fire: [以数字化赋能基层。], silent: [以数字化推动基层。]}
        """,
    )
    doc = rule.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in doc
    assert "空泛的流行语" in doc and "以数字化赋能基层" in doc
    assert rule.summary().startswith("Finds words that must not appear")
    assert rule.origin.endswith("rules.yaml")


def test_rule_classes_pickle_for_worker_processes(tmp_path):
    rule = load_one(
        tmp_path,
        """
        code: W901
        name: banned-words
        kind: existence
        tokens: [赋能]
        """,
    )
    clone = pickle.loads(pickle.dumps(rule))
    assert clone.code == "W901" and issubclass(clone, Rule)
    assert positions(clone, "赋能基层。") == [(1, 1, "W901")]


# -- end to end ----------------------------------------------------------------------


def test_user_rules_run_through_the_engine(tmp_path):
    """A banned-word list and a required phrase, loaded as config rule_paths would be."""
    from replint.config import Config
    from replint.plugins import collect, get_plugin_manager
    from replint.runner import plan as planner
    from replint.runner.discover import Target
    from replint.session import Session

    rule_file = write(
        tmp_path,
        """
        rules:
          - code: W951
            name: office-banned-words
            kind: existence
            tokens: {赋能: 空泛, 抓手: 口语化}
            message: "“{match}”: {note}，换一种具体说法"
            examples: {fire: [以数字化赋能基层。], silent: [以数字化推动基层。]}
          - code: W952
            name: office-closing
            kind: required
            phrases: [特此报告]
            examples:
              fire: ["一、工作情况\\n完成任务。"]
              silent: ["一、工作情况\\n完成任务。\\n特此报告。"]
        """,
    )
    report = tmp_path / "report.txt"
    report.write_text("一、工作情况\n以数字化赋能基层，抓好重点。\n", encoding="utf-8")
    extra = load_rule_files([rule_file])
    config = Config(root=tmp_path, select=("W951", "W952"))
    session = Session(config, collect(get_plugin_manager(autoload=False)), jobs=1)
    session.plan = planner.make_plan(config, session.registry, extra_rules=extra)
    result = session.lint_targets([Target("report.txt", report)])
    got = [(f.code, f.line, f.column) for f in result.findings]
    assert got == [("W952", 1, 1), ("W951", 2, 5)]


LAZY_RULES = """
- code: W901
  name: lazy-swap
  kind: substitution
  severity: info
  swap:
    - {wrong: 做为, right: 作为}
  examples: {fire: [做为组长。], silent: [作为组长。]}
- code: W902
  name: lazy-pattern
  kind: pattern
  pattern: '约(\\d+)左右'
  message: "“{match}”: 约 and 左右 say the same"
"""


def test_trusted_rules_built_on_first_use_behave_as_those_built_at_once(tmp_path):
    path = write(tmp_path, LAZY_RULES)
    eager = load_rule_files([path], check=False, trusted=True, origin="p")
    lazy = load_rule_files([path], check=False, trusted=True, lazy=True, origin="p")
    assert "_built" not in vars(lazy[0]) and "_built" not in vars(lazy[1])
    for now, later in zip(eager, lazy, strict=True):
        text = "做为组长，约30左右人参加。\n"
        assert run_rule(later, {"a.txt": text}) == run_rule(now, {"a.txt": text})
        assert run_rule(now, {"a.txt": text})
        for attr in ("code", "name", "severity", "fixable", "origin", "options", "corpus"):
            assert getattr(later, attr) == getattr(now, attr), attr
        assert later.documentation() == now.documentation()
        assert later.spec == now.spec
        again = pickle.loads(pickle.dumps(later))
        assert run_rule(again, {"a.txt": text}) == run_rule(now, {"a.txt": text})
    assert check_examples(lazy[0]) == []
    with pytest.raises(ValueError):
        load_rule_files([path], lazy=True)  # users' files are validated when loaded


def test_registering_the_builtin_yaml_rules_parses_nothing():
    """`--select T` must not pay for the declarative machinery: the built-in W2xx
    rules are registered from their raw declarations and built on first use."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from replint.plugins import collect, get_plugin_manager\n"
        "rules = collect(get_plugin_manager(autoload=False)).rules\n"
        "assert rules['W201'].name == 'xinhua-usage'\n"
        "print(sorted(m for m in sys.modules if m.startswith('replint.declarative.')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['replint.declarative.lazy', 'replint.declarative.load']"
