"""How fast the .docx reader is, and how fast it refuses hostile files.

    python bench/bench_docx.py [--paragraphs 1000] [--runs 30] [--bomb-mb 256] [--compare]

Builds a report of N paragraphs from the seed texts (headings, body, one table every 50
paragraphs, split runs) with python-docx (a test dependency), then times
``read_docx`` on it. Builds a real zip bomb (document.xml that inflates to --bomb-mb MB)
and a package that declares 1.2 GB, and times how long the reader takes to refuse each,
with the peak memory it allocated. --compare also times python-docx on the same file.
The Markdown reader is timed on the seeds rendered as a ~16 KB weekly report.

Target (issue 5): 1,000 paragraphs read in under 50 ms; bombs refused in milliseconds.
Target (issue 15): annotating 1,000 paragraphs (comments and tracked changes) under 0.5 s.
"""

from __future__ import annotations

import argparse
import io
import statistics
import struct
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replint.model.errors import ReadError  # noqa: E402
from replint.readers import ReadOptions  # noqa: E402


def seed_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines.extend(s for s in path.read_text(encoding="utf-8").splitlines() if s.strip())
    return lines


def build_report(paragraphs: int) -> bytes:
    import docx

    lines = seed_lines()
    doc = docx.Document()
    count = 0
    i = 0
    while count < paragraphs:
        line = lines[i % len(lines)]
        i += 1
        if count % 50 == 25 and count + 4 <= paragraphs:
            table = doc.add_table(rows=2, cols=2)
            for r in range(2):
                for c in range(2):
                    table.cell(r, c).text = lines[(i + r * 2 + c) % len(lines)][:60]
            count += 4
            continue
        if line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            doc.add_paragraph(line, style="Heading 1")
        elif "XX" in line:
            at = line.index("XX") + 1
            para = doc.add_paragraph()
            para.add_run(line[:at])
            para.add_run(line[at:]).bold = True
        else:
            doc.add_paragraph(line)
        count += 1
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def real_bomb(megabytes: int) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    unit = b"<w:p><w:r><w:t>XX</w:t></w:r></w:p>" * 4096
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/document.xml", "w", force_zip64=True) as out,
    ):
        out.write(f"<w:document {ns}><w:body>".encode())
        written = 0
        while written < megabytes * 1024 * 1024:
            out.write(unit)
            written += len(unit)
        out.write(b"</w:body></w:document>")
    return buf.getvalue()


def declared_bomb(good: bytes, size: int) -> bytes:
    """A small package whose central directory claims document.xml is ``size`` bytes."""
    out = bytearray(good)
    name = b"word/document.xml"
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        n = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46 : pos + 46 + n]) == name:
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(best, median) wall time in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def refusal(
    read: Callable[[bytes], object], data: bytes, runs: int
) -> tuple[float, float, int, str]:
    def attempt() -> str:
        try:
            read(data)
        except ReadError as exc:
            return str(exc)
        raise AssertionError("the reader accepted a hostile file")

    message = attempt()
    best, median = timed(attempt, runs)
    tracemalloc.start()
    attempt()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, median, peak, message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--bomb-mb", type=int, default=256)
    parser.add_argument("--compare", action="store_true", help="also time python-docx")
    args = parser.parse_args()

    start = time.perf_counter()
    from replint.readers.docx import read_docx

    import_ms = (time.perf_counter() - start) * 1000

    def read(data: bytes) -> object:
        return read_docx("bench.docx", data, ReadOptions())

    data = build_report(args.paragraphs)
    first_start = time.perf_counter()
    doc = read_docx("bench.docx", data, ReadOptions())
    first_ms = (time.perf_counter() - first_start) * 1000
    chars = sum(len(p.text) for p in doc.paragraphs)
    best, median = timed(lambda: read(data), args.runs)
    print(f"python {sys.version.split()[0]}")
    print(
        f"docx read: {len(doc.lines)} paragraphs ({len(doc.paragraphs)} with text, "
        f"{chars:,} chars, {len(data) / 1024:.0f} KB file): best {best:.1f} ms, "
        f"median {median:.1f} ms over {args.runs} runs; first call {first_ms:.1f} ms "
        f"(module import {import_ms:.1f} ms)"
    )
    # replint annotate: the findings of a full lint written back as comments and
    # tracked changes (issue 15 target: under 0.5 s for 1,000 paragraphs).
    import tempfile

    from replint.annotate import annotate_docx

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.docx"
        path.write_bytes(data)
        from replint.api import lint_paths

        findings = lint_paths([str(path)]).findings
    fixes = sum(1 for f in findings if f.fix is not None and f.fix.safe)
    best_a, median_a = timed(lambda: annotate_docx(data, findings), max(5, args.runs // 3))
    print(
        f"annotate: {len(findings)} findings ({fixes} safe fixes) written into "
        f"{len(doc.lines)} paragraphs: best {best_a:.1f} ms, median {median_a:.1f} ms "
        "(the lint itself not included)"
    )
    if args.compare:
        import docx

        def with_python_docx() -> object:
            document = docx.Document(io.BytesIO(data))
            return [p.text for p in document.paragraphs]

        best_pd, median_pd = timed(with_python_docx, max(5, args.runs // 3))
        print(f"python-docx on the same file: best {best_pd:.1f} ms, median {median_pd:.1f} ms")

    build_start = time.perf_counter()
    bomb = real_bomb(args.bomb_mb)
    build_s = time.perf_counter() - build_start
    best, median, peak, message = refusal(read, bomb, args.runs)
    print(
        f"zip bomb ({len(bomb) / 1024:.0f} KB file inflating to {args.bomb_mb} MB, built in "
        f"{build_s:.1f} s): refused in best {best:.2f} ms, median {median:.2f} ms, "
        f"peak allocation {peak / 1024:.0f} KB"
    )
    print(f"  message: {message}")
    lying = declared_bomb(data, 1_300_000_000)
    best, median, peak, _ = refusal(read, lying, args.runs)
    print(
        f"declared 1.2 GB document.xml: refused in best {best:.2f} ms, median {median:.2f} ms, "
        f"peak allocation {peak / 1024:.0f} KB"
    )

    from replint.readers.markdown import read_markdown

    lines = seed_lines()
    md_parts = ["# 周报", ""]
    size = 0
    for k, line in enumerate(lines):
        if size > 16 * 1024:
            break
        md_parts.append(f"## {line[:20]}" if k % 8 == 0 else f"- {line[:120]} `code x`")
        md_parts.append("")
        size += len(md_parts[-2].encode())
    md = "\n".join(md_parts).encode()
    read_markdown("bench.md", md, ReadOptions())  # imports markdown-it-py
    best, median = timed(lambda: read_markdown("bench.md", md, ReadOptions()), args.runs)
    print(f"markdown read ({len(md) / 1024:.0f} KB): best {best:.1f} ms, median {median:.1f} ms")


if __name__ == "__main__":
    main()
