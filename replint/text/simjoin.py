"""All pairs of similar paragraphs across many files, without comparing all pairs.

Similarity is :mod:`replint.text.similarity`'s: Jaccard of character 3-gram sets.
:func:`self_join` is an exact prefix-filtered join (AllPairs/PPJoin family): shingles
are ranked rare first, each record probes an inverted index with a short prefix of
its rarest shingles and is indexed with a shorter one, and a length filter and a
bit-signature filter (:func:`signature`) drop nearly every candidate before the exact
check. :class:`ReferenceIndex` answers the "new reports against an archive" question
with the same filters, without comparing the archive with itself.

Records are arrays of shingle ranks sorted ascending, built by :class:`Vocabulary`
from :class:`ShingleTable` s, whose shingles are packed into one integer each. Tables can be built where the files are read (worker
processes) and merged cheaply; building them is most of the work.

Only the cross-report rule (R201) needs this module, so a run on one report never
imports it.
"""

from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import reduce
from itertools import accumulate, chain, compress, count, filterfalse, pairwise
from operator import le, or_

from replint.text.similarity import EPS, SHINGLE, Pair, gc_paused, shingles


def _at_least(value: float) -> int:
    """The smallest integer >= value, forgiving float noise (ceil(0.8 * 5) is 4)."""
    return math.ceil(value - EPS)


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


#: A shingle as one integer: each of its (up to three) code points plus one, in 21
#: bits, first character highest. Exact (code points need 21 bits, 0 marks "no
#: character" in shorter shingles), ordered as the strings are, and 8 bytes in an
#: ``array("q")`` where a Python string of three ideographs takes about 80.
_BITS = 21
_CHAR = (1 << _BITS) - 1
_ONES = (1 << 2 * _BITS) + (1 << _BITS) + 1  # the "plus one" of all three characters


def pack_shingle(shingle: str) -> int:
    """The integer for a shingle of at most three characters (see :func:`unpack_shingle`)."""
    if len(shingle) > SHINGLE:
        raise ValueError(f"a shingle has at most {SHINGLE} characters, not {len(shingle)}")
    key = 0
    for ch in shingle:
        key = (key << _BITS) | (ord(ch) + 1)
    return key << _BITS * (SHINGLE - len(shingle))


def unpack_shingle(key: int) -> str:
    """The shingle :func:`pack_shingle` made ``key`` of."""
    codes = ((key >> _BITS * (SHINGLE - 1 - i)) & _CHAR for i in range(SHINGLE))
    return "".join(chr(c - 1) for c in codes if c)


def pack_shingles(strings: Sequence[str]) -> array[int]:
    """:func:`pack_shingle` of every string, in C for the usual three-character ones."""
    if set(map(len, strings)) <= {SHINGLE}:
        codes = array("I")
        codes.frombytes("".join(strings).encode("utf-32-le", "surrogatepass"))
        return array(
            "q",
            map(
                _ONES.__add__,
                map(
                    int.__add__,
                    map(
                        int.__add__,
                        map((1 << 2 * _BITS).__mul__, codes[0::3]),
                        map((1 << _BITS).__mul__, codes[1::3]),
                    ),
                    codes[2::3],
                ),
            ),
        )
    return array("q", map(pack_shingle, strings))


def distinct(records: Iterable[array[int]]) -> tuple[list[array[int]], array[int]]:
    """The distinct records (first occurrences, in order), and for each record the
    number of its distinct one.

    Records are told apart by a hash of their bytes, confirmed on the arrays
    themselves (a record whose hash another one has is looked up by its bytes), so
    the only dictionary entry per distinct record is one integer.
    """
    kept: list[array[int]] = []
    which = array("i")
    by_hash: dict[int, int] = {}
    by_bytes: dict[bytes, int] = {}
    for rec in records:
        raw = rec.tobytes()
        u = by_hash.setdefault(hash(raw), len(kept))
        if u < len(kept) and kept[u] != rec:
            u = by_bytes.setdefault(raw, len(kept))
        if u == len(kept):
            kept.append(rec)
        which.append(u)
    return kept, which


