"""kgraph: UK Parliament written questions and answers as an RDF knowledge graph.

The library works on its own from Python and notebooks; the ``kgraph`` command is a thin layer over it::

    from kgraph import open_store, build
    store = open_store(None)                 # in memory; a folder path for a persistent Oxigraph store
    report = build(["examples/"], store)
    print(report.summary())

Importing this package loads no data: reference data and extractors load on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["build", "open_store", "Builder", "BuildReport", "__version__"]

# The function ``build`` shares its name with the module ``kgraph.build``: importing it here binds the
# package attribute to the function, which is what ``from kgraph import build`` should give. These imports
# load code only; reference data and extractors load on first use.
from kgraph.build import Builder, BuildReport, build  # noqa: E402
from kgraph.store import open_store  # noqa: E402
