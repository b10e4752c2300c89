"""Sections: the heading tree's top-level parts, or runs of paragraphs found by openers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from replint.model.document import Paragraph
from replint.analysis.classify import _Classifier
from replint.infra.regexes import lazy_re
from replint.model.analysis import (
    NEXT_STEPS,
    OTHER,
    PREAMBLE,
    PROBLEMS,
    SIGNING,
    TITLE,
    WORK_DONE,
    Heading,
    Profile,
    Section,
    Signing,
)


def _find_sections(
    paragraphs: Sequence[Paragraph],
    drafts: list[dict[str, Any]],
    title: int | None,
    signing: Signing | None,
    classifier: _Classifier,
    profile: Profile,
) -> tuple[tuple[Heading, ...], tuple[Section, ...]]:
    from dataclasses import replace

    # Top-level headings decide the sections. Lower ones are classified only when the
    # top level lacks a required part, which one level down may supply
    # ("（五）存在的不足" inside the work-done part).
    for h in drafts:
        if h["parent"] is None and "kinds" not in h:
            match = classifier.classify(h["text"])
            h["kinds"], h["matched"] = match.kinds, match.matched
    last_body = len(paragraphs) - 1
    if signing is not None and signing.paragraph == last_body:
        last_body -= 1
    top = [i for i, h in enumerate(drafts) if h["parent"] is None]
    sections: list[Section] = []
    for n, hi in enumerate(top):
        h = drafts[hi]
        end = drafts[top[n + 1]]["paragraph"] - 1 if n + 1 < len(top) else last_body
        sections.append(
            Section(
                h["kinds"], h["paragraph"], max(h["paragraph"], end), hi, "heading", h["matched"]
            )
        )
    # Thematic parts before the first problems / next-steps part are the work done.
    if profile.section(WORK_DONE) and sections and not any(WORK_DONE in s.kinds for s in sections):
        later = {s.key for s in profile.sections if s.key != WORK_DONE}
        first_later = next((i for i, s in enumerate(sections) if s.kinds & later), len(sections))
        for i in range(first_later):
            if not sections[i].kinds:
                sections[i] = replace(sections[i], kinds=frozenset({WORK_DONE}), how="position")
    # Text before the first heading that opens a later part is the work done
    # ("本周完成了…" lines, then "下周计划：").
    first_heading = drafts[top[0]]["paragraph"] if top else None
    if (
        profile.section(WORK_DONE)
        and first_heading is not None
        and not any(WORK_DONE in s.kinds for s in sections)
    ):
        body = [
            i for i in range(first_heading) if i != title and len(paragraphs[i].text.strip()) >= 8
        ]
        if len(body) >= 2 or sum(len(paragraphs[i].text) for i in body) >= 60:
            sections.append(
                Section(frozenset({WORK_DONE}), body[0], first_heading - 1, None, "position", "")
            )
    present = {k for s in sections for k in s.kinds}
    missing = [spec.key for spec in profile.required if spec.key not in present]
    if missing:
        for h in drafts:
            if h["level"] >= 2 and "kinds" not in h:
                match = classifier.classify(h["text"], strict=True)
                h["kinds"], h["matched"] = match.kinds, match.matched
    headings = tuple(Heading(**h) for h in drafts)
    for key in missing:
        for hi, heading in enumerate(headings):
            if heading.level >= 2 and key in heading.kinds:
                end = _section_end(headings, hi, last_body)
                sections.append(
                    Section(
                        frozenset({key}), heading.paragraph, end, hi, "heading", heading.matched
                    )
                )
                break
    sections.sort(key=lambda s: s.first)
    return headings, tuple(sections)


def _section_end(headings: tuple[Heading, ...], index: int, last_body: int) -> int:
    level = headings[index].level
    for h in headings[index + 1 :]:
        if h.level <= level:
            return h.paragraph - 1
    return last_body


def _parts(
    paragraphs: Sequence[Paragraph],
    headings: tuple[Heading, ...],
    sections: tuple[Section, ...],
    title: int | None,
    signing: Signing | None,
    classifier: _Classifier,
    profile: Profile,
) -> tuple[tuple[frozenset[str], ...], dict[int, str]]:
    n = len(paragraphs)
    has_headings = bool(headings)
    first_heading = headings[0].paragraph if headings else n
    default = (
        frozenset({PREAMBLE})
        if has_headings
        else (frozenset({WORK_DONE}) if profile.section(WORK_DONE) else frozenset({OTHER}))
    )
    parts: list[frozenset[str]] = [default] * n
    for s in sections:
        for i in range(s.first, min(s.last, n - 1) + 1):
            parts[i] = s.kinds or frozenset({OTHER})
    heading_paras = {h.paragraph for h in headings}
    run_in = {h.paragraph: h.end for h in headings if h.run_in}
    # Paragraphs that open a part ("下一步，我们将…") re-label themselves and what
    # follows, up to the next heading or opener.
    current: frozenset[str] | None = None
    openers: dict[int, str] = {}
    for i in range(n):
        if i in heading_paras:
            current = None
            if i in run_in:
                # The body run in after a heading ("1.复习了…。剩下的一周打算…") may
                # open another part, as any paragraph may.
                match = classifier.opener(paragraphs[i].text[run_in[i] :])
                if match.kinds and WORK_DONE not in match.kinds:
                    current = match.kinds
                    openers[i] = match.matched
                    parts[i] = current
            continue
        if title is not None and i == title:
            continue
        match = classifier.opener(paragraphs[i].text)
        if has_headings and i < first_heading and (not match.kinds or WORK_DONE in match.kinds):
            continue
        kinds = match.kinds
        if kinds and _remedy_in_problem_list(paragraphs, parts, heading_paras, i, kinds):
            kinds = frozenset()
        if kinds:
            current = kinds
            openers[i] = match.matched
        if current is not None:
            parts[i] = current
    if title is not None:
        parts[title] = frozenset({TITLE})
    if signing is not None:
        parts[signing.paragraph] = frozenset({SIGNING})
    return tuple(parts), openers


# A bullet or an item number at the start of a paragraph written in the text.
_LIST_MARK = lazy_re(r"^[\s\u3000]*(?:[-*+•·●◦▪]\s|\d{1,2}[.)、．]\s*|[（(]\d{1,2}[）)])")


def _is_list_item(paragraph: Paragraph) -> bool:
    return paragraph.kind == "list" or _LIST_MARK.match(paragraph.text) is not None


def _remedy_in_problem_list(
    paragraphs: Sequence[Paragraph],
    parts: Sequence[frozenset[str]],
    heading_paras: set[int],
    i: int,
    kinds: frozenset[str],
) -> bool:
    """A forward-looking bullet among the bullets of a problems part ("Going forward,
    we need to…" after "We still had…") is the remedy for a problem, not the plan."""
    if NEXT_STEPS not in kinds or PROBLEMS not in parts[i] or NEXT_STEPS in parts[i]:
        return False
    prev = i - 1
    return (
        prev >= 0
        and prev not in heading_paras
        and parts[prev] == parts[i]
        and _is_list_item(paragraphs[i])
        and _is_list_item(paragraphs[prev])
    )


def _opener_sections(
    sections: tuple[Section, ...], parts: tuple[frozenset[str], ...], openers: Mapping[int, str]
) -> tuple[Section, ...]:
    """Add the parts found by openers (and, without headings, the work done before them)."""
    out = list(sections)
    present = {k for s in sections for k in s.kinds}
    i = 0
    n = len(parts)
    while i < n:
        kinds = parts[i]
        j = i
        while j + 1 < n and parts[j + 1] == kinds:
            j += 1
        new = kinds - present - {TITLE, PREAMBLE, SIGNING, OTHER}
        if new:
            how = "opener" if not (kinds == {WORK_DONE} and not sections) else "position"
            out.append(Section(kinds, i, j, None, how, openers.get(i, "")))
            present |= new
        i = j + 1
    out.sort(key=lambda s: s.first)
    return tuple(out)
