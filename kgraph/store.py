"""Where the graph lives: Oxigraph in memory or on disk (the default), behind one small interface.

Each document is a named graph; facts about shared nodes are in the default graph. A triple is written to
exactly one graph, so queries run with the default graph as the union of all graphs and see no duplicates.

Why Oxigraph rather than rdflib's memory store: on this machine it loads, parses and serialises 10-20x
faster and answers the co-mention queries users run in milliseconds where rdflib took minutes (see
../shared/PERF_NOTES.md and benchmarks/). rdflib stays the programming interface for conversions,
SHACL validation and anything a notebook user wants (``to_rdflib``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    import rdflib

    from kgraph.mapping import DocumentQuads

STORE_ENV = "KGRAPH_STORE"
# RocksDB keeps what was written in memtables (one per index, about a dozen) until they fill: at 100k
# questions that held the builder's main process at 2.3 GiB. Flushing them after every 32 MiB of N-Quads
# written keeps the process flat at a few hundred MiB whatever the corpus size (benchmarks/ingest.py).
FLUSH_BYTES = 32 << 20

# Build state, kept in the store itself so that it changes in the same transaction as what it describes:
# each document graph holds one ``<graph> build:version "digest rank"`` triple about itself (dropped and
# written with the document), and the named graph FILES_GRAPH holds ``<file:...> build:version "digest count"``
# for each source file whose documents are all in, with its path as the documents name it (dcterms:source,
# for --prune) and the fingerprints of its items (build:items, so that unchanged items go unparsed). Not
# ontology terms: bookkeeping for incremental builds.
BUILD = "https://w3id.org/kgraph/build#"
VERSION = ox.NamedNode(BUILD + "version")
ITEMS = ox.NamedNode(BUILD + "items")  # on a file: fingerprints of its items when last built
FILES_GRAPH = ox.NamedNode(BUILD + "files")
_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown RDF format {name!r}; known: {', '.join(sorted(FORMATS))}") from None


class StoreError(RuntimeError):
    """The store could not do what was asked; the message says what and why."""


@dataclass
class Batch:
    """One write: documents that each replace their own named graph, plus additions.

    ``documents`` pairs a graph IRI with the N-Quads of that document (its graph, its ``build:version``
    triple and its shared default-graph facts); ``shared`` holds further default-graph facts; ``files``
    gives a file IRI, its new ``build:version`` literal (replacing the old one), the path as the
    documents' ``dcterms:source`` spells it, and the fingerprints of its items (space-separated, None
    when its reader gives none). A store writes a document wholly or not at all, and the file versions no
    earlier than the documents.
    """

    documents: list[tuple[str, bytes]] = field(default_factory=list)
    shared: bytes = b""
    files: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents)


@dataclass(frozen=True)
class StoredVersion:
    """What the store holds of one document: its ``build:version`` literal and the file it came from."""

    version: str
    source: str | None


class GraphStore:
    """The operations kgraph needs of a store. Subclasses: OxigraphStore here, RemoteStore for endpoints."""

    location: str

    def write_documents(self, docs: Sequence[DocumentQuads]) -> None:
        """Each document replaces its own named graph; shared facts are added to the default graph."""
        self.write_batch(
            Batch([(d.graph.value, ox.serialize(d.all(), format=ox.RdfFormat.N_QUADS)) for d in docs])
        )

    def write_batch(self, batch: Batch) -> None:
        raise NotImplementedError

    def versions(self, graphs: Sequence[str]) -> dict[str, StoredVersion]:
        """The stored version of each of these document graphs that is in the store."""
        raise NotImplementedError

    def all_versions(self) -> Iterator[tuple[str, str]]:
        """(graph IRI, version literal) of every document in the store."""
        raise NotImplementedError

    def versions_from(self, source: str) -> Iterator[tuple[str, str]]:
        """(graph IRI, version literal) of every stored document read from the file ``source``.

        What a rebuild needs before it rereads one file: looking these up per file costs nothing for the
        files that are skipped unread, where loading every stored version up front cost seconds at 100k.
        """
        raise NotImplementedError

    def file_versions(self, files: Sequence[str]) -> dict[str, str]:
        """The ``build:version`` literal of each of these file IRIs that the store has."""
        raise NotImplementedError

    def file_items(self, file: str) -> str | None:
        """The fingerprints of a built file's items (space-separated), if its reader gave them."""
        raise NotImplementedError

    def files_under(self, prefix: str) -> dict[str, str | None]:
        """Every built file whose IRI starts with ``prefix`` (a folder's ``file:`` IRI and a slash), with
        the path its documents name as their source (None for files built before that was recorded)."""
        raise NotImplementedError

    def remove(self, graphs: Sequence[str], files: Sequence[str]) -> None:
        """Drop these document graphs and forget these files, in that order (a failure in between leaves
        the file to be pruned again)."""
        raise NotImplementedError

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
        raise NotImplementedError

    def quads(self) -> Iterator[ox.Quad]:
        raise NotImplementedError

    def content_quads(self) -> Iterator[ox.Quad]:
        """Every quad but the build's own bookkeeping (document and file versions): what users export."""
        return (q for q in self.quads() if q.predicate != VERSION and q.graph_name != FILES_GRAPH)

    def __len__(self) -> int:
        raise NotImplementedError

    def document_graphs(self) -> list[str]:
        raise NotImplementedError

    def dump(self, path: str | Path, format: str = "turtle", *, prefixes: dict[str, str] | None = None) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Remove every quad: named graphs and the default graph."""
        raise NotImplementedError

    def close(self) -> None:  # noqa: B027 - optional hook
        pass

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def to_rdflib(self) -> rdflib.Dataset:
        """The whole dataset as an rdflib Dataset, named graphs kept (for pySHACL, notebooks, tests)."""
        import rdflib

        data = ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS)
        ds = rdflib.Dataset()
        ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds


class OxigraphStore(GraphStore):
    """Oxigraph, in memory (``path=None``) or persistent on disk."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.location = str(path) if path is not None else ":memory:"
        self.read_only = read_only and path is not None
        self._unflushed = 0
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

    def write_batch(self, batch: Batch) -> None:
        """Old graphs and file versions are removed first, then everything new goes in with one ``load``.

        ``load`` is one transaction: a build killed mid-way leaves each document either all in or all
        out (a removed graph whose replacement never landed is simply out, and a rerun writes it).
        """
        store = self._store
        for graph, _ in batch.documents:
            node = ox.NamedNode(graph)
            if store.contains_named_graph(node):
                store.remove_graph(node)
        markers = []
        for file, version, source, items in batch.files:
            node = ox.NamedNode(file)
            for old in list(store.quads_for_pattern(node, None, None, FILES_GRAPH)):
                store.remove(old)
            markers.append(ox.Quad(node, VERSION, ox.Literal(version), FILES_GRAPH))
            markers.append(ox.Quad(node, _SOURCE, ox.Literal(source), FILES_GRAPH))
            if items:
                markers.append(ox.Quad(node, ITEMS, ox.Literal(items), FILES_GRAPH))
        payload = b"".join(nq for _, nq in batch.documents) + batch.shared
        if markers:
            payload += ox.serialize(markers, format=ox.RdfFormat.N_QUADS)
        if payload:
            store.load(payload, format=ox.RdfFormat.N_QUADS)
            self._unflushed += len(payload)
            if self._unflushed >= FLUSH_BYTES and self.location != ":memory:":
                store.flush()
                self._unflushed = 0

    def versions(self, graphs: Sequence[str]) -> dict[str, StoredVersion]:
        out = {}
        for graph in graphs:
            node = ox.NamedNode(graph)
            for quad in self._store.quads_for_pattern(node, VERSION, None, node):
                source = next(self._store.quads_for_pattern(None, _SOURCE, None, node), None)
                out[graph] = StoredVersion(quad.object.value, source.object.value if source else None)
                break
        return out

    def all_versions(self) -> Iterator[tuple[str, str]]:
        for quad in self._store.quads_for_pattern(None, VERSION, None, None):
            if quad.graph_name == quad.subject:
                yield quad.subject.value, quad.object.value

    def versions_from(self, source: str) -> Iterator[tuple[str, str]]:
        store = self._store
        graphs = {q.graph_name for q in store.quads_for_pattern(None, _SOURCE, ox.Literal(source), None)}
        for graph in graphs:
            if isinstance(graph, ox.NamedNode):
                for quad in store.quads_for_pattern(graph, VERSION, None, graph):
                    yield graph.value, quad.object.value

    def file_versions(self, files: Sequence[str]) -> dict[str, str]:
        out = {}
        for file in files:
            for quad in self._store.quads_for_pattern(ox.NamedNode(file), VERSION, None, FILES_GRAPH):
                out[file] = quad.object.value
        return out

    def file_items(self, file: str) -> str | None:
        quad = next(self._store.quads_for_pattern(ox.NamedNode(file), ITEMS, None, FILES_GRAPH), None)
        return quad.object.value if quad else None

    def files_under(self, prefix: str) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for quad in self._store.quads_for_pattern(None, VERSION, None, FILES_GRAPH):
            file = quad.subject.value
            if file.startswith(prefix):
                source = next(self._store.quads_for_pattern(quad.subject, _SOURCE, None, FILES_GRAPH), None)
                out[file] = source.object.value if source else None
        return out

    def remove(self, graphs: Sequence[str], files: Sequence[str]) -> None:
        for graph in graphs:
            self._store.remove_graph(ox.NamedNode(graph))
        for file in files:
            for quad in list(self._store.quads_for_pattern(ox.NamedNode(file), None, None, FILES_GRAPH)):
                self._store.remove(quad)

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def document_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if g != FILES_GRAPH)

    def dump(self, path: str | Path, format: str = "turtle", *, prefixes: dict[str, str] | None = None) -> None:
        fmt = rdf_format(format)
        kwargs = {"prefixes": prefixes} if prefixes and fmt in _PREFIXED else {}
        with atomic_path(path) as tmp:
            quads = self.content_quads()
            # Triple formats get the union of all graphs: each triple is in one graph only.
            items = quads if fmt.supports_datasets else (q.triple for q in quads)
            ox.serialize(items, str(tmp), format=fmt, **kwargs)

    def clear(self) -> None:
        self._store.clear()

    def optimize(self) -> None:
        """Compact the on-disk indexes. After a large build this halves query times (measured at 100k
        questions: a two-pattern join over every question 1.34 s -> 0.68 s), so ``kgraph build`` calls it
        when a build wrote many documents; it costs about 6 s per 100k questions."""
        if self.location != ":memory:" and not self.read_only:
            self._store.optimize()

    def flush(self) -> None:
        if self.location != ":memory:" and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()


_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside the target, renamed onto it only when the block succeeds.

    Readers never see half a file, and a failed export leaves the previous file as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write(path: str | Path, data: bytes | str) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as tmp:
        tmp.write_bytes(payload)


def open_store(location: str | Path | None, *, read_only: bool = False) -> GraphStore:
    """A store from a location: ``:memory:``, a folder path, or an http(s) SPARQL endpoint."""
    loc = str(location) if location is not None else os.environ.get(STORE_ENV, ":memory:")
    if loc.startswith(("http://", "https://")):
        from kgraph.remote import RemoteStore

        return RemoteStore(loc)
    if loc == ":memory:":
        return OxigraphStore(None)
    return OxigraphStore(loc, read_only=read_only)
