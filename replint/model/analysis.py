"""The analysis' values: profiles, headings, sections, period, signing date, Analysis.

Computed by :mod:`replint.analysis` once per document; frozen and picklable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from replint.model.timeline import Period as Period  # re-exported: analysis values
from replint.model.timeline import Timeline
from replint.text import zh

if TYPE_CHECKING:
    pass


WORK_DONE = "work_done"


PROBLEMS = "problems"


NEXT_STEPS = "next_steps"


STANDARD_KINDS = (WORK_DONE, PROBLEMS, NEXT_STEPS)


#: Pseudo-kinds of paragraphs that belong to no section.
TITLE, PREAMBLE, SIGNING, OTHER = "title", "preamble", "signing", "other"


KIND_NAMES = {WORK_DONE: "work done", PROBLEMS: "problems", NEXT_STEPS: "next steps"}


class ProfileError(ValueError):
    """A profile in config (or from a plugin) is malformed; the message says where."""


@dataclass(frozen=True)
class SectionSpec:
    """One part a report of a profile has: its key, how to call it, and its aliases."""

    key: str
    label: str
    required: bool
    aliases: tuple[str, ...]
    #: Words that, earlier in the same clause, make an alias an object rather than the
    #: topic (``解决…问题`` is work done, not a problems section).
    exclude_after: tuple[str, ...] = ()
    #: How a paragraph of a report without headings opens this part (``下一步，``).
    openers: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return KIND_NAMES.get(self.key, self.key.replace("_", " "))


@dataclass(frozen=True)
class Profile:
    """A kind of report: the sections it has, in their expected order."""

    name: str
    language: str  # "zh", "en" or "any"
    sections: tuple[SectionSpec, ...]
    description: str = ""

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def required(self) -> tuple[SectionSpec, ...]:
        return tuple(s for s in self.sections if s.required)


@dataclass(frozen=True)
class Heading:
    """A heading: where it is, how it is numbered, what it says, where it sits in the tree.

    Offsets are into the paragraph's text. ``rank`` is the GB/T 9704 ladder step of its
    number (0 ``第一部分``, 1 ``一、``, 2 ``（一）``, 3 ``1.``, 4 ``（1）``, 5 ``①``), None
    for a heading without a written number. ``level`` is 1 for a top-level heading.
    """

    paragraph: int
    line: int
    form: str  # numbering form ("一、", "（一）", "(一)", "1.", …) or how it was marked
    rank: int | None
    number: int | None
    number_span: tuple[int, int] | None
    text: str
    text_span: tuple[int, int]
    end: int  # where the heading stops (after its 。 for a run-in heading)
    run_in: bool  # body text follows on the same paragraph
    markup_level: int | None = None
    auto_numbered: bool = False  # numbered by the word processor, not in the text
    level: int = 1
    parent: int | None = None  # index into Analysis.headings
    kinds: frozenset[str] = frozenset()
    matched: str = ""  # the alias that classified it

    @property
    def label(self) -> str:
        """The heading as the reader sees it, number included (for messages)."""
        number = (
            self.form.replace("一", zh.int_to_cn(self.number or 1)).replace(
                "1", str(self.number or 1)
            )
            if self.number is not None
            else ""
        )
        return f"{number}{self.text}"


@dataclass(frozen=True)
class Section:
    """A part of the report: a top-level heading's span, or a run of paragraphs."""

    kinds: frozenset[str]
    first: int  # first paragraph index
    last: int  # last paragraph index (inclusive)
    heading: int | None  # index into Analysis.headings; None when found by an opener
    how: str  # "heading", "position" (thematic parts before the problems), "opener"
    matched: str = ""


