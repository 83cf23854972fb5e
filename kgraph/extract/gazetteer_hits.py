"""One gazetteer pass per text, shared by the extractors that keep the hits of their own type."""

from __future__ import annotations

from kgraph.extract.model import Candidate, Entity
from kgraph.extract.text import Doc
from kgraph.reference.gazetteer import Record, gazetteer


def entity_of(rec: Record) -> Entity:
    """The Entity a gazetteer record stands for (labels, public links and identifiers included)."""
    return Entity(
        key=rec.key,
        label=rec.label,
        type=rec.type,
        cls=rec.cls,
        alt_labels=rec.alts + rec.abbrs,
        links=rec.links,
        identifiers=rec.ids,
    )


def hits(doc: Doc, type_: str, extractor: str) -> list[Candidate]:
    """Reference names of ``type_`` found in the masked text, as strong candidates."""
    found = doc.memo.get("gazetteer")
    if found is None:
        found = doc.memo["gazetteer"] = gazetteer().find(doc.masked)
    return [
        Candidate(s, e, rec.type, rec.cls, rec.label, extractor, strength=2, entity=entity_of(rec))
        for s, e, rec in found
        if rec.type == type_
    ]
