"""Tests for replint.text.similarity, replint.text.simjoin, replint.infra.cache and the repetition rules (R)."""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import random
import subprocess
import sys
import time
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replint_rules.repetition import (
    CopiedFromOtherReport,
    DuplicateParagraph,
    NearDuplicateParagraph,
    RepeatedClause,
    heading_paragraphs,
    is_heading_like,
)

from replint.infra.cache import Cache, default_cache_dir
from replint.testing import read_source, run_rule
from replint.text.similarity import (
    Alignment,
    align,
    brute_force_pairs,
    jaccard,
    normalize,
    normalize_with_offsets,
    repeats,
    shingles,
    text_similarity,
    weight,
)
from replint.text.simjoin import (
    ArchiveIndex,
    ReferenceIndex,
    ShingleTable,
    Vocabulary,
    self_join,
    signature,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(prefix + "_*.txt"))


# -- normalising ---------------------------------------------------------------------


def test_normalize_drops_punctuation_and_space_and_folds_width_and_case():
    assert normalize("２０２１年，ＡＢ公司 “四史” 学习！") == "2021年ab公司四史学习"
    assert normalize("Hello, World — 2021.") == "helloworld2021"
    assert normalize("（一）") == "一"
    assert normalize("") == ""


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("加强学习AbＣ１2 ，。、“”()（）_-①㈠İß\n")), max_size=40)
)
def test_offsets_agree_with_normalize(text):
    norm, offsets = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm)
    assert list(offsets) == sorted(offsets)
    for ch, off in zip(norm, offsets, strict=True):
        # Every kept character comes from a source character that normalises to it.
        assert ch in normalize(text[off])


def test_weight_counts_chinese_characters_and_thirds_of_latin():
    assert weight("意识形态") == 4
    assert weight("abcdef") == 2
    assert weight("工作abc") == 3


def test_align_counts_shared_characters_in_order_and_lists_the_edits():
    assert align("abcdef", "abcdef") == Alignment(6, ())
    assert align("abcdef", "abXdef") == Alignment(5, (("c", "X"),))
    assert align("abcdef", "abef") == Alignment(4, (("cd", ""),))
    assert align("", "abc") == Alignment(0, (("", "abc"),))
    # A changed character costs one character, not the three shingles that hold it.
    found = align("组织开展业务培训邀请专家授课", "组织开展业务培训邀请专家受课")
    assert found.matched == 13 and found.edits == (("授", "受"),)


def test_shingles_are_character_trigrams():
    assert shingles("abcd") == {"abc", "bcd"}
    assert shingles("ab") == {"ab"}
    assert shingles("") == set()
    assert shingles("aaaa") == {"aaa"}


def test_seed_pairs_have_the_similarities_a_reviewer_measured():
    a = seed("000").read_text(encoding="utf-8").splitlines()
    b = seed("001").read_text(encoding="utf-8").splitlines()
    assert round(text_similarity(a[7], b[8]), 2) == 0.86
    assert round(text_similarity(a[12], b[13]), 2) == 0.83
    assert text_similarity(a[17], b[18]) < 0.8  # 0.73: below the default threshold


# -- joins against brute force -------------------------------------------------------------


def _mutated_corpus(rng: random.Random, n: int) -> list[str]:
    """Texts from a small alphabet, many of them edited copies of earlier ones."""
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
    base = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(15, 60))) for _ in range(n // 3)
    ]
    out = list(base)
    while len(out) < n:
        text = list(rng.choice(out))
        for _ in range(rng.randint(0, 4)):
            op = rng.random()
            i = rng.randrange(len(text))
            if op < 0.4:
                text[i] = rng.choice(alphabet)
            elif op < 0.7:
                text.insert(i, rng.choice(alphabet))
            elif len(text) > 5:
                del text[i]
        out.append("".join(text))
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9, 1.0])
def test_self_join_equals_brute_force(threshold):
    rng = random.Random(int(threshold * 100))
    texts = _mutated_corpus(rng, 240)
    sets = [shingles(t) for t in texts]
    vocab = Vocabulary(sets)
    records = vocab.records()
    assert [len(r) for r in records] == [len(s) for s in sets]
    want = {(p.left, p.right): p.similarity for p in brute_force_pairs(sets, threshold)}
    assert want, "the corpus must contain pairs, or the test proves nothing"
    # Tokens found in one record only are skipped (once_below), and the pairs stay.
    assert vocab.once_below() > 0
    for once_below in (0, vocab.once_below()):
        joined = self_join(records, threshold, once_below=once_below)
        got = {(p.left, p.right): p.similarity for p in joined}
        assert got.keys() == want.keys()
        for key, sim in want.items():
            assert got[key] == pytest.approx(sim)


