"""``kgraph validate``."""

from __future__ import annotations

from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_from_graph_file, store_option


@click.command("validate")
@click.argument("graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("-v", "--verbose", is_flag=True, help="Print pySHACL's full report.")
def command(graph: Path | None, store_location: str | None, verbose: bool) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl; exit 1 on any violation.

    \b
    Examples:
      kgraph validate                    # the store built by `kgraph build`
      kgraph validate output/graph.ttl   # any exported Turtle file
    """
    from kgraph.validate import validate_store

    store = store_from_graph_file(graph) if graph else open_cli_store(store_location, must_exist=True)
    with store:
        report = validate_store(store)
    if verbose or not report.conforms:
        click.echo(report.text)
    click.echo(f"{'conforms' if report.conforms else 'does not conform'}: "
               f"{report.violations} violations, {report.warnings} warnings")
    if not report.conforms:
        raise SystemExit(1)
