"""Wording (family W): misused words, non-canonical official phrases.

The word lists live in ``data/`` with a source for every entry, so reviewers can see
why a form is reported and offices can check the list against their own style
sheets. Rules declared in YAML (``data/rules/*.yaml``, codes W2xx) are loaded here too,
through the same :mod:`replint.declarative` machinery users' own rule files use.

Word matching uses jieba, loaded only when a paragraph contains a candidate, so a
clean report never pays for segmentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from replint.plugin import (
    HANZI_LIKE,
    Document,
    Finding,
    Paragraph,
    Rule,
    Severity,
    is_word,
    lazy_re,
    load_rule_files,
    regexes,
)

from . import DATA_DIR, load_data

_SENTENCE_END = regexes.lazy_re(r"[。！？；!?;]")

# ---------------------------------------------------------------------------------
# W101
# ---------------------------------------------------------------------------------


class MisusedEntry(NamedTuple):
    """One entry of data/misused_words.yaml."""

    wrong: str  # literal form, or "" for a pattern entry
    pattern: str
    right: str
    fix: str  # safe | unsafe | none
    match: str  # word | raw
    note: str
    source: str
    excepts: tuple[str, ...] = ()
    skip_after: str = ""
    skip_before: str = ""
    fire: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()


def parse_misused(data: Mapping[str, Any]) -> tuple[MisusedEntry, ...]:
    """Entries of the dictionary, checked for the keys every entry needs."""
    entries = []
    allowed = {
        "wrong",
        "pattern",
        "right",
        "fix",
        "match",
        "note",
        "source",
        "except",
        "skip_after",
        "skip_before",
        "fire",
        "silent",
    }
    for i, raw in enumerate(data.get("words") or []):
        unknown = set(raw) - allowed
        if unknown:
            raise ValueError(f"misused_words.yaml words[{i}]: unknown key {sorted(unknown)[0]!r}")
        if ("wrong" in raw) == ("pattern" in raw):
            raise ValueError(f"misused_words.yaml words[{i}]: give wrong or pattern")
        for key in ("right", "source"):
            if not raw.get(key):
                raise ValueError(f"misused_words.yaml words[{i}]: {key} is required")
        entries.append(
            MisusedEntry(
                wrong=raw.get("wrong", ""),
                pattern=raw.get("pattern", ""),
                right=raw["right"],
                fix=raw.get("fix", "none"),
                match=raw.get("match", "word"),
                note=raw.get("note", ""),
                source=raw["source"],
                excepts=tuple(raw.get("except") or ()),
                skip_after=raw.get("skip_after", ""),
                skip_before=raw.get("skip_before", ""),
                fire=tuple(raw.get("fire") or ()),
                silent=tuple(raw.get("silent") or ()),
            )
        )
    return tuple(entries)


def _pair_entry(wrong: Any, right: Any, source: str) -> MisusedEntry:
    """The entry of one ``wrong: right`` pair of a sourced group."""
    wrong = str(wrong)
    return MisusedEntry(
        wrong=wrong,
        pattern="",
        right=str(right),
        fix="safe",
        match="raw" if len(wrong) >= 4 else "word",
        note="",
        source=source,
    )


def _sourced_groups(data: Mapping[str, Any], name: str) -> Iterator[Mapping[str, Any]]:
    """The ``groups`` of a data file, each checked for its source."""
    for i, group in enumerate(data.get("groups") or []):
        if not group.get("source"):
            raise ValueError(f"{name} groups[{i}]: source is required")
        yield group


def parse_pairs(data: Mapping[str, Any], name: str = "typo_pairs.yaml") -> tuple[MisusedEntry, ...]:
    """Entries of a data file's ``groups``: wrong: right pairs with one source per group."""
    return tuple(
        _pair_entry(wrong, right, group["source"])
        for group in _sourced_groups(data, name)
        for wrong, right in (group.get("pairs") or {}).items()
    )


