#!/usr/bin/env python3
"""Answers per second (one core) of extract_mentions over ../shared/corpus/bulk/longform, against a baseline.

The HTML answers are turned into text first (not timed); then the same texts go through a baseline pass
(``str.lower()`` and a word regex, the least any text processing costs) and through extract_mentions with
role="answer". The ratio says how many baseline passes one extraction costs; the target is at least
500 answers per second per core.

usage: python benchmarks/extract_speed.py [--limit N]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from htmltext import html_to_text  # noqa: E402

from kgraph.extract import extract_mentions  # noqa: E402
from kgraph.reference.gazetteer import gazetteer  # noqa: E402

LONGFORM = ROOT.parent / "shared" / "corpus" / "bulk" / "longform"
_WORD = re.compile(r"\w+")


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    files = sorted(LONGFORM.glob("*.jsonl"))
    if not files:
        print(f"no corpus at {LONGFORM}", file=sys.stderr)
        return 2
    texts = [html_to_text(json.loads(line).get("answerText") or "") for f in files for line in f.open(encoding="utf-8")]
    texts = texts[:limit] if limit else texts
    gazetteer()  # loading the package data once is not per-answer work
    extract_mentions("warm up the Home Office", role="answer")

    t0 = time.process_time()
    words = sum(len(_WORD.findall(t.lower())) for t in texts)
    base = time.process_time() - t0

    t0 = time.process_time()
    mentions = sum(len(extract_mentions(t, role="answer")) for t in texts)
    took = time.process_time() - t0

    chars = sum(map(len, texts))
    print(f"{len(texts)} answers, {chars / len(texts):.0f} chars each on average, {words} words, {mentions} mentions")
    print(f"baseline lower()+regex: {len(texts) / base:10.0f} answers/s")
    print(f"extract_mentions:       {len(texts) / took:10.0f} answers/s per core (CPU time; target >= 500)")
    print(f"ratio extraction/baseline time: {took / base:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
