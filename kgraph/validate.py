"""SHACL validation of a graph against ``ontology/shapes.ttl`` with pySHACL.

The ontology is mixed in so that ``sh:class kg:Member`` accepts a ``kg:Minister`` (a subclass), and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import rdflib


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    warnings: int
    text: str


def ontology_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=(resources.files("kgraph") / "ontology" / "kgraph.ttl").read_text("utf-8"), format="turtle")
    return g


def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=(resources.files("kgraph") / "ontology" / "shapes.ttl").read_text("utf-8"), format="turtle")
    return g


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    from pyshacl import validate

    conforms, results, text = validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", allow_warnings=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = [o for o in results.objects(None, sh.resultSeverity)]
    violations = sum(1 for s in severities if s == sh.Violation)
    warnings = sum(1 for s in severities if s == sh.Warning)
    return ValidationReport(violations == 0, violations, warnings, text)


def validate_store(store) -> ValidationReport:
    """Validate the union of all graphs in a store (each triple lives in one graph, so no duplicates)."""
    import pyoxigraph as ox

    data = ox.serialize((q.triple for q in store.content_quads()), format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return validate_graph(g)
