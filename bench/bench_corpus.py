"""Corpus-scale bench: time, peak memory and recall of planted copies.

Usage::

    python bench/bench_corpus.py                      # 2,000 and 4,000 reports, whole process
    python bench/bench_corpus.py --sizes 2000 --repeat 3
    python bench/bench_corpus.py --mode in-process    # read + R201 check_corpus only
    python bench/bench_corpus.py --select R201        # whole process, one rule

Corpora come from ``bench/make_corpus.py`` (generated once under ``--dir``, same seed
every time). The whole-process mode runs ``replint --format json DIR`` exactly as a
user would (default rules unless ``--select``), and reports:

- wall time (the best of ``--repeat`` runs: the machine may be shared),
- peak memory: the largest sum of resident memory over replint's process tree,
  sampled every 20 ms from /proc, and the largest single process (getrusage),
- recall: the share of planted copies (both the copy and its source) reported by
  R201 at the right file and line, and how many R201 findings fall elsewhere.

Targets (issue 4, 2-core machine): 2,000 reports in <= 30 s, 4,000 in <= 2.2 x the
2,000 time, peak memory <= 1 GB, recall 1.0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (a sibling script, not a package)


def corpus(base: Path, reports: int, seed: int, style: str = "clauses") -> tuple[Path, dict]:
    name = f"c{reports}" if style == "clauses" else f"{style}{reports}"
    out = base / name
    truth_path = base / f"{name}.truth.json"
    if not truth_path.exists() or not out.is_dir():
        make_corpus.build(out, reports, seed, copy_share=0.1, threshold=0.8, style=style)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return out, truth


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _runnable() -> int:
    """Runnable tasks on the machine now (``procs_running`` of /proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("procs_running"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Run(NamedTuple):
    """One whole-process run: wall and CPU seconds (the process tree's user + system),
    peak memory of the tree and of its largest process, how busy the machine was
    (mean runnable tasks, replint's own included), and the findings."""

    seconds: float
    cpu: float
    peak: int
    single: int
    busy: float
    findings: list[dict]


def run_process(directory: Path, extra: list[str]) -> Run:
    """Run replint on ``directory`` as a user would and measure it."""
    cmd = [sys.executable, "-m", "replint", "--format", "json", *extra, directory.name]
    peak = 0
    busy: list[int] = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=directory.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        ticks = 0
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            if ticks % 10 == 0:
                busy.append(_runnable())
            ticks += 1
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if sys.platform.startswith("linux"):
        sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    if sampler.is_alive():
        sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"replint exited {proc.returncode}:\n{err.decode(errors='replace')}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    single = after.ru_maxrss * 1024
    mean_busy = sum(busy) / len(busy) if busy else float("nan")
    return Run(elapsed, cpu, peak, single, mean_busy, json.loads(out))


def run_in_process(directory: Path) -> Run:
    """Read every file and run R201's check_corpus in this process (no CLI, no workers)."""
    from replint_rules.repetition import CopiedFromOtherReport

    from replint.rule import resolve_options
    from replint.testing import read_source

    start, cpu = time.perf_counter(), time.process_time()
    docs = [read_source(p.name, p.read_bytes()) for p in sorted(directory.glob("*.txt"))]
    rule = CopiedFromOtherReport()
    found = list(rule.check_corpus(docs, resolve_options(CopiedFromOtherReport, {})))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return Run(elapsed, cpu, peak, peak, float("nan"), [f.to_dict() for f in found])


def _own_rss_mb() -> int:
    """This process's resident memory now, in MiB (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def run_parts(directory: Path) -> dict:
    """R201's memory in the parent: blocks linted as the workers lint them (R201 only),
    their parts pickled as they travel, then unpickled and checked, with this
    process's resident memory sampled every 20 ms during ``check_corpus``."""
    import gc
    import pickle
    from dataclasses import replace

    from replint.config import load_config
    from replint.plugins import collect, get_plugin_manager
    from replint.runner import plan as planner
    from replint.runner import run as engine
    from replint.runner.discover import discover

    os.chdir(directory.parent)
    config = replace(load_config(None), select=("R201",))
    plan = planner.make_plan(config, collect(get_plugin_manager()))
    targets = discover([directory.name], plan.readers.keys(), config.exclude, config.root, True)
    cpu = time.process_time()
    blobs = []
    for i in range(0, len(targets), engine._BLOCK):
        results = engine.lint_block(plan, targets[i : i + engine._BLOCK])
        blobs.append(pickle.dumps([r.corpus for r in results if r.corpus], protocol=5))
    prepare_s = time.process_time() - cpu
    gc.collect()
    before = _own_rss_mb()
    parts = [c["R201"] for blob in blobs for c in pickle.loads(blob)]
    gc.collect()
    parts_mb = _own_rss_mb() - before
    pickled = sum(map(len, blobs))
    del blobs
    gc.collect()
    base = _own_rss_mb()
    peak = base
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _own_rss_mb())
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rule = next(r for r in plan.selection.rules if r.code == "R201")
    cpu = time.process_time()
    found = list(rule().check_corpus(parts, plan.options["R201"]))
    check_s = time.process_time() - cpu
    done.set()
    sampler.join()
    return {
        "reports": len(targets),
        "prepare_cpu_s": round(prepare_s, 1),
        "pickled_mb": round(pickled / 2**20, 1),
        "parts_mb": parts_mb,
        "check_cpu_s": round(check_s, 1),
        "check_peak_over_parts_mb": peak - base,
        "peak_mb": peak,
        "r201_findings": len(found),
    }


# -- a prototype of the proposed engine wiring (see run_sliced) ------------------------

_SLICE_PLAN = None


def _lint_slice(targets: list) -> tuple[list, dict]:
    """Worker: lint a slice of files, then turn its documents into corpus parts."""
    from replint.runner import run as engine

    plan = _SLICE_PLAN
    results = [engine.lint_target(plan, t) for t in targets]
    parts = {}
    for rule_cls in plan.selection.rules:
        prepare = getattr(rule_cls, "prepare_corpus", None)
        if rule_cls.corpus and prepare is not None:
            docs = [r.document for r in results if r.document is not None]
            parts[rule_cls.code] = rule_cls().prepare_corpus(docs, plan.options[rule_cls.code])
    # Documents stay in the worker: only findings and the compact parts travel back.
    slim = [(r.display, r.findings) for r in results]
    return slim, parts


def run_sliced(directory: Path, jobs: int) -> Run:
    """The whole lint (all default rules) with the corpus step wired as proposed.

    Each worker lints a contiguous slice of the files and builds R201's CorpusPart
    for it (``prepare_corpus``); the main process merges the parts. Findings are not
    filtered or formatted, so the figure is a close estimate, not the CLI's own.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _SLICE_PLAN
    from replint.config import load_config
    from replint.plugins import collect, get_plugin_manager
    from replint.runner import plan as planner
    from replint.runner.discover import discover

    start = time.perf_counter()
    os.chdir(directory.parent)
    config = load_config(None)
    plan = planner.make_plan(config, collect(get_plugin_manager()))
    targets = discover([directory.name], plan.readers.keys(), config.exclude, config.root, True)
    _SLICE_PLAN = plan
    slices = [targets[i :: jobs * 4] for i in range(jobs * 4)]  # interleaved: even load
    findings: list = []
    parts: dict[str, list] = {}
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
        for slim, slice_parts in pool.map(_lint_slice, slices):
            for _display, items in slim:
                findings.extend(items)
            for code, part in slice_parts.items():
                parts.setdefault(code, []).append(part)
    for rule_cls in plan.selection.rules:
        if rule_cls.corpus:
            findings.extend(
                rule_cls().check_corpus(parts.get(rule_cls.code, []), plan.options[rule_cls.code])
            )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return Run(elapsed, float("nan"), peak, peak, float("nan"), [f.to_dict() for f in findings])


def run_reference(directory: Path, new_reports: int = 20, seed: int = 7) -> dict:
    """Query mode: a few new reports against the corpus as a reference archive.

    New reports are generated afresh, each with two paragraphs copied (word for word
    or near) from random archive files. R201 runs in-process with the archive's
    table cache cold, then warm (a temporary cache directory).
    """
    import random
    import tempfile

    from replint_rules.repetition import CopiedFromOtherReport

    from replint.rule import resolve_options
    from replint.testing import read_source

    rng = random.Random(seed)
    pool = make_corpus.load_pool()
    archive_paths = sorted(directory.glob("*.txt"))
    start = time.perf_counter()
    archive = [read_source(p.name, p.read_bytes(), {"cache": True}) for p in archive_paths]
    read_s = time.perf_counter() - start
    new_files: dict[str, str] = {}
    planted = set()
    for i in range(new_reports):
        report = make_corpus.make_report(f"new_{i:03d}.txt", pool, rng, "clauses")
        for line_index in rng.sample(report.body, 2):
            src = rng.choice(archive)
            body = [p for p in src.paragraphs if len(p.text) > 60]
            text = rng.choice(body).text
            made = make_corpus.near_copy(text, rng, 0.8) if rng.random() < 0.5 else None
            report.lines[line_index] = made[0] if made else text
            planted.add((report.path, line_index + 1))
        new_files[report.path] = "\n".join(report.lines) + "\n"
    docs = [read_source(name, text) for name, text in new_files.items()]
    rule = CopiedFromOtherReport()
    options = resolve_options(CopiedFromOtherReport, {})
    times = []
    with tempfile.TemporaryDirectory() as cache_dir:
        old = os.environ.get("REPLINT_CACHE_DIR")
        os.environ["REPLINT_CACHE_DIR"] = cache_dir
        try:
            for _ in range(2):
                t = time.perf_counter()
                found = list(rule.check_corpus(docs, options, archive))
                times.append(time.perf_counter() - t)
        finally:
            if old is None:
                os.environ.pop("REPLINT_CACHE_DIR", None)
            else:
                os.environ["REPLINT_CACHE_DIR"] = old
    got = {(f.path, f.line) for f in found}
    return {
        "archive_reports": len(archive),
        "new_reports": new_reports,
        "read_archive_s": round(read_s, 2),
        "cold_s": round(times[0], 2),
        "warm_s": round(times[1], 2),
        "recall": round(len(planted & got) / len(planted), 4),
        "planted": len(planted),
        "other_r201": len(got - planted),
    }


def recall(truth: dict, findings: list[dict]) -> tuple[float, int, int, int]:
    """(recall, planted places, found, R201 findings at places nobody planted)."""
    want = set()
    for p in truth["planted"]:
        want.add((p["path"], p["line"]))
        want.add((p["source_path"], p["source_line"]))
    got = {(os.path.basename(f["path"]), f["line"]) for f in findings if f["code"] == "R201"}
    hit = len(want & got)
    return (hit / len(want) if want else 1.0), len(want), hit, len(got - want)


def _key(finding: dict) -> tuple:
    return tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in finding.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/replint-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--mode",
        choices=("process", "in-process", "sliced-prototype", "reference", "parts"),
        default="process",
        help="process: the CLI as users run it; in-process: read + R201 only; "
        "sliced-prototype: all rules with the proposed worker-side corpus preparation; "
        "reference: 20 new reports against the corpus as an archive (cold and warm cache); "
        "parts: R201's parts and check_corpus in one process, their memory (the parent's share)",
    )
    parser.add_argument("--select", default=None, help="passed to replint --select")
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="+",
        default=None,
        help="passed to replint --jobs; several values run paired (A B A B ...) and are "
        "compared: speed-up against the first and whether the findings are the same",
    )
    parser.add_argument(
        "--style",
        choices=("clauses", "sentences", "small"),
        default="clauses",
        help="corpus style (see make_corpus.py; 'sentences' is a stress test, 'small' "
        "many notes of a few hundred bytes)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--save",
        type=Path,
        default=None,
        help="write each run's findings to SAVE/<reports>-j<jobs>.json (sorted), to compare "
        "two versions' findings with diff",
    )
    args = parser.parse_args()

    args.dir.mkdir(parents=True, exist_ok=True)
    if args.mode in ("reference", "parts"):
        for size in args.sizes:
            directory, _truth = corpus(args.dir, size, args.seed, args.style)
            run_one = run_reference if args.mode == "reference" else run_parts
            print(json.dumps(run_one(directory.resolve())))
        return
    jobs_list: list[int | None] = list(args.jobs) if args.jobs else [None]
    results = []
    for size in args.sizes:
        directory, truth = corpus(args.dir, size, args.seed, args.style)
        runs: dict[int | None, list[Run]] = {j: [] for j in jobs_list}
        for _ in range(args.repeat):
            for jobs in jobs_list:  # paired: every setting once per round
                extra: list[str] = []
                if args.select:
                    extra += ["--select", args.select]
                if jobs:
                    extra += ["--jobs", str(jobs)]
                if args.mode == "process":
                    runs[jobs].append(run_process(directory, extra))
                elif args.mode == "sliced-prototype":
                    runs[jobs].append(run_sliced(directory.resolve(), jobs or os.cpu_count() or 1))
                else:
                    runs[jobs].append(run_in_process(directory))
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            for jobs, these in runs.items():
                ordered = sorted(these[-1].findings, key=_key)
                out = args.save / f"{size}-j{jobs or 'default'}.json"
                out.write_text(json.dumps(ordered, ensure_ascii=False, indent=0), encoding="utf-8")
        first = runs[jobs_list[0]]
        reference = {_key(f) for f in first[-1].findings}
        for jobs in jobs_list:
            these = runs[jobs]
            rec, want, hit, extra_found = recall(truth, these[-1].findings)
            row = {
                "reports": size,
                "jobs": jobs,
                "paragraphs": truth["paragraphs"],
                "seconds": round(min(r.seconds for r in these), 2),
                "all_runs": [round(r.seconds, 2) for r in these],
                "cpu_s": round(min(r.cpu for r in these), 2),
                "busy": round(max(r.busy for r in these), 1),
                "peak_tree_mb": round(max(r.peak for r in these) / 2**20),
                "peak_single_mb": round(max(r.single for r in these) / 2**20),
                "findings": len(these[-1].findings),
                "same_findings_as_first": {_key(f) for f in these[-1].findings} == reference,
                "planted_places": want,
                "found": hit,
                "recall": round(rec, 4),
                "other_r201": extra_found,
            }
            if jobs != jobs_list[0]:
                # Paired speed-up: round by round, then the median.
                ratios = sorted(a.seconds / b.seconds for a, b in zip(first, these, strict=True))
                row["speedup_vs_first"] = round(ratios[len(ratios) // 2], 2)
            results.append(row)
    base_by_jobs = {r["jobs"]: r["seconds"] for r in results if r["reports"] == args.sizes[0]}
    for r in results:
        if r["reports"] != args.sizes[0] and base_by_jobs.get(r["jobs"]):
            r["ratio_to_first_size"] = round(r["seconds"] / base_by_jobs[r["jobs"]], 2)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"mode={args.mode} style={args.style} select={args.select or 'default'} "
        f"cpus={os.cpu_count()} load={load:.2f} (busy: mean runnable tasks during a run)"
    )
    for r in results:
        ratio = (
            f"  x{r['ratio_to_first_size']} of {args.sizes[0]}"
            if "ratio_to_first_size" in r
            else ""
        )
        speed = f"  speed-up {r['speedup_vs_first']}x" if "speedup_vs_first" in r else ""
        print(
            f"{r['reports']:>6} reports -j {r['jobs'] or 'default'}  {r['seconds']:>7.2f} s"
            f"{ratio}{speed}  (runs {r['all_runs']})  cpu {r['cpu_s']} s  busy {r['busy']}  "
            f"peak {r['peak_tree_mb']} MB tree / {r['peak_single_mb']} MB largest process  "
            f"recall {r['recall']} ({r['found']}/{r['planted_places']})  "
            f"other R201 {r['other_r201']}  findings {r['findings']}  "
            f"same findings {r['same_findings_as_first']}"
        )


if __name__ == "__main__":
    main()
