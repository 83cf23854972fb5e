"""Programmes: named schemes, funds, strategies, benefits, services, helplines, reviews and publications.

Reference names (benefits and well-known schemes) come from the gazetteer; the rest from capitalised names
headed by Programme, Scheme, Fund, Strategy, Line, ...; and publications cited by a quoted title followed by
what they are ("the 'Police misconduct, England and Wales' statistical bulletin") or by "entitled" and a
title that a publication date or the rest of the question closes ("the report entitled Cold Homes: the cost
of waiting, published on 3 May 2021, what ...").
"""

from __future__ import annotations

import re

from kgraph.extract.gazetteer_hits import hits
from kgraph.extract.model import Candidate, Entity
from kgraph.extract.names import strip_the
from kgraph.extract.registry import register
from kgraph.extract.resolve import mint_key
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
            container=True,
        )
        out.append(cand)
    return out


# "entitled <Title>" closed by what follows a cited title in a question: its date ("published on ..."), a
# command-paper number, or the comma before the question proper ("..., what steps ..."). Without such a
# close the end of the title is a guess, so nothing is proposed.
_ENTITLED = re.compile(
    r"\b(?:entitled|titled)[ ]+['\"]?(?P<title>[A-Z0-9\u00a3][^\n]{2,220}?)['\"]?"
    r"(?=,?[ ]+(?:which[ ]+)?(?:(?:was|were|has[ ]+been|had[ ]+been)[ ]+)?"
    r"(?:published|dated|updated|issued|released|produced|launched)\b"
    r"|,[ ]+(?:CP|HC|UIN)[ ]\d"
    r"|,[ ]+(?:what|whether|if|how|when|why|which|and[ ]+(?:what|whether|if|how))\b"
    r"|[.?][ ]*$)"
)
# A written ministerial statement's title ("... (HCWS148)") names a statement, not a publication; a press
# release's or a speech's headline is news, not a publication.
_STATEMENT = re.compile(r"[ ]*[(,]?[ ]*HCWS\d")
_NEWS = re.compile(r"\b(?:press|news)[ ]+(?:release|notice|story|article)|\bspeech|\bstatement|\btweet|\bpost")
# A title runs into its publisher ("... 2024 by the Food and Agriculture Organisation") or into the question
# ("... on 6 December 2023 she plans to ..."): no title of this kind holds such a turn.
_RUNS_ON = re.compile(
    r"[ ]by[ ]+(?:the[ ]+)?[A-Z]|[ ](?:on|of|dated)[ ]+\d{1,2}(?:st|nd|rd|th)?[ ]+[A-Z][a-z]+[ ]+\d{4}"
    r"|[a-z0-9][.;][ ]|[ ](?:were|was|are|is)[ ]+(?:in|of|not|also)\b"
)
# A dated edition ("Economic and fiscal outlook - November 2023") is one edition of the series named before
# the date: the series name is an alternative label.
_EDITION = re.compile(
    r"(?P<series>.+?)[ ]*(?:[-\u2013:,][ ]*|[ ])(?:(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Spring|Summer|Autumn|Winter)[ ]+)?\d{4}(?:[-\u2013/]\d{2,4})?"
)


def entitled_titles(text: str) -> list[Candidate]:
    """Publications cited as "entitled <Title>", where what follows the title shows where it ends."""
    out = []
    for m in _ENTITLED.finditer(text):
        title = m.group("title").rstrip(" ,")
        if (
            len(title.split()) < 2
            or _STATEMENT.match(text, m.end("title"))
            or _STATEMENT.search(title)
            or _RUNS_ON.search(title)
            or _NEWS.search(text, max(0, m.start() - 30), m.start())
        ):
            continue
        start = m.start("title")
        edition = _EDITION.fullmatch(title)
        series = edition.group("series") if edition and len(edition.group("series").split()) >= 2 else None
        cand = Candidate(start, start + len(title), "Programme", "Publication", title, "programmes", container=True)
        if series:
            key = mint_key("Programme", strip_the(series))
            cand.entity = Entity(key, title, "Programme", "Publication", alt_labels=(series,))
        out.append(cand)
    return out


@register("programmes")
def extract_programmes(doc: Doc) -> list[Candidate]:
    """Reference programmes, quoted publication titles, then programme-shaped names."""
    return (
        hits(doc, "Programme", "programmes")
        + quoted_titles(doc.masked)
        + entitled_titles(doc.masked)
        + shape_candidates(doc.masked, "Programme", "programmes")
    )
