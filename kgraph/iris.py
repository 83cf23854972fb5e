"""Deterministic IRIs for everything kgraph writes (the "Identity" rules of the README).

* question: ``id/question/{house}/{date tabled}/{uin}`` where the source gives all three (API, parlparse
  XML), because UINs are unique within a House and session and so the same question read from a list
  response, a single-question response or the XML is one node; otherwise ``id/question/text/{hash}`` of
  the date tabled and the normalised question text (page text carries no UIN);
* answer: the question's IRI + ``/answer``; its mentions: the text owner's IRI + ``/mention/{start}-{end}``;
* named graph of a document: ``id/graph/`` + the question's path;
* member: ``id/member/{Parliament member id}``, else ``id/member/name/{slug}``;
* body, law, programme, person entities: ``id/`` + the extractor's canonical key (GOV.UK slug,
  legislation.gov.uk id path, or a slug of the name).
"""

from __future__ import annotations

import re

from kgraph.records import Question
from kgraph.vocab import ID, digest, slug

_WS = re.compile(r"\s+")


def question_path(q: Question) -> str:
    if q.house and q.uin and q.date_tabled:
        return f"question/{q.house.lower()}/{q.date_tabled.isoformat()}/{slug(q.uin)}"
    if q.api_id is not None:
        return f"question/api/{q.api_id}"
    basis = f"{q.date_tabled.isoformat() if q.date_tabled else ''}|{_WS.sub(' ', (q.text or '').lower()).strip()}"
    return f"question/text/{digest(basis, 16)}"


def text_key(q: Question) -> str | None:
    """A key of the House and the whole question text, folded, for matching one question across sources
    that share no identifier (page text, parlparse XML, the API). None for a clipped or missing text."""
    if not q.text or q.text_is_clipped:
        return None
    folded = _NON_WORD.sub(" ", q.text.lower().replace("\u2019", "'")).strip()
    return digest(f"{(q.house or '').lower()}|{folded}", 20)


_NON_WORD = re.compile(r"[\W_]+")


def question_iri(q: Question) -> str:
    return ID + question_path(q)


def graph_iri(q: Question) -> str:
    return ID + "graph/" + question_path(q)


def answer_iri(question: str) -> str:
    return question + "/answer"


def member_iri(member_id: int | None, name: str | None = None) -> str:
    if member_id is not None:
        return f"{ID}member/{member_id}"
    return f"{ID}member/name/{slug(name or 'unknown')}"


def entity_iri(key: str) -> str:
    return ID + key


def mention_iri(owner: str, start: int, end: int) -> str:
    return f"{owner}/mention/{start}-{end}"
