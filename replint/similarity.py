"""Text similarity for the repetition rules: normalising, shingles, Jaccard, joins.

Similarity is the Jaccard index of character 3-gram sets after normalising: NFKC
(so full-width ``２０２１`` equals ``2021``), lower case, and only letters and digits
kept (whitespace and punctuation dropped). Measured on report paragraphs this beats
MinHash and simhash for recall at the same speed (figures in the issue).

Finding all pairs at or above a threshold across many files must never compare all
pairs. :func:`self_join` is an exact prefix-filtered join (AllPairs/PPJoin family):
shingles are ranked rare first, each record probes an inverted index with a short
prefix of its rarest shingles and is indexed with a shorter one, and a length filter
and a bit-signature filter (:func:`signature`) drop nearly every candidate before the
exact check. :class:`ReferenceIndex` answers the "new reports against an archive"
question with the same filters, without comparing the archive with itself.

Records are tuples of shingle ranks sorted ascending, built by :class:`Vocabulary`
from :class:`ShingleTable` s. Tables can be built where the files are read (worker
processes) and merged cheaply; building them is most of the work.

:func:`repeats` finds long repeated runs of text within one document (R103).
"""

from __future__ import annotations

import bisect
import gc
import math
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from itertools import chain, compress, count, filterfalse
from operator import le, or_
from typing import NamedTuple

from replint import regexes

SHINGLE = 3
_DROP = regexes.compile(r"[\W_]+")
# East Asian letters (ideographs with their extensions and compatibility forms, kana,
# hangul: everything from U+3000 up that survives normalising): one character carries
# roughly a word, so each counts 1 toward lengths; other letters and digits count 1/3
# (about three letters make a unit of meaning). Written as the complement of the
# code points below U+3000 because listing the East Asian blocks one by one made this
# pattern cost 3 ms to compile, at every start-up.
_CJK = regexes.compile(r"[^\x00-\u2fff]")
# Thresholds are compared with a little slack so that 4/5 counts as 0.8.
_EPS = 1e-9


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are made.

    Shingle sets, id rows and rank tuples hold no reference cycles, but each
    allocation burst makes the collector walk every live container again, which
    grows with the corpus and made joins superlinear. Reference counting still
    frees everything; the collector's previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def normalize(text: str) -> str:
    """Letters and digits only, NFKC and lower case: what similarity is measured on.

    Punctuation and spaces go first, so NFKC mostly sees ideographs, which it passes
    through at once; symbols that NFKC would spell with letters (``㎡``, ``℃``) are
    dropped like punctuation.
    """
    kept = _DROP.sub("", text)
    if not kept.isascii():
        folded = unicodedata.normalize("NFKC", kept)
        if folded != kept:
            kept = _DROP.sub("", folded)  # ㈠ becomes "(一)": drop the brackets again
    lowered = kept.lower()
    if len(lowered) != len(kept):  # "İ" lower-cases to "i" plus a combining dot
        lowered = _DROP.sub("", lowered)
    return lowered


_KEPT_RUN = regexes.compile(r"[^\W_]+")


def normalize_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """:func:`normalize`, plus for each kept character the index it came from in ``text``.

    When NFKC and lower-casing keep the length (nearly always: full-width forms map
    one to one), positions carry over and the work is done in C run by run; other
    texts go character by character. The result equals :func:`normalize` except
    for combining sequences, which reports do not contain.
    """
    folded = text if text.isascii() else unicodedata.normalize("NFKC", text)
    if len(folded) == len(text):
        folded = folded.lower()
        if len(folded) == len(text):
            parts: list[str] = []
            offsets: list[int] = []
            for m in _KEPT_RUN.finditer(text):
                start, end = m.span()
                parts.append(folded[start:end])
                offsets.extend(range(start, end))
            return "".join(parts), tuple(offsets)
    out: list[str] = []
    slow: list[int] = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            for c in unicodedata.normalize("NFKC", ch).lower():
                if c.isalnum():
                    out.append(c)
                    slow.append(i)
    return "".join(out), tuple(slow)


def weight(norm: str) -> float:
    """Length in units of meaning: a Chinese character is 1, other letters or digits 1/3."""
    cjk = len(_CJK.findall(norm))
    return cjk + (len(norm) - cjk) / 3


def shingles(norm: str) -> set[str]:
    """The set of character 3-grams of an already normalised text."""
    if len(norm) <= SHINGLE:
        return {norm} if norm else set()
    # zip + join runs in C and is about a third faster than slicing in a comprehension.
    return set(map("".join, zip(norm, norm[1:], norm[2:], strict=False)))


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def text_similarity(a: str, b: str) -> float:
    """Jaccard of character 3-grams of two raw texts."""
    return jaccard(shingles(normalize(a)), shingles(normalize(b)))


