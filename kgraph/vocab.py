"""Namespaces, IRI minting and the closed list of our own terms.

Every IRI kgraph writes is minted here, so the identity rules live in one place (see README "Identity"):
building the same input twice gives the same IRIs, and a term that is not in the ontology raises instead of
silently minting a new one (rdflib's closed-namespace habit).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

KG = "https://w3id.org/kgraph/ontology#"
ID = "https://w3id.org/kgraph/id/"

DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
OA = "http://www.w3.org/ns/oa#"

PREFIXES: dict[str, str] = {
    "kg": KG,
    "kgid": ID,
    "dcterms": DCTERMS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "owl": OWL,
    "prov": PROV,
    "schema": SCHEMA,
    "org": ORG,
    "foaf": FOAF,
    "oa": OA,
}

# Entity classes: the four top types of the gold guidelines and the subclasses the ontology declares.
# An extractor must type an entity with one of these names; ontology/kgraph.ttl declares each of them.
ENTITY_CLASSES: dict[str, str] = {
    # Body
    "Body": "Body",
    "GovernmentDepartment": "Body",
    "PublicBody": "Body",
    "Regulator": "Body",
    "PoliceForce": "Body",
    "LocalAuthority": "Body",
    "NHSBody": "Body",
    "Court": "Body",
    "ParliamentaryBody": "Body",
    "PoliticalParty": "Body",
    "Government": "Body",
    "InternationalOrganisation": "Body",
    "Charity": "Body",
    "Company": "Body",
    "Taskforce": "Body",
    "Commission": "Body",
    "Inquiry": "Body",
    # Law
    "Law": "Law",
    "Act": "Law",
    "Bill": "Law",
    "StatutoryInstrument": "Law",
    "Treaty": "Law",
    "EULegislation": "Law",
    "LegalDuty": "Law",
    # Programme
    "Programme": "Programme",
    "Scheme": "Programme",
    "Fund": "Programme",
    "Strategy": "Programme",
    "Benefit": "Programme",
    "Publication": "Programme",
    "StatisticalSeries": "Programme",
    "Service": "Programme",
    "Helpline": "Programme",
    "Review": "Programme",
    "Campaign": "Programme",
    "VisaRoute": "Programme",
    "Standard": "Programme",
    # Person
    "Person": "Person",
}

_TERMS = frozenset(
    {
        # classes
        "Question", "Answer", "Member", "Minister", "MinisterialAppointment", "MinisterialPost",
        "AnsweringBody", "Attachment", "Correction", "Mention", "TextDocument", "SourceDocument",
        *ENTITY_CLASSES,
        # question
        "uin", "house", "heading", "dateTabled", "dateForAnswer", "questionText", "isNamedDay",
        "isWithdrawn", "askedBy", "addressedTo", "groupedWith", "hasAnswer", "textIsClipped",
        "memberHasInterest", "addresseeText", "textKey",
        # answer
        "answers", "answeredBy", "answeredAs", "dateAnswered", "answerText", "isHoldingAnswer",
        "dateHoldingAnswer", "isCorrection", "correctedBy", "originalAnswerText", "dateCorrected",
        "hasAttachment", "citesLink", "attachmentUrl", "fileName", "fileSizeBytes",
        "answeringBody", "daysToAnswer", "daysAfterDue",
        # members and posts
        "memberId", "party", "constituency", "peerage", "holdsAppointment", "post", "inDepartment",
        "startDate", "endDate", "rank", "answeringBodyId", "twfyPersonId", "twfyMemberId",
        # mentions
        "mentions", "hasMention", "mentionOf", "surfaceText", "beginIndex", "endIndex", "inText",
        "extractor", "nameKey",
    }
)


def kg(term: str) -> str:
    """The IRI of one of our terms; an unknown term is a bug, so it raises rather than minting an IRI."""
    if term not in _TERMS:
        raise KeyError(f"{term!r} is not a kgraph ontology term")
    return KG + term


def slug(text: str, *, limit: int = 80) -> str:
    """A readable, stable IRI segment: ASCII, lower case, hyphens; long names are cut and hashed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("&", " and ")
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not out:
        return "x-" + digest(text)
    if len(out) > limit:
        out = out[:limit].rstrip("-") + "-" + digest(text)
    return out


def name_key(text: str) -> str:
    """A name folded for look-up: case, punctuation, "&"/"and", curly quotes and a leading "the" ignored.

    Stored as ``kg:nameKey`` on every named node, so that "find the entity called X" is an index look-up
    of ``name_key(X)`` instead of a case-insensitive scan of every label (see ``kgraph.query.run``).
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").replace("&", " and ")
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    return folded[4:] if folded.startswith("the ") else folded


def digest(text: str, size: int = 12) -> str:
    """A short content hash for IRIs of things that carry no identifier of their own."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:size]
