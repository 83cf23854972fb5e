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
from kgraph.extract.names import PAREN, is_acronym, strip_leading
from kgraph.extract.registry import register
from kgraph.extract.shapes import head_of
from kgraph.extract.text import Doc
from kgraph.reference.gazetteer import gazetteer

# A word of a law's name: capitalised, but never another law's head word (so two Acts joined by "and"
# stay two Acts).
_W = r"(?!(?:Act|Bill|Acts|Bills)\b)[A-Z][\w'\-]*"
# Connectors inside a title; "etc." joins words in a few old titles ("Health and Safety at Work etc. Act 1974").
# "under" is left out: "the Environment Agency under the WEEE Regulations" is a body and a law, not one title.
_J = (
    r"(?:,?[ ]+(?:(?:and|&|etc\.?)[ ]+|(?:of|for|on|in|into|to|with|from|by|at|upon|relating[ ]+to)[ ]+"
    r"(?:the[ ]+)?)?)"
)
# A name starts at a word boundary: "Z14" inside "section 47Z14" or "Article16" are not name words.
_NAME = rf"(?<![\w\-])(?:{_W}|{PAREN})(?:{_J}(?:{_W}|{PAREN}))*"
# Outside Acts ("Local Government, Planning and Land Act 1980") a comma ends a name.
_NAME_NC = _NAME.replace(",?", "")
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_JC = r"(?:[ ]+(?:(?:and|&|of|for|on|in|to|with|against)[ ]+(?:the[ ]+)?)?)"
# The number an EU instrument carries: "(EU) 2017/625", "(EC) No 1/2005", "2015/2283".
_EU_NUMBER = r"[ ]+(?:\((?:EU|EC|EEC|Euratom)\)[ ]+)?(?:No\.?[ ]+)?\d{1,4}/\d{1,4}(?:/(?:EU|EC|EEC))?\b"
_EU_NUM = rf"(?P<num>{_EU_NUMBER})?"
_EU_NUM_REQ = rf"(?P<num>{_EU_NUMBER})"
_CONT = rf"(?:[ ]+(?:on|of|for|against|relating[ ]+to)[ ]+(?:the[ ]+)?{_W}(?:{_JC}{_W})*)"

