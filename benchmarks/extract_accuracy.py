#!/usr/bin/env python3
"""Precision, recall and F1 of extract_mentions on the dev gold documents, scored like score.py scores a graph.

Runs the extractors over the seed and the bulk items whose id dev.jsonl lists (question text with
role="question", answer text with role="answer"), then matches the predicted entities against the gold with
score.py's own ``norm`` and matching rule (imported from ../shared/gold/score.py, not copied): an entity's
labels are its label and alternative labels; typed matching needs its top type to be allowed.

usage: python benchmarks/extract_accuracy.py [--show-errors] [--gold PATH]
The definitive check remains score.py on the exported graph.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from htmltext import html_to_text  # noqa: E402

from kgraph.extract import extract_mentions  # noqa: E402

SHARED = ROOT.parent / "shared"
TYPES = ("Body", "Law", "Programme", "Person")


def load_score():
    spec = importlib.util.spec_from_file_location("kgraph_gold_score", SHARED / "gold" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_texts(path: Path) -> tuple[str, str]:
    """Question and answer text of a written-answer page copied as text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    q_at = next(i for i, line in enumerate(lines) if line.startswith("To ask "))
    a_at = next(i for i, line in enumerate(lines) if line.startswith("This question was answered on"))
    return lines[q_at], "\n".join(lines[a_at + 1 :]).strip()


def documents(gold: list[dict]) -> dict[str, tuple[str, str]]:
    """Gold document key -> (question text, answer text)."""
    wanted = {str(d["id"]) for d in gold}
    docs: dict[str, tuple[str, str]] = {}
    for d in gold:
        if d["file"].startswith("seed/"):
            docs[str(d["id"])] = seed_texts(SHARED / "corpus" / d["file"])
    for name in sorted({d["file"] for d in gold if d["file"].startswith("bulk/")}):
        for line in (SHARED / "corpus" / name).open(encoding="utf-8"):
            v = json.loads(line)["value"]
            if str(v["id"]) in wanted:
                docs[str(v["id"])] = (html_to_text(v["questionText"]), html_to_text(v["answerText"] or ""))
    return docs


def predict(question: str, answer: str) -> dict[str, tuple[set[str], set[str]]]:
    """Entity key -> (top types, folded labels), over both texts, as the graph would hold them."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for text, role in ((question, "question"), (answer, "answer")):
        for m in extract_mentions(text, role=role):
            e = m.entity
            types, labels = out.setdefault(e.key, (set(), set()))
            types.add(e.type)
            labels.update({e.label, *e.alt_labels})
    return out


def main(argv: list[str]) -> int:
    show = "--show-errors" in argv
    gold_path = Path(argv[argv.index("--gold") + 1]) if "--gold" in argv else SHARED / "gold" / "dev.jsonl"
    if not gold_path.exists():
        print(f"gold not found: {gold_path}", file=sys.stderr)
        return 2
    score = load_score()
    gold = [json.loads(line) for line in gold_path.open(encoding="utf-8")]
    docs = documents(gold)
    counts = defaultdict(lambda: [0, 0, 0])
    for doc in gold:
        key = str(doc["id"])
        if key not in docs:
            print(f"missing document {key}", file=sys.stderr)
            continue
        preds = {k: (t, {score.norm(x) for x in labels}) for k, (t, labels) in predict(*docs[key]).items()}
        items = [
            (
                e["type"],
                {e["type"], *e.get("alt_types", [])},
                {score.norm(e["name"]), *map(score.norm, e.get("aliases", []))},
                e["name"],
            )
            for e in doc["entities"]
        ]
        for mode in ("untyped", "typed"):
            used = set()
            for gtype, gtypes, gnames, gname in items:
                hit = next(
                    (
                        eid
                        for eid, (pt, pl) in preds.items()
                        if eid not in used and pl & gnames and (mode == "untyped" or pt <= gtypes)
                    ),
                    None,
                )
                if hit:
                    used.add(hit)
                    counts[(mode, gtype)][0] += 1
                else:
                    counts[(mode, gtype)][2] += 1
                    if show and mode == "typed":
                        print(f"  missed   {key}: {gtype} {gname!r}")
            for eid, (pt, pl) in preds.items():
                if eid not in used:
                    counts[(mode, sorted(pt)[0])][1] += 1
                    if show and mode == "typed":
                        print(f"  spurious {key}: {'/'.join(sorted(pt))} {eid} {sorted(pl)[0]!r}")
    print(f"{'':18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    result = {}
    for mode in ("untyped", "typed"):
        for t in (*TYPES, "all"):
            tp, fp, fn = (
                [sum(counts[(mode, x)][i] for x in TYPES) for i in range(3)] if t == "all" else counts[(mode, t)]
            )
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            result[f"{mode}/{t}"] = f
            print(f"{mode + '/' + t:18}{p:7.3f}{r:7.3f}{f:7.3f}{tp:6}{fp:6}{fn:6}")
    print(f"untyped F1 {result['untyped/all']:.3f} typed F1 {result['typed/all']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
