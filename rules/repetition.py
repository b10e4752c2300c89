"""Repetition (family R): duplicated paragraphs and clauses, within and across reports.

Reviewers' most tedious job is spotting text pasted twice into one report, or copied
from another unit's report or from last year's. Paragraphs are compared on their
letters and digits only (see :mod:`replint.similarity`): character 3-gram Jaccard
after dropping whitespace and punctuation, so re-punctuated or re-spaced copies
still count.

Short boilerplate never counts: headings and titles (numbered ``一、`` ``（一）``
``1.`` lines, Markdown/Word headings, and short lines without a sentence end),
signatures, dates, and any paragraph under ``min_length`` (Chinese characters; three
Latin letters or digits count as one).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from replint.plugin import Document, Finding, OptionRanges, Paragraph, Rule, Severity, regexes

if TYPE_CHECKING:
    from replint.plugin import ArchiveIndex, ShingleTable

_SENTENCE_END = regexes.lazy_re(r"[。！？；!?;]")
# A short line without a sentence end (a signature, a date, a label) is boilerplate.
_UNMARKED_HEADING_MAX = 50

DEFAULT_MIN_LENGTH = 20
DEFAULT_THRESHOLD = 0.8
DEFAULT_CONTAINED = 0.8
# Sentences (or clauses between semicolons) shorter than this are not matched on their
# own: "一是加强学习。" is in every report.
MIN_SENTENCE = 10
# A sentence found in more files than this is boilerplate, not evidence of a copy.
MAX_SENTENCE_FILES = 50
# Below 0.5, paragraphs that merely share a few set phrases count as copies, and the
# indexed join loses its filters and compares nearly every pair.
THRESHOLD_RANGES = {"threshold": (0.5, 1.0), "min_length": (1, None)}

# Fixed political formulas that reports repeat by design; a repeat made of these
# (plus a few joining words) is not a copied clause. Stored normalised.
STOCK_PHRASES = (
    "习近平新时代中国特色社会主义思想",
    "以习近平同志为核心的党中央",
    "习近平总书记重要讲话精神",
    "习近平总书记关于意识形态工作的重要论述",
    "党的十九大和十九届历次全会精神",
    "党的十九届六中全会精神",
    "党的二十大精神",
    "党的二十届三中全会精神",
    "增强四个意识坚定四个自信做到两个维护",
    "两个确立",
    "两个维护",
    "不忘初心牢记使命",
    "社会主义核心价值观",
    "意识形态工作责任制",
    "全面从严治党",
    "中国特色社会主义",
    "以人民为中心的发展思想",
    "中央八项规定精神",
    "守土有责守土负责守土尽责",
    "学党史悟思想办实事开新局",
    "党风廉政建设",
    "党史学习教育",
    "马克思主义",
)
_BOOK_TITLE = regexes.lazy_re(r"《[^《》]{1,80}》")


# -- which paragraphs count ----------------------------------------------------------


def heading_paragraphs(doc: Document) -> frozenset[int]:
    """The paragraphs the document analysis calls the title or a heading on its own line
    (a run-in heading ``（一）加强学习。全年……`` carries prose and is compared)."""
    analysis = doc.analysis
    found = {h.paragraph for h in analysis.headings if not h.run_in}
    if analysis.title is not None:
        found.add(analysis.title)
    return frozenset(found)


def is_heading_like(paragraph: Paragraph, headings: Container[int] = frozenset()) -> bool:
    """Headings, titles and short unpunctuated lines (signatures, dates, labels).

    ``headings`` are the paragraph indices of :func:`heading_paragraphs` (the shared
    analysis is THE heading recogniser); without them only markup headings count.
    """
    if paragraph.kind in ("heading", "title") or paragraph.index in headings:
        return True
    text = paragraph.text.strip()
    # Only a sentence end inside the text (not at its end) makes it prose.
    inner_end = _SENTENCE_END.search(text, 0, max(0, len(text) - 1)) is not None
    if inner_end:
        return False
    return len(text) <= _UNMARKED_HEADING_MAX and not (text and _SENTENCE_END.match(text[-1]))


def long_enough(norm: str, min_length: float) -> bool:
    """Whether a normalised text weighs at least ``min_length`` (cheap bounds first)."""
    from replint.plugin import weight

    if len(norm) < min_length:
        return False
    if len(norm) >= 3 * min_length:
        return True
    return weight(norm) >= min_length


class Passage(NamedTuple):
    """A paragraph that takes part in comparisons: where it is and what it says.

    It carries its own source span, so findings can be made from it without the
    Document (R201 may receive passages prepared in a worker process).
    """

    path: str
    paragraph: int  # index into Document.paragraphs
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the paragraph text, trimmed
    norm: str
    location: str = ""


class Compared(NamedTuple):
    """A passage as R201's corpus pass keeps it: its place, its text and its
    :func:`~replint.plugin.weight`, without the normalised copy of the text (the
    shingle table stands for it), so a part is about half the size."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    weight: float
    location: str = ""

    @classmethod
    def of(cls, p: Passage) -> Compared:
        from replint.plugin import weight

        return cls(
            p.path, p.line, p.column, p.end_line, p.end_column, p.text, weight(p.norm), p.location
        )


def _formula_only(norm: str, min_length: float) -> bool:
    """Whether little but fixed formulas is left of a short paragraph without them."""
    if len(norm) > 3 * min_length + 40:
        return False  # too long to be formulas and joining words only
    rest = norm
    for phrase in STOCK_PHRASES:
        if phrase in rest:
            rest = rest.replace(phrase, "")
    return len(rest) < len(norm) and not long_enough(rest, min_length)


# A heading over a recap of the last period's goals or plan, which the report quotes;
# the heading is the recap's name and nothing more (`上周计划中未完成的事项`, with this
# week's status in its items, and `Recap of weekly goals`, what was done of them, are
# the report's own text).
_RECAP_HEADING = regexes.lazy_re(
    r"^[\s\d.、:：#*]*(?:"
    r"(?i:(?:original|previous|prior|last\s+(?:week|sprint|cycle|month|iteration)(?:'s)?)"
    r"\s+(?:goals?|plans?|objectives?|targets?))"
    r"|(?i:(?:goals?|plans?|objectives?)\s+(?:from|of)\s+(?:last|the\s+previous)\s+"
    r"(?:week|sprint|cycle|month|iteration))"
    r"|上(?:周|月|期|阶段|季度|一周|个月)(?:工作)?(?:计划|目标|打算)|原定(?:计划|目标)"
    r"|(?:计划|目标)回顾"
    r")[\s:：]*$"
)


def recap_paragraphs(doc: Document) -> frozenset[int]:
    """The paragraphs under a heading that recalls the last period's goals or plan,
    down to the next heading of the same level or above."""
    found: set[int] = set()
    hs = doc.analysis.headings
    for n, h in enumerate(hs):
        if _RECAP_HEADING.search(h.text) is None:
            continue
        stop = next((x.paragraph for x in hs[n + 1 :] if x.level <= h.level), len(doc.paragraphs))
        found.update(range(h.paragraph + 1, stop))
    return frozenset(found)


