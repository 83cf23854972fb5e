"""Answering bodies: one node per body across documents, whatever name or id a document gives.

The API names a body and gives its answering body id; page text gives only a name ("Question to the Home
Office:"). Both must land on the same node, and on the same node as the entity extractor's "Home Office",
so the key comes from the organisation gazetteer (the GOV.UK slug) where it knows the name, and from a slug
of the name otherwise. The API's id is kept on the node as ``kg:answeringBodyId``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kgraph.vocab import slug

# Answering bodies that are not government departments (they answer for Parliament or the Church).
_NOT_DEPARTMENTS = frozenset(
    {
        "church commissioners",
        "house of commons commission",
        "public accounts commission",
        "speaker's committee on the electoral commission",
        "speaker's committee for the independent parliamentary standards authority",
        "house of lords commission",
        "senedd commission",
    }
)


@dataclass(frozen=True)
class BodyInfo:
    key: str
    label: str
    cls: str
    body_id: int | None = None
    alt_labels: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def answering_body(name: str | None, body_id: int | None) -> BodyInfo | None:
    if not name and body_id is None:
        return None
    return _lookup(name.strip() if name else None, body_id)


@functools.lru_cache(maxsize=4096)
def _lookup(name: str | None, body_id: int | None) -> BodyInfo:
    if not name:
        return BodyInfo(f"body/answering-body-{body_id}", f"Answering body {body_id}", "Body", body_id)
    cls = "Body" if name.lower() in _NOT_DEPARTMENTS else "GovernmentDepartment"
    entity = _gazetteer_entity(name)
    if entity is not None:
        return BodyInfo(entity.key, entity.label, cls if entity.cls == "Body" else entity.cls, body_id,
                        tuple(a for a in entity.alt_labels if a != entity.label), tuple(entity.links))
    return BodyInfo(f"body/{slug(name)}", name, cls, body_id)


def _gazetteer_entity(name: str):
    """The organisation gazetteer's entity for this exact name, if the extractors know it."""
    try:
        from kgraph.extract import resolve_body_name
    except ImportError:  # the extractor package is optional for the builder
        return None
    return resolve_body_name(name)
