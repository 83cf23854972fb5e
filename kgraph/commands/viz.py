"""``kgraph viz``: an interactive HTML network view that works offline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_from_graph_file, store_option


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


@click.command("viz")
@click.argument("graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("output/graph.html"),
              show_default=True, help="HTML file to write.")
@click.option("--view", type=click.Choice(["full", "comention", "ministers"]), default="full", show_default=True,
              help="full: every resource and relation; comention: bodies, laws and programmes named in the same "
              "answer; ministers: minister -> department -> entities named.")
@click.option("--focus", metavar="NAME|IRI", help="Only the neighbourhood of this resource (label or part of one).")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True, help="Hops around --focus.")
@click.option("--query", "query", metavar="SPARQL|FILE.rq", help="Draw the triples of a SPARQL CONSTRUCT query.")
@click.option("--types", "types", metavar="CLASS[,CLASS]", multiple=True,
              help="Keep only these classes (e.g. Body,Law or Minister); repeatable.")
@click.option("--from", "start", metavar="YYYY-MM-DD", callback=_date, help="Questions/answers dated on or after.")
@click.option("--to", "end", metavar="YYYY-MM-DD", callback=_date, help="Questions/answers dated on or before.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Keep the N most central nodes (PageRank); the page says what was left out. [default: 2000]")
@click.option("--title", default="kgraph network", show_default=True, help="Page title.")
@store_option
def command(graph: Path | None, output: Path, view: str, focus: str | None, depth: int, query: str | None,
            types: tuple[str, ...], start: date | None, end: date | None, max_nodes: int | None, title: str,
            store_location: str | None) -> None:
    """Write an interactive network view (HTML) of the graph: an RDF file, or the store.

    The page works with the network off (vis-network is inlined), colours and shapes nodes by class with a
    legend that filters, has a search box, date filters, and a details panel on click.

    \b
    Examples:
      kgraph viz -o output/graph.html
      kgraph viz output/graph.ttl --view comention -o output/comention.html
      kgraph viz --focus "Home Office" --depth 2 -o output/home-office.html
      kgraph viz --view ministers --from 2024-07-01 --to 2024-12-31 -o output/ministers.html
      kgraph viz --types Body,Law --max-nodes 300 -o output/bodies-laws.html
      kgraph viz --query 'CONSTRUCT { ?q kg:askedBy ?m } WHERE { ?q kg:askedBy ?m } LIMIT 50' -o output/q.html
    """
    from kgraph import viz

    if start and end and start > end:
        raise click.BadParameter("--from is after --to", param_hint="--from/--to")
    if query is not None and query.endswith(".rq") and Path(query).is_file():
        query = Path(query).read_text(encoding="utf-8")
    spec = viz.ViewSpec(
        view=view, focus=focus, depth=depth, query=query,
        types=tuple(t.strip() for group in types for t in group.split(",") if t.strip()),
        start=start, end=end, max_nodes=max_nodes or viz.DEFAULT_MAX_NODES, title=title,
    )
    store = store_from_graph_file(graph) if graph else open_cli_store(store_location, read_only=True, must_exist=True)
    with store:
        try:
            shown = viz.write_view(store, output, spec)
        except viz.VizError as exc:
            raise click.ClickException(str(exc)) from exc
    g = shown.graph
    click.echo(f"wrote {output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    for note in shown.notes:
        click.echo(f"  {note}")
