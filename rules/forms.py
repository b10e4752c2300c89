"""A form's sign-off or identity field left empty (P109).

Reports written into a Word form (个人总结表, 述职登记表) keep their fields in table rows:
a label cell (`项目成员签字`, `填表日期`, `姓名`) and a value cell beside it. When the
value cell is empty the form goes back to its writer, as a blank `____` would.
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


RULES = [EmptyFormField]