def _at_least(value: float) -> int:
    """The smallest integer >= value, forgiving float noise (ceil(0.8 * 5) is 4)."""
    return math.ceil(value - _EPS)


# -- records ------------------------------------------------------------------------


# Width of the per-text bit signature used as a cheap exact filter (see signature()).
SIGNATURE_BITS = 512
_MASK = SIGNATURE_BITS - 1
_POW = tuple(1 << i for i in range(SIGNATURE_BITS))


def signature(tokens: Iterable[int]) -> int:
    """A bit set with bit ``token mod 512`` set for every token.

    Every bit set in one signature and not in the other stands for at least one
    token of that text missing from the other, so ``popcount(a ^ b)`` is a lower
    bound on the size of the symmetric difference. Jaccard >= t means a symmetric
    difference of at most (1-t)/(1+t) * (|x| + |y|), so candidates whose XOR has
    more bits set are dropped without a false negative, at the price of one big-int
    XOR instead of a set intersection.
    """
    return reduce(or_, map(_POW.__getitem__, map(_MASK.__and__, tokens)), 0)


@dataclass(frozen=True)
class ShingleTable:
    """The shingle sets of a group of texts, with ids local to the group.

    Building one is most of the cost of a join (a Python string per shingle), and
    needs nothing outside the group, so worker processes can build tables for
    their share of the files; merging them (:meth:`Vocabulary.from_tables`) costs
    one dictionary lookup per *distinct* shingle of a table. Arrays keep the pickle
    small. ``rows[i]`` are the shingle ids of text ``i``, ``counts[id]`` how many of
    the group's texts contain shingle ``id``.
    """

    strings: tuple[str, ...]
    rows: tuple[array[int], ...]
    counts: array[int]

    @classmethod
    def build(cls, norms: Iterable[str]) -> ShingleTable:
        """A table over the 3-gram sets of already normalised texts."""
        return cls.build_from_sets(map(shingles, norms))

    @classmethod
    def build_from_sets(cls, shingle_sets: Iterable[set[str]]) -> ShingleTable:
        """A table over given shingle sets."""
        ids: dict[str, int] = {}
        rows: list[array[int]] = []
        with gc_paused():
            for s in shingle_sets:
                missing = s.difference(ids)
                if missing:
                    # Assign ids in C (zip/range), not in a Python loop per shingle.
                    start = len(ids)
                    ids.update(zip(missing, range(start, start + len(missing)), strict=True))
                rows.append(array("i", map(ids.__getitem__, s)))
            counted = Counter(chain.from_iterable(rows))
            counts = array("i", map(counted.__getitem__, range(len(ids))))
        return cls(tuple(ids), tuple(rows), counts)

    def __len__(self) -> int:
        return len(self.rows)


