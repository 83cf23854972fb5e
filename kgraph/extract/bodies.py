"""Bodies: GOV.UK organisations, councils, police forces, NHS bodies and curated well-known bodies from the
compiled gazetteer, plus capitalised names headed by Taskforce, Commission, Council, Police, Agency, ...
"""

from __future__ import annotations

from kgraph.extract.gazetteer_hits import hits
from kgraph.extract.model import Candidate
from kgraph.extract.registry import register
from kgraph.extract.shapes import shape_candidates
from kgraph.extract.text import Doc


@register("bodies")
def extract_bodies(doc: Doc) -> list[Candidate]:
    """Reference bodies first (strong), then body-shaped names (weaker; resolution prefers the former)."""
    return hits(doc, "Body", "bodies") + shape_candidates(doc.masked, "Body", "bodies")