def test_distinct_records_number_each_record_by_its_first_equal():
    texts = ["一二三四五", "五四三二一", "一二三四五", "甲乙丙丁", "五四三二一", "一二三四五"]
    vocab = Vocabulary.from_texts(texts)
    kept, which = vocab.distinct_records()
    assert list(which) == [0, 1, 0, 2, 1, 0]
    assert kept == [vocab.records()[i] for i in (0, 1, 3)]


def test_self_join_skips_pairs_in_the_same_group():
    rng = random.Random(7)
    texts = _mutated_corpus(rng, 120)
    sets = [shingles(t) for t in texts]
    groups = [i % 5 for i in range(len(texts))]
    groups[0] = -1  # in no group: pairs with everything
    records = Vocabulary(sets).records()
    got = {(p.left, p.right) for p in self_join(records, 0.7, groups)}
    want = {
        (p.left, p.right)
        for p in brute_force_pairs(sets, 0.7)
        if groups[p.left] < 0 or groups[p.left] != groups[p.right]
    }
    assert got == want
    assert any(groups[a] != groups[b] for a, b in want)


def test_self_join_with_tiny_records_and_empty_ones():
    sets = [{"a"}, {"a"}, set(), {"a", "b"}, {"b"}]
    records = Vocabulary(sets).records()
    got = {(p.left, p.right) for p in self_join(records, 0.5)}
    assert got == {(p.left, p.right) for p in brute_force_pairs(sets, 0.5)}
    assert (0, 1) in got


@pytest.mark.parametrize("threshold", [0.6, 0.8])
def test_reference_index_equals_brute_force(threshold):
    rng = random.Random(11)
    texts = _mutated_corpus(rng, 300)
    archive = texts[60:]
    sets = [shingles(t) for t in texts]
    records = Vocabulary(sets).records()
    index = ReferenceIndex(records[60:], threshold)
    found = 0
    for q in range(60):
        got = {y: sim for y, sim in index.query(records[q])}
        want = {
            y: jaccard(sets[q], sets[60 + y])
            for y in range(len(archive))
            if jaccard(sets[q], sets[60 + y]) >= threshold - 1e-9
        }
        assert got.keys() == want.keys()
        found += len(want)
    assert found


def test_archive_index_answers_queries_ranked_against_it():
    rng = random.Random(13)
    texts = [normalize(t) for t in _mutated_corpus(rng, 300)]
    archive, new = texts[:250], texts[250:]
    index = ArchiveIndex.build(
        [ShingleTable.build(archive[:100]), ShingleTable.build(archive[100:])], 0.7
    )
    index = pickle.loads(pickle.dumps(index))  # as the cache would hand it back
    vocab = Vocabulary.from_tables([ShingleTable.build(new)], base=index.ranks)
    records = vocab.records()
    sigs = vocab.signatures(records)
    found = 0
    for q, text in enumerate(new):
        got = {y for y, _ in index.index.query(records[q], sigs[q])}
        want = {
            y
            for y, other in enumerate(archive)
            if jaccard(shingles(text), shingles(other)) >= 0.7 - 1e-9
        }
        assert got == want
        found += len(want)
    assert found
    # The new texts still join among themselves with the archive's ranks.
    got_pairs = {(p.left, p.right) for p in self_join(records, 0.7, None, sigs)}
    want_pairs = {(p.left, p.right) for p in brute_force_pairs([shingles(t) for t in new], 0.7)}
    assert got_pairs == want_pairs


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 5000), max_size=80), st.sets(st.integers(0, 5000), max_size=80))
def test_signature_never_overstates_the_difference(a, b):
    # The filter is exact only if popcount(sig a ^ sig b) <= |a ^ b| always holds.
    assert (signature(sorted(a)) ^ signature(sorted(b))).bit_count() <= len(a ^ b)


