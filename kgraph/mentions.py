"""Mentions to quads: where a text names a thing, and the thing itself.

For each mention the owner (question or answer) gets ``kg:mentions`` to the entity, and a mention node
keeps the surface text and character offsets (NIF-style ``kg:beginIndex``/``kg:endIndex``) so a query can
show where the text names it. Entity descriptions (type, labels, links) are shared facts: one node per
real-world thing across the whole graph.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kgraph import iris
from kgraph.mapping import _ALT, _ID, _TYPE, DocumentQuads, P, describe_named, integer, lit
from kgraph.vocab import name_key


def _entity_iri(key: str) -> str:
    """A member named in a text is the same node as the member who asks or answers: one node per person."""
    if key.startswith("person/member/") and key.rsplit("/", 1)[-1].isdigit():
        return iris.member_iri(int(key.rsplit("/", 1)[-1]))
    return iris.entity_iri(key)


class MentionWriter:
    """The mention hook of ``Mapper``: runs the extractors and writes what they found."""

    def __init__(self) -> None:
        from kgraph.extract import extract_mentions

        self._extract = extract_mentions
        self._described: set[str] = set()
        self._labels: dict[str, set[str]] = {}

    def __call__(self, doc: DocumentQuads, owner: NamedNode, text: str, role: str) -> None:
        seen: set[str] = set()
        for m in self._extract(text, role=role):
            entity = NamedNode(_entity_iri(m.entity.key))
            if entity.value not in seen:
                seen.add(entity.value)
                doc.add(owner, P("mentions"), entity)
            node = NamedNode(iris.mention_iri(owner.value, m.start, m.end))
            doc.add(owner, P("hasMention"), node)
            doc.add(node, _TYPE, P("Mention"))
            doc.add(node, P("mentionOf"), entity)
            doc.add(node, P("inText"), owner)
            doc.add(node, P("surfaceText"), lit(m.surface))
            doc.add(node, P("beginIndex"), integer(m.start))
            doc.add(node, P("endIndex"), integer(m.end))
            doc.add(node, P("extractor"), lit(m.extractor))
            if entity.value not in self._described:
                self._described.add(entity.value)
                self._describe(doc, entity, m.entity)
            self._add_labels(doc, entity, m.entity)

    def _add_labels(self, doc: DocumentQuads, node: NamedNode, e) -> None:
        """An entity's other names differ between texts ("MoJ" here, "the Ministry" there): keep them all."""
        seen = self._labels.setdefault(node.value, {e.label})
        for alt in e.alt_labels:
            if alt not in seen:
                seen.add(alt)
                doc.share(node, _ALT, lit(alt))
                doc.share(node, P("nameKey"), lit(name_key(alt)))

    @staticmethod
    def _describe(doc: DocumentQuads, node: NamedNode, e) -> None:
        doc.share(node, _TYPE, P(e.cls))
        if e.cls != e.type:
            # The top type too (kg:Act and kg:Law), so "?e a kg:Law" needs no reasoner or ontology in the store.
            doc.share(node, _TYPE, P(e.type))
        describe_named(doc, node, e.label, (), e.links)  # other names: _add_labels, text by text
        for scheme, value in getattr(e, "identifiers", ()):
            doc.share(node, _ID, Literal(f"{scheme}:{value}"))
