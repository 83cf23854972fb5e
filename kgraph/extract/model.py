"""The values extractors hand back: a resolved Entity, a Mention of it, and the raw Candidate an extractor proposes.

Entities and mentions are plain frozen dataclasses with no RDF in them, so the graph mapping decides how they
become triples and the extractors stay testable on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entity:
    """One real-world thing; ``key`` is its IRI tail, stable across documents and builds."""

    key: str
    label: str
    type: str
    cls: str
    alt_labels: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Mention:
    """Where a text names an entity: character offsets into the text passed in, and the exact surface."""

    start: int
    end: int
    surface: str
    entity: Entity
    extractor: str


@dataclass
class Candidate:
    """A span an extractor proposes before resolution.

    ``entity`` is set when a reference record already identifies the thing (gazetteer hit); otherwise
    resolution mints an entity from ``label``, ``type`` and ``cls``. ``strength`` ranks competing spans:
    reference hits (2) beat name shapes (1), and a longer span beats a shorter one of equal strength.
    """

    start: int
    end: int
    type: str
    cls: str
    label: str
    extractor: str
    strength: int = 1
    entity: Entity | None = None
    alt_labels: tuple[str, ...] = field(default=())
    # For an abbreviation the text defines: the candidate of the full name it stands for.
    owner: Candidate | None = None
    # A cited title ("Refresh to the National Shipbuilding Strategy"): the names inside it are mentions too.
    container: bool = False
