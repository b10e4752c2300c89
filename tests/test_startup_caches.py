"""The start-up caches: cache.Table, parsed data files (datafile), compiled patterns (regexes).

Each must give exactly what the uncached path gives, notice when its input changes,
and never fail a run when its file is missing, broken, foreign or unwritable.
"""

from __future__ import annotations

import json
import marshal
import os
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
    table.put("k", {"a": [1, 2], "b": ["x", None]})
    table.put(("path", "digest"), 3)  # tuple keys come back as tuples
    table.save()
    again = Table("t", ("v", 1), environ=env)
    assert again.get("k") == {"a": [1, 2], "b": ["x", None]}
    assert again.get(("path", "digest")) == 3
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


@pytest.mark.parametrize("value", [object(), ("a", "tuple"), {1: "int key"}, float("nan")])
def test_table_refuses_values_that_are_not_plain_json(tmp_path, value):
    table = Table("t", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    table.put("k", value)
    table.save()  # dropped quietly: the work is simply done again next run
    assert not (tmp_path / "t").exists()


# -- data files -------------------------------------------------------------------------


def test_data_file_cached_value_equals_a_fresh_parse(tmp_path, monkeypatch):
    table = Table("data", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    monkeypatch.setattr(datafile, "table_for", lambda _directory: table)
    path = tmp_path / "d.yaml"
    path.write_text("date: 2024-05-01\nwords: [截止目前, 做为]\nn: 3\n", encoding="utf-8")
    first = datafile.load_yaml(path)
    # Timestamps stay strings: the table keeps plain values, readers parse their dates.
    assert first == {"date": "2024-05-01", "words": ["截止目前", "做为"], "n": 3}
    assert datafile.load_yaml(path) == first == datafile.load_yaml(path, cache=False)


def test_data_file_edit_is_seen(tmp_path, monkeypatch):
    table = Table("data", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    monkeypatch.setattr(datafile, "table_for", lambda _directory: table)
    path = tmp_path / "d.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert datafile.load_yaml(path) == {"a": 1}
    path.write_text("a: 22\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even a changed size alone must be enough
    assert datafile.load_yaml(path) == {"a": 22}


def test_data_file_errors_are_not_cached(tmp_path, monkeypatch):
    import yaml

    table = Table("data", "h", environ={"REPLINT_CACHE_DIR": str(tmp_path)})
    monkeypatch.setattr(datafile, "table_for", lambda _directory: table)
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(yaml.YAMLError):
            datafile.load_yaml(path)
    with pytest.raises(FileNotFoundError):
        datafile.load_yaml(tmp_path / "missing.yaml")


def test_each_folder_of_data_files_has_its_own_table(tmp_path, monkeypatch):
    """Two installations (or a user's rule folder beside the built-in data) do not
    share a table, so a run reads and verifies only the entries of its own files."""
    monkeypatch.setenv("REPLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(datafile, "_TABLES", {})
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "d.yaml").write_text(f"name: {name}\n", encoding="utf-8")
        assert datafile.load_yaml(tmp_path / name / "d.yaml") == {"name": name}
    for table in datafile._TABLES.values():
        table.save()
    files = sorted((tmp_path / "cache").glob("data-table-2-*"))
    assert len(files) == 2
    held = sorted(json.loads(f.read_bytes().split(b"\n", 2)[2])[0][0][0] for f in files)
    assert held == [str(tmp_path / "one" / "d.yaml"), str(tmp_path / "two" / "d.yaml")]
    monkeypatch.setattr(datafile, "_TABLES", {})  # a later run: served from its table
    monkeypatch.setattr(datafile, "parse_yaml", lambda _text: pytest.fail("parsed again"))
    assert datafile.load_yaml(tmp_path / "two" / "d.yaml") == {"name": "two"}


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


# -- no compiled code on disk (issue 18, item 5) ----------------------------------------


def test_no_regex_table_is_written_or_read(tmp_path):
    """Nothing the interpreter executes is stored: only the data table is written, and
    a planted regex table from an older version (bytecode that could crash _sre) is
    never read."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    planted = cache / f"regex-table-{sys.implementation.cache_tag}"
    planted.write_bytes(marshal.dumps((("x",), {("(a)", 0): (0, b"\xff" * 64, 1, {}, ())})))
    runs = [
        subprocess.run(
            [sys.executable, "-m", "replint", "-q", "seeds/000_fd30382e888d4f13.txt"],
            cwd=ROOT,
            env=_env(cache),
            capture_output=True,
            text=True,
            timeout=30,
        )
        for _ in range(2)
    ]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout
    names = sorted(p.name for p in cache.iterdir() if not p.name.startswith("jieba"))
    # One data table per folder of data files (rules/data, rules/data/rules), nothing else.
    tables = [name for name in names if name.startswith("data-table-2-")]
    assert len(tables) == 2 and sorted([*tables, planted.name]) == names
    for name in tables:
        assert b"replint-table" in (cache / name).read_bytes()[:20]
    assert not hasattr(regexes, "_COMPILER")


def test_patterns_compile_lazily(monkeypatch):
    compiled: list[str] = []
    real = regexes.compile
    monkeypatch.setattr(regexes, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    pattern = regexes.lazy_re(r"(?P<y>\d{4})年")
    assert compiled == []
    assert pattern.search("2021年").group("y") == "2021"
    assert compiled == [r"(?P<y>\d{4})年"]


# -- the cache is a trust boundary (issue 18, items 6 and 7) --------------------------------


def _seed_run(cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replint", "--format", "json", "seeds/000_fd30382e888d4f13.txt"],
        cwd=ROOT,
        env=_env(cache),
        capture_output=True,
        text=True,
        timeout=30,
    )


def _planted_table(tmp_path: Path, name: str = "t") -> tuple[Path, dict[str, str]]:
    """A cache dir holding a table that says "planted" for key "k"."""
    cache = tmp_path / "cache"
    env = {"REPLINT_CACHE_DIR": str(cache)}
    table = Table(name, "h", environ=env)
    table.put("k", "planted")
    table.save()
    return cache, env


def test_table_that_is_a_symlink_is_not_read(tmp_path):
    cache, env = _planted_table(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (cache / "t").rename(elsewhere)
    (cache / "t").symlink_to(elsewhere)
    assert Table("t", "h", environ=env).get("k") is None


@pytest.mark.parametrize("mode", [0o664, 0o646, 0o666])
def test_table_writable_by_group_or_others_is_not_read(tmp_path, mode):
    cache, env = _planted_table(tmp_path)
    os.chmod(cache / "t", mode)
    assert Table("t", "h", environ=env).get("k") is None


@pytest.mark.parametrize("mode", [0o777, 0o770])
def test_cache_dir_writable_by_others_is_not_used(tmp_path, mode):
    cache, env = _planted_table(tmp_path)
    os.chmod(cache, mode)
    table = Table("t", "h", environ=env)
    assert table.get("k") is None
    table.put("k", "mine")
    table.save()  # nor written
    os.chmod(cache, 0o700)
    assert Table("t", "h", environ=env).get("k") == "planted"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_table_owned_by_someone_else_is_not_read(tmp_path):
    cache, env = _planted_table(tmp_path)
    os.chown(cache / "t", 1, 1)
    assert Table("t", "h", environ=env).get("k") is None
    os.chown(cache / "t", 0, 0)
    os.chown(cache, 1, 1)  # a directory someone else owns
    assert Table("t", "h", environ=env).get("k") is None


def test_edited_table_fails_its_digest(tmp_path):
    cache, env = _planted_table(tmp_path)
    data = (cache / "t").read_bytes()
    (cache / "t").write_bytes(data.replace(b"planted", b"changed"))
    assert Table("t", "h", environ=env).get("k") is None


def test_corrupted_data_table_is_rebuilt_and_the_run_goes_on(tmp_path):
    """Item 7: a corrupted table (bit flips, valid JSON with other values, truncation)
    never breaks a run nor blames a built-in YAML file: same findings, exit 1."""
    cache = tmp_path / "cache"
    clean = _seed_run(cache)
    assert clean.returncode == 1 and json.loads(clean.stdout)
    # The table of rules/data (profiles, word lists): the larger of the two.
    table = max(cache.glob("data-table-2-*"), key=lambda p: p.stat().st_size)
    good = table.read_bytes()
    magic, stored, payload = good.split(b"\n", 2)
    entries = json.loads(payload)
    shuffled = json.dumps([[k, {"not": "the data"}] for k, _v in entries]).encode()
    for corrupt in (
        good[: len(good) // 2],
        good.replace(b"[", b"{", 3),
        b"\n".join((magic, stored, shuffled)),
        bytes(b ^ 0x20 if i % 97 == 5 else b for i, b in enumerate(good)),
    ):
        table.write_bytes(corrupt)
        os.chmod(table, 0o600)
        run = _seed_run(cache)
        assert run.returncode == 1, run.stderr
        assert run.stdout == clean.stdout
        assert "Traceback" not in run.stderr and "yaml" not in run.stderr.lower()
        assert table.read_bytes().split(b"\n", 2)[1] == stored  # rewritten


def test_document_cache_entry_that_was_tampered_with_is_not_unpickled(tmp_path):
    import pickle

    from replint.infra.cache import Cache

    cache = Cache("documents", directory=tmp_path / "c")
    key = cache.key(b"doc")
    assert cache.put(key, {"paragraphs": ["一", "二"]})
    assert cache.get(key) == {"paragraphs": ["一", "二"]}
    path = cache._path(key)
    stored, _, _payload = path.read_bytes().partition(b"\n")
    path.write_bytes(stored + b"\n" + pickle.dumps({"paragraphs": ["planted"]}))
    assert cache.get(key) is None and not path.exists()
    assert cache.put(key, [1])
    path.chmod(0o666)
    assert cache.get(key) is None


def test_planted_jieba_cache_is_not_followed(tmp_path):
    """jieba unmarshals jieba.cache without checks: a symlink or a file others can write
    in its place is removed before jieba starts."""
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    target = tmp_path / "attacker.cache"
    planted = marshal.dumps(({"planted": 1}, 1))
    target.write_bytes(planted)
    (cache / "jieba.cache").symlink_to(target)
    code = (
        "from replint.text import words\n"
        "t = words._tokenizer()\n"
        "print('planted' in t.FREQ, len(t.FREQ) > 1000)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=_env(cache), capture_output=True, text=True, timeout=60
    )
    assert run.stdout.split() == ["False", "True"], run.stderr
    assert not (cache / "jieba.cache").is_symlink()
    assert target.read_bytes() == planted


def test_jieba_skips_a_cache_dir_others_can_write(tmp_path):
    from replint.text import words

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    os.chmod(cache, 0o777)
    old = os.environ.get("REPLINT_CACHE_DIR")
    os.environ["REPLINT_CACHE_DIR"] = str(cache)
    try:
        assert words.cache_dir() != cache
    finally:
        if old is None:
            del os.environ["REPLINT_CACHE_DIR"]
        else:
            os.environ["REPLINT_CACHE_DIR"] = old


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