# A blanked stretch of a Markdown paragraph, long enough to be a code span (`x`).
_BLANKED = regexes.lazy_re(r" {3,}")
# Words in backticks: letters, digits and CJK separated by spaces or list punctuation,
# as a task or feature is named in a weekly log (`Write Project Plan - Section 1`,
# `需求评审`); identifiers, paths, commands with options and code are not words.
_CODE_WORDS = regexes.lazy_re(r"[^\W_]+(?:[ ,，、&–-]+[^\W_]+)*[.,]?")
_HAS_CJK = regexes.lazy_re(r"[^\x00-\u2fff]")


def compared_text(doc: Document, para: Paragraph) -> str:
    """The paragraph's text as repetition compares it: with the words of its code
    spans put back.

    A Markdown reader blanks inline code (it is never prose to check), but a weekly
    log often names its tasks in backticks (``I completed `Assign roles`, `Write
    the plan` ``), and without them the item reads ``I completed , .``: a copied
    item would be too short to compare. Spans holding words (:data:`_CODE_WORDS`,
    with a space or a Chinese character) are put back; identifiers, paths and code
    stay blank.
    """
    text = para.text
    if doc.format != "md" or "   " not in text:
        return text
    pieces: list[str] = []
    done = 0
    for m in _BLANKED.finditer(text):
        line, column = para.position(m.start())
        if para.position(m.end() - 1)[0] != line:
            continue
        source = doc.source_line(line)[column - 1 : column - 1 + m.end() - m.start()]
        span = source.strip(" ")
        if len(span) < 3 or span[0] != "`" or span[-1] != "`":
            continue
        words = span.strip("`").strip()
        if "`" in words or _CODE_WORDS.fullmatch(words) is None:
            continue
        if " " not in words and _HAS_CJK.search(words) is None:
            continue
        pieces.append(text[done : m.start()])
        pieces.append(f" {words} ")
        done = m.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def passages(doc: Document, min_length: float) -> list[Passage]:
    """The paragraphs of ``doc`` long enough and prose enough to be compared.

    Headings, short lines and paragraphs made of fixed formulas (``坚持以习近平新时代
    中国特色社会主义思想为指导``…) and a few joining words are left out, and so are
    the items under a heading that recalls the last period's goals (``Original
    goals``, ``上周计划``): they quote last week's plan by design. Words in
    backticks count (:func:`compared_text`).
    """
    from replint.plugin import normalize

    out = []
    headings = heading_paragraphs(doc)
    recalled = recap_paragraphs(doc)
    for para in doc.paragraphs:
        if is_heading_like(para, headings) or para.index in recalled:
            continue
        norm = normalize(compared_text(doc, para))
        if not long_enough(norm, min_length) or _formula_only(norm, min_length):
            continue
        text = para.text
        start = len(text) - len(text.lstrip())
        end = max(start, len(text.rstrip()))
        line, column = para.position(start)
        end_line, end_column = para.position(end)
        out.append(
            Passage(
                doc.path,
                para.index,
                line,
                column,
                end_line,
                end_column,
                text[start:end],
                norm,
                para.location,
            )
        )
    return out


def shared_passages(doc: Document, min_length: float) -> tuple[Passage, ...]:
    """:func:`passages`, computed once per document and ``min_length`` for all R rules."""
    from replint.plugin import per_document

    return per_document(
        doc, ("repetition.passages", float(min_length)), lambda: tuple(passages(doc, min_length))
    )


def shared_table(doc: Document, min_length: float) -> ShingleTable:
    """The shingles of :func:`shared_passages` (row ``k`` is passage ``k``), made once.

    R102 joins its rows, R103 compares two of them when a clause repeats, and R201's
    ``prepare_corpus`` merges the tables of a block's documents: a paragraph is
    shingled once per run, whichever of them run.
    """
    from replint.plugin import ShingleTable, per_document

    def build() -> ShingleTable:
        return ShingleTable.build(p.norm for p in shared_passages(doc, min_length))

    return per_document(doc, _table_key(min_length), build)


def _table_key(min_length: float) -> tuple[str, float]:
    return ("repetition.table", float(min_length))


def _passage_finding(rule: Rule, p: Passage | Compared, message: str) -> Finding:
    """A finding over a whole passage, built the way Rule.finding builds one."""
    if p.location and "(" + p.location not in message:
        message = f"{message} ({p.location})"
    return Finding.at(
        p.path, p.line, p.column, rule, message, end=(p.end_line, p.end_column), matched=p.text
    )


def _quote(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 8] + "…" + text[-7:]


# -- within one report -----------------------------------------------------------------


# Short near-copies. A paragraph copied and then edited a little (a clause cut, a few
# characters changed) keeps a shingle Jaccard of 0.8 when it is long, but a short one
# drops below: each edit breaks three 3-grams, and a short text has few. So pairs of
# short paragraphs (the longer at most SHORT_PARAGRAPH normalised characters) with a
# Jaccard of at least SHORT_CANDIDATE are also lined up character by character.
SHORT_PARAGRAPH = 200
SHORT_CANDIDATE = 0.5
#: Share of the shorter text found, in order, in the longer one (at least the threshold).
ALIGNED_SHARE = 0.9
#: Share of the longer text matched: less is a sentence inside a longer paragraph.
ALIGNED_KEPT = 0.6
#: More separate edits than this is a rewrite, not a copy.
MAX_EDITS = 5
# Figures, in digits or in Chinese numerals: a template sentence says other figures.
_FIGURES = frozenset("0123456789〇零一二两三四五六七八九十百千万亿")
_EPS = 1e-9  # 9/10 of 10 characters counts as 0.9


def aligned_copy(a: str, b: str, threshold: float = DEFAULT_THRESHOLD) -> int:
    """Characters of ``a`` and ``b`` (normalised) aligned, when the shorter is a copy of
    the longer with a few small edits; 0 otherwise.

    A copy keeps at least ``max(ALIGNED_SHARE, threshold)`` of the shorter text in
    order, and ``ALIGNED_KEPT`` of the longer. Its edits are few: stretches cut
    or added, and single characters changed (a slip, a changed particle; next to
    a cut, the two come as one change of a character into several). A parallel
    sentence built on one template is not a copy, though it lines up as well: it
    fills the template's slots with other words (a replaced stretch of two
    characters or more on both sides, ``登录模块`` / ``支付模块``) or other figures
    (``存款余额12亿元`` / ``贷款余额8亿元``).
    """
    shorter, longer = sorted((len(a), len(b)))
    if longer > SHORT_PARAGRAPH:
        return 0
    if shorter < ALIGNED_KEPT * longer - _EPS:
        return 0  # cheap bound: fewer characters than ALIGNED_KEPT of the longer can match
    from replint.plugin import similarity

    found = similarity.align(a, b)
    if found.matched < max(ALIGNED_SHARE, threshold) * shorter - _EPS:
        return 0
    if found.matched < ALIGNED_KEPT * longer - _EPS or len(found.edits) > MAX_EDITS:
        return 0
    figures_a = figures_b = False
    for x, y in found.edits:
        if x and y and min(len(x), len(y)) > 1:
            return 0  # a slot of a template filled with another word
        figures_a = figures_a or not _FIGURES.isdisjoint(x)
        figures_b = figures_b or not _FIGURES.isdisjoint(y)
    if figures_a and figures_b:
        return 0  # other figures on both sides: the same template, another fact
    return found.matched


