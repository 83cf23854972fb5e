"""Cross-source identity: the same question read from the API, page text and parlparse XML.

Question IRIs come from House, date tabled and UIN where a source gives all three (``kgraph.iris``), so
API list and single responses are one node by construction. Page text has no UIN and parlparse XML no date
tabled, so their questions get IRIs of their own; this pass finds them again and links them with
``owl:sameAs`` (both directions, so queries need no reasoner), each node keeping its own ``dcterms:source``:

* the same API id (a texts-only cache of the API has the id but not House, UIN or date);
* the same House and the same complete question text (``kg:textKey``, folded case and punctuation), when
  one of the two has neither a UIN nor an API id (page text) and their dates tabled, where both have one,
  agree;
* the same House, UIN and answer date, for a question that has no date tabled (parlparse XML).

They are linked rather than merged because each source's record may disagree in detail (a corrected
answer, a differently cleaned text) and a user must be able to see both; merging would mix two versions
into one node with two of everything.
"""

from __future__ import annotations

import pyoxigraph as ox

from kgraph.store import Batch, GraphStore
from kgraph.vocab import DCTERMS, ID, KG, OWL

# Two questions with UINs, or with API ids, are two questions even when their texts are the same (members
# table identical questions), so the text only links a question from a source that has neither (page text)
# to another; dates tabled must agree where both have one.
_BY_TEXT = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a <{KG}textKey> ?k . ?b <{KG}textKey> ?k .
  FILTER(STR(?a) < STR(?b))
  FILTER(NOT EXISTS {{ ?a <{KG}uin> ?ua . ?b <{KG}uin> ?ub }})
  FILTER(NOT EXISTS {{ ?a <{DCTERMS}identifier> ?ia . ?b <{DCTERMS}identifier> ?ib }})
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

# The same API id read from sources that lack House, UIN or date (texts-only caches) and from full records.
_BY_API_ID = f"""
SELECT DISTINCT ?a ?b WHERE {{
  ?a a <{KG}Question> ; <{DCTERMS}identifier> ?id .
  ?b a <{KG}Question> ; <{DCTERMS}identifier> ?id .
  FILTER(STR(?a) < STR(?b))
}}"""

_SAME_AS = ox.NamedNode(OWL + "sameAs")
LINKS_GRAPH = ID + "graph/links"


def find_links(store: GraphStore) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, of question nodes that are the same question read from different sources."""
    pairs: set[tuple[str, str]] = set()
    for query in (_BY_API_ID, _BY_TEXT, _BY_UIN_AND_ANSWER):
        for row in store.query(query):
            a, b = row["a"].value, row["b"].value
            pairs.add((a, b) if a < b else (b, a))
    return pairs


def link_sources(store: GraphStore) -> int:
    """Replace the links graph with ``owl:sameAs`` both ways between matching questions; returns the pairs.

    The links live in a named graph of their own (``LINKS_GRAPH``) that each pass replaces whole, so a
    link that no longer holds (a document changed or a rule was corrected) does not outlive it.
    """
    pairs = find_links(store)
    graph = ox.NamedNode(LINKS_GRAPH)
    quads = []
    for a, b in sorted(pairs):
        quads.append(ox.Quad(ox.NamedNode(a), _SAME_AS, ox.NamedNode(b), graph))
        quads.append(ox.Quad(ox.NamedNode(b), _SAME_AS, ox.NamedNode(a), graph))
    payload = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""
    store.write_batch(Batch(documents=[(LINKS_GRAPH, payload)]))
    return len(pairs)