@dataclass(frozen=True)
class ListItem:
    """One item of a Markdown list as written in the source (Markdown renumbers ordered
    lists when it renders them, so the numbers written are only in the source).

    ``marker`` is ``"1."``/``"1)"`` for an ordered item (``number`` is its number),
    ``"-"``/``"*"``/``"+"`` for a bullet, or another character a bullet was mistyped
    with (``"="``). ``indent`` is the marker's column (tabs as four), ``depth`` 0 for a
    list at the left margin. ``part`` is the report part the item's text names when the
    item is nothing but a short bold label (``3. **存在的问题**``), else empty.
    """

    line: int
    column: int  # 1-based column of the marker
    marker: str
    number: int | None
    indent: int
    depth: int
    text: str
    bold: bool = False
    part: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ListRun:
    """The items of one level of one list, in order, under one heading.

    A paragraph at the list's margin between two items ends the run when the next item
    starts again at 1 (a new list); otherwise the numbers go on (``3.`` after a picture
    continues ``1.`` ``2.``). ``heading`` is the index into Analysis.headings of the
    heading the run sits under (None before the first heading).
    """

    items: tuple[ListItem, ...]
    depth: int
    heading: int | None
    #: Item positions (into ``items``) after which a paragraph interrupted the list.
    breaks: frozenset[int] = frozenset()
    #: The source line of the item this run is nested in (None at the margin).
    parent: int | None = None

    @property
    def ordered(self) -> bool:
        return bool(self.items) and self.items[0].number is not None


@dataclass(frozen=True)
class Unit:
    """One repeating unit of a file that holds several reports: a week, a person.

    ``first``/``last`` are paragraph indexes (inclusive); ``heading`` the index into
    Analysis.headings of the heading that opens the unit; ``how`` says what repeats
    ("date", "sequence").
    """

    first: int
    last: int
    heading: int | None
    how: str
    label: str = ""
    #: The report parts the unit has (its headings and openers classified).
    kinds: frozenset[str] = frozenset()


# Period (the report period) lives in replint.model.timeline with the rest of the timeline.


@dataclass(frozen=True)
class Signing:
    """The date a report is signed (成文日期): a last line that is a date."""

    paragraph: int
    date: zh.DateMention
    text: str = ""  # the date as written

    @property
    def value(self) -> dt.date | None:
        return self.date.as_date()


@dataclass(frozen=True)
class Analysis:
    """Everything the rules share about one document."""

    language: str  # "zh" or "en"
    profile: Profile
    profile_reason: str
    title: int | None
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    #: Per paragraph: the section keys it belongs to, or {"title"}, {"preamble"},
    #: {"signing"}, {"other"}.
    parts: tuple[frozenset[str], ...]
    period: Period | None
    period_note: str
    signing: Signing | None
    #: The years the title and the first sentence name, whichever was chosen as the
    #: period (the D rules compare them).
    title_period: Period | None = None
    opening_period: Period | None = None
    lines: tuple[int, ...] = field(default=(), repr=False)  # source line per paragraph
    #: The period and every dated mention with its role (replint.analysis.timeline).
    timeline: Timeline | None = field(default=None, repr=False)
    #: Every paragraph that opens with a heading number (``一、`` ``（一）`` ``1.``
    #: ``（1）`` ``①`` ``第一部分``), the items of numbered lists included: the headings'
    #: numbers as written, before list items are told apart (``level``/``parent`` unset).
    numbered: tuple[Heading, ...] = field(default=(), repr=False)
    #: How the file was read, in words (``--verbose``): "Markdown", "plain text, …".
    reader: str = ""
    #: Markdown list runs as written in the source (:class:`ListRun`).
    lists: tuple[ListRun, ...] = field(default=(), repr=False)
    #: The repeating units of a file that holds several reports (weeks, persons);
    #: empty when the file is one report.
    units: tuple[Unit, ...] = field(default=(), repr=False)

    # -- queries -------------------------------------------------------------------
    def unit_of(self, paragraph: int) -> int | None:
        """The index of the unit ``paragraph`` belongs to (None for a one-report file or
        text before the first unit)."""
        for k, u in enumerate(self.units):
            if u.first <= paragraph <= u.last:
                return k
        return None

    def heading_at(self, paragraph: int) -> Heading | None:
        for h in self.headings:
            if h.paragraph == paragraph:
                return h
        return None

    def has(self, key: str) -> bool:
        return any(key in s.kinds for s in self.sections)

    def sections_of(self, key: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if key in s.kinds)

    def kinds_at(self, paragraph: int) -> frozenset[str]:
        return self.parts[paragraph] if 0 <= paragraph < len(self.parts) else frozenset()

    @property
    def top_headings(self) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.parent is None)
