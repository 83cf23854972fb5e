"""Interactive HTML views of the graph: pyvis underneath, with a page template of our own.

Why our own template (``kgraph/templates/network.html``) rather than pyvis's: every stock ``cdn_resources``
mode loads Bootstrap from a CDN, ``local`` also fetches vis-network from one, and none offers search, a
legend or a details panel (pyvis issues #159, #228, #229, #121, #73). Our page inlines the vis-network
script and stylesheet that ship inside the installed pyvis package, so it opens with the network off.

Escaping: document text reaches the page only as JSON inside a ``<script type="application/json">`` block
with ``<``, ``>``, ``&`` and the JS line separators written as ``\\u`` escapes (so no ``</script>`` or
``<!--`` can end the block), and the page script puts it into the DOM only through ``textContent`` and
DOM-element tooltips. Labels drawn by vis-network go onto a canvas, which runs nothing.

This is the only module that imports pyvis.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import networkx as nx

from kgraph import analytics as an
from kgraph.store import GraphStore, atomic_write
from kgraph.vocab import KG

VIEWS = ("full", "comention", "ministers")
DEFAULT_MAX_NODES = 2000
APPEARANCES_SHOWN = 6
SNIPPET = 220

# colour and vis-network shape per display category (dot-like shapes: labels below, cheap to draw)
STYLE: dict[str, tuple[str, str, str]] = {
    "Question": ("Question", "#4e79a7", "square"),
    "Answer": ("Answer", "#59a14f", "triangle"),
    "Minister": ("Minister", "#e15759", "star"),
    "Member": ("Member", "#f28e2b", "dot"),
    "AnsweringBody": ("Answering body", "#b07aa1", "hexagon"),
    "MinisterialAppointment": ("Ministerial appointment", "#8cd17d", "dot"),
    "Body": ("Body", "#9c755f", "diamond"),
    "Law": ("Law", "#edc948", "triangleDown"),
    "Programme": ("Programme", "#17becf", "diamond"),
    "Person": ("Person", "#bab0ac", "dot"),
}
OTHER_STYLE = ("Other", "#999999", "dot")

# literal properties worth showing as identifiers/facts; long texts become the snippet instead
FACT_PROPERTIES = {
    "uin", "house", "memberId", "party", "constituency", "peerage", "answeringBodyId", "twfyPersonId",
    "answeredAs", "post", "inDepartment", "startDate", "endDate", "rank", "dateTabled", "dateAnswered",
    "dateForAnswer", "isHoldingAnswer", "isNamedDay", "isWithdrawn", "isCorrection", "addresseeText",
}
DCTERMS_ID = "http://purl.org/dc/terms/identifier"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


class VizError(ValueError):
    """The view cannot be drawn as asked (unknown focus, not a CONSTRUCT query, ...)."""


@dataclass
class ViewSpec:
    """What to draw. Every option of ``kgraph viz`` lands here, so notebooks get the same views."""

    view: str = "full"
    focus: str | None = None
    depth: int = 1
    query: str | None = None
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    max_nodes: int | None = DEFAULT_MAX_NODES
    title: str = "kgraph network"


@dataclass
class View:
    """A chosen graph plus the words that explain the choice (shown on the page)."""

    graph: nx.Graph
    cat: an.Catalogue
    notes: list[str] = field(default_factory=list)
    focus: str | None = None


# ---- choosing what to show


def select(store: GraphStore, spec: ViewSpec) -> View:
    if spec.view not in VIEWS:
        raise VizError(f"unknown view {spec.view!r}; known: {', '.join(VIEWS)}")
    cat = an.catalogue(store)
    notes: list[str] = []
    if spec.query is not None:
        g = _construct_graph(store, cat, spec.query, spec.start, spec.end)
        notes.append("Showing the result of a CONSTRUCT query.")
    elif spec.view == "comention":
        g = an.comention_graph(store, cat, start=spec.start, end=spec.end)
        notes.append("Co-mention network: bodies, laws and programmes; edge weight = answers naming both.")
    elif spec.view == "ministers":
        g = an.ministers_graph(store, cat, start=spec.start, end=spec.end)
        notes.append("Ministers -> departments answered for (weight = answers) -> entities named (weight = questions).")
    else:
        g = an.full_graph(store, cat, start=spec.start, end=spec.end)
    if spec.start or spec.end:
        notes.append(f"Dates from {spec.start or 'the start'} to {spec.end or 'the end'}.")
    if spec.types:
        g = _keep_types(g, cat, spec.types)
        notes.append("Classes: " + ", ".join(spec.types) + ".")
    focus = None
    if spec.focus:
        focus = resolve_focus(g, cat, spec.focus)
        if focus not in g:
            raise VizError(f"--focus {spec.focus}: not in this view (check --view, --types and dates)")
        # reach along edges either way, but keep the edges' own direction in the drawing
        near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), focus, cutoff=spec.depth)
        g = g.subgraph(near).copy()
        notes.append(f"Neighbourhood of {cat.label(focus)} to depth {spec.depth}.")
    if spec.max_nodes is not None and g.number_of_nodes() > spec.max_nodes:
        g, note = _most_central(g, spec.max_nodes, keep=focus)
        notes.append(note)
    return View(g, cat, notes, focus)


def _construct_graph(store: GraphStore, cat: an.Catalogue, sparql: str, start: date | None,
                     end: date | None) -> nx.MultiDiGraph:
    from kgraph.store import StoreError

    try:
        result = store.query(an.PREFIX_DECL + sparql if "prefix" not in sparql.lower() else sparql)
    except (StoreError, SyntaxError) as exc:
        raise VizError(str(exc)) from exc
    if isinstance(result, bool) or not hasattr(result, "__iter__"):
        raise VizError("--query needs a SPARQL CONSTRUCT query")
    edges = []
    for triple in result:
        if not hasattr(triple, "subject"):
            raise VizError("--query needs a SPARQL CONSTRUCT query (this one returns rows, not triples)")
        s, p, o = triple.subject, triple.predicate, triple.object
        if not hasattr(s, "value") or type(o).__name__ != "NamedNode" or type(s).__name__ != "NamedNode":
            continue
        if p.value == an.RDF + "type":
            cat.types[s.value].add(o.value)
            continue
        edges.append((s.value, p.value, o.value))
    for s, _p, o in edges:  # an untyped end of a constructed edge is still drawn, as Other
        cat.types.setdefault(s, set())
        cat.types.setdefault(o, set())
    g = an.full_graph(store, cat, edges=edges, start=start, end=end)
    return g.subgraph([n for n in g if any(n in (s, o) for s, _p, o in edges)] if edges else []).copy()


def _keep_types(g: nx.Graph, cat: an.Catalogue, types: tuple[str, ...]) -> nx.Graph:
    """Keep nodes whose category, specific class or any asserted class is one of ``types``."""
    wanted = {t.split(":")[-1].lower() for t in types}
    known = {c.lower() for c in STYLE} | {an.local_name(t).lower() for ts in cat.types.values() for t in ts}
    unknown = sorted(wanted - known)
    if unknown:
        raise VizError(f"unknown class {', '.join(unknown)}; known: {', '.join(sorted(STYLE))} or any ontology class")

    def ok(n: str) -> bool:
        names = {an.local_name(t).lower() for t in cat.types.get(n, ())} | {cat.category(n).lower()}
        return bool(names & wanted)

    return g.subgraph([n for n in g if ok(n)]).copy()


def resolve_focus(g: nx.Graph, cat: an.Catalogue, name: str) -> str:
    """An IRI as given, else the node whose label matches (exactly, then as a substring), best connected first."""
    if name.startswith(("http://", "https://", "urn:")):
        if name not in cat.types and name not in g:
            raise VizError(f"--focus {name}: no such resource in the graph")
        return name
    needle = name.casefold()
    pool = list(g.nodes) or list(cat.types)
    exact = [n for n in pool if cat.label(n).casefold() == needle]
    found = exact or [n for n in pool if needle in cat.label(n).casefold()]
    if not found:
        raise VizError(f"--focus {name!r}: no node with that label; give part of a label or an IRI")
    return max(found, key=lambda n: (g.degree(n) if n in g else 0, n))


def _most_central(g: nx.Graph, limit: int, keep: str | None) -> tuple[nx.Graph, str]:
    """Keep ``limit`` nodes by PageRank, grown best-first from the most central node (or the focus).

    Taking the top ``limit`` by rank alone keeps hubs (departments, popular entities) and drops the
    questions that connect them, leaving a page of unconnected dots; growing outward along edges, always
    taking the highest-ranked neighbour next, keeps the view central and connected.
    """
    import heapq

    rank = an.pagerank(g)
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    order = sorted(g.nodes, key=lambda n: (n != keep, -rank.get(n, 0.0), n))
    kept: set[str] = set()
    queued: set[str] = set()
    for seed in order:
        if len(kept) >= limit:
            break
        if seed in kept:
            continue
        heap = [(-rank.get(seed, 0.0), seed)]
        queued.add(seed)
        while heap and len(kept) < limit:
            _r, n = heapq.heappop(heap)
            kept.add(n)
            for m in und.neighbors(n):
                if m not in queued:
                    queued.add(m)
                    heapq.heappush(heap, (-rank.get(m, 0.0), m))
    left = Counter(g.nodes[n].get("category", "Other") for n in g if n not in kept)
    detail = ", ".join(f"{c} {STYLE.get(k, OTHER_STYLE)[0]}" for k, c in left.most_common())
    note = (f"Showing the {limit} most central of {g.number_of_nodes()} nodes (PageRank, grown outward from the "
            f"most central so the view stays connected); left out {g.number_of_nodes() - limit}: {detail}. "
            "Use --max-nodes, --focus, --types or dates to see others.")
    return g.subgraph(kept).copy(), note


# ---- details for the panel


def details(store: GraphStore, view: View) -> dict[str, dict]:
    """Per node: class, IRI, identifiers, links, and the questions/answers it appears in (newest first)."""
    g, cat = view.graph, view.cat
    nodes = set(g.nodes)
    appear: dict[str, list[tuple[str, str]]] = defaultdict(list)
    links: dict[str, list[str]] = defaultdict(list)
    for s, p, o in an.iri_edges(store):
        if p in an.LINK_RELATIONS and s in nodes:
            links[s].append(o)
        elif o in nodes and s in cat.doc_dates and p not in an.SKIPPED_RELATIONS:
            appear[o].append((cat.doc_dates[s].isoformat(), s))
    for n in nodes & cat.doc_dates.keys():
        appear[n].append((cat.doc_dates[n].isoformat(), n))
    shown: dict[str, list[tuple[str, str]]] = {}
    needed: set[str] = set()
    for n, docs in appear.items():
        docs = sorted(set(docs), reverse=True)
        shown[n] = docs[:APPEARANCES_SHOWN]
        needed.update(d for _, d in shown[n])
    facts: dict[str, list[list[str]]] = defaultdict(list)
    texts: dict[str, str] = {}
    for row in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }"):
        s = row["s"].value
        if s not in nodes and s not in needed:
            continue
        p, value = row["p"].value, row["o"].value
        if p in an.TEXT_PROPERTIES:
            texts[s] = _snippet(value)
        elif s in nodes and (p in (DCTERMS_ID, ALT_LABEL) or p.removeprefix(KG) in FACT_PROPERTIES):
            facts[s].append([an.curie(p), value[:SNIPPET]])
    out: dict[str, dict] = {}
    for n in nodes:
        docs = shown.get(n, [])
        out[n] = {
            "iri": n,
            "cls": g.nodes[n].get("cls", ""),
            "facts": sorted(facts.get(n, []))[:20],
            "links": sorted(set(links.get(n, [])))[:10],
            "appearances": [{"iri": d, "date": day, "kind": cat.category(d), "title": cat.label(d),
                             "snippet": texts.get(d, "")} for day, d in docs],
            "appearanceCount": len(set(appear.get(n, []))),
        }
        if docs:
            all_days = [day for day, _ in appear[n]]
            out[n]["first"], out[n]["last"] = min(all_days), max(all_days)
    return out


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


# ---- rendering


def network(view: View, info: dict[str, dict]):
    """The pyvis Network of a view: one node per resource, one edge per relation (weighted if aggregated)."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    g = view.graph
    # directed=True: pyvis's undirected add_edge scans every edge already added (O(n^2), PERF_NOTES.md)
    net = Network(directed=g.is_directed())
    net.directed = True
    for n, data in g.nodes(data=True):
        cat_key = data.get("category", "Other")
        _name, colour, shape = STYLE.get(cat_key, OTHER_STYLE)
        extra = {k: info[n][k] for k in ("first", "last") if k in info.get(n, {})}
        net.add_node(n, label=_short(data.get("label", n)), shape=shape, color=colour, category=cat_key,
                     cls=data.get("cls", ""), fullLabel=data.get("label", n), size=_size(g.degree(n)), **extra)
    weighted = any(d.get("weight", 1) > 1 for *_e, d in g.edges(data=True))
    for i, (a, b, data) in enumerate(g.edges(data=True)):
        w = int(data.get("weight", 1))
        relation = data.get("relation", "")
        label = f"{relation} ×{w}" if weighted else relation
        opts = {"id": f"e{i}", "label": label, "relation": relation, "weight": w, "value": w}
        if not g.is_directed():
            opts["arrows"] = ""
        # add_edge checks both ends with a linear scan of the node list; the ends are known to exist
        net.edges.append(Edge(a, b, directed=g.is_directed(), **opts).options)
    net.set_options(json.dumps(_options(g.number_of_nodes(), weighted)))
    return net


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _size(degree: int) -> int:
    return min(40, 8 + int(3 * degree ** 0.5))


