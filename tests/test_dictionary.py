"""Every entry of the W101 dictionary, checked the same way.

For each literal wrong form, in two sentences (inside a clause, and opening a
paragraph): it is reported, at its place, as exactly that form; the right form in
the same sentence is not reported. The entries are linted together, one sentence a
line, so the whole dictionary costs two runs instead of two per entry; a failure
names every entry that failed. Pattern entries carry their own examples
(tests/test_wording.py runs them).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from replint_rules import load_data
from replint_rules.wording import (
    MisusedEntry,
    build_misused_index,
    misused_entries,
    parse_misused,
    parse_pairs,
)

from replint import lint_text
from replint.plugin import jieba_dictionary

ENTRIES = [e for e in misused_entries() if e.wrong]
#: The sourced groups of misused_words.yaml: filtered by script against jieba's dictionary.
GROUPED = parse_pairs(load_data("misused_words.yaml"), "misused_words.yaml")
SENTENCES = ["经核实，报告中写有{}，现予说明。", "{}。"]
BENCH = Path(__file__).resolve().parent.parent / "bench"
HELD_OUT = ["typo_pairs.tsv", "typo_pairs_formal.tsv"]


def test_dictionary_is_large_sourced_and_unambiguous():
    assert len(ENTRIES) >= 3000
    wrongs = [e.wrong for e in ENTRIES]
    assert len(wrongs) == len(set(wrongs))
    for entry in ENTRIES:
        assert entry.source.strip(), entry.wrong
        assert entry.wrong != entry.right
        assert len(entry.wrong) >= 2, f"{entry.wrong}: one character is never wrong alone"
        assert entry.wrong not in entry.right, f"{entry.wrong} is inside its right form"


def _w101_by_line(lines: list[str]) -> dict[int, list[tuple[int, str]]]:
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for f in lint_text("".join(f"{line}\n" for line in lines), select=["W101"]):
        found[f.line].append((f.column, f.matched))
    return found


@pytest.mark.parametrize("sentence", SENTENCES)
def test_every_entry_fires_on_its_wrong_form(sentence):
    found = _w101_by_line([sentence.format(e.wrong) for e in ENTRIES])
    column = sentence.index("{}") + 1
    failed = [
        (e.wrong, found.get(n))
        for n, e in enumerate(ENTRIES, 1)
        if found.get(n) != [(column, e.wrong)]
    ]
    assert failed == [], f"{len(failed)} entries not reported as themselves: {failed[:30]}"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_no_entry_fires_on_its_right_form(sentence):
    found = _w101_by_line([sentence.format(e.right) for e in ENTRIES])
    failed = [(e.right, found[n]) for n, e in enumerate(ENTRIES, 1) if found.get(n)]
    assert failed == [], f"{len(failed)} right forms reported: {failed[:30]}"


def test_the_batched_check_catches_a_silent_entry():
    """The two tests above can fail: a form W101 does not know is reported as missing."""
    unknown = MisusedEntry("甲乙丙丁戊", "", "戊丁丙乙甲", "safe", "raw", "", "test")
    found = _w101_by_line([SENTENCES[0].format(unknown.wrong)])
    assert found.get(1) != [(SENTENCES[0].index("{}") + 1, unknown.wrong)]


@cache
def _jieba_words() -> frozenset[str]:
    path = jieba_dictionary()
    assert path is not None, "jieba is a dependency: its dictionary must be found"
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.split(" ", 1)[0] for line in fh if line.strip())


def test_grouped_wrong_forms_are_no_words():
    """The sourced groups were filtered against jieba's dictionary: a wrong form that is
    a word, or part of one, may be right somewhere and would be reported there."""
    words = _jieba_words()
    inside: set[str] = set()
    lengths = {len(e.wrong) for e in GROUPED}
    for word in words:
        for k in lengths:
            inside.update(word[i : i + k] for i in range(len(word) - k + 1) if len(word) > k)
    assert [e.wrong for e in GROUPED if e.wrong in words] == []
    assert [e.wrong for e in GROUPED if e.wrong in inside] == []


def test_no_wrong_form_is_inside_another_entrys_right_form():
    rights = {e.right for e in ENTRIES}
    clash = [(e.wrong, r) for e in ENTRIES for r in rights if e.wrong in r]
    assert clash == []


def _held_out_pairs(name: str) -> list[tuple[str, str]]:
    pairs = []
    for line in (BENCH / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right = line.split("\t")
            pairs.append((wrong, right))
    return pairs


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_lists_stay_apart_from_the_dictionary(name):
    """The bench lists measure recall beyond the dictionary: no entry may occur in them."""
    pairs = _held_out_pairs(name)
    assert len(pairs) >= (300 if name == "typo_pairs.tsv" else 40)
    inside = sorted({e.wrong for e in ENTRIES for wrong, _ in pairs if e.wrong in wrong})
    assert inside == [], f"dictionary entries found in {name}: {inside}"


def test_dictionary_groups_name_their_sources_apart_from_the_held_out_source():
    for name in ("typo_pairs.yaml", "misused_words.yaml"):
        for group in load_data(name).get("groups") or []:
            assert "pycorrector" not in group["source"].lower(), group["source"]


# The index W101 reads builds the entries of pairs only for the forms a text holds.

_WORDS = {
    "words": [
        {"wrong": "甲乙丙", "right": "甲乙丁", "source": "test words", "fix": "unsafe"},
        {"pattern": "戊(己)庚", "right": r"戊\1辛", "source": "test pattern"},
    ],
    "groups": [
        {
            "source": "first group",
            "pairs": {"甲乙丙": "不用", "甲乙": "甲丁", "子丑寅卯": "子丑辰卯"},
        },
        {"source": "second group", "pairs": {"子丑寅卯": "不用", 1234: 1243}},
    ],
}
_PAIRS = {"groups": [{"source": "pairs file", "pairs": {"甲乙": "不用", "午未": "午申"}}]}


def test_the_index_keeps_the_first_entry_of_a_form_and_builds_pairs_on_demand():
    index = build_misused_index(_WORDS, _PAIRS)
    assert index.entry("甲乙丙") == MisusedEntry(
        "甲乙丙", "", "甲乙丁", "unsafe", "word", "", "test words"
    )
    assert index.entry("甲乙") == MisusedEntry(
        "甲乙", "", "甲丁", "safe", "word", "", "first group"
    )
    assert index.entry("子丑寅卯").right == "子丑辰卯"
    assert index.entry("子丑寅卯").match == "raw"  # four characters or more
    assert index.entry("午未").source == "pairs file"
    assert index.entry("1234") == MisusedEntry(
        "1234", "", "1243", "safe", "raw", "", "second group"
    )
    assert index.heads["甲乙"] == ("甲乙丙", "甲乙")  # longest first
    assert index.heads["午未"] == ("午未",)
    assert [p.pattern for p, _ in index.patterns] == ["戊(己)庚"]


def test_the_index_checks_what_the_parse_checks():
    with pytest.raises(ValueError, match="one character"):
        build_misused_index({"groups": [{"source": "s", "pairs": {"甲": "乙"}}]}, {})
    with pytest.raises(ValueError, match=r"typo_pairs.yaml groups\[0\]: source is required"):
        build_misused_index({}, {"groups": [{"pairs": {"甲乙": "甲丙"}}]})


def test_the_index_of_the_dictionary_gives_the_parsed_entries():
    data = load_data("misused_words.yaml")
    eager = [e for e in parse_misused(data) if e.wrong]
    eager += parse_pairs(data, "misused_words.yaml") + parse_pairs(load_data("typo_pairs.yaml"))
    index = build_misused_index(data, load_data("typo_pairs.yaml"))
    assert len(index.listed) == len(eager)
    for entry in eager:
        assert index.entry(entry.wrong) == entry
        forms = index.heads[entry.wrong[:2]]
        assert entry.wrong in forms
        assert [len(f) for f in forms] == sorted((len(f) for f in forms), reverse=True)
    assert [e.wrong for e in misused_entries() if e.wrong] == [e.wrong for e in eager]
