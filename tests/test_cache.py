"""replint.infra.cache as a trust boundary: entries are plain data decoded by a schema.

Anyone who can write the cache directory can compute an entry's digest (its key is
not secret), so these tests plant entries *with a valid digest*: of the wrong shape,
type or size they must be ignored and rebuilt, never crash nor run code; of a valid
shape they are believed, unless ``REPLINT_CACHE_KEY`` keys the digests.
"""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from replint.infra import cache as cache_module
from replint.infra.cache import Cache, digest, from_plain, secret, to_plain
from replint.model.findings import Edit, Finding, Fix, Severity
from replint.text.simjoin import ArchiveIndex, ShingleTable

FINDINGS = tuple[Finding, ...]


def _finding(line: int = 3, fix: bool = True) -> Finding:
    edit = Fix((Edit(line, 5, line, 7, "二〇二四"),), safe=False, description="年份")
    return Finding(
        "报告/2024年总结.txt",
        line,
        5,
        line,
        7,
        "D101",
        "future-year",
        Severity.WARNING,
        "年份写成了2042年",
        edit if fix else None,
        matched="2042",
    )


def _plant(cache: Cache, key: str, payload: bytes, secret_key: bytes = b"") -> Path:
    """Write ``payload`` as the entry for ``key`` with a digest an attacker can compute."""
    path = cache._path(key)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_bytes(digest(payload, secret_key + key.encode()).encode() + b"\n" + payload)
    os.chmod(path, 0o600)
    return path


# -- plain data ---------------------------------------------------------------------------


def test_findings_round_trip_through_plain_json():
    found = (_finding(), _finding(9, fix=False))
    data = json.loads(json.dumps(to_plain(found, FINDINGS)))
    back = from_plain(data, FINDINGS)
    assert back == found
    assert [f.matched for f in back] == ["2042", "2042"]  # compare=False fields kept too
    assert back[0].severity is Severity.WARNING and back[0].fix.safe is False


class _Span(NamedTuple):
    line: int
    text: str


@dataclass(frozen=True)
class _Part:
    paths: tuple[str, ...]
    spans: tuple[tuple[_Span, ...], ...]
    weights: dict[str, float]
    note: str | None = None


def test_frozen_dataclasses_and_named_tuples_follow_their_type_hints():
    part = _Part(("a.txt", "b.txt"), ((_Span(1, "一"),), ()), {"x": 1.0}, None)
    plain = to_plain(part, _Part)
    assert plain == {
        "paths": ["a.txt", "b.txt"],
        "spans": [[[1, "一"]], []],
        "weights": {"x": 1.0},
        "note": None,
    }
    assert from_plain(plain, _Part) == part


@pytest.mark.parametrize(
    "data",
    [
        {"paths": ["a.txt"], "spans": [], "weights": {}},  # a field missing
        {"paths": ["a.txt"], "spans": [], "weights": {}, "note": None, "cls": "os.system"},
        {"paths": "a.txt", "spans": [], "weights": {}, "note": None},  # str is not a tuple
        {"paths": [1], "spans": [], "weights": {}, "note": None},
        {"paths": [], "spans": [[[True, "一"]]], "weights": {}, "note": None},  # bool != int
        {"paths": [], "spans": [[[1, "一", 2]]], "weights": {}, "note": None},
        {"paths": [], "spans": [], "weights": {"x": "1"}, "note": None},
        {"paths": [], "spans": [], "weights": {}, "note": 3},
        [],
        None,
    ],
)
def test_data_of_another_shape_is_refused(data):
    with pytest.raises((TypeError, ValueError)):
        from_plain(data, _Part)


def test_values_without_a_plain_form_are_not_encoded():
    with pytest.raises(TypeError):
        to_plain({"a": object()})
    with pytest.raises(ValueError):
        to_plain([float("nan")])
    with pytest.raises(TypeError):
        to_plain(_finding(), tuple[str, ...])
    # Without a schema, tuples and dict keys of any plain type keep their types.
    value = {("path", 1): [(1, 2), {"k": None}], "s": 1.5}
    assert from_plain(json.loads(json.dumps(to_plain(value)))) == value


# -- planted entries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\x80\x05garbage",
        b"[" * 100_000 + b"]" * 100_000,  # nested deeper than any decoder recursion
        b"[" + b"9" * 5000 + b"]",  # a 5,000-digit number
        b'{"not": "findings"}',
        b'[{"path": "a.txt"}]',
        json.dumps([{**to_plain(_finding(), Finding), "severity": "fatal"}]).encode(),
        json.dumps([{**to_plain(_finding(), Finding), "line": "3"}]).encode(),
        json.dumps([{**to_plain(_finding(), Finding), "fix": {"edits": 1}}]).encode(),
        pickle.dumps((_finding(),)),  # the old format: never unpickled
    ],
)
def test_planted_entries_of_the_wrong_shape_are_dropped_and_rebuilt(tmp_path, payload):
    cache = Cache("findings", directory=tmp_path)
    key = cache.key(b"report bytes")
    path = _plant(cache, key, payload)
    rebuilt = (_finding(),)
    got = cache.get_or_compute(key, lambda: rebuilt, schema=FINDINGS)
    assert got == rebuilt
    # The entry was replaced by a good one, which the next run reads.
    assert cache.get(key, schema=FINDINGS) == rebuilt
    assert path.read_bytes() != payload


