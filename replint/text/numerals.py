"""Chinese numerals: 二〇二一 ↔ 2021, 十二 ↔ 12."""

from __future__ import annotations

# Digits as they appear in Chinese years and counts. ○ (U+25CB), O/Ｏ and 0/０ stand in for
# 〇 in many real documents (deps.md §4), so they are read as zero too.
_DIGIT = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "o": 0, "0": 0, "０": 0,
    "一": 1, "壹": 1, "1": 1,
    "二": 2, "贰": 2, "两": 2, "2": 2,
    "三": 3, "叁": 3, "3": 3,
    "四": 4, "肆": 4, "4": 4,
    "五": 5, "伍": 5, "5": 5,
    "六": 6, "陆": 6, "6": 6,
    "七": 7, "柒": 7, "7": 7,
    "八": 8, "捌": 8, "8": 8,
    "九": 9, "玖": 9, "9": 9,
}  # fmt: skip


_UNIT = {"十": 10, "拾": 10, "廿": 20, "百": 100, "佰": 100, "千": 1000, "仟": 1000}


_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


CN_DIGITS = "〇○零OＯ0０一二三四五六七八九"


CN_NUMERAL_CHARS = "〇○零一二三四五六七八九十百千万两廿壹贰叁肆伍陆柒捌玖拾佰仟"


def cn_to_int(text: str) -> int | None:
    """Read a Chinese (or mixed) numeral: ``二十一`` 21, ``廿一`` 21, ``一百零八`` 108,
    ``两千零二十二`` 2022, ``一万二千`` 12000, ``贰拾壹`` 21, and digit-by-digit forms
    such as ``二〇二二``/``二○二二`` 2022. None when ``text`` is not a numeral."""
    if not text:
        return None
    if all(ch in _DIGIT for ch in text):
        # No unit characters: read digit by digit (years, phone-style numbers).
        value = 0
        for ch in text:
            value = value * 10 + _DIGIT[ch]
        return value
    total = 0  # finished groups of 万/亿
    section = 0  # the part below the current 万/亿
    digit: int | None = None  # the digit waiting for its unit; None after 零 or a unit
    largest = 1
    for ch in text:
        if ch in _DIGIT:
            value = _DIGIT[ch]
            digit = value if value else None  # 零 only holds a place (一百零八)
        elif ch == "廿":
            section += 20
            digit = None
        elif ch in _UNIT:
            # A unit with no digit before it counts once: 十二 is 12, 百 is 100.
            section += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        elif ch in _BIG:
            big = _BIG[ch]
            group = section + (digit or 0)
            if big > largest:
                total = (total + group) * big
                largest = big
            else:
                total += group * big
            section = 0
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def int_to_cn(value: int) -> str:
    """Small numbers (0..99) as ordinals are written: 1 一, 10 十, 12 十二, 21 二十一."""
    digits = "〇一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    if value < 100:
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return str(value)