class Vocabulary:
    """Ranks shingles by how many texts contain them, rarest first, over a whole join.

    Ranking by frequency is what makes prefix filtering work: a record's prefix is
    its rarest shingles, whose posting lists are short. (Any fixed order keeps the
    join exact; frequency only makes it fast.)
    """

    def __init__(self, shingle_sets: Iterable[set[str]]) -> None:
        self._merge([ShingleTable.build_from_sets(shingle_sets)])

    @classmethod
    def from_texts(cls, norms: Iterable[str]) -> Vocabulary:
        """A vocabulary over the 3-gram sets of already normalised texts."""
        return cls.from_tables([ShingleTable.build(norms)])

    @classmethod
    def from_tables(
        cls, tables: Sequence[ShingleTable], base: Mapping[str, int] | None = None
    ) -> Vocabulary:
        """A vocabulary over tables built separately; texts keep the tables' order.

        With ``base`` (an :class:`ArchiveIndex`'s ranks), shingles the base knows
        keep its ranks and the others are ranked after all of them, so records can be
        queried against that archive.
        """
        vocab = cls.__new__(cls)
        vocab._merge(tables, base)
        return vocab

    def _merge(self, tables: Sequence[ShingleTable], base: Mapping[str, int] | None = None) -> None:
        with gc_paused():
            self._merge_tables(tables, base or {})

    def _merge_tables(self, tables: Sequence[ShingleTable], base: Mapping[str, int]) -> None:
        ids: dict[str, int] = {}
        local_ids: list[list[int]] = []
        counts: list[int] = []
        for table in tables:
            before = len(ids)
            ids.update(
                zip(
                    filterfalse(ids.__contains__, table.strings),
                    count(before),
                )
            )
            counts.extend([0] * (len(ids) - before))
            to_global = list(map(ids.__getitem__, table.strings))
            for g, c in zip(to_global, table.counts, strict=True):
                counts[g] += c
            local_ids.append(to_global)
        # Ties are broken by the shingle itself, so ranks do not depend on how the
        # texts were split into tables nor on the order sets happen to iterate in.
        strings = list(ids)
        rank = [0] * len(ids)
        new = [i for i, t in enumerate(strings) if t not in base]
        for i, t in enumerate(strings):
            if t in base:
                rank[i] = base[t]
        new.sort(key=lambda i: (counts[i], strings[i]))
        for r, i in enumerate(new, len(base)):
            rank[i] = r
        self._ids = ids
        self._rank = rank
        self._tables = list(tables)
        # Per table: local id -> global rank, so records need one lookup per shingle.
        self._local_rank = [list(map(rank.__getitem__, g)) for g in local_ids]

    def __len__(self) -> int:
        return len(self._ids)

    def records(self) -> list[tuple[int, ...]]:
        """Every text of every table as a sorted rank tuple, in order."""
        out: list[tuple[int, ...]] = []
        with gc_paused():
            for table, local in zip(self._tables, self._local_rank, strict=True):
                get = local.__getitem__
                out.extend(tuple(sorted(map(get, row))) for row in table.rows)
        return out

    def signatures(self, records: Sequence[tuple[int, ...]] | None = None) -> list[int]:
        """:func:`signature` of every record (pass ``records`` to save making them again)."""
        with gc_paused():
            return [signature(r) for r in (records if records is not None else self.records())]

    def encode(self, s: set[str]) -> tuple[int, ...]:
        """A set not seen at construction; unknown shingles get ranks past the known ones.

        Unknown shingles cannot match anything indexed, so giving each its own rank
        keeps set sizes (and so Jaccard) exact.
        """
        rank, ids = self._rank, self._ids
        known = [rank[ids[t]] for t in s if t in ids]
        unknown = len(s) - len(known)
        return tuple(sorted(known)) + tuple(range(len(rank), len(rank) + unknown))


class Pair(NamedTuple):
    """Two records (indexes into the join's input) and their Jaccard similarity."""

    left: int
    right: int
    similarity: float


def _verify(sx: set[int], ty: Sequence[int], lx: int, threshold: float) -> float:
    inter = len(sx.intersection(ty))
    sim = inter / (lx + len(ty) - inter)
    return sim if sim >= threshold - _EPS else 0.0


def self_join(
    records: Sequence[tuple[int, ...]],
    threshold: float,
    groups: Sequence[int] | None = None,
    signatures: Sequence[int] | None = None,
) -> list[Pair]:
    """Every pair of records with Jaccard >= ``threshold``: exact, prefix-filtered.

    ``records`` are sorted rank tuples (see :class:`Vocabulary`). Records are probed
    in order of size. A pair at the threshold overlaps in at least
    ``a = ceil(t/(1+t) * (|x|+|y|))`` tokens, so its first two common tokens lie in
    the first ``|x| - a + 2`` tokens of each record (two, not one, because pairs
    that share a single rare token are by far the commonest false candidates). Each
    record probes with ``|x| - ceil(t|x|) + 2`` tokens, keeps the records met at
    least twice, and is then indexed with the ``|x| - ceil(2t/(1+t)|x|) + 2``
    tokens that any later, longer partner must share. Candidates also pass a length
    filter (postings are in size order and trimmed from the front), a group filter,
    and the signature filter before the exact check.

    Pairs whose records have the same non-negative ``groups`` value (the same file)
    are skipped; -1 is in no group. ``signatures`` must all come from one function
    (default: :func:`signature` of each record). ``left < right`` in every pair.
    """
    with gc_paused():
        return _self_join(records, threshold, groups, signatures)