class _Twin:
    """A passage and its most similar earlier one (indexes into the passages list)."""

    __slots__ = ("earlier", "later", "similarity")

    def __init__(self, later: int, earlier: int, similarity: float) -> None:
        self.later = later
        self.earlier = earlier
        self.similarity = similarity  # 1.0 for an exact copy


def _twins(items: Sequence[Passage], threshold: float, table: ShingleTable) -> list[_Twin]:
    """For each passage, its most similar earlier passage at or above ``threshold``,
    or else its best short near-copy (:func:`aligned_copy`, similarity below the
    threshold).

    ``table`` holds the passages' shingles (row ``k`` is ``items[k]``). Exact copies
    are paired through a dictionary; only the distinct texts are joined, pairs of
    short ones from ``SHORT_CANDIDATE`` up.
    """
    from replint.plugin import table_pairs_within

    first_seen: dict[str, int] = {}
    exact: dict[int, int] = {}
    for i, p in enumerate(items):
        if p.norm in first_seen:
            exact[i] = first_seen[p.norm]
        else:
            first_seen[p.norm] = i
    best: dict[int, tuple[float, int]] = {}
    unique = [i for i in range(len(items)) if i not in exact]
    short = [len(items[i].norm) <= SHORT_PARAGRAPH for i in unique]
    pairs = table_pairs_within(table, unique, threshold, short, SHORT_CANDIDATE)
    below: list[tuple[int, int, float]] = []
    for pair in pairs:
        later, earlier = unique[pair.right], unique[pair.left]
        if pair.similarity < threshold - _EPS:
            below.append((later, earlier, pair.similarity))
            continue
        current = best.get(later)
        if current is None or (pair.similarity, -earlier) > (current[0], -current[1]):
            best[later] = (pair.similarity, earlier)
    aligned: dict[int, tuple[float, int]] = {}
    for later, earlier, similarity in below:
        if later in best:
            continue
        current = aligned.get(later)
        if current is not None and (similarity, -earlier) <= (current[0], -current[1]):
            continue
        if aligned_copy(items[earlier].norm, items[later].norm, threshold):
            aligned[later] = (similarity, earlier)
    best.update(aligned)
    out = [_Twin(i, j, 1.0) for i, j in exact.items()]
    out.extend(_Twin(i, j, sim) for i, (sim, j) in best.items())
    return sorted(out, key=lambda t: t.later)


class DuplicateParagraph(Rule):
    """A paragraph appears twice in the same report.

    ## What it does
    Finds a paragraph that repeats an earlier paragraph of the same report word for
    word, ignoring spaces and punctuation, and reports the second copy with the line
    of the first.

    ## Why is this bad?
    A paragraph pasted twice is a slip of copy and paste; it makes the report longer
    and tells the reader the text was not reread.

    ## Example
        一是全面压实责任。局党组坚持把意识形态工作摆在突出位置……
        ……
        一是全面压实责任。局党组坚持把意识形态工作摆在突出位置……

    ## Use instead
    Keep one copy, or say in the second place what is new.

    Headings, titles and paragraphs shorter than `min_length` Chinese characters (three
    Latin letters count as one) are never compared, nor the items under a heading that
    recalls the last period's goals (`Last week's goals` in a weekly log). In
    Markdown, words in backticks (a task named `` `Write the project plan` ``) count
    as text; identifiers, paths and code in backticks do not.
    """

    code = "R101"
    name = "duplicate-paragraph"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_length": DEFAULT_MIN_LENGTH}
    option_ranges: ClassVar[OptionRanges] = {"min_length": (1, None)}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        items = shared_passages(doc, options["min_length"])
        seen: dict[str, Passage] = {}
        for p in items:
            first = seen.get(p.norm)
            if first is None:
                seen[p.norm] = p
                continue
            yield _passage_finding(
                self,
                p,
                f"paragraph duplicates line {first.line} (“{_quote(p.text)}”, the same apart "
                f"from spaces and punctuation): delete one copy",
            )


class NearDuplicateParagraph(Rule):
    """A paragraph is nearly the same as an earlier one in the same report.

    ## What it does
    Finds a paragraph whose text is at least `threshold` similar (character 3-gram
    Jaccard, ignoring spaces and punctuation; default 0.8) to an earlier paragraph of
    the same report, and reports it with the similarity and the earlier line.
    Word-for-word copies are R101's.

    A short paragraph (up to 200 characters) loses much of its Jaccard to a few
    edits, so short pairs are also lined up character by character: one is a
    near-copy of the other when at least 90 % of the shorter one (or `threshold`,
    if higher) and 60 % of the longer one recur in the same order, with at most
    five edits, each a cut, an addition or a change of a single character.
    Parallel sentences built on one template are not near-copies: they put other
    words in the template's slots (`登录模块`/`支付模块`) or other figures
    (`存款余额12亿元`/`贷款余额8亿元`).

    ## Why is this bad?
    Two versions of one paragraph usually mean a draft was pasted in beside its
    revision, or one passage was reused for two different points.

    ## Example
        将思想建设作为意识形态工作的基础性、长期性工作常抓不懈，夯实思想根基。
        ……
        将思想建设作为意识形态工作的基础性、长期性工作常抓常新，夯实思想根基。

    ## Use instead
    Merge the two paragraphs, or rewrite one so that each says something of its own.
    """

    code = "R102"
    name = "near-duplicate-paragraph"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {
        "threshold": DEFAULT_THRESHOLD,
        "min_length": DEFAULT_MIN_LENGTH,
    }
    option_ranges: ClassVar[OptionRanges] = THRESHOLD_RANGES

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        threshold = float(options["threshold"])
        if not 0 < threshold <= 1:
            raise ValueError(f"R102 threshold must be between 0 and 1, not {threshold}")
        items = shared_passages(doc, options["min_length"])
        table = shared_table(doc, options["min_length"])
        for twin in _twins(items, threshold, table):
            if twin.similarity >= 1.0:
                continue
            later, earlier = items[twin.later], items[twin.earlier]
            if twin.similarity >= threshold - _EPS:
                how = f"similarity {twin.similarity:.2f}"
            else:
                shared = aligned_copy(earlier.norm, later.norm, threshold)
                how = f"{shared} of its {len(later.norm)} characters recur in the same order"
            yield _passage_finding(
                self,
                later,
                f"paragraph is a near-copy of line {earlier.line} ({how}; "
                f"“{_quote(earlier.text)}”): merge the two or make each say something of "
                f"its own",
            )


