"""Programmes: named schemes, funds, strategies, benefits, services, helplines, reviews and publications.

Reference names (benefits and well-known schemes) come from the gazetteer; the rest from capitalised names
headed by Programme, Scheme, Fund, Strategy, Line, ...; and publications cited by a quoted title followed by
what they are ("the 'Police misconduct, England and Wales' statistical bulletin").
"""

from __future__ import annotations

import re

from kgraph.extract.gazetteer_hits import hits
from kgraph.extract.model import Candidate
from kgraph.extract.registry import register
from kgraph.extract.shapes import shape_candidates
from kgraph.extract.text import Doc

_QUOTED = re.compile(
    r"['\"](?P<title>[A-Z][^'\"\n]{3,150}?)['\"][ ]+(?P<kind>(?:statistical |annual |official )?"
    r"(?:bulletin|report|publication|guidance|strategy|review|white paper|green paper|paper|consultation"
    r"|framework|action plan|plan|survey|statistics|release|dataset|toolkit|article|study))\b"
)
_KIND_CLASS = {
    "statistics": "StatisticalSeries",
    "bulletin": "StatisticalSeries",
    "survey": "StatisticalSeries",
    "release": "StatisticalSeries",
    "strategy": "Strategy",
    "plan": "Strategy",
}


def quoted_titles(text: str) -> list[Candidate]:
    """Publications cited by a quoted title and a word saying what the title is."""
    out = []
    for m in _QUOTED.finditer(text):
        title = m.group("title").strip()
        if len(title.split()) < 2:
            continue
        kind = m.group("kind")
        cls = _KIND_CLASS.get(kind.split()[-1], "Publication")
        cand = Candidate(
            m.start("title"),
            m.start("title") + len(title),
            "Programme",
            cls,
            title,
            "programmes",
            alt_labels=(f"{title} {kind}",),
        )
        out.append(cand)
    return out


@register("programmes")
def extract_programmes(doc: Doc) -> list[Candidate]:
    """Reference programmes, quoted publication titles, then programme-shaped names."""
    return (
        hits(doc, "Programme", "programmes")
        + quoted_titles(doc.masked)
        + shape_candidates(doc.masked, "Programme", "programmes")
    )