class _MisusedIndex:
    """W101's dictionary as the check reads it.

    ``heads`` holds the literal wrong forms by their first two characters, longest
    first: one dict lookup per character of a paragraph, whatever the number of
    entries. ``listed`` holds, for each literal form, its entry or the group of pairs
    it comes from: the ~3,000 entries of pairs are built only for the forms a text
    holds (:meth:`entry`), not at every start.
    """

    __slots__ = ("heads", "listed", "patterns")

    def __init__(
        self,
        heads: Mapping[str, tuple[str, ...]],
        listed: Mapping[str, MisusedEntry | Mapping[str, Any]],
        patterns: tuple[tuple[re.Pattern[str], MisusedEntry], ...],
    ) -> None:
        self.heads = heads
        self.listed = listed
        self.patterns = patterns

    def entry(self, wrong: str) -> MisusedEntry:
        """The entry of the literal form ``wrong`` (one of ``listed``)."""
        found = self.listed[wrong]
        if isinstance(found, MisusedEntry):
            return found
        return _pair_entry(wrong, found["pairs"][wrong], found["source"])


def misused_entries() -> tuple[MisusedEntry, ...]:
    """The whole W101 dictionary: misused_words.yaml (its ``words``, then its sourced
    ``groups`` of pairs), then typo_pairs.yaml; a wrong form listed twice keeps its
    first entry."""
    index = _misused_index()
    words = parse_misused(load_data("misused_words.yaml"))
    return words + tuple(
        index.entry(wrong)
        for wrong, found in index.listed.items()
        if not isinstance(found, MisusedEntry)
    )


@cache
def _misused_index() -> _MisusedIndex:
    return build_misused_index(load_data("misused_words.yaml"), load_data("typo_pairs.yaml"))


def build_misused_index(data: Mapping[str, Any], typo_pairs: Mapping[str, Any]) -> _MisusedIndex:
    """The index of misused_words.yaml's ``data`` and typo_pairs.yaml's (see
    :func:`misused_entries` for the order and which entry a repeated form keeps)."""
    words = parse_misused(data)
    listed: dict[str, MisusedEntry | Mapping[str, Any]] = {}
    for e in words:
        if e.wrong:
            listed.setdefault(e.wrong, e)
    for name, more in (
        ("misused_words.yaml", data),
        ("typo_pairs.yaml", typo_pairs),
    ):
        for group in _sourced_groups(more, name):
            for wrong, right in (group.get("pairs") or {}).items():
                if type(wrong) is str:
                    if wrong not in listed:
                        listed[wrong] = group
                else:  # a number or a date in YAML: by its text
                    listed.setdefault(
                        str(wrong), {"source": group["source"], "pairs": {str(wrong): right}}
                    )
    heads: dict[str, tuple[str, ...]] = {}
    crowded: set[str] = set()
    for wrong in listed:
        if len(wrong) < 2:
            raise ValueError(f"W101 dictionary: {wrong!r} is one character (never wrong alone)")
        head = wrong[:2]
        forms = heads.get(head)
        if forms is None:
            heads[head] = (wrong,)
        else:
            heads[head] = (*forms, wrong)
            crowded.add(head)
    for head in crowded:  # longest first; a stable sort keeps the order of the lists
        heads[head] = tuple(sorted(heads[head], key=len, reverse=True))
    return _MisusedIndex(
        heads=heads,
        listed=listed,
        patterns=tuple((regexes.lazy_re(e.pattern), e) for e in words if e.pattern),
    )


def _listed_forms(text: str, heads: Mapping[str, tuple[str, ...]]) -> Iterator[tuple[int, str]]:
    """(start, form) of every listed form in ``text``, overlaps included, longest first
    at each start: measured faster than an Aho-Corasick automaton (pyahocorasick) and
    than one regex alternation for thousands of CJK forms (bench/bench_w101.py)."""
    get = heads.get
    for i in range(len(text) - 1):
        forms = get(text[i : i + 2])
        if forms:
            for wrong in forms:
                if text.startswith(wrong, i):
                    yield i, wrong