# -- repeated clauses -------------------------------------------------------------------


def _excluded_mask(
    norm: str, offsets: Sequence[int], text: str, phrases: Sequence[str]
) -> list[bool]:
    """Characters of ``norm`` inside book titles 《…》 or stock phrases."""
    mask = [False] * len(norm)
    if "《" in text:
        spans = [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)]
        if spans:
            for k, off in enumerate(offsets):
                if any(s <= off < e for s, e in spans):
                    mask[k] = True
    for phrase in phrases:
        start = norm.find(phrase)
        while start >= 0:
            for k in range(start, start + len(phrase)):
                mask[k] = True
            start = norm.find(phrase, start + 1)
    return mask


_T = TypeVar("_T")


class _Memo(dict[int, _T]):
    """Paragraph number -> ``make(number)``, made on first use; at most ``cap`` kept.

    R103 meets the same few paragraphs several times in a row (a later copy and its
    earlier one), so a small memo saves the work; keeping every paragraph's shingles
    and offsets instead held over 20 times the input on a 5 MB file of repeats. When
    full, the memo starts afresh: values are pure, so only time moves, not findings.
    """

    def __init__(self, make: Callable[[int], _T], cap: int = 256) -> None:
        super().__init__()
        self._make = make
        self._cap = cap

    def __missing__(self, i: int) -> _T:
        if len(self) >= self._cap:
            self.clear()
        value = self._make(i)
        self[i] = value
        return value


class RepeatedClause(Rule):
    """A long clause or sentence is repeated within the report.

    ## What it does
    Finds a run of at least `min_chars` Chinese characters (default 20; three Latin
    letters or digits count as one; spaces and punctuation ignored) that already
    appeared earlier in the same report, and reports the later copy with the line of
    the first.

    ## Why is this bad?
    A sentence written twice reads as padding, and often shows that a passage was
    pasted from elsewhere without being fitted in.

    ## Example
        加快建设一支政治更加坚定、眼界更加宽广、业务更加精湛、纪律更加严明、作风更加务实的宣传思想工作队伍。
        ……
        助推我局加快建设一支政治更加坚定、眼界更加宽广、业务更加精湛、纪律更加严明、作风更加务实的宣传思想工作人才队伍。

    ## Use instead
    Say it once, and refer back to it (`上述队伍建设目标`) where it is needed again.

    Fixed political formulas (`习近平新时代中国特色社会主义思想`, `增强“四个意识”…`)
    and document titles in `《》` do not count toward the length; add your own
    formulas with the `allow` option. Paragraphs that repeat as a whole are
    R101/R102's, and headings are never compared. A closing formula repeated in
    items of parallel lists (one-sentence lines that open like their neighbours:
    `售后系统：添加…，从而实现…功能；`) or in table rows is the list's template and
    is not reported; so is a clause shared by items of one list that each say more
    (`1. 完成用户管理模块的接口开发…` `2. 完成订单管理模块的接口开发…`), and a clause
    of at most 30 characters in items of lists under two headings (the weekly
    meeting in every week). A clause found in more than sixteen places is compared with
    its first sixteen only.
    """

    code = "R103"
    name = "repeated-clause"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"min_chars": DEFAULT_MIN_LENGTH, "allow": []}
    option_ranges: ClassVar[OptionRanges] = {"min_chars": (1, None)}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        from replint.plugin import (
            jaccard,
            made_for,
            normalize,
            normalize_with_offsets,
            repeats,
            shingles,
            weight,
        )

        min_chars = float(options["min_chars"])
        if min_chars < 4:
            raise ValueError(f"R103 min_chars must be at least 4, not {min_chars}")
        phrases = tuple(p for p in (*STOCK_PHRASES, *map(normalize, options["allow"])) if p)
        headings = heading_paragraphs(doc)
        paras = [p for p in doc.paragraphs if not is_heading_like(p, headings)]
        # Offsets are kept only for paragraphs with a repeat (an int per character
        # of a 10 MB file is more than the file).
        norms = [normalize_with_offsets(p.text)[0] for p in paras]
        found = repeats(norms, int(min_chars))
        if not found:
            return
        offsets = _Memo(lambda i: normalize_with_offsets(paras[i].text)[1])
        # The shingles R102 compared (when it ran, and the normalised text is the same);
        # otherwise only the paragraphs met here are shingled.
        table: ShingleTable | None = made_for(doc, _table_key(DEFAULT_MIN_LENGTH))
        row_of: dict[int, int] = {}
        if table is not None:
            compared = shared_passages(doc, DEFAULT_MIN_LENGTH)
            row_of = {p.paragraph: k for k, p in enumerate(compared)}

        def table_ids(i: int) -> frozenset[int] | None:
            """The table's ids of paragraph ``i``'s shingles, None when not in it."""
            k = row_of.get(paras[i].index)
            if table is None or k is None or compared[k].norm != norms[i]:
                return None
            return frozenset(table.rows[k])

        shingle_ids = _Memo(table_ids)
        shingle_strings = _Memo(lambda i: shingles(norms[i]))

        def whole_copy(i: int, j: int) -> bool:
            # Whole-paragraph copies are R101/R102's: do not report their clauses again.
            if i == j or not (
                long_enough(norms[i], DEFAULT_MIN_LENGTH)
                and long_enough(norms[j], DEFAULT_MIN_LENGTH)
            ):
                return False
            a, b = shingle_ids[i], shingle_ids[j]
            if a is not None and b is not None:
                sim = jaccard(a, b)
            else:
                sim = jaccard(shingle_strings[i], shingle_strings[j])
            if sim >= DEFAULT_THRESHOLD:
                return True
            # A short near-copy is R102's too.
            return sim >= SHORT_CANDIDATE and aligned_copy(norms[i], norms[j]) > 0

        masks = _Memo(lambda i: _excluded_mask(norms[i], offsets[i], paras[i].text, phrases))
        runs: dict[tuple[int, int], list[tuple[int, int, int, str, str]]] = {}
        places: Mapping[int, ItemPlace] | None = None  # made when a repeat first needs it
        for rep in found:
            if whole_copy(rep.text, rep.earlier_text):
                continue
            norm = norms[rep.text]
            mask = masks[rep.text]
            kept = "".join(
                c for k, c in enumerate(norm[rep.start : rep.end], rep.start) if not mask[k]
            )
            if weight(kept) < min_chars:
                continue
            para = paras[rep.text]
            offs = offsets[rep.text]
            start, end = offs[rep.start], offs[rep.end - 1] + 1
            clause = para.text[start:end]
            other = paras[rep.earlier_text]
            e_offs = offsets[rep.earlier_text]
            e_start = e_offs[rep.earlier_start]
            e_end = e_offs[rep.earlier_start + rep.end - rep.start - 1] + 1
            if _cited(doc, para, start, end) and _cited(doc, other, e_start, e_end):
                continue  # the same link, document or programme named twice
            if _in_book_title(para.text, start, end) or _in_book_title(other.text, e_start, e_end):
                continue  # a document's title names the programme that the text names again
            if _parallel(para.text, start, end) and _parallel(other.text, e_start, e_end):
                continue  # template sentences that say different things after one opening
            if (
                para is not other
                and _list_item(doc, para, start, end)
                and _list_item(doc, other, e_start, e_end)
            ):
                continue  # one closing formula in two items of parallel lists or table rows
            if places is None:
                places = _list_places(doc)
            if _parallel_items(places, para, other, (start, end), (e_start, e_end), kept):
                continue  # a template clause of one list, or a stock item of sibling lists
            where = (
                "earlier in this paragraph"
                if rep.earlier_text == rep.text
                else f"at line {paras[rep.earlier_text].position(e_start)[0]}"
            )
            pair = (rep.text, rep.earlier_text)
            if pair not in runs:
                runs[pair] = []
            runs[pair].append((start, end, rep.end - rep.start, clause, where))
        # A paragraph that repeats several clauses of one other paragraph is one finding:
        # the reviewer deletes or rewrites the passage once.
        for (text_index, _earlier), found_runs in runs.items():
            start, end, size, clause, where = found_runs[0]
            more = len(found_runs) - 1
            also = ""
            if more:
                also = f", and {more} more clause{'s' if more > 1 else ''} of that paragraph"
            yield self.finding(
                doc,
                paras[text_index],
                start,
                end,
                f"“{_quote(clause, 30)}” ({size} characters) is repeated{also}: it "
                f"already appears {where}; say it once",
            )