def test_a_planted_pickle_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))

    cache = Cache("findings", directory=tmp_path / "c")
    key = cache.key("k")
    _plant(cache, key, pickle.dumps(Exploit()))
    assert cache.get(key, "missing") == "missing"
    assert cache.get(key, "missing", schema=FINDINGS) == "missing"
    assert not marker.exists()


def test_an_oversized_entry_is_ignored(tmp_path, monkeypatch):
    cache = Cache("findings", directory=tmp_path)
    key = cache.key("k")
    assert cache.put(key, (_finding(),) * 20, schema=FINDINGS)
    monkeypatch.setattr(cache_module, "MAX_CACHE_FILE", 1000)
    assert cache.get(key, "missing", schema=FINDINGS) == "missing"
    assert not cache.put(key, (_finding(),) * 20, schema=FINDINGS)  # too big to store


def test_a_planted_entry_of_valid_shape_is_believed_unless_the_digests_are_keyed(
    tmp_path, monkeypatch
):
    """What plain data cannot stop (the README's cache section says so): an entry of
    valid shape and digest is used as it stands. A secret in REPLINT_CACHE_KEY that the
    attacker does not have makes it fail the check."""
    planted = json.dumps(to_plain((), FINDINGS)).encode()  # "this report has no findings"
    cache = Cache("findings", directory=tmp_path)
    key = cache.key("k")
    _plant(cache, key, planted)
    assert cache.get(key, schema=FINDINGS) == ()

    env = {"REPLINT_CACHE_KEY": "a CI secret"}
    keyed = Cache("findings", directory=tmp_path, environ=env)
    key = keyed.key("k")
    _plant(keyed, key, planted)
    assert keyed.get(key, "missing", schema=FINDINGS) == "missing"
    assert keyed.put(key, (_finding(),), schema=FINDINGS)
    assert keyed.get(key, schema=FINDINGS) == (_finding(),)
    # ... and one written with the secret means nothing without it.
    plain = Cache("findings", directory=tmp_path)
    assert plain.get(key, "missing", schema=FINDINGS) == "missing"
    assert secret({}) == b"" and len(secret(env)) == 20


# -- the one entry kind replint writes today: R201's archive index -------------------------


def _archive() -> ArchiveIndex:
    texts = [
        "区委全年召开意识形态工作专题会议四次",
        "全面落实意识形态工作责任制",
        "加强网络阵地管理",
        "区委全年召开意识形态工作专题会议五次",
    ]
    return ArchiveIndex.build([ShingleTable.build(texts)], 0.8)


def test_the_archive_index_round_trips_and_answers_the_same(tmp_path):
    index = _archive()
    cache = Cache("r201-archive", directory=tmp_path)
    key = cache.key("archive")
    assert cache.put(key, index, schema=ArchiveIndex)
    back = cache.get(key, schema=ArchiveIndex)
    assert isinstance(back, ArchiveIndex) and back.ranks == index.ranks
    for record in index.index.records:
        assert back.index.query(list(record)) == index.index.query(list(record))


def _ints(typecode: str, values: list[int]) -> str:
    from array import array

    from replint.infra.cache import pack_ints

    return pack_ints(array(typecode, values))


def _set(field: str, value: Any) -> Any:
    return lambda d: d["index"].__setitem__(field, value)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["ranks"].update({"新": len(d["ranks"]) + 5}),  # ranks not 0..n-1
        lambda d: d["ranks"].update({"新": "0"}),
        _set("flat", _ints("i", [10**6] * 40)),  # sizes do not add up, unknown ranks
        _set("flat", "not base64!"),
        _set("flat", _ints("q", [1, 2, 3])[:-2]),  # not whole items
        _set("sizes", _ints("i", [-1])),
        _set("keys", _ints("q", [5, 3])),  # posting keys out of order
        _set("offsets", _ints("q", [0, 10**9])),  # postings past the end
        _set("ids", _ints("i", [10**6])),  # a posting naming no record
        _set("signatures", ["-1"]),
        _set("signatures", 7),
        _set("threshold", 7.0),
        _set("threshold", "0.8"),
        lambda d: d.__setitem__("extra", 1),
        lambda d: d["index"].pop("ids"),
    ],
)
def test_a_planted_archive_index_of_the_wrong_shape_is_rebuilt(tmp_path, damage):
    cache = Cache("r201-archive", directory=tmp_path)
    key = cache.key("archive")
    data = to_plain(_archive(), ArchiveIndex)
    damage(data)
    with pytest.raises((TypeError, ValueError, OverflowError)):
        from_plain(data, ArchiveIndex)
    _plant(cache, key, json.dumps(data, ensure_ascii=False).encode())
    built = []
    got = cache.get_or_compute(key, lambda: built.append(1) or _archive(), schema=ArchiveIndex)
    assert built == [1] and got.ranks == _archive().ranks


def test_the_data_table_is_keyed_by_the_secret_too(tmp_path):
    from replint.infra.cache import Table

    plain = {"REPLINT_CACHE_DIR": str(tmp_path)}
    keyed = {**plain, "REPLINT_CACHE_KEY": "a CI secret"}
    table = Table("t", "h", environ=plain)
    table.put("words", ["计划", "总结"])
    table.save()
    assert Table("t", "h", environ=plain).get("words") == ["计划", "总结"]
    assert Table("t", "h", environ=keyed).get("words") is None  # planted without the secret