def _sentence_rest(text: str, end: int) -> str:
    m = _SENTENCE_END.search(text, end)
    return text[end : m.start() if m else len(text)]


def _sentence_start(text: str, start: int) -> str:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0 : start]


class MisusedWord(Rule):
    """A misused word or phrase from replint's sourced dictionary.

    ## What it does
    Finds misused words and phrases from a sourced dictionary and offers the right form.

    The forms proofreading lists name as errors in 公文: `截止目前` for `截至目前`,
    `做为` for `作为`, `按装` for `安装`, `既使` for `即使`, `再接再励`, `一如继往`,
    `己经`, misspelt idioms (`按居乐业`, `积思广义`), and more: over 3,000 forms. The
    dictionary (`data/misused_words.yaml`, `data/typo_pairs.yaml`) gives a source for
    every entry (《咬文嚼字》's list of the hundred commonest 别字, GF 1001-2001 异形词,
    新华社's list of words to avoid, public proofreading word lists such as the
    confusion dictionary of macro-correct), and keeps only forms that are wrong in every
    context: no word of jieba's dictionary, nor part of one.

    ## Why is this bad?
    These are the slips reviewers correct in every round; in an official report they
    read as carelessness. `截止目前` in particular is in nearly every 工作总结.

    ## Example
        截止目前，共组织中心组理论学习12次。

    ## Use instead
        截至目前，共组织中心组理论学习12次。

    Words are matched as words (jieba), so `按装` is found in `按装空调` but not in
    `按装修标准`, and `自已` not in `各自已经`. Fixes are applied by `--fix` only where
    the replacement is unambiguous; others need `--unsafe-fixes` or a human. Skip
    entries with the `ignore` option (a list of wrong forms). The forms are indexed by
    their first two characters (one lookup per character of a paragraph), so the size
    of the list does not slow a report down.
    """

    code = "W101"
    name = "misused-word"
    severity = Severity.WARNING
    fixable = True
    options: Mapping[str, Any] = {"ignore": []}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        index = _misused_index()
        ignore = set(options["ignore"])
        for para in doc.paragraphs:
            text = para.text
            hits: list[tuple[int, int, MisusedEntry, str]] = []
            for start, wrong in _listed_forms(text, index.heads):
                entry = index.entry(wrong)
                hits.append((start, start + len(wrong), entry, entry.right))
            for pattern, entry in index.patterns:
                for m in pattern.finditer(text):
                    hits.append((m.start(), m.end(), entry, m.expand(entry.right)))
            taken = -1
            for start, end, entry, right in sorted(hits, key=lambda h: (h[0], -h[1])):
                if start < taken or (entry.wrong or text[start:end]) in ignore:
                    continue
                if not self._applies(text, start, end, entry):
                    continue
                taken = end
                yield self._finding(doc, para, start, end, entry, right)

    @staticmethod
    def _applies(text: str, start: int, end: int, entry: MisusedEntry) -> bool:
        for longer in entry.excepts:
            for m in re.finditer(re.escape(longer), text):
                if m.start() <= start and end <= m.end():
                    return False
        if entry.skip_after and re.search(entry.skip_after, _sentence_rest(text, end)):
            return False
        if entry.skip_before and re.search(entry.skip_before, _sentence_start(text, start)):
            return False
        return entry.match == "raw" or is_word(text, start, end)

    def _finding(
        self, doc: Document, para: Paragraph, start: int, end: int, entry: MisusedEntry, right: str
    ) -> Finding:
        wrong = para.text[start:end]
        note = f" — {entry.note}" if entry.note else ""
        how = {
            "safe": "",
            "unsafe": "; check the sentence before applying the fix",
            "none": "",
        }[entry.fix]
        replacement = right if entry.fix in ("safe", "unsafe") else None
        return self.finding(
            doc,
            para,
            start,
            end,
            f"“{wrong}” is a misused form: write “{right}”{note}{how}",
            replacement=replacement,
            safe=entry.fix == "safe",
        )


