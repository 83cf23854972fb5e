"""The command line, driven through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.query import named_queries


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def built(tmp_path: Path, runner: CliRunner, clquestions: Path, seed_file: Path) -> Path:
    out = tmp_path / "out"
    result = invoke(runner, "build", str(clquestions), str(seed_file), "-o", str(out), "--no-mentions", "--no-html")
    assert result.exit_code == 0, result.output
    return out


def test_help_shows_worked_examples(runner: CliRunner) -> None:
    assert "Worked example" in invoke(runner, "--help").output
    for name in ("build", "query", "export", "validate"):
        assert "Example" in invoke(runner, name, "--help").output, name


def distinct_ids(clquestions: Path) -> set[int]:
    return {r["value"]["id"] for p in clquestions.glob("*.json") for r in json.loads(p.read_text())["results"]}


def test_build_writes_turtle_and_summary(built: Path, clquestions: Path) -> None:
    g = rdflib.Graph()
    g.parse(built / "graph.ttl")
    questions = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/kgraph/ontology#Question")))
    assert len(questions) == 1 + len(distinct_ids(clquestions))  # the seed and each distinct API question
    assert (built / "rejects.jsonl").read_text() == ""


def test_build_summary_counts(tmp_path: Path, runner: CliRunner, seed_file: Path) -> None:
    result = invoke(runner, "build", str(seed_file), "-o", str(tmp_path), "--no-mentions", "--no-html")
    assert result.exit_code == 0
    assert "1 questions, 1 answers, 1 members, 1 bodies" in result.output


def test_bad_inputs_rejected_and_good_documents_still_built(tmp_path: Path, runner: CliRunner, corpus: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus / "seed" / "offences-against-children.txt", docs / "seed.txt")
    shutil.copy(corpus / "api" / "aws-mock" / "mock_api_question.json", docs / "single.json")
    (docs / "broken.json").write_text('{"results": [', encoding="utf-8")
    (docs / "shape.json").write_text('[{"value": {"foo": 1}}, {"value": {"id": 7, "uin": "1", "questionText": "x",'
                                     ' "house": "Commons", "dateTabled": "2024-02-30T00:00:00"}}]', encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (docs / "latin1.txt").write_bytes("Na\xefve heading\n".encode("latin-1"))
    (docs / "notes.txt").write_text("Meeting notes. Nothing about questions.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(docs), "-o", str(out), "--no-mentions", "--no-html"])
    assert result.exit_code == 1
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    by_file = {(Path(r["source"]).name, r["item"]): r["reason"] for r in rejects}
    assert set(by_file) == {("broken.json", None), ("shape.json", 0), ("shape.json", 1), ("empty.txt", None),
                            ("binary.txt", None), ("latin1.txt", None), ("notes.txt", None)}
    assert "malformed JSON" in by_file[("broken.json", None)]
    assert "not a written question" in by_file[("shape.json", 0)]
    assert "impossible date" in by_file[("shape.json", 1)]
    assert "empty" in by_file[("empty.txt", None)]
    assert "binary" in by_file[("binary.txt", None)]
    assert "not UTF-8" in by_file[("latin1.txt", None)]
    assert "no recognisable" in by_file[("notes.txt", None)]
    for name in ("broken.json", "shape.json", "empty.txt", "binary.txt", "latin1.txt", "notes.txt"):
        assert name in result.output  # named on stderr too (CliRunner mixes the streams)
    g = rdflib.Graph()
    g.parse(out / "graph.ttl")
    ids = {str(o) for o in g.objects(None, rdflib.DCTERMS.identifier)}
    single = json.loads((corpus / "api" / "aws-mock" / "mock_api_question.json").read_text())
    assert str(single["value"]["id"]) in ids
    headings = {str(o) for o in g.objects(None, rdflib.URIRef("https://w3id.org/kgraph/ontology#heading"))}
    assert "Offences against Children" in headings


def test_query_list_and_named_queries_run(built: Path, runner: CliRunner, clquestions: Path) -> None:
    store = str(built / "store")
    listed = invoke(runner, "query", "--list").output.splitlines()
    assert len(listed) == len(named_queries()) >= 8
    # Descriptions say what a query answers; notes on how it is written stay in the .rq file.
    assert not [line for line in listed if "Oxigraph" in line or "sub-select" in line]
    assert "department-ministers\tWho answered for each answering body" in "\n".join(listed)
    result = invoke(runner, "query", "questions-by-department-month", "--store", store, "--format", "csv")
    rows = result.output.splitlines()
    assert rows[0] == "department,month,questions"
    assert sum(int(r.rsplit(",", 1)[1]) for r in rows[1:]) == 1 + len(distinct_ids(clquestions))


def test_query_bind_is_safe(built: Path, runner: CliRunner) -> None:
    store = str(built / "store")
    ok = invoke(runner, "query", "minister-answers", "--store", store, "--bind", "name=Jess Phillips",
                "--format", "json")
    data = json.loads(ok.output)
    assert data["head"]["vars"][0] == "member"
    assert [b["member"]["value"] for b in data["results"]["bindings"]] == ["Jess Phillips"]
    evil = invoke(runner, "query", "minister-answers", "--store", store, "--bind",
                  'name=x" ) } } SELECT * WHERE { ?s ?p ?o } #', "--format", "csv")
    assert evil.exit_code == 0
    assert evil.output.splitlines() == ["member,answered,role,heading,department,question"]


def test_query_missing_bind_and_bad_sparql(built: Path, runner: CliRunner) -> None:
    store = str(built / "store")
    missing = runner.invoke(main, ["query", "minister-answers", "--store", store])
    assert missing.exit_code == 2 and "--bind name=VALUE" in missing.output
    bad = runner.invoke(main, ["query", "SELECT ?x WHERE { ?x ", "--store", store])
    assert bad.exit_code == 1 and "SPARQL" in bad.output


def test_query_file_construct_prints_turtle(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT { ?q kg:uin ?u } WHERE { ?q kg:uin ?u } LIMIT 3")
    out = invoke(runner, "query", str(rq), "--store", str(built / "store")).output
    g = rdflib.Graph()
    g.parse(data=out, format="turtle")
    assert len(g) == 3


def test_query_a_graph_file(built: Path, runner: CliRunner, clquestions: Path) -> None:
    out = invoke(runner, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?q a kg:Question }", "--graph",
                 str(built / "graph.ttl"), "--format", "tsv").output
    assert out.splitlines() == ["n", str(1 + len(distinct_ids(clquestions)))]


def test_export_formats(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    for fmt, ext in (("trig", "trig"), ("nquads", "nq"), ("nt", "nt"), ("jsonld", "jsonld"), ("turtle", "ttl")):
        target = tmp_path / f"g.{ext}"
        result = invoke(runner, "export", "--format", fmt, "-o", str(target), "--store", str(built / "store"))
        assert result.exit_code == 0 and target.stat().st_size > 0


def test_validate_exit_codes(built: Path, runner: CliRunner, tmp_path: Path) -> None:
    assert invoke(runner, "validate", "--store", str(built / "store")).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kgraph/ontology#> .\n"
                   "<urn:x:q> a kg:Question ; kg:dateTabled \"yesterday\" .\n")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "does not conform" in result.output


def test_query_without_store_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["query", "top-askers", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no store at" in result.output


def test_every_named_query_runs(built: Path, runner: CliRunner) -> None:
    samples = {"name": "Phillips", "text": "fraud", "entity": "Home Office"}
    nonempty = set()
    for name, named in named_queries().items():
        args = ["query", name, "--store", str(built / "store"), "--format", "json"]
        for param, _ in named.params:
            args += ["--bind", f"{param}={samples[param]}"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (name, result.output)
        data = json.loads(result.output)
        if data["results"]["bindings"]:
            nonempty.add(name)
    # the queries about questions, answers and members find something in real data without mentions
    assert {"questions-by-department-month", "minister-answers", "member-questions", "days-to-answer-by-department",
            "top-askers", "questions-by-party", "department-ministers", "holding-answers-outstanding",
            "clipped-texts", "search-questions"} <= nonempty


def test_read_only_commands_on_a_built_store(built: Path, runner: CliRunner) -> None:
    store = str(built / "store")
    stats = runner.invoke(main, ["stats", "--store", store, "--format", "json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["classes"]["kg:Question"] >= 1


def test_build_leaves_the_whole_graph_view_out_for_large_graphs(tmp_path: Path, runner: CliRunner, seed_file: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.commands import build as build_command

    monkeypatch.setattr(build_command, "HTML_AUTO_LIMIT", 0)
    result = runner.invoke(main, ["build", str(seed_file), "-o", str(tmp_path), "--no-mentions"])
    assert result.exit_code == 0
    assert "graph.html not written" in result.output
    assert not (tmp_path / "graph.html").exists()
    forced = runner.invoke(main, ["build", str(seed_file), "-o", str(tmp_path), "--no-mentions", "--html"])
    assert forced.exit_code == 0 and (tmp_path / "graph.html").stat().st_size > 0


def test_store_errors_are_one_line_not_tracebacks(tmp_path: Path, runner: CliRunner, seed_file: Path) -> None:
    import socket

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = runner.invoke(main, ["build", str(seed_file), "-o", str(tmp_path), "--no-mentions",
                                  "--store", f"http://127.0.0.1:{port}/query"])
    assert result.exit_code == 1
    assert "Error: cannot reach the SPARQL endpoint" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception escaping
