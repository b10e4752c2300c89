"""The run at scale: workers send findings and corpus parts, never documents, and the
number of workers never changes what is found."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest

from replint.config import load_config
from replint.runner import run as engine
from replint.session import Session

PARAGRAPHS = [
    "全年围绕中心工作，组织开展专题学习{n}次，覆盖全体党员干部，形成调研报告{m}篇，推动问题整改落实。",
    "严格落实意识形态工作责任制，党组书记带头讲党课{n}次，班子成员深入基层调研{m}次，及时研判网络舆情。",
    "加强网络阵地建设管理，更新门户网站信息{n}条，处置不良信息{m}条，确保全年未发生重大舆情事件。",
    "存在的问题：理论学习的深度还不够，联系实际不够紧密，部分同志对意识形态工作重视不够。",
    "下一步，我们将继续加强理论武装，完善工作机制，压实工作责任，推动各项工作再上新台阶。",
]
COPIED = "在推进基层治理工作中，创新建立“网格员+志愿者”联动机制，全年化解矛盾纠纷一百二十余起，群众满意度明显提升。"


def _corpus(root: Path, reports: int = 30) -> list[str]:
    """``reports`` reports (more than the pool threshold), two of them sharing a
    paragraph, and two weekly reports whose ranges overlap."""
    folder = root / "reports"
    folder.mkdir()
    for i in range(reports):
        body = [p.format(n=i + 2, m=3 * i + 1) for p in PARAGRAPHS]
        if i in (3, 21):
            body.insert(2, COPIED)
        text = f"2024年度第{i}单位意识形态工作总结\n" + "\n".join(body) + "\n"
        (folder / f"r{i:03d}.txt").write_text(text, encoding="utf-8")
    weekly = root / "weekly"
    weekly.mkdir()
    (weekly / "周报_2024.6.3-6.7.txt").write_text(
        "周报（2024年6月3日—6月7日）\n本周完成：接口开发。\n下周计划：联调测试。\n",
        encoding="utf-8",
    )
    (weekly / "周报_2024.6.10-6.14.txt").write_text(
        "周报（2024年6月3日—6月14日）\n本周完成：联调测试。\n下周计划：上线。\n", encoding="utf-8"
    )
    return ["reports", "weekly"]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return _corpus(tmp_path)


def _found(paths: list[str], jobs: int) -> list[tuple]:
    session = Session(load_config(None), jobs=jobs)
    report = session.lint(paths)
    return [(f.path, f.line, f.column, f.code, f.message) for f in report.findings]


def test_one_worker_and_two_find_the_same(tree):
    serial = _found(tree, 1)
    parallel = _found(tree, 2)
    assert parallel == serial
    codes = {code for _path, _line, _col, code, _msg in serial}
    assert {"R201", "D114"} <= codes  # the corpus rules ran in both
    r201 = {(path, line) for path, line, _c, code, _m in serial if code == "R201"}
    assert {("reports/r003.txt", 4), ("reports/r021.txt", 4)} <= r201


def test_a_block_sends_back_parts_not_documents(tree):
    session = Session(load_config(None), jobs=1)
    plan = session.plan
    assert {"R201", "D114"} <= {r.code for r in plan.selection.rules if r.corpus}
    targets = session.targets(tree)
    results = engine.lint_block(plan, targets)
    assert all(r.document is None for r in results)
    parts = [r.corpus for r in results if r.corpus]
    assert len(parts) == 1 and {"R201", "D114"} <= set(parts[0])
    # What a worker pickles for the parent holds no Document (nor its paragraphs).
    sent = pickle.dumps(results)
    assert b"Document" not in sent and b"Paragraph" not in sent


def test_a_corpus_rule_without_prepare_corpus_still_gets_documents(tree):
    from replint.rule import Rule

    class CountFiles(Rule):
        """Counts the files of a run (a plugin's corpus rule without prepare_corpus)."""

        code = "X901"
        name = "count-files"
        corpus = True
        options: ClassVar[dict] = {}

        def check_corpus(self, docs, options, references=()):
            assert all(hasattr(d, "paragraphs") for d in docs)
            yield self.document_finding(docs[0], f"{len(docs)} files")

    session = Session(load_config(None), jobs=1)
    plan = session.plan
    plan = replace(
        plan,
        selection=replace(plan.selection, rules=(*plan.selection.rules, CountFiles)),
        options={**plan.options, "X901": {}},
    )
    results = engine.lint_block(plan, session.targets(tree))
    assert all(r.document is not None for r in results)
    found = engine.run(plan, session.targets(tree), jobs=2).report.findings
    assert [f.message for f in found if f.code == "X901"] == ["32 files"]


def test_one_file_without_an_archive_prepares_no_corpus_part(tree, monkeypatch):
    from replint_rules.repetition import CopiedFromOtherReport

    calls = []
    original = CopiedFromOtherReport.prepare_corpus

    def counting(self, docs, options):
        calls.append(len(docs))
        return original(self, docs, options)

    monkeypatch.setattr(CopiedFromOtherReport, "prepare_corpus", counting)
    one = _found(["reports/r003.txt"], 1)
    assert calls == [] and not [f for f in one if f[3] == "R201"]
    _found(["reports"], 1)
    assert calls == [30]  # more than one file: one part for the block
