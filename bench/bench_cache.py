"""Cache entry formats measured on replint's own entries: JSON against the alternatives.

Usage::

    python bench/bench_cache.py [--reports 500] [--dir /tmp/replint-bench] [--repeat 5]

The entries are the ones replint stores or could store: R201's archive index over a
bench corpus (``bench/make_corpus.py``), every finding of that corpus, and the parsed
built-in data files (the start-up table). For each format the best of ``--repeat``:
encode, parse (bytes to plain values) and, for plain formats, the schema decode back
into the frozen values (``replint.infra.cache.from_plain``), with the size in bytes.
``pickle`` is listed as what the cache used to store (it runs code when loaded, so it
is not a candidate); ``orjson`` and ``msgpack`` are measured when installed. Finally
one whole ``Cache.get`` of the archive index (read, digest, parse, decode) against
building the index again.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402  (a sibling script, not a package)


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def entries(directory: Path) -> dict[str, tuple[Any, Any]]:
    """name -> (value, schema)."""
    from replint_rules.repetition import CopiedFromOtherReport, passages

    from replint.config import load_config
    from replint.infra import datafile
    from replint.model.findings import Finding
    from replint.rule import resolve_options
    from replint.session import Session
    from replint.testing import read_source
    from replint.text.simjoin import ArchiveIndex, ShingleTable

    docs = [read_source(p.name, p.read_bytes()) for p in sorted(directory.glob("*.txt"))]
    options = resolve_options(CopiedFromOtherReport, {})
    groups = [tuple(passages(d, options["min_length"])) for d in docs]
    table = ShingleTable.build(p.norm for g in groups for p in g)
    index = ArchiveIndex.build([table], float(options["threshold"]))
    report = Session(load_config(None), jobs=1, use_baseline=False).lint([str(directory)])
    data_files = sorted((HERE.parent / "rules" / "data").glob("*.yaml"))
    parsed = {str(p.name): datafile.load_yaml(p, cache=False) for p in data_files}
    return {
        f"archive index ({len(docs)} reports)": (index, ArchiveIndex),
        f"findings ({len(report.findings)})": (report.findings, tuple[Finding, ...]),
        # The start-up table stores parsed YAML as it is (JSON values): no schema step.
        f"parsed data files ({len(parsed)})": (parsed, "raw"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/replint-bench"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from replint.infra.cache import Cache, from_plain, to_plain

    directory = args.dir / f"c{args.reports}"
    if not directory.is_dir():
        make_corpus.build(directory, args.reports, 1, copy_share=0.1, threshold=0.8)
    formats: dict[str, tuple[Callable[[Any], bytes], Callable[[bytes], Any]]] = {
        "json": (
            lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode(),
            json.loads,
        ),
    }
    try:
        import orjson

        formats["orjson"] = (orjson.dumps, orjson.loads)
    except ImportError:
        print("orjson not installed: not measured")
    try:
        import msgpack

        formats["msgpack"] = (msgpack.packb, lambda b: msgpack.unpackb(b, strict_map_key=False))
    except ImportError:
        print("msgpack not installed: not measured")
    r = args.repeat
    for name, (value, schema) in entries(directory).items():
        print(f"\n{name}")
        raw = schema == "raw"
        t_plain, plain = best(lambda v=value, s=schema, w=raw: v if w else to_plain(v, s), r)
        print(f"  to_plain {t_plain * 1e3:8.1f} ms")
        for fmt, (dumps, loads) in formats.items():
            t_enc, blob = best(lambda p=plain, d=dumps: d(p), r)
            t_dec, back = best(lambda b=blob, lo=loads: lo(b), r)
            t_schema, _ = best(lambda b=back, s=schema, w=raw: b if w else from_plain(b, s), r)
            print(
                f"  {fmt:8} {len(blob) / 1024:9.0f} KB  encode {t_enc * 1e3:7.1f} ms  "
                f"parse {t_dec * 1e3:7.1f} ms  + schema decode {t_schema * 1e3:7.1f} ms  "
                f"= load {(t_dec + t_schema) * 1e3:7.1f} ms"
            )
        t_enc, blob = best(lambda v=value: pickle.dumps(v, protocol=5), r)
        t_dec, _ = best(lambda b=blob: pickle.loads(b), r)
        print(
            f"  {'pickle':8} {len(blob) / 1024:9.0f} KB  encode {t_enc * 1e3:7.1f} ms  "
            f"load {t_dec * 1e3:7.1f} ms  (the old format: runs code when loaded)"
        )
        if "archive" in name:
            with tempfile.TemporaryDirectory() as tmp:
                cache = Cache("r201-archive", directory=tmp)
                key = cache.key("bench")
                cache.put(key, value, schema=schema)
                t_get, got = best(lambda c=cache, k=key, s=schema: c.get(k, schema=s), r)
                assert got is not None
                from replint.text.simjoin import ArchiveIndex

                threshold = value.index.threshold
                t_build, _ = best(
                    lambda t=threshold: ArchiveIndex.build([_table_of(directory)], t),
                    max(1, r // 2),
                )
                print(
                    f"  Cache.get (read + digest + json + schema) {t_get * 1e3:.1f} ms; "
                    f"shingling and building it again {t_build * 1e3:.1f} ms"
                )


def _table_of(directory: Path) -> Any:
    from replint_rules.repetition import CopiedFromOtherReport, passages

    from replint.rule import resolve_options
    from replint.testing import read_source
    from replint.text.simjoin import ShingleTable

    options = resolve_options(CopiedFromOtherReport, {})
    docs = [read_source(p.name, p.read_bytes()) for p in sorted(directory.glob("*.txt"))]
    return ShingleTable.build(p.norm for d in docs for p in passages(d, options["min_length"]))


if __name__ == "__main__":
    main()
