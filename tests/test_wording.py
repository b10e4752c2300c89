"""The wording data: every dictionary entry and fixed phrase behaves as its examples say."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replint_rules import load_data
from replint_rules.doubled import RepeatedWord
from replint_rules.wording import (
    FixedPhrase,
    MisusedWord,
    builtin_yaml_rules,
    parse_misused,
)

from replint.declarative import check_examples
from replint.testing import run_rule

ENTRIES = parse_misused(load_data("misused_words.yaml"))
PHRASES = load_data("fixed_phrases.yaml")


def _label(entry) -> str:
    return entry.wrong or entry.pattern


def test_dictionary_is_large_and_sourced():
    assert len(ENTRIES) >= 40
    for entry in ENTRIES:
        assert entry.source.strip(), _label(entry)
        assert entry.fire and entry.silent, f"{_label(entry)}: needs fire and silent examples"
        assert entry.fix in ("safe", "unsafe", "none"), _label(entry)
        assert entry.match in ("word", "raw"), _label(entry)


def test_dictionary_has_no_duplicate_wrong_forms():
    wrong = [e.wrong for e in ENTRIES if e.wrong]
    assert len(wrong) == len(set(wrong))


@pytest.mark.parametrize("entry", ENTRIES, ids=_label)
def test_dictionary_entry_examples(entry):
    for text in entry.fire:
        found = run_rule(MisusedWord, {"a.txt": text})
        assert found, f"{_label(entry)}: nothing found in {text!r}"
        if entry.wrong:
            assert any(f.matched == entry.wrong for f in found), (text, found)
        if entry.fix == "safe":
            assert all(f.fix is not None and f.fix.safe for f in found), text
    for text in entry.silent:
        found = run_rule(MisusedWord, {"a.txt": text})
        assert not found, f"{_label(entry)}: unexpected {[f.message for f in found]} in {text!r}"


def test_safe_fix_gives_the_right_form():
    found = run_rule(MisusedWord, {"a.txt": "截止目前,共组织学习。"})
    assert [f.fix.edits[0].replacement for f in found] == ["截至目前"]
    assert "截至目前" in found[0].message


def test_pattern_entry_expands_groups():
    found = run_rule(MisusedWord, {"a.txt": "中共XX省省委书记到我局调研。"})
    assert [f.fix.edits[0].replacement for f in found] == ["省委"]


def test_context_word_is_report_only():
    # 既使 is reported with an unsafe fix (check the sentence), never applied by default.
    found = run_rule(MisusedWord, {"a.txt": "既使困难再大，也要完成。"})
    assert len(found) == 1 and found[0].fix is not None and not found[0].fix.safe


def _phrase_sections():
    for section in ("names", "lists", "wrong"):
        for entry in PHRASES.get(section) or []:
            label = entry.get("canonical") or entry.get("label") or entry.get("wrong")
            yield pytest.param(entry, id=f"{section}-{label}")


def test_fixed_phrases_are_sourced():
    for section in ("names", "lists", "wrong"):
        for entry in PHRASES.get(section) or []:
            assert entry.get("source"), entry


@pytest.mark.parametrize("entry", list(_phrase_sections()))
def test_fixed_phrase_examples(entry):
    for text in entry.get("fire") or []:
        assert run_rule(FixedPhrase, {"a.txt": text}), f"nothing found in {text!r}"
    for text in entry.get("silent") or []:
        found = run_rule(FixedPhrase, {"a.txt": text})
        assert not found, f"unexpected {[f.message for f in found]} in {text!r}"


def test_list_fix_reorders_and_keeps_separators():
    found = run_rule(FixedPhrase, {"a.txt": "坚定制度自信、理论自信、道路自信和文化自信。"})
    assert len(found) == 1
    assert found[0].fix.edits[0].replacement == "道路自信、理论自信、制度自信和文化自信"
    assert not found[0].fix.safe


def test_list_with_wrong_member_has_no_fix():
    found = run_rule(FixedPhrase, {"a.txt": "四个自信是指政治自信、经济自信、文化自信、制度自信。"})
    assert len(found) == 1 and found[0].fix is None
    assert "道路自信" in found[0].message


def test_builtin_yaml_rules_have_working_examples():
    rules = builtin_yaml_rules()
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    assert all(re.fullmatch(r"W2\d\d", r.code) for r in rules)
    for rule in rules:
        assert rule.spec.fire and rule.spec.silent, rule.code
        assert check_examples(rule) == [], rule.code


@pytest.mark.parametrize(
    ("text", "doubled"),
    [
        ("进一步进一步加强管理。", "进一步"),
        ("我们的的工作。", "的"),
        ("要为为人民服务。", "为"),
        ("我们我们要加强。", "我们"),
    ],
)
def test_repeated_word_found_and_fix_deletes_second_copy(text, doubled):
    found = run_rule(RepeatedWord, {"a.txt": text})
    assert len(found) == 1
    edit = found[0].fix.edits[0]
    start = text.index(doubled * 2)
    assert (edit.column, edit.end_column) == (
        start + len(doubled) + 1,
        start + 2 * len(doubled) + 1,
    )
    assert edit.replacement == ""


@pytest.mark.parametrize(
    "text",
    [
        "常常",
        "天天向上",
        "的的确确",
        "是是非非",
        "研究研究",
        "一步一步",
        "目的的实现",
        "为了了解",
        "不了了之",
        "雪白雪白",
    ],
)
def test_repeated_word_allows_reduplication(text):
    assert run_rule(RepeatedWord, {"a.txt": text}) == []


def _heads(words: list[str]) -> dict[str, tuple[str, ...]]:
    """The index W101 builds: forms by their first two characters, longest first."""
    heads: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        heads.setdefault(word[:2], []).append(word)
    return {head: tuple(forms) for head, forms in heads.items()}


@settings(deadline=None)  # a loaded machine must not fail it
@given(
    words=st.lists(st.text("甲乙丙丁a", min_size=2, max_size=4), min_size=1, max_size=12),
    text=st.text("甲乙丙丁a。", max_size=40),
)
def test_listed_forms_are_every_occurrence_longest_first_at_each_start(words, text):
    from replint_rules.wording import _listed_forms

    expected = sorted(
        {(i, w) for w in words for i in range(len(text)) if text.startswith(w, i)},
        key=lambda hit: (hit[0], -len(hit[1])),
    )
    assert list(_listed_forms(text, _heads(words))) == expected


def test_listed_forms_near_the_end_and_overlapping():
    from replint_rules.wording import _listed_forms

    heads = _heads(["一如继往", "一如", "如继往开", "继往"])
    # a longer form cut off by the end is not found; overlapping forms all are
    assert list(_listed_forms("一如继往", heads)) == [(0, "一如继往"), (0, "一如"), (2, "继往")]
    assert list(_listed_forms("要一如继往开来", heads)) == [
        (1, "一如继往"),
        (1, "一如"),
        (2, "如继往开"),
        (3, "继往"),
    ]
