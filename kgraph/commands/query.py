"""``kgraph query``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_from_graph_file, store_option


@click.command("query")
@click.argument("query", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries, one per line, and exit.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="How SELECT results are printed (json = SPARQL 1.1 results JSON).")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (an <IRI>, a YYYY-MM-DD date, or a string); repeatable. "
              "Values are passed to the engine, never pasted into the query.")
@click.option("--graph", "graph", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Query an RDF file (e.g. output/graph.ttl) instead of the store.")
@store_option
def command(query: str | None, list_queries: bool, fmt: str, binds: tuple[str, ...], graph: Path | None,
            store_location: str | None) -> None:
    """Run a SPARQL query: SPARQL text, a .rq file, or the name of a shipped query ('-' reads stdin).

    The usual prefixes (kg:, rdfs:, dcterms:, skos:, xsd:, …) are declared for you. CONSTRUCT and DESCRIBE
    print Turtle.

    \b
    Examples:
      kgraph query --list
      kgraph query questions-by-department-month --format csv
      kgraph query minister-answers --bind name="Jess Phillips"
      kgraph query 'SELECT ?h WHERE { ?q a kg:Question ; kg:heading ?h } LIMIT 5'
      kgraph query my-query.rq --format json
    """
    from kgraph import query as q
    from kgraph.store import StoreError

    if list_queries:
        for name, named in q.named_queries().items():
            params = "".join(f" --bind {p}=…" for p, _ in named.params)
            click.echo(f"{name}{params}\t{named.description}")
        return
    if not query:
        raise click.UsageError("give a query (text, .rq file or named query), or --list")
    if query == "-":
        query = sys.stdin.read()
    try:
        text, named = q.resolve(query)
        bindings = q.parse_bindings(binds)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    missing = q.missing_params(named, bindings)
    if missing:
        raise click.UsageError(
            f"query {named.name} needs " + ", ".join(f"--bind {m}=VALUE" for m in missing)  # type: ignore[union-attr]
        )
    store = store_from_graph_file(graph) if graph else open_cli_store(store_location, must_exist=True)
    with store:
        try:
            result = q.run(store, text, bindings)
            click.echo(q.format_result(result, fmt), nl=False)
        except (StoreError, SyntaxError, OSError) as exc:
            raise click.ClickException(str(exc)) from exc
