"""Config discovery, parsing and strict validation."""

from __future__ import annotations

import json

import pytest

from replint.config import Config, find_config, load_config, parse_config
from replint.model.errors import ConfigError
from replint.model.findings import Severity


def test_defaults_without_a_file(tmp_path):
    config = load_config(cwd=tmp_path)
    assert config == Config(root=tmp_path)
    assert config.fail_level is Severity.WARNING


def test_found_by_walking_up(tmp_path):
    (tmp_path / ".replint.yaml").write_text("fail_level: error\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / ".replint.yaml"
    assert load_config(cwd=deep).fail_level is Severity.ERROR


def test_pyproject_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.replint]\nselect = ["P"]\nper_file_ignores = {"*.md" = ["P104"]}\n',
        encoding="utf-8",
    )
    config = load_config(cwd=tmp_path)
    assert config.select == ("P",)
    assert config.per_file_ignores == (("*.md", ("P104",)),)


def test_pyproject_without_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None


# Every way TOML can spell a tool.replint table must be found; files that only mention
# replint elsewhere are skipped without running the TOML parser.
@pytest.mark.parametrize(
    "text",
    [
        '[tool.replint]\nselect = ["P"]\n',
        '[ tool . "replint" ]\nselect = ["P"]\n',
        "[tool.replint.rules.P101]\nallow = []\n",
        '[tool]\nreplint = { select = ["P"] }\n',
        '[tool]\nreplint.select = ["P"]\n',
        'tool.replint.select = ["P"]\n',
        '[project]\nname = "replint"\n\n[tool.replint]  # ours\nselect = ["P"]\n',
    ],
)
def test_pyproject_forms_of_the_replint_table_are_found(tmp_path, text):
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    assert load_config(cwd=tmp_path).source == str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "replint"\n[project.scripts]\nreplint = "replint.cli:main"\n',
        '[project]\ndependencies = ["replint>=0.1"]\n',
        "[tool.ruff]\nline-length = 100  # like replint\n",
        "[tool.replinter]\nx = 1\n",
    ],
)
def test_pyproject_mentioning_replint_without_its_table_is_skipped(tmp_path, text):
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert find_config(tmp_path) is None


def test_pyproject_that_is_not_utf8_is_a_config_error(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes('[tool.replint]\nselect = ["报告"]\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="cannot read TOML"):
        find_config(tmp_path)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"selct": ["P"]}, "unknown key 'selct'"),
        ({"fail_level": "fatal"}, "one of error, warning, info"),
        ({"exclude": 3}, "a list of strings"),
        ({"max_file_size": "big"}, "a size such as 20MB"),
        ({"per_file_ignores": ["x"]}, "a mapping of glob"),
        ({"cache": "yes"}, "true or false"),
    ],
)
def test_strict_validation_names_file_and_key(raw, fragment):
    with pytest.raises(ConfigError) as info:
        parse_config(raw, source="team/.replint.yaml")
    assert "team/.replint.yaml" in str(info.value)
    assert fragment in str(info.value)


def test_sizes():
    assert parse_config({"max_file_size": "2MB"}).max_file_size == 2 * 1024 * 1024
    assert parse_config({"max_file_size": 1000}).max_file_size == 1000


