"""kgraph viz: views chosen right, the page self-contained and every document text escaped."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kgraph import analytics as an
from kgraph import viz
from kgraph.cli import main
from kgraph.store import OxigraphStore
from kgraph.vocab import ID, KG

XSS = "<img src=x onerror=alert(1)>"
SCRIPT_BREAK = "</script><script>window.pwned=1</script><!--"

# A small parliamentary graph described as data, so tests derive what they expect from it.
MEMBERS = {"m1": ("Alice Example", ["Member", "Person"]), "m2": ("Bob Minister", ["Minister", "Member", "Person"])}
DEPTS = {"home": "Home Office"}
ENTITIES = {
    "e1": (XSS, "PublicBody"),
    "e2": ("Knife Crime Fund", "Fund"),
    "e3": ("Crime Act 2020", "Act"),
    "e4": (SCRIPT_BREAK, "Scheme"),
    "e5": ("Jane Witness", "Person"),
}
# question id: (tabled, asker, dept, heading, mentions, answer or None)
# answer: (answered, minister, mentions)
QUESTIONS = {
    "q1": ("2024-01-10", "m1", "home", "Knife crime", ["e2"], ("2024-01-20", "m2", ["e1", "e2", "e3"])),
    "q2": ("2024-03-05", "m1", "home", "Knives & <b>bold</b>", [], ("2024-03-15", "m2", ["e1", "e2", "e4", "e5"])),
    "q3": ("2024-06-01", "m1", "home", "Crime statistics", ["e3"], None),
}
LINKS = {"e2": ["https://example.org/fund"], "e1": ["javascript:alert(2)"]}


def iri(key: str) -> str:
    return f"{ID}test/{key}"


def answer_iri(q: str) -> str:
    return iri(q) + "/answer"


def lit(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Turtle string literal


def small_turtle() -> str:
    lines = [f"@prefix kg: <{KG}> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", "@prefix owl: <http://www.w3.org/2002/07/owl#> ."]
    for k, (name, classes) in MEMBERS.items():
        lines.append(f"<{iri(k)}> a {', '.join('kg:' + c for c in classes)} ; rdfs:label {lit(name)} ; "
                     f"kg:memberId {lit(k)} .")
    for k, name in DEPTS.items():
        lines.append(f"<{iri(k)}> a kg:AnsweringBody, kg:GovernmentDepartment ; rdfs:label {lit(name)} .")
    for k, (name, cls) in ENTITIES.items():
        lines.append(f"<{iri(k)}> a kg:{cls} ; rdfs:label {lit(name)} .")
    for k, urls in LINKS.items():
        for u in urls:
            lines.append(f"<{iri(k)}> rdfs:seeAlso <{u}> .")
    for q, (tabled, asker, dept, heading, mentions, answer) in QUESTIONS.items():
        lines.append(f"<{iri(q)}> a kg:Question ; rdfs:label {lit(heading)} ; kg:heading {lit(heading)} ; "
                     f'kg:dateTabled "{tabled}"^^xsd:date ; kg:askedBy <{iri(asker)}> ; kg:addressedTo <{iri(dept)}> ; '
                     f"kg:questionText {lit('To ask about ' + heading + ' ' + XSS)} .")
        for e in mentions:
            lines.append(f"<{iri(q)}> kg:mentions <{iri(e)}> .")
        if answer:
            day, minister, named = answer
            a = answer_iri(q)
            lines.append(f"<{iri(q)}> kg:hasAnswer <{a}> . <{a}> a kg:Answer ; kg:answers <{iri(q)}> ; "
                         f"rdfs:label {lit('Answer: ' + heading)} ; kg:dateAnswered \"{day}\"^^xsd:date ; "
                         f"kg:answeredBy <{iri(minister)}> ; kg:answerText {lit('The answer names ' + SCRIPT_BREAK)} .")
            for e in named:
                lines.append(f"<{a}> kg:mentions <{iri(e)}> .")
    return "\n".join(lines) + "\n"


def small_store() -> OxigraphStore:
    store = OxigraphStore(None)
    store.oxigraph.load(small_turtle().encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "the page carries its data block"
    return json.loads(m.group(1))


def script_blocks(html: str) -> int:
    from html.parser import HTMLParser

    class Counter(HTMLParser):
        n = 0

        def handle_starttag(self, tag, attrs):
            self.n += tag == "script"

    parser = Counter()
    parser.feed(html)
    return parser.n


@pytest.fixture()
def store() -> OxigraphStore:
    return small_store()


@pytest.fixture()
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(small_turtle(), encoding="utf-8")
    return path


def expected_full_nodes() -> set[str]:
    nodes = {iri(k) for k in [*MEMBERS, *DEPTS, *ENTITIES, *QUESTIONS]}
    return nodes | {answer_iri(q) for q, v in QUESTIONS.items() if v[5]}


# ---- escaping and self-containment


def test_script_json_cannot_close_the_script_block():
    text = viz.script_json({"label": SCRIPT_BREAK, "other": XSS + "\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"label": SCRIPT_BREAK, "other": XSS + "\u2028&"}


def test_page_is_self_contained_and_escapes_document_text(store, tmp_path):
    out = tmp_path / "g.html"
    viz.write_view(store, out, viz.ViewSpec())
    html = out.read_text(encoding="utf-8")
    # no document text appears raw anywhere: not in the data, not in the title or markup
    for raw in (XSS, SCRIPT_BREAK, "<b>bold</b>", "<img", "<!--"):
        assert raw not in html
    assert script_blocks(html) == 3  # data, vis-network, page script: nothing in the data closed or opened one
    # nothing is loaded from elsewhere: no src/href to a network address, vis-network is inline
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html)
    assert "sourceMappingURL" not in html
    assert "vis.Network" in html and "function" in html.split("<script>", 1)[1]
    data = page_data(html)
    labels = {n["fullLabel"] for n in data["nodes"]}
    assert XSS in labels and SCRIPT_BREAK in labels  # the text survives intact as data


def test_page_script_never_uses_html_sinks():
    js = (Path(viz.__file__).parent / "templates" / "network.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js


# ---- what the views contain


def test_full_view_has_every_resource_and_relation(store):
    view = viz.select(store, viz.ViewSpec())
    assert set(view.graph.nodes) == expected_full_nodes()
    edges = {(a, b, d["relation"]) for a, b, d in view.graph.edges(data=True)}
    for q, (_t, asker, dept, _h, mentions, answer) in QUESTIONS.items():
        assert (iri(q), iri(asker), "kg:askedBy") in edges
        assert (iri(q), iri(dept), "kg:addressedTo") in edges
        assert all((iri(q), iri(e), "kg:mentions") in edges for e in mentions)
        if answer:
            assert (iri(q), answer_iri(q), "kg:hasAnswer") in edges
            assert (answer_iri(q), iri(answer[1]), "kg:answeredBy") in edges
    # identity links are details, not nodes; kg:answers would only repeat kg:hasAnswer backwards
    assert not any(r in ("rdfs:seeAlso", "kg:answers") for *_e, r in edges)


def test_page_nodes_and_edges_equal_the_view(store, tmp_path):
    out = tmp_path / "g.html"
    view = viz.write_view(store, out, viz.ViewSpec())
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(view.graph.nodes)
    assert sorted((e["from"], e["to"], e["relation"]) for e in data["edges"]) == sorted(
        (a, b, d["relation"]) for a, b, d in view.graph.edges(data=True))
    present = {an.category(an.catalogue(store).types[n]) for n in view.graph}
    assert {c["key"] for c in data["categories"]} == present
    for c in data["categories"]:
        assert c["count"] == sum(1 for n in data["nodes"] if n["category"] == c["key"])


def comention_expected() -> dict[frozenset, int]:
    weights: dict[frozenset, int] = defaultdict(int)
    for *_q, answer in QUESTIONS.values():
        if not answer:
            continue
        named = sorted(e for e in answer[2] if ENTITIES[e][1] != "Person")  # bodies, laws, programmes
        for i, a in enumerate(named):
            for b in named[i + 1:]:
                weights[frozenset((iri(a), iri(b)))] += 1
    return weights


def test_comention_view_weights_are_answers_naming_both(store, tmp_path):
    out = tmp_path / "co.html"
    view = viz.write_view(store, out, viz.ViewSpec(view="comention"))
    got = {frozenset((a, b)): w for a, b, w in view.graph.edges(data="weight")}
    assert got == comention_expected()
    data = page_data(out.read_text(encoding="utf-8"))
    heavy = [e for e in data["edges"] if e["weight"] > 1]
    assert heavy and all(f"×{e['weight']}" in e["label"] and e["relation"] in e["label"] for e in heavy)


def test_ministers_view_links_minister_department_entities(store):
    view = viz.select(store, viz.ViewSpec(view="ministers"))
    answers = sum(1 for v in QUESTIONS.values() if v[5])
    assert view.graph[iri("m2")][iri("home")]["weight"] == answers
    named = defaultdict(set)
    for q, (_t, _a, _dept, _h, mentions, answer) in QUESTIONS.items():
        for e in mentions + (answer[2] if answer else []):
            if ENTITIES[e][1] != "Person":
                named[iri(e)].add(q)
    assert {b: d["weight"] for _a, b, d in view.graph.out_edges(iri("home"), data=True)} == {
        e: len(qs) for e, qs in named.items()}


def test_focus_by_label_and_depth(store):
    view = viz.select(store, viz.ViewSpec(focus="knife crime fund", depth=1))
    full = viz.select(store, viz.ViewSpec()).graph.to_undirected()
    assert view.focus == iri("e2")
    assert set(view.graph.nodes) == {iri("e2"), *full.neighbors(iri("e2"))}
    deeper = viz.select(store, viz.ViewSpec(focus=iri("e2"), depth=2))
    assert set(deeper.graph.nodes) == set(nx.ego_graph(full, iri("e2"), radius=2).nodes)
    with pytest.raises(viz.VizError, match="no node"):
        viz.select(store, viz.ViewSpec(focus="Nothing Of The Sort"))


def test_types_and_dates_filter(store):
    view = viz.select(store, viz.ViewSpec(types=("Law", "Fund")))
    assert set(view.graph.nodes) == {iri(k) for k, (_n, c) in ENTITIES.items() if c in ("Act", "Fund")}
    with pytest.raises(viz.VizError, match="unknown class"):
        viz.select(store, viz.ViewSpec(types=("Spaceship",)))
    start, end = date(2024, 3, 1), date(2024, 3, 31)
    dated = viz.select(store, viz.ViewSpec(start=start, end=end)).graph
    in_range = {iri(q) for q, v in QUESTIONS.items() if start <= date.fromisoformat(v[0]) <= end}
    in_range |= {answer_iri(q) for q, v in QUESTIONS.items() if v[5] and start <= date.fromisoformat(v[5][0]) <= end}
    cat = an.catalogue(store)
    assert {n for n in dated if n in cat.doc_dates} == in_range
    assert iri("e3") not in dated  # named only in January and June


def test_max_nodes_keeps_the_most_central_and_says_what_was_left_out(store, tmp_path):
    full = viz.select(store, viz.ViewSpec()).graph
    rank = an.pagerank(full)
    out = tmp_path / "g.html"
    view = viz.write_view(store, out, viz.ViewSpec(max_nodes=5))
    assert view.graph.number_of_nodes() == 5
    assert max(rank, key=lambda n: (rank[n], n)) in view.graph  # the most central node is kept
    assert nx.is_connected(view.graph.to_undirected())  # grown along edges, not five unconnected hubs
    data = page_data(out.read_text(encoding="utf-8"))
    note = " ".join(data["notes"])
    assert f"5 most central of {full.number_of_nodes()}" in note and f"left out {full.number_of_nodes() - 5}" in note


def test_construct_query_view(store):
    q = "CONSTRUCT { ?q kg:askedBy ?m } WHERE { ?q kg:askedBy ?m }"
    view = viz.select(store, viz.ViewSpec(query=q))
    assert set(view.graph.nodes) == {iri("m1")} | {iri(k) for k in QUESTIONS}
    assert {d["relation"] for *_e, d in view.graph.edges(data=True)} == {"kg:askedBy"}
    with pytest.raises(viz.VizError, match="CONSTRUCT"):
        viz.select(store, viz.ViewSpec(query="SELECT ?s WHERE { ?s ?p ?o }"))


def test_details_name_documents_with_dates_and_links(store):
    view = viz.select(store, viz.ViewSpec())
    info = viz.details(store, view)
    e2 = info[iri("e2")]
    docs = [iri("q1"), answer_iri("q1"), answer_iri("q2")]
    assert [a["iri"] for a in e2["appearances"]] == sorted(docs, key=lambda d: an.catalogue(store).doc_dates[d],
                                                            reverse=True)
    assert all(a["date"] and a["snippet"] for a in e2["appearances"])
    assert e2["links"] == ["https://example.org/fund"]
    assert ["kg:memberId", "m1"] in info[iri("m1")]["facts"]


# ---- CLI


def test_cli_viz_writes_page_from_graph_file(graph_file, tmp_path):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(out), "--view", "comention"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert {frozenset((e["from"], e["to"])) for e in data["edges"]} == set(comention_expected())


def test_cli_viz_reports_bad_options(graph_file, tmp_path):
    out = tmp_path / "v.html"
    r = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(out), "--focus", "Nobody At All"])
    assert r.exit_code != 0 and "no node with that label" in r.output and not out.exists()
    r = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(out), "--from", "2024-13-01"])
    assert r.exit_code != 0 and "not a YYYY-MM-DD date" in r.output
    r = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(out), "--from", "2024-05-01", "--to", "2024-01-01"])
    assert r.exit_code != 0 and "--from is after --to" in r.output


def test_cli_viz_help_shows_a_worked_example():
    r = CliRunner().invoke(main, ["viz", "--help"])
    assert r.exit_code == 0 and "kgraph viz --focus" in r.output and "--view" in r.output


# ---- real corpus


@pytest.fixture(scope="module")
def corpus_store(clquestions: Path, seed_file: Path) -> OxigraphStore:
    from kgraph.build import build

    store = OxigraphStore(None)
    build([clquestions, seed_file], store, mentions=True)
    return store


@pytest.mark.corpus
def test_corpus_views_match_the_graph(corpus_store, tmp_path):
    out = tmp_path / "full.html"
    view = viz.write_view(corpus_store, out, viz.ViewSpec(max_nodes=None))
    sparql = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
    counts = {r["c"].value: int(r["n"].value) for r in corpus_store.query(sparql)}
    cats = [view.graph.nodes[n]["category"] for n in view.graph]
    assert cats.count("Question") == counts[KG + "Question"] and cats.count("Answer") == counts[KG + "Answer"]
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == view.graph.number_of_nodes() and len(data["edges"]) == view.graph.number_of_edges()
    focus = viz.select(corpus_store, viz.ViewSpec(focus="Home Office", depth=1))
    assert focus.graph.number_of_nodes() > 10
    assert all(focus.graph.has_node(n) for n in nx.all_neighbors(view.graph, focus.focus))
