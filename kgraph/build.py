"""The pipeline: files -> records -> quads -> store. No click here: notebooks call ``build`` directly.

Every file is read by the reader its content calls for; a document that cannot be read becomes a
``Reject`` with the file, item and reason, and every readable document of the batch is still written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgraph import sources
from kgraph.iris import graph_iri
from kgraph.mapping import DocumentQuads, Mapper
from kgraph.records import Question, Reject
from kgraph.store import GraphStore, atomic_write

BATCH = 500

Progress = Callable[[Path], None]


@dataclass
class BuildReport:
    files: int = 0
    documents: int = 0  # records read (a question read twice counts twice)
    written: int = 0  # named graphs written
    superseded: int = 0  # records skipped for a fuller version of the same question in this run
    rejects: list[Reject] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        c = self.counts
        parts = [
            f"{c.get('questions', 0)} questions",
            f"{c.get('answers', 0)} answers",
            f"{c.get('members', 0)} members",
            f"{c.get('bodies', 0)} bodies",
            f"{c.get('entities', 0)} mentioned entities",
            f"{c.get('triples', 0)} triples",
        ]
        line = ", ".join(parts) + f" from {self.files} files in {self.seconds:.1f}s"
        if self.rejects:
            line += f"; {len(self.rejects)} documents rejected"
        return line


def _rank(q: Question) -> tuple:
    """Which of two versions of one question to keep: answered over not, later answer, unclipped, longer."""
    a = q.answer
    return (
        a is not None,
        a.date_answered.toordinal() if a and a.date_answered else 0,
        not (a.text_is_clipped if a else True),
        not q.text_is_clipped,
        len(a.text or "") if a else 0,
        a is not None and not a.is_holding,
    )


class Builder:
    """Reads documents and writes them to a store in batches; reusable across calls for incremental use."""

    def __init__(self, store: GraphStore, *, mentions: bool = True, enrich: bool = True) -> None:
        self.store = store
        hook = None
        if mentions:
            from kgraph.mentions import MentionWriter

            hook = MentionWriter()
        self.mapper = Mapper(mentions=hook, enrich=enrich)
        self._best: dict[str, tuple] = {}

    def build(
        self,
        paths: Iterable[str | Path],
        *,
        format: str | None = None,
        progress: Progress | None = None,
        on_reject: Callable[[Reject], None] | None = None,
    ) -> BuildReport:
        report = BuildReport()
        start = time.perf_counter()
        batch: dict[str, DocumentQuads] = {}
        for path in sources.iter_files(paths):
            report.files += 1
            for record in sources.read_file(path, format=format):
                if isinstance(record, Reject):
                    report.rejects.append(record)
                    if on_reject:
                        on_reject(record)
                    continue
                report.documents += 1
                key = graph_iri(record)
                rank = _rank(record)
                if key in self._best and self._best[key] >= rank:
                    report.superseded += 1
                    continue
                self._best[key] = rank
                batch[key] = self.mapper.map(record)
                if len(batch) >= BATCH:
                    self._flush(batch, report)
            if progress:
                progress(path)
        self._flush(batch, report)
        report.seconds = time.perf_counter() - start
        report.counts = counts(self.store)
        return report

    def _flush(self, batch: dict[str, DocumentQuads], report: BuildReport) -> None:
        if batch:
            self.store.write_documents(list(batch.values()))
            report.written += len(batch)
            batch.clear()


def build(paths: Iterable[str | Path], store: GraphStore, **kwargs) -> BuildReport:
    """Build the documents under ``paths`` into ``store``; see ``Builder.build`` for the options."""
    mentions = kwargs.pop("mentions", True)
    enrich = kwargs.pop("enrich", True)
    return Builder(store, mentions=mentions, enrich=enrich).build(paths, **kwargs)


_COUNTS = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT
  (SUM(IF(?t = kg:Question, 1, 0)) AS ?questions)
  (SUM(IF(?t = kg:Answer, 1, 0)) AS ?answers)
  (SUM(IF(?t = kg:Member, 1, 0)) AS ?members)
  (SUM(IF(?t = kg:AnsweringBody, 1, 0)) AS ?bodies)
WHERE { VALUES ?t { kg:Question kg:Answer kg:Member kg:AnsweringBody } ?s a ?t }
"""
_ENTITIES = """
PREFIX kg: <https://w3id.org/kgraph/ontology#>
SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?m kg:mentionOf ?e }
"""


def counts(store: GraphStore) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in store.query(_COUNTS):
        for name in ("questions", "answers", "members", "bodies"):
            term = row[name]
            out[name] = int(term.value) if term is not None else 0
    for row in store.query(_ENTITIES):
        out["entities"] = int(row["n"].value)
    out["triples"] = len(store)
    return out


def write_rejects(path: str | Path, rejects: list[Reject]) -> None:
    """One JSON object per rejected document, so a batch's failures can be read back and retried."""
    atomic_write(path, "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in rejects))
