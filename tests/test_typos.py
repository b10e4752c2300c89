"""W104 likely-typo: the index, the scoring, and its opt-in selection."""

from __future__ import annotations

import subprocess
import sys

from replint_rules import typos

from replint import lint_text


def test_opt_in_rule_runs_only_when_selected():
    text = "按照上级工作部暑，积极参于验收工作。\n"
    assert not [f for f in lint_text(text) if f.code == "W104"]
    found = [f for f in lint_text(text, extend_select=["W104"]) if f.code == "W104"]
    assert [f.matched for f in found] == ["部暑", "参于"]
    assert all(f.fix is not None and not f.fix.safe for f in found)


def test_index_is_read_without_importing_jieba():
    code = (
        "import sys; from replint_rules import typos; i = typos.typo_index(); "
        "print([t.right for t in typos.find_typos('积极参于验收', i)], 'jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['参与']", "False"]


def test_homophone_and_lookalike_relations():
    index = typos.typo_index()
    assert typos.relation("暑", "署", index) == "homophone"
    assert typos.relation("捷", "睫", index) == "homophone"
    assert typos.relation("拆", "析", index) == "look-alike"
    assert typos.relation("凝", "疑", index) == ""  # 疑 ning2 is an archaic reading


def test_confidence_follows_the_gain():
    index = typos.typo_index()
    strong = typos.find_typos("任务刻不容换", index)[0]
    assert strong.gain >= typos._WARN_GAIN
    found = lint_text("任务刻不容换。\n", extend_select=["W104"])
    assert [f.severity.value for f in found if f.code == "W104"] == ["warning"]


def test_segment_spans_cover_the_text():
    index = typos.typo_index()
    text = "按照上级工作部署"
    freq = index.freqs(typos._pieces(text))
    spans = typos.segment(text, freq, index.log_total)
    assert "".join(text[a:b] for a, b in spans) == text
    assert ("部署" in [text[a:b] for a, b in spans]) is True


def test_codespell_entries_are_taken_only_when_unambiguous():
    from replint_rules.spelling import parse_dictionary

    lines = ["recieve->receive", "ba->by, be,", "abotu->about", "clas->class, reason", "Teh->the"]
    assert parse_dictionary(lines) == {"recieve": "receive", "abotu": "about"}


def test_default_run_never_opens_the_typo_index_or_jieba():
    code = (
        "import sys; from replint import lint_text; from replint_rules import typos; "
        "f = lint_text('按照上级工作部暑，积极参于验收工作。工作作风扎实。\\n'); "
        "print(typos._index.cache_info().currsize, 'jieba' in sys.modules, "
        "any(x.code == 'W104' for x in f))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False"]


def test_index_counts_the_known_words_as_dictionary_words(tmp_path):
    import sqlite3

    source = tmp_path / "dict.txt"
    source.write_text("聚力 5 n\n工作 3000 vn\n", encoding="utf-8")
    target = tmp_path / "index.sqlite3"
    typos.build_index(source, target, {"凝心聚力": 1000, "工作": 10})
    index = typos.TypoIndex(sqlite3.connect(target))
    assert index.freqs(["凝心聚力", "工作", "聚力"]) == {"凝心聚力": 1000, "工作": 3000, "聚力": 5}
    # keyed by the fuzzy sound: li and ni are one key (n/l)
    assert index.homophones(["凝心聚?|ni"]) == {"凝心聚?|ni": [("凝心聚力", "li4")]}


def test_masks_are_keyed_by_the_reading_in_the_word_and_the_common_one(tmp_path):
    import sqlite3

    source = tmp_path / "dict.txt"
    source.write_text("反省 300 v\n省 900 n\n银行 800 n\n", encoding="utf-8")
    target = tmp_path / "index.sqlite3"
    typos.build_index(source, target)
    index = typos.TypoIndex(sqlite3.connect(target))
    # 省 is xing3 in 反省 (反醒 finds it) and sheng3 alone (反生 finds it too)
    assert index.homophones(["反?|xin"]) == {"反?|xin": [("反省", "xing3")]}
    assert index.homophones(["反?|sen"]) == {"反?|sen": [("反省", "sheng3")]}
    # 行 is hang2 in 银行: 银航 finds it
    assert index.homophones(["银?|hang"]) == {"银?|hang": [("银行", "hang2")]}


def test_fuzzy_sounds_merge_the_pairs_many_speakers_confuse():
    assert [typos.fuzzy(s) for s in ("xing", "zheng", "shi", "lan", "chuang")] == [
        "xin",
        "zen",
        "si",
        "nan",
        "cuang",
    ]
    assert typos.fuzzy("xiang") == "xiang"  # -ang stays apart from -an
    assert typos.split_syllable("zhuang") == ("zh", "uang")
    assert typos.split_syllable("ai") == ("", "ai")


def test_near_homophones_and_component_look_alikes():
    index = typos.typo_index()
    assert typos.relation("心", "性", index) == "near-homophone"  # xin / xing
    assert typos.relation("郑", "增", index) == "near-homophone"  # zheng / zeng
    # a shared phonetic part that also sounds partly alike: a look-alike
    assert typos.relation("持", "恃", index) == "look-alike"
    assert typos.relation("遍", "篇", index) == "look-alike"
    # a shared simple component without a shared sound is no relation
    assert typos.relation("扣", "问", index) == ""


def test_a_stretch_used_twice_is_the_writers_term():
    once = "会议要求做好防汛值守。\n今年郑加投入两千万元。\n"
    twice = once + "郑加部分用于更新设备。\n"
    assert [f.matched for f in lint_text(once, select=["W104"])] == ["郑加"]
    assert not lint_text(twice, select=["W104"])
