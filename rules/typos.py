"""Likely typos found by confusion sets (W104), beyond the dictionary of W101.

A wrong character in Chinese is nearly always a homophone typed through a pinyin
input method (`部暑` for 部署), a near-homophone of sounds many speakers merge (z/zh,
n/l, in/ing: `郑加` for 增加) or a look-alike (`迫在眉捷`; by a shared phonetic part,
`支特` for 支持). When a stretch of text is
not a word, but changing one character for a homophone or a look-alike gives a common
word or idiom, and the sentence reads better with it (a unigram language model over
jieba's dictionary frequencies), the stretch is reported with the suggestion.

The index behind it (jieba's words and frequencies, every common word with one
character masked, the pinyin of every character) is built once per jieba dictionary
into the per-user cache, as SQLite; a run reads only the rows its text needs. jieba
itself is never imported, and pypinyin only while the index is built.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from replint.plugin import (
    Document,
    Finding,
    Paragraph,
    Rule,
    Severity,
    jieba_dictionary,
    regexes,
)

from . import load_data

_INDEX_VERSION = 9
# A right form must be at least this common (jieba's counts: 部署 3333, 参与 7060,
# 按部就班 90, 相形见绌 52); rarer words suggest more noise than typos.
_MIN_RIGHT = {2: 100, 3: 40, 4: 3}
# The written form is not a typo when it is itself this common a word.
_MAX_WRONG = 20
# ... and the suggestion must be this many times more common than the written form.
_RATIO = 50
# How much more probable (natural log) the sentence must read with the suggestion.
_MIN_GAIN = 7.0
# A homophone in the same tone is what a pinyin input method offers first on the
# same keystrokes (部暑/部署, 刚笔/钢笔); one in another tone needs more evidence.
_MIN_GAIN_SAME_TONE = 5.0
# ... unless the written character is itself a common word (太, 多: 生太多 is 生 + 太多).
_MAX_SAME_TONE_WORD = 20000
_WARN_GAIN = 9.0
# A stretch the writer uses twice or more in one report is a term they mean (以案为鉴
# and 以案促改, 学深悟透 twice), unless the suggestion is overwhelming: a misspelling
# typed twice is rarer than a term repeated.
_MIN_GAIN_REPEATED = 12.0
# Look-alikes by shared component are many; only a strong reading earns one.
_MIN_GAIN_LOOKALIKE = 8.0
# A character alike in sound (another tone) and in shape (按/案, 相/想, 诲/悔) is a
# likelier slip than one alike in either alone.
_MIN_GAIN_BOTH = 5.5
# A near-homophone (a dialect's merged sounds, 心/性, 郑/增) is a likelier slip than a
# look-alike, but offered by fewer input methods than a homophone.
_MIN_GAIN_NEAR = 8.5
# ... and an input method offers a common character for the wrong sound, so the
# written one is common too (宸, 3835, is a name's: 宸诺通 is a company).
_NEAR_COMMON_CHAR = 5000
# Three characters of four shared with a known four-character word (an idiom, mostly)
# are strong evidence by themselves: 扑塑迷离 can only be 扑朔迷离.
_MIN_GAIN_FOUR = 4.0
_MIN_GAIN_FOUR_LOOKALIKE = 5.0
# Characters of a word at least this common are never the wrong ones (工作部 43 does
# not shield 部暑; 示范 shields 示范学校).
_IN_WORD = 100
# More gain for a stretch reaching into a known word (运动圆: 运动 + 圆), and for a
# four-character one breaking a known word up (一尘不然 holds 不然): index by reach.
_REACH_GAIN = (0.0, 1.5, 2.0)
# A written character the simplified dictionary hardly knows (開 12, 興 2; 柘 92 is a
# rare simplified one) is a traditional form, which no simplified input method offers.
_RARE_WRITTEN = 50
_CONTEXT = 6  # characters each side that the language model looks at
_LONGEST = 4  # longest dictionary word considered when segmenting (idioms are four)

_HAN_RUN = regexes.lazy_re(r"[\u4e00-\u9fff]{2,}")
# Quotations, titles and names in brackets are quoted as written.
_QUOTED = regexes.lazy_re(
    r"“[^”]{0,80}”|《[^》]{0,80}》|「[^」]{0,80}」|〈[^〉]{0,80}〉|‘[^’]{0,40}’"
)

# A stretch just before one of these is part of a proper name (涧田乡, 星悦酒店).
_NAME_AFTER = regexes.lazy_re(
    r"[\u4e00-\u9fff]{0,2}(?:乡|镇|村|县|酒店|宾馆|饭店|公司|集团|大学|学院|医院|银行|商店|超市|"
    r"有限|工作室|街道|社区)"
)
# A modal verb and 多/少 before a verb are two words (需多练习, 应少开会), not a
# misspelt word (许多).
_MODAL_MORE = regexes.lazy_re(r"[需须应宜要该可][多少]")
# The formula 以X促Y (以赛促学, 以知促行, 以评促建) coins its pairs: 知促 is no typo.
_BY_MEANS_OF = regexes.lazy_re(r"以[\u4e00-\u9fff]促[\u4e00-\u9fff]")
_SENTENCE_MARKS = frozenset("，。；！？、,;!?")

# ---------------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------------


def _is_han(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


# Sounds that many speakers do not tell apart, so that a pinyin input method is given
# one for the other: zh/z, ch/c, sh/s, n/l, and the finals -ing/-in, -eng/-en.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"))


_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")


def split_syllable(syllable: str) -> tuple[str, str]:
    """The initial and the final of a toneless pinyin syllable: zhuang -> (zh, uang)."""
    for initial in _INITIALS:
        if syllable.startswith(initial):
            return initial, syllable[len(initial) :]
    return "", syllable


def fuzzy(syllable: str) -> str:
    """``syllable`` (toneless pinyin) with the sounds of _FUZZY_* merged: xing, xin -> xin."""
    for a, b in _FUZZY_INITIALS:
        if syllable.startswith(a):
            syllable = b + syllable[len(a) :]
            break
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            return syllable[: -len(a)] + b
    return syllable


def build_index(source: Path, target: Path, extra: Mapping[str, int] | None = None) -> None:
    """Write the typo index for jieba's dictionary ``source`` to ``target`` (atomically).

    ``extra`` words (data/typo_words.yaml: 凝心聚力, 提质增效) count as dictionary words
    of at least their frequency, so they can be suggested as well as left alone.
    """
    import sqlite3

    from pypinyin import Style, pinyin

    words: dict[str, int] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].strip().isdigit():
                words[parts[0]] = int(parts[1])
    for word, freq in (extra or {}).items():
        words[word] = max(words.get(word, 0), freq)
    total = sum(words.values())
    common: list[str] = []
    chars: set[str] = set()
    char_freq: dict[str, int] = {}
    for word, freq in words.items():
        for ch in word:
            char_freq[ch] = char_freq.get(ch, 0) + freq
        if len(word) == 1 and _is_han(word):
            chars.add(word)
        n = len(word)
        if n in _MIN_RIGHT and freq >= _MIN_RIGHT[n] and _is_han(word):
            chars.update(word)
            common.append(word)
    readings: list[tuple[str, str, int]] = []
    tone3: dict[str, str] = {}
    for ch in sorted(chars):
        # The common reading only: pypinyin's heteronyms include archaic readings
        # (疑 ning2, 透 shu1) that no input method offers for the common word.
        syllable = pinyin(ch, style=Style.TONE3, heteronym=False, neutral_tone_with_five=True)[0][0]
        readings.append((ch, syllable, char_freq.get(ch, 0)))
        tone3[ch] = syllable
    # Each common word with one character masked, keyed with that character's sound
    # (fuzzy: see _FUZZY_*): "部?|su" -> 部署. A text's stretch 部暑 asks for "部?|su"
    # and gets homophones and near-homophones only. The sound is the character's
    # reading in that word (省 is xing3 in 反省, sheng3 alone: 反醒 finds 反省), and
    # its common reading as well where the two differ.
    masks: list[tuple[str, str, str]] = []
    for word in common:
        in_word = _word_readings(word, pinyin, Style.TONE3)
        for j, ch in enumerate(word):
            key = f"{word[:j]}?{word[j + 1 :]}|"
            for reading in dict.fromkeys((in_word[j], tone3.get(ch, ""))):
                if reading:
                    masks.append((key + fuzzy(reading.rstrip("012345")), word, reading))
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
        conn.execute(
            "CREATE TABLE masks (mask TEXT, word TEXT, reading TEXT, PRIMARY KEY (mask, word))"
            " WITHOUT ROWID"
        )
        conn.execute(
            "CREATE TABLE readings (ch TEXT PRIMARY KEY, pinyin TEXT, freq INTEGER) WITHOUT ROWID"
        )
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER)")
        conn.executemany("INSERT INTO words VALUES (?, ?)", words.items())
        conn.executemany("INSERT OR IGNORE INTO masks VALUES (?, ?, ?)", masks)
        conn.executemany("INSERT INTO readings VALUES (?, ?, ?)", readings)
        conn.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
        conn.commit()
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def _word_readings(word: str, pinyin: Any, style: Any) -> list[str]:
    """The reading (pinyin with tone digit) of each character of ``word`` in that word."""
    got = pinyin(word, style=style, heteronym=False, neutral_tone_with_five=True, errors="ignore")
    out = [r[0] for r in got]
    return out if len(out) == len(word) else [""] * len(word)


class TypoIndex:
    """Read access to the typo index: frequencies, masked words, readings."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self.log_total = math.log(dict(conn.execute("SELECT key, value FROM meta"))["total"])
        self._readings: dict[str, tuple[str, ...]] = {}
        self._toneless: dict[str, frozenset[str]] = {}
        self._char_freq: dict[str, int] = {}
        self._sound: dict[str, str] = {}

    def _select(self, table: str, key: str, values: Iterable[str]) -> list[tuple[Any, ...]]:
        items = list(set(values))
        rows: list[tuple[Any, ...]] = []
        for chunk in range(0, len(items), 500):
            batch = items[chunk : chunk + 500]
            marks = ",".join("?" * len(batch))
            cols = "word, freq" if table == "words" else "mask, word, reading"
            # Only the table name (a constant) and "?" placeholders are formatted in.
            rows.extend(
                self._conn.execute(f"SELECT {cols} FROM {table} WHERE {key} IN ({marks})", batch)
            )
        return rows

    def freqs(self, pieces: Iterable[str]) -> dict[str, int]:
        return dict(self._select("words", "word", pieces))

    def homophones(self, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """Common words for keys "部?|shu": the mask filled with a character of that sound.

        Each word comes with the reading (tone digit included) of its filled character.
        """
        out: dict[str, list[tuple[str, str]]] = {}
        for mask, word, reading in self._select("masks", "mask", keys):
            out.setdefault(mask, []).append((word, reading))
        return out

    def load_chars(self, chars: Iterable[str]) -> None:
        """Read the readings and frequencies of ``chars`` (once per character)."""
        missing = [c for c in set(chars) if c not in self._char_freq]
        for chunk in range(0, len(missing), 500):
            batch = missing[chunk : chunk + 500]
            marks = ",".join("?" * len(batch))
            query = f"SELECT ch, pinyin, freq FROM readings WHERE ch IN ({marks})"
            for c, p, f in self._conn.execute(query, batch):
                self._readings[c] = tuple(p.split())
                self._toneless[c] = frozenset(x.rstrip("012345") for x in p.split())
                self._char_freq[c] = f
            for c in batch:
                self._char_freq.setdefault(c, 0)

    def readings(self, ch: str) -> tuple[str, ...]:
        if ch not in self._char_freq:
            self.load_chars(ch)
        return self._readings.get(ch, ())

    def sound(self, ch: str) -> str:
        """The fuzzy toneless pinyin of the common reading of ``ch`` ("" when unknown)."""
        got = self._sound.get(ch)
        if got is None:
            got = self._sound[ch] = fuzzy(next(iter(self.toneless(ch)), ""))
        return got

    def toneless(self, ch: str) -> frozenset[str]:
        if ch not in self._char_freq:
            self.load_chars(ch)
        return self._toneless.get(ch, frozenset())

    def char_freq(self, ch: str) -> int:
        """How often ``ch`` occurs in jieba's dictionary (words weighted by frequency)."""
        if ch not in self._char_freq:
            self.load_chars(ch)
        return self._char_freq.get(ch, 0)


@cache
def _index(pid: int) -> TypoIndex | None:
    """The index for this process (built on first use), or None when it cannot be had.

    Keyed by process id: a SQLite connection must not cross a fork into workers.
    """
    import hashlib
    import sqlite3

    from replint.plugin import cache_dir

    source = jieba_dictionary()
    directory = cache_dir()
    if source is None or directory is None:
        return None
    extra = known_words()
    digest = hashlib.sha256("\n".join(sorted(extra)).encode()).hexdigest()[:12]
    name = f"typo-index-{source.stat().st_size}-{digest}-v{_INDEX_VERSION}.sqlite3"
    target = directory / name
    try:
        if not target.is_file():
            build_index(source, target, extra)
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        return TypoIndex(conn)
    except (OSError, sqlite3.Error, KeyError, ImportError):
        return None


def typo_index() -> TypoIndex | None:
    return _index(os.getpid())


@cache
def known_words() -> Mapping[str, int]:
    """Words jieba lacks but W104 treats as known (data/typo_words.yaml)."""
    data = load_data("typo_words.yaml")
    return dict.fromkeys(data["words"], int(data["freq"]))


# Given names are written as their owners write them: a stretch right after a common
# surname (or starting with one) is not judged on its second character.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙胡朱郭何罗郑梁谢宋唐韩冯邓曹彭曾萧肖田董潘袁蔡蒋余杜叶程魏苏吕"
    "丁任沈姚卢姜崔钟谭陆汪范廖石贾韦夏邱侯邹熊孟秦阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武"
    "戴莫孔汤傅付"
)