_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "Act",
        "act",
        re.compile(
            rf"(?P<name>{_NAME}(?:[ ]+etc\.?)?)[ ]+Act\b(?:[ ]+(?P<open>\()?(?P<year>{_YEAR})(?(open)\))(?!\d))?"
        ),
    ),
    ("Bill", "bill", re.compile(rf"(?P<name>{_NAME_NC})[ ]+Bill\b(?P<hl>[ ]+\[HL\])?")),
    (
        "StatutoryInstrument",
        "si",
        re.compile(
            # an instrument made under an Act may carry the Act's title: "Criminal Justice Act 1988 (Offensive
            # Weapons) (Amendment) Order 2024"
            rf"(?P<name>(?:{_NAME}[ ]+Act[ ]+{_YEAR}[ ]+)?{_NAME})[ ]+(?P<head>Regulations|Order|Rules|Scheme)"
            rf"[ ]+(?P<year>{_YEAR})(?!\d)"
        ),
    ),
    ("Law", "lrules", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>rules)\b")),
    ("Law", "rules", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>Rules|Regulations)\b")),
    # an ILO convention cited by number: "ILO Convention 190", "ILO Convention No. 87"
    (
        "Treaty",
        "ilo",
        re.compile(
            r"(?P<name>)\b(?:ILO|International[ ]+Labour[ ]+Organi[sz]ation)[ ]+(?P<head>Convention)[ ]+"
            r"(?:No\.?[ ]*)?(?P<num>\d{1,3})\b"
        ),
    ),
    (
        "Treaty",
        "treaty",
        re.compile(rf"(?:(?P<name>{_NAME_NC})[ ]+)?(?P<head>Convention|Treaty|Protocol)\b(?P<cont>{_CONT})?"),
    ),
    ("EULegislation", "eu", re.compile(rf"(?P<name>{_NAME_NC})[ ]+(?P<head>Regulation|Directive)\b{_EU_NUM}")),
    # "Regulation (EU) 2017/625", "retained EU Regulation 2015/2283", "Regulation (EC) No 1/2005"
    (
        "EULegislation",
        "eunum",
        re.compile(rf"(?P<name>)(?:\b(?:EU|EC|EEC)[ ]+)?(?P<head>Regulation|Directive){_EU_NUM_REQ}"),
    ),
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
_CONNECTORS = frozenset(["of", "to", "on", "in", "for", "into", "from", "by", "at", "with", "upon"])
# Words that open a title in which "of the"/"on the" belongs ("Convention on the Rights of the Child",
# "Representation of the People Act 1983"); elsewhere "X of the Y Act" is a part of, or a thing about, an Act.
_TITLE_OPENERS = frozenset(["Convention", "Treaty", "Protocol", "Charter", "Representation"])
# A Protocol with no "on/to ..." after it is a law only when named for a place or by order ("Kyoto Protocol",
# "Optional Protocol"); "Internet Protocol", "Pre-Action Protocol" and clinical protocols are not laws.
_PROTOCOL_NAMES = frozenset(
    [
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
        "Eleventh",
        "Twelfth",
        "Thirteenth",
        "Optional",
        "Additional",
        "Ireland",
        "Kyoto",
        "Montreal",
        "Nagoya",
        "Cartagena",
        "Palermo",
        "Istanbul",
        "Gothenburg",
        "Madrid",
        "Maputo",
        "Geneva",
    ]
)
# Conventions that are gatherings or churches, not treaties.
_NOT_TREATY = frozenset(
    ["Baptist", "Baptists", "Methodist", "Church", "Christian", "Catholic", "Evangelical", "Party", "Democratic"]
)
_VENUE = re.compile(r"[ ]+(?:Centre|Center|Hall|Complex)\b")
# A place after a treaty's title ("... on Tobacco Control in Turkey", "... in the Gaza Strip") is where it applies,
# not part of the name; "in" followed by two or more words of a subject ("in Endangered Species") stays.
_PLACE_TAIL = re.compile(r"[ ]+in[ ]+(?:the[ ]+[A-Z][\w\-]*(?:[ ]+[A-Z][\w\-]*)*|[A-Z][\w\-]*)$")
# Taxes named "... Duty" are not legal duties.
_TAX_WORDS = frozenset(
    [
        "Alcohol",
        "Stamp",
        "Fuel",
        "Excise",
        "Passenger",
        "Tobacco",
        "Customs",
        "Import",
        "Export",
        "Gaming",
        "Bingo",
        "Betting",
        "Landfill",
        "Beer",
        "Wine",
        "Spirits",
        "Cider",
        "Hydrocarbon",
        "Oil",
        "Death",
        "Estate",
        "Anti-dumping",
        "Countervailing",
        "Duty-free",
    ]
)


def _clean_name(raw: str) -> list[tuple[int, str]] | None:
    """The words of a matched name (with offsets into ``raw``) once what is not part of the title is cut.

    Opening words ("The", "Under", "In") go; so does everything up to a "<connector> the" ("Second Reading of
    the", "Part M of the", "Committee on the"), unless the title opens with a word that takes one.
    """
    words = [(m.start(), m.group()) for m in _WORDS.finditer(raw)]
    kept = strip_leading([w for _, w in words])
    words = words[len(words) - len(kept) :]
    if not words or words[0][1] in _TITLE_OPENERS:
        return words or None
    for i in range(len(words) - 1, 0, -1):
        if words[i][1] == "the" and words[i - 1][1] in _CONNECTORS:
            words = words[i + 1 :]
            break
    return words or None


def _is_body(name: str) -> bool:
    rec = gazetteer().lookup(name) or gazetteer().abbreviation(name)
    return rec is not None and rec.type == "Body"