def test_broken_yaml_and_unsafe_tags(tmp_path):
    bad = tmp_path / ".replint.yaml"
    bad.write_text("select: [P\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(cwd=tmp_path)
    bad.write_text("select: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(cwd=tmp_path)


def test_cli_reports_config_errors_with_exit_2(tmp_path, replint_cmd):
    (tmp_path / ".replint.yaml").write_text("rules:\n  P101:\n    alow: [X光]\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("学习。\n", encoding="utf-8")
    proc = replint_cmd("r.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown option 'alow' for P101" in proc.stderr and "allow" in proc.stderr
    assert ".replint.yaml" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / ".replint.yaml").write_text("rules:\n  P999: {}\n", encoding="utf-8")
    assert "unknown rule 'P999'" in replint_cmd("r.txt", cwd=tmp_path).stderr
    (tmp_path / ".replint.yaml").write_text("rules:\n  placeholder: {allow: 3}\n", encoding="utf-8")
    assert "must be a list" in replint_cmd("r.txt", cwd=tmp_path).stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("R102: {threshold: 2}", "option 'threshold' for R102 must be between 0.5 and 1, not 2"),
        ("R102: {threshold: 0.1}", "must be between 0.5 and 1, not 0.1"),
        ("R101: {min_length: 0}", "option 'min_length' for R101 must be at least 1, not 0"),
        ("R103: {min_chars: 12.5}", "must be a whole number, not a number"),
        ("placeholder: {allow: [X光, 3]}", "option 'allow' for P101 item 2 must be a string"),
        ("D103: {grace_days: {yaer: 30}}", "unknown key 'yaer' (allowed: year, half"),
        ("D103: {grace_days: {year: ten}}", "key 'year' must be a whole number, not a string"),
        ("S101: {min_paragraphs: true}", "must be a whole number, not true/false"),
    ],
)
def test_rule_option_values_are_checked(tmp_path, options, message):
    """A value the rule cannot use is a config error naming it, not a crashed rule."""
    from replint.runner.plan import make_plan
    from replint.testing import registry

    config = parse_config(
        __import__("yaml").safe_load(f"rules:\n  {options}\n"), source="team/.replint.yaml"
    )
    with pytest.raises(ConfigError) as info:
        make_plan(config, registry())
    assert message in str(info.value)
    assert str(info.value).startswith("team/.replint.yaml: rules:")


def test_rule_option_values_in_range_are_accepted():
    from replint.runner.plan import make_plan
    from replint.testing import registry

    config = parse_config(
        {
            "rules": {
                "R102": {"threshold": 1, "min_length": 5},
                "D103": {"grace_days": {"year": 90}},
                "P101": {"allow": ["X光机"]},
            }
        }
    )
    plan = make_plan(config, registry())
    assert plan.options["R102"]["threshold"] == 1
    assert plan.options["D103"]["grace_days"] == {"year": 90}


def test_rule_options_and_per_file_ignores_apply(tmp_path, replint_cmd):
    (tmp_path / ".replint.yaml").write_text(
        "select: [P]\nrules:\n  placeholder: {allow: ['XX公司']}\n"
        "per_file_ignores:\n  'old/*.txt': [P101]\n",
        encoding="utf-8",
    )
    (tmp_path / "old").mkdir()
    (tmp_path / "r.txt").write_text("与XX公司合作，学习X次。\n", encoding="utf-8")
    (tmp_path / "old" / "o.txt").write_text("学习X次。\n", encoding="utf-8")
    proc = replint_cmd("--format", "json", ".", cwd=tmp_path)
    got = [(i["path"], i["column"]) for i in json.loads(proc.stdout)]
    assert got == [("r.txt", 11)]


def test_explicit_config_flag(tmp_path, replint_cmd):
    cfg = tmp_path / "custom.yaml"
    cfg.write_text("ignore: [P101]\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("学习X次。\n", encoding="utf-8")
    assert replint_cmd("--config", str(cfg), "r.txt", cwd=tmp_path).returncode == 0
    missing = replint_cmd("--config", "nope.yaml", "r.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr


def test_a_range_on_a_non_number_option_is_a_plugin_error():
    from typing import ClassVar

    from replint.rule import Rule, validate_rule_class

    class Odd(Rule):
        """Odd."""

        code = "W990"
        name = "odd"
        options: ClassVar = {"words": [], "limit": 3}
        option_ranges: ClassVar = {"words": (0, 1), "limit": (1, 9)}

    problems = validate_rule_class(Odd, "acme")
    assert problems == ["acme: rule W990 has a range for 'words', which is not a number option"]
