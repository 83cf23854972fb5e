"""SHACL validation of a graph against ``ontology/shapes.ttl`` with pySHACL, plus consistency checks.

The ontology is mixed in so that ``sh:class kg:Member`` accepts a ``kg:Minister`` (a subclass), and so on.
The consistency checks are SPARQL queries the store runs once over the whole graph: each returns the nodes
where a shortcut the builder writes (``kg:answeringBody``, ``kg:daysToAnswer``) disagrees with the facts it
shortens. pySHACL would run the same queries as SHACL-SPARQL constraints once per answer, which made
validation of a few hundred answers nine times slower.
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


_PREFIXES = "PREFIX kg: <https://w3id.org/kgraph/ontology#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"

# (message, query selecting ?node and ?value where the message holds); our own text, no user values.
CONSISTENCY: tuple[tuple[str, str], ...] = (
    (
        "kg:answeringBody differs from the answered question's kg:addressedTo",
        """SELECT ?node ?value WHERE {
             ?node kg:answeringBody ?value ; kg:answers ?q .
             FILTER NOT EXISTS { ?q kg:addressedTo ?value } }""",
    ),
    (
        "kg:daysToAnswer is not the days from the question's date tabled to the date answered",
        """SELECT ?node ?value WHERE {
             ?node kg:daysToAnswer ?value ; kg:answers ?q ; kg:dateAnswered ?answered .
             ?q kg:dateTabled ?tabled .
             FILTER(?answered - ?tabled
                    != xsd:dayTimeDuration(CONCAT(IF(?value < 0, "-P", "P"), STR(ABS(?value)), "D"))) }""",
    ),
    (
        "kg:daysToAnswer without both dates it is counted from",
        """SELECT ?node ?value WHERE {
             ?node kg:daysToAnswer ?value .
             FILTER NOT EXISTS { ?node kg:dateAnswered ?a ; kg:answers/kg:dateTabled ?t } }""",
    ),
)


def check_consistency(store) -> list[str]:
    """One line per node where a shortcut disagrees with what it shortens."""
    problems = []
    for message, query in CONSISTENCY:
        for row in store.query(_PREFIXES + query):
            problems.append(f"{row['node']} {row['value']}: {message}")
    return problems


def validate_store(store) -> ValidationReport:
    """Validate the union of all graphs in a store (each triple lives in one graph, so no duplicates)."""
    import pyoxigraph as ox

    data = ox.serialize((q.triple for q in store.content_quads()), format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    report = validate_graph(g)
    problems = check_consistency(store)
    if not problems:
        return report
    text = report.text + "\nConsistency checks:\n" + "".join(f"  Violation: {p}\n" for p in problems)
    return ValidationReport(False, report.violations + len(problems), report.warnings, text)
