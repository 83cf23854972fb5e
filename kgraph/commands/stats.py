"""``kgraph stats``: what the graph holds and what is central in it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_from_graph_file, store_option


@click.command("stats")
@click.argument("graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Rows per ranking.")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the full graph as GraphML (for Gephi).")
@click.option("--graphml-view", type=click.Choice(["full", "comention", "ministers"]), default="full",
              show_default=True, help="Which network --graphml writes.")
@store_option
def command(graph: Path | None, fmt: str, limit: int, graphml: Path | None, graphml_view: str,
            store_location: str | None) -> None:
    """Counts per class, most mentioned entities, degree and PageRank centrality, and the communities and
    strongest pairs of the co-mention network (entities named in the same answer).

    \b
    Examples:
      kgraph stats
      kgraph stats output/graph.ttl --format json --limit 20
      kgraph stats --graphml output/graph.graphml                       # open it in Gephi
      kgraph stats --graphml output/comention.graphml --graphml-view comention
    """
    from kgraph import analytics as an

    store = store_from_graph_file(graph) if graph else open_cli_store(store_location, read_only=True, must_exist=True)
    with store:
        result = an.stats(store, limit=limit)
        if graphml:
            cat = an.catalogue(store)
            g = {"full": an.full_graph, "comention": an.comention_graph, "ministers": an.ministers_graph}[
                graphml_view](store, cat)
            an.write_graphml(g, str(graphml))
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(result), nl=False)
    if graphml:
        click.echo(f"wrote {graphml}", err=True)


def _table(title: str, header: list[str], rows: list[list[object]]) -> str:
    if not rows:
        return f"{title}\n  (none)\n\n"
    cells = [header] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [title] + ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n\n"


def format_table(s: dict) -> str:
    co = s["comention"]
    out = [
        _table(f"Resources per class ({s['resources']} resources)", ["class", "count"],
               [[k, v] for k, v in s["classes"].items()]),
        _table("Most mentioned entities", ["entity", "class", "documents"],
               [[r["label"], r["class"], r["documents"]] for r in s["most_mentioned"]]),
        _table("Degree centrality", ["node", "class", "score"],
               [[r["label"], r["class"], f"{r['score']:.4f}"] for r in s["centrality"]["degree"]]),
        _table("PageRank", ["node", "class", "score"],
               [[r["label"], r["class"], f"{r['score']:.4f}"] for r in s["centrality"]["pagerank"]]),
        _table(f"Co-mention communities ({co['entities']} entities, {co['pairs']} pairs)",
               ["#", "size", "most central members"],
               [[c["community"], c["size"], "; ".join(c["members"])] for c in co["communities"]]),
        _table("Strongest co-mention pairs", ["entity", "entity", "answers"],
               [[p["a"], p["b"], p["answers"]] for p in co["strongest_pairs"]]),
    ]
    return "".join(out)
