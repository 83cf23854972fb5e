"""Written Questions API JSON: list responses, single-question responses, arrays and JSON Lines of them.

Shapes accepted (see ``../shared/corpus/api/openapi`` for the API's own schema):

* a list response ``{"totalResults": N, "results": [{"value": {...}, "links": [...]}, ...]}``;
* a single-question response ``{"value": {...}, "links": [...]}``;
* a JSON array of such items (or of bare ``value`` objects);
* JSON Lines, one of any of the above per line;
* text-only items ``{"id", "questionText", "answerText"}`` such as long-form caches.

Members may be expanded (``askingMember`` objects) or ids only. Answer HTML becomes clean paragraphs plus
the links it cites. The list endpoint clips texts at 255 characters and appends ``...``: such texts are
kept but flagged ``text_is_clipped`` so nobody mistakes them for the whole answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from kgraph.records import Answer, Attachment, BodyRef, MemberRef, Question, ReadError, Reject, Unchanged
from kgraph.sources import KnownItems, register
from kgraph.sources.common import decode_utf8, html_to_text, iso_date

CLIP_LENGTH = 255


def _sniff(head: bytes, path: Path) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


@register(
    "api-json", sniff=_sniff, priority=10, description="Written Questions API JSON / JSON Lines", skips_known=True
)
def read(path: Path, data: bytes, known: KnownItems | None = None) -> Iterator[Question | Reject | Unchanged]:
    text = decode_utf8(data)
    source = str(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as whole_error:
        lines = text.splitlines()
        first = next((ln for ln in lines if ln.strip()), "")
        try:  # JSON Lines only if the first line stands on its own; else the file is one broken document
            json.loads(first)
        except json.JSONDecodeError:
            raise ReadError(f"malformed JSON: {whole_error}") from None
        yield from _read_lines(source, lines, known)
        return
    yield from _read_document(source, doc, None, known, data)


def _read_lines(source: str, lines: list[str], known: KnownItems | None) -> Iterator[Question | Reject | Unchanged]:
    """JSON Lines: a bad line is one reject (named by its line number); the other lines still count."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        raw = line.encode("utf-8")
        if known is not None:  # a line read before as it is: not even decoded
            fingerprint = known.fingerprint(raw)
            if fingerprint in known:
                yield Unchanged(source, number - 1, fingerprint)
                continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(source, f"line {number}: malformed JSON: {exc}", item=number - 1, format="api-json")
            continue
        yield from _read_document(source, doc, number - 1, known, raw)


def _read_document(
    source: str, doc: Any, index: int | None, known: KnownItems | None, raw: bytes
) -> Iterator[Question | Reject | Unchanged]:
    """``raw``: the bytes ``doc`` was parsed from, the fingerprint of a document that is one item."""
    if isinstance(doc, dict) and "results" in doc:
        results = doc["results"]
        if not isinstance(results, list):
            yield _reject(source, index, "'results' is not a list")
            return
        for i, item in enumerate(results):
            yield _item(source, item, i if index is None else index, None if index is None else i, known, None)
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            yield _item(source, item, i if index is None else index, None if index is None else i, known, None)
    else:
        yield _item(source, doc, index, None, known, raw)


def _reject(source: str, index: int | None, reason: str) -> Reject:
    return Reject(source, reason, item=index, format="api-json")


def _item(
    source: str, item: Any, index: int | None, sub: int | None, known: KnownItems | None, raw: bytes | None
) -> Question | Reject | Unchanged:
    where = "" if sub is None else f"result {sub}: "
    fingerprint = None
    if known is not None:
        if raw is None:  # one item of several in a document: its canonical JSON
            raw = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")
        fingerprint = known.fingerprint(raw)
        if fingerprint in known:
            return Unchanged(source, index, fingerprint)
    try:
        value = item.get("value", item) if isinstance(item, dict) else item
        if not isinstance(value, dict):
            raise ReadError(f"expected a question object, got {type(value).__name__}")
        question = parse_value(value, source, index)
    except ReadError as exc:
        return _reject(source, index, where + str(exc))
    return replace(question, fingerprint=fingerprint) if fingerprint else question


def _int(value: dict[str, Any], key: str, *, required: bool = False) -> int | None:
    raw = value.get(key)
    if raw is None:
        if required:
            raise ReadError(f"missing {key!r}")
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise ReadError(f"{key}: expected an integer, got {type(raw).__name__}")
    try:
        return int(raw)
    except ValueError:
        raise ReadError(f"{key}: expected an integer, got {raw!r}") from None


def _str(value: dict[str, Any], key: str) -> str | None:
    raw = value.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ReadError(f"{key}: expected a string, got {type(raw).__name__}")
    raw = raw.strip()
    return raw or None


