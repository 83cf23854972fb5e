"""The graph built from real documents: questions, answers, members, bodies, identity, SHACL, exports."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kgraph.build import build
from kgraph.export import export
from kgraph.store import OxigraphStore
from kgraph.validate import validate_store

KG = "https://w3id.org/kgraph/ontology#"
PREFIX = f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
         "PREFIX dcterms: <http://purl.org/dc/terms/> "


def select(store: OxigraphStore, body: str) -> list[dict[str, str]]:
    result = store.query(PREFIX + body)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


@pytest.fixture(scope="module")
def seed_store(seed_file: Path) -> OxigraphStore:
    store = OxigraphStore()
    report = build([seed_file], store, mentions=False)
    assert not report.rejects
    return store


@pytest.fixture(scope="module")
def cl_store(clquestions: Path) -> OxigraphStore:
    store = OxigraphStore()
    report = build([clquestions], store, mentions=False)
    assert not report.rejects
    return store


def test_seed_question_and_answer(seed_store: OxigraphStore, seed_file: Path) -> None:
    rows = select(seed_store, """
        SELECT ?heading ?tabled ?body ?answered ?who ?role ?src WHERE {
          ?q a kg:Question ; kg:heading ?heading ; kg:dateTabled ?tabled ; dcterms:source ?src ;
             kg:addressedTo/rdfs:label ?body ; kg:hasAnswer ?a .
          ?a a kg:Answer ; kg:answers ?q ; kg:dateAnswered ?answered ; kg:answeredBy/rdfs:label ?who ;
             kg:answeredAs ?role .
        }""")
    assert rows == [{
        "heading": "Offences against Children", "tabled": "2025-01-07", "body": "Home Office",
        "answered": "2025-01-15", "who": "Jess Phillips", "role": "Parliamentary Under-Secretary (Home Office)",
        "src": str(seed_file),
    }]
    dates = select(seed_store, "SELECT ?d WHERE { ?q kg:dateTabled ?d }")
    assert dates and all(d for d in dates)
    typed = seed_store.query(
        PREFIX + "ASK { ?q kg:dateTabled ?d FILTER(DATATYPE(?d) = <http://www.w3.org/2001/XMLSchema#date>) }")
    assert bool(typed)


def test_seed_answerer_resolved_to_member_id(seed_store: OxigraphStore) -> None:
    rows = select(seed_store, "SELECT ?m ?id ?party WHERE { ?a kg:answeredBy ?m . ?m kg:memberId ?id . "
                              "OPTIONAL { ?m kg:party ?party } }")
    assert len(rows) == 1
    assert rows[0]["m"] == f"https://w3id.org/kgraph/id/member/{rows[0]['id']}"
    assert rows[0]["party"] == "Labour"


def _cl_items(clquestions: Path) -> list[dict]:
    items = []
    for path in sorted(clquestions.glob("*.json")):
        items += [r["value"] for r in json.loads(path.read_text(encoding="utf-8"))["results"]]
    return items


def test_clquestions_one_node_per_question_id(cl_store: OxigraphStore, clquestions: Path) -> None:
    items = _cl_items(clquestions)
    ids = {str(v["id"]) for v in items}
    answered = {str(v["id"]) for v in items if v["dateAnswered"] or v["answerText"]}
    rows = select(cl_store, "SELECT ?q ?id WHERE { ?q a kg:Question ; dcterms:identifier ?id }")
    assert len(rows) == len(ids)
    assert {r["id"] for r in rows} == ids
    assert len({r["q"] for r in rows}) == len(ids)
    with_answer = select(cl_store, "SELECT DISTINCT ?id WHERE { ?q dcterms:identifier ?id ; kg:hasAnswer ?a . "
                                   "?a a kg:Answer ; kg:answers ?q }")
    assert {r["id"] for r in with_answer} == answered


def test_clquestions_members_named_with_parties(cl_store: OxigraphStore, clquestions: Path) -> None:
    items = _cl_items(clquestions)
    askers = {v["askingMemberId"] for v in items if v["askingMember"]}
    answerers = {v["answeringMemberId"] for v in items if v["answeringMember"]}
    expected_party = {}
    for v in items:
        for key in ("askingMember", "answeringMember"):
            if v[key]:
                expected_party[v[key]["id"]] = (v[key]["name"], v[key]["party"])
    rows = select(cl_store, "SELECT ?id ?name ?party WHERE { ?m a kg:Member ; kg:memberId ?id ; rdfs:label ?name ; "
                            "kg:party ?party }")
    got = {int(r["id"]): (r["name"], r["party"]) for r in rows}
    for member_id in askers | answerers:
        assert got[member_id] == expected_party[member_id]
    asked = select(cl_store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?q kg:askedBy ?m }")
    assert int(asked[0]["n"]) == len(askers)
    answering = select(cl_store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?a kg:answeredBy ?m }")
    assert int(answering[0]["n"]) == len(answerers)


def test_clquestions_bodies_one_node_each(cl_store: OxigraphStore, clquestions: Path) -> None:
    items = _cl_items(clquestions)
    bodies = {(str(v["answeringBodyId"]), v["answeringBodyName"]) for v in items}
    rows = select(cl_store, "SELECT ?b ?id ?name WHERE { ?b a kg:AnsweringBody ; kg:answeringBodyId ?id ; "
                            "rdfs:label ?name }")
    assert len({r["b"] for r in rows}) == len(bodies)
    assert {r["id"] for r in rows} == {b[0] for b in bodies}


def test_each_question_in_its_own_named_graph(cl_store: OxigraphStore) -> None:
    rows = select(cl_store, "SELECT ?g (COUNT(DISTINCT ?q) AS ?n) WHERE { GRAPH ?g { ?q a kg:Question } } GROUP BY ?g")
    assert rows and all(r["n"] == "1" for r in rows)
    shared = select(cl_store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a kg:Member } }")
    assert shared[0]["n"] == "0"  # members are shared facts, in the default graph


def test_same_input_twice_gives_the_same_graph(clquestions: Path) -> None:
    dumps = []
    for _ in range(2):
        store = OxigraphStore()
        build([clquestions], store, mentions=False)
        dumps.append(sorted(str(q) for q in store.quads()))
    assert dumps[0] == dumps[1]


def test_list_and_single_responses_are_one_node(tmp_path: Path, corpus: Path) -> None:
    bulk = corpus / "bulk"
    full = json.loads((bulk / "2024-08.fulltext.jsonl").read_text(encoding="utf-8").splitlines()[0])
    qid = full["value"]["id"]
    listed = [it for it in json.loads((bulk / "2024-08.list.json").read_text()) if it["value"]["id"] == qid]
    assert listed, "the first full-text question is in the month's list"
    (tmp_path / "list.json").write_text(json.dumps({"totalResults": 1, "results": listed}))
    (tmp_path / "single.json").write_text(json.dumps(full))
    store = OxigraphStore()
    report = build([tmp_path / "list.json", tmp_path / "single.json"], store, mentions=False)
    rows = select(store, "SELECT ?q ?clipped WHERE { ?q a kg:Question ; kg:hasAnswer/kg:textIsClipped ?clipped }")
    assert len(rows) == 1
    if full["value"]["answerText"] and len(full["value"]["answerText"]) > 258:
        assert rows[0]["clipped"] == "false"  # the fuller version is the one kept
    assert report.superseded + report.written == 2


def test_shacl_passes_on_seed_and_clquestions(seed_store: OxigraphStore, cl_store: OxigraphStore) -> None:
    for store in (seed_store, cl_store):
        report = validate_store(store)
        assert report.conforms, report.text
        assert report.violations == 0


def test_shacl_catches_a_broken_graph(cl_store: OxigraphStore) -> None:
    broken = OxigraphStore()
    broken.oxigraph.extend(cl_store.quads())
    a = ox.NamedNode("https://w3id.org/kgraph/id/x/answer")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    broken.oxigraph.add(ox.Quad(a, rdf_type, ox.NamedNode(KG + "Answer")))
    broken.oxigraph.add(ox.Quad(a, ox.NamedNode(KG + "dateAnswered"), ox.Literal("15 Jan 2025")))
    report = validate_store(broken)
    assert not report.conforms
    assert report.violations == 2  # no kg:answers, and a date that is not an xsd:date


def test_answer_shortcuts_match_the_source(cl_store: OxigraphStore, clquestions: Path) -> None:
    """kg:answeringBody, kg:daysToAnswer and kg:daysAfterDue on each answer, against the API JSON itself."""
    import datetime as dt

    day = lambda v: dt.date.fromisoformat(v[:10]) if v else None  # noqa: E731
    expected = {}
    items = [it for f in sorted(clquestions.glob("*.json")) for it in json.loads(f.read_text("utf-8"))["results"]]
    assert len(items) > 50
    for item in items:
        v = item["value"]
        tabled, answered, due = day(v.get("dateTabled")), day(v.get("dateAnswered")), day(v.get("dateForAnswer"))
        if answered:
            expected[str(v["id"])] = (
                str(v.get("answeringBodyId")),
                (answered - tabled).days if tabled else None,
                (answered - due).days if due else None,
            )
    rows = select(cl_store, """SELECT ?id ?body ?days ?after WHERE {
        ?a kg:answers ?q ; kg:dateAnswered ?answered . ?q dcterms:identifier ?id .
        OPTIONAL { ?a kg:answeringBody/kg:answeringBodyId ?body } OPTIONAL { ?a kg:daysToAnswer ?days }
        OPTIONAL { ?a kg:daysAfterDue ?after } }""")
    got = {r["id"]: (r["body"], int(r["days"]) if r["days"] else None, int(r["after"]) if r["after"] else None)
           for r in rows}
    assert got == expected
    assert any(after > 0 for _, _, after in expected.values() if after is not None)  # some answered late


def test_shacl_catches_shortcuts_that_disagree(cl_store: OxigraphStore) -> None:
    broken = OxigraphStore()
    broken.oxigraph.extend(cl_store.quads())
    answer = next(iter(broken.oxigraph.quads_for_pattern(None, ox.NamedNode(KG + "daysToAnswer"), None))).subject
    other_body = next(
        q.subject for q in broken.oxigraph.quads_for_pattern(None, None, ox.NamedNode(KG + "AnsweringBody"))
        if not any(broken.oxigraph.quads_for_pattern(answer, ox.NamedNode(KG + "answeringBody"), q.subject))
    )
    for prop, value in (("daysToAnswer", ox.Literal("9999", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
                        ("answeringBody", other_body)):
        old = next(iter(broken.oxigraph.quads_for_pattern(answer, ox.NamedNode(KG + prop), None)))
        broken.oxigraph.remove(old)
        broken.oxigraph.add(ox.Quad(answer, old.predicate, value, old.graph_name))
    report = validate_store(broken)
    assert report.violations == 2, report.text
    assert "differs from the answered question's kg:addressedTo" in report.text
    assert "kg:daysToAnswer is not the days" in report.text


@pytest.mark.parametrize("fmt,ext,parser", [("turtle", "ttl", "turtle"), ("nt", "nt", "nt"),
                                            ("trig", "trig", "trig"), ("nquads", "nq", "nquads"),
                                            ("jsonld", "jsonld", "json-ld")])
def test_exports_parse_back_isomorphic(tmp_path: Path, cl_store: OxigraphStore, fmt: str, ext: str,
                                       parser: str) -> None:
    out = tmp_path / f"graph.{ext}"
    export(cl_store, out, fmt)
    expected = rdflib.Graph()
    content = list(cl_store.content_quads())  # what users get: no build bookkeeping
    assert 0 < len(content) < len(cl_store)
    expected.parse(data=ox.serialize((q.triple for q in content), format=ox.RdfFormat.N_TRIPLES).decode(),
                   format="nt")
    if fmt in ("trig", "nquads", "jsonld"):
        ds = rdflib.Dataset()
        ds.parse(out, format=parser)
        union = rdflib.Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        graphs = {str(g) for _s, _p, _o, g in ds.quads((None, None, None, None)) if g is not None}
        assert len(graphs) >= len(cl_store.document_graphs())  # named graphs kept
    else:
        union = rdflib.Graph()
        union.parse(out, format=parser)
    assert len(union) == len(expected)
    assert isomorphic(union, expected)
    # and an independent parser reads it too
    independent = list(ox.parse(path=str(out), format=ox.RdfFormat.from_extension(ext)))
    assert len(independent) == len(content)
    assert "kgraph/build#" not in out.read_text(encoding="utf-8")


def test_seed_mentions_in_the_graph_match_the_gold(seed_file: Path) -> None:
    gold_path = seed_file.parents[2] / "gold" / "dev.jsonl"
    if not gold_path.exists():
        pytest.skip(f"needs {gold_path}")
    gold = next(json.loads(line) for line in gold_path.read_text().splitlines()
                if json.loads(line)["id"] == seed_file.name)
    store = OxigraphStore()
    build([seed_file], store)
    rows = select(store, """
        SELECT DISTINCT ?e ?label ?surface ?begin ?end ?text WHERE {
          ?a a kg:Answer ; kg:answerText ?text ; kg:mentions ?e ; kg:hasMention ?m .
          ?m kg:mentionOf ?e ; kg:surfaceText ?surface ; kg:beginIndex ?begin ; kg:endIndex ?end .
          ?e rdfs:label ?label .
        }""")
    labels: dict[str, set[str]] = {}
    for r in select(store, "SELECT ?e ?l WHERE { ?a a kg:Answer ; kg:mentions ?e . "
                           "?e rdfs:label|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }"):
        labels.setdefault(r["e"], set()).add(r["l"])
    assert len(labels) == len(gold["entities"]) == 8
    for entity in gold["entities"]:
        names = {entity["name"], *entity["aliases"]}
        assert any(names & found for found in labels.values()), entity["name"]
    for r in rows:  # offsets point at the surface text in the stored answer text
        assert r["text"][int(r["begin"]):int(r["end"])] == r["surface"]
    question_mentions = select(store, "SELECT ?e WHERE { ?q a kg:Question ; kg:mentions ?e }")
    assert question_mentions == []  # the addressee clause names the Home Department, which is not a mention
    assert validate_store(store).conforms


def test_grouped_questions_link_to_their_nodes(corpus: Path) -> None:
    path = corpus / "bulk" / "2024-08.list.json"
    items = [it["value"] for it in json.loads(path.read_text(encoding="utf-8"))]
    expected = sum(len([u for u in v["groupedQuestions"] if u != v["uin"]]) for v in items)
    present = {(v["uin"], v["dateTabled"][:10]) for v in items}
    found = sum(1 for v in items for g in v["groupedQuestionsDates"]
                if g["questionUin"] != v["uin"] and (g["questionUin"], g["dateTabled"][:10]) in present)
    store = OxigraphStore()
    build([path], store, mentions=False)
    rows = select(store, "SELECT (COUNT(*) AS ?n) (SUM(IF(EXISTS { ?o a kg:Question }, 1, 0)) AS ?found) "
                         "WHERE { ?q kg:groupedWith ?o }")
    assert expected > 0
    # every grouped question in the file is linked to its own node (the file covers only some days)
    assert rows == [{"n": str(expected), "found": str(found)}]
    assert found > expected // 2
