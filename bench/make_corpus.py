"""Build a synthetic corpus of distinct work reports with planted copied paragraphs.

Usage::

    python bench/make_corpus.py OUT_DIR --reports 2000 [--seed 1] [--copy-share 0.1]

Every report is built by recombining the seeds (``seeds/*.txt``): a title, an opening
paragraph, three to five numbered sections of two to four body paragraphs each, and a
signature. Sentences are mostly two to four clauses drawn at random from the seeds'
~900 clauses, sometimes (``STOCK_SHARE``) a whole seed sentence, the way reports
share stock sentences. Each use is varied the way units' reports differ: template
placeholders (``X次``, ``XX局``) are filled with numbers and unit names, common words
are swapped for synonyms, clauses are reordered, the unit's own figures are worked
in. So reports share phrasing and stock sentences, but no paragraph is copied unless
the generator plants it. ``--style sentences`` recombines whole seed sentences only:
a stress test in which each sentence recurs in hundreds of reports. ``--style small``
makes notes of four lines (a few hundred bytes): the many-small-files case.

Planted copies: a share of the reports (``--copy-share``) receive one or two
paragraphs copied from another report, either word for word or near-copied (a
number changed, a clause dropped or swapped, a few characters edited) with a
character 3-gram Jaccard of at least ``--threshold`` after dropping whitespace and
punctuation; a few paragraphs are copied into many files at once. The ground truth
goes to ``OUT_DIR.truth.json`` (beside the directory, so linting the directory
does not read it): every planted pair with both places and its Jaccard.

The Jaccard here is computed independently of replint's own code, so the bench
checks the tool against a separate implementation.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

CITIES = [
    "南昌",
    "九江",
    "赣州",
    "吉安",
    "宜春",
    "抚州",
    "上饶",
    "景德镇",
    "萍乡",
    "新余",
    "鹰潭",
    "洪州",
    "临川",
    "瑞金",
    "井冈山",
    "庐山",
    "婺源",
    "樟树",
    "丰城",
    "贵溪",
    "德兴",
    "共青城",
    "乐平",
    "高安",
    "南康",
    "龙南",
    "信丰",
    "于都",
    "兴国",
    "宁都",
]
DEPARTMENTS = [
    "教育局",
    "财政局",
    "行政审批局",
    "卫生健康委员会",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电新闻出版旅游局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "人力资源和社会保障局",
    "民政局",
    "司法局",
    "科学技术局",
    "工业和信息化局",
    "档案馆",
    "图书馆",
    "博物馆",
    "疾病预防控制中心",
    "公共资源交易中心",
    "融媒体中心",
]
KINDS = (
    "意识形态工作责任制落实情况报告",
    "年度工作总结",
    "党组书记述职报告",
    "意识形态工作情况汇报",
    "党建工作总结",
)
NUMERALS = "一二三四五六七八九十"
COUNTERS = set("次个名项%％万元天篇份条家期场人件所批位户年")
# Share of sentences taken whole from the seeds (the rest are recombined clauses).
STOCK_SHARE = 0.2


def norm(text: str) -> str:
    """Letters and digits only (NFKC, lower-case): what the similarity is measured on."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def grams(text: str) -> set[str]:
    t = norm(text)
    if len(t) < 3:
        return {t} if t else set()
    return {t[i : i + 3] for i in range(len(t) - 2)}


def jaccard(a: str, b: str) -> float:
    x, y = grams(a), grams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])"
)
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_PLACEHOLDER = re.compile(r"[XＸxｘ×＊*]+")


@dataclass
class Pool:
    headings: list[str] = field(default_factory=list)
    openers: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)


