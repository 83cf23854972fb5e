"""``kgraph export``."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_from_graph_file, store_option
from kgraph.export import EXPORT_FORMATS


@click.command("export")
@click.argument("graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@store_option
def command(graph: Path | None, fmt: str, output: Path, store_location: str | None) -> None:
    """Export the graph as Turtle, N-Triples, JSON-LD, TriG or N-Quads (written atomically).

    TriG, N-Quads and JSON-LD keep each document's named graph, so a document's triples can be traced
    and replaced; Turtle and N-Triples hold the union of all graphs.

    \b
    Examples:
      kgraph export --format trig -o output/graph.trig
      kgraph export --format jsonld -o output/graph.jsonld --store /srv/kgraph/store
      kgraph export output/graph.ttl --format nt -o output/graph.nt
    """
    from kgraph.export import export
    from kgraph.store import StoreError

    store = store_from_graph_file(graph) if graph else open_cli_store(store_location, must_exist=True)
    with store:
        try:
            export(store, output, fmt)
        except (StoreError, OSError, ValueError) as exc:
            raise click.ClickException(f"cannot export to {output}: {exc}") from exc
    click.echo(f"wrote {output} ({fmt}, {len(store)} quads)")
