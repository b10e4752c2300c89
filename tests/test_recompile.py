"""Fast compilation of wide character classes (replint.infra.recompile).

The fast path must give patterns that match exactly what ``re.compile`` gives: the
same spans and groups on every code point of the BMP and on report-like text, for
every pattern replint itself compiles, and for hand-made look-alikes.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from re import _compiler, _parser  # type: ignore[attr-defined]

import pytest
import replint_rules

import replint
from replint.infra import recompile, regexes
from replint.infra.regexes import _LazyPattern

#: Every BMP code point but the surrogates, in order.
ALL_BMP = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)

#: Report-shaped text written for these tests (numbers, CJK, Latin, marks, spacing).
REPORT = (
    "一、2021年工作总结\n（一）加强组织领导。全年共召开会议12次，培训干部300人次，"
    "完成率达98.5%。\n二、存在的问题 部分单位重视不够 ，X光机、x86服务器更新滞后；"
    "计划生育工作稳步推进。\n三、下一步打算：2022学年继续推进 API 建设（shì diǎn），"
    "路很远很远……\nNext steps: 1. Review the plan; 2) ship it!  "
)

LOOK_ALIKES = [
    r"[\u4e00-\u9fff]",
    r"[^\u4e00-\u9fff]",
    r"[\u4e00-\u9fff]{2,}",
    r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])",
    r"[\w\u4e00-\u9fff]+",
    r"[\u4e00-\u9fff\d\s]",
    r"[^\W\d_\u4e00-\u9fff]",
    r"[㐀-䶿一-鿿豈-\ufaff]+",
    r"[\u3400-\u4dbf\U00020000-\U0002a6df]",
    r"[\u4e00-\U00020000]",
    r"[一二三四五六七八九十]{1,3}、",
    r"[0-9０-９〇零一二两三四五六七八九十百千万亿]+",
    r"[，。；：？！]",
    r"[A-Za-z]+",
    r"(?i:[a-z\u4e00-\u9fff])+",
    r"(?i)[\u4e00-\u9fff]+x",
    r"(?i)(?-i:[\u4e00-\u9fff])[a-z]+",
    r"(?P<han>[\u4e00-\u9fff])(?P=han)",
    r"(x)?(?(1)[\u4e00-\u9fff]|y)",
    r"(?>[\u4e00-\u9fff]{1,3})。",
    r"[\u4e00-\u9fff]++",
]


def _code(pattern: str, flags: int = 0, *, rewrite: bool) -> list[int]:
    tree = _parser.parse(pattern, flags)
    if rewrite:
        recompile._rewrite(tree, tree.state.flags | flags, _compiler, _parser)
    return list(_compiler._code(tree, flags))


def _same(pattern: str, flags: int = 0) -> None:
    fast = recompile.compile_pattern(pattern, flags)
    plain = re.compile(pattern, flags)
    assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (
        plain.pattern,
        plain.flags,
        plain.groups,
        plain.groupindex,
    )
    if _code(pattern, flags, rewrite=True) == _code(pattern, flags, rewrite=False):
        return  # the very code re.compile makes
    for text in (ALL_BMP, REPORT):
        got = [(m.span(), m.groups()) for m in fast.finditer(text)]
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert got == want, pattern


@pytest.mark.parametrize("pattern", LOOK_ALIKES)
def test_look_alike_classes_match_as_re_does(pattern):
    _same(pattern)


def test_flags_are_kept():
    _same(r"[\u4e00-\u9fff]+|abc", re.IGNORECASE)
    _same(r"^[\u4e00-\u9fff].*$", re.MULTILINE | re.DOTALL)
    _same(r"[\u4e00-\u9fff] \w+ # comment", re.VERBOSE | re.ASCII)


def _builtin_patterns() -> list[tuple[str, int]]:
    """The module-level patterns of replint and its built-in rules."""
    found: dict[tuple[str, int], None] = {}
    for package in (replint, replint_rules):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith("__main__") or ".server" in info.name:
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, _LazyPattern):
                    pattern, flags = value._args
                elif isinstance(value, re.Pattern):
                    pattern, flags = value.pattern, value.flags & ~re.UNICODE
                else:
                    continue
                if isinstance(pattern, str):
                    found[(pattern, int(flags))] = None
    return list(found)


def test_every_builtin_pattern_matches_as_re_does():
    patterns = _builtin_patterns()
    assert len(patterns) > 100  # the walk found the rules' patterns
    for pattern, flags in patterns:
        _same(pattern, flags)


@pytest.mark.parametrize(
    "pattern",
    [
        r"[一二三四五六七八九十]+",
        r"[\u4e00-\u9fa5\u3400-\u4dbf\uf900-\ufaff]",
        r"[^\u3000-\u303f\uff00-\uffef]",
    ],
)
def test_classes_of_several_runs_compile_to_the_standard_code(pattern):
    # where the standard compiler builds a big bitmap, the fast path builds the same one
    assert _code(pattern, rewrite=True) == _code(pattern, rewrite=False)


@pytest.mark.parametrize(
    "pattern",
    [
        r"[a-z]",
        r"[，。]",
        r"(?i)[a-z\u4e00-\u9fff]",
        r"(?i)[\w\u4e00-\u9fff]",
        r"(?i)[OＯ一二三]",
        r"[\u4e00-\u4e0f]",
    ],
)
def test_narrow_or_case_folded_classes_are_left_to_re(pattern):
    assert _code(pattern, rewrite=True) == _code(pattern, rewrite=False)


@pytest.mark.parametrize("pattern", [r"[\u4e00-\u9fff]", r"(?i)[\u4e00-\u9fff]x"])
def test_a_wide_range_becomes_a_bitmap(pattern):
    # (case folding leaves CJK as it is, so IGNORECASE does not stop the rewrite)
    assert _code(pattern, rewrite=True) != _code(pattern, rewrite=False)
    _same(pattern)


def test_case_folded_classes_of_uncased_members_compile_to_the_standard_code():
    pattern = r"(?i)[〇○零0０一二三四五六七八九]{4}年"
    tree = _parser.parse(pattern, 0)
    recompile._rewrite(tree, tree.state.flags, _compiler, _parser)
    _repeat, (_low, _high, item) = tree.data[0]
    assert item.data[0][1][0][0] is _parser.BIGCHARSET
    assert _code(pattern, rewrite=True) == _code(pattern, rewrite=False)


def test_without_the_private_compiler_api_it_is_plain_re(monkeypatch):
    monkeypatch.setattr(recompile, "_internals", lambda: None)
    compiled = recompile.compile_pattern(r"[\u4e00-\u9fff]+")
    assert compiled is re.compile(r"[\u4e00-\u9fff]+")


def test_bad_patterns_raise_re_error():
    with pytest.raises(re.error):
        recompile.compile_pattern(r"[\u4e00-")
    with pytest.raises(re.error):
        regexes.compile(r"(?P<x>a)(?P<x>b)")


def test_regexes_compile_memoises_str_patterns():
    assert regexes.compile(r"[\u4e00-\u9fff]{3}") is regexes.compile(r"[\u4e00-\u9fff]{3}")
    assert regexes.compile(rb"[a-z]").search(b"x") is not None


_IMPORT_PROBE = r"""
import re, sys
import replint.infra.regexes as regexes
compiled = []
def spy(real):
    def compile_(pattern, flags=0):
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__") in ("re", regexes.__name__):
            frame = frame.f_back  # the caller of re / regexes
        name = str(frame.f_globals.get("__name__")) if frame is not None else ""
        if frame is not None and frame.f_code.co_name == "<module>" and name.startswith("replint_rules"):
            compiled.append((name, str(pattern)[:40]))
        return real(pattern, flags)
    return compile_
regexes._compile_str = spy(regexes._compile_str)
re._compile = spy(re._compile)
import replint_rules
for name in replint_rules._rule_modules():
    __import__("replint_rules." + name)
print(compiled)
"""


def test_rule_modules_compile_no_pattern_at_import():
    # module-level patterns are lazy_re: a run compiles only what its rules use
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