def load_pool() -> Pool:
    pool = Pool()
    for path in sorted(SEEDS.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("##"):
                continue
            m = _HEADING.match(line)
            if m and len(line) <= 40 and "。" not in line[:-1]:
                pool.headings.append(line[m.end() :].strip("。 "))
                continue
            if m:
                line = line[m.end() :]
            parts = [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
            for i, sentence in enumerate(parts):
                if "##" in sentence or len(norm(sentence)) < 8:
                    continue
                # "一是全面压实责任。" style run-in openers make good paragraph starts.
                if i == 0 and len(sentence) <= 16 and sentence.endswith("。"):
                    pool.openers.append(re.sub(r"^[一二三四五六七八九十]是", "", sentence))
                else:
                    pool.sentences.append(sentence)
    for sentence in pool.sentences:
        pool.clauses.extend(c for c in _clauses(sentence) if len(norm(c)) >= 4)
    pool.clauses = sorted(set(pool.clauses))
    pool.headings = sorted(set(pool.headings))
    pool.openers = sorted(set(pool.openers))
    return pool


@dataclass
class Unit:
    city: str
    department: str

    @property
    def name(self) -> str:
        return f"{self.city}市{self.department}"

    @property
    def short(self) -> str:
        return f"市{self.department}"


SYNONYMS = (
    ("加强", "强化", "着力加强", "切实加强", "进一步加强"),
    ("推进", "推动", "深入推进", "扎实推进", "持续推进"),
    ("全面", "切实", "扎实", "全力", "持续"),
    ("开展", "组织开展", "举办", "实施", "深入开展"),
    ("落实", "抓实", "贯彻落实", "推动落实"),
    ("提高", "提升", "增强", "不断提高"),
    ("干部", "干部职工", "工作人员", "党员干部"),
    ("宣传", "宣讲", "宣传推广", "对外宣传"),
    ("学习", "学习研讨", "集中学习", "专题学习"),
    ("建立", "建立健全", "完善", "构建"),
    ("积极", "主动", "大力", "认真"),
    ("群众", "人民群众", "办事群众", "服务对象"),
    ("及时", "第一时间", "迅速", "尽快"),
    ("重要", "重大", "关键", "核心"),
    ("引导", "指导", "带动", "引领"),
    ("制度", "规定", "办法", "机制"),
    ("问题", "短板", "不足", "薄弱环节"),
    ("活动", "行动", "主题活动", "系列活动"),
    ("平台", "载体", "渠道", "阵地"),
    ("创新", "探索", "改进", "优化"),
)
_SYNONYM = {w: group for group in SYNONYMS for w in group}
_SYNONYM_RE = re.compile("|".join(sorted(_SYNONYM, key=len, reverse=True)))
SPECIFICS = (
    "全年累计开展{n}次",
    "覆盖干部职工{m}人次",
    "{city}片区{n}个站点同步推进",
    "较上年提高{p}个百分点",
    "形成{n}项制度成果",
    "{month}月{day}日召开专题会议",
    "在“{city}{dept}”公众号推送{n}篇",
    "联合{city}{dept2}共同推进",
)


def fill_placeholders(text: str, unit: Unit, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        after = text[m.end() : m.end() + 1]
        if after in COUNTERS:
            return str(rng.randint(2, 980))
        return rng.choice((unit.city, unit.department, rng.choice(CITIES)))

    out = _PLACEHOLDER.sub(repl, text)
    return out.replace("市局", unit.short).replace("我局", unit.short)


def reword(text: str, rng: random.Random) -> str:
    """Swap common words for their synonyms, as each writer phrases things differently."""

    def repl(m: re.Match[str]) -> str:
        if rng.random() < 0.5:
            return m.group(0)
        return rng.choice(_SYNONYM[m.group(0)])

    return _SYNONYM_RE.sub(repl, text)


def specific(unit: Unit, rng: random.Random) -> str:
    n = rng.randint(3, 60)
    return rng.choice(SPECIFICS).format(
        n=n,
        m=n * rng.randint(5, 40),
        p=rng.randint(1, 30),
        city=unit.city,
        dept=unit.department,
        dept2=rng.choice(DEPARTMENTS),
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
    )


def vary(clauses: list[str], unit: Unit, rng: random.Random) -> str:
    """One sentence as a particular unit would write it, from seed clauses."""
    clauses = [reword(fill_placeholders(c, unit, rng), rng) for c in clauses]
    if len(clauses) >= 3 and rng.random() < 0.3:
        i = rng.randrange(1, len(clauses) - 1)
        clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
    items = clauses[0].split("、")
    if len(items) >= 3 and rng.random() < 0.5:
        rng.shuffle(items)
        clauses[0] = "、".join(items)
    if rng.random() < 0.3:
        clauses[0] = rng.choice(("我们", unit.short, "局党组", "各科室", "全局上下")) + clauses[0]
    if rng.random() < 0.5:
        clauses.insert(rng.randrange(1, len(clauses) + 1), specific(unit, rng))
    return "，".join(clauses) + "。"


def sentence(pool: Pool, unit: Unit, rng: random.Random, style: str) -> str:
    if style == "sentences" or rng.random() < STOCK_SHARE:
        # A whole seed sentence: the stock sentences reports really share.
        return vary(_clauses(rng.choice(pool.sentences)), unit, rng)
    picked = [rng.choice(pool.clauses) for _ in range(rng.randint(2, 4))]
    return vary(picked, unit, rng)


def _clauses(sentence: str) -> list[str]:
    body = sentence.rstrip("。！？；")
    return [c for c in body.split("，") if c] or [body]


@dataclass
class Report:
    path: str
    lines: list[str]
    body: list[int]  # indexes of body paragraphs (copy sources and targets)


def make_report(path: str, pool: Pool, rng: random.Random, style: str) -> Report:
    unit = Unit(rng.choice(CITIES), rng.choice(DEPARTMENTS))
    year = rng.choice((2020, 2021, 2022, 2023))
    lines = [f"{unit.name}{year}年{rng.choice(KINDS)}"]
    body: list[int] = []

    def paragraph(count: int, opener: str = "") -> str:
        return opener + "".join(sentence(pool, unit, rng, style) for _ in range(count))

    if style == "small":  # a note of a few hundred bytes: many files, little text
        style = "clauses"
        lines.append(f"{year}年，" + paragraph(rng.randint(1, 2)))
        lines.append(f"下一步，{unit.name}将" + paragraph(1))
        body.extend((1, 2))
        lines.append(f"{year + 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日")
        return Report(path, lines, body)
    lines.append(
        f"{year}年，在{unit.city}市委、市政府的正确领导下，" + paragraph(rng.randint(2, 3))
    )
    body.append(len(lines) - 1)
    for si in range(rng.randint(3, 5)):
        lines.append(f"{NUMERALS[si]}、{rng.choice(pool.headings)}")
        numbered = rng.random() < 0.6
        for pi in range(rng.randint(2, 4)):
            opener = ""
            if numbered:
                opener = f"{NUMERALS[pi]}是{rng.choice(pool.openers)}"
            lines.append(paragraph(rng.randint(2, 5), opener))
            body.append(len(lines) - 1)
    lines.append(unit.name)
    lines.append(f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return Report(path, lines, body)


def near_copy(text: str, rng: random.Random, threshold: float) -> tuple[str, float] | None:
    """A lightly edited copy of ``text`` that stays at or above the threshold."""
    for _ in range(30):
        out = text
        for _ in range(rng.randint(1, 3)):
            op = rng.random()
            if op < 0.35:
                digits = list(re.finditer(r"\d+", out))
                if digits:
                    m = rng.choice(digits)
                    out = out[: m.start()] + str(rng.randint(2, 999)) + out[m.end() :]
                    continue
            if op < 0.6:
                clauses = out.split("，")
                if len(clauses) >= 4:
                    del clauses[rng.randrange(1, len(clauses) - 1)]
                    out = "，".join(clauses)
                    continue
            if op < 0.8:
                clauses = out.split("，")
                if len(clauses) >= 3:
                    i = rng.randrange(0, len(clauses) - 1)
                    clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
                    out = "，".join(clauses)
                    continue
            i = rng.randrange(0, max(1, len(out) - 1))
            out = out[:i] + rng.choice("进一步切实扎实有效全面持续") + out[i + 1 :]
        j = jaccard(text, out)
        if threshold <= j < 1.0 and norm(out) != norm(text):
            return out, j
    return None


def build(
    out: Path, reports: int, seed: int, copy_share: float, threshold: float, style: str = "clauses"
) -> dict:
    rng = random.Random(seed)
    pool = load_pool()
    width = len(str(reports))
    out.mkdir(parents=True, exist_ok=True)
    items = [make_report(f"report_{i:0{width}d}.txt", pool, rng, style) for i in range(reports)]
    receivers = set(rng.sample(range(reports), int(reports * copy_share)))
    sources = [i for i in range(reports) if i not in receivers]
    planted: list[dict] = []
    used_targets: set[tuple[int, int]] = set()

    def plant(src: int, dst: int, exact: bool) -> None:
        s_idx = rng.choice(items[src].body)
        candidates = [b for b in items[dst].body if (dst, b) not in used_targets]
        if not candidates:
            return
        d_idx = rng.choice(candidates)
        text = items[src].lines[s_idx]
        if exact:
            copy, j = text, 1.0
        else:
            made = near_copy(text, rng, threshold)
            if made is None:
                return
            copy, j = made
        items[dst].lines[d_idx] = copy
        used_targets.add((dst, d_idx))
        planted.append(
            {
                "path": items[dst].path,
                "line": d_idx + 1,
                "source_path": items[src].path,
                "source_line": s_idx + 1,
                "jaccard": round(j, 4),
                "kind": "exact" if exact else "near",
            }
        )

    for dst in sorted(receivers):
        for _ in range(rng.randint(1, 2)):
            plant(rng.choice(sources), dst, exact=rng.random() < 0.4)
    # A few paragraphs copied into many files (must be reported once per file).
    spread_receivers = sorted(receivers)
    for _ in range(max(1, reports // 500)):
        src = rng.choice(sources)
        s_idx = rng.choice(items[src].body)
        for dst in rng.sample(spread_receivers, min(8, len(spread_receivers))):
            candidates = [b for b in items[dst].body if (dst, b) not in used_targets]
            if not candidates:
                continue
            d_idx = rng.choice(candidates)
            items[dst].lines[d_idx] = items[src].lines[s_idx]
            used_targets.add((dst, d_idx))
            planted.append(
                {
                    "path": items[dst].path,
                    "line": d_idx + 1,
                    "source_path": items[src].path,
                    "source_line": s_idx + 1,
                    "jaccard": 1.0,
                    "kind": "spread",
                }
            )
    for item in items:
        (out / item.path).write_text("\n".join(item.lines) + "\n", encoding="utf-8")
    truth = {
        "reports": reports,
        "seed": seed,
        "threshold": threshold,
        "style": style,
        "paragraphs": sum(len(it.lines) for it in items),
        "planted": planted,
    }
    truth_path = out.parent / (out.name + ".truth.json")
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copy-share", type=float, default=0.1)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument(
        "--style",
        choices=("clauses", "sentences", "small"),
        default="clauses",
        help="recombine seed clauses (default) or only whole seed sentences (a stress test: "
        "every sentence then recurs in hundreds of reports); 'small': notes of a few "
        "hundred bytes (many small files, issue 18 item 13)",
    )
    args = parser.parse_args()
    truth = build(args.out, args.reports, args.seed, args.copy_share, args.threshold, args.style)
    print(
        f"{args.reports} reports, {truth['paragraphs']} lines, "
        f"{len(truth['planted'])} planted copies -> {args.out}"
    )


if __name__ == "__main__":
    main()
