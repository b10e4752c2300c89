"""The repetition family's shared, linear machinery (issue 19): shingles made once per
document, tables merged without shingling again, the hashed clause index."""

from __future__ import annotations

import pickle
import random
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from replint_rules.repetition import (
    CopiedFromOtherReport,
    NearDuplicateParagraph,
    RepeatedClause,
    shared_passages,
    shared_table,
)

from replint.rule import resolve_options
from replint.testing import read_source
from replint.text import similarity
from replint.text.similarity import Repeat, brute_force_pairs, made_for, per_document, repeats
from replint.text.simjoin import ShingleTable, Vocabulary, pairs_within, table_pairs_within

REPORT = (
    "今年以来，我局坚持把安全生产摆在突出位置，全面排查辖区内重点企业的消防隐患并建立整改台账。\n"
    "一、主要工作\n"
    "全年组织开展专项检查十二次，覆盖企业三百余家，督促整改问题隐患一千二百余处。\n"
    "全年组织开展专项检查十三次，覆盖企业三百余家，督促整改问题隐患一千二百余处。\n"
    "针对汛期特点，全面排查辖区内重点企业的消防隐患并建立整改台账，确保安全度汛。\n"
)


def reference_repeats(texts: list[str], min_chars: int) -> list[Repeat]:
    """What repeats() means, by brute force: at each place (after the last repeat),
    the longest match with any earlier place (the first on ties), within one text
    and not overlapping itself."""
    joined = "\x00".join(texts)
    starts = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    found = []
    p = 0
    while p < len(joined):
        ti = max(i for i, s in enumerate(starts) if s <= p)
        stop = starts[ti] + len(texts[ti])
        best_len, best_q = 0, -1
        for q in range(p):
            length = 0
            limit = min(p - q, stop - p)
            while length < limit and joined[q + length] == joined[p + length] != "\x00":
                length += 1
            if length > best_len:
                best_len, best_q = length, q
        if best_len >= min_chars:
            qi = max(i for i, s in enumerate(starts) if s <= best_q)
            found.append(
                Repeat(ti, p - starts[ti], p - starts[ti] + best_len, qi, best_q - starts[qi])
            )
            p += best_len
        else:
            p += 1
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab", min_size=0, max_size=25), min_size=1, max_size=3),
    st.sampled_from([8, 9, 12]),
)
def test_hashed_clause_index_finds_what_brute_force_finds(texts, min_chars):
    # Texts of two letters repeat a lot: every place is hot, buckets fill, prefixes
    # share windows. Without the template cap the index is exact.
    with patch.object(similarity, "_MAX_SEEN", 10**6):
        assert repeats(texts, min_chars) == reference_repeats(texts, min_chars)


def test_hashed_clause_index_on_longer_random_text():
    rng = random.Random(7)
    words = ["加强", "学习", "教育", "管理", "服务", "水平", "全面", "提升", "工作", "落实"]
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(5, 30))) for _ in range(12)]
    texts.append(texts[3][4:40] + "新增" + texts[7][:30])
    with patch.object(similarity, "_MAX_SEEN", 10**6):
        assert repeats(texts, 20) == reference_repeats(texts, 20)


def test_a_template_clause_is_compared_with_its_first_places_only():
    # One clause in twelve table rows: the later rows are compared with the first
    # eight (the cap), and every repeat found is a true, non-overlapping copy.
    clause = "从而实现后续验证登录功能并自动同步到各门店"
    texts = [f"第{i}项新增模块{'甲乙丙丁戊己庚辛壬癸子丑'[i]}，{clause}" for i in range(12)]
    found = repeats(texts, 20)
    assert [r.text for r in found] == list(range(1, 12))
    for r in found:
        copy = texts[r.text][r.start : r.end]
        assert texts[r.earlier_text][r.earlier_start :].startswith(copy)
        assert len(copy) >= 20
        assert r.earlier_text < similarity._MAX_SEEN


def _clause_report(paragraphs: int) -> bytes:
    """Paragraphs that each repeat one of a few long clauses after words of their own."""
    clauses = [
        "切实把各项惠民政策落到实处并接受群众的监督评议",
        "持续优化营商环境推动重点项目早落地早投产早见效",
        "扎实做好防汛抗旱各项准备工作确保人民群众生命财产安全",
    ]
    lines = [
        f"第{i}季度{'东南西北中'[i % 5]}片区{'春夏秋冬'[i % 4]}季走访后提出，"
        f"{clauses[i % 3]}，并形成第{i}号台账。"
        for i in range(paragraphs)
    ]
    return "\n".join(lines).encode()