def test_vocabulary_orders_rare_shingles_first_and_encodes_unknown_ones():
    sets = [{"aaa", "bbb"}, {"aaa", "ccc"}, {"aaa", "bbb", "ddd"}]
    vocab = Vocabulary(sets)
    records = vocab.records()
    # "aaa" is in every set, so it has the highest rank and comes last.
    assert all(r[-1] == max(max(x) for x in records) for r in records)
    encoded = vocab.encode({"aaa", "zzz", "yyy"})
    assert len(encoded) == 3 and list(encoded) == sorted(encoded)


# -- repeated runs ----------------------------------------------------------------------


def test_repeats_finds_the_longest_earlier_copy_without_crossing_paragraphs():
    a = normalize("加快建设一支政治更加坚定、眼界更加宽广、业务更加精湛的宣传思想工作队伍。")
    b = normalize(
        "助推我局加快建设一支政治更加坚定、眼界更加宽广、业务更加精湛的宣传思想工作人才队伍。"
    )
    found = repeats([a, b], 20)
    assert len(found) == 1
    rep = found[0]
    assert (rep.text, rep.earlier_text, rep.earlier_start) == (1, 0, 0)
    assert b[rep.start : rep.end] == a[: rep.end - rep.start]
    assert b[rep.start : rep.end].endswith("宣传思想工作")
    # The end of one paragraph and the start of the next never make a run together.
    assert repeats(["甲乙丙丁戊己庚辛", "壬癸子丑", "甲乙丙丁戊己庚辛壬癸子丑"], 10) == []


def test_repeats_never_overlap_their_own_copy():
    text = "ab" * 30
    for rep in repeats([text], 10):
        assert rep.start >= rep.earlier_start + (rep.end - rep.start)


# -- the rules ---------------------------------------------------------------------------


def _seed_files(*prefixes: str) -> dict[str, bytes]:
    return {seed(p).name: seed(p).read_bytes() for p in prefixes}


def test_seed_acceptance_cross_report_copies():
    found = run_rule(CopiedFromOtherReport, _seed_files("000", "001"))
    at = {(f.path[:3], f.line) for f in found}
    assert ("000", 8) in at
    assert ("000", 13) in at
    messages = {f.line: f.message for f in found if f.path.startswith("000")}
    assert "001_11ded5256b81e7d2.txt:9 (similarity 0.86)" in messages[8]
    assert "001_11ded5256b81e7d2.txt:14 (similarity 0.83)" in messages[13]
    # Shared headings (四、坚持服务为民，打造过硬形象) are not copies.
    assert ("000", 17) not in at


def test_seed_acceptance_repeated_clause():
    found = run_rule(RepeatedClause, _seed_files("004"))
    lines = {f.line: f for f in found}
    assert 19 in lines
    assert "line 17" in lines[19].message
    assert "加快建设一支" in lines[19].message


def test_seeds_have_no_duplicate_paragraphs():
    files = _seed_files("000", "001", "002", "003", "004")
    for rule in (DuplicateParagraph, NearDuplicateParagraph):
        for name, data in files.items():
            assert run_rule(rule, {name: data}) == []


def test_a_paragraph_in_many_files_is_reported_once_per_file():
    para = (
        "局党组坚持把意识形态工作摆在突出位置，定期研究部署，层层压实责任，确保各项要求落到实处。"
    )
    files = {f"r{i}.txt": f"{i}号单位工作总结\n{para}\n" for i in range(6)}
    found = run_rule(CopiedFromOtherReport, files)
    assert sorted(f.path for f in found) == sorted(files)
    assert all("also in 4 other files" in f.message for f in found)


def test_parts_prepared_elsewhere_give_the_same_findings_as_documents():
    files = _seed_files("000", "001", "002", "003", "004")
    docs = [read_source(name, data) for name, data in files.items()]
    rule = CopiedFromOtherReport()
    options = CopiedFromOtherReport.options
    direct = list(rule.check_corpus(docs, options))
    assert direct
    # As a worker pool would: a few documents per part, each sent through pickle.
    parts = [rule.prepare_corpus(docs[i : i + 2], options) for i in range(0, len(docs), 2)]
    shipped = pickle.loads(pickle.dumps(parts))
    assert list(rule.check_corpus(shipped, options)) == direct
    # Parts and plain documents mixed, in another order.
    mixed = [shipped[2], docs[0], shipped[1], docs[1]]
    assert sorted(rule.check_corpus(mixed, options), key=lambda f: f.sort_key) == direct
    # References as parts too.
    with_ref = list(
        rule.check_corpus([docs[0]], options, [rule.prepare_corpus([docs[1]], options)])
    )
    assert {f.line for f in with_ref} == {f.line for f in direct if f.path == docs[0].path}


