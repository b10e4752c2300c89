"""Weight and load time of the ``--format html`` page for hundreds or thousands of reports.

    python bench/bench_html.py [--sizes 500 2000] [--runs 3] [--dir /tmp/replint-bench-html]

For each size, builds that many distinct reports with ``bench/make_corpus.py`` (seeds
recombined, placeholders and copied paragraphs planted), then:

- runs ``replint --format html -o page.html DIR`` (the whole command: lint + page);
- times the page rendering alone (``render_page`` on the report of ``lint_paths``);
- measures the page: bytes, gzip bytes, findings, DOM nodes;
- loads it in headless Chromium (DevTools pipe, ``tests/fixtures/cdp.py``) ``--runs``
  times, from a fresh tab each time: time to DOMContentLoaded and to the load event
  (navigation timing), then the script's start-up, opening one report and applying
  a filter to every finding, timed inside the page with ``performance.now()``.

Nothing here is asserted; the figures go in the issue and the README.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def build_corpus(directory: Path, size: int, seed: int) -> Path:
    out = directory / f"reports-{size}"
    if not out.is_dir() or len(list(out.glob("*.txt"))) != size:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "make_corpus.py"),
                str(out),
                "--reports",
                str(size),
                "--seed",
                str(seed),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return out


def run_cli(corpus: Path, page: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "replint", "--format", "html", "-o", str(page), "-q", str(corpus)],
        cwd=corpus.parent,
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"replint failed: {proc.stderr.decode()[:500]}")
    return elapsed


def time_render(corpus: Path) -> tuple[float, int]:
    from replint import lint_paths
    from replint.formatters.html.page import render_page

    report = lint_paths([str(corpus)])
    start = time.perf_counter()
    text = render_page(report)
    return time.perf_counter() - start, len(text.encode("utf-8"))


IN_PAGE = """(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const t0 = performance.now();
  document.querySelector(".files-table a[href^='#r']").click();
  const opened = performance.now() - t0;
  const t1 = performance.now();
  document.querySelector("input[name=sev]").click();
  const filtered = performance.now() - t1;
  document.querySelector("input[name=sev]").click();
  return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, opened, filtered,
          nodes: document.getElementsByTagName("*").length,
          marks: document.querySelectorAll("mark.f[data-f]").length,
          findings: document.querySelectorAll("li.fi").length};
})()"""


def time_browser(page: Path, runs: int) -> dict[str, float]:
    from fixtures.cdp import Browser, find_chromium

    chromium = find_chromium()
    if chromium is None:
        print("  (no Chromium: browser figures skipped)")
        return {}
    results: list[dict[str, float]] = []
    browser = Browser(chromium)
    browser.call("Performance.enable")
    try:
        for _ in range(runs):
            browser.navigate("about:blank")
            wall = time.perf_counter()
            browser.open_file(page, timeout=600)
            wall = time.perf_counter() - wall
            metrics = browser.evaluate(IN_PAGE)
            perf = {
                m["name"]: m["value"] for m in browser.call("Performance.getMetrics")["metrics"]
            }
            metrics["wall"] = wall * 1000
            metrics["heap_mb"] = perf.get("JSHeapUsedSize", 0) / 1e6
            results.append(metrics)
    finally:
        browser.close()
    keys = results[0].keys()
    return {k: statistics.median(r[k] for r in results) for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/replint-bench-html"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        corpus = build_corpus(args.dir, size, args.seed)
        page = args.dir / f"page-{size}.html"
        cli = run_cli(corpus, page)
        render, render_bytes = time_render(corpus)
        raw = page.read_bytes()
        print(f"{size} reports:")
        print(f"  replint --format html (lint + page): {cli:.1f} s")
        print(f"  render_page alone: {render * 1000:.0f} ms ({render_bytes / 1e6:.1f} MB)")
        print(
            f"  page: {len(raw) / 1e6:.1f} MB, gzip {len(gzip.compress(raw, 6)) / 1e6:.2f} MB, "
            f"{len(raw) / size / 1e3:.1f} kB per report"
        )
        figures = time_browser(page, args.runs)
        if figures:
            print(
                f"  Chromium (median of {args.runs}): DOMContentLoaded {figures['dcl']:.0f} ms, "
                f"load event {figures['load']:.0f} ms (wall {figures['wall']:.0f} ms); "
                f"open a report {figures['opened']:.1f} ms; "
                f"filter {figures['findings']:.0f} findings {figures['filtered']:.0f} ms; "
                f"{figures['nodes']:.0f} DOM elements, JS heap {figures['heap_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