@dataclass(frozen=True)
class ShingleTable:
    """The shingle sets of a group of texts, with ids local to the group.

    Building one is most of the cost of a join, and needs nothing outside the group,
    so worker processes can build tables for their share of the files; merging them
    (:meth:`Vocabulary.from_tables`) costs one dictionary lookup per *distinct*
    shingle of a table. Everything is a flat array, so a table is small in memory
    and in a pickle: ``keys[id]`` is shingle ``id`` packed into one integer
    (:func:`pack_shingle`), ``rows[i]`` are the shingle ids of text ``i``,
    ``counts[id]`` how many of the group's texts contain shingle ``id``.
    """

    keys: array[int]
    rows: tuple[array[int], ...]
    counts: array[int]

    @classmethod
    def build(cls, norms: Iterable[str]) -> ShingleTable:
        """A table over the 3-gram sets of already normalised texts."""
        return cls.build_from_sets(map(shingles, norms))

    @classmethod
    def build_from_sets(cls, shingle_sets: Iterable[set[str] | frozenset[str]]) -> ShingleTable:
        """A table over given shingle sets (strings of at most three characters)."""
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
            keys = pack_shingles(tuple(ids))
        return cls(keys, tuple(rows), counts)

    @classmethod
    def concat(cls, tables: Sequence[ShingleTable]) -> ShingleTable:
        """One table holding the rows of ``tables`` in order, without shingling again.

        Each table's ids are mapped onto one id space (in C: a dict update and one
        ``map`` per row), so per-document tables made once per run (see
        :func:`replint.text.similarity.per_document`) merge into a block's table.
        """
        if len(tables) == 1:
            return tables[0]
        ids: dict[int, int] = {}
        rows: list[array[int]] = []
        totals = array("i")
        with gc_paused():
            for table in tables:
                before = len(ids)
                ids.update(zip(filterfalse(ids.__contains__, table.keys), count(before)))
                totals.frombytes(bytes(totals.itemsize * (len(ids) - before)))
                to_global = array("i", map(ids.__getitem__, table.keys))
                get = to_global.__getitem__
                rows.extend(array("i", map(get, row)) for row in table.rows)
                for g, c in zip(to_global, table.counts, strict=True):
                    totals[g] += c
        return cls(array("q", ids), tuple(rows), totals)

    def __len__(self) -> int:
        return len(self.rows)