def _groups(groups: Iterable[str]) -> Mapping[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in groups:
        for ch in group:
            out.setdefault(ch, set()).update(c for c in group if c != ch)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _lookalikes() -> Mapping[str, frozenset[str]]:
    """Look-alikes of data/lookalikes.yaml's curated groups (any two of a group)."""
    return _groups(load_data("lookalikes.yaml")["groups"])


@cache
def _shape_alikes() -> Mapping[str, frozenset[str]]:
    """Characters alike in their whole shape (data: by_shape, pairs): 了/子, 末/未."""
    return _groups(load_data("lookalikes.yaml")["by_shape"])


@cache
def _component_kin() -> Mapping[str, frozenset[str]]:
    """Characters sharing a component other than the radical (data: by_component).

    They are look-alikes only when they also sound partly alike (see _kin_alike):
    a shared phonetic part (持/恃, 遍/篇), not a shared stroke group (扣/问 share 口).
    """
    return _groups(load_data("lookalikes.yaml")["by_component"])


def _kin_alike(old: str, new: str, index: TypoIndex) -> bool:
    """Whether ``old`` and ``new`` share an initial or a final (fuzzily)."""
    for a in index.toneless(old):
        ia, fa = split_syllable(fuzzy(a))
        for b in index.toneless(new):
            ib, fb = split_syllable(fuzzy(b))
            if (ia and ia == ib) or fa == fb:
                return True
    return False


@cache
def _lookalikes_of(old: str, index: TypoIndex) -> frozenset[str]:
    # A character rarer than a common word (_IN_WORD) cannot be in one: not tried.
    kin = frozenset(
        c
        for c in _component_kin().get(old, ())
        if index.char_freq(c) >= _IN_WORD and _kin_alike(old, c, index)
    )
    return _lookalikes().get(old, frozenset()) | _shape_alikes().get(old, frozenset()) | kin


# ---------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------


def best_path(text: str, freq: Mapping[str, int], log_total: float) -> float:
    """Log probability of the most probable segmentation of ``text`` (jieba's method)."""
    n = len(text)
    route = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best = math.log(freq.get(text[i], 0) or 1) - log_total + route[i + 1]
        for j in range(i + 2, min(n, i + _LONGEST) + 1):
            f = freq.get(text[i:j])
            if f:
                best = max(best, math.log(f) - log_total + route[j])
        route[i] = best
    return route[0]


def segment(text: str, freq: Mapping[str, int], log_total: float) -> list[tuple[int, int]]:
    """The most probable segmentation of ``text`` as (start, end) spans."""
    n = len(text)
    route: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        best = (math.log(freq.get(text[i], 0) or 1) - log_total + route[i + 1][0], i + 1)
        for j in range(i + 2, min(n, i + _LONGEST) + 1):
            f = freq.get(text[i:j])
            if f:
                best = max(best, (math.log(f) - log_total + route[j][0], j))
        route[i] = best
    spans = []
    i = 0
    while i < n:
        spans.append((i, route[i][1]))
        i = route[i][1]
    return spans


# A paragraph with this share of characters jieba hardly knows is in traditional
# characters (or another script), which the simplified dictionary cannot judge.
_RARE_CHAR = 200
_RARE_SHARE = 0.08


def _foreign(text: str, index: TypoIndex, share: float = _RARE_SHARE) -> bool:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    index.load_chars(han)
    rare = sum(1 for c in han if index.char_freq(c) < _RARE_CHAR)
    return rare >= 2 and rare >= share * len(han)


def _pieces(text: str) -> set[str]:
    n = len(text)
    return {text[i:j] for i in range(n) for j in range(i + 1, min(n, i + _LONGEST) + 1)}


class Typo(NamedTuple):
    """One likely typo: ``text[start:end]`` should probably read ``right``."""

    start: int
    end: int
    wrong: str
    right: str
    relation: str  # homophone | near-homophone | look-alike
    gain: float


def relation(old: str, new: str, index: TypoIndex) -> str:
    """How ``new`` could have been mistyped as ``old`` ("" when it is no likely slip)."""
    a, b = index.toneless(old), index.toneless(new)
    if a & b:
        return "homophone"
    if new in _lookalikes_of(old, index):
        return "look-alike"
    if {fuzzy(x) for x in a} & {fuzzy(x) for x in b}:
        return "near-homophone"
    return ""


def find_typos(text: str, index: TypoIndex) -> list[Typo]:
    """Likely typos in ``text`` (any string), best first where they overlap."""
    return find_typos_in([text], index)[0]


class _Run:
    """A run of Han characters of one text, while it is examined."""

    __slots__ = ("chars", "in_word", "keys", "start", "text")

    def __init__(self, text: int, start: int, chars: str) -> None:
        self.text = text  # which text
        self.start = start
        self.chars = chars
        self.in_word: set[int] = set()
        self.keys: list[tuple[str, int, int, int, int]] = []  # mask, i, n, j, reach


def find_typos_in(texts: list[str], index: TypoIndex) -> list[list[Typo]]:
    """Likely typos in each of ``texts``; the index is read once per stage for all."""
    found: list[list[Typo]] = [[] for _ in texts]
    for swap in scored_swaps(texts, index):
        if swap.typo.gain >= _min_gain(swap.how, len(swap.typo.wrong), swap.reach):
            found[swap.text].append(swap.typo)
    return [_best_of(typos) for typos in found]


class Swap:
    """A swap tried in one of the texts, scored, with what its threshold depends on."""

    __slots__ = ("how", "reach", "text", "typo")

    def __init__(self, text: int, typo: Typo, how: str, reach: int) -> None:
        self.text = text  # which text
        self.typo = typo
        self.how = how  # a relation, or "same-tone homophone"
        # 0: the stretch holds no known word's character; 1: it reaches into a known
        # word; 2: the changed character is inside one (一尘不然: 不然)
        self.reach = reach


def scored_swaps(texts: list[str], index: TypoIndex) -> Iterator[Swap]:
    """Every swap tried in ``texts``, scored; find_typos_in keeps those whose gain
    reaches _min_gain (bench tools read them all)."""
    known = known_words()
    runs: list[_Run] = []
    protected_by_text: list[list[tuple[int, int]]] = []
    for t, text in enumerate(texts):
        protected = [m.span() for m in _QUOTED.finditer(text)]
        protected += [m.span() for m in _BY_MEANS_OF.finditer(text)]
        protected_by_text.append(protected)
        if not _HAN_RUN.search(text) or _foreign(text, index):
            continue
        for m in _HAN_RUN.finditer(text):
            rs, re_ = m.span()
            if not any(s <= rs and re_ <= e for s, e in protected):
                runs.append(_Run(t, rs, m.group()))
    if not runs:
        return

    def lookup(pieces: set[str]) -> None:
        pieces = {p for p in pieces if p not in freq}
        got = index.freqs(pieces)
        for p in pieces:
            f = got.get(p, 0)
            freq[p] = max(f, known[p]) if p in known else f

    freq: dict[str, int] = {}
    lookup({p for r in runs for p in _pieces(r.chars)})
    index.load_chars({c for r in runs for c in r.chars})
    for r in runs:
        _window_keys(r, freq, index, protected_by_text[r.text])
    # Homophones come from the index; look-alikes are few enough to try each.
    homophones = index.homophones(
        {f"{key}|{index.sound(r.chars[i + j])}" for r in runs for key, i, _n, j, _ in r.keys}
    )
    index.load_chars({c for words in homophones.values() for w, _ in words for c in w})
    kin = _component_kin()
    index.load_chars({c for r in runs for old in r.chars for c in kin.get(old, ())})
    tries: list[tuple[_Run, int, int, int, str, str, int]] = []
    for r in runs:
        run = r.chars
        for key, i, n, j, reach in r.keys:
            old = run[i + j]
            hows: dict[str, str] = {}
            for word, reading in homophones.get(f"{key}|{index.sound(old)}", ()):
                if word[j] == old or hows.get(word) == "same-tone homophone":
                    continue
                # ... unless the written character is itself a common word (太, 多)
                if reading in index.readings(old) and freq.get(old, 0) < _MAX_SAME_TONE_WORD:
                    hows[word] = "same-tone homophone"
                elif reading.rstrip("012345") in index.toneless(old):
                    hows[word] = "homophone"
                elif index.char_freq(old) >= _NEAR_COMMON_CHAR and word not in hows:
                    hows[word] = "near-homophone"
            for new in _lookalikes_of(old, index):
                word = key.replace("?", new)
                # A character alike in sound and in shape (按/案, 诲/悔) is the likeliest
                # slip of all; a near-homophone look-alike is tried as a look-alike.
                how = hows.get(word)
                if how == "homophone":
                    hows[word] = "homophone look-alike"
                elif how != "same-tone homophone":
                    hows[word] = "look-alike"
            tries.extend((r, i, n, j, word, how, reach) for word, how in hows.items())
    lookup({t[4] for t in tries})
    candidates: list[tuple[_Run, int, int, int, str, str, int, str, str]] = []
    for r, i, n, j, word, how, reach in tries:
        run = r.chars
        # Four characters are matched whole, so a rarer idiom is enough (扑朔迷离 72).
        floor = _MIN_RIGHT[4] if n == 4 else _RATIO
        if freq.get(word, 0) < max(_MIN_RIGHT[n], floor * max(1, freq.get(run[i : i + n], 0))):
            continue  # too rare a word, or not rarer than what is written
        lo, hi = max(0, i - _CONTEXT), min(len(run), i + n + _CONTEXT)
        after = run[lo : i + j] + word[j] + run[i + j + 1 : hi]
        candidates.append((r, i, n, j, word, how, reach, run[lo:hi], after))
    lookup({p for c in candidates for p in _pieces(c[-1])})
    for r, i, n, _j, word, how, reach, before, after in candidates:
        wrong = r.chars[i : i + n]
        gain = best_path(after, freq, index.log_total) - best_path(before, freq, index.log_total)
        start = r.start + i
        relation = _RELATIONS.get(how, how)
        yield Swap(r.text, Typo(start, start + n, wrong, word, relation, gain), how, reach)


_RELATIONS = {
    "same-tone homophone": "homophone",
    "homophone look-alike": "homophone and look-alike",
}


def _min_gain(how: str, n: int, reach: int = 0) -> float:
    """The gain a suggestion of ``n`` characters must bring, by how it was mistyped."""
    return _base_gain(how, n) + _REACH_GAIN[reach]


def _base_gain(how: str, n: int) -> float:
    if n == 4:  # a near-homophone is no likelier a slip than a look-alike
        weak = how in ("look-alike", "near-homophone")
        return _MIN_GAIN_FOUR_LOOKALIKE if weak else _MIN_GAIN_FOUR
    if how == "look-alike":
        return _MIN_GAIN_LOOKALIKE
    if how == "near-homophone":
        return _MIN_GAIN_NEAR
    if how == "homophone look-alike":
        return _MIN_GAIN_BOTH
    return _MIN_GAIN_SAME_TONE if how == "same-tone homophone" else _MIN_GAIN


def _change(typo: Typo) -> tuple[int, str]:
    """Where ``typo`` changes a character, and to what."""
    j = next(k for k, (a, b) in enumerate(zip(typo.wrong, typo.right, strict=True)) if a != b)
    return typo.start + j, typo.right[j]


def _best_of(typos: list[Typo]) -> list[Typo]:
    """The strongest of overlapping suggestions, in text order.

    Of suggestions making the same change, the shortest is kept (参于 → 参与, not
    积极参于 → 积极参与): it names the wrong word, not the phrase around it.
    """
    shortest: dict[tuple[int, str], Typo] = {}
    for typo in typos:
        key = _change(typo)
        if key not in shortest or len(typo.wrong) < len(shortest[key].wrong):
            shortest[key] = typo
    kept: list[Typo] = []
    for typo in sorted(shortest.values(), key=lambda t: (-t.gain, t.start)):
        if all(typo.end <= k.start or typo.start >= k.end for k in kept):
            kept.append(typo)
    return sorted(kept, key=lambda t: t.start)


def _window_keys(
    r: _Run, freq: Mapping[str, int], index: TypoIndex, protected: list[tuple[int, int]]
) -> None:
    """The masked forms of every stretch of ``r`` that could hold a wrong character."""
    run, rs = r.chars, r.start
    # A character inside a known word (示范学校 is 示范 + 学校) is written as meant.
    for a, b in segment(run, freq, index.log_total):
        if b - a > 1 and freq.get(run[a:b], 0) >= _IN_WORD:
            r.in_word.update(range(a, b))
    for n in (2, 3, 4):
        for i in range(len(run) - n + 1):
            s = run[i : i + n]
            if freq.get(s, 0) >= _MAX_WRONG:
                continue
            inside = len(r.in_word.intersection(range(i, i + n)))
            if inside > (2 if n == 4 else 1) or inside == n:
                continue  # mostly known words' characters: one of them is meant
            if any(s0 < rs + i + n and rs + i < e0 for s0, e0 in protected):
                continue
            if _NAME_AFTER.match(run, i + n) or _MODAL_MORE.fullmatch(s):
                continue
            for j in range(n):
                # A wrong character beside a known word (运动圆们: 运动 + 圆 for 运动员)
                # or inside one of a misspelt idiom (一尘不然 holds 不然) is tried, on
                # more evidence (_REACH_GAIN).
                reach = 2 if i + j in r.in_word else 1 if inside else 0
                if reach == 2 and n < 4:
                    continue  # only a four-character word breaks up a known word
                if index.char_freq(run[i + j]) < _RARE_WRITTEN:
                    continue  # 開展 quoted in traditional characters: no input slip
                before = run[i + j - 1] if i + j > 0 else ""
                if before in SURNAMES:
                    continue  # 何咏哲, 吴怀南: a given name
                r.keys.append((s[:j] + "?" + s[j + 1 :], i, n, j, reach))


# ---------------------------------------------------------------------------------
# W104
# ---------------------------------------------------------------------------------


@cache
def _listed() -> frozenset[str]:
    """The literal wrong forms of W101's dictionary (再接再励): W101 reports them."""
    from .wording import misused_entries

    return frozenset(e.wrong for e in misused_entries() if e.wrong)


class LikelyTypo(Rule):
    """A likely wrong character: a homophone or look-alike of a common word.

    ## What it does
    Finds a stretch of Chinese text that is not a word, where changing one character
    for a homophone, a near-homophone (z/zh, c/ch, s/sh, n/l, in/ing, en/eng) or a
    look-alike gives a common word or idiom that makes the sentence read better, and
    suggests it with its confidence. Look-alikes are a curated list of 形近字,
    characters sharing a phonetic part that also sound partly alike (持/恃, 遍/篇), and
    characters alike in their whole shape (了/子, 末/未: same structure, four-corner
    codes and stroke orders). A character alike in both sound and shape (按/案) needs
    less evidence than one alike in either.
    A character sounds as it reads in the word (觉 is jue2 in 觉得: `我决得` → 觉得),
    and a wrong character glued to a known word is still seen, on more evidence
    (`运动圆们` → 运动员, `一尘不然` → 一尘不染).

    `工作部暑` → 部署, `积极参于` → 参与, `验收工做` → 工作, `坚苦奋斗` → 艰苦,
    `刻不容换` → 刻不容缓.

    ## Why is this bad?
    Wrong characters (错别字) are what a reviewer circles first; most are typed through
    a pinyin input method that offers homophones, so they survive a spell check that
    only knows a list.

    ## Example
        按照上级工作部暑，积极参于验收工做。

    ## Use instead
        按照上级工作部署，积极参与验收工作。

    Reported as a warning when the sentence reads much better with the suggestion
    and the two characters sound alike, otherwise as info; the fix is never safe (a
    human confirms it). Text in quotation marks and book titles is left as quoted,
    and a stretch the report uses twice or more is taken as the writer's term.
    The model knows jieba's dictionary, so a name or term of art it does not know
    may be reported: add it to `ignore` (words, or wrong forms).

    A form in W101's dictionary (再接再励) is left to W101, which knows its fix.

    Opt-in: select it (`--extend-select W104`, or `extend-select = ["W104"]` in the
    config). It reads a few thousand rows of its index per report, some tens of
    milliseconds, more than a pre-commit run on one report should cost
    (`bench/bench_typos.py` measures it).
    """

    code = "W104"
    name = "likely-typo"
    severity = Severity.WARNING
    fixable = True
    opt_in = True
    options: Mapping[str, Any] = {"ignore": []}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        ignore = set(options["ignore"])
        if not any(_HAN_RUN.search(p.text) for p in doc.paragraphs):
            return
        index = typo_index()
        if index is None or _foreign("".join(p.text for p in doc.paragraphs), index, 0.02):
            return  # a report in traditional characters: the dictionary is simplified
        # A table cell holding a name or a label, not a sentence, is left alone.
        paras = [
            p
            for p in doc.paragraphs
            if _HAN_RUN.search(p.text)
            and not (p.location and not _SENTENCE_MARKS.intersection(p.text))
        ]
        listed = _listed()
        texts = [p.text for p in paras]
        whole = "\n".join(texts)
        for para, typos in zip(paras, find_typos_in(texts, index), strict=True):
            for typo in typos:
                if typo.wrong in ignore or typo.right in ignore or typo.wrong in listed:
                    continue  # ignored, or a form W101's dictionary reports with its fix
                if typo.gain < _MIN_GAIN_REPEATED and whole.count(typo.wrong) > 1:
                    continue  # the writer's term, used again
                yield self._finding(doc, para, typo)

    def _finding(self, doc: Document, para: Paragraph, typo: Typo) -> Finding:
        sure = typo.gain >= _WARN_GAIN and typo.relation.startswith("homophone")
        how = f"a {typo.relation}"
        return self.finding(
            doc,
            para,
            typo.start,
            typo.end,
            f"“{typo.wrong}” looks like a typo for “{typo.right}” ({how}; "
            f"{'likely' if sure else 'possible'}): check the character",
            replacement=typo.right,
            safe=False,
            severity=Severity.WARNING if sure else Severity.INFO,
        )


RULES = [LikelyTypo]
