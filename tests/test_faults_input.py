"""Bad input never hangs, explodes or crashes (issue 18, items 8-10, 14-17, 19).

Real processes with a 30 s bound each: FIFOs, a symlink to /dev/zero, symlink loops,
unreadable directories, hostile baselines, internal errors, odd file names.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TIMEOUT = 30
posix = pytest.mark.skipif(os.name != "posix", reason="needs POSIX special files")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )
    proc.out = proc.stdout.decode("utf-8", "replace")  # type: ignore[attr-defined]
    proc.err = proc.stderr.decode("utf-8", "replace")  # type: ignore[attr-defined]
    assert "Traceback" not in proc.err, proc.err  # type: ignore[attr-defined]
    return proc


GOOD = "一、主要工作\n今年完成了任务,效果很好。\n"


@posix
def test_fifo_given_directly_or_found_in_a_folder_is_reported_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    for args in (["a.txt", "b.txt"], ["."]):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 2
        assert "a.txt:1:1: E001" in proc.out and "FIFO" in proc.out
        assert "b.txt:2:" in proc.out  # the other file is still linted


@posix
def test_fifo_as_a_rule_file_or_config_is_a_config_error(tmp_path):
    os.mkfifo(tmp_path / "rules.yaml")
    (tmp_path / ".replint.yaml").write_text("rule_paths: [rules.yaml]\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    proc = run("b.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "rules.yaml" in proc.err and "FIFO" in proc.err
    os.mkfifo(tmp_path / "fifo.yaml")
    proc = run("--config", "fifo.yaml", "b.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "fifo.yaml" in proc.err


@posix
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_symlink_to_dev_zero_is_refused_at_once(tmp_path):
    (tmp_path / "z.txt").symlink_to("/dev/zero")
    proc = run("z.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "z.txt:1:1: E001" in proc.out and "character device" in proc.out


def test_bounded_read_stops_at_the_limit_whatever_the_size_says(tmp_path):
    from replint.infra.files import TooLarge, read_regular

    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 5000)
    assert read_regular(path, 5000) == b"x" * 5000
    with pytest.raises(TooLarge):
        read_regular(path, 4999)
    if os.path.exists("/proc/self/status"):  # st_size 0, yet it has content
        with pytest.raises(TooLarge):
            read_regular("/proc/self/status", 10)


def test_file_over_the_size_limit_is_e003(tmp_path):
    (tmp_path / ".replint.yaml").write_text("max_file_size: 1000\n", encoding="utf-8")
    (tmp_path / "big.txt").write_text("很长的报告。\n" * 200, encoding="utf-8")
    proc = run("big.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "E003" in proc.out


@posix
def test_symlink_loops_are_reported_and_the_rest_is_linted(tmp_path):
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    (tmp_path / "self.md").symlink_to("self.md")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    for args in (["."], ["loop1.txt", "b.txt"], ["self.md", "b.txt"]):
        proc = run(*args, cwd=tmp_path)
        assert proc.returncode == 2, proc.err
        assert "E001" in proc.out and "symbolic links" in proc.out
        assert "b.txt:2:" in proc.out


def test_unreadable_subdirectory_is_reported(tmp_path, monkeypatch):
    from replint.runner import discover as discover_module

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    targets = discover_module.discover([str(tmp_path)], {".txt"}, (), tmp_path)
    errors = {t.display: t.error for t in targets if t.error}
    assert errors == {(tmp_path / "locked").as_posix(): "cannot read directory: Permission denied"}
    assert [t.display for t in targets if not t.error] == [(tmp_path / "ok/a.txt").as_posix()]


@posix
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_unreadable_subdirectory_is_reported_by_the_cli(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        proc = run(".", cwd=tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert proc.returncode == 2 and "locked:1:1: E001" in proc.out


def test_empty_or_report_less_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "main.py").write_text("print(1)\n", encoding="utf-8")
    for folder in ("empty", "code"):
        proc = run(folder, cwd=tmp_path)
        assert proc.returncode == 2
        assert f"{folder}:1:1: E001" in proc.out and "nothing to lint" in proc.out


# -- baselines (item 16) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"version": 1, "findings": [' + "9" * 5000 + "]}",
        '{"version": 1, "findings": [1, "x", null]}',
        '"just a string"',
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
    ],
    ids=["deep", "long-number", "wrong-shape", "string", "not-utf8"],
)
def test_hostile_baseline_is_one_clear_message(tmp_path, content):
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "baseline.json").write_bytes(content.encode("latin-1", "replace"))
    proc = run("--baseline", "baseline.json", "b.txt", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.err.strip().splitlines()
    assert len(lines) == 1 and "baseline.json" in lines[0], proc.err


# -- non-UTF-8 file names (item 17) ---------------------------------------------------------


@posix
@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "json", "junit", "github", "text"])
def test_non_utf8_file_names_in_every_format(tmp_path, fmt):
    name = b"\xb1\xa8\xb8\xe6.txt"  # 报告 in GB18030: not UTF-8
    try:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
            fh.write(GOOD.encode("utf-8"))
    except OSError:
        pytest.skip("the file system does not take non-UTF-8 names")
    proc = run("--format", fmt, ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.err
    if fmt in ("sarif", "gitlab", "json"):
        data = json.loads(proc.stdout.decode("utf-8"))
        assert data
    else:
        proc.stdout.decode("utf-8")  # valid UTF-8


# -- internal errors (item 14) --------------------------------------------------------------


def test_internal_error_exits_2_with_one_line_and_a_debug_hint(tmp_path):
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    code = (
        "import sys\n"
        "import replint.session as s\n"
        "def boom(*a, **k):\n"
        "    raise ZeroDivisionError('planted')\n"
        "s.Session.lint_targets = boom\n"
        "from replint.cli.main import main\n"
        "sys.argv = ['replint', *sys.argv[1:]]\n"
        "main()\n"
    )
    for extra in ([], ["--debug"]):
        proc = subprocess.run(
            [sys.executable, "-c", code, *extra, "b.txt"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert proc.returncode == 2, proc.stderr
        if extra:
            assert "Traceback" in proc.stderr and "planted" in proc.stderr
        else:
            lines = proc.stderr.strip().splitlines()
            assert len(lines) == 1, proc.stderr
            assert "internal error" in lines[0] and "--debug" in lines[0]
            assert "ZeroDivisionError: planted" in lines[0]


# -- fuzzing: bytes, names and configs never crash -----------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_any_bytes_lint_without_a_crash(tmp_path, data):
    from replint.config import Config
    from replint.session import Session

    path = tmp_path / "f.txt"
    path.write_bytes(data)
    report = Session(Config(), jobs=1).lint([str(path)])
    assert all(f.code != "E005" for f in report.findings), report.findings
    assert all(f.code != "E004" for f in report.findings), report.findings


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    config=st.dictionaries(
        st.sampled_from(
            ["select", "ignore", "max_file_size", "profile", "rules", "exclude", "encoding", "jobs"]
        ),
        st.recursive(
            st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=6,
        ),
        max_size=3,
    )
)
def test_any_config_is_accepted_or_a_config_error(tmp_path, config):
    import yaml

    from replint.config import load_config
    from replint.model.errors import ReplintError
    from replint.session import Session

    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    with contextlib.suppress(ReplintError):  # a clear message; anything else fails
        Session(load_config(str(path)), jobs=1).lint([str(tmp_path / "b.txt")])


# -- the per-file time budget and output caps (item 12) -------------------------------------


def _registry_with(rule_cls):
    from replint.plugins import collect, get_plugin_manager

    registry = collect(get_plugin_manager())
    registry.rules[rule_cls.code] = rule_cls
    return registry


def test_a_rule_that_never_ends_is_stopped_by_the_budget(tmp_path):
    """E006: the file is reported as partially checked and the next file is checked."""
    from replint.config import Config
    from replint.plugin import Rule, Severity
    from replint.session import Session

    class Spin(Rule):
        """Never ends on a file named slow.txt."""

        code = "W901"
        name = "spin"
        severity = Severity.WARNING

        def check(self, doc, options):
            while doc.path.endswith("slow.txt"):
                pass
            return iter(())

    (tmp_path / "slow.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(GOOD, encoding="utf-8")
    config = Config(root=tmp_path, time_budget=0.5)
    report = Session(config, _registry_with(Spin), jobs=1).lint([str(tmp_path)])
    by_file = {}
    for f in report.findings:
        by_file.setdefault(Path(f.path).name, []).append(f.code)
    assert "E006" in by_file["slow.txt"]
    assert "E006" not in by_file["fine.txt"] and "T101" in by_file["fine.txt"]
    (message,) = [f.message for f in report.findings if f.code == "E006"]
    assert "partially checked" in message and "W901" in message


def test_time_budget_must_be_positive(tmp_path):
    from replint.config import load_config
    from replint.model.errors import ConfigError

    (tmp_path / ".replint.yaml").write_text("time_budget: 0\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(str(tmp_path / ".replint.yaml"))


@pytest.mark.slow
def test_huge_placeholder_run_is_quoted_within_bounds(tmp_path):
    """10 MB of X (here 1 MB, every pass linear) gives a bounded message and quote."""
    (tmp_path / "x.txt").write_text("一、工作\n" + "X" * 1_000_000 + "\n", encoding="utf-8")
    proc = run("x.txt", cwd=tmp_path)
    assert proc.returncode in (1, 2)
    assert len(proc.stdout) < 20_000, len(proc.stdout)
    for line in proc.out.splitlines():
        assert len(line) < 1200


# -- Big5 and Shift-JIS are not GB18030 (item 18) -------------------------------------------

TRADITIONAL = "一、主要工作\n本年度完成各項任務，推動業務發展，服務品質明顯提升。\n二、存在問題\n人員不足，經費緊張。\n"
JAPANESE = "一、主な業務\n今年度はすべての作業を完了し、品質が向上しました。\n二、問題点\n人手が足りません。\n"
SIMPLIFIED = "一、主要工作\n本年度完成各项任务，推动业务发展，服务质量明显提升。\n二、存在问题\n人员不足，经费紧张。\n"


def test_big5_and_shift_jis_are_reported_with_an_encoding_hint(tmp_path):
    (tmp_path / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "sjis.txt").write_bytes(JAPANESE.encode("shift_jis"))
    proc = run("big5.txt", "sjis.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "big5.txt:1:1: E002" in proc.out and "--encoding big5" in proc.out
    assert "sjis.txt:1:1: E002" in proc.out and "--encoding shift_jis" in proc.out
    forced = run("--encoding", "big5", "--select", "E", "big5.txt", cwd=tmp_path)
    assert forced.returncode == 0, forced.out


def test_gbk_simplified_and_traditional_stay_gb18030():
    from replint.readers.text import decode

    for text in (SIMPLIFIED, TRADITIONAL, "计划生育工作总结，XX项。\n"):
        decoded = decode("r.txt", text.encode("gbk"))
        assert decoded.text == text and decoded.encoding == "gb18030"


# -- plugins returning garbage (item 15) ----------------------------------------------------


def _plugin(hook: str, result):
    import types

    from replint import hookimpl

    module = types.ModuleType("bad_plugin")

    def impl():
        if isinstance(result, Exception):
            raise result
        return result

    impl.__name__ = hook
    setattr(module, hook, hookimpl(impl))
    return module


@pytest.mark.parametrize(
    ("hook", "result"),
    [
        ("replint_add_rules", 3),
        ("replint_add_rules", [1, 2]),
        ("replint_add_rules", RuntimeError("boom")),
        ("replint_add_readers", "txt"),
        ("replint_add_readers", {".foo": 42}),
        ("replint_add_formatters", {"bad": object}),
        ("replint_add_profiles", [1]),
        ("replint_add_profiles", {"name": "x"}),
    ],
)
def test_plugin_hook_garbage_is_a_plugin_error_naming_plugin_and_hook(hook, result):
    from replint.model.errors import PluginError
    from replint.plugins import collect, get_plugin_manager

    pm = get_plugin_manager(autoload=False)
    pm.register(_plugin(hook, result), name="bad-plugin")
    with pytest.raises(PluginError) as info:
        collect(pm)
    message = str(info.value)
    assert "bad-plugin" in message
    assert hook in message or "Rule subclass" in message


def test_plugin_rule_yielding_non_findings_and_reader_returning_text(tmp_path):
    from replint.config import Config
    from replint.plugin import Rule, Severity
    from replint.plugins import collect, get_plugin_manager
    from replint.session import Session

    class Junk(Rule):
        """Yields garbage."""

        code = "W902"
        name = "junk"
        severity = Severity.WARNING

        def check(self, doc, options):
            yield 42

    pm = get_plugin_manager(autoload=False)
    pm.register(_plugin("replint_add_readers", {".foo": lambda p, d, o: "text"}), name="rd")
    registry = collect(pm)
    registry.rules["W902"] = Junk
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.foo").write_text(GOOD, encoding="utf-8")
    report = Session(Config(root=tmp_path), registry, jobs=1).lint(
        [str(tmp_path / "a.txt"), str(tmp_path / "b.foo")]
    )
    messages = {(Path(f.path).name, f.code): f.message for f in report.findings}
    assert "W902" in messages[("a.txt", "E005")] and "not a Finding" in messages[("a.txt", "E005")]
    assert "'rd'" in messages[("b.foo", "E004")] and "not a Document" in messages[("b.foo", "E004")]


@pytest.mark.slow
def test_unclosed_front_matter_is_linear(tmp_path):
    """20,000 lines after an unclosed `---` (one paragraph of 20,000 segments)."""
    (tmp_path / "fm.md").write_text(
        "---\ntitle: x\n" + "正文内容,很长。\n" * 20_000, encoding="utf-8"
    )
    proc = run("-q", "--select", "T101", "fm.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert len(proc.out.splitlines()) == 20_000


@pytest.mark.slow
def test_many_short_lines_finish_within_the_bound(tmp_path):
    lines = ["一、主要工作", *(f"开展培训{i}次,效果好。" for i in range(50_000))]
    (tmp_path / "many.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("-q", "many.txt", cwd=tmp_path)
    assert proc.returncode in (1, 2)
    assert "E006" not in proc.out


# -- file names (hypothesis) ----------------------------------------------------------------

NAME_CHARS = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="/\x00", min_codepoint=1
)


@posix
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stem=st.text(NAME_CHARS, min_size=1, max_size=20),
    suffix=st.sampled_from([".txt", ".md", ".TXT"]),
)
def test_any_file_name_is_linted_and_shown(tmp_path, stem, suffix):
    import uuid

    from replint.config import Config
    from replint.formatters import printable_path
    from replint.formatters.json import JsonFormatter
    from replint.formatters.sarif import SarifFormatter
    from replint.session import Session

    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    try:
        path = folder / (stem + suffix)
        path.write_text(GOOD, encoding="utf-8")
    except (OSError, ValueError):
        return  # a name this file system refuses
    report = Session(Config(root=folder), jobs=1).lint([str(folder)])
    assert not any(f.code.startswith("E") for f in report.findings), report.findings
    assert any(f.code == "T101" for f in report.findings)
    from replint.formatters import FormatterOptions, printable_report

    options = FormatterOptions(color=False, show_source=True)
    json.loads(JsonFormatter(options).render(printable_report(report)))
    json.loads(SarifFormatter(options).render(report))
    assert all(printable_path(p).encode("utf-8") for p in report.files)


# -- signals (real processes) ---------------------------------------------------------------


@posix
@pytest.mark.slow
def test_sigkill_during_fix_leaves_each_file_whole(tmp_path):
    """Killed at any moment, every file is its old text or its fixed text."""
    import signal
    import time

    texts = {f"r{i:02}.txt": GOOD * (i + 1) for i in range(40)}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for delay in (0.3, 0.6, 0.9):
        proc = subprocess.Popen(
            [sys.executable, "-m", "replint", "--fix", "-j", "1", "."],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        for name, text in texts.items():
            content = (tmp_path / name).read_text(encoding="utf-8")
            assert content in (text, text.replace(",", "，")), name


@posix
def test_sigint_exits_2_with_one_line(tmp_path):
    import signal
    import time

    for i in range(60):
        (tmp_path / f"r{i:02}.txt").write_text(GOOD * 200, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "replint", "-j", "1", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=TIMEOUT)
    if proc.returncode in (0, 1):
        pytest.skip("the run finished before the signal")
    assert proc.returncode == 2
    assert "Traceback" not in err and "interrupted" in err


def test_a_run_of_identical_placeholders_is_one_finding_with_a_count():
    from replint import lint_text

    text = "一、主要工作\n完成XX项，" + "XX " * 500 + "\n负责人：XX、XX\n"
    found = [f for f in lint_text(text) if f.code == "P101"]
    runs = [f for f in found if "times in a row" in f.message]
    assert len(runs) == 1 and "500 times in a row" in runs[0].message
    assert (runs[0].line, runs[0].end_line) == (2, 2)
    # Two placeholders, or ones with text between them, stay separate findings.
    assert len([f for f in found if f.line == 3]) == 2
