"""Incremental: rebuilding after 1% of the documents changed, against the full build of the same corpus.

Builds the 100,000-question corpus (scale_corpus.py) into a fresh on-disk store, then changes 1% of the
documents (answers corrected: new text and a correction date) and rebuilds into the same store. Two ways
the 1% can fall: in the newest files (how updates arrive: recent questions get their answers), and spread
over every file (the worst case: no file can be skipped unread). Also a rebuild with nothing changed.

    python benchmarks/incremental.py [--questions 100000] [--mentions]

Target (issue 4): the rebuild after 1% changed takes under 5% of the full build.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import make_corpus  # noqa: E402


def change(files: list[Path], fraction: float, *, spread: bool, tag: str) -> int:
    """Correct the answers of ``fraction`` of the questions; returns how many were changed."""
    lines_per = [f.read_text(encoding="utf-8").splitlines() for f in files]
    total = sum(len(x) for x in lines_per)
    want = max(1, int(total * fraction))
    rng = random.Random(4)
    if spread:
        targets = rng.sample([(i, j) for i, ls in enumerate(lines_per) for j in range(len(ls))], want)
    else:
        targets = []
        for i in range(len(files) - 1, -1, -1):
            targets += [(i, j) for j in range(len(lines_per[i]))]
            if len(targets) >= want:
                break
        targets = targets[:want]
    for i, j in targets:
        item = json.loads(lines_per[i][j])
        value = item["value"]
        value["answerText"] = f"<p>Correction ({tag}): {value.get('answerText') or ''}</p>"
        value["answerIsCorrection"] = True
        value["dateAnswerCorrected"] = "2025-01-15T00:00:00"
        lines_per[i][j] = json.dumps(item)
    for i in sorted({i for i, _ in targets}):
        files[i].write_text("\n".join(lines_per[i]) + "\n", encoding="utf-8")
    return len(targets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--mentions", action="store_true")
    args = parser.parse_args()
    from kgraph.build import Builder
    from kgraph.store import open_store

    print(f"machine: {os.cpu_count()} cores; mentions {'on' if args.mentions else 'off'}")
    with tempfile.TemporaryDirectory(prefix="kgraph-incr-") as tmp:
        tmp_path = Path(tmp)
        files = make_corpus(tmp_path / "corpus", args.questions)
        store = open_store(tmp_path / "store")

        def timed(label: str):
            t = time.perf_counter()
            report = Builder(store, mentions=args.mentions).build([tmp_path / "corpus"])
            seconds = time.perf_counter() - t
            t = time.perf_counter()
            quads = report.counts["triples"]  # what `kgraph build` adds to print its summary
            count_s = time.perf_counter() - t
            print(f"{label}: {seconds:.2f} s (+ {count_s:.2f} s counting the store for the summary); "
                  f"{report.written:,} written, {report.unchanged:,} unchanged, "
                  f"{report.files} files read, {report.files_unchanged} skipped; {quads:,} quads", flush=True)
            return seconds, seconds + count_s

        full = timed(f"full build of {args.questions:,} questions in {len(files)} files")
        same = timed("rebuild, nothing changed")
        n = change(files, 0.01, spread=False, tag="recent")
        recent = timed(f"rebuild after {n:,} changed in the newest files")
        n = change(files, 0.01, spread=True, tag="spread")
        spread = timed(f"rebuild after {n:,} changed spread over every file")
        for i, what in enumerate(("build", "build and summary counts (as `kgraph build` does)")):
            print(f"\nrebuild / full build, {what}: nothing changed {same[i] / full[i]:.1%}; 1% changed in "
                  f"newest files {recent[i] / full[i]:.1%}; 1% changed spread over all files "
                  f"{spread[i] / full[i]:.1%}")


if __name__ == "__main__":
    main()
