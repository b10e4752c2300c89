"""Decoding text files: BOM, then UTF-8, then GB18030, or a forced encoding.

The standard library chain was measured more accurate than charset-normalizer on short
GBK text (DESIGN.md); BOM-less UTF-16 is rare in practice (Notepad writes a BOM).
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

from replint.model.errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


class DecodedText(NamedTuple):
    """Text plus what is needed to write it back the same way."""

    text: str
    encoding: str  # codec name that re-encodes the text body
    bom: bytes  # BOM bytes to write before the body (empty if none)
    newline: str  # the file's dominant line ending ("\n", "\r\n" or "\r")


def _looks_binary(data: bytes) -> bool:
    # NUL bytes never occur in UTF-8 or GB18030 text; UTF-16/32 are caught by their BOM first.
    return b"\x00" in data[:8192]


def decode(path: str, data: bytes, forced: str | None = None) -> DecodedText:
    """Decode ``data`` or raise ReadError naming the file and what went wrong."""
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise ReadError(f"unknown encoding {forced!r}", code="E002") from None
        try:
            text = data.decode(forced)
        except UnicodeDecodeError as exc:
            raise ReadError(f"cannot decode as {forced} at byte {exc.start}", code="E002") from None
        bom = b""
        if text.startswith("\ufeff"):
            text = text[1:]
            bom = "\ufeff".encode(forced)
        return DecodedText(text, forced, bom, _newline(text))
    for bom, codec, _name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"file starts with a {codec} byte-order mark but byte {exc.start} "
                    f"is not valid {codec}",
                    code="E002",
                ) from None
            return DecodedText(text, codec, bom, _newline(text))
    if _looks_binary(data):
        raise ReadError("binary file (contains NUL bytes), not a text report", code="E002")
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" and _gbk_mistaken_for_utf8(data, text):
            return DecodedText(data.decode("gb18030"), "gb18030", b"", _newline(text))
        if codec == "gb18030":
            other = _other_cjk_encoding(data)
            if other:
                codec_name, language = other
                raise ReadError(
                    f"looks like {language} text in {codec_name}, not GB18030 (decoded it is "
                    f"mostly rare characters); pass --encoding {codec_name} to read it",
                    code="E002",
                )
        return DecodedText(text, codec, b"", _newline(text))
    raise ReadError(
        "cannot decode as UTF-8 or GB18030; pass --encoding to say what it is", code="E002"
    )


def _common_share(data: bytes, codec: str, common: list[tuple[int, int]]) -> float:
    """The share of non-ASCII characters of ``data`` read as ``codec`` whose code lies
    in ``common`` (the frequent characters of that encoding); 0 when it does not decode."""
    sample = data[:65536]
    if len(data) > len(sample):
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return 0.0
    total = hits = 0
    for ch in text:
        if ch.isascii():
            continue
        total += 1
        raw = ch.encode(codec)
        value = int.from_bytes(raw, "big")
        if any(low <= value <= high for low, high in common):
            hits += 1
    return hits / total if total >= 4 else 1.0


# The frequent characters of each encoding, by code: punctuation, the main syllabaries,
# the first level of hanzi/kanji (GB2312 level 1-2, Big5 常用字, JIS level 1).
_GB_COMMON = [(0xA1A1, 0xA3FE), (0xB0A1, 0xF7FE)]
_BIG5_COMMON = [(0xA140, 0xA3BF), (0xA440, 0xC67E)]
_SJIS_COMMON = [(0xA1, 0xDF), (0x8140, 0x81FF), (0x824F, 0x8396), (0x889F, 0x9872)]


def _other_cjk_encoding(data: bytes) -> tuple[str, str] | None:
    """("big5", …) or ("shift_jis", …) when GB18030 reads ``data`` as mostly rare
    characters and that encoding reads it as mostly common ones (issue 18)."""
    gb = _common_share(data, "gb18030", _GB_COMMON)
    if gb >= 0.7:
        return None
    for codec, language, common in (
        ("big5", "Traditional Chinese", _BIG5_COMMON),
        ("shift_jis", "Japanese", _SJIS_COMMON),
    ):
        if _common_share(data, codec, common) >= 0.9:
            return codec, language
    return None


def _gbk_mistaken_for_utf8(data: bytes, text: str) -> bool:
    """Short GBK text can also be valid UTF-8 (学习 = d1a7 cfb0 = "ѧϰ").

    Such accidental UTF-8 decodes into two-byte letters (Cyrillic, Greek, Armenian…)
    and no Chinese at all, while GB18030 gives Chinese: prefer GB18030 then.
    """
    if any(ord(ch) >= 0x800 for ch in text):
        return False
    for i, ch in enumerate(text):
        if 0x80 <= ord(ch) < 0x800:
            around = text[max(0, i - 1) : i + 2]
            if any(c.isascii() and c.isalpha() for c in around):
                return False  # an accented letter inside a Latin word: real UTF-8
    # Every double-byte pair must lie in GB2312's common area (symbols and hanzi).
    i = 0
    while i < len(data):
        byte = data[i]
        if byte < 0x80:
            i += 1
            continue
        if i + 1 >= len(data) or not (0xA1 <= byte <= 0xF7 and 0xA1 <= data[i + 1] <= 0xFE):
            return False
        i += 2
    return True


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda t: t[0])
    return best[1] if best[0] else "\n"


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF and CR (and nothing else: U+2028 is text in these reports)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