def _in_book_title(text: str, start: int, end: int) -> bool:
    """The run lies inside one 《…》: the title of a document (a notice, a plan), whose
    subject the report then names in its own sentence (``根据《关于开展…专项督导的
    通知》，…现将…专项督导工作报告如下``)."""
    opening = text.rfind("《", 0, start + 1)
    if opening < 0 or "》" in text[opening:start]:
        return False
    closing = text.find("》", opening)
    return closing >= end - 1


_SENTENCE_START = "。！？!?；;\n"


def _parallel(text: str, start: int, end: int) -> bool:
    """The run opens a sentence or item and the sentence goes on with words of its own:
    parallel sentences built on one template ("The goals for this week were to …",
    "各项贷款余额…较年初增长…"), not a copied sentence."""
    before = text[:start].rstrip(" \u3000\t-*•·")
    if before and before[-1] not in _SENTENCE_START:
        return False
    rest = text[end:]
    stop = min((i for i, ch in enumerate(rest) if ch in "。！？!?；;\n"), default=len(rest))
    tail = rest[:stop]
    return sum(1 for ch in tail if ch.isalnum()) >= 12


#: Items of a parallel list open alike: this many letters or digits at least.
_ITEM_LEAD = 4
#: Letters or digits an item has of its own besides the repeated run.
_ITEM_OWN = 4


def _lead(para: Paragraph) -> str:
    from replint.plugin import normalize

    return normalize(para.text[:40])[:_ITEM_LEAD]


def _list_item(doc: Document, para: Paragraph, start: int, end: int) -> bool:
    """The run sits in one item of a parallel list or table and the item says more.

    An item is a one-sentence paragraph (no sentence end before its last character)
    that opens with the same words as the paragraph before or after it (``售后系统
    公众号：添加…；`` ``售后系统公众号：新增…；``), or a table cell. Work logs list
    what was done for each project in such items, and a closing formula
    (``…，从而实现后续验证登录功能；``) repeated in two of them, each about another
    subject, is the list's template, not a pasted sentence.
    """
    text = para.text.rstrip()
    if not _says_more(text, start, end):
        return False  # the run is nearly the whole item: a copy, or R101/R102's
    if para.kind == "table":
        return True
    if _SENTENCE_END.search(text, 0, max(0, len(text) - 1)) is not None:
        return False
    lead = _lead(para)
    if len(lead) < _ITEM_LEAD:
        return False
    paragraphs = doc.paragraphs
    neighbours = (
        paragraphs[i] for i in (para.index - 1, para.index + 1) if 0 <= i < len(paragraphs)
    )
    return any(_lead(n) == lead for n in neighbours)


#: A clause this heavy or lighter, repeated in items of lists under two sibling
#: headings (``- 参加周例会，汇报本周进展`` in every week), is the writer's stock item.
_STOCK_ITEM_MAX = 30


class ItemPlace(NamedTuple):
    """Where a paragraph sits in the analysis' list model."""

    run: int  # which list run (one level of one list under one heading)
    heading: int | None  # index into Analysis.headings of the heading it sits under
    depth: int


def _list_places(doc: Document) -> dict[int, ItemPlace]:
    """The list items of ``doc`` by paragraph index, from the shared analysis.

    Markdown lists are the analysis' list runs; elsewhere (and in Markdown outside
    list syntax) an item is a numbered paragraph (``1.`` ``（1）`` ``①``) that the
    analysis did not take for a heading, and one run is the items of one numbering
    form under one heading.
    """
    analysis = doc.analysis
    places: dict[int, ItemPlace] = {}
    if analysis.lists:
        paragraph_at = {line: k for k, line in enumerate(analysis.lines)}
        for run, list_run in enumerate(analysis.lists):
            for item in list_run.items:
                k = paragraph_at.get(item.line)
                if k is not None:
                    places[k] = ItemPlace(run, list_run.heading, list_run.depth)
    first = len(analysis.lists)  # run numbers of numbered paragraphs come after the lists'
    starts = sorted(h.paragraph for h in analysis.headings)
    taken = frozenset(starts)
    runs: dict[tuple[int | None, str], int] = {}
    for numbered in analysis.numbered:
        if numbered.paragraph in taken or numbered.paragraph in places:
            continue
        k = bisect.bisect_left(starts, numbered.paragraph) - 1
        under = k if k >= 0 else None
        run = runs.setdefault((under, numbered.form), first + len(runs))
        places[numbered.paragraph] = ItemPlace(run, under, numbered.rank or 0)
    return places


