"""The library API and the plain-text reader (encodings, line endings, positions)."""

from __future__ import annotations

import codecs

import pytest

import replint
from replint.model.errors import ReadError
from replint.readers import ReadOptions
from replint.readers.text import decode, split_lines
from replint.readers.txt import read_txt


def test_lint_text():
    findings = replint.lint_text("学习X次。\n", "r.txt", select=("P101",))
    assert [(f.code, f.line, f.column, f.matched) for f in findings] == [("P101", 1, 3, "X")]


def test_lint_paths(seeds):
    report = replint.lint_paths([str(seeds / "002_9e8a6b2e7f144e98.txt")], select=("P101",))
    assert {f.line for f in report.findings} == {6}
    assert len(report.files) == 1


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (codecs.BOM_UTF8 + "学习".encode(), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + "学习".encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + "学习".encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
        (codecs.BOM_UTF32_LE + "学习".encode("utf-32-le"), "utf-32-le", codecs.BOM_UTF32_LE),
        ("学习".encode(), "utf-8", b""),
        ("学习".encode("gbk"), "gb18030", b""),
    ],
)
def test_decode_chain(data, encoding, bom):
    decoded = decode("r.txt", data)
    assert decoded.text == "学习"
    assert decoded.encoding == encoding
    assert decoded.bom == bom


def test_decode_errors_are_clear():
    with pytest.raises(ReadError, match="binary file"):
        decode("r.txt", b"abc\x00def")
    with pytest.raises(ReadError, match="--encoding"):
        decode("r.txt", b"\x80\xff\x80")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_keep_positions(newline):
    text = newline.join(["第一段", "", "第二段X"]) + newline
    doc = read_txt("r.txt", text.encode(), ReadOptions())
    assert [(p.text, p.line) for p in doc.paragraphs] == [("第一段", 1), ("第二段X", 3)]
    assert decode("r.txt", text.encode()).newline == newline


def test_split_lines_keeps_unicode_separators_as_text():
    assert split_lines("a\u2028b\nc") == ["a\u2028b", "c"]


def test_directive_lines_are_not_prose():
    text = "<!-- replint-disable P101 -->\n学习X次。\n"
    doc = read_txt("r.txt", text.encode(), ReadOptions())
    assert [p.line for p in doc.paragraphs] == [2]


@pytest.mark.parametrize("text", ["Привет, мир", "café au lait", "naïve Ελληνικά"])
def test_real_utf8_letters_are_not_taken_for_gbk(text):
    assert decode("r.txt", text.encode()).text == text
