"""Graph analytics with networkx: the measures behind ``kgraph stats`` and the views ``kgraph viz`` draws.

Only IRI->IRI edges are converted (no ``rdf:type``, no literals), read with plain SPARQL patterns from the
store: ``rdflib_to_networkx`` turns every literal into a node and is ~5x slower (see PERF_NOTES.md). Node
ids are plain strings because pagerank runs 2-3x faster on them than on rdflib terms.

Three graphs are built here:

* the *full* graph: every typed resource except mention records, linked by the relations between them;
* the *co-mention* network of bodies, laws and programmes: two entities are linked when one answer names
  both, and the edge weight is the number of such answers;
* the *ministers* network: minister -> department they answered for (weight = answers), department ->
  entity named in its questions or answers (weight = questions).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import pyoxigraph as ox

from kgraph.store import GraphStore
from kgraph.vocab import ENTITY_CLASSES, KG, OWL, PREFIXES, RDF, RDFS

PREFIX_DECL = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Display categories: the class a node is drawn, coloured, filtered and counted as. Order matters: a
# minister is also a member and a person, an answering body is also a government department.
ROLE_CATEGORIES = ("Question", "Answer", "Minister", "Member", "AnsweringBody", "MinisterialAppointment")
ENTITY_KINDS = ("Body", "Law", "Programme", "Person")
COMENTION_KINDS = ("Body", "Law", "Programme")
HIDDEN_CATEGORIES = frozenset({"Mention"})  # reified mention records: kg:mentions already draws the link
SKIPPED_RELATIONS = frozenset({KG + "answers", KG + "hasMention", KG + "mentionOf", KG + "inText"})
LINK_RELATIONS = (OWL + "sameAs", RDFS + "seeAlso")
TEXT_PROPERTIES = {KG + "questionText": "Question", KG + "answerText": "Answer"}
DATE_PROPERTIES = {KG + "dateTabled": "Question", KG + "dateAnswered": "Answer"}


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def curie(iri: str) -> str:
    """``kg:mentions`` rather than the full IRI, for edge labels and tables."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def category(types: Iterable[str]) -> str:
    """The one class a node is shown as (local name), most specific role first."""
    names = {local_name(t) for t in types if t.startswith(KG)}
    for role in ROLE_CATEGORIES:
        if role in names:
            return role
    kinds = {ENTITY_CLASSES[n] for n in names if n in ENTITY_CLASSES}
    for kind in ENTITY_KINDS:
        if kind in kinds:
            return kind
    if "Mention" in names:
        return "Mention"
    return sorted(names)[0] if names else "Other"


def specific_class(types: Iterable[str]) -> str:
    """The narrowest class name for the details panel: ``Scheme`` rather than ``Programme``."""
    names = sorted(local_name(t) for t in types if t.startswith(KG))
    for n in names:
        if n in ENTITY_CLASSES and ENTITY_CLASSES[n] != n and n != "GovernmentDepartment":
            return n
    return "GovernmentDepartment" if "GovernmentDepartment" in names else category(types)


def entity_kind(types: Iterable[str]) -> str | None:
    """Body, Law, Programme or Person when the node is something the texts name (or a department)."""
    kinds = {ENTITY_CLASSES.get(local_name(t)) for t in types if t.startswith(KG)}
    if KG + "AnsweringBody" in types:
        kinds.add("Body")
    for kind in ENTITY_KINDS:
        if kind in kinds:
            return kind
    return None


def _date(term: ox.Literal) -> date | None:
    try:
        return date.fromisoformat(term.value[:10])
    except ValueError:
        return None


