"""The literal gate of lazy patterns (replint.infra.literals, replint.infra.regexes).

A gate that asks for text a match does not need would silently switch a rule off on
the texts that lack it, so every built-in pattern is checked on every rule-case text
(and on texts made of its own matches): wherever the pattern matches, the gate admits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from replint.infra import literals, regexes
from replint.infra.literals import admits, required

CASES = Path(__file__).parent / "rules" / "cases"

#: Report-shaped text written for these tests.
REPORT = (
    "一、2021年工作总结\n（一）加强组织领导。全年共召开会议12次，培训干部300人次，"
    "完成率达98.5%。\n二、存在的问题：部分单位重视不够，X光机更新滞后；下一步打算如下。\n"
    "Next steps (week 12): review the plan; ship it by 3 May 2022!\n"
)


@pytest.mark.parametrize(
    ("pattern", "flags", "want"),
    [
        (r"下一步打算", 0, (("下一步打算",),)),
        (r"ab+c", 0, (("a",), ("b",), ("c",))),
        (r"第\s*[一二三]\s*季度", 0, (("季度",), ("第",), ("一", "二", "三"))),
        (r"(?:19|20)\d{2}年", 0, (("19", "20"), ("年",))),
        (r"(?:待定|待补充)事项", 0, (("事项",), ("待定", "待补充"))),
        (r"(?<=截至)\d+", 0, (("截至",),)),  # a positive lookbehind: text, not match
        (r"(?<!不)完成", 0, (("完成",),)),
        (r"(?i)report年度", 0, (("年度",),)),  # cased letters need nothing under (?i)
        (r"年度(?i:Report)", 0, (("年度",),)),
        (r"(?P<x>[省市])(?P=x)委", 0, (("委",), ("省", "市"))),
        (r"([的了])\1", 0, (("的", "了"),)),
        (r"[^，。]{2}完成了", 0, (("完成了",),)),
        (r"\u5e74\x41", 0, (("年A",),)),
        # a clause of characters every report has comes after the others
        (r"（[^）]{0,9}待填[^）]{0,9}）", 0, (("待填",), ("（",), ("）",))),
    ],
)
def test_required_literals(pattern, flags, want):
    assert required(pattern, flags) == (want,)


def test_each_top_level_branch_keeps_its_own_clauses():
    assert required(r"待定|(?:请|须)填写") == (
        (("待定",),),
        (("填写",), ("请", "须")),
    )
    # nested alternations merge into one clause per branch
    assert required(r"x(?:待定|请填写)") == ((("待定", "请填写"), ("x",)),)


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"", 0),
        (r"\s*", 0),
        (r"年?", 0),
        (r"完成|", 0),  # an empty branch matches everywhere
        (r"[\u4e00-\u9fff]+", 0),  # a wide class
        (r"[^年]", 0),
        (r"report", re.IGNORECASE),
        (r"年 # comment", re.VERBOSE),
        (r"(?x)年", 0),
        (r"(x)?(?(1)年|月)", 0),  # a conditional
        (r"(?>年)", 0),  # an atomic group
        (r"年{}", 0),  # a brace re reads as a literal
        (r"年{a}", 0),
        (r"\0年", 0),
        (r"[[:alpha:]]年", 0),
        (b"bytes", 0),
    ],
)
def test_what_the_reading_does_not_model_gives_no_gate(pattern, flags):
    assert required(pattern, flags) is None


def test_ignorecase_keeps_only_characters_without_case():
    assert required(r"年度report", re.IGNORECASE) == ((("年度",),),)
    assert required(r"ß", re.IGNORECASE) is None  # ẞ folds to it
    assert required(r"[ＡＢ]", re.IGNORECASE) is None  # fullwidth letters have a case
    assert required(r"[１２]", re.IGNORECASE) == ((("１", "２"),),)


def _case_texts() -> list[str]:
    texts = [REPORT]
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")).get("cases", []):
            if isinstance(case.get("text"), str):
                texts.append(case["text"])
    return texts


def _all_patterns() -> list[tuple[str, int]]:
    from replint_rules.placeholders import junk_patterns
    from test_recompile import _builtin_patterns

    found = dict.fromkeys(_builtin_patterns())
    for pattern, *_ in junk_patterns():
        found[(pattern.pattern, 0)] = None
    return list(found)


def test_every_builtin_gate_admits_every_text_its_pattern_matches():
    texts = _case_texts()
    assert len(texts) > 500  # the walk found the rule cases
    gated = 0
    for pattern, flags in _all_patterns():
        gate = required(pattern, flags)
        if gate is None:
            continue
        gated += 1
        compiled = re.compile(pattern, flags)
        for text in texts:
            for line in (text, *text.splitlines()):
                m = compiled.search(line)
                if m is None:
                    continue
                assert admits(gate, line), (pattern, gate, line)
                # the match alone, with what its lookarounds saw
                context = line[max(0, m.start() - 20) : m.end() + 20]
                if compiled.search(context):
                    assert admits(gate, context), (pattern, gate, context)
    assert gated > 150  # most built-in patterns have a gate


def test_a_gated_call_answers_as_the_compiled_pattern_and_compiles_nothing():
    source = r"(?:下载|阅读)全文\s*>>"
    lazy = regexes.lazy_re(source)
    plain = re.compile(source)
    text = "一、主要工作。全年完成培训12次。"
    assert lazy.search(text) is plain.search(text) is None
    assert lazy.match(text) is None and lazy.fullmatch(text) is None
    assert list(lazy.finditer(text)) == list(plain.finditer(text)) == []
    assert lazy.findall(text) == plain.findall(text)
    assert lazy.split(text) == plain.split(text)
    assert lazy.sub("", text) == plain.sub("", text)
    assert lazy.subn("", text) == plain.subn("", text)
    assert "search" not in vars(lazy)  # still not compiled
    hit = "点击阅读全文 >>"
    assert lazy.search(hit).span() == plain.search(hit).span()
    assert "search" in vars(lazy)  # compiled on the first text that could match


def test_a_pattern_is_compiled_after_its_gated_calls(monkeypatch):
    monkeypatch.setattr(regexes, "GATED_CALLS", 3)
    lazy = regexes.lazy_re(r"阅读全文")
    for _ in range(3):
        assert lazy.search("工作总结") is None
    assert "search" not in vars(lazy)
    assert lazy.search("工作总结") is None
    assert "search" in vars(lazy)


def test_calls_with_positions_are_not_gated():
    lazy = regexes.lazy_re(r"阅读全文")
    assert lazy.search("工作总结", 1) is None
    assert "search" in vars(lazy)


def test_the_reading_is_cached_per_pattern():
    assert literals.required.cache_info().maxsize >= 512
