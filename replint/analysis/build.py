"""The once-per-document analysis: headings, sections, profile, report period, signing date.

Rules share one model of the report instead of each re-reading it. :func:`analyse`
builds it the first time a rule asks for ``doc.analysis``; the result is a frozen
value (picklable, so documents kept for corpus rules can cross process boundaries).

What is found, and how:

* **Title**: a short first line that names a kind of report (``2021年…情况报告``), or
  the Word ``Title`` paragraph, or a lone first ``#`` heading.
* **Headings**: GB/T 9704-2012 numbering (``一、`` → ``（一）`` → ``1.``/``1、`` →
  ``（1）``), ``①``, ``第一部分``, Markdown and Word headings, and headings written as a
  colon line or a bare line that names a section (``本周完成：``, ``Next steps``).
  A numbered line that goes on after its first ``。`` is a run-in heading: the heading
  ends there and the rest is body text.
* **Sections**: the top-level parts, each classified into the keys of the chosen
  profile (``work_done``, ``problems``, ``next_steps``, …) by matching the profile's
  aliases as words: a match that ends inside a longer word (``计划`` in ``计划生育``)
  does not count, nor one that follows a verb that makes it an object
  (``着力解决…问题``). Word boundaries come from jieba, loaded only when a heading
  leaves the boundary in doubt. Thematic parts before the problems count as work done;
  reports without headings are split at paragraphs that open a part
  (``下一步，我们将…``).
* **Period**: from config, the title, the first sentence, the file name, a Markdown
  front matter's ``date:`` or the signing date, in that order, with where it came from.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from replint.text import zh

if TYPE_CHECKING:
    from replint.model.document import Document
from replint.analysis.classify import _classifier_for
from replint.analysis.headings import (
    _build_tree,
    _drop_list_items,
    _find_headings,
    _find_title,
)
from replint.analysis.lists import find_lists
from replint.analysis.period import (
    _find_period,
    _find_signing,
    _first_sentence_period,
    _period_from_text,
)
from replint.analysis.profiles import _available_profiles, _choose_profile
from replint.analysis.sections import _find_sections, _opener_sections, _parts
from replint.analysis.timeline import build_timeline, refine_period
from replint.analysis.units import find_units
from replint.model.analysis import Analysis, Heading

_READERS = {"txt": "plain text", "md": "Markdown", "docx": "Word document (paragraphs)"}

_AROUND = frozenset({"header", "footer", "note"})  # paragraph kinds outside the body


def analyse(doc: Document) -> Analysis:
    """Build the shared analysis of ``doc`` (called once, through ``doc.analysis``)."""
    body = next((i for i, p in enumerate(doc.paragraphs) if p.kind in _AROUND), None)
    if body is not None:
        # Headers, footers and notes follow the body (readers put them last): they are
        # linted as text but are not part of the report's structure.
        doc = dataclasses.replace(doc, paragraphs=doc.paragraphs[:body])
    paragraphs = doc.paragraphs
    sample = "\n".join(p.text for p in paragraphs[:200])[:1500]
    language = "en" if sample.strip() and zh.cjk_ratio(sample) < 0.3 else "zh"
    available = _available_profiles(doc.file_settings)
    signing = _find_signing(paragraphs)
    title = _find_title(paragraphs, language)
    profile, reason = _choose_profile(doc, language, title, available)
    classifier = _classifier_for(profile, language)
    drafts = _find_headings(doc, title, signing, language, classifier)
    numbered = tuple(Heading(**d) for d in drafts if d["rank"] is not None)
    drafts = _build_tree(_drop_list_items(doc, drafts, classifier))
    headings, sections = _find_sections(paragraphs, drafts, title, signing, classifier, profile)
    parts, openers = _parts(paragraphs, headings, sections, title, signing, classifier, profile)
    sections = _opener_sections(sections, parts, openers)
    title_period = (
        _period_from_text(paragraphs[title].text, "title", title) if title is not None else None
    )
    opening_period = _first_sentence_period(paragraphs, title, headings, signing)
    period, note = _find_period(doc, title, title_period, opening_period, signing)
    period, note = refine_period(doc, title, period, note, signing.value if signing else None)
    timeline = build_timeline(
        doc, period, note, parts=parts, title=title, profile=profile.name,
        heading_levels={h.paragraph: h.level for h in headings},
    )  # fmt: skip
    lists = find_lists(doc, headings, classifier)
    units = find_units(paragraphs, headings, title, signing, classifier)
    return Analysis(
        language=language,
        profile=profile,
        profile_reason=reason,
        title=title,
        headings=headings,
        sections=sections,
        parts=parts,
        period=period,
        period_note=note,
        signing=signing,
        title_period=title_period,
        opening_period=opening_period,
        lines=tuple(p.line for p in paragraphs),
        timeline=timeline,
        numbered=numbered,
        reader=doc.reader or _READERS.get(doc.format, doc.format),
        lists=lists,
        units=units,
    )
