"""Find the bodies, laws, programmes and people a question or answer text names, resolved to entities.

Public API::

    extract_mentions(text, *, role) -> list[Mention]   # role: "question" or "answer"
    Entity, Mention                                     # frozen dataclasses, no RDF
    register, get, names                                # the extractor registry
    resolve_body_name(name) -> Entity | None            # an API answeringBodyName as the body extractor sees it

Each extractor is one module that registers ``fn(doc) -> list[Candidate]``; ``extract_mentions`` runs them
all on the text with its addressee clause and URLs blanked, then resolves overlaps, bracketed abbreviations
and identities (kgraph.extract.resolve).
"""

from __future__ import annotations

from kgraph.extract import bodies, laws, people, programmes  # noqa: F401  (built-ins register on import)
from kgraph.extract.bodynames import resolve_body_name
from kgraph.extract.model import Candidate, Entity, Mention
from kgraph.extract.registry import get, names, register
from kgraph.extract.resolve import abbreviations, choose, link
from kgraph.extract.text import prepare

__all__ = ["Candidate", "Entity", "Mention", "extract_mentions", "get", "names", "register", "resolve_body_name"]


def extract_mentions(text: str, *, role: str) -> list[Mention]:
    """Every mention of a named body, law, programme or person in ``text``, sorted by start offset.

    For a question (``role="question"``) the opening "To ask the …," clause yields nothing; nothing is found
    inside a URL. Offsets index ``text`` as given; the result is deterministic.
    """
    doc = prepare(text, role=role)
    cands: list[Candidate] = []
    for name in names():
        cands.extend(get(name)(doc))
    cands.extend(abbreviations(doc.masked, cands))
    return link(text, choose(cands))
