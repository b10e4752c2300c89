"""Fast paths inside rules give what the plain definitions give."""

from __future__ import annotations

import pytest
from replint_rules import copied, doubled


@pytest.mark.parametrize(
    "norm",
    ["", "全面推进重点工作", "API接口v2联调", "abc", "Café与naïve方案", "１２３全角数字", "x" * 7],
)
def test_copied_size_counts_ascii_as_a_third(norm: str) -> None:
    latin = sum(1 for c in norm if c.isascii())
    assert copied._size(norm) == (len(norm) - latin) + latin / 3


ENUMERATIONS = [
    "门店经营客房、会议&宴会&宴会等业务。",
    "部署了Redis 、MySQL 、Nginx 、MySQL 、Tomcat等服务",
    "键盘\t、鼠标\t、键盘；音箱＆耳机＆音箱，网线 ＆ 电源",
    "会议、宴会。宴会、会议，培训、考核\u3000考核、评比，调研、走访 走访、座谈",
    "（来访、接待）来访、回访(甲、乙)丙、丁：戊、己",
    "没有任何顿号的一段很长的文字，只有逗号和句号。",
    "一二三四五六七八九十一二三四五六七八九十、很长的前项、短",
    "、开头就是顿号、结尾也是、",
    "a、b、c、d、e、f、g、h、i、j、k、l、m、n、o",
    "A & B & C\nD & E\r\nF、G",
]


@pytest.mark.parametrize("text", ENUMERATIONS)
def test_enumerations_are_the_list_pattern_matches(text: str) -> None:
    expected = [m.span() for m in doubled._LIST.finditer(text)]
    assert [m.span() for m in doubled._enumerations(text)] == expected