def _parallel_items(
    places: Mapping[int, ItemPlace],
    para: Paragraph,
    other: Paragraph,
    span: tuple[int, int],
    other_span: tuple[int, int],
    kept: str,
) -> bool:
    """Two items of one list that share a template clause and each say more of their
    own (``1. 完成用户管理模块的接口开发和单元测试`` ``2. 完成订单管理模块的…``), or a
    short stock item in lists under sibling headings (the weekly meeting each week)."""
    from replint.plugin import weight

    here, there = places.get(para.index), places.get(other.index)
    if here is None or there is None or para is other:
        return False
    if not (_says_more(para.text, *span) and _says_more(other.text, *other_span)):
        return False
    if here.run == there.run:
        return True
    return (
        here.depth == there.depth
        and here.heading != there.heading
        and weight(kept) <= _STOCK_ITEM_MAX
    )


def _says_more(text: str, start: int, end: int) -> bool:
    """The text has letters or digits of its own besides the run ``start:end``."""
    text = text.rstrip()
    own = islice(filter(str.isalnum, chain(text[:start], text[end:])), _ITEM_OWN)
    return sum(1 for _ in own) >= _ITEM_OWN


def _cited(doc: Document, para: Paragraph, start: int, end: int) -> bool:
    """The run is the text of a Markdown link or the name inside 《》 / “”."""
    text = para.text
    opening = max(text.rfind("《", 0, start), text.rfind("“", 0, start))
    if opening >= 0:
        closing = text.find("》" if text[opening] == "《" else "”", opening)
        if closing >= end - 1 and "》" not in text[opening + 1 : start]:
            return True
    if doc.format == "docx":
        return False
    line, column = para.position(start)
    end_line, end_column = para.position(end - 1)
    if line != end_line:
        return False
    source = doc.source_line(line)
    head = source[: column - 1]
    tail = source[end_column:]
    bracket = head.rfind("[")
    return bracket >= 0 and "]" not in head[bracket:] and bool(re.match(r"[^\[\]]*\]\(", tail))


# -- across reports -----------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusPart:
    """What R201 needs of a group of files: small, picklable, made by ``prepare_corpus``.

    ``passages[i]`` are the compared paragraphs of file ``paths[i]``; the table holds
    their shingle sets in the same (flattened) order. Built where the files were
    read, a part saves the main process nearly all of its work (see
    :class:`replint.simjoin.ShingleTable`).
    """

    paths: tuple[str, ...]
    passages: tuple[tuple[Compared, ...], ...]
    table: ShingleTable


class _Place:
    """One occurrence of a compared text: passage ``item`` of run file ``doc`` (-1: archive)."""

    __slots__ = ("doc", "item", "line", "path")

    def __init__(self, path: str, line: int, doc: int, item: int) -> None:
        self.path = path
        self.line = line
        self.doc = doc
        self.item = item


class CopiedFromOtherReport(Rule):
    """A paragraph is a copy or near-copy of a paragraph in another report.

    ## What it does
    Compares every paragraph with the paragraphs of all other files linted in the
    same run, and of the archive given by the `reference` setting (for example last
    year's reports), and reports each paragraph that is at least `threshold`
    similar (character 3-gram Jaccard, ignoring spaces and punctuation; default 0.8)
    to one of them, with that file's `path:line` and the similarity. A paragraph
    that was copied and then added to is found too: when at least `contained` of it
    (default 0.8, by length) is sentences that all stand in one paragraph of another
    report, it is reported with that share. A paragraph found in many files is
    reported once in each file, pointing at one of them and saying how many others
    there are. Archive files are never reported themselves.

    ## Why is this bad?
    A work report should describe this unit's own work in this period. Text copied
    from a colleague's report or from last year's is the first thing a reviewer
    looks for, and the hardest to spot by eye.

    ## Example
        （000.txt）本人将思想建设作为意识形态工作的基础性、长期性工作常抓不懈……
        （001.txt）将思想建设作为意识形态工作的基础性、长期性工作常抓常新……

    ## Use instead
    Write what this unit did, with its own facts and figures. Shared wording that
    must stay (a required formula) can be suppressed on that line.

    Headings, titles, paragraphs shorter than `min_length` Chinese characters and
    paragraphs made only of fixed formulas are never compared, so reports that share
    only a template's headings are fine; nor are the items under a heading that
    recalls the last period's goals (`Original goals`, `上周计划`), which
    quote the last report's plan by design. Words in Markdown backticks count as
    text, as in R101. The comparison uses an index (exact, not
    sampled), so thousands of reports take seconds, not hours; an unchanged archive
    is read from replint's cache.
    """

    code = "R201"
    name = "copied-from-other-report"
    severity = Severity.WARNING
    corpus = True
    options: Mapping[str, Any] = {
        "threshold": DEFAULT_THRESHOLD,
        "min_length": DEFAULT_MIN_LENGTH,
        "contained": DEFAULT_CONTAINED,
    }
    option_ranges: ClassVar[OptionRanges] = {**THRESHOLD_RANGES, "contained": (0.5, 1.0)}

    def prepare_corpus(self, docs: Sequence[Document], options: Mapping[str, Any]) -> CorpusPart:
        """The part of ``docs`` that ``check_corpus`` needs, ready to send between processes.

        Call it where the documents were read, on as many documents at a time as
        convenient (a worker's whole share is best: shingles shared by its files are
        then sent once), and pass the parts to ``check_corpus`` in place of the
        documents.
        """
        from replint.plugin import ShingleTable

        min_length = options["min_length"]
        items = tuple(tuple(map(Compared.of, shared_passages(d, min_length))) for d in docs)
        # The documents' own tables (R102 made them, or they are made now, once).
        table = ShingleTable.concat([shared_table(d, min_length) for d in docs])
        return CorpusPart(tuple(d.path for d in docs), items, table)

    def check_corpus(
        self,
        docs: Sequence[Document | CorpusPart],
        options: Mapping[str, Any],
        references: Sequence[Document | CorpusPart] = (),
    ) -> Iterator[Finding]:
        threshold = float(options["threshold"])
        if not 0 < threshold <= 1:
            raise ValueError(f"R201 threshold must be between 0 and 1, not {threshold}")
        files = sum(len(d.paths) if isinstance(d, CorpusPart) else 1 for d in (*docs, *references))
        if files < 2:
            return  # nothing to compare with: skip building (and importing) the index
        run = self._parts(docs, options)
        archive_groups, archive_index = self._archive(references, options, threshold)
        if sum(len(p.paths) for p in run) + len(archive_groups) < 2:
            return
        found = copies(run, archive_groups, archive_index, threshold)
        flat = [group for part in run for group in part.passages]
        contained = sentence_copies(flat, archive_groups, float(options["contained"]))
        for d, k in sorted({*found, *contained}):
            if (d, k) in found:
                place, similarity, others = found[(d, k)]
                kind = "identical to" if similarity >= 1.0 else "a near-copy of"
                sim = "" if similarity >= 1.0 else f" (similarity {similarity:.2f})"
                what = f"paragraph is {kind} {place.path}:{place.line}"
            else:
                place, share, others = contained[(d, k)]
                sim = ""
                what = (
                    f"{share:.0%} of this paragraph repeats {place.path}:{place.line} "
                    "sentence for sentence"
                )
            archive_note = " in the reference archive" if place.doc < 0 else ""
            more = ""
            if others == 1:
                more = "; also in 1 other file"
            elif others > 1:
                more = f"; also in {others} other files"
            yield _passage_finding(
                self,
                flat[d][k],
                f"{what}{archive_note}{sim}{more}: describe this report's own work in "
                "its own words",
            )

    def _parts(
        self, items: Sequence[Document | CorpusPart], options: Mapping[str, Any]
    ) -> list[CorpusPart]:
        parts = [i for i in items if isinstance(i, CorpusPart)]
        plain = [i for i in items if not isinstance(i, CorpusPart)]
        if plain:
            parts.append(self.prepare_corpus(plain, options))
        return parts

    def _archive(
        self, items: Sequence[Document | CorpusPart], options: Mapping[str, Any], threshold: float
    ) -> tuple[list[tuple[Compared, ...]], ArchiveIndex | None]:
        """The archive's passages per file, and the index to query them with.

        An archive (last year's reports) is the same run after run and usually much
        larger than what is linted, so when the engine allows caching
        (``meta["cache"]`` true on the documents; see :mod:`replint.cache`) the
        index is stored under a hash of every compared passage (text, file, place)
        and the threshold: an unchanged archive costs one read of that file.
        """
        from replint.plugin import ArchiveIndex, ShingleTable

        parts = [i for i in items if isinstance(i, CorpusPart)]
        plain = [i for i in items if not isinstance(i, CorpusPart)]
        groups = [g for part in parts for g in part.passages]
        plain_groups = [passages(d, options["min_length"]) for d in plain]
        groups.extend(tuple(map(Compared.of, g)) for g in plain_groups)
        if not any(groups):
            return groups, None

        def build() -> ArchiveIndex:
            tables = [part.table for part in parts]
            if plain_groups:
                tables.append(ShingleTable.build(p.norm for g in plain_groups for p in g))
            return ArchiveIndex.build(tables, threshold)

        if not (plain and plain[0].meta.get("cache")):
            return groups, build()
        import pickle

        from replint.plugin import Cache

        cache = Cache("r201-archive", version="2")
        key = cache.key(repr(threshold), pickle.dumps(groups, protocol=4))
        return groups, cache.get_or_compute(key, build, schema=ArchiveIndex)


