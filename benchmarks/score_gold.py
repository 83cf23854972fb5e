"""Score the graph kgraph builds against the gold annotations, end to end, with the gold's own scorer.

Builds the documents the dev gold names (the seed page and two months of full-text API responses), exports
Turtle exactly as ``kgraph build`` does, and runs ``../shared/gold/score.py`` on it. This is the number the
held-out set is judged by, so it is measured through the real pipeline, not the extractor alone.

    python benchmarks/score_gold.py [--show-errors] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_DOCS = ("corpus/seed/offences-against-children.txt", "corpus/bulk/2023-12.fulltext.jsonl",
            "corpus/bulk/2024-08.fulltext.jsonl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--keep", type=Path, help="write graph.ttl here instead of a temporary folder")
    args = parser.parse_args()
    gold = SHARED / "gold"
    if not (gold / "score.py").exists():
        print(f"skipped: {gold} is absent", file=sys.stderr)
        return 0
    sys.path.insert(0, str(ROOT))
    from kgraph.build import build
    from kgraph.export import export
    from kgraph.store import OxigraphStore

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        store = OxigraphStore()
        t0 = time.perf_counter()
        report = build([SHARED / d for d in DEV_DOCS], store)
        export(store, out / "graph.ttl", "turtle")
        print(f"built: {report.summary()} ({time.perf_counter() - t0:.1f}s)")
        cmd = [sys.executable, str(gold / "score.py"), str(gold / "dev.jsonl"), str(out / "graph.ttl"),
               str(ROOT / "ontology")]
        if args.show_errors:
            cmd.append("--show-errors")
        return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
