"""A form's field left empty or answered "N/A" (P109, P114).

Reports written into a Word form (个人总结表, 述职登记表) keep their fields in table rows:
a label cell (`项目成员签字`, `填表日期`, `姓名`) and a value cell beside it. When the
value cell is empty the form goes back to its writer, as a blank `____` would.
Status reports written from a template keep their fields as labels (`In progress
this week:`); a field about the work answered `N/A` was never filled in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from replint.plugin import Document, Finding, Rule, Severity, regexes

# Fields a form cannot go in without: who signs, who wrote it, when.
# The label's own words before the field name are nouns (项目成员, 填表, 负责人); a
# sentence that ends in 日期 (`本人已于上述日期`) has function words in it.
_FIELD = regexes.lazy_re(
    r"^\s*[^\s于已在了将把被的是按以]{0,10}?(?:签字|签名|签章|盖章|姓名|日期|学号|工号)"
    r"\s*[（(]?(?:盖章|签字)?[）)]?\s*[:：]?\s*$"
)
_CELL = regexes.lazy_re(r"table (\d+), row (\d+), cell (\d+)")
# A label is short: a sentence that ends in 日期 is not a field.
MAX_LABEL = 14


class EmptyFormField(Rule):
    """A form's signature, name or date field left empty.

    ## What it does
    In a table of a .docx form, finds a label cell naming a sign-off or identity field
    (`签字`, `签名`, `盖章`, `姓名`, `日期`, `学号`, `工号`) with no text in the cells after
    it on the same row.

    ## Why is this bad?
    A form with its signature or date field empty is not complete: the reviewer sends
    it back as they would a `____` left in the text.

    ## Example
        | 项目成员签字 |            |

    ## Use instead
        | 项目成员签字 | 张三 |

    Fields other than these (`备注`, `其他`) may well be empty and are not reported;
    paragraphs outside tables are never taken for form fields.
    """

    code = "P109"
    name = "empty-form-field"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        cells: dict[tuple[str, str], list[int]] = {}
        labels = []
        for para in doc.paragraphs:
            m = _CELL.search(para.location or "")
            if m is None:
                continue
            row = (m.group(1), m.group(2))
            cells.setdefault(row, []).append(int(m.group(3)))
            if len(para.text.strip()) <= MAX_LABEL and _FIELD.match(para.text):
                labels.append((para, row, int(m.group(3))))
        for para, row, cell in labels:
            if any(c > cell for c in cells[row]):
                continue
            text = para.text.strip()
            start = para.text.index(text)
            yield self.finding(
                doc,
                para,
                start,
                start + len(text),
                f"form field “{text}” is left empty: fill it in",
            )


# "Not applicable", as a whole answer.
_NOT_APPLICABLE = regexes.lazy_re(r"^\s*(?:N\s*/\s*A|n\s*/\s*a|N\.A\.?|NA)\s*[.。]?\s*$")
# A label and its answer on one line: `In progress: N/A`.
_FIELD_ANSWER = regexes.lazy_re(r"^\s*(?P<label>[^:：\n]{2,60}?)\s*[:：]\s*(?P<answer>[^\n]*)$")
# Fields about the work itself: every report has something to say in them.
_WORK_FIELD = regexes.lazy_re(
    r"(?i)progress|complet|\bdone\b|accomplish|achiev|worked on|\btasks?\b|features?"
    r"|contribut|deliver|goals?\b|\bplans?\b|\bnext\b|to-?do|implement|finish|\bwork\b"
    r"|完成|进展|进度|本周工作|本月工作|工作内容|工作任务|任务|计划|目标|成果"
)
# Fields that may honestly have nothing: blockers, risks, notes, optional parts.
_MAY_BE_EMPTY = regexes.lazy_re(
    r"(?i)block|risk|issue|problem|challenge|concern|question|\bnotes?\b|comment|addition"
    r"|optional|\bother\b|help|impediment|dependenc|feedback|\bbugs?\b|delay|change"
    r"|困难|问题|风险|备注|其他|其它|建议|说明|需要协助|阻碍"
)


class NotApplicableAnswer(Rule):
    """A field about the work answered "N/A".

    ## What it does
    Finds `N/A` (or `n/a`, `NA`) as the whole answer to a field of a report
    template that asks about the work itself: what was completed, what is in
    progress, the tasks, the goals, the plan (`In progress this week: N/A`, or an
    item `N/A` under the label `In progress this week:`).

    ## Why is this bad?
    "Not applicable" answers a field that does not apply; what a person did, is
    doing and will do applies every week. `N/A` there is the template's filler
    left in, and the reviewer cannot tell whether nothing was in progress or the
    field was skipped.

    ## Example
        - Completed this week: the login page
        - In progress this week:
          - N/A

    ## Use instead
        - Completed this week: the login page
        - In progress this week:
          - nothing: all of this week's tasks were completed

    Fields that may honestly be empty (`Blockers: N/A`, risks, issues, notes,
    optional parts) and answers in words (`none`, `无`) stay silent; so do table
    cells, where `N/A` marks a column that does not apply to that row.
    """

    code = "P114"
    name = "not-applicable-answer"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        paras = doc.paragraphs
        for n, para in enumerate(paras):
            if para.kind == "table":
                continue
            text = para.text
            label, start = _label_and_answer(text)
            if label is None and _NOT_APPLICABLE.match(text) and n > 0:
                previous = paras[n - 1]
                above = previous.text.strip()
                if previous.kind != "table" and (
                    previous.kind == "heading" or above.endswith((":", "："))
                ):
                    label, start = above.rstrip(":： "), len(text) - len(text.lstrip())
            if label is None or not _WORK_FIELD.search(label) or _MAY_BE_EMPTY.search(label):
                continue
            answer = text[start:].strip()
            yield self.finding(
                doc,
                para,
                start,
                start + len(answer),
                f"“{answer}” (not applicable) answers “{label}”: that field applies every "
                "time; write what it asks, or say that there was nothing",
            )


def _label_and_answer(text: str) -> tuple[str | None, int]:
    """The label of ``label: N/A`` on one line and where the answer starts."""
    m = _FIELD_ANSWER.match(text)
    if m is None or not _NOT_APPLICABLE.match(m.group("answer")):
        return None, 0
    answer = m.group("answer")
    return m.group("label").strip(), m.start("answer") + len(answer) - len(answer.lstrip())


RULES = [EmptyFormField, NotApplicableAnswer]
