"""kgraph: UK Parliament written questions and answers as an RDF knowledge graph.

The library works on its own from Python and notebooks; the ``kgraph`` command is a thin layer over it::

    from kgraph import open_store, build
    store = open_store(None)                 # in memory; a folder path for a persistent Oxigraph store
    report = build(["examples/"], store)
    print(report.summary())

Importing this package loads nothing heavy: readers, reference data and extractors load on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["build", "open_store", "Builder", "BuildReport", "__version__"]


def __getattr__(name: str):
    if name in ("build", "Builder", "BuildReport"):
        from kgraph import build as _build

        return getattr(_build, name)
    if name == "open_store":
        from kgraph.store import open_store

        return open_store
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
