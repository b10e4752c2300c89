"""How alike two texts are: normalising, shingles, Jaccard, repeated runs.

Similarity is the Jaccard index of character 3-gram sets after normalising: NFKC
(so full-width ``２０２１`` equals ``2021``), lower case, and only letters and digits
kept (whitespace and punctuation dropped). Measured on report paragraphs this beats
MinHash and simhash for recall at the same speed (figures in the issue).

This is what the rules about one report need (:func:`brute_force_pairs` compares the
few paragraphs of a report directly; :func:`repeats` finds long repeated runs of
text, R103; :func:`align` lines two short texts up character by character, R102's
check of short near-copies). Finding similar pairs across thousands of files is
:mod:`replint.text.simjoin`.
"""

from __future__ import annotations

import bisect
import gc
import unicodedata
from array import array
from collections.abc import Callable, Hashable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from itertools import compress, islice, repeat
from typing import Any, NamedTuple, TypeVar

from replint.infra import regexes

SHINGLE = 3
_DROP = regexes.lazy_re(r"[\W_]+")
# East Asian letters (ideographs with their extensions and compatibility forms, kana,
# hangul: everything from U+3000 up that survives normalising): one character carries
# roughly a word, so each counts 1 toward lengths; other letters and digits count 1/3
# (about three letters make a unit of meaning). Written as the complement of the
# code points below U+3000 because listing the East Asian blocks one by one made this
# pattern cost 3 ms to compile, at every start-up.
_CJK = regexes.lazy_re(r"[^\x00-\u2fff]")
#: Thresholds are compared with a little slack so that 4/5 counts as 0.8.
EPS = 1e-9

T = TypeVar("T")


class _Memo(dict[Hashable, Any]):
    """Values computed from one document, kept with it; never pickled with it (a
    document sent between processes carries its text, not what was derived from it)."""

    def __reduce__(self) -> tuple[type[_Memo], tuple[()]]:
        return (_Memo, ())


_MEMO = "_replint_shared"


