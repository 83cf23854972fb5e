"""The remote store against a real SPARQL server: the Oxigraph server from PyPI, started on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from servers import free_port, stop

from kgraph.build import build
from kgraph.store import OxigraphStore, StoreError, open_store

pytestmark = pytest.mark.server

OXIGRAPH = shutil.which("oxigraph")


def _serve(*args: str) -> tuple[subprocess.Popen, str]:
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server binary is absent (pip install oxigraph, part of the test extras)")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, *args, "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("oxigraph server did not start listening")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    location = tmp_path / "server-data"
    proc, base = _serve("serve", "--location", str(location))
    try:
        yield base, location
    finally:
        stop(proc)


def _quads(store) -> list[str]:
    return sorted(map(str, store.quads()))


def test_remote_build_equals_embedded_build_and_is_idempotent(server, clquestions: Path) -> None:
    base, _ = server
    remote = open_store(f"{base}/query")
    report = build([clquestions], remote, mentions=False, workers=1)
    local = OxigraphStore()
    build([clquestions], local, mentions=False, workers=1)
    assert report.counts == {**report.counts, "questions": 982}
    assert len(remote) == len(local)
    assert _quads(remote) == _quads(local)
    assert remote.document_graphs() == local.document_graphs()
    again = build([clquestions], remote, mentions=False, workers=2)
    assert again.written == 0 and again.files_unchanged == report.files
    assert _quads(remote) == _quads(local)


def test_remote_queries_bind_values_safely(server, clquestions: Path) -> None:
    base, _ = server
    remote = open_store(f"{base}/query")
    build([clquestions], remote, mentions=False, workers=1)
    size = len(remote)
    hostile = ox.Literal('Smith" } ; DROP ALL ; SELECT * WHERE { "')
    rows = list(remote.query("SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name }",
                             {"name": hostile}))
    assert rows == []
    assert len(remote) == size
    body = next(iter(remote.query(
        "SELECT ?b ?label WHERE { ?b a <https://w3id.org/kgraph/ontology#AnsweringBody> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label LIMIT 1")))
    found = list(remote.query("SELECT ?b WHERE { ?b <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                              {"label": body["label"]}))
    assert [r["b"] for r in found] == [body["b"]]
    triples = remote.query(f"CONSTRUCT {{ {body['b']} ?p ?o }} WHERE {{ {body['b']} ?p ?o }}")
    assert isinstance(triples, ox.QueryTriples)
    assert len(list(triples)) > 2
    assert bool(remote.query("ASK { ?q a <https://w3id.org/kgraph/ontology#Question> }"))


def test_remote_dump_parses_back(server, clquestions: Path, tmp_path: Path) -> None:
    base, _ = server
    remote = open_store(f"{base}/query")
    build([clquestions], remote, mentions=False, workers=1)
    out = tmp_path / "graph.nq"
    remote.dump(out, "nquads")
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))) == len(list(remote.content_quads()))


def test_server_down_is_a_clear_error_and_nothing_is_reported(clquestions: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL endpoint at http://127\.0\.0\.1:\d+"):
        build([clquestions], open_store(url), mentions=False, workers=1)


def test_cli_build_to_a_down_server_exits_non_zero(clquestions: Path, tmp_path: Path) -> None:
    from kgraph.cli import main

    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(main, ["build", str(clquestions), "--store", url, "--no-mentions", "--no-html",
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code != 0
    message = result.output + (str(result.exception) if result.exception else "")
    assert "127.0.0.1" in message and "cannot reach" in message


def test_refused_write_read_only_server(tmp_path: Path, clquestions: Path, corpus: Path) -> None:
    location = tmp_path / "data"
    proc, base = _serve("serve", "--location", str(location))
    try:
        build([corpus / "api" / "aws-mock"], open_store(f"{base}/query"), mentions=False, workers=1)
    finally:
        stop(proc)
    proc, base = _serve("serve-read-only", "--location", str(location))
    try:
        remote = open_store(f"{base}/query")
        before = _quads(remote)
        with pytest.raises(StoreError, match=r"SPARQL update at http://127\.0\.0\.1:\d+/update failed: HTTP 4\d\d"):
            build([clquestions], remote, mentions=False, workers=1)
        assert _quads(remote) == before  # nothing half-written
    finally:
        stop(proc)


def test_wrong_endpoint_path_is_refused_with_status(server, corpus: Path) -> None:
    base, _ = server
    remote = open_store(f"{base}/no-such-endpoint")
    with pytest.raises(StoreError, match=r"HTTP 404"):
        build([corpus / "api" / "aws-mock"], remote, mentions=False, workers=1)


def test_remote_prune_and_unparsed_rebuild(server, corpus: Path, tmp_path: Path) -> None:
    """The remote store keeps each file's item fingerprints and source, so a rebuild after one item changed
    in every file and a prune of a deleted file end as they do in the embedded store."""
    lines = (corpus / "bulk" / "2024-08.fulltext.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    folder = tmp_path / "docs"
    folder.mkdir()
    files = []
    for i in range(3):
        path = folder / f"part-{i}.jsonl"
        path.write_text("\n".join(lines[i * 20 : (i + 1) * 20]) + "\n", encoding="utf-8")
        files.append(path)
    base, _ = server
    remote, local = open_store(f"{base}/query"), OxigraphStore()
    for store in (remote, local):
        build([folder], store, mentions=False, workers=1)
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace("</p>", " (corrected)</p>", 1), encoding="utf-8")
    reports = [build([folder], store, mentions=False, workers=1) for store in (remote, local)]
    assert reports[0].written == reports[1].written == 3
    assert reports[0].unchanged == reports[1].unchanged == 57
    fingerprints = remote.file_items(files[0].resolve().as_uri())
    assert fingerprints == local.file_items(files[0].resolve().as_uri()) and len(fingerprints.split()) == 20
    assert _quads(remote) == _quads(local)
    files[2].unlink()
    reports = [build([folder], store, mentions=False, workers=1, prune=True) for store in (remote, local)]
    assert reports[0].pruned == reports[1].pruned == [(files[2].resolve().as_uri(), 20)]
    assert remote.document_graphs() == local.document_graphs()
    assert _quads(remote) == _quads(local)
