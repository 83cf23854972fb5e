"""A SPARQL 1.1 endpoint as the store: ``--store http://HOST:PORT/...`` (Fuseki, GraphDB, Virtuoso, Neptune, Oxigraph).

Writes are SPARQL 1.1 Update: one request per batch of documents, each ``DROP SILENT GRAPH`` of the
document's graph followed by one ``INSERT DATA`` of the new quads, so a server that runs an update request
as one transaction (Oxigraph, Fuseki, GraphDB) keeps every document all in or all out. A document is never
split across requests. Reads are the SPARQL 1.1 protocol (POST, results as JSON or N-Triples) and, for the
default graph alone, the Graph Store Protocol (``GET ?default``). Values are never pasted into queries: a
caller's bindings become a ``VALUES`` block of terms serialised by pyoxigraph (``kgraph.query.bind``), and the
quads we write are N-Triples terms, which SPARQL reads with the same escapes.

Every HTTP failure raises ``StoreError`` naming the URL, the HTTP status and reason and the start of the
server's message; a batch is counted as written only after the server accepted it.

Endpoint URLs. ``--store`` takes the query endpoint; the update and Graph Store Protocol endpoints are
derived from it, or given as options after ``#`` (a URL fragment is never sent to the server)::

    Oxigraph  kgraph ... --store http://localhost:7878/query
              (update: /update, graph store: /store; default graph as union via ?union-default-graph,
              added automatically when the server says it is Oxigraph)
    Fuseki    kgraph ... --store "http://localhost:3030/DS/query#update=http://localhost:3030/DS/update&gsp=http://localhost:3030/DS/data&union=urn:x-arq:UnionGraph"
              (the dataset must be TDB2 for urn:x-arq:UnionGraph; or set tdb2:unionDefaultGraph true in the
              dataset's configuration and leave union= out)
    GraphDB   kgraph ... --store http://localhost:7200/repositories/REPO
              (update: /repositories/REPO/statements, graph store: /repositories/REPO/rdf-graphs/service;
              the default graph is already the union of all graphs)
    Virtuoso  kgraph ... --store "http://dba:PASSWORD@localhost:8890/sparql-auth#auth=digest&shared=https://w3id.org/kgraph/graph/shared"
              (update on the same URL; /sparql-auth with digest authentication, or grant SPARQL_UPDATE to
              SPARQL for /sparql; Virtuoso keeps no unnamed default graph, so shared facts go to the named
              graph given by shared=; its default graph is the union of all graphs)

Options after ``#``: ``update=URL``, ``gsp=URL``, ``union=auto|param|server|IRI`` (``param``: Oxigraph's
``union-default-graph`` parameter; ``server``: the server already queries the union; an IRI: sent as
``default-graph-uri``), ``shared=IRI``, ``auth=basic|digest`` (user and password from the URL),
``batch=BYTES`` (largest update request, default 8 MB; 200 KB on Virtuoso), ``timeout=SECONDS``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox
import requests

from kgraph.store import (
    FILES_GRAPH,
    ITEMS,
    VERSION,
    Batch,
    GraphStore,
    StoredVersion,
    StoreError,
    atomic_path,
    rdf_format,
)

_SOURCE = "http://purl.org/dc/terms/source"
_OURS = "https://w3id.org/kgraph/"  # every named graph kgraph writes is under this (documents, links, files)
_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_LOOKUP = 200  # graphs per VALUES lookup
VIRTUOSO_BATCH = 200_000  # largest update request to Virtuoso (see RemoteStore._learn)


class RemoteStore(GraphStore):
    """A remote SPARQL 1.1 endpoint behind the GraphStore interface."""

    def __init__(self, url: str, *, timeout: float = 120.0) -> None:
        base, _, fragment = url.partition("#")
        opts = dict(parse_qsl(fragment, keep_blank_values=True))
        parts = urlsplit(base)
        self._auth = None
        if parts.username is not None:
            user, password = unquote(parts.username), unquote(parts.password or "")
            self._auth = (
                requests.auth.HTTPDigestAuth(user, password)
                if opts.get("auth") == "digest"
                else requests.auth.HTTPBasicAuth(user, password)
            )
            netloc = parts.hostname or ""
            if parts.port:
                netloc += f":{parts.port}"
            base = urlunsplit(parts._replace(netloc=netloc))
        self.location = base
        self.query_url = base
        self.update_url = urljoin(base, opts["update"]) if "update" in opts else _derive_update(base)
        self.gsp_url = urljoin(base, opts["gsp"]) if "gsp" in opts else _derive_gsp(base)
        self.union = opts.get("union", "auto")
        self.shared_graph = opts.get("shared") or None
        self.batch_bytes = int(opts.get("batch", 8_000_000))
        self._batch_given = "batch" in opts
        self._server: str | None = None  # the Server header of the first response
        self.timeout = float(opts.get("timeout", timeout))
        self._session = requests.Session()

    # -- HTTP ------------------------------------------------------------------------------------------

    def _http(self, method: str, url: str, what: str, **kwargs) -> requests.Response:
        try:
            resp = self._session.request(method, url, auth=self._auth, timeout=self.timeout, **kwargs)
        except requests.ConnectionError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint at {url} ({what}): is the server running? {exc}") \
                from exc
        except requests.RequestException as exc:
            raise StoreError(f"{what} at {url} failed: {exc}") from exc
        if resp.status_code >= 400:
            body = resp.text.strip().replace("\n", " ")[:300]
            raise StoreError(
                f"{what} at {url} failed: HTTP {resp.status_code} {resp.reason}" + (f": {body}" if body else "")
            )
        if self._server is None:
            self._learn(resp.headers.get("server", ""))
        return resp

    def _learn(self, server: str) -> None:
        """Settings that depend on the server, from its first response: Oxigraph takes a parameter for
        the union default graph (other servers query the union already or are told by ``union=IRI``), and
        Virtuoso cannot compile large update requests (error SQ156 "Query too large" on 8 MB; 200 KB
        requests load the 982-question test set in about 3 s)."""
        self._server = server.lower()
        if self.union == "auto":
            self.union = "param" if "oxigraph" in self._server else "server"
        if "virtuoso" in self._server and not self._batch_given:
            self.batch_bytes = VIRTUOSO_BATCH

    def _select(self, sparql: str, *, union: bool = True, stream: bool = False) -> ox.QuerySolutions:
        resp = self._post_query(sparql, _RESULTS_JSON, union=union, stream=stream)
        return ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON)

    def _post_query(self, sparql: str, accept: str, *, union: bool, stream: bool = False) -> requests.Response:
        params: list[tuple[str, str]] = []
        if union:
            if self.union == "auto":  # learn what the server is from a first, harmless request
                self._http("POST", self.query_url, "SPARQL query", data={"query": "ASK {}"},
                           headers={"Accept": _RESULTS_JSON})
            if self.union == "param":
                params.append(("union-default-graph", ""))
            elif self.union not in ("server", "auto"):
                params.append(("default-graph-uri", self.union))
        return self._http(
            "POST", self.query_url, "SPARQL query", params=params, data={"query": sparql},
            headers={"Accept": accept}, stream=stream,
        )

    def _update(self, text: str) -> None:
        self._http(
            "POST", self.update_url, "SPARQL update",
            data=text.encode("utf-8"), headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    # -- GraphStore ------------------------------------------------------------------------------------

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None):
        """SELECT/ASK as pyoxigraph solutions or boolean, CONSTRUCT/DESCRIBE as pyoxigraph triples."""
        if bindings:
            from kgraph.query import bind

            sparql = bind(sparql, bindings)
        resp = self._post_query(sparql, f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9, text/turtle;q=0.8", union=True)
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in (_RESULTS_JSON, "application/json"):
            return ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON)
        fmt = ox.RdfFormat.from_media_type(ctype) if ctype else None
        if fmt is None:
            raise StoreError(f"SPARQL query at {self.query_url}: unexpected response type {ctype or '(none)'}")
        # Graph results as the same pyoxigraph type the embedded store returns.
        scratch = ox.Store()
        scratch.load(resp.content, format=fmt)
        return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")

    def write_batch(self, batch: Batch) -> None:
        """One update request per ``batch_bytes`` of documents; file versions go in the last request."""
        pieces: list[str] = []
        size = 0
        for graph, nquads in batch.documents:
            piece = f"DROP SILENT GRAPH <{graph}> ;\n" + self._insert(nquads)
            if pieces and size + len(piece) > self.batch_bytes:
                self._update("".join(pieces))
                pieces, size = [], 0
            pieces.append(piece)
            size += len(piece)
        if batch.shared:
            pieces.append(self._insert(batch.shared))
        for file, version, source, items in batch.files:
            file_iri = ox.NamedNode(file)
            fingerprints = f" ; {ITEMS} {ox.Literal(items)}" if items else ""
            pieces.append(
                f"DELETE WHERE {{ GRAPH {FILES_GRAPH} {{ {file_iri} ?p ?v }} }} ;\n"
                f"INSERT DATA {{ GRAPH {FILES_GRAPH} {{ {file_iri} {VERSION} {ox.Literal(version)} ; "
                f"<{_SOURCE}> {ox.Literal(source)}{fingerprints} }} }} ;\n"
            )
        if pieces:
            self._update("".join(pieces))

    def _insert(self, nquads: bytes) -> str:
        """N-Quads as an INSERT DATA operation: N-Triples terms are valid SPARQL terms."""
        if not nquads:
            return ""
        default: list[str] = []
        graphs: dict[str, list[str]] = {}
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            line = f"{q.subject} {q.predicate} {q.object} ."
            if isinstance(q.graph_name, ox.DefaultGraph):
                if self.shared_graph:
                    graphs.setdefault(f"<{self.shared_graph}>", []).append(line)
                else:
                    default.append(line)
            else:
                graphs.setdefault(str(q.graph_name), []).append(line)
        body = "\n".join(default)
        for g, lines in graphs.items():
            body += f"\nGRAPH {g} {{\n" + "\n".join(lines) + "\n}"
        return "INSERT DATA {\n" + body + "\n} ;\n"

    def versions(self, graphs: Sequence[str]) -> dict[str, StoredVersion]:
        out: dict[str, StoredVersion] = {}
        for i in range(0, len(graphs), _LOOKUP):
            values = " ".join(str(ox.NamedNode(g)) for g in graphs[i : i + _LOOKUP])
            rows = self._select(
                f"SELECT ?g ?v ?src WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g {VERSION} ?v "
                f"OPTIONAL {{ ?q <{_SOURCE}> ?src }} }} }}",
                union=False,
            )
            for row in rows:
                src = row["src"]
                out[row["g"].value] = StoredVersion(row["v"].value, src.value if src is not None else None)
        return out

    def all_versions(self) -> Iterator[tuple[str, str]]:
        rows = self._select(f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?g {VERSION} ?v }} }}", union=False)
        for row in rows:
            yield row["g"].value, row["v"].value

    def versions_from(self, source: str) -> Iterator[tuple[str, str]]:
        rows = self._select(
            f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?q <{_SOURCE}> {ox.Literal(source)} . ?g {VERSION} ?v }} }}",
            union=False,
        )
        for row in rows:
            yield row["g"].value, row["v"].value

    def file_versions(self, files: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(files), _LOOKUP):
            values = " ".join(str(ox.NamedNode(f)) for f in files[i : i + _LOOKUP])
            rows = self._select(
                f"SELECT ?f ?v WHERE {{ VALUES ?f {{ {values} }} GRAPH {FILES_GRAPH} {{ ?f {VERSION} ?v }} }}",
                union=False,
            )
            for row in rows:
                out[row["f"].value] = row["v"].value
        return out

    def file_items(self, file: str) -> str | None:
        rows = self._select(
            f"SELECT ?items WHERE {{ GRAPH {FILES_GRAPH} {{ {ox.NamedNode(file)} {ITEMS} ?items }} }}", union=False
        )
        return next((row["items"].value for row in rows), None)

    def files_under(self, prefix: str) -> dict[str, str | None]:
        rows = self._select(
            f"SELECT ?f ?src WHERE {{ GRAPH {FILES_GRAPH} {{ ?f {VERSION} ?v OPTIONAL {{ ?f <{_SOURCE}> ?src }} }} "
            f"FILTER(STRSTARTS(STR(?f), {ox.Literal(prefix)})) }}",
            union=False,
        )
        return {row["f"].value: (row["src"].value if row["src"] is not None else None) for row in rows}

    def remove(self, graphs: Sequence[str], files: Sequence[str]) -> None:
        ops = [f"DROP SILENT GRAPH {ox.NamedNode(g)} ;\n" for g in graphs]
        ops += [f"DELETE WHERE {{ GRAPH {FILES_GRAPH} {{ {ox.NamedNode(f)} ?p ?v }} }} ;\n" for f in files]
        for i in range(0, len(ops), _LOOKUP):
            self._update("".join(ops[i : i + _LOOKUP]))

    def _ours(self) -> str:
        """A FILTER keeping the named graphs kgraph writes: a triple store shared with other data (and
        Virtuoso's own system graphs) holds graphs that are not the user's knowledge graph."""
        shared = f" || ?g = {ox.NamedNode(self.shared_graph)}" if self.shared_graph else ""
        return f"FILTER(STRSTARTS(STR(?g), {ox.Literal(_OURS)}){shared})"

    def quads(self) -> Iterator[ox.Quad]:
        """Named-graph quads by SPARQL, then the default graph (GSP ``GET ?default`` where there is one)."""
        resp = self._post_query(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours()} }}", _RESULTS_JSON, union=False
        )
        for row in ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON):
            yield ox.Quad(row["s"], row["p"], _canonical(row["o"]), row["g"])
        yield from self._default_graph()

    def _default_graph(self) -> Iterator[ox.Quad]:
        if self.shared_graph:  # shared facts live in a named graph, already listed
            return
        if self.gsp_url:
            sep = "&" if "?" in self.gsp_url else "?"
            resp = self._http("GET", f"{self.gsp_url}{sep}default", "Graph Store GET of the default graph",
                              headers={"Accept": _NTRIPLES})
            for t in ox.parse(resp.content, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(t.subject, t.predicate, _canonical(t.object), ox.DefaultGraph())
            return
        resp = self._post_query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", _RESULTS_JSON, union=False)
        for row in ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON):
            yield ox.Quad(row["s"], row["p"], _canonical(row["o"]), ox.DefaultGraph())

    def __len__(self) -> int:
        rows = list(self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours()} }}",
                                 union=False))
        named = int(rows[0]["n"].value) if rows else 0
        return named + sum(1 for _ in self._default_graph())

    def document_graphs(self) -> list[str]:
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g {VERSION} ?v }} }}", union=False)
        return sorted(row["g"].value for row in rows)

    def dump(self, path: str | Path, format: str = "turtle", *, prefixes: dict[str, str] | None = None) -> None:
        fmt = rdf_format(format)
        kwargs = {"prefixes": prefixes} if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        with atomic_path(path) as tmp:
            quads = self.content_quads()
            items = quads if fmt.supports_datasets else (q.triple for q in quads)
            ox.serialize(items, str(tmp), format=fmt, **kwargs)

    def clear(self) -> None:
        """Drop kgraph's own graphs (and the default graph, where shared facts are kept there), not every
        graph of the server: a triple store may hold other data (Virtuoso keeps its system graphs in it and
        ignores DROP ALL)."""
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours()} }}", union=False)
        graphs = [row["g"] for row in rows]
        ops = [f"DROP SILENT GRAPH {g} ;\n" for g in graphs]
        for i in range(0, len(ops), _LOOKUP):
            self._update("".join(ops[i : i + _LOOKUP]))
        if not self.shared_graph:
            self._update("CLEAR SILENT DEFAULT")

    def close(self) -> None:
        self._session.close()


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _canonical(term: ox.Term) -> ox.Term:
    """Virtuoso gives booleans back as "1"/"0" (valid lexical forms); exports read the same from any server."""
    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN and term.value in ("1", "0"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def _derive_update(query_url: str) -> str:
    """Oxigraph and Fuseki: .../query -> .../update; GraphDB/RDF4J: /repositories/R -> .../statements."""
    parts = urlsplit(query_url)
    path = parts.path
    if path.endswith("/query"):
        path = path[: -len("query")] + "update"
    elif re.search(r"/repositories/[^/]+/?$", path):
        path = path.rstrip("/") + "/statements"
    return urlunsplit(parts._replace(path=path))


def _derive_gsp(query_url: str) -> str | None:
    """Oxigraph: .../query -> .../store; GraphDB: /repositories/R/rdf-graphs/service; Virtuoso: /sparql-graph-crud."""
    parts = urlsplit(query_url)
    path = parts.path
    if path.endswith("/query"):
        path = path[: -len("query")] + "store"
    elif re.search(r"/repositories/[^/]+/?$", path):
        path = path.rstrip("/") + "/rdf-graphs/service"
    elif path.endswith("/sparql"):
        path = path + "-graph-crud"
    elif path.endswith("/sparql-auth"):
        path = path[: -len("/sparql-auth")] + "/sparql-graph-crud-auth"
    else:
        return None
    return urlunsplit(parts._replace(path=path, query=""))