def _flatten(parts: Sequence[CorpusPart]) -> Iterator[tuple[int, int, Compared]]:
    """(file number, passage number, passage) in the order of the parts' table rows."""
    d = 0
    for part in parts:
        for group in part.passages:
            for k, p in enumerate(group):
                yield d, k, p
            d += 1


def copies(
    run: Sequence[CorpusPart],
    archive: Sequence[tuple[Compared, ...]],
    archive_index: ArchiveIndex | None,
    threshold: float,
) -> dict[tuple[int, int], tuple[_Place, float, int]]:
    """Every run passage with a copy in another file: its best match and the count of others.

    Run files are numbered across the parts in order; the result maps ``(file, k)``
    (passage ``k`` of that file) to (the place to point at, its similarity, how many
    files besides that one and this one also hold a copy). ``archive`` are the
    archive's passages per file, in the row order of ``archive_index``: compared
    against, never reported.
    """
    from replint.plugin import gc_paused

    with gc_paused():
        return _copies(run, archive, archive_index, threshold)


def _copies(
    run: Sequence[CorpusPart],
    archive: Sequence[tuple[Compared, ...]],
    archive_index: ArchiveIndex | None,
    threshold: float,
) -> dict[tuple[int, int], tuple[_Place, float, int]]:
    from replint.plugin import Vocabulary, self_join

    base = archive_index.ranks if archive_index is not None else None
    vocab = Vocabulary.from_tables([p.table for p in run], base)
    # Texts with the same shingle set (identical texts, and the rare ones alike but
    # for the order of their parts, whose similarity is 1.0 all the same) are
    # compared once: every place of a set, and its first record. Records are made
    # one at a time and only the distinct ones kept.
    run_records, which = vocab.distinct_records()
    run_sigs = vocab.signatures(run_records)
    once_below = vocab.once_below()
    del vocab
    texts: list[list[_Place]] = [[] for _ in run_records]
    for u, (d, k, p) in zip(which, _flatten(run), strict=True):
        texts[u].append(_Place(p.path, p.line, d, k))
    del which
    archive_places = [
        _Place(p.path, p.line, -1, k) for group in archive for k, p in enumerate(group)
    ]

    # A text found in one file only cannot pair with another text of that same file.
    groups = []
    for own in texts:
        first = own[0].doc
        groups.append(first if all(pl.doc == first for pl in own) else -1)
    partners: dict[int, list[tuple[float, int]]] = {}
    for pair in self_join(run_records, threshold, groups, run_sigs, once_below):
        partners.setdefault(pair.left, []).append((pair.similarity, pair.right))
        partners.setdefault(pair.right, []).append((pair.similarity, pair.left))
    archive_hits: dict[int, list[tuple[int, float]]] = {}
    if archive_index is not None:
        for u, (rec, sig) in enumerate(zip(run_records, run_sigs, strict=True)):
            hits = archive_index.index.query(rec, sig)
            if hits:
                archive_hits[u] = hits

    out: dict[tuple[int, int], tuple[_Place, float, int]] = {}
    for u, own in enumerate(texts):
        linked = partners.get(u, ())
        hits = archive_hits.get(u, ())
        if groups[u] >= 0 and not linked and not hits:
            continue
        # Places to point at, best first: similarity, run files before the archive, path.
        ranked: list[tuple[float, int, str, int, _Place]] = [
            (-1.0, 0, pl.path, pl.line, pl) for pl in own
        ]
        for sim, v in linked:
            ranked.extend((-sim, 0, pl.path, pl.line, pl) for pl in texts[v])
        for row, sim in hits:
            pl = archive_places[row]
            ranked.append((-sim, 1, pl.path, pl.line, pl))
        ranked.sort(key=lambda o: o[:4])
        files = len({o[2] for o in ranked})
        for pl in own:
            best = next((o for o in ranked if o[2] != pl.path), None)
            if best is not None:
                out[(pl.doc, pl.item)] = (best[4], -best[0], files - 2)
    return out


def _sentences(p: Compared) -> list[tuple[str, float]]:
    """The passage's sentences and clauses long enough to count: (normalised, weight)."""
    from replint.plugin import normalize, weight

    out = []
    start = 0
    for m in (*_SENTENCE_END.finditer(p.text), None):
        end = m.end() if m else len(p.text)
        norm = normalize(p.text[start:end])
        start = end
        if long_enough(norm, MIN_SENTENCE) and not _formula_only(norm, MIN_SENTENCE):
            out.append((norm, weight(norm)))
    return out


