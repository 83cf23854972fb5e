"""Ingest: questions/s and triples/s end to end, against a raw Oxigraph bulk load of the same quads.

Runs ``kgraph.build`` (reading, mapping, extraction when --mentions, writing to a fresh on-disk store,
``workers`` = one per core) on ``../shared/corpus/bulk/longform`` and on a 100,000-question corpus made
from the real one in a temporary folder. The floor is pyoxigraph's ``bulk_load`` of the very quads the
build produced (dumped to N-Quads first), into a fresh on-disk store: no reading, no mapping, no checks.
Each build runs in its own process so its peak RSS (main process and largest worker) is its own.

    python benchmarks/ingest.py [--questions 100000] [--mentions] [--workers N]

Targets (issue 4): >= 1,000 questions/s; >= 10% of the raw bulk-load rate; peak RSS <= 2 GiB at 100k.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import corpus_or_exit, make_corpus  # noqa: E402

_CHILD = """
import json, resource, sys, time
from kgraph.build import Builder
from kgraph.store import open_store
store = open_store(sys.argv[1])
t = time.perf_counter()
report = Builder(store, mentions=sys.argv[3] == "1", workers=int(sys.argv[4])).build([sys.argv[2]])
seconds = time.perf_counter() - t
store.close()
print(json.dumps({"seconds": seconds, "questions": report.documents, "written": report.written,
                  "rejects": len(report.rejects), "triples": report.counts["triples"],
                  "rss_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_build(store: Path, corpus: Path, *, mentions: bool, workers: int) -> dict:
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", _CHILD, str(store), str(corpus), "1" if mentions else "0",
                          str(workers)], cwd=root, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def raw_bulk_load(store: Path, tmp: Path) -> tuple[float, int]:
    """Seconds for Oxigraph to bulk-load the quads of ``store`` into a fresh on-disk store."""
    nq = tmp / "dump.nq"
    src = ox.Store.read_only(str(store))
    src.dump(str(nq), format=ox.RdfFormat.N_QUADS)
    del src
    target = ox.Store(str(tmp / "raw"))
    t = time.perf_counter()
    target.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    target.flush()
    seconds = time.perf_counter() - t
    return seconds, len(target)


def measure(label: str, corpus: Path, *, mentions: bool, workers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kgraph-ingest-") as tmp:
        tmp_path = Path(tmp)
        r = run_build(tmp_path / "store", corpus, mentions=mentions, workers=workers)
        raw_s, raw_quads = raw_bulk_load(tmp_path / "store", tmp_path)
    qps, tps = r["questions"] / r["seconds"], r["triples"] / r["seconds"]
    raw_tps = raw_quads / raw_s
    print(f"{label} (mentions={'on' if mentions else 'off'}, workers={workers}): {r['questions']:,} questions, "
          f"{r['triples']:,} triples in {r['seconds']:.1f} s -> {qps:,.0f} questions/s, {tps:,.0f} triples/s; "
          f"raw bulk load {raw_quads:,} quads in {raw_s:.2f} s = {raw_tps:,.0f} quads/s; "
          f"kgraph at {tps / raw_tps:.1%} of raw; peak RSS main {r['rss_main']:.0f} MiB, "
          f"largest worker {r['rss_worker']:.0f} MiB; rejects {r['rejects']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--mentions", action="store_true", help="also measure with mention extraction")
    parser.add_argument("--mentions-large", action="store_true", help="with mentions on the large corpus too")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    corpus = corpus_or_exit()
    print(f"machine: {os.cpu_count()} cores; pyoxigraph {ox.__version__}")
    longform = corpus / "bulk" / "longform"
    measure("longform", longform, mentions=False, workers=args.workers)
    if args.mentions:
        measure("longform", longform, mentions=True, workers=args.workers)
    with tempfile.TemporaryDirectory(prefix="kgraph-100k-") as tmp:
        files = make_corpus(Path(tmp), args.questions)
        label = f"{args.questions:,}-question corpus ({len(files)} files)"
        measure(label, Path(tmp), mentions=False, workers=args.workers)
        if args.mentions_large:
            measure(label, Path(tmp), mentions=True, workers=args.workers)


if __name__ == "__main__":
    main()
