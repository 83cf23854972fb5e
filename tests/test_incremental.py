"""Incremental and idempotent builds: same input, same store; a changed document replaces its graph only;
a build killed part-way and rerun ends where an uninterrupted build does; workers do not change the result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from kgraph.build import build
from kgraph.store import FILES_GRAPH, OxigraphStore, open_store

ROOT = Path(__file__).resolve().parents[1]


def _quads(store) -> list[str]:
    return sorted(map(str, store.quads()))


def _assert_isomorphic(a, b) -> None:
    """Two rdflib Datasets hold isomorphic graphs under the same names."""
    graphs_a = {str(g.identifier): g for g in a.graphs()}
    graphs_b = {str(g.identifier): g for g in b.graphs()}
    assert graphs_a.keys() == graphs_b.keys()
    for name, graph in graphs_a.items():
        assert len(graph) == len(graphs_b[name]) and isomorphic(graph, graphs_b[name]), name


def _split_jsonl(src: Path, dest: Path, per_file: int, limit: int | None = None) -> list[Path]:
    """Copy a JSON Lines corpus file into many small files under a temporary folder (never the project)."""
    lines = src.read_text(encoding="utf-8").splitlines()[:limit]
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(0, len(lines), per_file):
        path = dest / f"{src.stem}-{i // per_file:03d}.jsonl"
        path.write_text("\n".join(lines[i : i + per_file]) + "\n", encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture
def small_corpus(tmp_path: Path, corpus: Path) -> Path:
    """Full-text single responses and the clipped list of the same month: versions compete."""
    folder = tmp_path / "corpus"
    _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder / "full", 40)
    listed = json.loads((corpus / "bulk" / "2024-08.list.json").read_text(encoding="utf-8"))
    (folder / "list").mkdir()
    for i in range(0, 400, 100):
        (folder / "list" / f"page-{i // 100}.json").write_text(json.dumps(listed[i : i + 100]), encoding="utf-8")
    return folder


def test_rebuild_changes_nothing(tmp_path: Path, small_corpus: Path) -> None:
    with open_store(tmp_path / "store") as store:
        first = build([small_corpus], store, mentions=False, workers=1)
        before = _quads(store)
        rdf_before = store.to_rdflib()
        again = build([small_corpus], store, mentions=False, workers=1)
        assert again.written == 0
        assert again.files_unchanged == first.files
        assert _quads(store) == before
        _assert_isomorphic(store.to_rdflib(), rdf_before)


def test_rebuild_rereading_every_file_writes_nothing(tmp_path: Path, small_corpus: Path) -> None:
    store = OxigraphStore()
    build([small_corpus], store, mentions=False, workers=1)
    before = _quads(store)
    # Touch every file's bytes without changing a document: a trailing newline more.
    for path in small_corpus.rglob("*.json*"):
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = build([small_corpus], store, mentions=False, workers=1)
    assert report.files_unchanged == 0 and report.documents > 0
    assert report.written == 0
    assert report.unchanged + report.superseded == report.documents
    assert len(store) == len(before)
    files = str(FILES_GRAPH)
    assert [q for q in _quads(store) if not q.endswith(files)] == [q for q in before if not q.endswith(files)]


def test_parallel_build_equals_single_process(small_corpus: Path) -> None:
    one, two = OxigraphStore(), OxigraphStore()
    build([small_corpus], one, mentions=False, workers=1)
    report = build([small_corpus], two, mentions=False, workers=2)
    assert report.files > 2
    assert _quads(one) == _quads(two)


def test_version_chosen_does_not_depend_on_run_order(tmp_path: Path, small_corpus: Path) -> None:
    """A clipped list version never replaces the full answer, whether read before, after or in another run."""
    together = OxigraphStore()
    build([small_corpus], together, mentions=False, workers=1)
    lists_first = OxigraphStore()
    build([small_corpus / "list"], lists_first, mentions=False, workers=1)
    report = build([small_corpus / "full"], lists_first, mentions=False, workers=1)
    assert report.written > 0
    full_first = OxigraphStore()
    build([small_corpus / "full"], full_first, mentions=False, workers=1)
    later = build([small_corpus / "list"], full_first, mentions=False, workers=1)
    assert later.superseded > 0  # list items whose question already has its full text in the store
    assert _quads(lists_first) == _quads(together) == _quads(full_first)


def test_changed_document_replaces_its_own_graph(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "docs"
    files = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder, 25, limit=100)
    store = OxigraphStore()
    build([folder], store, mentions=False, workers=1)
    before = {g: _graph(store, g) for g in store.document_graphs()}
    shared_before = _graph(store, None)
    # A correction arrives for one question of the second file.
    lines = files[1].read_text(encoding="utf-8").splitlines()
    item = json.loads(lines[3])
    new_text = "<p>A corrected answer: the figure is 42.</p>"
    item["value"]["answerText"] = new_text
    lines[3] = json.dumps(item)
    files[1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([folder], store, mentions=False, workers=1)
    assert report.files == 1 and report.files_unchanged == len(files) - 1
    assert report.written == 1
    after = {g: _graph(store, g) for g in store.document_graphs()}
    assert after.keys() == before.keys()
    changed = [g for g in after if after[g] != before[g]]
    assert len(changed) == 1
    assert any("the figure is 42" in q for q in after[changed[0]])
    assert not any("the figure is 42" in q for q in before[changed[0]])
    assert _graph(store, None) >= shared_before  # shared facts kept


def test_rebuild_parses_only_the_items_that_changed(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    """A file with one changed item is reread, but its unchanged items are recognised by their raw bytes and
    never parsed; the store ends as a fresh build of the new files would."""
    from kgraph.sources import apijson

    folder = tmp_path / "docs"
    files = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder, 25, limit=100)
    store = OxigraphStore()
    build([folder], store, mentions=False, workers=1)
    parsed: list[str] = []
    real = apijson.parse_value

    def counting(value, source, index):
        parsed.append(f"{source}:{index}")
        return real(value, source, index)

    monkeypatch.setattr(apijson, "parse_value", counting)
    for path in files:  # one answer corrected in every file
        lines = path.read_text(encoding="utf-8").splitlines()
        item = json.loads(lines[2])
        item["value"]["answerText"] = "<p>Corrected: the figure is 42.</p>"
        lines[2] = json.dumps(item)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([folder], store, mentions=False, workers=1)
    assert report.files == len(files) and report.files_unchanged == 0
    assert report.written == len(files)
    assert sorted(parsed) == sorted(f"{p}:2" for p in map(str, files))
    assert report.unchanged == report.documents - len(files)
    monkeypatch.setattr(apijson, "parse_value", real)
    fresh = OxigraphStore()
    build([folder], fresh, mentions=False, workers=1)
    files_graph = str(FILES_GRAPH)
    assert [q for q in _quads(store) if not q.endswith(files_graph)] == [
        q for q in _quads(fresh) if not q.endswith(files_graph)
    ]


def test_other_settings_parse_every_item_again(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    """Item fingerprints cover the build settings: a build with mentions rereads what one without wrote."""
    from kgraph.sources import apijson

    folder = tmp_path / "docs"
    files = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder, 10, limit=20)
    store = OxigraphStore()
    build([folder], store, mentions=False, workers=1)
    for path in files:  # the files change (so they are reread), their items do not
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    parsed: list[int] = []
    real = apijson.parse_value
    monkeypatch.setattr(apijson, "parse_value", lambda v, s, i: parsed.append(i) or real(v, s, i))
    build([folder], store, mentions=False, workers=1)
    assert parsed == []
    report = build([folder], store, mentions=True, workers=1)
    assert len(parsed) == 20 and report.written == 20


def _graph(store: OxigraphStore, graph: str | None) -> set[str]:
    import pyoxigraph as ox

    g = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    return {f"{q.subject} {q.predicate} {q.object}" for q in store.oxigraph.quads_for_pattern(None, None, None, g)}


_BUILD = """
import sys
from kgraph.store import open_store
from kgraph.build import Builder
store = open_store(sys.argv[1])
def progress(path):
    print("done", path, flush=True)
