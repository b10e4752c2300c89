"""`replint server`: diagnostics latency after a change, and memory over many edits.

Targets (issue 17): diagnostics for a 10,000-character report within 100 ms of a
change; the server's memory stable over 1,000 edits.

The script starts the server over stdio with pygls' own client, opens a generated
Markdown report of about 10,000 characters (Chinese work-report shaped: numbered
headings, paragraphs with figures, one placeholder and a half-width comma), then:

1. latency: N single-character edits (incremental didChange, alternately inserting
   and deleting a character in the middle of the report), each timed from sending
   the change to receiving the publishDiagnostics for that version. Run with the
   server's default debounce (20 ms: the figure an editor user sees) and with
   debounce 0 (the cost of checking alone). Median, 95th percentile and max.
2. memory: 1,000 such edits, each waited for, with the server's resident set size
   (VmRSS from /proc, Linux) sampled every 100 edits.

usage: python bench/bench_server.py [--edits 1000] [--latency 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

UNITS = ["区财政局", "市场监管所", "街道办事处", "综合执法队", "社区服务中心", "档案馆"]
WORKS = [
    "完成年度预算编制和执行分析，压减一般性支出{n}万元，保障重点项目资金及时到位",
    "开展安全生产专项检查{n}次，整改隐患问题{m}处，建立问题台账并逐项销号",
    "组织干部职工集中学习{n}次，围绕业务能力提升举办专题培训班{m}期",
    "推进政务服务事项网上办理，{n}项高频事项实现全程网办，平均办理时限压缩{m}%",
    "落实基层走访制度，走访企业和群众{n}户，收集意见建议{m}条并全部答复",
]


def make_report(target: int = 10_000) -> str:
    parts = ["# 2024年工作总结", ""]
    heads = ["一、主要工作完成情况", "二、存在的问题", "三、下一步工作打算"]
    i = 0
    for h, head in enumerate(heads):
        parts += [f"## {head}", ""]
        share = target * (0.6 if h == 0 else 0.2)
        start = sum(len(p) + 1 for p in parts)
        while sum(len(p) + 1 for p in parts) - start < share:
            unit = UNITS[i % len(UNITS)]
            work = WORKS[i % len(WORKS)].format(n=12 + i * 7 % 90, m=3 + i * 5 % 40)
            parts += [f"（{i + 1}）{unit}{work}。", ""]
            i += 1
    parts[4] = parts[4].replace("完成", "完成XX项", 1)
    parts[6] = parts[6].replace("，", ",", 1)
    text = "\n".join(parts)
    return text[:target] if len(text) > target else text


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


class Bench:
    def __init__(self, debounce: float) -> None:
        self.client = LanguageClient("bench", "1")
        self.debounce = debounce
        self.versions: dict[int, float] = {}
        self.waiters: dict[int, asyncio.Future[float]] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            fut = self.waiters.pop(params.version or -1, None)
            if fut is not None and not fut.done():
                fut.set_result(time.perf_counter())

    async def start(self, folder: Path, text: str) -> str:
        await self.client.start_io(sys.executable, "-m", "replint", "server")
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=folder.as_uri(),
                initialization_options={"debounce": self.debounce, "workspace": False},
            )
        )
        self.client.initialized(types.InitializedParams())
        path = folder / "report.md"
        path.write_text(text, encoding="utf-8")
        self.uri = path.as_uri()
        self.version = 1
        done = self.expect(1)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=self.uri, language_id="markdown", version=1, text=text
                )
            )
        )
        await asyncio.wait_for(done, 60)
        self.line = len(text.split("\n")) // 2
        return self.uri

    def expect(self, version: int) -> asyncio.Future[float]:
        fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[version] = fut
        return fut

    async def edit(self) -> float:
        """One single-character edit; seconds until its diagnostics arrive."""
        self.version += 1
        insert = self.version % 2 == 0
        pos = types.Position(line=self.line, character=3)
        end = pos if insert else types.Position(line=self.line, character=4)
        fut = self.expect(self.version)
        sent = time.perf_counter()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=pos, end=end), text="新" if insert else ""
                    )
                ],
            )
        )
        got = await asyncio.wait_for(fut, 60)
        return got - sent

    @property
    def pid(self) -> int:
        server = self.client._server  # the subprocess pygls started
        assert server is not None
        return server.pid

    async def stats(self) -> dict[str, int]:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="replint.serverStats", arguments=[])
        )

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return (
        f"{name}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
        f"max {ms[-1]:.1f} ms over {len(ms)} edits"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=1000, help="edits for the memory run")
    parser.add_argument("--latency", type=int, default=40, help="edits per latency run")
    args = parser.parse_args()
    text = make_report()
    print(f"report: {len(text)} characters, {len(text.splitlines())} lines")
    if hasattr(os, "getloadavg"):
        print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for debounce in (0.02, 0.0):
            bench = Bench(debounce)
            t0 = time.perf_counter()
            await bench.start(folder, text)
            print(
                f"debounce {debounce * 1000:.0f} ms: first diagnostics after start "
                f"{(time.perf_counter() - t0) * 1000:.0f} ms (process start, imports, first check)"
            )
            for _ in range(5):  # warm up: jieba, compiled patterns
                await bench.edit()
            times = [await bench.edit() for _ in range(args.latency)]
            print("  " + summary("change -> diagnostics", times))
            if debounce == 0.0:
                samples = [(0, rss_kib(bench.pid))]
                objects = [(0, (await bench.stats())["objects"])]
                for i in range(1, args.edits + 1):
                    await bench.edit()
                    if i % 100 == 0:
                        samples.append((i, rss_kib(bench.pid)))
                        objects.append((i, (await bench.stats())["objects"]))
                print(
                    "memory (VmRSS) over edits: "
                    + ", ".join(f"{i}: {kib / 1024:.1f} MiB" for i, kib in samples)
                )
                print(
                    "live Python objects over edits: " + ", ".join(f"{i}: {n}" for i, n in objects)
                )
                if len(samples) > 2:
                    growth = samples[-1][1] - samples[1][1]
                    print(f"  growth from edit 100 to {samples[-1][0]}: {growth / 1024:.1f} MiB")
            await bench.stop()


if __name__ == "__main__":
    asyncio.run(main())
