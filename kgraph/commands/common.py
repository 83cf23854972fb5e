"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kgraph.store import STORE_ENV, GraphStore, StoreError, open_store

DEFAULT_OUTPUT = "output"


def default_store_location(output: str | Path = DEFAULT_OUTPUT) -> str:
    """The persistent store: ``--store``, else $KGRAPH_STORE, else ``output/store``."""
    return os.environ.get(STORE_ENV) or str(Path(output) / "store")


store_option = click.option(
    "--store",
    "store_location",
    metavar="PATH|URL",
    default=None,
    help=f"Store to use: a folder (Oxigraph on disk), :memory:, or a SPARQL endpoint URL. "
    f"Default: ${STORE_ENV}, else output/store.",
)


def open_cli_store(location: str | None, *, read_only: bool = False, must_exist: bool = False) -> GraphStore:
    loc = location or default_store_location()
    if must_exist and not loc.startswith(("http://", "https://", ":memory:")) and not Path(loc).exists():
        raise click.ClickException(f"no store at {loc}: run `kgraph build PATH...` first, or pass --store")
    try:
        return open_store(loc, read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def store_from_graph_file(path: str | Path) -> GraphStore:
    """An in-memory store loaded from an RDF file (format from its extension), for commands given a file."""
    import pyoxigraph as ox

    from kgraph.store import OxigraphStore

    store = OxigraphStore(None)
    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    try:
        store.oxigraph.bulk_load(path=str(path), format=fmt)
    except (OSError, SyntaxError, ValueError) as exc:
        raise click.ClickException(f"cannot load {path}: {exc}") from exc
    return store