def test_tables_built_apart_merge_into_the_same_ranks():
    rng = random.Random(5)
    texts = [normalize(t) for t in _mutated_corpus(rng, 90)]
    whole = Vocabulary.from_tables([ShingleTable.build(texts)])
    pieces = [texts[:30], texts[30:31], texts[31:]]
    split = Vocabulary.from_tables([ShingleTable.build(p) for p in pieces])
    assert split.records() == whole.records()
    assert split.signatures() == [signature(r) for r in whole.records()]
    assert [len(r) for r in whole.records()] == [len(shingles(t)) for t in texts]


def test_heading_like_paragraphs():
    doc = read_source(
        "h.txt",
        "一、提高政治站位，扛实主体责任\n"
        "（二）坚持以学为先\n"
        "XX市教育局2021年意识形态工作责任制落实情况报告\n"
        "2022年1月10日\n"
        "一是全面压实责任。局党组书记带头讲党课四次，专题研究意识形态工作六次。\n"
        "1.完善学习机制。探索形成党组理论学习中心组学习制度。\n"
        "（三）坚持以干部职工思想政治教育和业务能力培训为抓手全面推动各项工作落实落细。\n",
    )
    headings = heading_paragraphs(doc)
    flags = [is_heading_like(p, headings) for p in doc.paragraphs]
    assert flags == [True, True, True, True, False, False, True]
    # Without the analysis' headings, a long numbered line is prose.
    assert not is_heading_like(doc.paragraphs[6])


# -- recall on a generated corpus (the bench's generator, at a small size) ---------------


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def test_every_planted_copy_is_found(tmp_path):
    gen = _load_generator()
    out = tmp_path / "corpus"
    truth = gen.build(out, 60, seed=3, copy_share=0.2, threshold=0.8)
    assert truth["planted"]
    files = {p.name: p.read_bytes() for p in sorted(out.glob("*.txt"))}
    found = {(f.path, f.line) for f in run_rule(CopiedFromOtherReport, files)}
    for planted in truth["planted"]:
        assert planted["jaccard"] >= 0.8
        assert (planted["path"], planted["line"]) in found, planted
        assert (planted["source_path"], planted["source_line"]) in found, planted


# -- the reference archive through the command line ---------------------------------------


