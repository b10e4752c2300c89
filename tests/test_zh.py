"""Tests for replint.text.zh: numerals, years and dates with offsets, sentences, lazy jieba."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from replint.text import words as words_module
from replint.text import zh


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十一", 21),
        ("廿一", 21),
        ("十", 10),
        ("十二", 12),
        ("一百零八", 108),
        ("一千零十", 1010),
        ("两千零二十二", 2022),
        ("一万二千", 12000),
        ("一亿二千万", 120_000_000),
        ("贰拾壹", 21),
        ("二〇二二", 2022),
        ("二○二二", 2022),  # U+25CB, common in real documents
        ("二O二一", 2021),
        ("二零二三", 2023),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert zh.cn_to_int(text) == value


def test_cn_to_int_rejects_non_numerals() -> None:
    assert zh.cn_to_int("二是") is None
    assert zh.cn_to_int("") is None


def test_int_to_cn_for_ordinals() -> None:
    assert [zh.int_to_cn(n) for n in (1, 10, 12, 20, 21)] == ["一", "十", "十二", "二十", "二十一"]


def test_find_years_keeps_offsets_and_marks_ranges() -> None:
    text = "2021—2025年，比2020年增长，二〇二一年，2021-2022学年"
    years = zh.find_years(text)
    got = [(text[y.start : y.end], y.year, y.in_range, y.range_start) for y in years]
    assert got == [
        ("2021", 2021, True, True),
        ("2025年", 2025, True, False),
        ("2020年", 2020, False, False),
        ("二〇二一年", 2021, False, False),
        ("2021", 2021, True, True),
        ("2022", 2022, True, False),
    ]


def test_find_years_ignores_longer_numbers_and_non_years() -> None:
    assert zh.find_years("编号12021年") == []
    assert zh.find_years("一二三四年") == []  # not digit-by-digit year in the 1900s–2000s
    assert zh.find_years("工作20年") == []


@pytest.mark.parametrize(
    ("text", "style", "ymd"),
    [
        ("于2022年5月17日召开", "cn", (2022, 5, 17)),
        ("于2022年05月07日召开", "cn", (2022, 5, 7)),
        ("二〇二二年五月十七日", "cn-numeral", (2022, 5, 17)),
        ("二○二二年十二月三十一日", "cn-numeral", (2022, 12, 31)),
        ("on 2022-05-17.", "iso", (2022, 5, 17)),
        ("于2022.5.17完成", "dot", (2022, 5, 17)),
        ("于2022/5/17完成", "slash", (2022, 5, 17)),
        ("on May 17, 2024", "en", (2024, 5, 17)),
        ("on 17 September 2024", "en", (2024, 9, 17)),
        ("于5月17日召开", "md", (None, 5, 17)),
        ("2022年13月", "cn", (2022, 13, None)),
    ],
)
def test_find_dates_styles(text: str, style: str, ymd: tuple[int | None, int, int | None]) -> None:
    (d,) = zh.find_dates(text)
    assert d.style == style
    assert (d.year, d.month, d.day) == ymd
    assert zh.find_dates(text)[0] == zh.dates_in(text)[0]


def test_find_dates_offsets_and_spans() -> None:
    text = "会议于2022年05月07日召开"
    (d,) = zh.find_dates(text)
    assert text[d.start : d.end] == "2022年05月07日"
    assert text[d.month_span[0] : d.month_span[1]] == "05"
    assert d.day_span is not None and text[d.day_span[0] : d.day_span[1]] == "07"


def test_find_dates_leaves_versions_and_decimals_alone() -> None:
    assert zh.find_dates("增长1.5.2个百分点，版本3.10.1") == []
    assert zh.find_dates("2021-2025年") == []


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2022年2月28日", True),
        ("2022年2月29日", False),
        ("2024年2月29日", True),
        ("1900年2月29日", False),
        ("2000年2月29日", True),
        ("2022年4月31日", False),
        ("2022年13月", False),
        ("2月29日", True),  # no year: could be a leap year
        ("2022-02-30", False),
    ],
)
def test_date_validity(text: str, valid: bool) -> None:
    (d,) = zh.find_dates(text)
    assert d.valid() is valid


def test_weekdays() -> None:
    m = zh.WEEKDAY_RE.search("（星期五）")
    assert m is not None and zh.weekday_number(m) == 4
    m = zh.WEEKDAY_RE.search("周日")
    assert m is not None and zh.weekday_number(m) == 6
    m = zh.WEEKDAY_RE.search("(Wed)")
    assert m is not None and zh.weekday_number(m) == 2


def test_split_sentences_keeps_closing_quotes() -> None:
    text = "一、健全责任体系。他说：“好。”Done. 最后"
    spans = zh.split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["一、健全责任体系。", "他说：“好。”", "Done.", " 最后"]


def test_clause_around() -> None:
    text = "全年完成，力争2023年底前完成二期。"
    start, end = zh.clause_around(text, text.index("2023"))
    assert text[start:end] == "力争2023年底前完成二期"


def test_bracket_spans_and_inside() -> None:
    text = "印发《2023年工作要点》和《关于〈规定〉的说明》"
    spans = zh.bracket_spans(text)
    assert [text[s:e] for s, e in spans] == ["《2023年工作要点》", "《关于〈规定〉的说明》"]
    year = text.index("2023")
    assert zh.inside(spans, year, year + 5)
    assert not zh.inside(spans, 0, 2)


def test_cjk_ratio() -> None:
    assert zh.cjk_ratio("本周完成接口开发，修复缺陷3个。") > 0.9
    assert zh.cjk_ratio("Shipped the importer; fixed the login bug. 张三 reviewed it.") < 0.3
    assert zh.cjk_ratio("") == 0.0


def test_cache_dir_uses_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLINT_CACHE_DIR", raising=False)  # which would come first
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = zh.cache_dir()
    assert path == tmp_path / "replint"
    assert path.is_dir()
    assert (path.stat().st_mode & 0o777) == 0o700


def test_cache_dir_falls_back_when_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    monkeypatch.delenv("REPLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(locked))
    monkeypatch.setenv("HOME", str(locked))
    real_access = os.access
    # Tests may run as root, who can write anywhere: pretend the directory is read-only.
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: False if str(path).startswith(str(locked)) else real_access(path, mode),
    )
    path = zh.cache_dir()
    assert path is not None and not str(path).startswith(str(locked))


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        # REPLINT_CACHE_DIR (set for the test run) would come before XDG_CACHE_HOME.
        env={**{k: v for k, v in os.environ.items() if k != "REPLINT_CACHE_DIR"}, **env},
        check=False,
    )


def test_words_are_quiet_cached_per_user_and_find_word_ends(tmp_path: Path) -> None:
    done = _run(
        """
        import sys
        from replint.text import zh
        assert not zh.jieba_loaded()
        words = [w for w, _s, _e in zh.words("存在的问题与下一步打算")]
        assert words[:3] == ["存在", "的", "问题"], words
        assert zh.jieba_loaded()
        assert sys.modules.get("pkg_resources", 0) is not None  # not left blocked
        """,
        {"XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # jieba's "Building prefix dict" lines are silenced
    assert (tmp_path / "replint" / "jieba.cache").is_file()


def test_word_ends_use_the_dictionary_without_importing_jieba(tmp_path: Path) -> None:
    done = _run(
        """
        from replint.text import zh
        ends = zh.word_ends("计划生育工作")
        assert 2 not in ends and 4 in ends, sorted(ends)
        assert zh.dictionary_used() and not zh.jieba_loaded()
        """,
        {"XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    (db,) = (tmp_path / "replint").glob("jieba-dict-v*.sqlite3")
    assert (db.stat().st_mode & 0o777) == 0o600


def test_word_db_is_one_file_per_dictionary_and_replaces_older_layouts(tmp_path: Path):
    """Reinstalling jieba (a new file time, the same dictionary) adds no new copy; files
    of an older layout are removed once, and those of another jieba version are kept."""
    directory = tmp_path / "replint"
    directory.mkdir()
    time_keyed = directory / "jieba-words-5071852-1795304514.sqlite3"  # layout 0
    layout_1 = directory / "jieba-words-5071852.sqlite3"  # no tags, no prefixes
    other_jieba = directory / f"jieba-dict-v{words_module._WORD_DB_VERSION}-123.sqlite3"
    for stale in (time_keyed, layout_1, other_jieba):
        stale.write_bytes(b"old")
    script = """
        from replint.text import zh
        assert 4 in zh.word_ends("计划生育工作")
        assert zh.dictionary_used()
        """
    for _ in range(2):
        done = _run(script, {"XDG_CACHE_HOME": str(tmp_path)})
        assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in directory.glob("jieba-*.sqlite3"))
    assert len(files) == 2 and other_jieba.name in files, files
    assert not time_keyed.exists() and not layout_1.exists()
    # replint before layout 2 removed every jieba-words-*-* file as a time-keyed copy:
    # the new name must not look like one, or two checkouts would rebuild in turn.
    assert all(not name.startswith("jieba-words-") for name in files)


@pytest.mark.parametrize(
    ("name", "older"),
    [
        ("jieba-words-5071852-1795304514.sqlite3", True),
        ("jieba-words-5071852.sqlite3", True),
        ("jieba-dict-v1-5071852.sqlite3", True),
        (words_module._word_db_name(5071852), False),
        (words_module._word_db_name(99), False),
        (f"jieba-dict-v{words_module._WORD_DB_VERSION + 1}-5071852.sqlite3", False),
        ("jieba-words-5071852.sqlite3.123.tmp", False),
        ("jieba.cache", False),
        ("typo-index-5071852-cc5e3d4f016c-v7.sqlite3", False),
    ],
)
def test_older_word_db_names(name: str, older: bool) -> None:
    assert words_module._older_word_db(name) is older


HEADINGS = [
    "计划生育工作",
    "计划经济时期",
    "困难群众帮扶",
    "着力解决群众反映的突出问题",
    "存在的问题与下一步打算",
    "2022年意识形态工作计划",
    "当前意识形态方面存在的新情况新问题",
    "应对措施和下一步工作打算",
    "上年度民主生活会整改措施落实情况",
    "问题解决情况",
    "Q3 roadmap计划安排，abc计划123生育",
    "一、健全责任体系，保障工作顺利开展",
    "党的二十届三中全会精神",
    "本周工作计划（草稿）",
]


# Long texts (the database path cuts them too): runs of hundreds of characters with no
# break jieba splits on, ASCII mixed in, digits, line breaks and odd characters.
LONG_TEXTS = [
    "围绕年度目标任务统筹推进基础设施建设产业结构调整和公共服务提升各项工作"
    "全年共完成固定资产投资同比增长百分之八点五其中新建改建农村道路一百二十公里"
    "新增绿化面积三千亩完成老旧小区改造十二个惠及居民四千余户群众满意度明显提高",
    "本季度重点推进数字政务平台建设，完成Python 3.11迁移和API v2接口联调；"
    "统一身份认证覆盖率达到95.6%，日均办件量2,300件以上，"
    "同时组织开展网络安全攻防演练两次、发现并整改漏洞17个。" * 3,
    "一、健全工作机制\r\n（一）压实主体责任。\r\n\r\n坚持问题导向目标导向结果导向"
    "相统一\r强化督促检查\n\t狠抓工作落实 确保各项措施落地见效abcXYZ123+#&._%-尾声",
    "计划生育" * 40 + "x86 Q3 roadmap A1B2C3 " * 5 + "的的的了了是是" * 10,
    "部门预算执行进度偏慢的问题依然存在个别项目前期论证不充分资金沉淀时间较长"
    "下一步将建立健全预算绩效管理长效机制加强事前评估事中监控事后评价全过程管理",
]


@pytest.mark.parametrize("text", HEADINGS + LONG_TEXTS)
def test_dictionary_word_ends_agree_with_jieba(text: str) -> None:
    fast = zh._dictionary_word_ends(text)
    assert fast is not None
    assert fast == frozenset(end for _w, _s, end in zh.words(text))


def test_long_texts_are_cut_without_importing_jieba(tmp_path: Path) -> None:
    done = _run(
        f"""
        from replint.text import zh
        text = {LONG_TEXTS[0]!r}
        assert len(text) > 100
        ends = zh.word_ends(text)
        assert text[:2] == "围绕" and 2 in ends and 1 not in ends, sorted(ends)[:5]
        assert zh.dictionary_used() and not zh.jieba_loaded()
        """,
        {"XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr


# A sample of words for the tag tables: common and rare words, words whose tag is a
# reduplicable verb or adjective (R105 asks), prefixes of words that are no words
# themselves ("计划生" is only the start of 计划生育), words absent from the dictionary,
# ASCII, and keys of other types.
TAGGED_SAMPLE = [
    "研究", "讨论", "进行", "干净", "雪白", "计划", "计划生育", "的", "了", "是",
    "工作", "打算", "认真", "学习", "整改", "落实", "推进", "中华人民共和国",
    "计划生", "中华人民", "舒服舒服", "龘龘", "", "x86", "Python", "ABC", "一",
]  # fmt: skip


def test_word_tags_from_the_database_agree_with_posseg() -> None:
    tags = words_module.word_tags()
    assert isinstance(tags, words_module._DictionaryTags)  # no jieba.posseg needed
    posseg = words_module._posseg_tags()
    for word in TAGGED_SAMPLE:
        assert tags.get(word) == posseg.get(word), word
        assert (word in tags) == (word in posseg), word
    assert tags.get(12) is None and 12 not in tags  # type: ignore[call-overload]
    assert tags["研究"].startswith("v") and "计划生" not in tags
    assert len(tags) == len(posseg)
    words = list(tags)
    assert len(words) == len(posseg)
    step = max(1, len(words) // 500)
    for word in words[::step]:  # a spread sample of the whole table
        assert tags[word] == posseg[word], word


def test_word_tags_read_the_database_without_importing_jieba(tmp_path: Path) -> None:
    done = _run(
        """
        from replint.plugin import word_tags
        from replint.text import zh
        tags = word_tags()
        assert tags.get("研究", "").startswith("v") and tags.get("计划生") is None
        assert not zh.jieba_loaded()
        """,
        {"XDG_CACHE_HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr


def test_word_tags_fall_back_to_posseg_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words_module, "cache_dir", lambda: None)
    zh._word_db.cache_clear()
    words_module.word_tags.cache_clear()
    try:
        tags = words_module.word_tags()
        assert not isinstance(tags, words_module._DictionaryTags)
        assert tags["研究"].startswith("v") and "计划生" not in tags
    finally:
        zh._word_db.cache_clear()
        words_module.word_tags.cache_clear()


def test_the_tag_table_answers_from_posseg_when_the_database_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker that cannot open the database still gets posseg's tags."""
    tags = words_module._DictionaryTags()
    monkeypatch.setattr(words_module, "cache_dir", lambda: None)
    zh._word_db.cache_clear()
    try:
        posseg = words_module._posseg_tags()
        assert [tags.get(w) for w in TAGGED_SAMPLE] == [posseg.get(w) for w in TAGGED_SAMPLE]
        assert len(tags) == len(posseg)
    finally:
        zh._word_db.cache_clear()