def _self_join(
    records: Sequence[tuple[int, ...]],
    threshold: float,
    groups: Sequence[int] | None = None,
    signatures: Sequence[int] | None = None,
) -> list[Pair]:
    t = threshold
    if not 0 < t <= 1:
        raise ValueError("threshold must be in (0, 1]")
    n = len(records)
    sizes = [len(r) for r in records]
    sigs = signatures if signatures is not None else [signature(r) for r in records]
    order = sorted(range(n), key=lambda i: (sizes[i], i))
    members: dict[int, set[int]] = {}
    if groups is not None:
        for i, g in enumerate(groups):
            if g >= 0:
                members.setdefault(g, set()).add(i)
    index: dict[int, list[int]] = {}
    ham = (1 - t) / (1 + t)
    slack = [ham * s + _EPS for s in sizes]
    mid_factor = 2 * t / (1 + t)
    # Two shared prefix tokens are guaranteed only when every pair must overlap in
    # two tokens; with one-token records fall back to one.
    ell = 2 if n and _at_least(t * min(sizes)) >= 2 else 1
    pairs: list[Pair] = []
    for x in order:
        tx = records[x]
        lx = sizes[x]
        if lx == 0:
            continue
        min_len = _at_least(t * lx)
        seen: set[int] = set()
        cands: set[int] = set()
        # map/filter fetch the posting lists in C; most probes hit short lists.
        for postings in filter(None, map(index.get, tx[: lx - min_len + ell])):
            if sizes[postings[0]] < min_len:
                # Postings are in size order, and records too short for this probe
                # are too short for every later (longer) one: drop them for good.
                cut = 1
                while cut < len(postings) and sizes[postings[cut]] < min_len:
                    cut += 1
                del postings[:cut]
                if not postings:
                    continue
            if ell == 2:
                cands.update(seen.intersection(postings))
            seen.update(postings)
        if ell == 1:
            cands = seen
        if cands:
            if groups is not None and groups[x] >= 0:
                cands -= members[groups[x]]
            # The signature filter, in C: popcount(sig_x ^ sig_y) <= ham*|x| + ham*|y|.
            ys = list(cands)
            passed = list(
                compress(
                    ys,
                    map(
                        le,
                        map(int.bit_count, map(sigs[x].__xor__, map(sigs.__getitem__, ys))),
                        map((ham * lx).__add__, map(slack.__getitem__, ys)),
                    ),
                )
            )
            if passed:
                sx = set(tx)
                for y in passed:
                    sim = _verify(sx, records[y], lx, t)
                    if sim:
                        pairs.append(Pair(min(x, y), max(x, y), sim))
        # Index the prefix every later (longer or equal) partner must share.
        for w in tx[: lx - _at_least(mid_factor * lx) + ell]:
            postings = index.get(w)
            if postings is None:
                index[w] = [x]
            else:
                postings.append(x)
    pairs.sort(key=lambda p: (p.left, p.right))
    return pairs


