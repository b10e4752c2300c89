"""W102's candidate finding (issue 19): one Aho–Corasick pass, the exact checks only
where it found something, and the same findings as checking every paragraph fully."""

from __future__ import annotations

from replint_rules.wording import FixedPhrase, _literal_anchor, _phrases, _spotter

from replint.rule import resolve_options
from replint.testing import read_source


def test_anchor_is_the_longest_literal_every_match_holds():
    assert _literal_anchor("(十[八九]|二十)大([一二三四五六七])中全会") == "中全会"
    assert _literal_anchor(r"\d+年度报告") == "年度报告"
    assert _literal_anchor("中国?人民") == "人民"  # 国 is optional, so not part of one
    assert _literal_anchor("甲乙|丙丁") == ""  # no literal is in every match


def test_spots_include_overlapping_keys():
    hits = _spotter().spots("坚持以习近平为核心的党中央")
    # The wrong form and the name part inside it are both found.
    assert hits["以习近平为核心的党中央"] == [2]
    assert hits["习近平"] == [3]


def test_every_wrong_form_occurrence_is_reported_once():
    doc = read_source("a.txt", "坚决做到“四个维护”，四个维护四个维护。\n".encode())
    found = list(FixedPhrase().check(doc, resolve_options(FixedPhrase, {})))
    assert [f.column for f in found] == [6, 12, 16]


def test_a_paragraph_without_any_key_is_skipped_but_a_shuffled_name_is_found():
    names = {n.canonical for n in _phrases().names}
    assert "习近平新时代中国特色社会主义思想" in names
    text = "深入学习贯彻新时代习近平中国特色社会主义思想。\n今年完成了X光机和x86服务器的采购。\n"
    found = list(FixedPhrase().check(read_source("a.txt", text.encode()), {}))
    assert [(f.line, f.column) for f in found] == [(1, 7)]
