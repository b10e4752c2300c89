"""Small wording slips with one certain fix (family W): a year written without 年, and
`a`/`an` before the wrong sound in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import (
    Document,
    Finding,
    Paragraph,
    ParagraphRule,
    Rule,
    Severity,
    regexes,
)

# ---------------------------------------------------------------------------------
# W105
# ---------------------------------------------------------------------------------

# A year followed by what only follows 年: 2023上半年, 2018抓基层, 2022工作总结.
_YEAR_NO_NIAN = regexes.lazy_re(
    r"(?<![0-9A-Za-z./\-_])((?:19|20)\d{2})"
    r"(?=上半年|下半年|全年|[一二三四]季度|第[一二三四]季度|以来|抓|"
    r"工作(?:总结|计划|要点|报告|思路|安排))"
)


class YearWithoutNian(Rule):
    """A year written without 年 (`2023上半年`, `2018抓基层`).

    ## What it does
    Finds a four-digit year run straight into the words after it and offers to add
    `年`.

    ## Why is this bad?
    In Chinese a year is written `2023年`; `2023上半年` reads as a number, not a date,
    and reviewers mark it as a dropped character. It is common in titles copied from
    templates (`20XX上半年工作总结` filled in with the digits only).

    ## Example
        区2023上半年工作总结

    ## Use instead
        区2023年上半年工作总结

    Only words that cannot follow a bare number are looked at (上半年, 全年, 一季度,
    以来, 工作总结 …), so `2023人次`, `GB/T 9704-2012` and `ISO2018` are left alone.
    """

    code = "W105"
    name = "year-without-nian"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        for para in doc.paragraphs:
            for m in _YEAR_NO_NIAN.finditer(para.text):
                year = m.group(1)
                yield self.finding(
                    doc,
                    para,
                    m.start(1),
                    m.end(1),
                    f"“{year}” is a year without 年: write “{year}年”",
                    replacement=f"{year}年",
                )


# ---------------------------------------------------------------------------------
# W107
# ---------------------------------------------------------------------------------

_A_VOWEL = regexes.lazy_re(r"(?<![A-Za-z'’-])([Aa]) ([aeio][a-z]+)\b")
_AN_CONSONANT = regexes.lazy_re(r"(?<![A-Za-z'’-])([Aa]n) ([bcdfgjklmnpqrstvwxz][a-z]+)\b")
# Words spelt with a vowel but said with a consonant (a one-off, a European).
_VOWEL_LETTER_CONSONANT_SOUND = ("one", "once", "eu", "ouija")
_CODE = regexes.lazy_re(r"`[^`]*`|(?:https?|ftp)://\S+")


def _prose_matches(
    pattern: re.Pattern[str], text: str, code: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` in ``text`` that do not start inside inline code or a URL."""
    return (m for m in pattern.finditer(text) if not any(s <= m.start() < e for s, e in code))


_LATIN = regexes.lazy_re(r"[A-Za-z]")
_HAN = regexes.lazy_re(r"[\u4e00-\u9fff]")


def _english(text: str) -> bool:
    """Mostly Latin letters (counted by regex: this runs on every paragraph)."""
    if _LATIN.search(text) is None:
        return False
    latin = len(_LATIN.findall(text))
    return latin >= 12 and latin > 3 * len(_HAN.findall(text))


class EnglishArticle(ParagraphRule):
    """`a` before a vowel sound or `an` before a consonant (`a intermediate`).

    ## What it does
    Finds the English article `a` before a word that starts with a, e, i or o, and
    `an` before a word that starts with a consonant other than h, and offers the
    other article.

    ## Why is this bad?
    `a intermediate step` and `an big change` are slips a reader stumbles on; status
    reports written in a hurry are full of them.

    ## Example
        We built a intermediate layer and an new test suite.

    ## Use instead
        We built an intermediate layer and a new test suite.

    Words whose first letter is not their first sound are left alone: `u` words
    (`a user`, `an update`), `h` words (`an hour`, `a house`), `one`, `once`, `eu…`
    (`a European`), and abbreviations in capitals (`an API`, `a URL`). Chinese text,
    code and links are not checked.
    """

    code = "W107"
    name = "english-article"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if not _english(text):
            return
        code = [m.span() for m in _CODE.finditer(text)]
        for pattern, other in ((_A_VOWEL, "an"), (_AN_CONSONANT, "a")):
            for m in _prose_matches(pattern, text, code):
                word = m.group(2)
                if word.startswith(_VOWEL_LETTER_CONSONANT_SOUND):
                    continue
                article = m.group(1)
                right = other.capitalize() if article[0].isupper() else other
                yield self.finding(
                    doc,
                    para,
                    m.start(1),
                    m.end(1),
                    f"“{article} {word}”: write “{right} {word}”",
                    replacement=right,
                )


