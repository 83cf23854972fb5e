"""``kgraph fetch``: pull from the live Written Questions API into a cache folder, then build from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kgraph.commands.common import open_cli_store, store_option


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


@click.command("fetch")
@click.option("--from", "date_from", required=True, callback=_date, metavar="DATE",
              help="First day of the range (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=_date, metavar="DATE", help="Last day of the range; default: --from.")
@click.option("--answered", is_flag=True, help="The range is of answer dates (default: dates tabled).")
@click.option("--house", type=click.Choice(["Commons", "Lords"]), default=None, help="Only this House.")
@click.option("--body", type=int, default=None, metavar="ID", help="Only questions to this answering body id.")
@click.option("--member", type=int, default=None, metavar="ID",
              help="Only questions tabled or answered by this member (Members API id).")
@click.option("--cache", "cache", default="output/api-cache", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder that keeps every raw response.")
@click.option("--base-url", default=None, metavar="URL",
              help="The API's questions endpoint (default: the live Written Questions API).")
@click.option("--min-interval", default=0.5, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between the starts of two requests.")
@click.option("--take", default=100, show_default=True, type=click.IntRange(min=1), help="Questions per page.")
@click.option("--retries", default=5, show_default=True, type=click.IntRange(min=0),
              help="Retries of a request failing with 5xx, 429 or a connection error.")
@click.option("--backoff", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="First retry delay in seconds; doubled on each further retry.")
@click.option("--build/--no-build", "do_build", default=True, show_default=True,
              help="Build the fetched questions into the store.")
@click.option("--mentions/--no-mentions", default=True, show_default=True,
              help="When building, find the bodies, laws, programmes and people the texts name.")
@store_option
def command(date_from: dt.date, date_to: dt.date | None, answered: bool, house: str | None, body: int | None,
            member: int | None, cache: Path, base_url: str | None, min_interval: float, take: int, retries: int,
            backoff: float, do_build: bool, mentions: bool, store_location: str | None) -> None:
    """Fetch written questions from the Written Questions API, keep the raw responses, build the graph.

    Pages through every question tabled (or, with --answered, answered) between --from and --to, then
    fetches the full text of each answer the list clips at 255 characters. Every response is kept under
    CACHE/<query>/ as the API's JSON, so `kgraph build CACHE` can rebuild at any time without the
    network. An interrupted fetch (Ctrl-C, a network failure) resumes where it stopped when the same
    command is run again. Exit status is 1 when a request fails for good or a document is rejected;
    whatever was fetched is still built.

    \b
    Worked example:
      kgraph fetch --from 2024-07-01 --to 2024-07-07 --house Commons --cache data/api
      kgraph fetch --from 2024-07-01 --to 2024-07-31 --answered --body 17 --no-build
      kgraph build data/api -o output/      # rebuild from the cache, offline
      kgraph query questions-by-department-month
    """
    from kgraph.fetch import DEFAULT_BASE_URL, Fetcher, FetchError, FetchQuery

    try:
        query = FetchQuery(date_from, date_to or date_from, answered=answered, house=house, body=body,
                           member=member)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--to") from None
    fetcher = Fetcher(cache, base_url=base_url or DEFAULT_BASE_URL, min_interval=min_interval, take=take,
                      max_retries=retries, backoff=backoff, log=lambda msg: click.echo(msg, err=True))
    failure: str | None = None
    try:
        report = fetcher.fetch(query)
        click.echo(report.summary())
    except FetchError as exc:
        failure = f"fetch stopped: {exc}. Run the same command again to resume."
    except OSError as exc:
        failure = f"cannot write the cache {cache}: {exc}"
    folder = fetcher.folder(query)
    rejected = 0
    if do_build and folder.exists():
        from kgraph.build import Builder, write_rejects
        from kgraph.link import link_sources

        store = open_cli_store(store_location)
        with store:
            result = Builder(store, mentions=mentions).build(
                [folder], on_reject=lambda r: click.echo(f"rejected: {r.describe()}", err=True))
            link_sources(store)
            summary = result.summary()  # counts are read from the store, so before it closes
        # Hidden, so that `kgraph build CACHE` does not take it for a document.
        write_rejects(folder / ".rejects.jsonl", result.rejects)
        rejected = len(result.rejects)
        click.echo("built: " + summary)
    if failure:
        raise click.ClickException(failure)
    if rejected:
        raise click.ClickException(f"{rejected} documents rejected; see {folder / '.rejects.jsonl'}")