report = Builder(store, mentions=False, workers=2).build([sys.argv[2]], progress=progress)
store.close()
print("finished", report.written, flush=True)
"""


def test_killed_build_then_rerun_equals_uninterrupted(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "corpus"
    for month in ("2023-09", "2023-10", "2023-11"):
        _split_jsonl(corpus / "bulk" / "longform" / f"{month}.jsonl", folder / "longform", 100)
    _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder / "full", 100)
    (folder / "list.json").write_text((corpus / "bulk" / "2024-08.list.json").read_text(encoding="utf-8"))
    files = sum(1 for _ in folder.rglob("*.json*"))

    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", _BUILD, str(killed), str(folder)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    done = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        done += line.startswith("done")
        if done >= 12:
            os.killpg(proc.pid, signal.SIGKILL)  # the builder and its workers, mid-run
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    full = tmp_path / "full"
    with open_store(full) as reference:
        build([folder], reference, mentions=False, workers=2)
        expected = _quads(reference)
        expected_graphs = {g: _graph(reference, g) for g in reference.document_graphs()}

    # Every version of every document, each file built alone. A killed build may hold a version that a
    # fuller one from a file it had not reached yet would have replaced (the workers' order varies with
    # load), so a stored graph must be one whole version of its document, not necessarily the final one.
    versions: dict[str, list[set[str]]] = {}
    for path in sorted(folder.rglob("*.json*")):
        alone = OxigraphStore()
        build([path], alone, mentions=False, workers=1)
        for g in alone.document_graphs():
            versions.setdefault(g, []).append(_graph(alone, g))

    with open_store(killed) as partial:
        graphs = partial.document_graphs()
        assert 0 < len(graphs) < len(expected_graphs)
        for g in graphs:  # every document that is in is wholly in: exactly one version, all of it
            assert _graph(partial, g) in versions[g], g
        report = build([folder], partial, mentions=False, workers=2)
        assert report.files + report.files_unchanged == files
        assert report.files_unchanged > 0  # files finished before the kill are not read again
        assert _quads(partial) == expected


def test_rebuild_with_mentions_is_idempotent(tmp_path: Path, corpus: Path) -> None:
    pytest.importorskip("kgraph.extract")
    mock = corpus / "api" / "aws-mock"
    store = OxigraphStore()
    build([mock], store, workers=1)
    before = _quads(store)
    assert any("mentionOf" in q for q in before)
    again = build([mock], store, workers=2, incremental=False)  # everything mapped and written again
    assert again.written > 0
    assert _quads(store) == before


def _documents(store) -> list[str]:
    """The quads of the document graphs: not the build's file records, and not the shared default-graph
    facts, which a prune leaves (a member or body a removed document named may be named elsewhere)."""
    return sorted(str(q) for q in store.quads()
                  if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != FILES_GRAPH)


def test_prune_removes_what_deleted_files_held(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "docs"
    files = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder, 25, limit=100)
    store = OxigraphStore()
    build([folder], store, mentions=False, workers=1)
    files[1].unlink()
    kept = build([folder], store, mentions=False, workers=1)
    assert kept.pruned == [] and len(store.document_graphs()) == 100  # nothing removed unless asked
    report = build([folder], store, mentions=False, workers=1, prune=True)
    assert report.pruned == [(files[1].resolve().as_uri(), 25)]
    assert "25 documents of 1 files no longer there removed" in report.summary()
    fresh = OxigraphStore()
    build([folder], fresh, mentions=False, workers=1)
    assert store.document_graphs() == fresh.document_graphs() and len(fresh.document_graphs()) == 75
    assert _documents(store) == _documents(fresh)
    assert set(_quads(store)) >= set(_quads(fresh)) - {q for q in _quads(fresh) if q.endswith(str(FILES_GRAPH))}
    assert build([folder], store, mentions=False, workers=1, prune=True).pruned == []


def test_prune_brings_back_the_version_a_deleted_file_had_beaten(tmp_path: Path, small_corpus: Path) -> None:
    """Full answers (in full/) beat the clipped list versions (in list/); once full/ is deleted the clipped
    versions, from files that did not change, are what the store must hold."""
    import shutil

    store = OxigraphStore()
    build([small_corpus], store, mentions=False, workers=1)
    shutil.rmtree(small_corpus / "full")
    report = build([small_corpus], store, mentions=False, workers=1, prune=True)
    assert report.pruned and report.written > 0
    fresh = OxigraphStore()
    build([small_corpus], fresh, mentions=False, workers=1)
    assert _documents(store) == _documents(fresh)


def test_prune_leaves_other_folders_alone(tmp_path: Path, corpus: Path) -> None:
    one = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", tmp_path / "one", 20, limit=40)
    two = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", tmp_path / "two", 20, limit=40)
    store = OxigraphStore()
    build([tmp_path / "one", tmp_path / "two"], store, mentions=False, workers=1)
    before = _quads(store)
    two[0].unlink()
    assert build([tmp_path / "one"], store, mentions=False, workers=1, prune=True).pruned == []
    assert _quads(store) == before
    assert len(one) == 2


def test_cli_build_prune(tmp_path: Path, corpus: Path) -> None:
    from click.testing import CliRunner

    from kgraph.cli import main

    folder = tmp_path / "docs"
    files = _split_jsonl(corpus / "bulk" / "2024-08.fulltext.jsonl", folder, 10, limit=30)
    out = tmp_path / "out"
    args = ["build", str(folder), "-o", str(out), "--no-mentions", "--no-html"]
    assert CliRunner().invoke(main, args).exit_code == 0
    files[0].unlink()
    result = CliRunner().invoke(main, [*args, "--prune"])
    assert result.exit_code == 0, result.output
    assert f"pruned: {files[0].resolve().as_uri()} is gone; 10 documents read from it removed" in result.output
    assert "20 questions" in result.output