# ---------------------------------------------------------------------------------
# W102
# ---------------------------------------------------------------------------------


class NameEntry:
    """An official name of fixed_phrases.yaml: its parts, in order, and the parts a
    paragraph must hold before the name is looked for."""

    __slots__ = ("anchors", "canonical", "parts", "source")

    def __init__(
        self, canonical: str, parts: tuple[str, ...], anchors: tuple[str, ...], source: str
    ) -> None:
        self.canonical = canonical
        self.parts = parts
        self.anchors = anchors
        self.source = source


class ListEntry:
    """A fixed list of fixed_phrases.yaml (its members in their official order)."""

    __slots__ = ("enumeration", "item", "label", "members", "source", "suffix")

    def __init__(
        self,
        label: str,
        members: tuple[str, ...],
        source: str,
        suffix: str,  # every item ends with it, so an enumeration holds it twice or more
        item: re.Pattern[str],
        enumeration: re.Pattern[str],
    ) -> None:
        self.label = label
        self.members = members
        self.source = source
        self.suffix = suffix
        self.item = item
        self.enumeration = enumeration


class WrongEntry:
    """A wrong wording of fixed_phrases.yaml and the official one."""

    __slots__ = ("anchor", "fix", "note", "pattern", "right", "source", "wrong")

    def __init__(
        self,
        wrong: str,
        right: str,
        fix: str,
        note: str,
        source: str,
        pattern: str = "",  # a regex instead of a literal; right is then a template (\\1)
        anchor: str = "",  # a literal every match of ``pattern`` holds ("" when none is known)
    ) -> None:
        self.wrong = wrong
        self.right = right
        self.fix = fix
        self.note = note
        self.source = source
        self.pattern = pattern
        self.anchor = anchor


class _Phrases:
    """The whole of fixed_phrases.yaml, parsed."""

    __slots__ = ("lists", "names", "wrong")

    def __init__(
        self,
        names: tuple[NameEntry, ...],
        lists: tuple[ListEntry, ...],
        wrong: tuple[WrongEntry, ...],
    ) -> None:
        self.names = names
        self.lists = lists
        self.wrong = wrong


_SEPARATOR = r"(?:以及|[、，,和与及])"


def _common_suffix(words: Sequence[str]) -> str:
    suffix = words[0]
    for word in words[1:]:
        while not word.endswith(suffix):
            suffix = suffix[1:]
    return suffix


@cache
def _phrases() -> _Phrases:
    data = load_data("fixed_phrases.yaml") or {}
    names = tuple(
        NameEntry(n["canonical"], tuple(n["parts"]), tuple(n.get("anchors") or ()), n["source"])
        for n in data.get("names") or ()
    )
    lists = []
    for entry in data.get("lists") or ():
        members = tuple(entry["members"])
        suffix = _common_suffix(members)
        alternatives = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True))
        item = f"(?:{alternatives}|{HANZI_LIKE}{{2}}{re.escape(suffix)})"
        lists.append(
            ListEntry(
                label=entry["label"],
                members=members,
                source=entry["source"],
                suffix=suffix,
                # Compiled only when a paragraph could hold the list (few do).
                item=lazy_re(item),
                enumeration=lazy_re(f"{item}(?:{_SEPARATOR}{item})+"),
            )
        )
    wrong = tuple(
        WrongEntry(
            w.get("wrong", ""),
            w["right"],
            w.get("fix", "none"),
            w.get("note", ""),
            w["source"],
            w.get("pattern", ""),
            _literal_anchor(w.get("pattern", "")),
        )
        for w in data.get("wrong") or ()
    )
    return _Phrases(names, tuple(lists), wrong)


