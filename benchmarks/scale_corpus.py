"""Shared by the scale benchmarks: where the real corpus is, and a 100,000-question corpus made from it.

The large corpus is written to a temporary folder (never into the project): the real single-question API
responses of ``bulk/*.fulltext.jsonl`` repeated with unique ids and UINs, 1,000 questions per JSON Lines
file, so every question is a distinct document of the real shape (members, bodies, full HTML answers).
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PER_FILE = 1000


def corpus_or_exit() -> Path:
    if not CORPUS.exists():
        sys.exit(f"skipped: the shared corpus is absent at {CORPUS}")
    return CORPUS


def make_corpus(dest: Path, questions: int = 100_000) -> list[Path]:
    """Write ``questions`` unique questions made from the real full-text responses; return the files."""
    items = []
    for path in sorted((corpus_or_exit() / "bulk").glob("*.fulltext.jsonl")):
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dest.mkdir(parents=True, exist_ok=True)
    files, lines, n = [], [], 0
    copy = 0
    while n < questions:
        for item in items:
            if n >= questions:
                break
            value = dict(item["value"])
            value["id"] = int(value["id"]) + copy * 10_000_000
            value["uin"] = f"{value['uin']}R{copy}" if copy else value["uin"]
            lines.append(json.dumps({**item, "value": value}))
            n += 1
            if len(lines) == PER_FILE:
                files.append(_flush(dest, len(files), lines))
        copy += 1
    if lines:
        files.append(_flush(dest, len(files), lines))
    return files


def _flush(dest: Path, index: int, lines: list[str]) -> Path:
    path = dest / f"part-{index:04d}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines.clear()
    return path


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child process, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children
