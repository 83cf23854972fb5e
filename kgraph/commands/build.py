"""``kgraph build``."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_option

# Compacting the store pays back after a large build (see OxigraphStore.optimize), not after a small
# incremental one, where it would cost more than the build itself.
OPTIMIZE_AFTER = 10_000
# A whole-graph view of a large store takes minutes to compute and shows a hairball (measured: 81 s and
# 1.6 GB at 100k questions); past this size `build` leaves the view to `kgraph viz` with a focus.
HTML_AUTO_LIMIT = 20_000


def examples_path() -> Path:
    return Path(str(resources.files("kgraph") / "examples"))


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "output", default="output", show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl, graph.html, rejects.jsonl (and the store, unless --store).")
@store_option
@click.option("--examples", is_flag=True, help="Also build the example documents shipped with kgraph.")
@click.option("--format", "input_format", default=None, metavar="NAME",
              help="Read every file as this input format instead of sniffing it (see --list-formats).")
@click.option("--list-formats", is_flag=True, help="List the input formats and exit.")
@click.option("--mentions/--no-mentions", default=True, show_default=True,
              help="Find the bodies, laws, programmes and people the texts name.")
@click.option("--fresh", is_flag=True, help="Empty the store before building.")
@click.option("--prune", is_flag=True,
              help="Remove from the store the documents of files built before from below the folders in PATHS "
              "that are no longer there (deleted or renamed).")
@click.option("--html/--no-html", default=None,
              help=f"Also write the whole-graph HTML view graph.html (default: when the store holds at most "
              f"{HTML_AUTO_LIMIT:,} questions; for larger graphs use kgraph viz --focus/--view).")
def command(paths: tuple[Path, ...], output: Path, store_location: str | None, examples: bool,
            input_format: str | None, list_formats: bool, mentions: bool, fresh: bool, prune: bool,
            html: bool | None) -> None:
    """Build the knowledge graph from documents and write OUTPUT/graph.ttl.

    PATHS are files and folders, mixed; each file's format is detected from its content (Written
    Questions API JSON or JSON Lines, written-answer page text, parlparse XML). Documents that cannot be
    read are named on stderr and in OUTPUT/rejects.jsonl; everything else is still built, and the exit
    status is 1 when anything was rejected.

    \b
    Examples:
      kgraph build --examples                       # the example documents shipped with kgraph
      kgraph build ../shared/corpus/seed ../shared/corpus/bulk/2024-08.fulltext.jsonl -o output/
      kgraph build data/ --store /srv/kgraph/store  # add to a persistent store elsewhere
      kgraph build data/ --prune                    # and drop what files deleted from data/ held
    """
    from kgraph import sources
    from kgraph.build import Builder, write_rejects

    if list_formats:
        for reader in sources.readers().values():
            click.echo(f"{reader.name}\t{reader.description}")
        return
    inputs = list(paths) + ([examples_path()] if examples else [])
    if not inputs:
        raise click.UsageError("give PATHS to build, or --examples")
    if input_format is not None:
        try:
            sources.get(input_format)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--format") from exc
    output.mkdir(parents=True, exist_ok=True)
    store = open_cli_store(store_location or str(output / "store"))
    with store:
        if fresh:
            store.clear()
        files = list(sources.iter_files(inputs))
        builder = Builder(store, mentions=mentions)

        def on_reject(reject) -> None:
            click.echo(f"rejected: {reject.describe()}", err=True)

        with click.progressbar(length=len(files), label="reading", file=sys.stderr,
                               show_pos=True) as bar:
            report = builder.build(inputs, format=input_format, progress=lambda _p: bar.update(1),
                                   on_reject=on_reject, prune=prune)
        for file, removed in report.pruned:
            click.echo(f"pruned: {file} is gone; {removed} documents read from it removed", err=True)
        from kgraph.export import export
        from kgraph.link import link_sources

        linked = link_sources(store)
        if report.written >= OPTIMIZE_AFTER and hasattr(store, "optimize"):
            store.optimize()

        export(store, output / "graph.ttl", "turtle")
        write_rejects(output / "rejects.jsonl", report.rejects)
        if html is None:
            html = report.counts.get("questions", 0) <= HTML_AUTO_LIMIT
            if not html:
                click.echo(f"graph.html not written: {report.counts['questions']:,} questions is more than a "
                           f"whole-graph view can show well; use kgraph viz --focus NAME or --view comention, "
                           f"or pass --html", err=True)
        if html:
            from kgraph.viz import write_view

            write_view(store, output / "graph.html")
        summary = report.summary()  # its counts are read from the store, so before the store closes
    click.echo(summary)
    if linked:
        click.echo(f"linked {linked} questions read from more than one source (owl:sameAs)")
    click.echo(f"wrote {output / 'graph.ttl'}" + (f" and {output / 'graph.html'}" if html else ""))
    if report.rejects:
        click.echo(f"{len(report.rejects)} documents rejected; see {output / 'rejects.jsonl'}", err=True)
        raise SystemExit(1)