_REGEX_META = frozenset("\\.^$*+?{}[]()|")


def _literal_anchor(pattern: str) -> str:
    """The longest run of plain characters that every match of ``pattern`` contains.

    Only runs outside groups and classes count, and a character a quantifier applies
    to is not part of one; a pattern with a top-level ``|`` has none (""), and is
    then tried on every paragraph.
    """
    runs: list[str] = []
    run: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" or ch in _REGEX_META or depth:
            if depth == 0 and ch == "|":
                return ""
            if depth == 0 and ch in "?*+{" and run:
                run.pop()  # the quantifier applies to the character before it
            runs.append("".join(run))
            run = []
            if ch == "\\":
                i += 1  # an escape is never taken for a literal
            elif ch in "([":
                depth += 1
            elif ch in ")]" and depth:
                depth -= 1
        else:
            run.append(ch)
        i += 1
    runs.append("".join(run))
    return max(runs, key=len)


class _Spotter:
    """Every place where a name's part, a list's label or suffix or a wrong form occurs,
    found in one pass of an Aho–Corasick automaton over a paragraph.

    Measured against one compiled alternation per name (``bench/bench_w102.py``), the
    automaton finds the same candidate starts faster, and it also finds overlapping
    occurrences, so one pass answers every entry's "is it here, and where?". The
    exact checks then run only where it found something.
    """

    def __init__(self, phrases: _Phrases) -> None:
        import ahocorasick

        keys = {p for n in phrases.names for p in (*n.parts, *n.anchors)}
        keys.update(k for e in phrases.lists for k in (e.label, e.suffix))
        keys.update(w.wrong or w.anchor for w in phrases.wrong)
        keys.discard("")
        self._automaton = ahocorasick.Automaton()
        for key in keys:
            self._automaton.add_word(key, key)
        self.anchored = all(w.wrong or w.anchor for w in phrases.wrong)
        self._ready = bool(keys)
        if keys:
            self._automaton.make_automaton()

    def spots(self, text: str) -> dict[str, list[int]]:
        """Key -> the starts of its occurrences in ``text``, in order (overlaps included)."""
        out: dict[str, list[int]] = {}
        if not self._ready:
            return out
        for end, key in self._automaton.iter(text):
            start = end - len(key) + 1
            found = out.get(key)
            if found is None:
                out[key] = [start]
            else:
                found.append(start)
        return out


@cache
def _spotter() -> _Spotter:
    return _Spotter(_phrases())


@cache
def _wrong_pattern(pattern: str) -> re.Pattern[str]:
    return regexes.compile(pattern)


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