def test_reference_archive_from_config_end_to_end(tmp_path):
    para = "发挥党和政府与群众连心桥的作用，在服务群众、服务大局中赢得群众真心点赞，树立忠诚、干净、担当的作风和形象。"
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "2021.txt").write_text(f"2021年工作总结\n{para}\n", encoding="utf-8")
    (tmp_path / "2022.txt").write_text(f"2022年工作总结\n{para}\n", encoding="utf-8")
    (tmp_path / ".replint.yaml").write_text(
        "reference: ['archive/*.txt']\nexclude: ['archive']\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "replint", "--format", "json", "--select", "R201", "2022.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "REPLINT_NO_CACHE": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [("2022.txt", 2, "R201")]
    assert "archive/2021.txt:2 in the reference archive" in findings[0]["message"]


def test_archive_table_is_cached_when_the_engine_allows(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPLINT_NO_CACHE", raising=False)
    files = _seed_files("000")
    archive = _seed_files("001", "002")
    first = run_rule(CopiedFromOtherReport, files, meta={"cache": True}, references=archive)
    stored = list((tmp_path / "r201-archive").rglob("*"))
    assert any(p.is_file() for p in stored)
    again = run_rule(CopiedFromOtherReport, files, meta={"cache": True}, references=archive)
    assert again == first and {f.line for f in first} == {8, 13}
    # Without the engine's permission nothing is written.
    other = tmp_path / "other"
    monkeypatch.setenv("REPLINT_CACHE_DIR", str(other))
    assert run_rule(CopiedFromOtherReport, files, references=archive) == first
    assert not other.exists()


# -- cache -------------------------------------------------------------------------------------


def test_cache_round_trip_and_keys(tmp_path):
    cache = Cache("documents", directory=tmp_path)
    key = cache.key(b"txt", b"data", "opts")
    assert cache.get(key) is None
    assert cache.put(key, {"a": (1, 2)})
    assert cache.get(key) == {"a": (1, 2)}
    assert cache.key(b"txt", b"data", "opts") == key
    # Parts are length-prefixed, and the namespace and version are part of the key.
    assert cache.key(b"tx", b"tdata", "opts") != key
    assert Cache("shingles", directory=tmp_path).key(b"txt", b"data", "opts") != key
    assert Cache("documents", directory=tmp_path, version="2").key(b"txt", b"data", "opts") != key
    calls = []
    assert cache.get_or_compute(cache.key("x"), lambda: calls.append(1) or 42) == 42
    assert cache.get_or_compute(cache.key("x"), lambda: calls.append(1) or 43) == 42
    assert calls == [1]
    assert cache.clear() == 2
    assert cache.get(key) is None


def test_cache_can_be_switched_off(tmp_path):
    assert not Cache("documents", directory=tmp_path, enabled=False).enabled
    assert default_cache_dir({"REPLINT_NO_CACHE": "1", "HOME": str(tmp_path)}) is None
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "replint"
    assert default_cache_dir({"REPLINT_CACHE_DIR": str(tmp_path / "c")}) == tmp_path / "c"
    off = Cache("documents", directory=tmp_path, enabled=False)
    assert not off.put(off.key("k"), 1)
    assert off.get(off.key("k"), "missing") == "missing"


def test_cache_survives_an_unusable_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = Cache("documents", directory=blocker)
    assert cache.enabled
    assert not cache.put(cache.key("k"), 1)  # no exception, just no cache
    assert not cache.enabled
    assert cache.get(cache.key("k")) is None


def test_cache_drops_a_corrupt_entry(tmp_path):
    cache = Cache("documents", directory=tmp_path)
    key = cache.key("k")
    cache.put(key, [1, 2, 3])
    path = tmp_path / "documents" / key[:2] / key[2:]
    path.write_bytes(b"\x80\x05garbage")
    assert cache.get(key, "missing") == "missing"
    assert not path.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership check")
def test_cache_refuses_a_directory_owned_by_someone_else(tmp_path, monkeypatch):
    cache = Cache("documents", directory=tmp_path)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    assert not cache.put(cache.key("k"), 1)
    assert not cache.enabled


def test_cache_prunes_entries_unused_for_a_month(tmp_path):
    cache = Cache("documents", directory=tmp_path)
    old, used, fresh = (cache.key(name) for name in ("old", "used", "fresh"))
    cache.put(old, 1)
    cache.put(used, 2)
    month_ago = time.time() - 31 * 86400
    for key in (old, used):
        os.utime(cache._path(key), (month_ago, month_ago))
    assert cache.get(used) == 2  # reading an entry keeps it
    cache.put(fresh, 3)  # writing prunes what nobody used for 30 days
    assert (cache.get(old), cache.get(used), cache.get(fresh)) == (None, 2, 3)
    assert cache.clear() == 2 and cache.get(fresh) is None


def test_packed_shingles_are_exact_and_sort_as_the_strings_do():
    from replint.text.simjoin import pack_shingle, pack_shingles, unpack_shingle

    strings = ["abc", "ab", "a", "报告书", "\U0010ffff\U0010ffffz", "\x00ab", "ab\x00", "abd"]
    keys = [pack_shingle(s) for s in strings]
    assert [unpack_shingle(k) for k in keys] == strings
    assert [unpack_shingle(k) for k in sorted(keys)] == sorted(strings)
    assert all(0 < k < 2**63 for k in keys)
    assert list(pack_shingles(strings)) == keys  # mixed lengths
    three = [s for s in strings if len(s) == 3]
    assert list(pack_shingles(three)) == [pack_shingle(s) for s in three]
    with pytest.raises(ValueError):
        pack_shingle("abcd")


def test_distinct_records_stay_apart_when_their_hashes_collide(monkeypatch):
    import replint.text.simjoin as simjoin

    monkeypatch.setattr(simjoin, "hash", lambda raw: 7, raising=False)
    records = [array("i", r) for r in ([1, 2], [3], [1, 2], [3], [4])]
    kept, which = simjoin.distinct(records)
    assert list(which) == [0, 1, 0, 1, 2]
    assert kept == [records[0], records[1], records[4]]