def _trim_possessive(words: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Words after a body's possessive ("FCA's Consumer Duty" -> "Consumer Duty", "HM Treasury's Money
    Laundering Regulations"); a possessive inside a title ("Children's Homes Regulations") stays."""
    for i in range(len(words) - 2, -1, -1):
        word = words[i][1]
        if word.endswith(("'s", "'")):
            bare = word[:-2] if word.endswith("'s") else word[:-1]
            if is_acronym(bare) or any(_is_body(" ".join([w for _, w in words[j:i]] + [bare])) for j in range(i + 1)):
                return words[i + 1 :]
            return words
    return words


def _rules_name(core: list[str]) -> bool:
    """Lower-case "rules" name a regime only after a title of two or more plain words ("Off-Payroll Working
    rules"); "FCA rules", "Ofgem rules" or "the Loan Scheme rules" are a body's or a scheme's rules."""
    if len(core) < 2 or any(is_acronym(w) or w.endswith(("'s", "'")) for w in core) or head_of(core[-1]):
        return False
    rec = gazetteer().lookup(" ".join(core))
    return rec is None or rec.type == "Law"


def _skip(kind: str, head: str | None, core: list[str], words: list[str], m: re.Match[str]) -> bool:
    """Whether a matched law shape is not a law's name after all."""
    generic = set(core) <= _GENERIC and not (len(core) >= 2 and core[-1] == "Procedure")
    if kind in ("bill", "rules", "lrules", "duty", "eu") and (not core or generic):
        return True
    if kind == "bill" and any(w in ("Member's", "Members'", "Member") for w in core):
        return True  # "Private Member's Bill" with its sponsor's name is not a title
    if kind == "lrules" and (any(w.startswith("(") for w in words) or not _rules_name(core)):
        return True
    if (
        kind == "eu"
        and not m.group("num")
        and not re.search(r"\b(EU|EC|GB|European|Data Protection|Retained|Council)\b", " ".join(words))
    ):
        return True
    if kind == "duty" and head == "Law" and not (core and core[-1].endswith("'s")):
        return True
    if kind == "duty" and head == "Duty" and any(w in _TAX_WORDS for w in core):
        return True
    if kind == "si" and head == "Scheme" and not any(w.startswith("(") for w in words):
        return True  # "Affordable Homes Guarantee Scheme 2020" is a programme; instruments carry a qualifier
    if kind == "treaty" and head == "Protocol" and not m.group("cont"):
        return not core or core[-1] not in _PROTOCOL_NAMES
    # "Kachin Baptist Convention" is a church body; "Convention Centre" a venue
    return kind == "treaty" and (
        any(w in _NOT_TREATY for w in core) or _VENUE.match(m.string, m.end("head")) is not None
    )


@register("laws")
def extract_laws(doc: Doc) -> list[Candidate]:
    """Candidates for every law-shaped name in the masked text."""
    text = doc.masked
    out: list[Candidate] = hits(doc, "Law", "laws")
    for cls, kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            name_start = m.start("name") if m.group("name") else m.start()
            found: list[tuple[int, str]] = []
            if m.group("name"):
                found = _clean_name(m.group("name")) or []
                if kind in ("duty", "rules", "lrules", "eu", "treaty"):
                    found = _trim_possessive(found)
                if not found and kind != "treaty":
                    continue
            start = name_start + found[0][0] if found else m.start("head") if kind == "treaty" else name_start
            words = [w for _, w in found]
            if kind == "treaty" and not words and not m.group("cont"):
                continue
            core = [w for w in words if not w.startswith("(")]
            head = m.groupdict().get("head")
            if _skip(kind, head, core, words, m):
                continue
            end = m.end()
            surface = doc.masked[start:end]
            if kind == "treaty":  # "... Convention on X and the Committee's": the name ends before "and"
                cut = re.search(r"[ ]+(?:and|&)[ ]+(?:the[ ]+)?[A-Z][\w\-]*(?:[ ]+[A-Z][\w\-]*)*'s?$", surface)
                if cut and surface.endswith(("'s", "'")):
                    surface = surface[: cut.start()]
                    end = start + len(surface)
            if kind == "treaty" and m.group("cont"):
                tail = _PLACE_TAIL.search(surface)
                if tail:
                    surface = surface[: tail.start()]
                    end = start + len(surface)
            label = re.sub(r"\s+", " ", surface)
            if kind == "ilo":
                label = f"ILO Convention {m.group('num')}"
            if kind == "act" and m.group("year"):
                label = re.sub(r"\((\d{4})\)$", r"\1", label)
            out.append(
                Candidate(
                    start, end, "Law", cls if kind not in ("rules", "lrules") else "Law", label, "laws", strength=2
                )
            )
    return out
