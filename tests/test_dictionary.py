"""Every entry of the W101 dictionary, checked the same way.

For each literal wrong form: in a sentence it is reported, at its place, with the
right form as the fix; the right form in the same sentence is not reported.
Pattern entries carry their own examples (tests/test_wording.py runs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from replint_rules import load_data
from replint_rules.wording import misused_entries

from replint import lint_text

ENTRIES = [e for e in misused_entries() if e.wrong]
SENTENCE = "经核实，报告中写有{}，现予说明。\n"


def test_dictionary_is_sourced_and_unambiguous():
    assert len(ENTRIES) >= 120
    wrongs = [e.wrong for e in ENTRIES]
    assert len(wrongs) == len(set(wrongs))
    for entry in ENTRIES:
        assert entry.source.strip(), entry.wrong
        assert entry.wrong != entry.right
        assert entry.wrong not in entry.right, f"{entry.wrong} is inside its right form"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.wrong for e in ENTRIES])
def test_entry_fires_on_the_wrong_form_and_not_on_the_right(entry):
    wrong_text = SENTENCE.format(entry.wrong)
    found = [f for f in lint_text(wrong_text, select=["W101"])]
    start = wrong_text.index(entry.wrong) + 1
    assert [(f.column, f.matched) for f in found] == [(start, entry.wrong)], wrong_text
    right_text = SENTENCE.format(entry.right)
    assert lint_text(right_text, select=["W101"]) == [], right_text


def _held_out_pairs() -> list[tuple[str, str]]:
    path = Path(__file__).resolve().parent.parent / "bench" / "typo_pairs.tsv"
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            wrong, right = line.split("\t")
            pairs.append((wrong, right))
    return pairs


def test_held_out_list_stays_apart_from_the_dictionary():
    """bench/typo_pairs.tsv measures recall beyond the dictionary: no entry may occur in it."""
    pairs = _held_out_pairs()
    assert len(pairs) >= 300
    inside = sorted({e.wrong for e in ENTRIES for wrong, _ in pairs if e.wrong in wrong})
    assert inside == [], f"dictionary entries found in the held-out list: {inside}"


def test_dictionary_groups_name_their_sources_apart_from_the_held_out_source():
    data = load_data("typo_pairs.yaml")
    for group in data["groups"]:
        assert "pycorrector" not in group["source"].lower(), group["source"]
