"""Bodies: GOV.UK organisations, councils, police forces, NHS bodies and curated well-known bodies from the
compiled gazetteer, plus capitalised names headed by Taskforce, Commission, Council, Police, Agency, ...
"""

from __future__ import annotations

import re

from kgraph.extract.gazetteer_hits import hits
from kgraph.extract.model import Candidate
from kgraph.extract.registry import register
from kgraph.extract.shapes import shape_candidates
from kgraph.extract.text import Doc

# "this Parliament", "the next Parliament", "over the course of the Parliament": a Parliament as a period of
# time (the years between two general elections), not the body.
_PERIOD_BEFORE = re.compile(
    r"(?:\b(?:this|that|last|next|previous|current|present|forthcoming|new|whole|same|each|every|\d{4})"
    r"|\b(?:over|during|throughout|across|course[ ]+of|end[ ]+of|duration[ ]+of|remainder[ ]+of|rest[ ]+of"
    r"|lifetime[ ]+of|life[ ]+of|year[ ]+of|years[ ]+of|start[ ]+of|beginning[ ]+of|term[ ]+of|until)[ ]+the)"
    r"[ ]+$",
    re.IGNORECASE,
)


def parliament_as_period(text: str, start: int, end: int) -> bool:
    """Whether the word "Parliament" at ``start`` names a period of time rather than the body."""
    return (
        text[start:end].casefold() == "parliament"
        and _PERIOD_BEFORE.search(text, max(0, start - 40), start) is not None
    )


@register("bodies")
def extract_bodies(doc: Doc) -> list[Candidate]:
    """Reference bodies first (strong), then body-shaped names (weaker; resolution prefers the former)."""
    found = hits(doc, "Body", "bodies") + shape_candidates(doc.masked, "Body", "bodies")
    return [c for c in found if not parliament_as_period(doc.masked, c.start, c.end)]
