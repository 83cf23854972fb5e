"""The remote store against a real Virtuoso (Debian's virtuoso-opensource), started on loopback for the tests.

Virtuoso differs from Oxigraph where it matters to kgraph: no unnamed default graph (shared facts go to the
graph given by ``shared=``), system graphs of its own, updates it cannot compile past a size, booleans read
back as "1"/"0", integer division. The builds and every named query must come out as in the embedded store.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from servers import free_port, stop

from kgraph.build import build
from kgraph.store import OxigraphStore, open_store

pytestmark = pytest.mark.server

VIRTUOSO = shutil.which("virtuoso-t")
SHARED = "https://w3id.org/kgraph/graph/shared"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

_INI = """
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {http_port}
ServerRoot = {db}
MaxClientConnections = 5
ServerThreads = 5
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[str]:
    """A fresh Virtuoso database; yields the HTTP base URL. The dba password of a new database is dba."""
    if VIRTUOSO is None:
        pytest.skip("virtuoso-t is absent (apt-get install virtuoso-opensource; .ci/run installs it)")
    db = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(_INI.format(db=db, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=db,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                log_file = db / "virtuoso.log"
                log = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else ""
                raise RuntimeError(f"virtuoso exited with {proc.returncode}: {log}")
            try:
                import requests

                if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("virtuoso did not start serving SPARQL within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        stop(proc)


def _url(base: str, password: str = "dba") -> str:
    host = base.removeprefix("http://")
    return f"http://dba:{password}@{host}/sparql-auth#auth=digest&shared={SHARED}"


@pytest.fixture
def remote(virtuoso: str):
    store = open_store(_url(virtuoso))
    store.clear()
    yield store
    store.close()


def _as_local(quads) -> list[str]:
    """Quads as the embedded store holds them: Virtuoso's shared graph is the default graph there."""
    shared = ox.NamedNode(SHARED)
    return sorted(str(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph() if q.graph_name == shared
                              else q.graph_name)) for q in quads)


@pytest.fixture(scope="module")
def local_with_mentions(clquestions: Path) -> OxigraphStore:
    store = OxigraphStore()
    build([clquestions], store, mentions=True, workers=1)
    return store


def test_virtuoso_build_equals_embedded_build_and_is_idempotent(remote, clquestions: Path,
                                                                 local_with_mentions: OxigraphStore) -> None:
    report = build([clquestions], remote, mentions=True, workers=1)
    assert report.written == 982 and not report.rejects
    assert remote.batch_bytes < 8_000_000  # learnt from the Server header: large updates fail to compile
    assert _as_local(remote.quads()) == sorted(map(str, local_with_mentions.quads()))
    assert len(remote) == len(local_with_mentions)  # Virtuoso's own system graphs are not counted
    again = build([clquestions], remote, mentions=True, workers=2)
    assert again.written == 0 and again.files_unchanged == report.files
    assert len(remote) == len(local_with_mentions)


def test_virtuoso_named_queries_give_the_embedded_rows(remote, clquestions: Path,
                                                       local_with_mentions: OxigraphStore) -> None:
    from queries import queries  # benchmarks/queries.py: each named query with its documented example

    from kgraph.query import run

    build([clquestions], remote, mentions=True, workers=1)

    def rows(store, text, bindings) -> list[tuple]:
        result = run(store, text, bindings)
        names = [v.value for v in result.variables]
        return sorted(tuple(str(row[n]) if row[n] is not None else None for n in names) for row in result)

    compared = 0
    for name, (text, bindings) in queries().items():
        expected = rows(local_with_mentions, text, bindings)
        assert rows(remote, text, bindings) == expected, name
        compared += bool(expected)
    assert compared >= 12  # most queries have rows on this data, so the comparison is not of empties


def test_virtuoso_export_and_clear_keep_to_kgraph_graphs(remote, clquestions: Path, tmp_path: Path) -> None:
    build([clquestions], remote, mentions=False, workers=1)
    out = tmp_path / "graph.ttl"
    remote.dump(out, "turtle")
    text = out.read_text(encoding="utf-8")
    assert "openlinksw" not in text and "virtrdf" not in text  # none of Virtuoso's system graphs
    assert '"1"^^' not in text and "true" in text  # booleans in their canonical form
    remote.clear()
    assert len(remote) == 0
    assert remote.query("ASK { GRAPH ?g { ?s a <http://www.openlinksw.com/schemas/virtrdf#QuadMap> } }")


def test_cli_build_with_a_wrong_password_fails_clearly(virtuoso: str, tmp_path: Path) -> None:
    from kgraph.cli import main

    result = CliRunner().invoke(main, ["build", "--examples", "-o", str(tmp_path / "out"), "--no-mentions",
                                       "--store", _url(virtuoso, password="wrong")])
    assert result.exit_code == 1
    assert "HTTP 401" in result.output and "/sparql-auth" in result.output
    assert "questions" not in result.output  # nothing reported built
