"""The start-up caches: cache.Table, parsed data files (datafile), compiled patterns (regexes).

Each must give exactly what the uncached path gives, notice when its input changes,
and never fail a run when its file is missing, broken, foreign or unwritable.
"""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from replint.infra import datafile, regexes
from replint.infra.cache import Table

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "REPLINT_NO_CACHE"}
    env["REPLINT_CACHE_DIR"] = str(tmp_path)
    env.update(extra)
    return env


# -- Table ----------------------------------------------------------------------------


def test_table_round_trip_and_header_check(tmp_path):
    env = {"REPLINT_CACHE_DIR": str(tmp_path)}
    table = Table("t", ("v", 1), environ=env)
    assert table.get("k") is None
    table.put("k", {"a": [1, 2], "b": ("x", None)})
    table.save()
    assert Table("t", ("v", 1), environ=env).get("k") == {"a": [1, 2], "b": ("x", None)}
    # Written under another header (a new format, another interpreter): not trusted.
    assert Table("t", ("v", 2), environ=env).get("k") is None


def test_table_survives_a_broken_file_and_an_unwritable_directory(tmp_path):
    env = {"REPLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "t").write_bytes(b"\x00not marshal")
    table = Table("t", "h", environ=env)
    assert table.get("k", "missing") == "missing"
    table.put("k", 1)
    table.save()  # replaces the broken file
    assert Table("t", "h", environ=env).get("k") == 1

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the directory should be", encoding="utf-8")
    table = Table("t", "h", environ={"REPLINT_CACHE_DIR": str(blocked / "sub")})
    table.put("k", 1)
    table.save()  # no error, nothing written
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_table_is_off_with_replint_no_cache(tmp_path):
    env = {"REPLINT_CACHE_DIR": str(tmp_path), "REPLINT_NO_CACHE": "1"}
    table = Table("t", "h", environ=env)
    table.put("k", 1)
    table.save()
    assert not (tmp_path / "t").exists()


def test_table_refuses_values_marshal_cannot_store(tmp_path):
    table = Table("t", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    table.put("k", object())
    table.save()  # dropped quietly: the work is simply done again next run
    assert not (tmp_path / "t").exists()


# -- data files -------------------------------------------------------------------------


def test_data_file_cached_value_equals_a_fresh_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(
        datafile, "_TABLE", Table("data", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    )
    path = tmp_path / "d.yaml"
    path.write_text("date: 2024-05-01\nwords: [截止目前, 做为]\nn: 3\n", encoding="utf-8")
    first = datafile.load_yaml(path)
    # Timestamps stay strings: marshal keeps plain values, readers parse their dates.
    assert first == {"date": "2024-05-01", "words": ["截止目前", "做为"], "n": 3}
    assert datafile.load_yaml(path) == first == datafile.load_yaml(path, cache=False)


def test_data_file_edit_is_seen(tmp_path, monkeypatch):
    monkeypatch.setattr(
        datafile, "_TABLE", Table("data", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    )
    path = tmp_path / "d.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert datafile.load_yaml(path) == {"a": 1}
    path.write_text("a: 22\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even a changed size alone must be enough
    assert datafile.load_yaml(path) == {"a": 22}


def test_data_file_errors_are_not_cached(tmp_path, monkeypatch):
    import yaml

    monkeypatch.setattr(
        datafile, "_TABLE", Table("data", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    )
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(yaml.YAMLError):
            datafile.load_yaml(path)
    with pytest.raises(FileNotFoundError):
        datafile.load_yaml(tmp_path / "missing.yaml")


def test_warm_run_does_not_import_yaml(tmp_path):
    """With the data cached, a run on a .txt report never imports PyYAML."""
    code = (
        "import sys\n"
        "from replint.cli.main import main\n"
        "sys.argv = ['replint', '-q', 'seeds/000_fd30382e888d4f13.txt']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('yaml' in sys.modules, file=sys.stderr)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
        )
        for _ in range(2)
    ]
    assert [r.stderr.strip().splitlines()[-1] for r in runs] == ["True", "False"]
    assert runs[0].stdout == runs[1].stdout


# -- compiled patterns ---------------------------------------------------------------------

PATTERNS = [
    (r"(?P<year>(?:19|20)[0-9]{2})\s*年", 0, "二〇二一年 2021年 1999 年"),
    (r"[一二三四五六七八九十]{1,3}[、．.]", 0, "一、总体情况 十二.下一步"),
    (r"\bweek\s*(\d+)\b", re.I, "Weekly WEEK 12 week3"),
    (r"^\s*(?:第(?P<n>[一二三]+)部分)", re.M, "前言\n第二部分 问题\n 第三部分"),
    (r"(截止|截至)(?=目前)", 0, "截止目前 截至目前 截止日期"),
    (r"[\u3400-\u4dbf\u4e00-\u9fff]+", 0, "abc中文def"),
    (r"(.)\1", re.S, "的的\n\n"),
]


@pytest.mark.parametrize(("pattern", "flags", "text"), PATTERNS)
def test_cached_pattern_equals_re_compile(tmp_path, monkeypatch, pattern, flags, text):
    compiler = regexes._Compiler()
    compiler.table = Table("rx", ("h",), environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    monkeypatch.setattr(regexes, "_COMPILER", compiler)
    fresh = re.compile(pattern, flags)
    first = regexes.compile(pattern, flags)  # compiled here and stored
    compiler.table.save()
    again = regexes._Compiler()
    again.table = Table("rx", ("h",), environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    monkeypatch.setattr(regexes, "_COMPILER", again)
    stored = regexes.compile(pattern, flags)  # rebuilt from the stored form
    assert again.table.get((pattern, int(flags))) is not None
    for got in (first, stored):
        assert (got.pattern, got.flags, got.groups, got.groupindex) == (
            fresh.pattern,
            fresh.flags,
            fresh.groups,
            fresh.groupindex,
        )
        assert [m.span() for m in got.finditer(text)] == [m.span() for m in fresh.finditer(text)]
        assert [m.groupdict() for m in got.finditer(text)] == [
            m.groupdict() for m in fresh.finditer(text)
        ]
        assert got.sub("#", text) == fresh.sub("#", text)


def test_invalid_pattern_raises_like_re(monkeypatch, tmp_path):
    compiler = regexes._Compiler()
    compiler.table = Table("rx", ("h",), environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    monkeypatch.setattr(regexes, "_COMPILER", compiler)
    with pytest.raises(re.error):
        regexes.compile("(unclosed")
    assert compiler.table is not None  # a bad pattern does not switch the cache off


def test_changed_internals_fall_back_to_re(monkeypatch, tmp_path):
    compiler = regexes._Compiler()
    compiler.table = Table("rx", ("h",), environ={"REPLINT_CACHE_DIR": str(tmp_path)})

    def broken(*_args: object) -> None:
        raise TypeError("compile() takes 5 arguments")

    compiler._sre_compile = broken
    monkeypatch.setattr(regexes, "_COMPILER", compiler)
    assert regexes.compile(r"\d+年").findall("2021年 2022年") == ["2021年", "2022年"]
    assert compiler.table is None


def test_stored_table_is_used_by_the_next_run(tmp_path):
    runs = [
        subprocess.run(
            [sys.executable, "-m", "replint", "-q", "seeds/000_fd30382e888d4f13.txt"],
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
        )
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout
    table = tmp_path / f"regex-table-{sys.implementation.cache_tag}"  # one per interpreter
    header, entries = marshal.loads(table.read_bytes())
    assert header[1] == sys.version and len(entries) > 50


@pytest.mark.parametrize("how", ["--no-cache", "config"])
def test_no_cache_writes_nothing(tmp_path, how):
    cache = tmp_path / "cache"
    work = tmp_path / "work"
    work.mkdir()
    (work / "r.txt").write_text("2024年工作总结\n截止目前，完成XX项。\n", encoding="utf-8")
    args = ["r.txt"]
    if how == "config":
        (work / ".replint.yaml").write_text("cache: false\n", encoding="utf-8")
    else:
        args.insert(0, "--no-cache")
    proc = subprocess.run(
        [sys.executable, "-m", "replint", *args],
        cwd=work,
        env=_env(cache),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert "W101" in proc.stdout
    assert not cache.exists() or not any(cache.iterdir())


def test_importing_and_using_the_library_writes_nothing_to_the_cache(tmp_path):
    """Only a command-line run keeps its start-up tables; a script that imports replint
    and lints through the library leaves the user's cache alone."""
    cache = tmp_path / "cache"
    script = "import replint\nprint(len(replint.lint_text('2024年工作总结\\n完成XX项。\\n')))\n"
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=_env(cache), capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 0
    assert not cache.exists() or not any(cache.iterdir())


def test_table_keeps_only_used_entries_past_its_limit(tmp_path):
    env = {"REPLINT_CACHE_DIR": str(tmp_path)}
    table = Table("t", "h", limit=3, environ=env)
    for k in range(3):
        table.put(k, k)
    table.save()
    later = Table("t", "h", limit=3, environ=env)
    assert later.get(1) == 1
    later.put("new", 9)  # four entries now: only the two this run used are kept
    later.save()
    final = Table("t", "h", limit=3, environ=env)
    assert [final.get(k) for k in (0, 1, 2, "new")] == [None, 1, None, 9]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_table_owned_by_someone_else_is_not_read(tmp_path):
    env = {"REPLINT_CACHE_DIR": str(tmp_path)}
    table = Table("t", "h", environ=env)
    table.put("k", "planted")
    table.save()
    os.chown(tmp_path / "t", 1, 1)
    assert Table("t", "h", environ=env).get("k") is None


def test_a_warm_run_compiles_no_pattern(tmp_path):
    """Every pattern a run builds is the same string each run (no set or hash order),
    so a second run finds all of them in the table."""
    code = (
        "import sys\n"
        "from replint import regexes\n"
        "misses = []\n"
        "entry = regexes._Compiler._entry\n"
        "def counted(self, pattern, flags):\n"
        "    misses.append(pattern)\n"
        "    return entry(self, pattern, flags)\n"
        "regexes._Compiler._entry = counted\n"
        "from replint.cli.main import main\n"
        "sys.argv = ['replint', '-q', 'seeds/']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(len(misses), misses[:3], file=sys.stderr)\n"
    )
    runs = []
    for seed in ("1", "2"):  # another hash seed each run, as for any two processes
        runs.append(
            subprocess.run(
                [sys.executable, "-c", code],
                cwd=ROOT,
                env=_env(tmp_path, PYTHONHASHSEED=seed),
                capture_output=True,
                text=True,
            )
        )
    first, second = (r.stderr.strip().splitlines()[-1] for r in runs)
    assert int(first.split()[0]) > 50
    assert second.startswith("0 "), second
