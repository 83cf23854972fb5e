"""The ``kgraph`` command: a thin click layer over the library.

Each command lives in its own module under ``kgraph.commands`` and exposes ``command``; this file only
assembles them, so adding a command is adding one module to ``COMMANDS``.
"""

from __future__ import annotations

import importlib

import click

COMMANDS = ("build", "query", "export", "validate", "viz", "stats", "fetch")


class _Group(click.Group):
    """Turns a store that cannot do its job (an endpoint down, a write refused, a locked folder) into a
    one-line error and exit status 1 in every command, instead of a traceback."""

    def invoke(self, ctx: click.Context):
        from kgraph.store import StoreError

        try:
            return super().invoke(ctx)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    epilog="""\b
Worked example:
  kgraph build --examples -o output/         # Turtle, HTML view, rejects and a store in output/
  kgraph query --list                        # the shipped named queries
  kgraph query questions-by-department-month --format csv
  kgraph viz -o output/graph.html            # open it in a browser; works offline
  kgraph export --format trig -o output/graph.trig
  kgraph validate
""",
)
@click.version_option(package_name="kgraph")
def main() -> None:
    """Turn UK Parliament written questions and answers into an RDF knowledge graph, then query,
    visualise, validate and export it."""


for _name in COMMANDS:
    try:
        _module = importlib.import_module(f"kgraph.commands.{_name}")
    except ModuleNotFoundError as _exc:  # a command still being written is simply not offered
        if _exc.name != f"kgraph.commands.{_name}":
            raise
        continue
    main.add_command(_module.command)