class FixedPhrase(Rule):
    """An official fixed phrase (规范表述) written wrongly.

    ## What it does
    Finds official fixed phrases (规范表述) with a word missing, added or out of order.

    It checks formulations whose wording and order are fixed by official texts: the
    full name `习近平新时代中国特色社会主义思想` with a word missing or moved, or a
    character dropped or changed (`社会义思想`);
    `四个意识` (政治意识、大局意识、核心意识、看齐意识), `四个自信` (道路自信、理论自信、
    制度自信、文化自信) and `五位一体` listed with a member missing, added or out of order;
    and known wrong forms (`四个维护`, `以习近平为核心的党中央`, `“一带一路”战略`).

    ## Why is this bad?
    A 固有表述差错 is treated as a political-accuracy error, not a style slip:
    proofreading services list it separately, and a report with `四个自信` missing
    道路自信 will be sent back.

    ## Example
        坚定“四个自信”：理论自信、道路自信、制度自信、文化自信。

    ## Use instead
        坚定“四个自信”：道路自信、理论自信、制度自信、文化自信。

    The list (`data/fixed_phrases.yaml`) is small and every entry cites its source.
    `新时代中国特色社会主义思想` without the name, as in the 二十大 theme, and longer
    names (`…社会主义经济思想`) are correct and not reported. Fixes change wording, so
    they are applied only with `--unsafe-fixes`.
    """

    code = "W102"
    name = "fixed-phrase"
    severity = Severity.ERROR
    fixable = True
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        phrases = _phrases()
        spotter = _spotter()
        for para in doc.paragraphs:
            text = para.text
            hits = spotter.spots(text)
            if not hits and spotter.anchored:
                continue  # no part, label, list suffix or wrong form: nothing to check
            for name in phrases.names:
                if all(a in hits for a in name.anchors):
                    yield from self._names(doc, para, name, hits)
            for entry in phrases.lists:
                if len(hits.get(entry.suffix, ())) >= 2:
                    yield from self._lists(doc, para, entry)
            for wrong in phrases.wrong:
                if wrong.pattern:
                    if not wrong.anchor or wrong.anchor in hits:
                        yield from self._pattern(doc, para, wrong)
                    continue
                end = 0
                for start in hits.get(wrong.wrong, ()):
                    if start < end:
                        continue  # overlapping copies count once, as str.find counts them
                    end = start + len(wrong.wrong)
                    note = f" — {wrong.note}" if wrong.note else ""
                    yield self.finding(
                        doc,
                        para,
                        start,
                        end,
                        f"“{wrong.wrong}” is not the official wording: write “{wrong.right}”{note}",
                        replacement=wrong.right if wrong.fix != "none" else None,
                        safe=wrong.fix == "safe",
                    )

    def _pattern(self, doc: Document, para: Paragraph, wrong: WrongEntry) -> Iterator[Finding]:
        for m in _wrong_pattern(wrong.pattern).finditer(para.text):
            right = m.expand(wrong.right)
            note = f" — {wrong.note}" if wrong.note else ""
            yield self.finding(
                doc,
                para,
                m.start(),
                m.end(),
                f"“{m.group()}” is not the official wording: write “{right}”{note}",
                replacement=right if wrong.fix != "none" else None,
                safe=wrong.fix == "safe",
            )

    def _names(
        self, doc: Document, para: Paragraph, name: NameEntry, hits: Mapping[str, list[int]]
    ) -> Iterator[Finding]:
        reported: list[tuple[int, int]] = []
        for start, end, problem in [
            *self._shuffled(para.text, name, hits),
            *self._misspelt(para.text, name, hits.get(name.parts[0], ())),
        ]:
            if any(s < end and start < e for s, e in reported):
                continue
            reported.append((start, end))
            yield self.finding(
                doc,
                para,
                start,
                end,
                f"“{para.text[start:end]}” is not the official name ({problem}): "
                f"write “{name.canonical}”",
                replacement=name.canonical,
                safe=False,
            )

    @staticmethod
    def _shuffled(
        text: str, name: NameEntry, hits: Mapping[str, list[int]]
    ) -> Iterator[tuple[int, int, str]]:
        """Runs of the name's parts with one part missing or the parts in another order."""
        parts = sorted(name.parts, key=len, reverse=True)
        # A run of two parts or more can only start where a part ends at the start of
        # another: the walk below runs from those places only (from the automaton's
        # hits, not from a scan of every character with every part).
        begins = {s for p in name.parts for s in hits.get(p, ())}
        starts = sorted({s for p in name.parts for s in hits.get(p, ()) if s + len(p) in begins})
        k = 0
        i = 0
        while i < len(text):
            while k < len(starts) and starts[k] < i:
                k += 1
            if k == len(starts):
                break
            i = starts[k]
            used: list[str] = []
            j = i
            while True:
                part = next((p for p in parts if p not in used and text.startswith(p, j)), None)
                if part is None:
                    break
                used.append(part)
                j += len(part)
            if len(used) < 2:
                i += 1
                continue
            if (
                len(used) >= len(name.parts) - 1
                and all(a in used for a in name.anchors)
                and text[i:j] != name.canonical
            ):
                missing = [p for p in name.parts if p not in used]
                yield i, j, (f"“{'”“'.join(missing)}” missing" if missing else "words out of order")
            i = j

    @staticmethod
    def _misspelt(
        text: str, name: NameEntry, firsts: Sequence[int]
    ) -> Iterator[tuple[int, int, str]]:
        """The name with a character or two dropped or changed (社会义, 特社会主义).

        Only spans from the first part to the last part, of about the name's length,
        are compared, and only losses or changes count: extra words inside make
        another official name (…社会主义经济思想), not a misspelling.
        """
        last = name.parts[-1]
        size = len(name.canonical)
        for start in firsts:  # every place where the first part starts
            lo, hi = start + size - 3, start + size + 1
            end = text.find(last, lo - len(last), hi)
            if end >= 0:
                end += len(last)
                window = text[start:end]
                if window != name.canonical and not _is_subsequence(name.canonical, window):
                    distance = _edit_distance(window, name.canonical)
                    if distance <= 2:
                        yield (
                            start,
                            end,
                            f"{distance} character{'s' * (distance > 1)} wrong or missing",
                        )

    def _lists(self, doc: Document, para: Paragraph, entry: ListEntry) -> Iterator[Finding]:
        text = para.text
        if text.count(entry.suffix) < 2:
            return
        canonical = "、".join(entry.members)
        reported: list[tuple[int, int]] = []
        start = text.find(entry.label)
        while start >= 0:
            after = start + len(entry.label)
            m = entry.enumeration.search(text, after)
            if (
                m
                and m.start() - after <= 8
                and not re.search(r"[。；！？]", text[after : m.start()])
            ):
                items = entry.item.findall(m.group())
                if len(items) >= 3 and tuple(items) != entry.members:
                    reported.append(m.span())
                    yield self._list_finding(doc, para, m, items, entry, canonical, labelled=True)
            start = text.find(entry.label, after)
        for m in entry.enumeration.finditer(text):
            if any(s <= m.start() < e for s, e in reported):
                continue
            items = entry.item.findall(m.group())
            known = [it for it in items if it in entry.members]
            if len(known) < 3:
                continue
            order = [entry.members.index(it) for it in known]
            if order != sorted(order):
                yield self._list_finding(doc, para, m, items, entry, canonical, labelled=False)

    def _list_finding(
        self,
        doc: Document,
        para: Paragraph,
        m: re.Match[str],
        items: list[str],
        entry: ListEntry,
        canonical: str,
        labelled: bool,
    ) -> Finding:
        found = "、".join(items)
        missing = [x for x in entry.members if x not in items]
        extra = [x for x in items if x not in entry.members]
        problems = []
        if missing:
            problems.append("missing " + "、".join(missing))
        if extra:
            problems.append("not a member: " + "、".join(extra))
        if not problems:
            problems.append("out of order")
        replacement = None
        if sorted(items) == sorted(entry.members) and len(items) == len(entry.members):
            # Same members in another order: put them in order, keep the separators.
            ordered = iter(entry.members)
            replacement = entry.item.sub(lambda _m: next(ordered), m.group())
        return self.finding(
            doc,
            para,
            m.start(),
            m.end(),
            f"“{entry.label}” is {canonical}, in this order; here “{found}” "
            f"({'; '.join(problems)})",
            replacement=replacement,
            safe=False,
        )


# ---------------------------------------------------------------------------------
# Built-in rules declared in YAML (W2xx)
# ---------------------------------------------------------------------------------


def builtin_yaml_rules() -> list[type[Rule]]:
    """The rules in data/rules/*.yaml, each parsed when first used; their examples are
    run by the tests, not at start-up."""
    directory = DATA_DIR / "rules"
    if not directory.is_dir():
        return []
    return load_rule_files(
        [directory], check=False, trusted=True, lazy=True, origin="replint_rules"
    )


RULES = [MisusedWord, FixedPhrase, *builtin_yaml_rules()]
