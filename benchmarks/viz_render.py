"""How fast a ``kgraph viz`` page becomes usable, against stock pyvis on the same graph, in headless Chromium.

For views of 500, 2,000 and 5,000 nodes (the most central nodes of a synthetic graph of our shape) it prints
the HTML size and the time from navigation until the layout has stabilised (physics stopped, page
interactive) for our page and for pyvis's own ``cdn_resources="in_line"`` page of the same nodes and
edges, measured in the same run, and the ratio. Every network request is blocked (the stock page's
Bootstrap CDN links fail, as they would offline). Target: 2,000 nodes interactive within 5 s.

    python benchmarks/viz_render.py [--sizes 500,2000,5000] [--questions 2600] [--timeout 180]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kgraph import viz
from kgraph.store import OxigraphStore
from kgraph.vocab import ID, KG

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

# Stock pyvis declares a global `network`; catch it as it is assigned and note when stabilisation ends.
HOOK = """
(() => { let net; Object.defineProperty(window, 'network', { configurable: true, get() { return net; },
  set(v) { net = v;
    if (v && v.once) v.once('stabilizationIterationsDone', () => { window.__stable = performance.now(); }); }
}); })();
"""


def synthetic_store(questions: int, seed: int = 7) -> OxigraphStore:
    """Questions asked by members of departments, answered by ministers, naming bodies, laws and programmes."""
    rnd = random.Random(seed)
    lines = [f"@prefix kg: <{KG}> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    depts = [f"{ID}body/dept-{i}" for i in range(20)]
    members = [f"{ID}member/{i}" for i in range(300)]
    ministers = members[:60]
    kinds = ["PublicBody", "Act", "Scheme", "Fund", "Regulator", "Strategy"]
    entities = [f"{ID}entity/e{i}" for i in range(600)]
    for i, d in enumerate(depts):
        lines.append(f'<{d}> a kg:AnsweringBody, kg:GovernmentDepartment ; rdfs:label "Department {i}" .')
    for i, m in enumerate(members):
        cls = "kg:Minister, kg:Member, kg:Person" if m in ministers else "kg:Member, kg:Person"
        lines.append(f'<{m}> a {cls} ; rdfs:label "Member {i}" .')
    for i, e in enumerate(entities):
        lines.append(f'<{e}> a kg:{kinds[i % len(kinds)]} ; rdfs:label "Entity {i}" .')
    popular = entities[:60]  # a few entities are named often, as in the real texts
    for i in range(questions):
        q, a = f"{ID}question/{i}", f"{ID}question/{i}/answer"
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lines.append(f'<{q}> a kg:Question ; rdfs:label "Question {i}" ; kg:dateTabled "{day}"^^xsd:date ; '
                     f'kg:questionText "To ask the Secretary of State about topic {i}." ; '
                     f"kg:askedBy <{rnd.choice(members)}> ; kg:addressedTo <{rnd.choice(depts)}> ; "
                     f"kg:hasAnswer <{a}> .")
        lines.append(f'<{a}> a kg:Answer ; rdfs:label "Answer {i}" ; kg:dateAnswered "{day}"^^xsd:date ; '
                     f'kg:answers <{q}> ; kg:answeredBy <{rnd.choice(ministers)}> ; kg:answerText "The answer {i}." .')
        for e in {rnd.choice(popular), *rnd.sample(entities, rnd.randint(1, 3))}:
            lines.append(f"<{a}> kg:mentions <{e}> .")
    store = OxigraphStore(None)
    store.oxigraph.load("\n".join(lines).encode(), format=ox.RdfFormat.TURTLE)
    return store


def stock_pyvis_page(view: viz.View, path: Path) -> None:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")  # undirected add_edge is O(n^2): PERF_NOTES.md
    for n, d in view.graph.nodes(data=True):
        net.add_node(n, label=d.get("label", n), title=d.get("label", n))
    for a, b, d in view.graph.edges(data=True):
        net.add_edge(a, b, title=d.get("relation", ""))
    path.write_text(net.generate_html(), encoding="utf-8")


def time_page(ctx, path: Path, ready: str, timeout_s: float) -> float | None:
    page = ctx.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000, polling=50)
        return page.evaluate(f"({ready}) / 1000")
    except Exception:  # noqa: BLE001 - a page that never settles is a result, not a crash
        return None
    finally:
        page.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000,5000")
    ap.add_argument("--questions", type=int, default=2600)
    ap.add_argument("--timeout", type=float, default=180)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    t = time.perf_counter()
    store = synthetic_store(args.questions)
    full = viz.select(store, viz.ViewSpec(max_nodes=None)).graph
    print(f"synthetic graph: {args.questions} questions, {full.number_of_nodes()} nodes, "
          f"{full.number_of_edges()} edges ({time.perf_counter() - t:.1f}s)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(Path(tmp) / "profile"), executable_path="/usr/bin/chromium",
                                                   headless=True, args=FLAGS, viewport={"width": 1280, "height": 800})
        ctx.add_init_script(HOOK)
        for size in [int(s) for s in args.sizes.split(",")]:
            ours, stock = Path(tmp) / f"kgraph-{size}.html", Path(tmp) / f"pyvis-{size}.html"
            t = time.perf_counter()
            view = viz.write_view(store, ours, viz.ViewSpec(max_nodes=size))
            write_s = time.perf_counter() - t
            stock_pyvis_page(view, stock)
            ours_s = time_page(ctx, ours, "window.kg && window.kg.readyAt", args.timeout)
            stock_s = time_page(ctx, stock, "window.__stable", args.timeout)
            rows.append({
                "nodes": view.graph.number_of_nodes(), "edges": view.graph.number_of_edges(),
                "kgraph_html_mb": round(ours.stat().st_size / 1e6, 2),
                "pyvis_html_mb": round(stock.stat().st_size / 1e6, 2),
                "kgraph_write_s": round(write_s, 2),
                "kgraph_interactive_s": None if ours_s is None else round(ours_s, 2),
                "pyvis_stabilised_s": None if stock_s is None else round(stock_s, 2),
                "ratio_pyvis_over_kgraph": None if not (ours_s and stock_s) else round(stock_s / ours_s, 2),
            })
            r = rows[-1]
            print(f"{r['nodes']:>5} nodes {r['edges']:>6} edges | html kgraph {r['kgraph_html_mb']} MB, pyvis "
                  f"{r['pyvis_html_mb']} MB | interactive kgraph {r['kgraph_interactive_s']} s, stock pyvis "
                  f"{r['pyvis_stabilised_s']} s (None = not within {args.timeout:.0f} s) | "
                  f"ratio {r['ratio_pyvis_over_kgraph']}x")
        ctx.close()
    target = next((r for r in rows if r["nodes"] == 2000), None)
    if target and target["kgraph_interactive_s"] is not None:
        verdict = "met" if target["kgraph_interactive_s"] <= 5 else "MISSED"
        print(f"target 2,000 nodes interactive within 5 s: {verdict} ({target['kgraph_interactive_s']} s)")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
