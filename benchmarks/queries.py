"""Queries: every named query (kgraph/queries/*.rq) on the 100,000-question graph, median latency in
Oxigraph, and the ratio to rdflib's in-memory SPARQL engine on the same data, with a time limit for rdflib.

The graph is built by kgraph itself into a temporary on-disk store from a corpus made from the real one
(see scale_corpus.py). Parameters are bound to the example value each query documents (``# param: ...
(e.g. --bind name="...")``), through ``kgraph.query.run`` as the CLI does. rdflib gets the union of all graphs
(what the queries see) as one in-memory Graph, in a child process that is killed when a query exceeds the
time limit and restarted for the next.

    python benchmarks/queries.py [--questions 100000] [--rdflib-limit 60] [--runs 5] [--mentions]

Targets (issue 4): median <= 200 ms per named query; >= 10x faster than rdflib.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import make_corpus  # noqa: E402

_EXAMPLE = re.compile(r'\(e\.g\. --bind (\w+)="([^"]+)"\)')


def queries() -> dict[str, tuple[str, dict]]:
    from kgraph.query import named_queries, term_from_string

    out = {}
    for name, q in named_queries().items():
        bindings = {}
        for line in q.text.splitlines():
            m = _EXAMPLE.search(line)
            if m and line.startswith("# param"):
                bindings[m[1]] = term_from_string(m[2])
        out[name] = (q.text, bindings)
    return out


def _consume(result) -> int:
    if isinstance(result, (ox.QueryBoolean, bool)):
        return 1
    return sum(1 for _ in result)


def time_oxigraph(store, text: str, bindings: dict, runs: int) -> tuple[float, int]:
    from kgraph.query import run

    times, rows = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        rows = _consume(run(store, text, bindings))
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def _rdflib_child(nt: str, jobs: mp.Queue, results: mp.Queue) -> None:
    import rdflib

    from kgraph.query import bind, with_prefixes

    graph = rdflib.Graph()
    graph.parse(nt, format="nt")
    results.put(("loaded", len(graph)))
    while True:
        job = jobs.get()
        if job is None:
            return
        name, text, bindings = job
        terms = {
            k: ox.NamedNode(v) if kind == "iri" else ox.Literal(v, datatype=ox.NamedNode(dt) if dt else None)
            for k, (kind, v, dt) in bindings.items()
        }
        sparql = with_prefixes(bind(text, terms))
        t = time.perf_counter()
        res = graph.query(sparql)
        n = len(list(res)) if res.type != "ASK" else 1
        results.put((name, time.perf_counter() - t, n))


def _plain(bindings: dict) -> dict:
    out = {}
    for k, v in bindings.items():
        if isinstance(v, ox.NamedNode):
            out[k] = ("iri", v.value, None)
        else:
            dt = v.datatype.value if v.datatype and not v.datatype.value.endswith("#string") else None
            out[k] = ("lit", v.value, dt)
    return out


def time_rdflib(nt: Path, jobs: list[tuple[str, str, dict]], limit: float) -> dict[str, float | None]:
    """Seconds per query in rdflib (None: over the limit); the graph is loaded once per child process."""
    ctx = mp.get_context("spawn")
    out: dict[str, float | None] = {}
    pending = list(jobs)
    while pending:
        jq, rq = ctx.Queue(), ctx.Queue()
        child = ctx.Process(target=_rdflib_child, args=(str(nt), jq, rq), daemon=True)
        child.start()
        t = time.perf_counter()
        _, size = rq.get()
        print(f"  rdflib loaded {size:,} triples in {time.perf_counter() - t:.1f} s", flush=True)
        while pending:
            name, text, bindings = pending[0]
            jq.put((name, text, _plain(bindings)))
            try:
                _, seconds, _rows = rq.get(timeout=limit)
                out[name] = seconds
                pending.pop(0)
            except Exception:
                out[name] = None
                pending.pop(0)
                child.kill()
                child.join()
                break
        else:
            jq.put(None)
            child.join(timeout=10)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rdflib-questions", type=int, default=None,
                        help="size of the graph for rdflib (default: the same graph)")
    parser.add_argument("--rdflib-limit", type=float, default=60.0, help="seconds per rdflib query")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mentions", action="store_true", help="build with mention extraction (slow)")
    args = parser.parse_args()
    from kgraph.build import Builder
    from kgraph.store import open_store

    print(f"machine: {os.cpu_count()} cores; pyoxigraph {ox.__version__}")
    named = queries()
    with tempfile.TemporaryDirectory(prefix="kgraph-queries-") as tmp:
        tmp_path = Path(tmp)
        make_corpus(tmp_path / "corpus", args.questions)
        store = open_store(tmp_path / "store")
        t = time.perf_counter()
        report = Builder(store, mentions=args.mentions).build([tmp_path / "corpus"])
        store.optimize()  # as `kgraph build` does after a large build
        print(f"graph: {report.documents:,} questions, {len(store):,} quads (built in {time.perf_counter() - t:.0f} s, "
              f"mentions {'on' if args.mentions else 'off'})", flush=True)
        ox_times = {}
        for name, (text, bindings) in named.items():
            ox_times[name] = time_oxigraph(store, text, bindings, args.runs)
            print(f"  oxigraph {name}: {ox_times[name][0] * 1000:.1f} ms, {ox_times[name][1]} rows", flush=True)
        nt = tmp_path / "union.nt"
        rdf_store = store
        if args.rdflib_questions and args.rdflib_questions != args.questions:
            make_corpus(tmp_path / "small", args.rdflib_questions)
            rdf_store = open_store(tmp_path / "small-store")
            Builder(rdf_store, mentions=args.mentions).build([tmp_path / "small"])
            rdf_store.optimize()
        same_data = dict(ox_times)  # Oxigraph on the graph rdflib gets, for the ratio
        if rdf_store is not store:
            for name, (text, bindings) in named.items():
                same_data[name] = time_oxigraph(rdf_store, text, bindings, args.runs)
        ox.serialize((q.triple for q in rdf_store.quads()), str(nt), format=ox.RdfFormat.N_TRIPLES)
        rdf_times = time_rdflib(nt, [(n, t, b) for n, (t, b) in named.items()], args.rdflib_limit)
    size = args.rdflib_questions or args.questions
    ms_all = sorted(v[0] for v in ox_times.values())
    print(f"\nmedian over the named queries at {args.questions:,}: {statistics.median(ms_all) * 1000:.1f} ms; "
          f"slowest {ms_all[-1] * 1000:.1f} ms")
    print(f"per named query: Oxigraph median of {args.runs} at {args.questions:,} questions; "
          f"rdflib vs Oxigraph at {size:,} questions (limit {args.rdflib_limit:.0f} s)")
    for name in named:
        ms, rows = ox_times[name]
        same = same_data[name][0]
        r = rdf_times.get(name)
        ratio = f"{r / same:,.1f}x" if r is not None and same > 0 else f"> {args.rdflib_limit / max(same, 1e-6):,.0f}x"
        rtxt = f"{r * 1000:,.0f} ms" if r is not None else f"> {args.rdflib_limit:.0f} s"
        print(f"{name:32s} oxigraph {ms * 1000:8.1f} ms ({rows} rows); at {size:,}: oxigraph {same * 1000:7.1f} ms, "
              f"rdflib {rtxt:>10s}, oxigraph faster {ratio}")


if __name__ == "__main__":
    main()
