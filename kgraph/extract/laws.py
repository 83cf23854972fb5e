"""Laws by the shape of their names: Acts (with or without year), Bills, statutory instruments with a year,
Rules and Regulations, treaties and conventions, and named legal duties ("Awaab's Law").

The shapes are reliable because legislation titles follow strict drafting conventions; the words of the name
must be capitalised (connectors and bracketed qualifiers such as "(Amendment)" aside), which keeps "the Act"
and "the regulations" out. A name the gazetteer knows takes its legislation.gov.uk identifier from there.
"""

from __future__ import annotations

import re

from kgraph.extract.gazetteer_hits import hits
from kgraph.extract.model import Candidate
from kgraph.extract.names import PAREN, strip_leading
from kgraph.extract.registry import register
from kgraph.extract.text import Doc

# A word of a law's name: capitalised, but never another law's head word (so two Acts joined by "and"
# stay two Acts).
_W = r"(?!(?:Act|Bill|Acts|Bills)\b)[A-Z][\w'\-]*"
_J = r"(?:,?[ ]+(?:(?:and|&)[ ]+|(?:of|for|on|in|into|to|with|from|by|under|at|upon|relating[ ]+to)[ ]+(?:the[ ]+)?)?)"
_NAME = rf"(?:{_W}|{PAREN})(?:{_J}(?:{_W}|{PAREN}))*"
# Outside Acts ("Local Government, Planning and Land Act 1980") a comma ends a name.
_NAME_NC = _NAME.replace(",?", "")
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_JC = r"(?:[ ]+(?:(?:and|&|of|for|on|in|to|with)[ ]+(?:the[ ]+)?)?)"
_CONT = rf"(?:[ ]+(?:on|of|for|against|relating[ ]+to)[ ]+(?:the[ ]+)?{_W}(?:{_JC}{_W})*)"

_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    ("Act", "act", re.compile(rf"(?P<name>{_NAME})[ ]+Act\b(?:[ ]+\(?(?P<year>{_YEAR})\)?(?!\d))?")),
    ("Bill", "bill", re.compile(rf"(?P<name>{_NAME_NC})[ ]+Bill\b(?P<hl>[ ]+\[HL\])?")),
    (
        "StatutoryInstrument",
        "si",
        re.compile(rf"(?P<name>{_NAME})[ ]+(?P<head>Regulations|Order|Rules|Scheme)[ ]+(?P<year>{_YEAR})(?!\d)"),
    ),
    ("Law", "lrules", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>rules)\b")),
    ("Law", "rules", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>Rules|Regulations)\b")),
    (
        "Treaty",
        "treaty",
        re.compile(rf"(?:(?P<name>{_NAME_NC})[ ]+)?(?P<head>Convention|Treaty|Protocol)\b(?P<cont>{_CONT})?"),
    ),
    ("EULegislation", "eu", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>Regulation|Directive)\b")),
    ("LegalDuty", "duty", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>Duty|Law)\b")),
]
# Name words that make a "Bill" or "Rules" generic rather than a title.
_GENERIC = frozenset(
    [
        "Private",
        "Member",
        "Members",
        "Member's",
        "Members'",
        "Government",
        "Hybrid",
        "Public",
        "Draft",
        "Money",
        "Supply",
        "Consolidation",
        "Statutory",
        "Legal",
        "New",
        "Common",
        "Legislative",
        "Fiduciary",
        "Local",
        "Case",
        "International",
        "Domestic",
        "Criminal",
        "Civil",
        "Family",
        "UK",
        "EU",
        "British",
        "English",
        "European",
        "Existing",
        "Current",
        "Relevant",
        "Further",
        "Primary",
        "Secondary",
        "Emergency",
        "These",
        "Those",
        "Such",
        "Said",
        "Above",
        "Following",
        "Proposed",
        "Planned",
        "Future",
        "Previous",
        "Original",
        "Amending",
        "Parent",
        "Enabling",
        "Retained",
        "House",
        "Standing",
        "Procedure",
        "Scheme",
        "Special",
        "General",
        "Standard",
        "Detailed",
        "Model",
        "Pension",
        "Fund",
        "Our",
        "Its",
        "Their",
    ]
)
_WORDS = re.compile(r"[A-Za-z0-9][\w'\-]*|\([^()]*\)")


def _clean_name(raw: str) -> tuple[int, list[str]] | None:
    """Strip opening words ("The", "Under", "In") from a matched name; the offset of what is left."""
    words = [(m.start(), m.group()) for m in _WORDS.finditer(raw)]
    kept = strip_leading([w for _, w in words])
    if not kept:
        return None
    return words[len(words) - len(kept)][0], kept


@register("laws")
def extract_laws(doc: Doc) -> list[Candidate]:
    """Candidates for every law-shaped name in the masked text."""
    text = doc.masked
    out: list[Candidate] = hits(doc, "Law", "laws")
    for cls, kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            name_start = m.start("name") if m.group("name") else m.start()
            offset = 0
            words: list[str] = []
            if m.group("name"):
                cleaned = _clean_name(m.group("name"))
                if cleaned is None and kind != "treaty":
                    continue
                if cleaned is not None:
                    offset, words = cleaned
            start = name_start + offset
            if kind == "treaty" and not words and not m.group("cont"):
                continue
            core = [w for w in words if not w.startswith("(")]
            if kind in ("bill", "rules", "lrules", "duty", "eu") and (not core or set(core) <= _GENERIC):
                continue
            if kind == "lrules" and any(w.endswith(("'s", "'")) or w.startswith("(") for w in words):
                continue  # "the FCA's rules" describes, it does not name
            if kind == "eu" and not re.search(
                r"\b(EU|EC|European|Data Protection|Retained|Council)\b", " ".join(words)
            ):
                continue
            if kind == "duty" and m.group("head") == "Law" and not (core and core[-1].endswith("'s")):
                continue
            end = m.end()
            surface = doc.masked[start:end]
            label = re.sub(r"\s+", " ", surface)
            if kind == "act" and m.group("year"):
                label = re.sub(r"\((\d{4})\)$", r"\1", label)
            out.append(
                Candidate(
                    start, end, "Law", cls if kind not in ("rules", "lrules") else "Law", label, "laws", strength=2
                )
            )
    return out