def test_clause_findings_do_not_depend_on_what_the_memo_keeps(monkeypatch):
    # The memo of offsets, masks and shingles is bounded; evicting at every new
    # paragraph (cap 1) must give the findings that keeping more gives.
    from replint_rules import repetition

    doc = read_source("report.txt", _clause_report(40))
    options = resolve_options(RepeatedClause, {})
    kept = [f.message for f in RepeatedClause().check(doc, options)]
    sizes: list[int] = []
    real = repetition._Memo.__missing__

    def small(self, i):
        self._cap = 1
        value = real(self, i)
        sizes.append(len(self))
        return value

    monkeypatch.setattr(repetition._Memo, "__missing__", small)
    evicted = [f.message for f in RepeatedClause().check(doc, options)]
    assert len(kept) > 20
    assert evicted == kept
    assert sizes and max(sizes) == 1


def test_a_document_is_shingled_once_for_every_repetition_rule(monkeypatch):
    doc = read_source("report.txt", REPORT.encode())
    calls = []
    real = ShingleTable.build.__func__

    def counting(cls, norms):
        calls.append(1)
        return real(cls, norms)

    monkeypatch.setattr(ShingleTable, "build", classmethod(counting))
    for rule in (NearDuplicateParagraph, RepeatedClause):
        list(rule().check(doc, resolve_options(rule, {})))
    r201 = CopiedFromOtherReport()
    r201.prepare_corpus([doc], resolve_options(CopiedFromOtherReport, {}))
    assert calls == [1]
    assert shared_table(doc, 20) is shared_table(doc, 20)
    assert shared_passages(doc, 20) is shared_passages(doc, 20)
    assert shared_passages(doc, 30) is not shared_passages(doc, 20)


def test_what_is_shared_stays_out_of_a_pickled_document():
    doc = read_source("report.txt", REPORT.encode())
    table = shared_table(doc, 20)
    assert made_for(doc, ("repetition.table", 20.0)) is table
    again = pickle.loads(pickle.dumps(doc))
    assert made_for(again, ("repetition.table", 20.0)) is None
    assert per_document(again, "k", lambda: 5) == 5
    assert per_document(again, "k", lambda: 6) == 5


def test_tables_concatenated_rank_like_one_table():
    rng = random.Random(3)
    norms = [
        "".join(rng.choice("加强学习教育管理服务") for _ in range(rng.randint(3, 40)))
        for _ in range(40)
    ]
    one = ShingleTable.build(norms)
    parts = ShingleTable.concat([ShingleTable.build(norms[:13]), ShingleTable.build(norms[13:])])
    assert Vocabulary.from_tables([one]).records() == Vocabulary.from_tables([parts]).records()
    assert sorted(one.counts) == sorted(parts.counts)


def test_pairs_from_a_table_equal_pairs_from_sets():
    rng = random.Random(5)
    base = ["".join(rng.choice("甲乙丙丁戊己庚辛") for _ in range(30)) for _ in range(30)]
    norms = base + [t[:-2] + "壬癸" for t in base] + [t[2:] for t in base[:20]]
    table = ShingleTable.build(norms)
    from replint.text.similarity import shingles

    sets = [shingles(n) for n in norms]
    for rows in (list(range(20)), list(range(0, len(norms), 1))):  # direct, and joined
        got = table_pairs_within(table, rows, 0.7)
        want = pairs_within([sets[r] for r in rows], 0.7)
        assert [(p.left, p.right) for p in got] == [(p.left, p.right) for p in want]
        assert [p.similarity for p in got] == [p.similarity for p in want]
    small = brute_force_pairs([frozenset(table.rows[r]) for r in range(10)], 0.7)
    assert small == brute_force_pairs(sets[:10], 0.7)


def test_pairs_of_marked_rows_are_kept_from_the_lower_threshold():
    rng = random.Random(6)
    base = ["".join(rng.choice("甲乙丙丁戊己庚辛") for _ in range(30)) for _ in range(40)]
    norms = base + [t[:-8] + "壬癸子丑" for t in base] + [t[5:] + "寅卯" for t in base[:20]]
    table = ShingleTable.build(norms)
    from replint.text.similarity import jaccard, shingles

    sets = [shingles(n) for n in norms]
    for rows in ([*range(10), *range(40, 50)], list(range(len(norms)))):  # direct, and joined
        low = [r % 2 == 0 for r in rows]
        want = set()
        for a in range(len(rows)):
            for b in range(a + 1, len(rows)):
                sim = jaccard(sets[rows[a]], sets[rows[b]])
                if sim >= (0.5 if low[a] and low[b] else 0.8) - 1e-9:
                    want.add((a, b, round(sim, 9)))
        got = table_pairs_within(table, rows, 0.8, low, 0.5)
        assert {(p.left, p.right, round(p.similarity, 9)) for p in got} == want
        assert any(p.similarity < 0.8 for p in got)  # the lower threshold is used
        assert [(p.left, p.right) for p in got] == sorted((p.left, p.right) for p in got)