def _options(n: int, weighted: bool) -> dict:
    """Physics that settles: Barnes-Hut with fewer stabilisation rounds as graphs grow, then switched off
    by the page; straight edges and no Kamada-Kawai seeding above a few hundred nodes (pyvis #204, #25)."""
    iterations = 600 if n <= 300 else 300 if n <= 1500 else 150
    return {
        "autoResize": True,
        "layout": {"improvedLayout": n <= 200, "randomSeed": 7},
        "nodes": {"font": {"size": 12, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "smooth": False,
            "color": {"inherit": False, "color": "#9aa5b1", "highlight": "#333333"},
            "font": {"size": 9, "align": "middle", "color": "#555555", "strokeWidth": 2},
            "scaling": {"min": 1, "max": 8 if weighted else 1, "label": {"enabled": False}},
            "width": 1,
        },
        "interaction": {"hover": n <= 1500, "tooltipDelay": 150, "hideEdgesOnDrag": n > 800,
                        "navigationButtons": False, "keyboard": False},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "springConstant": 0.03,
                          "damping": 0.35, "avoidOverlap": 0.05},
            "minVelocity": 1.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50, "fit": True},
        },
    }


def script_json(data: object) -> str:
    """JSON that is safe inside a ``<script>`` element: nothing in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from the installed pyvis package (no CDN, no network)."""
    import pyvis

    base = Path(pyvis.__file__).parent / "lib"
    folders = sorted(base.glob("vis-*"), key=lambda p: tuple(int(x) for x in p.name[4:].split(".")))
    if not folders:
        raise VizError(f"vis-network not found in the pyvis package at {base}")
    js = (folders[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folders[-1] / "vis-network.css").read_text(encoding="utf-8")
    # no source map: DevTools would try to fetch it. split("\n"), not splitlines(): the script holds
    # characters (U+2028, \x85, ...) that splitlines() treats as line ends inside string literals
    js = "\n".join(line for line in js.split("\n") if not line.startswith("//# sourceMappingURL"))
    for name, text in (("script", js), ("stylesheet", css)):
        if "</script" in text.lower() or "</style" in text.lower():
            raise VizError(f"the vis-network {name} cannot be inlined safely")
    return js, css


def page_data(view: View, info: dict[str, dict], net) -> dict:
    counts = Counter(n["category"] for n in net.nodes)
    categories = [{"key": k, "label": STYLE.get(k, OTHER_STYLE)[0], "color": STYLE.get(k, OTHER_STYLE)[1],
                   "shape": STYLE.get(k, OTHER_STYLE)[2], "count": counts[k]}
                  for k in [*STYLE, *sorted(set(counts) - set(STYLE))] if counts[k]]
    days = [v for d in info.values() for v in (d.get("first"), d.get("last")) if v]
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options if isinstance(net.options, dict) else json.loads(net.options.to_json()),
        "categories": categories,
        "details": info,
        "notes": view.notes,
        "focus": view.focus,
        "dateRange": [min(days), max(days)] if days else None,
    }


def render(view: View, info: dict[str, dict], *, title: str = "kgraph network") -> str:
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    net = network(view, info)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string((resources.files("kgraph") / "templates" / "network.html").read_text("utf-8"))
    js, css = vis_assets()
    page_js = (resources.files("kgraph") / "templates" / "network.js").read_text("utf-8")
    page_css = (resources.files("kgraph") / "templates" / "network.css").read_text("utf-8")
    return template.render(
        title=title,
        vis_js=Markup(js),
        vis_css=Markup(css),
        page_js=Markup(page_js),
        page_css=Markup(page_css),
        data=Markup(script_json(page_data(view, info, net))),
    )


def write_view(store: GraphStore, path: str | Path, spec: ViewSpec | None = None) -> View:
    """Choose, describe and render a view; the HTML is written atomically."""
    spec = spec or ViewSpec()
    view = select(store, spec)
    info = details(store, view)
    atomic_write(path, render(view, info, title=spec.title))
    return view


__all__ = ["VIEWS", "View", "ViewSpec", "VizError", "details", "render", "script_json", "select", "write_view"]
