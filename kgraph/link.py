"""Cross-source identity: the same question read from the API, page text and parlparse XML.

Question IRIs come from House, date tabled and UIN where a source gives all three (``kgraph.iris``), so
API list and single responses are one node by construction. Page text has no UIN and parlparse XML no date
tabled, so their questions get IRIs of their own; this pass finds them again and links them with
``owl:sameAs`` (both directions, so queries need no reasoner), each node keeping its own ``dcterms:source``:

* the same House and the same complete question text (``kg:textKey``, folded case and punctuation), when
  one of the two has no UIN and their dates tabled, where both have one, agree;
* the same House, UIN and answer date, for a question that has no date tabled (parlparse XML).

They are linked rather than merged because each source's record may disagree in detail (a corrected
answer, a differently cleaned text) and a user must be able to see both; merging would mix two versions
into one node with two of everything.
"""

from __future__ import annotations

import pyoxigraph as ox

from kgraph.store import Batch, GraphStore
from kgraph.vocab import KG, OWL

# Two questions with UINs are two questions even when their texts are the same (members table identical
# questions), so the text only links a question from a source without UINs; dates tabled must agree.
_BY_TEXT = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a <{KG}textKey> ?k . ?b <{KG}textKey> ?k .
  FILTER(STR(?a) < STR(?b))
  FILTER(NOT EXISTS {{ ?a <{KG}uin> ?ua . ?b <{KG}uin> ?ub }})
  OPTIONAL {{ ?a <{KG}dateTabled> ?da }}
  OPTIONAL {{ ?b <{KG}dateTabled> ?db }}
  FILTER(!BOUND(?da) || !BOUND(?db) || ?da = ?db)
}}"""

_BY_UIN_AND_ANSWER = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a <{KG}uin> ?u ; <{KG}house> ?h ; <{KG}hasAnswer>/<{KG}dateAnswered> ?d .
  FILTER NOT EXISTS {{ ?a <{KG}dateTabled> ?t }}
  ?b <{KG}uin> ?u ; <{KG}house> ?h ; <{KG}hasAnswer>/<{KG}dateAnswered> ?d .
  FILTER(?a != ?b)
}}"""

_SAME_AS = ox.NamedNode(OWL + "sameAs")


def find_links(store: GraphStore) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, of question nodes that are the same question read from different sources."""
    pairs: set[tuple[str, str]] = set()
    for query in (_BY_TEXT, _BY_UIN_AND_ANSWER):
        for row in store.query(query):
            a, b = row["a"].value, row["b"].value
            pairs.add((a, b) if a < b else (b, a))
    return pairs


def link_sources(store: GraphStore) -> int:
    """Write ``owl:sameAs`` both ways between matching questions; returns the number of pairs."""
    pairs = find_links(store)
    if pairs:
        quads = []
        for a, b in sorted(pairs):
            quads.append(ox.Quad(ox.NamedNode(a), _SAME_AS, ox.NamedNode(b), ox.DefaultGraph()))
            quads.append(ox.Quad(ox.NamedNode(b), _SAME_AS, ox.NamedNode(a), ox.DefaultGraph()))
        store.write_batch(Batch(shared=ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
    return len(pairs)
