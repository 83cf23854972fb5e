"""kgraph stats and the networkx measures: counts, rankings and co-mention communities from the graph."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from test_viz import ENTITIES, QUESTIONS, XSS, comention_expected, iri, small_store, small_turtle

from kgraph import analytics as an
from kgraph.cli import main
from kgraph.store import OxigraphStore
from kgraph.vocab import KG


@pytest.fixture()
def store() -> OxigraphStore:
    return small_store()


def test_class_counts_count_every_asserted_type(store):
    counts = an.class_counts(an.catalogue(store))
    expected = Counter(r["t"].value for r in store.query("SELECT ?s ?t WHERE { ?s a ?t }"))
    assert counts == {an.curie(t): n for t, n in expected.items()}
    assert counts["kg:Question"] == len(QUESTIONS)


def test_most_mentioned_counts_documents_naming_each_entity(store):
    docs = defaultdict(set)
    for q, (*_x, mentions, answer) in QUESTIONS.items():
        for e in mentions:
            docs[e].add(q)
        for e in answer[2] if answer else []:
            docs[e].add(q + "/answer")
    ranked = an.most_mentioned(store, an.catalogue(store))
    assert {r["iri"]: r["documents"] for r in ranked} == {iri(e): len(d) for e, d in docs.items()}
    assert [r["documents"] for r in ranked] == sorted((r["documents"] for r in ranked), reverse=True)
    assert ranked[0]["iri"] == iri("e2")


def test_comention_graph_and_strongest_pairs(store):
    cat = an.catalogue(store)
    g = an.comention_graph(store, cat)
    assert {frozenset((a, b)): w for a, b, w in g.edges(data="weight")} == comention_expected()
    assert all(an.entity_kind(cat.types[n]) in an.COMENTION_KINDS for n in g)  # people are not in it
    pairs = an.strongest_pairs(g)
    assert pairs[0]["answers"] == max(comention_expected().values())
    assert {pairs[0]["a"], pairs[0]["b"]} == {XSS, "Knife Crime Fund"}


def test_communities_partition_the_connected_entities(store):
    g = an.comention_graph(store, an.catalogue(store))
    found = an.communities(g, members=100)
    labels = [m for c in found for m in c["members"]]
    assert sorted(labels) == sorted(g.nodes[n]["label"] for n in g if g.degree(n))
    assert sum(c["size"] for c in found) == len(labels)


def test_centrality_ranks_the_hub_first(store):
    full = an.full_graph(store, an.catalogue(store))
    cent = an.centrality(full, limit=3)
    und = an.undirected_weighted(full)
    top_degree = max(und.degree, key=lambda kv: kv[1])[0]
    assert cent["degree"][0]["iri"] == top_degree
    assert cent["pagerank"][0]["score"] >= cent["pagerank"][-1]["score"]
    assert not any(isinstance(n, str) and not n.startswith("http") for n in full)  # no literals became nodes


def test_full_graph_converts_only_iri_edges(store):
    full = an.full_graph(store, an.catalogue(store))
    iri_triples = {(r["s"].value, r["o"].value) for r in store.query(
        an.PREFIX_DECL + "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }")}
    assert set((a, b) for a, b in full.edges()) <= iri_triples


def test_cli_stats_table_json_and_graphml(tmp_path: Path):
    graph = tmp_path / "g.ttl"
    graph.write_text(small_turtle(), encoding="utf-8")
    r = CliRunner().invoke(main, ["stats", str(graph), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["classes"]["kg:Question"] == len(QUESTIONS)
    assert data["comention"]["pairs"] == len(comention_expected())
    r = CliRunner().invoke(main, ["stats", str(graph)])
    assert r.exit_code == 0 and "Strongest co-mention pairs" in r.output and "Knife Crime Fund" in r.output
    out = tmp_path / "g.graphml"
    r = CliRunner().invoke(main, ["stats", str(graph), "--graphml", str(out), "--graphml-view", "comention"])
    assert r.exit_code == 0, r.output
    back = nx.read_graphml(out)
    assert {frozenset(e) for e in back.edges()} == set(comention_expected())
    assert {back.nodes[n]["label"] for n in back} == {ENTITIES[k][0] for k in ENTITIES if ENTITIES[k][1] != "Person"
                                                     and any(iri(k) in p for p in comention_expected())}


def test_stats_help_shows_a_worked_example():
    r = CliRunner().invoke(main, ["stats", "--help"])
    assert r.exit_code == 0 and "kgraph stats --graphml" in r.output


@pytest.mark.corpus
def test_corpus_comention_weights_match_answer_mentions(clquestions, seed_file):
    from kgraph.build import build

    store = OxigraphStore(None)
    build([clquestions, seed_file], store, mentions=True)
    cat = an.catalogue(store)
    g = an.comention_graph(store, cat)
    # independently: per answer, the set of bodies/laws/programmes it names, then count pairs
    named = defaultdict(set)
    for r in store.query(f"SELECT ?a ?e WHERE {{ ?a a <{KG}Answer> ; <{KG}mentions> ?e }}"):
        if an.entity_kind(cat.types.get(r["e"].value, ())) in ("Body", "Law", "Programme"):
            named[r["a"].value].add(r["e"].value)
    pairs = Counter(frozenset((a, b)) for ents in named.values() for a in ents for b in ents if a < b)
    assert pairs, "the corpus answers name entities together"
    assert {frozenset((a, b)): w for a, b, w in g.edges(data="weight")} == dict(pairs)
    stats = an.stats(store, limit=5)
    assert stats["classes"]["kg:Question"] == int(next(iter(store.query(
        f"SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE {{ ?q a <{KG}Question> }}")))["n"].value)
    assert len(stats["comention"]["strongest_pairs"]) == 5