class Vocabulary:
    """Ranks shingles by how many texts contain them, rarest first, over a whole join.

    Ranking by frequency is what makes prefix filtering work: a record's prefix is
    its rarest shingles, whose posting lists are short. (Any fixed order keeps the
    join exact; frequency only makes it fast.)
    """

    def __init__(self, shingle_sets: Iterable[set[str] | frozenset[str]]) -> None:
        self._merge([ShingleTable.build_from_sets(shingle_sets)])

    @classmethod
    def from_texts(cls, norms: Iterable[str]) -> Vocabulary:
        """A vocabulary over the 3-gram sets of already normalised texts."""
        return cls.from_tables([ShingleTable.build(norms)])

    @classmethod
    def from_tables(
        cls, tables: Sequence[ShingleTable], base: Mapping[int, int] | None = None
    ) -> Vocabulary:
        """A vocabulary over tables built separately; texts keep the tables' order.

        With ``base`` (an :class:`ArchiveIndex`'s ranks), shingles the base knows
        keep its ranks and the others are ranked after all of them, so records can be
        queried against that archive.
        """
        vocab = cls.__new__(cls)
        vocab._merge(tables, base)
        return vocab

    def _merge(self, tables: Sequence[ShingleTable], base: Mapping[int, int] | None = None) -> None:
        with gc_paused():
            self._merge_tables(tables, base or {})

    def _merge_tables(self, tables: Sequence[ShingleTable], base: Mapping[int, int]) -> None:
        # One dictionary over the distinct shingles: first their counts, then (in
        # place) their ranks. Counts are small ints, which Python does not allocate.
        ranks: dict[int, int] = {}
        get = ranks.get
        for table in tables:
            for k, c in zip(table.keys, table.counts, strict=True):
                ranks[k] = get(k, 0) + c
        # Rarest first; ties are broken by the shingle itself, so ranks do not depend
        # on how the texts were split into tables nor on the order sets iterate in.
        by_count: dict[int, list[int]] = {}
        for k, c in ranks.items():
            if k in base:
                ranks[k] = base[k]  # a value changed in place: the dict keeps its size
            else:
                by_count.setdefault(c, []).append(k)
        rank = len(base)
        self._once = 0
        for c in sorted(by_count):
            group = by_count.pop(c)
            group.sort()
            ranks.update(zip(group, count(rank), strict=False))
            rank += len(group)
            if c == 1 and not base:
                self._once = rank
        self._ranks = ranks
        self._next = rank  # the first rank no shingle has
        self._tables = list(tables)
        # Per table: local id -> global rank, so records need one lookup per shingle.
        self._local_rank = [array("i", map(ranks.__getitem__, t.keys)) for t in tables]

    def __len__(self) -> int:
        return len(self._ranks)

    def once_below(self) -> int:
        """The ranks below this are of shingles found in one text only (see
        :func:`self_join`); 0 with a base, whose ranks come first."""
        return self._once

    def ranks(self) -> Mapping[int, int]:
        """Packed shingle -> rank, for an :class:`ArchiveIndex`."""
        return self._ranks

    def records(self, wanted: Iterable[int] | None = None) -> list[array[int]]:
        """Every text of every table (or the rows ``wanted``, ascending, numbered
        across the tables in order) as an array of its ranks, sorted ascending."""
        with gc_paused():
            return list(self.iter_records(wanted))

    def distinct_records(self) -> tuple[list[array[int]], array[int]]:
        """:func:`distinct` of :meth:`records`, made one at a time (only the distinct
        ones are kept)."""
        with gc_paused():
            return distinct(self.iter_records())

    def iter_records(self, wanted: Iterable[int] | None = None) -> Iterator[array[int]]:
        """:meth:`records` one at a time, for a caller that keeps only some of them."""
        if wanted is None:
            for table, local in zip(self._tables, self._local_rank, strict=True):
                get = local.__getitem__
                for ids in table.rows:
                    yield array("i", sorted(map(get, ids)))
            return
        starts = list(accumulate((len(t.rows) for t in self._tables), initial=0))
        t = 0
        for row in wanted:
            while row >= starts[t + 1]:
                t += 1
            get = self._local_rank[t].__getitem__
            yield array("i", sorted(map(get, self._tables[t].rows[row - starts[t]])))

    def signatures(self, records: Sequence[Sequence[int]] | None = None) -> list[int]:
        """:func:`signature` of every record (pass ``records`` to save making them again)."""
        with gc_paused():
            return [signature(r) for r in (records if records is not None else self.records())]

    def encode(self, s: AbstractSet[str]) -> array[int]:
        """A set not seen at construction; unknown shingles get ranks past the known ones.

        Unknown shingles cannot match anything indexed, so giving each its own rank
        keeps set sizes (and so Jaccard) exact.
        """
        ranks = self._ranks
        known = sorted(ranks[k] for k in pack_shingles(tuple(s)) if k in ranks)
        unknown = len(s) - len(known)
        return array("i", [*known, *range(self._next, self._next + unknown)])


def _verify(sx: set[int], ty: Sequence[int], lx: int, threshold: float) -> float:
    inter = len(sx.intersection(ty))
    sim = inter / (lx + len(ty) - inter)
    return sim if sim >= threshold - EPS else 0.0


