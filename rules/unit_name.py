"""A report title whose unit name was cut away (P110).

A unit's report is titled by who reports, on what, and what kind of document it is
(GB/T 9704: 发文机关 + 事由 + 文种): `县水务局2024年工作总结`. Document sites that
anonymise their compilations strip the unit and leave either its level alone
(`乡2024年工作要点`) or the bare year (`2024年度工作总结`) above a text
that still says `区水务局…` in its first sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import Document, Finding, Rule, Severity, regexes

_KIND = r"(?:工作)?(?:总结|报告|述职|思路|计划|谋划|要点)"
# A level word straight before the year, at the start of a title or contents entry:
# the unit's own name stood before it (`3.乡2024年…`); 全县2023年 is a whole county.
_LEVEL_ONLY = regexes.lazy_re(
    r"^\s*(?:\d{1,2}[.、．]\s*)?(?P<level>[省市县区镇乡村])(?P<year>(?:19|20)\d{2}年)"
    rf"[^。；，,]{{0,30}}?{_KIND}[^。；，,]{{0,16}}$"
)
# A title that starts with the year and names a report kind.
_YEAR_TITLE = regexes.lazy_re(
    rf"^\s*(?:19|20)\d{{2}}年度?[^。；，,]{{0,24}}?{_KIND}[^。；，,]{{0,12}}$"
)
# The first sentence's subject is a unit: a time phrase, then `市科技局`, `县委办`,
# `区人民政府`… (an organ ends in 局/委/办/厅/院/署/政府/中心/公司).
_UNIT_SUBJECT = regexes.lazy_re(
    r"^\s*(?:今年|本年|上半年|下半年|今年上半年|今年以来|\d{4}年(?:上半年|以来)?|一年来|半年来)?"
    r"[,，]?\s*(?P<unit>(?:[省市县区镇乡][\u4e00-\u9fff]{1,8}?(?:局|委员会|委|办公室|办|厅|院|署|人民政府|政府|中心)))"
    r"(?:党组|党委)?(?:深入|认真|坚持|紧紧|紧扣|聚焦|围绕|在|以|按照|全面|始终|扎实|积极)"
)


class UnitNameMissing(Rule):
    """A report title with the reporting unit's name cut away.

    ## What it does
    Finds a title or contents entry that starts with a bare level word before the year
    (`乡2024年工作要点`: which 乡?), and a title that starts with the year
    (`2024年度工作总结`) above a first sentence whose subject is a unit
    (`今年以来，区水务局认真落实…`).

    ## Why is this bad?
    A unit's report is titled by who reports (GB/T 9704: 发文机关 + 事由 + 文种). A title
    without it is what a document site leaves when it anonymises a compilation: the
    text was copied, and the reader cannot tell whose report it is.

    ## Example
        2024年度工作总结
        今年以来，区水务局认真落实河湖长制，完成了……

    ## Use instead
        区水务局2024年工作总结

    A personal report's title (`2023年个人工作总结`) names no unit and needs none; it
    stays silent unless the text opens with a unit as its subject. `全县2023年…` names
    the whole county.
    """

    code = "P110"
    name = "unit-name-missing"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paras = doc.paragraphs
        for n, para in enumerate(paras):
            m = _LEVEL_ONLY.match(para.text)
            if m is not None:
                start = m.start("level")
                yield self.finding(
                    doc,
                    para,
                    start,
                    m.end("year"),
                    f"“{m.group('level')}{m.group('year')}…”: the name of the "
                    f"{m.group('level')} is missing before “{m.group('level')}”: write the "
                    "unit's full name",
                )
                continue
            if n + 1 >= len(paras) or not _YEAR_TITLE.match(para.text):
                continue
            subject = _UNIT_SUBJECT.match(paras[n + 1].text)
            if subject is None:
                continue
            text = para.text.strip()
            start = para.text.index(text)
            yield self.finding(
                doc,
                para,
                start,
                start + len(text),
                f"title names no unit, but the text is {subject.group('unit')}'s report: "
                f"write “{subject.group('unit')}” at the start of the title",
            )


RULES = [UnitNameMissing]
