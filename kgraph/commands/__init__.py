"""One module per ``kgraph`` subcommand, each exposing ``command`` (a click command)."""
