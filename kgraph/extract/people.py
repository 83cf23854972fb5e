"""People: names with a title ("Lord Hogan-Howe", "Sir Keir Starmer", "Baroness Casey of Blackstock",
"Dr Jane Smith", "President Zelenskyy"), names followed by "MP", and the names of Members of Parliament
that the members reference (kgraph.reference.people, when present) knows.

A title followed by an office ("Lord Chancellor", "Lord Speaker") is a role, not a person.
"""

from __future__ import annotations

import re
from functools import cache

from kgraph.extract.model import Candidate, Entity
from kgraph.extract.names import LEADING
from kgraph.extract.registry import register
from kgraph.extract.shapes import head_of
from kgraph.extract.text import Doc
from kgraph.reference.gazetteer import gazetteer
from kgraph.vocab import slug

_PEER = r"(?:Lord|Lady|Baroness|Baron|Viscount|Viscountess|Earl|Countess|Duke|Duchess|Sir|Dame)"
_COURTESY = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Prof|Cllr|Councillor|President|(?:Foreign |Prime )?Minister)"
_ROLE_WORDS = (
    "Chancellor|Speaker|Advocate|Chief|President|Privy|Lieutenant|Mayor|Justice|Commissioner|Bishop|Lords|Hon"
    "|Secretary|Minister|Government|Department|Office|Member|Members|Judge|General|Chair|Chairman|Director"
    "|Ambassador"
)
_NAMEW = rf"(?!(?:{_ROLE_WORDS})\b)(?:Ma?c)?[A-Z][a-z']+(?:-[A-Z][a-z']+)?"
_PERSON = re.compile(
    rf"\b(?P<title>{_PEER}|{_COURTESY})\.?[ ]+(?P<paren>\([A-Z][a-z]+\)[ ]+)?"
    rf"(?P<name>(?:{_NAMEW}|Al|Bin|Van|De|O'[A-Z][a-z]+)(?:[ ]+(?:{_NAMEW}|Al|Bin|Van|De|de)){{0,3}})"
    rf"(?P<of>[ ]+of[ ]+[A-Z][a-z]+(?:[ ]+[A-Z][a-z]+)?)?"
)
_MP = re.compile(rf"\b(?P<name>{_NAMEW}(?:[ ]+{_NAMEW}){{1,2}})[ ]+MP\b")


@cache
def _members() -> tuple[dict[str, int], object]:
    """(normalised member name -> Members API id, the normaliser), from kgraph.reference.people if present."""
    try:
        from kgraph.reference import people  # type: ignore[attr-defined]

        return dict(people.known_person_names()), people.normalise_name
    except (ImportError, AttributeError, OSError):
        return {}, lambda name: " ".join(name.lower().split())


def _member_id(name: str) -> int | None:
    known, normalise = _members()
    return known.get(normalise(name)) if known else None  # type: ignore[operator]


# A judge: "Mr Justice Fordham", "Mrs Justice Cockerill".
_JUDGE = re.compile(rf"\b(?:Mr|Mrs|Ms|Lord|Lady)[ ]+Justice[ ]+(?P<name>{_NAMEW}(?:[ ]+{_NAMEW})?)")
# A named office-holder: "the Chief Executive, Jane Smith," / "the Chair of the Widget Board, John Roe." The
# role before the comma is the cue; the name is two or three name words that end at punctuation or a verb. A
# Director General's comma is followed by a portfolio ("Director General, Digital Technologies"), not a name.
_ROLE = (
    r"(?:Chief[ ]+Executive|Chair(?:man|woman|person)?|Director(?![ -]General)|Chief[ ]+Constable"
    r"|Permanent[ ]+Secretary|Chief[ ]+Inspector|Chief[ ]+Medical[ ]+Officer|Chief[ ]+Scientific[ ]+Adviser"
    r"|Ambassador|Governor|Commissioner|Chief[ ]+Executive[ ]+Officer|Vice[ -]Chancellor)"
)
_APPOSITION = re.compile(
    rf"\b{_ROLE}(?:[ ]+(?:of|for|at)[ ]+(?:the[ ]+)?[A-Z][\w&'\-]*(?:[ ]+(?:[A-Z][\w&'\-]*|of|and|for|the|&))*)?"
    rf",[ ]+(?P<name>{_NAMEW}(?:[ ]+{_NAMEW}){{1,2}})(?=[ ]*[,.;:)]|[ ]+(?:has|had|said|wrote|is|was|will)\b)"
)
# Two or three capitalised words: checked against the members' names (an untitled "Jess Phillips").
_PLAIN_NAME = re.compile(r"\b[A-Z][a-z'\-]+(?:[ ][A-Z][a-z'\-]+){1,2}\b")


def _person(label: str, surface: str) -> Entity:
    member = _member_id(label)
    alts = (surface,) if surface != label else ()
    if member is not None:
        return Entity(
            f"person/member/{member}",
            label,
            "Person",
            "Person",
            alts,
            (f"https://members-api.parliament.uk/api/Members/{member}",),
            (("parliament-member", str(member)),),
        )
    return Entity("person/" + slug(label), label, "Person", "Person", alts)


@register("people")
def extract_people(doc: Doc) -> list[Candidate]:
    """Titled names and "Name MP"; plain names are left alone (too easily a place or a heading)."""
    out: list[Candidate] = []
    text = doc.masked
    for m in _PERSON.finditer(text):
        title = m.group("title")
        peer = re.fullmatch(_PEER, title) is not None
        start = m.start() if peer else m.start("name")
        end = m.end() - 2 if text.endswith("'s", 0, m.end()) else m.end()  # possessive is not the name
        surface = text[m.start() : end]
        label = re.sub(r"\s+", " ", text[start:end])
        out.append(Candidate(start, end, "Person", "Person", label, "people", entity=_person(label, surface)))
    for m in _MP.finditer(text):
        words = m.group("name").split()
        while words and words[0] in LEADING:
            words.pop(0)
        if len(words) < 2:
            continue
        label = " ".join(words)
        out.append(
            Candidate(
                m.end("name") - len(label),
                m.end("name"),
                "Person",
                "Person",
                label,
                "people",
                entity=_person(label, label),
            )
        )
    for pattern, whole in ((_JUDGE, True), (_APPOSITION, False)):
        for m in pattern.finditer(text):
            start = m.start() if whole else m.start("name")
            words = m.group("name").split()
            if not whole and (any(w in LEADING or head_of(w) for w in words) or gazetteer().lookup(m.group("name"))):
                continue  # "the Chair, Home Office" names a body, not a person
            label = re.sub(r"\s+", " ", text[start : m.end("name")])
            out.append(
                Candidate(start, m.end("name"), "Person", "Person", label, "people", entity=_person(label, label))
            )
    for m in _PLAIN_NAME.finditer(text):
        label = m.group()
        if _member_id(label) is not None:
            out.append(Candidate(m.start(), m.end(), "Person", "Person", label, "people", entity=_person(label, label)))
    return out