@dataclass
class Catalogue:
    """Types, labels and dates of the graph's resources: what every view and measure starts from."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, str] = field(default_factory=dict)
    doc_dates: dict[str, date] = field(default_factory=dict)  # question -> tabled, answer -> answered

    def category(self, node: str) -> str:
        return category(self.types.get(node, ()))

    def label(self, node: str) -> str:
        return self.labels.get(node) or local_name(node) or node

    def in_range(self, node: str, start: date | None, end: date | None) -> bool:
        d = self.doc_dates.get(node)
        return d is not None and (start is None or d >= start) and (end is None or d <= end)


def catalogue(store: GraphStore) -> Catalogue:
    cat = Catalogue()
    for row in store.query("SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s)) }"):
        cat.types[row["s"].value].add(row["t"].value)
    for row in store.query(f"SELECT ?s ?l WHERE {{ ?s <{RDFS}label> ?l FILTER(isIRI(?s)) }}"):
        s = row["s"].value
        if s not in cat.labels or len(row["l"].value) < len(cat.labels[s]):  # shortest label is the name
            cat.labels[s] = row["l"].value
    for prop in DATE_PROPERTIES:
        for row in store.query(f"SELECT ?s ?d WHERE {{ ?s <{prop}> ?d }}"):
            d = _date(row["d"])
            if d is not None:
                cat.doc_dates[row["s"].value] = d
    return cat


def iri_edges(store: GraphStore) -> Iterable[tuple[str, str, str]]:
    """Every IRI->IRI triple of the store except ``rdf:type``: (subject, predicate, object)."""
    sparql = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o) && ?p != <{RDF}type>) }}"
    for row in store.query(sparql):
        yield row["s"].value, row["p"].value, row["o"].value


def full_graph(store: GraphStore, cat: Catalogue, *, edges: Iterable[tuple[str, str, str]] | None = None,
               start: date | None = None, end: date | None = None) -> nx.MultiDiGraph:
    """Typed resources and the relations between them; identity links (sameAs, seeAlso) stay as details.

    With a date range, questions and answers outside it are dropped, and so is anything no remaining
    question or answer links to (a member who asked nothing in range is not part of that period).
    """
    g = nx.MultiDiGraph()
    dated = start is not None or end is not None

    def keep(node: str) -> bool:
        if node not in cat.types or cat.category(node) in HIDDEN_CATEGORIES:
            return False
        return not (dated and node in cat.doc_dates and not cat.in_range(node, start, end))

    for s, p, o in iri_edges(store) if edges is None else edges:
        if p in SKIPPED_RELATIONS or p in LINK_RELATIONS or not (keep(s) and keep(o)):
            continue
        if not g.has_edge(s, o, key=p):
            g.add_edge(s, o, key=p, relation=curie(p), weight=1)
    if not dated:
        for node in cat.types:
            if keep(node) and node not in g:
                g.add_node(node)
    else:
        for node in list(g.nodes):
            if node in cat.doc_dates:
                continue
            if not any(n in cat.doc_dates for n in nx.all_neighbors(g, node)):
                g.remove_node(node)
    _annotate(g, cat)
    return g


def _dated_rows(store: GraphStore, sparql: str, cat: Catalogue, start: date | None, end: date | None):
    for row in store.query(PREFIX_DECL + sparql):
        doc = row["d"].value
        if (start is None and end is None) or cat.in_range(doc, start, end):
            yield row, doc


def comention_graph(store: GraphStore, cat: Catalogue, *, start: date | None = None,
                    end: date | None = None, kinds: Iterable[str] = COMENTION_KINDS) -> nx.Graph:
    """Bodies, laws and programmes linked when an answer names both; weight = number of such answers."""
    wanted = set(kinds)
    named: dict[str, set[str]] = defaultdict(set)
    sparql = "SELECT ?d ?e WHERE { ?d a kg:Answer ; kg:mentions ?e }"
    for row, doc in _dated_rows(store, sparql, cat, start, end):
        e = row["e"].value
        if entity_kind(cat.types.get(e, ())) in wanted:
            named[doc].add(e)
    g = nx.Graph()
    for entities in named.values():
        ordered = sorted(entities)
        for e in ordered:
            g.add_node(e)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if g.has_edge(a, b):
                    g[a][b]["weight"] += 1
                else:
                    g.add_edge(a, b, weight=1, relation="named together")
    _annotate(g, cat)
    return g


def ministers_graph(store: GraphStore, cat: Catalogue, *, start: date | None = None,
                    end: date | None = None) -> nx.DiGraph:
    """Minister -> department answered for (weight = answers); department -> entity its questions or
    answers name (weight = questions)."""
    g = nx.DiGraph()
    answered = "SELECT ?d ?m ?dept WHERE { ?d kg:answeredBy ?m ; kg:answers ?q . ?q kg:addressedTo ?dept }"
    for row, _doc in _dated_rows(store, answered, cat, start, end):
        _bump(g, row["m"].value, row["dept"].value, "answered for")
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    # a property path, not UNION: pyoxigraph is weak on UNION joined to a large pattern (PERF_NOTES.md)
    sparql = "SELECT ?d ?dept ?e WHERE { ?d kg:addressedTo ?dept ; (kg:mentions|kg:hasAnswer/kg:mentions) ?e }"
    for row, doc in _dated_rows(store, sparql, cat, start, end):
        e = row["e"].value
        if entity_kind(cat.types.get(e, ())) in COMENTION_KINDS and e != row["dept"].value:
            named[(row["dept"].value, e)].add(doc)
    for (dept, e), docs in named.items():
        g.add_edge(dept, e, weight=len(docs), relation="names")
    _annotate(g, cat)
    return g


def _bump(g: nx.DiGraph, a: str, b: str, relation: str) -> None:
    if g.has_edge(a, b):
        g[a][b]["weight"] += 1
    else:
        g.add_edge(a, b, weight=1, relation=relation)


def _annotate(g: nx.Graph, cat: Catalogue) -> None:
    for node, data in g.nodes(data=True):
        types = cat.types.get(node, ())
        data["label"] = cat.label(node)
        data["category"] = category(types)
        data["cls"] = specific_class(types)
        if node in cat.doc_dates:
            data["date"] = cat.doc_dates[node].isoformat()


# ---- measures


def class_counts(cat: Catalogue) -> dict[str, int]:
    """How many resources the graph holds of each class (every asserted type counts)."""
    counts: Counter[str] = Counter()
    for types in cat.types.values():
        for t in types:
            counts[curie(t)] += 1
    return dict(counts.most_common())


def most_mentioned(store: GraphStore, cat: Catalogue, limit: int = 20) -> list[dict]:
    """Entities by the number of questions and answers that name them."""
    sparql = PREFIX_DECL + "SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d kg:mentions ?e } GROUP BY ?e"
    rows = [(r["e"].value, int(r["n"].value)) for r in store.query(sparql)]
    rows.sort(key=lambda r: (-r[1], cat.label(r[0])))
    return [{"iri": e, "label": cat.label(e), "class": specific_class(cat.types.get(e, ())), "documents": n}
            for e, n in rows[:limit]]


def centrality(g: nx.Graph, limit: int = 20) -> dict[str, list[dict]]:
    """Degree and PageRank, top ``limit`` each. PageRank runs on the undirected, weighted graph: being
    named beside many things matters, whichever way the triple points."""
    if g.number_of_nodes() == 0:
        return {"degree": [], "pagerank": []}
    simple = undirected_weighted(g)
    degree = nx.degree_centrality(simple)
    rank = nx.pagerank(simple, weight="weight")

    def top(scores: dict[str, float]) -> list[dict]:
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [{"iri": n, "label": g.nodes[n].get("label", n), "class": g.nodes[n].get("cls", ""),
                 "score": round(s, 6)} for n, s in best]

    return {"degree": top(degree), "pagerank": top(rank)}


def undirected_weighted(g: nx.Graph) -> nx.Graph:
    """A simple undirected graph whose edge weights add up parallel and opposite edges."""
    if not g.is_directed() and not g.is_multigraph():
        return g
    out = nx.Graph()
    out.add_nodes_from(g.nodes)
    for a, b, data in g.edges(data=True):
        w = data.get("weight", 1)
        if out.has_edge(a, b):
            out[a][b]["weight"] += w
        else:
            out.add_edge(a, b, weight=w)
    return out


def pagerank(g: nx.Graph) -> dict[str, float]:
    if g.number_of_nodes() == 0:
        return {}
    return nx.pagerank(undirected_weighted(g), weight="weight")


def communities(g: nx.Graph, limit: int = 10, members: int = 8) -> list[dict]:
    """Communities of the co-mention network (greedy modularity on edge weights), largest first."""
    if g.number_of_edges() == 0:
        return []
    found = nx.community.greedy_modularity_communities(g, weight="weight")
    rank = pagerank(g)
    out = []
    for i, group in enumerate(sorted(found, key=lambda c: (-len(c), min(c)))[:limit]):
        central = sorted(group, key=lambda n: (-rank.get(n, 0.0), n))
        out.append({"community": i + 1, "size": len(group),
                    "members": [g.nodes[n]["label"] for n in central[:members]]})
    return out


def strongest_pairs(g: nx.Graph, limit: int = 20) -> list[dict]:
    """The co-mention edges with the most answers naming both ends."""
    edges = sorted(g.edges(data="weight"), key=lambda e: (-e[2], g.nodes[e[0]]["label"], g.nodes[e[1]]["label"]))
    return [{"a": g.nodes[a]["label"], "b": g.nodes[b]["label"], "answers": w} for a, b, w in edges[:limit]]


def stats(store: GraphStore, *, limit: int = 20) -> dict:
    """Everything ``kgraph stats`` reports, as plain JSON-ready data."""
    cat = catalogue(store)
    full = full_graph(store, cat)
    co = comention_graph(store, cat)
    return {
        "resources": len(cat.types),
        "classes": class_counts(cat),
        "most_mentioned": most_mentioned(store, cat, limit),
        "centrality": centrality(full, limit),
        "comention": {
            "entities": co.number_of_nodes(),
            "pairs": co.number_of_edges(),
            "communities": communities(co, limit),
            "strongest_pairs": strongest_pairs(co, limit),
        },
    }


def write_graphml(g: nx.Graph, path: str) -> None:
    """GraphML for Gephi: node label, class and category; edge relation and weight (strings and ints only)."""
    from kgraph.store import atomic_write

    out = nx.MultiDiGraph() if g.is_multigraph() else (nx.DiGraph() if g.is_directed() else nx.Graph())
    for n, data in g.nodes(data=True):
        out.add_node(n, label=data.get("label", n), cls=data.get("cls", ""), category=data.get("category", ""),
                     date=data.get("date", ""))
    for a, b, data in g.edges(data=True):
        out.add_edge(a, b, relation=data.get("relation", ""), weight=int(data.get("weight", 1)))
    import io

    buf = io.BytesIO()
    nx.write_graphml(out, buf)
    atomic_write(path, buf.getvalue())