def test_read_dictionary_follows_jieba_and_posseg(tmp_path: Path) -> None:
    """Frequencies as jieba's prefix dictionary, tags as posseg's table."""
    source = tmp_path / "dict.txt"
    source.write_text(
        "甲乙丙 5 n\n甲乙 2 v\n丁戊 3 a\n甲乙 4 vn\n己 1\n\n庚辛 x y\n",
        encoding="utf-8",
    )
    rows, total, longest = words_module._read_dictionary(source)
    assert total == 5 + 2 + 3 + 4 + 1  # a repeated word counts each time, as in jieba
    assert longest == 3
    assert rows["甲乙"] == (4, "vn")  # the last entry wins, for frequency and tag
    assert rows["甲"] == (0, None) and rows["丁"] == (0, None)  # prefixes only
    assert rows["己"] == (1, None)  # no tag given
    assert rows["庚辛"] == (0, "y")  # posseg keeps the tag of a line jieba would reject
    assert "甲乙丙" in rows and "乙" not in rows


def test_word_ends_fall_back_to_jieba_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words_module, "cache_dir", lambda: None)
    zh._word_db.cache_clear()
    try:
        assert zh._dictionary_word_ends("计划生育工作") is None
        assert zh.word_ends("计划生育工作") == frozenset({4, 6})
    finally:
        zh._word_db.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "计划生育工作",
        "下一步工作打算",
        "以数字化赋能基层，抓好重点。",
        "使用Python 3.11处理数据",
        "X光 x86 很远很远",
    ],
)
def test_word_boundaries_are_the_word_api_seen_from_both_sides(text: str) -> None:
    """One word API: boundaries from word_ends equal jieba's word starts and ends."""
    from replint.text.words import word_boundaries

    expected = {0, len(text)}
    for _word, start, end in zh.words(text):
        expected.update((start, end))
    assert word_boundaries(text) == frozenset(expected)
