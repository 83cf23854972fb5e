"""The embedded store: persistence across processes, batch writes that replace a document's graph only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kgraph.build import build
from kgraph.store import FILES_GRAPH, Batch, OxigraphStore, StoreError, atomic_write, open_store

ROOT = Path(__file__).resolve().parents[1]

_COUNT = """
import json, sys
from kgraph.store import open_store
from kgraph.build import counts
store = open_store(sys.argv[1], read_only=True)
print(json.dumps({"len": len(store), "graphs": len(store.document_graphs()), **counts(store)}))
"""


def _run(code: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_store_persists_across_processes(tmp_path: Path, clquestions: Path) -> None:
    location = tmp_path / "store"
    _run(
        "import sys; from kgraph.store import open_store; from kgraph.build import build\n"
        "with open_store(sys.argv[1]) as s: print(build([sys.argv[2]], s, mentions=False).summary())",
        str(location),
        str(clquestions),
    )
    seen = json.loads(_run(_COUNT, str(location)))
    memory = OxigraphStore()
    build([clquestions], memory, mentions=False, workers=1)
    assert seen["len"] == len(memory)
    assert seen["graphs"] == len(memory.document_graphs())
    assert seen["questions"] == 982  # 1,046 records in the fixtures, some questions listed twice
    with open_store(location) as again:  # and this process sees the same quads
        assert sorted(map(str, again.quads())) == sorted(map(str, memory.quads()))


def test_batch_replaces_only_its_documents_graphs() -> None:
    store = OxigraphStore()
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    g1, g2 = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")

    def doc(g: ox.NamedNode, value: str) -> tuple[str, bytes]:
        quads = [ox.Quad(s, p, ox.Literal(value), g), ox.Quad(s, p, ox.Literal("shared"))]
        return g.value, ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    store.write_batch(Batch([doc(g1, "one"), doc(g2, "two")], files=[("file:///x.json", "abc 2", "/x.json", "f1 f2")]))
    assert len(store) == 6  # the shared quad once, and the file's version, source and item fingerprints
    assert store.file_items("file:///x.json") == "f1 f2"
    store.write_batch(Batch([doc(g1, "uno")], files=[("file:///x.json", "def 2", "/x.json", None)]))
    values = {(q.graph_name, q.object.value) for q in store.quads()}
    assert (g1, "uno") in values and (g1, "one") not in values
    assert (g2, "two") in values
    assert store.file_versions(["file:///x.json", "file:///y.json"]) == {"file:///x.json": "def 2"}
    assert store.file_items("file:///x.json") is None  # replaced with the file's version
    assert len(store) == 5
    assert store.document_graphs() == [g1.value, g2.value]  # the build-state graph is not a document
    assert FILES_GRAPH in set(store.oxigraph.named_graphs())


def test_open_store_locations(tmp_path: Path) -> None:
    assert open_store(":memory:").location == ":memory:"
    on_disk = open_store(tmp_path / "s")
    assert on_disk.location == str(tmp_path / "s")
    on_disk.close()
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(tmp_path / "missing", read_only=True)


def test_atomic_write_leaves_old_file_when_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    atomic_write(target, "old")
    store = OxigraphStore()
    with pytest.raises(ValueError):
        store.dump(target, "no-such-format")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left behind
