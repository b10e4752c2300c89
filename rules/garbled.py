"""Garbled text (family P): what a bad conversion leaves in a report.

Two shapes, both certain signs that the text went through a broken conversion and was
never read again:

- pinyin glosses glued into words: a converter that keeps ruby annotations writes each
  annotated character followed by its pinyin with tone marks in brackets
  (``建设(jiàn shè)``, ``設(shè)``);
- mojibake: ``锟斤拷`` (U+FFFD written as UTF-8, read as GBK, again and again),
  ``Ã¤Â¸Â``/``å·¥ä½œ`` (UTF-8 read as Latin-1 or Windows-1252), ``烫烫烫``/``屯屯屯``
  (uninitialised memory printed as GBK), and the replacement character ``�`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import Document, Finding, Rule, Severity, lazy_re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# One syllable of pinyin, with at least one tone mark (toneless Latin in brackets is
# too often a real abbreviation: (API), (试行) is not Latin at all).
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü{_TONED}]*"
_GLOSS = lazy_re(
    rf"(?<=(?-i:[\u4e00-\u9fff]))\s?[(（]\s*(?P<py>{_SYLLABLE}(?:[\s'’-]*{_SYLLABLE}){{0,5}})\s*[)）]",
    re.I,
)

# Windows-1252 / Latin-1 characters that a UTF-8 continuation byte (0x80-0xBF) turns into.
_CONT = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = lazy_re(
    "|".join(
        [
            r"(?:锟斤拷|锘匡豢|锟)+(?:锟斤拷)",  # U+FFFD through GBK, doubled
            r"锟斤拷",
            r"[烫屯]{4,}",
            r"\ufffd+",
            # UTF-8 CJK (lead bytes E3-E9) read as Latin-1/1252 (bytes it has no character for
            # dropped): three characters at least.
            rf"(?:[ãäåæçèéï][{_CONT}]{{1,2}}){{3,}}",
            # UTF-8 read as Latin-1 twice (Ã¤Â¸Â…): three pairs at least.
            rf"(?:[ÂÃ][{_CONT}]){{3,}}",
        ]
    )
)


def pinyin_gloss_spans(text: str) -> list[tuple[int, int]]:
    """Where pinyin glosses glued into ``text`` are (for rules that must leave them)."""
    if "(" not in text and "（" not in text:
        return []
    return [m.span() for m in _GLOSS.finditer(text)]


class GarbledText(Rule):
    """Text garbled by a bad conversion: pinyin glued into words, or mojibake.

    ## What it does
    Reports pinyin with tone marks in brackets right after Chinese characters
    (``建設(shè)``), one finding per paragraph with the count, and each run of mojibake:
    ``锟斤拷``, ``烫烫烫烫``, ``Ã¤Â¸Â``-style Latin-1 decodes of UTF-8, and ``�``.

    ## Why is this bad?
    The report went through a converter that broke it (ruby annotations kept as text,
    the wrong character encoding) and was sent without being read: the reader cannot
    read those words. It is not punctuation to make full-width.

    ## Example
        加強黨的建設(shè)，推進(jìn)基層治理。
        本周å®Œæˆäº†æŽ¥å£å¼€å‘。

    ## Use instead
        加强党的建设，推进基层治理。
        本周完成了接口开发。

    Convert again from the original file, with the right encoding (and without the
    pinyin annotations).
    """

    code = "P107"
    name = "garbled-text"
    severity = Severity.ERROR
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for p in doc.paragraphs:
            text = p.text
            if not text:
                continue
            glosses = list(_GLOSS.finditer(text))
            if glosses:
                first = glosses[0]
                more = (
                    f" (and {len(glosses) - 1} more in this paragraph)" if len(glosses) > 1 else ""
                )
                word = text[max(0, first.start() - 2) : first.end()].strip()
                yield self.finding(
                    doc,
                    p,
                    first.start() + (1 if text[first.start()].isspace() else 0),
                    first.end(),
                    f"pinyin “{first.group(0).strip()}” glued into the text (“{word}”){more}: "
                    "a converter kept the pinyin annotations; convert again without them "
                    "or delete the bracketed pinyin",
                )
            if not _may_hold_mojibake(text):
                continue
            for m in _MOJIBAKE.finditer(text):
                run = m.group(0)
                shown = run if len(run) <= 12 else run[:12] + "…"
                yield self.finding(
                    doc,
                    p,
                    m.start(),
                    m.end(),
                    f"garbled characters “{shown}” ({_explain(run)}): convert the text again "
                    "from the original file with the right encoding",
                )


def _may_hold_mojibake(text: str) -> bool:
    return any(ch in text for ch in "锟烫屯\ufffdÃÂãäåæçèéï")


def _explain(run: str) -> str:
    if "锟" in run:
        return "replacement characters written as UTF-8 and read as GBK"
    if run[0] in "烫屯":
        return "uninitialised memory printed as text"
    if run[0] == "\ufffd":
        return "characters lost when the file was decoded"
    return "UTF-8 text read as Latin-1 or Windows-1252"


RULES = [GarbledText]