def sentence_copies(
    run: Sequence[tuple[Compared, ...]],
    archive: Sequence[tuple[Compared, ...]],
    contained: float,
) -> dict[tuple[int, int], tuple[_Place, float, int]]:
    """Run passages most of which is sentences of one passage of another file.

    Finds what a Jaccard join misses when a paragraph was copied and then added to:
    the copy is then a small part of the longer text. ``run`` are the run's passages
    per file, ``archive`` the archive's (compared against, never reported). The result
    maps ``(file, k)`` to (the passage it comes from, the share of it found there, how
    many other files also hold at least ``contained`` of it). Sentences are matched
    exactly after normalising, through a dictionary: linear in the text, no pairs.
    """
    places: list[_Place] = []
    # Sentence -> the passages holding it (indexes into places, ascending, each once).
    # A run passage keeps its sentences as these lists, so once they are made the
    # sentences' texts are dropped.
    holders: dict[str, list[int]] = {}
    own: dict[int, list[tuple[list[int], float]]] = {}
    for d, group in (*enumerate(run), *((-1, g) for g in archive)):
        for k, p in enumerate(group):
            index = len(places)
            places.append(_Place(p.path, p.line, d, k))
            lists = []
            for norm, w in _sentences(p):
                holding = holders.get(norm)
                if holding is None:
                    holding = holders[norm] = [index]
                elif holding[-1] != index:
                    holding.append(index)
                lists.append((holding, w))
            if d >= 0 and len(lists) >= 2:
                own[index] = lists
    for holding in holders.values():
        if (
            len(holding) > MAX_SENTENCE_FILES
            and len({places[y].path for y in holding}) > MAX_SENTENCE_FILES
        ):
            holding.clear()  # boilerplate: matches nothing
    del holders

    out: dict[tuple[int, int], tuple[_Place, float, int]] = {}
    for x, kept in own.items():
        path = places[x].path
        total = run[places[x].doc][places[x].item].weight
        shared: dict[int, float] = {}
        matched: dict[int, int] = {}
        for holding, w in kept:
            for y in holding:
                if places[y].path != path:
                    shared[y] = shared.get(y, 0.0) + w
                    matched[y] = matched.get(y, 0) + 1
        # Two sentences at least: one shared sentence is more often a stock phrase
        # (班子成员严格履行“一岗双责”…) than a copy.
        hits = [
            (w / total, y)
            for y, w in shared.items()
            if matched[y] >= 2 and w / total >= contained - 1e-9
        ]
        if not hits:
            continue
        # Best first: the largest share, run files before the archive, then path and line.
        hits.sort(key=lambda h: (-h[0], places[h[1]].doc < 0, places[h[1]].path, places[h[1]].line))
        share, y = hits[0]
        others = len({places[h[1]].path for h in hits}) - 1
        out[(places[x].doc, places[x].item)] = (places[y], min(share, 1.0), others)
    return out


class DuplicatedTitle(Rule):
    """The report's title is written again at the top.

    ## What it does
    Finds the title repeated near the top of the report: the same line two or three
    times, the title run together with itself on one line, or the title again after
    a collection label (`第一篇：…`, `…（精选3篇）`). The later copies are reported.

    ## Why is this bad?
    A title written twice is what a page copied from a document site leaves behind
    (the page title, then the article's own); it shows the text was pasted, not
    prepared.

    ## Example
        关于2023年度安全生产工作的总结
        关于2023年度安全生产工作的总结
        今年以来，……

    ## Use instead
        关于2023年度安全生产工作的总结
        今年以来，……

    Only the first `window` paragraphs are looked at; lines shorter than six characters,
    numbered lines (`1、` `（一）`) and lines of several clauses (two commas or
    semicolons) are never taken for a title.
    """

    code = "R104"
    name = "duplicated-title"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {"window": 25}
    option_ranges: ClassVar[OptionRanges] = {"window": (2, None)}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        window = doc.paragraphs[: int(options["window"])]
        titles: list[tuple[Paragraph, str]] = []
        for para in window:
            if para.kind in ("list", "table") or (para.kind == "heading" and (para.level or 1) > 1):
                # Parts of a weekly log repeat their headings week after week.
                continue
            if _TITLE_LIKE.match(para.text.strip()) is None:
                continue  # checked first: most paragraphs stop here, before normalising
            norm = _title_norm(para.text)
            if len(norm) < 6:
                continue
            if sum(para.text.count(mark) for mark in _CLAUSE_MARKS) >= 2:
                continue  # a sentence of clauses (a quoted note, a list item), not a title
            if _NUMBERED.match(para.text):
                continue  # an item or a numbered heading: a title has no number
            doubled = len(norm) % 2 == 0 and norm[: len(norm) // 2] == norm[len(norm) // 2 :]
            if doubled and len(norm) >= 12:
                yield self.finding(
                    doc,
                    para,
                    0,
                    len(para.text.rstrip()),
                    f"the title “{_quote(para.text.strip())}” is written twice on one line: "
                    "keep one",
                )
                norm = norm[: len(norm) // 2]
            first = next((t for t in titles if _same_title(t[1], norm)), None)
            if first is not None:
                yield self.finding(
                    doc,
                    para,
                    0,
                    len(para.text.rstrip()),
                    f"the title “{_quote(first[0].text.strip())}” is repeated (line "
                    f"{first[0].line}): keep one",
                )
                continue
            if len(titles) < 6:
                titles.append((para, norm))


# A title may hold one comma (`凝心聚力，砥砺前行`); a line of several clauses is prose.
_CLAUSE_MARKS = ("，", ",", "；", ";")
# An item's or a heading's number: `1、` `（一）` `二、` `3.` (a bullet `•` may stand
# before a title on a scraped page).
_NUMBERED = regexes.lazy_re(
    r"^\s*(?:[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．](?!\d))"
)
# A line that can be a title: short, not a sentence.
_TITLE_LIKE = regexes.lazy_re(r"^[^。！？!?]{6,90}(?<![：:，,；;])$")


# Collection labels and numbering that come and go around a repeated title.
_TITLE_NOISE = regexes.lazy_re(
    r"^第[一二三四五六七八九十0-9]{1,3}篇[:：]?|[（(【\[]\s*(?:精选|精選|合集|通用)?\s*"
    r"[0-9一二三四五六七八九十]{1,3}\s*篇\s*[）)】\]]|篇?[0-9一二三四五六七八九十]{1,2}$"
)


def _title_norm(text: str) -> str:
    text = _TITLE_NOISE.sub("", text.strip())
    return "".join(filter(str.isalnum, text)).lower()


def _same_title(a: str, b: str) -> bool:
    return a == b or (len(a) >= 8 and b.startswith(a) and len(b) - len(a) <= 2)


RULES = [
    DuplicateParagraph,
    NearDuplicateParagraph,
    RepeatedClause,
    DuplicatedTitle,
    CopiedFromOtherReport,
]