class ReferenceIndex:
    """An index over archive records, queried by new records (never by each other).

    Each archive record is indexed with its full probe prefix, so queries need no
    ordering by length; the length and signature filters apply as in
    :func:`self_join`. Give ``signatures`` (and each query's ``sig``) from
    :func:`signature` of the same ranks, or leave them out.

    Everything is kept in flat arrays (postings as one sorted key array, offsets and
    ids), so a pickled index loads in a blink: archives are cached between runs.
    """

    def __init__(
        self,
        records: Sequence[Sequence[int]],
        threshold: float,
        signatures: Sequence[int] | None = None,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        with gc_paused():
            self.records = [array("i", r) for r in records]
            self._sizes = array("i", map(len, records))
            self._sigs = (
                list(signatures) if signatures is not None else [signature(r) for r in records]
            )
            postings: dict[int, list[int]] = {}
            for y, ty in enumerate(records):
                ly = len(ty)
                for w in ty[: ly - _at_least(threshold * ly) + 1] if ly else ():
                    postings.setdefault(w, []).append(y)
            keys = sorted(postings)
            self._keys = array("q", keys)
            self._offsets = array("q", [0])
            self._ids = array("i")
            for w in keys:
                self._ids.extend(postings[w])
                self._offsets.append(len(self._ids))

    def __len__(self) -> int:
        return len(self.records)

    def _postings(self, w: int) -> array[int] | None:
        i = bisect.bisect_left(self._keys, w)
        if i < len(self._keys) and self._keys[i] == w:
            return self._ids[self._offsets[i] : self._offsets[i + 1]]
        return None

    def query(self, tx: Sequence[int], sig: int | None = None) -> list[tuple[int, float]]:
        """Archive records with Jaccard >= threshold to ``tx``: (record, similarity)."""
        t = self.threshold
        lx = len(tx)
        if lx == 0 or not self.records:
            return []
        lo, hi = _at_least(t * lx), math.floor(lx / t + _EPS)
        cands: set[int] = set()
        for postings in filter(None, map(self._postings, tx[: lx - lo + 1])):
            cands.update(postings)
        if not cands:
            return []
        sx_sig = signature(tx) if sig is None else sig
        ham = (1 - t) / (1 + t)
        sizes, sigs = self._sizes, self._sigs
        out = []
        sx = set(tx)
        for y in cands:
            ly = sizes[y]
            if ly < lo or ly > hi:
                continue
            if (sx_sig ^ sigs[y]).bit_count() > ham * (lx + ly) + _EPS:
                continue
            sim = _verify(sx, self.records[y], lx, t)
            if sim:
                out.append((y, sim))
        out.sort()
        return out


@dataclass(frozen=True)
class ArchiveIndex:
    """A reference archive made ready for queries, independent of what is linted.

    Its shingle ranks come from the archive alone, so the whole object (ranks,
    records, signatures, postings) can be cached as long as the archive does not
    change; texts to compare are ranked against it with
    ``Vocabulary.from_tables(tables, base=archive.ranks)``.
    """

    ranks: Mapping[str, int]
    index: ReferenceIndex

    @classmethod
    def build(cls, tables: Sequence[ShingleTable], threshold: float) -> ArchiveIndex:
        """An index over the texts of ``tables``, rows in the tables' order."""
        vocab = Vocabulary.from_tables(tables)
        records = vocab.records()
        with gc_paused():
            ranks = dict(zip(vocab._ids, vocab._rank, strict=True))
            index = ReferenceIndex(records, threshold, vocab.signatures(records))
        return cls(ranks, index)


def brute_force_pairs(sets: Sequence[set[str] | frozenset[str]], threshold: float) -> list[Pair]:
    """All pairs by direct comparison: for the few paragraphs of one report only."""
    pairs = []
    sizes = [len(s) for s in sets]
    for i in range(len(sets)):
        si, li = sets[i], sizes[i]
        if not li:
            continue
        for j in range(i + 1, len(sets)):
            lj = sizes[j]
            # Length filter: |small| / |large| bounds the Jaccard from above.
            if not lj or min(li, lj) < threshold * max(li, lj) - _EPS:
                continue
            sim = jaccard(si, sets[j])
            if sim >= threshold - _EPS:
                pairs.append(Pair(i, j, sim))
    return pairs


# -- repeated runs of text --------------------------------------------------------------


class Repeat(NamedTuple):
    """``texts[text][start:end]`` repeats ``texts[earlier_text]`` from ``earlier_start``."""

    text: int
    start: int
    end: int
    earlier_text: int
    earlier_start: int


_SEED = 8  # repeats are found from shared 8-character windows, then extended
_MAX_SEEN = 64  # earlier places kept per window: bounds the work on degenerate text


def repeats(texts: Sequence[str], min_chars: int) -> list[Repeat]:
    """Maximal runs of at least ``min_chars`` characters that occurred earlier.

    ``texts`` are normalised paragraphs in document order; a run never crosses from
    one text into the next and never overlaps its own earlier copy. Each later copy
    is reported once, at its longest earlier match (the first one on ties).
    """
    seed = min(_SEED, max(1, min_chars))
    joined = "\x00".join(texts)  # NUL is never kept by normalize(), so runs stop there
    n = len(joined)
    if n < seed:
        return []
    # Every window of ``seed`` characters, built in C; only windows that occur twice
    # can start a repeat, so the Python-level scan below visits just those places.
    windows = list(map("".join, zip(*(joined[i:] for i in range(seed)), strict=False)))
    counts = Counter(windows)
    if counts.most_common(1)[0][1] < 2:
        return []
    hot = [p for p, w in enumerate(windows) if counts[w] > 1 and "\x00" not in w]
    if not hot:
        return []
    starts = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    seen: dict[str, list[int]] = {}
    found: list[Repeat] = []
    skip_to = 0
    for p in hot:
        window = windows[p]
        bucket = seen.get(window)
        if bucket is None:
            seen[window] = [p]
            continue
        if p >= skip_to:
            best_len, best_q = 0, -1
            for q in bucket:
                limit = min(p - q, n - p)
                length = seed
                while length < limit and joined[q + length] == joined[p + length] != "\x00":
                    length += 1
                if length > best_len:
                    best_len, best_q = length, q
            if best_len >= min_chars:
                ti = bisect.bisect_right(starts, p) - 1
                qi = bisect.bisect_right(starts, best_q) - 1
                found.append(
                    Repeat(ti, p - starts[ti], p - starts[ti] + best_len, qi, best_q - starts[qi])
                )
                skip_to = p + best_len
        if len(bucket) < _MAX_SEEN:
            bucket.append(p)
    return found
