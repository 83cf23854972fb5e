"""Export a store to a file in any RDF format kgraph supports, atomically."""

from __future__ import annotations

from pathlib import Path

from kgraph.store import GraphStore, rdf_format
from kgraph.vocab import PREFIXES

EXPORT_FORMATS = ("turtle", "nt", "jsonld", "trig", "nquads", "xml")

# Prefixes written into Turtle and TriG. Our own id namespace is left out: its local names contain "/",
# which Turtle would have to escape, and full IRIs read better than kgid:question\/commons\/…
EXPORT_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "kgid"}


def export(store: GraphStore, path: str | Path, format: str = "turtle") -> None:
    """Turtle, N-Triples and RDF/XML get the union of all graphs; TriG, N-Quads and JSON-LD keep them."""
    rdf_format(format)
    store.dump(path, format, prefixes=EXPORT_PREFIXES)