def per_document(doc: object, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, computed once per document and ``key`` and shared by every rule.

    The repetition rules (R101, R102, R103, R201) all compare a document's
    paragraphs by their shingles: the first rule that asks builds them, the others
    reuse them. The value lives with the document (as ``functools.cached_property``
    keeps ``Document.analysis``), so it goes when the document goes; there is no
    module-level cache. ``key`` must name everything the value depends on besides
    the document (an option such as ``min_length``).
    """
    memo = doc.__dict__.get(_MEMO)
    if memo is None:
        memo = _Memo()
        doc.__dict__[_MEMO] = memo  # like cached_property: frozen dataclasses allow it
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    value = build()
    memo[key] = value
    return value


def made_for(doc: object, key: Hashable) -> Any:
    """What :func:`per_document` holds for ``doc`` and ``key``, or None when nothing
    was made yet (for a rule that can use a shared value but need not make it)."""
    memo = doc.__dict__.get(_MEMO)
    return None if memo is None else memo.get(key)


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


_KEPT_RUN = regexes.lazy_re(r"[^\W_]+")


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


def jaccard(a: AbstractSet[Hashable], b: AbstractSet[Hashable]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def text_similarity(a: str, b: str) -> float:
    """Jaccard of character 3-grams of two raw texts."""
    return jaccard(shingles(normalize(a)), shingles(normalize(b)))


class Pair(NamedTuple):
    """Two records (indexes into the join's input) and their Jaccard similarity."""

    left: int
    right: int
    similarity: float


def brute_force_pairs(
    sets: Sequence[AbstractSet[Hashable]],
    threshold: float,
    low: Sequence[bool] = (),
    low_threshold: float = 1.0,
) -> list[Pair]:
    """All pairs by direct comparison: for the few paragraphs of one report only
    (shingle strings, or the ids of a :class:`~replint.text.simjoin.ShingleTable`).

    Pairs of two sets marked in ``low`` are kept from ``low_threshold`` up (when it
    is lower than ``threshold``), in the same pass.
    """
    pairs = []
    sizes = [len(s) for s in sets]
    marked = bool(low) and low_threshold < threshold
    for i in range(len(sets)):
        si, li = sets[i], sizes[i]
        if not li:
            continue
        t_i = low_threshold if marked and low[i] else threshold
        for j in range(i + 1, len(sets)):
            lj = sizes[j]
            t = t_i if t_i == threshold or low[j] else threshold
            # Length filter: |small| / |large| bounds the Jaccard from above.
            if not lj or min(li, lj) < t * max(li, lj) - EPS:
                continue
            sim = jaccard(si, sets[j])
            if sim >= t - EPS:
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
# Earlier places kept per window: a window found in more places than this is a
# template's (a table's column, a log's weekly line), and later places are compared
# with these first ones only. This bounds the work per place, so the index stays
# linear (with 64, the candidates per place kept growing up to 9 MB of text). With
# 16, the repeats found in the 2,000-report bench corpus, the seeds and the real
# corpus's reports are the same as with 64; with 8, one clause of the bench corpus
# (after a frequent opening window) is missed.
_MAX_SEEN = 16


def _extend(joined: str, q: int, p: int, length: int, limit: int) -> int:
    """How far the runs at ``q`` and ``p`` agree (from ``length``, up to ``limit``,
    stopping at a NUL): compared in blocks first, so long runs cost C time, not a
    Python loop per character (10 MB of "X" stays linear and fast)."""
    step = 256
    while length + step <= limit:
        block = joined[q + length : q + length + step]
        if block != joined[p + length : p + length + step] or "\x00" in block:
            break
        length += step
    while length < limit and joined[q + length] == joined[p + length] != "\x00":
        length += 1
    return length


def _window_hashes(joined: str, seed: int) -> array[int]:
    """The hash of every ``seed``-character window of ``joined``, 8 bytes a place.

    Made in C (zip, join, hash); each window string is dropped as soon as it is
    hashed, so the index costs a flat array, not a string object per character.
    """
    columns = (islice(joined, i, None) for i in range(seed))
    return array("q", map(hash, map("".join, zip(*columns, strict=False))))


def _hot(hashes: array[int], joined: str, seed: int) -> array[int]:
    """Places whose window (probably) occurs twice or more and holds no NUL.

    Counted (0, 1, or 2 for "twice or more") in one byte table indexed by the hash
    (at least four slots a place), so memory stays a few bytes a character and the
    table's random reads touch half the memory two tables did; a collision only adds
    a place to look at, never loses one (repeats are then checked on the text itself).
    """
    size = 1 << max(10, (4 * len(hashes)).bit_length())
    mask = size - 1
    seen = bytearray(size)
    for h in hashes:
        k = h & mask
        if seen[k]:
            seen[k] = 2
        else:
            seen[k] = 1
    nul = bytearray(len(hashes))
    at = joined.find("\x00")
    while at >= 0:  # windows that cross from one text into the next
        lo = max(0, at - seed + 1)
        nul[lo : at + 1] = b"\x01" * (min(at + 1, len(nul)) - lo)
        at = joined.find("\x00", at + 1)
    return array("i", (p for p, h in enumerate(hashes) if seen[h & mask] == 2 and not nul[p]))


def repeats(texts: Sequence[str], min_chars: int) -> list[Repeat]:
    """Maximal runs of at least ``min_chars`` characters that occurred earlier.

    ``texts`` are normalised paragraphs in document order; a run never crosses from
    one text into the next and never overlaps its own earlier copy. Each later copy
    is reported once, at its longest earlier match (the first one on ties).

    The index is linear in the text: windows are kept as hashes in flat arrays,
    only places whose window occurs twice are visited, and a window is indexed at
    its first ``_MAX_SEEN`` (16) places only: a clause found in more places than that
    is a template's, and its later places are compared with those first ones.
    """
    seed = min(_SEED, max(1, min_chars))
    joined = "\x00".join(texts)  # NUL is never kept by normalize(), so runs stop there
    n = len(joined)
    if n < seed:
        return []
    with gc_paused():  # the index holds many small lists: no cycles, many allocations
        hashes = _window_hashes(joined, seed)
        hot = _hot(hashes, joined, seed)
        if not hot:
            return []
        starts = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        if min_chars <= seed:
            return _scan_short(joined, hashes, hot, starts, seed, min_chars)
        return _scan(joined, hashes, hot, starts, texts, min_chars)


def _scan_short(
    joined: str,
    hashes: Sequence[int],
    hot: Sequence[int],
    starts: Sequence[int],
    seed: int,
    min_chars: int,
) -> list[Repeat]:
    """The direct scan: every earlier place of the window, extended a character at a time."""
    n = len(joined)
    seen: dict[tuple[int, str], list[int]] = {}
    found: list[Repeat] = []
    skip_to = 0
    for p in hot:
        window = (hashes[p], joined[p : p + seed])
        bucket = seen.get(window)
        if bucket is None:
            seen[window] = [p]
            continue
        if p >= skip_to:
            best_len, best_q = 0, -1
            for q in bucket:  # oldest first: each limit is at most the one before
                limit = min(p - q, n - p)
                if limit < seed:
                    break  # the copy would overlap its own start (nor can a later place do better)
                length = _extend(joined, q, p, seed, limit)
                if length > best_len:
                    best_len, best_q = length, q
                if length >= limit:
                    break  # no later place can match longer (keeps the first on ties)
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


def _common_length(s: str, q: int, p: int, low: int, high: int) -> int:
    """The largest L <= high with s[q:q+L] == s[p:p+L], knowing it holds for ``low``.

    Slices are compared in C, halving the unknown range each time.
    """
    if s[q + low : q + high] == s[p + low : p + high]:
        return high
    while high - low > 1:
        mid = (low + high) // 2
        if s[q + low : q + mid] == s[p + low : p + mid]:
            low = mid
        else:
            high = mid
    return low


def _scan(
    joined: str,
    hashes: Sequence[int],
    hot: Sequence[int],
    starts: Sequence[int],
    texts: Sequence[str],
    min_chars: int,
) -> list[Repeat]:
    """:func:`_scan_short`'s result for ``min_chars`` longer than the window, faster.

    Of a window's earlier places (the first ``_MAX_SEEN``), only those whose first
    ``min_chars`` characters equal this place's can reach ``min_chars``, and a
    shorter match is never reported: so earlier places are indexed by their first
    ``min_chars`` characters too, and only that list is extended, in C. The places
    kept, the longest match and the tie (the first place) are as in the direct scan.
    """
    n = len(joined)
    # Earlier places per window hash, the first _MAX_SEEN only, 4 bytes a place. A
    # place's candidates are those of its window whose first min_chars characters
    # equal its own (compared in C), in order: what a list per prefix would hold,
    # without a dictionary entry and an int object per place of the text.
    buckets: dict[int, array[int]] = {}
    found: list[Repeat] = []
    skip_to = 0
    ti = 0
    text_end = len(texts[0]) if texts else 0
    for p in hot:
        window = hashes[p]
        bucket = buckets.get(window)
        if bucket is None:
            buckets[window] = array("i", (p,))
            continue
        if p >= skip_to:
            prefix = joined[p : p + min_chars]
            candidates = list(compress(bucket, map(joined.startswith, repeat(prefix), bucket)))
            if candidates:
                while text_end < p:
                    ti += 1
                    text_end = starts[ti] + len(texts[ti])
                stop = min(n, text_end) - p  # a run ends with its text
                best_len, best_q = 0, -1
                for q in candidates:
                    limit = min(p - q, stop)
                    if limit <= best_len:
                        break  # places come in order, so limits only shrink from here
                    if limit < min_chars:
                        break  # nor can any later place reach min_chars
                    length = _common_length(joined, q, p, min_chars, limit)
                    if length > best_len:
                        best_len, best_q = length, q
                if best_len >= min_chars:
                    qi = bisect.bisect_right(starts, best_q) - 1
                    found.append(
                        Repeat(
                            ti, p - starts[ti], p - starts[ti] + best_len, qi, best_q - starts[qi]
                        )
                    )
                    skip_to = p + best_len
        if len(bucket) < _MAX_SEEN:
            bucket.append(p)
    return found


# -- aligned characters -------------------------------------------------------------------


class Alignment(NamedTuple):
    """How two normalised texts line up character by character.

    ``matched`` characters appear in both, in the same order; ``edits`` are the
    stretches between them, each as (part of the first text, part of the second):
    both parts set for a replacement, one empty for a deletion or an insertion.
    """

    matched: int
    edits: tuple[tuple[str, str], ...]


def align(a: str, b: str) -> Alignment:
    """The characters ``a`` and ``b`` share in order, and what differs between them.

    Shingle Jaccard punishes every edit three times over (each changed character
    breaks the three 3-grams that hold it), which matters little in a long paragraph
    and a lot in a short one; counting aligned characters does not. Meant for short
    texts (a few hundred characters): the cost grows with the product of the lengths.
    """
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b, autojunk=False)
    matched = 0
    edits: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            matched += i2 - i1
        else:
            edits.append((a[i1:i2], b[j1:j2]))
    return Alignment(matched, tuple(edits))
