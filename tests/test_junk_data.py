"""Every junk shape in rules/data/placeholders.yaml keeps its source and its examples."""

from __future__ import annotations

import re

import pytest
from replint_rules import load_data

JUNK = load_data("placeholders.yaml")["junk"]


@pytest.mark.parametrize("item", JUNK, ids=[j["name"] for j in JUNK])
def test_junk_entry_has_a_source_and_matches_its_examples(item: dict) -> None:
    assert item.get("source"), f"{item['name']}: no source"
    pattern = re.compile(item["pattern"])
    for text in item.get("fire", []):
        assert pattern.search(text), f"{item['name']} misses {text!r}"
    for text in item.get("silent", []):
        assert not pattern.search(text), f"{item['name']} fires on {text!r}"