def self_join(
    records: Sequence[Sequence[int]],
    threshold: float,
    groups: Sequence[int] | None = None,
    signatures: Sequence[int] | None = None,
    once_below: int = 0,
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

    Ranks below ``once_below`` are of tokens found in one record only
    (:meth:`Vocabulary.once_below`): no pair shares one, so they are neither
    indexed nor probed (prefix lengths are unchanged). Most of a corpus's rarest
    shingles are of this kind, so this keeps the index a fraction of the records.
    """
    with gc_paused():
        return _self_join(records, threshold, groups, signatures, once_below)


def _self_join(
    records: Sequence[Sequence[int]],
    threshold: float,
    groups: Sequence[int] | None = None,
    signatures: Sequence[int] | None = None,
    once_below: int = 0,
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
    slack = [ham * s + EPS for s in sizes]
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
        shared_from = bisect.bisect_left(tx, once_below) if once_below else 0
        # map/filter fetch the posting lists in C; most probes hit short lists.
        for postings in filter(None, map(index.get, tx[shared_from : lx - min_len + ell])):
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
        for w in tx[shared_from : lx - _at_least(mid_factor * lx) + ell]:
            known = index.get(w)
            if known is None:
                index[w] = [x]
            else:
                known.append(x)
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

    def to_plain(self) -> dict[str, object]:
        """The index as plain data for the cache (integer arrays packed as base64)."""
        from replint.infra.cache import pack_ints

        flat = array("i")
        for r in self.records:
            flat.extend(r)
        return {
            "threshold": self.threshold,
            "sizes": pack_ints(self._sizes),
            "flat": pack_ints(flat),
            "signatures": [format(g, "x") for g in self._sigs],  # 512-bit: as hex
            "keys": pack_ints(self._keys),
            "offsets": pack_ints(self._offsets),
            "ids": pack_ints(self._ids),
        }

    @classmethod
    def from_plain(cls, data: object) -> ReferenceIndex:
        """The index :meth:`to_plain` gave, with every invariant :meth:`query` relies
        on checked (records of strictly ascending ranks, postings within bounds):
        ValueError or TypeError for anything else."""
        from operator import ge

        from replint.infra.cache import unpack_ints

        fields = ["flat", "ids", "keys", "offsets", "signatures", "sizes", "threshold"]
        if not isinstance(data, dict) or sorted(data) != fields:
            raise ValueError("not a ReferenceIndex")
        threshold, sigs = data["threshold"], data["signatures"]
        if not isinstance(threshold, float) or not 0 < threshold <= 1:
            raise ValueError("not a threshold")
        sizes, flat = unpack_ints(data["sizes"], "i"), unpack_ints(data["flat"], "i")
        keys, offsets = unpack_ints(data["keys"], "q"), unpack_ints(data["offsets"], "q")
        ids = unpack_ints(data["ids"], "i")
        if (sizes and min(sizes) < 0) or sum(sizes) != len(flat) or (flat and min(flat) < 0):
            raise ValueError("record sizes do not add up")
        starts = list(accumulate(sizes, initial=0))
        # Strictly ascending within each record: every descent is at a record boundary.
        descents = sum(map(ge, flat[:-1], flat[1:]))
        at_bounds = sum(flat[b - 1] >= flat[b] for b in starts[1:-1] if 0 < b < len(flat))
        if descents != at_bounds:
            raise ValueError("a record's ranks do not ascend")
        if any(map(ge, keys[:-1], keys[1:])):
            raise ValueError("posting keys do not ascend")
        if len(offsets) != len(keys) + 1 or offsets[0] != 0 or offsets[-1] != len(ids):
            raise ValueError("posting offsets out of bounds")
        if any(map(int.__gt__, offsets[:-1], offsets[1:])):
            raise ValueError("posting offsets do not ascend")
        if ids and (min(ids) < 0 or max(ids) >= len(sizes)):
            raise ValueError("a posting names no record")
        if not isinstance(sigs, list) or len(sigs) != len(sizes):
            raise ValueError("one signature per record")
        if not all(
            type(g) is str and 0 < len(g) <= SIGNATURE_BITS // 4 and not g.strip("0123456789abcdef")
            for g in sigs
        ):
            raise ValueError("not a signature")
        index = cls.__new__(cls)
        index.threshold = threshold
        index.records = [flat[a:b] for a, b in pairwise(starts)]
        index._sizes = sizes
        index._sigs = [int(g, 16) for g in sigs]
        index._keys, index._offsets, index._ids = keys, offsets, ids
        return index

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
        lo, hi = _at_least(t * lx), math.floor(lx / t + EPS)
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
            if (sx_sig ^ sigs[y]).bit_count() > ham * (lx + ly) + EPS:
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

    ranks: Mapping[int, int]  # packed shingle (pack_shingle) -> rank
    index: ReferenceIndex

    @classmethod
    def build(cls, tables: Sequence[ShingleTable], threshold: float) -> ArchiveIndex:
        """An index over the texts of ``tables``, rows in the tables' order."""
        vocab = Vocabulary.from_tables(tables)
        records = vocab.records()
        with gc_paused():
            ranks = vocab.ranks()
            index = ReferenceIndex(records, threshold, vocab.signatures(records))
        return cls(ranks, index)

    def to_plain(self) -> dict[str, object]:
        ranks = {unpack_shingle(k): r for k, r in self.ranks.items()}
        return {"ranks": ranks, "index": self.index.to_plain()}

    @classmethod
    def from_plain(cls, data: object) -> ArchiveIndex:
        """The index :meth:`to_plain` gave, checked (ranks are 0..n-1, records use
        only those): ValueError or TypeError for anything else."""
        if not isinstance(data, dict) or sorted(data) != ["index", "ranks"]:
            raise ValueError("not an ArchiveIndex")
        ranks = data["ranks"]
        if not isinstance(ranks, dict) or not all(type(r) is int for r in ranks.values()):
            raise TypeError("ranks map shingles to ints")
        if sorted(ranks.values()) != list(range(len(ranks))):
            raise ValueError("ranks are 0..n-1")
        if not all(type(k) is str for k in ranks):
            raise TypeError("ranks are keyed by shingles")
        packed = dict(zip(pack_shingles(tuple(ranks)), ranks.values(), strict=True))
        index = ReferenceIndex.from_plain(data["index"])
        if any(r and r[-1] >= len(ranks) for r in index.records):
            raise ValueError("a record uses an unknown rank")
        return cls(packed, index)


#: Below this many texts, comparing every pair directly is quicker than indexing.
_DIRECT_UP_TO = 64


def pairs_within(sets: Sequence[set[str] | frozenset[str]], threshold: float) -> list[Pair]:
    """Every pair of ``sets`` with Jaccard >= ``threshold``, ``left < right`` (one file).

    The same pairs and similarities as :func:`~replint.text.similarity.brute_force_pairs`,
    which it uses for a few texts; for more, the prefix-filtered :func:`self_join`
    keeps the work near linear where all pairs would grow with the square (a long
    report, or several reports pasted into one file).
    """
    from replint.text.similarity import brute_force_pairs

    if len(sets) <= _DIRECT_UP_TO:
        return brute_force_pairs(sets, threshold)
    records = Vocabulary(sets).records()
    return self_join(records, threshold)


def table_pairs_within(
    table: ShingleTable,
    rows: Sequence[int],
    threshold: float,
    low: Sequence[bool] = (),
    low_threshold: float = 1.0,
) -> list[Pair]:
    """:func:`pairs_within` over rows ``rows`` of an already built table.

    Pairs index into ``rows``. The shingles were made once (the table is shared by
    the rules of one document), so nothing is shingled again: a few rows are
    compared directly as id sets, more go through :func:`self_join`, whose
    prefix filter bounds the candidates each row meets. Pairs of two rows marked
    in ``low`` (``low[k]`` for ``rows[k]``) are kept from ``low_threshold`` up, as
    :func:`~replint.text.similarity.brute_force_pairs` keeps them.
    """
    from replint.text.similarity import brute_force_pairs

    if len(rows) <= _DIRECT_UP_TO:
        sets = [frozenset(table.rows[r]) for r in rows]
        return brute_force_pairs(sets, threshold, low, low_threshold)
    vocabulary = Vocabulary.from_tables([table])
    pairs = self_join(vocabulary.records(rows), threshold)
    if low and low_threshold < threshold:
        marked = [k for k, is_low in enumerate(low) if is_low]
        found = {(p.left, p.right) for p in pairs}
        for p in self_join(vocabulary.records([rows[k] for k in marked]), low_threshold):
            left, right = marked[p.left], marked[p.right]
            if (left, right) not in found:
                pairs.append(Pair(left, right, p.similarity))
        pairs.sort(key=lambda p: (p.left, p.right))
    return pairs