# ---------------------------------------------------------------------------------
# W108
# ---------------------------------------------------------------------------------

# Past forms that are never a base form, after a modal or "to" (`can chose`).
_PAST_TO_BASE = {
    "chose": "choose",
    "went": "go",
    "came": "come",
    "took": "take",
    "gave": "give",
    "wrote": "write",
    "began": "begin",
    "did": "do",
    "saw": "see",
    "knew": "know",
    "spoke": "speak",
    "broke": "break",
    "drove": "drive",
    "ran": "run",
    "forgot": "forget",
    "understood": "understand",
}
_MODAL_PAST = regexes.lazy_re(
    r"\b(can|could|will|would|shall|should|must|may|might|cannot|can't|won't|to)"
    r" (" + "|".join(_PAST_TO_BASE) + r")\b",
    flags=re.IGNORECASE,
)
# "Most of the TODOs was": a plural subject with a singular verb.
_PLURAL_SINGULAR = regexes.lazy_re(
    r"\b((?:[Mm]ost|[Aa]ll|[Mm]any|[Ss]ome|[Bb]oth|[Ss]everal|[Ff]ew) of (?:the|our|these|those|my) "
    r"[A-Za-z]*[^suiwc\W]s) (was|is|has|wasn't|isn't|hasn't)\b"
)
_PLURAL_VERB = {
    "was": "were",
    "is": "are",
    "has": "have",
    "wasn't": "weren't",
    "isn't": "aren't",
    "hasn't": "haven't",
}
# "if seems like": the subject it dropped before seems/looks.
_NO_SUBJECT = regexes.lazy_re(
    r"\b([Ii]f|[Aa]s|[Bb]ecause|[Ss]ince|[Ww]hen|[Bb]ut) (seems|looks like)\b"
)


class EnglishVerbForm(ParagraphRule):
    """A past form after a modal (`can chose`), a dropped `it` (`if seems`), `Most of the
    TODOs was`.

    ## What it does
    Finds a past-tense verb right after `can`, `will`, `should`, `to` and the other
    modals (`User can chose a plan`), `if seems` / `because looks like` where `it`
    was dropped, and a singular verb after `most of the …s` / `all of the …s`, and
    offers the fix.

    ## Why is this bad?
    After a modal English takes the base form; `can chose` and `if seems like` are
    typing slips that read as careless in a status report.

    ## Example
        The user can chose a plan, if seems like a good fit.

    ## Use instead
        The user can choose a plan, if it seems like a good fit.

    Only past forms that are never base forms are listed (`chose`, `went`, `took` …),
    so `to read`, `will set` and `can put` are left alone. Chinese text and code are
    not checked.
    """

    code = "W108"
    name = "english-verb-form"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {}

    def check_paragraph(
        self, doc: Document, para: Paragraph, options: Mapping[str, Any]
    ) -> Iterator[Finding]:
        text = para.text
        if not _english(text):
            return
        code = [m.span() for m in _CODE.finditer(text)]
        for m in _prose_matches(_MODAL_PAST, text, code):
            past = m.group(2)
            base = _PAST_TO_BASE[past.lower()]
            yield self.finding(
                doc,
                para,
                m.start(2),
                m.end(2),
                f"“{m.group(1)} {past}”: after “{m.group(1)}” write the base form “{base}”",
                replacement=base,
            )
        for m in _prose_matches(_PLURAL_SINGULAR, text, code):
            verb = m.group(2)
            plural = _PLURAL_VERB[verb]
            yield self.finding(
                doc,
                para,
                m.start(2),
                m.end(2),
                f"“{m.group()}”: the subject is plural; write “{plural}”",
                replacement=plural,
            )
        for m in _prose_matches(_NO_SUBJECT, text, code):
            yield self.finding(
                doc,
                para,
                m.start(2),
                m.end(2),
                f"“{m.group()}”: the subject is missing; write “{m.group(1)} it {m.group(2)}”",
                replacement=f"it {m.group(2)}",
            )


RULES = [YearWithoutNian, EnglishArticle, EnglishVerbForm]