def _bool(value: dict[str, Any], key: str) -> bool | None:
    raw = value.get(key)
    if raw is None:
        return None
    if not isinstance(raw, bool):
        raise ReadError(f"{key}: expected true or false, got {raw!r}")
    return raw


def _member(value: dict[str, Any], key: str, house: str | None) -> MemberRef | None:
    member_id = _int(value, key + "Id")
    expanded = value.get(key)
    if expanded is not None and not isinstance(expanded, dict):
        raise ReadError(f"{key}: expected an object, got {type(expanded).__name__}")
    if expanded:
        member_id = member_id if member_id is not None else _int(expanded, "id")
        ref = MemberRef(
            member_id=member_id,
            name=_str(expanded, "name"),
            list_as=_str(expanded, "listAs"),
            party=_str(expanded, "party"),
            constituency=_str(expanded, "memberFrom"),
            house=house,
        )
    elif member_id:
        ref = MemberRef(member_id=member_id, house=house)
    else:
        return None
    return ref


def _clipped(text: str) -> bool:
    return text.endswith("...") and len(text) >= CLIP_LENGTH


def _text(value: dict[str, Any], key: str):
    raw = _str(value, key)
    if raw is None:
        return None, (), False
    clipped = "<" not in raw and _clipped(raw)
    text, links = html_to_text(raw)
    return text or None, links, clipped


def _attachments(value: dict[str, Any]) -> tuple[Attachment, ...]:
    raw = value.get("attachments") or []
    if not isinstance(raw, list):
        raise ReadError("attachments: expected a list")
    out = []
    for att in raw:
        if not isinstance(att, dict):
            raise ReadError("attachments: expected objects")
        out.append(
            Attachment(
                title=_str(att, "title"),
                url=_str(att, "url"),
                file_name=_str(att, "fileName"),
                size_bytes=_int(att, "fileSizeBytes"),
            )
        )
    return tuple(out)


def parse_value(value: dict[str, Any], source: str, index: int | None) -> Question:
    """One API ``QuestionsViewModel`` as a record; a wrong shape or impossible date raises ReadError."""
    if "id" not in value or not ("questionText" in value or "uin" in value):
        keys = ", ".join(sorted(value)[:8]) or "none"
        raise ReadError(f"not a written question: no 'id' and 'questionText' (keys: {keys})")
    api_id = _int(value, "id", required=True)
    house = _str(value, "house")
    if house is not None and house not in ("Commons", "Lords"):
        raise ReadError(f"house: expected Commons or Lords, got {house!r}")
    q_text, _, q_clipped = _text(value, "questionText")
    a_text, links, a_clipped = _text(value, "answerText")
    date_answered = iso_date(value.get("dateAnswered"), "dateAnswered")
    answer = None
    if a_text or date_answered:
        original, _, _ = _text(value, "originalAnswerText")
        answer = Answer(
            text=a_text,
            text_is_clipped=a_clipped,
            date_answered=date_answered,
            answered_by=_member(value, "answeringMember", house),
            is_holding=bool(_bool(value, "answerIsHolding")),
            date_holding=iso_date(value.get("dateHoldingAnswer"), "dateHoldingAnswer"),
            is_correction=bool(_bool(value, "answerIsCorrection")),
            corrected_by=_member(value, "correctingMember", house),
            original_text=original,
            date_corrected=iso_date(value.get("dateAnswerCorrected"), "dateAnswerCorrected"),
            links=links,
            attachments=_attachments(value),
        )
    grouped = value.get("groupedQuestions") or []
    if not isinstance(grouped, list):
        raise ReadError("groupedQuestions: expected a list")
    grouped_tabled = []
    for entry in value.get("groupedQuestionsDates") or []:
        if isinstance(entry, dict) and entry.get("questionUin"):
            tabled = iso_date(entry.get("dateTabled"), "groupedQuestionsDates.dateTabled")
            if tabled:
                grouped_tabled.append((str(entry["questionUin"]), tabled))
    body_name = _str(value, "answeringBodyName")
    body_id = _int(value, "answeringBodyId")
    return Question(
        source=source,
        item=index,
        api_id=api_id,
        uin=_str(value, "uin"),
        house=house,
        heading=_str(value, "heading"),
        date_tabled=iso_date(value.get("dateTabled"), "dateTabled"),
        date_for_answer=iso_date(value.get("dateForAnswer"), "dateForAnswer"),
        text=q_text,
        text_is_clipped=q_clipped,
        is_named_day=_bool(value, "isNamedDay"),
        is_withdrawn=_bool(value, "isWithdrawn"),
        member_has_interest=_bool(value, "memberHasInterest"),
        asked_by=_member(value, "askingMember", house),
        addressed_to=BodyRef(body_name, body_id) if (body_name or body_id) else None,
        grouped_uins=tuple(str(u) for u in grouped),
        grouped_tabled=tuple(grouped_tabled),
        answer=answer,
        format="api-json",
    )
