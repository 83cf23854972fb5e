"""Written-answer page text, as copied from a written-question web page.

The page reads, line by line: heading; ``(asked on 7th January 2025) - View Source``; ``Question to the
Home Office:``; the question; then, when answered, ``Answered by``, the answerer's name (also on a
``Name Portrait`` line), their role, ``This question was answered on 15th January 2025`` and the answer's
paragraphs. Copies come with CRLF line ends, extra blank lines and page furniture before and after, which
is why parsing keys on those fixed lines rather than on positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kgraph.records import Answer, BodyRef, MemberRef, Question, ReadError, Reject
from kgraph.sources import register
from kgraph.sources.common import decode_utf8, long_date, normalise_text

_ASKED = re.compile(r"^\(?\s*asked on\s+(.+?)\s*\)?\s*(?:-\s*View Source)?\s*$", re.I)
_ASKED_BY = re.compile(r"^asked by:?\s*(.*)$", re.I)
_TO = re.compile(r"^Question to the\s+(.+?)\s*:\s*$", re.I)
_ANSWERED_BY = re.compile(r"^Answered by:?\s*(.*)$", re.I)
_ANSWERED_ON = re.compile(r"^This question was answered on\s+(.+?)\.?\s*$", re.I)
_PORTRAIT = re.compile(r"^(.+?)\s+Portrait$")
_UIN = re.compile(r"^(?:UIN|Question reference)\s*:?\s*(HL\s?\d+|\d+)\s*$", re.I)
# Trailing furniture: a short line with no sentence punctuation after the last real paragraph.
_FURNITURE_MAX_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?:;)\]\"'\u2019\u201d]$")


def _sniff(head: bytes, path: Path) -> bool:
    # The catch-all text format: anything that is not JSON or XML is offered to it, so that a text file
    # with no recognisable structure gets a precise reason rather than "unknown format".
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"[", b"<")


def _is_furniture(paragraph: str) -> bool:
    if "\n" in paragraph or "http" in paragraph:
        return False
    words = paragraph.split()
    return len(words) <= _FURNITURE_MAX_WORDS and not _SENTENCE_END.search(paragraph)


def _paragraphs(lines: list[str]) -> list[str]:
    return [p for p in normalise_text("\n".join(lines)).split("\n\n") if p]


def _strip_trailing_furniture(paragraphs: list[str]) -> list[str]:
    while paragraphs and _is_furniture(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    return paragraphs


def _find(lines: list[str], pattern: re.Pattern[str], start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if pattern.match(lines[i].strip()):
            return i
    return None


def _house(question_text: str) -> str | None:
    lowered = question_text.lower()
    if lowered.startswith(("to ask his majesty's government", "to ask her majesty's government")):
        return "Lords"
    if lowered.startswith("to ask the"):
        return "Commons"
    return None


@register("page-text", sniff=_sniff, priority=90, description="written-answer web page text")
def read(path: Path, data: bytes) -> Iterator[Question | Reject]:
    yield parse(decode_utf8(data), str(path))


def parse(text: str, source: str) -> Question:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    asked = _find(lines, _ASKED)
    to = _find(lines, _TO)
    if asked is None or to is None:
        missing = " and ".join(
            name for name, idx in (("'(asked on …)'", asked), ("'Question to the …:'", to)) if idx is None
        )
        raise ReadError(f"no recognisable written-question structure: no {missing} line")
    heading_idx = next((i for i in range(asked - 1, -1, -1) if lines[i].strip()), None)
    if heading_idx is None:
        raise ReadError("no heading above the '(asked on …)' line")
    heading = lines[heading_idx].strip()
    date_tabled = long_date(_ASKED.match(lines[asked].strip())[1], "asked on")  # type: ignore[index]
    body = _TO.match(lines[to].strip())[1]  # type: ignore[index]

    uin = None
    asked_by = None
    for i in range(heading_idx, to):
        line = lines[i].strip()
        if m := _UIN.match(line):
            uin = m[1].replace(" ", "")
        elif m := _ASKED_BY.match(line):
            name = m[1].strip() or _next_name(lines, i + 1)
            asked_by = MemberRef(name=name) if name else None

    answered = _find(lines, _ANSWERED_BY, to + 1)
    question_end = answered if answered is not None else len(lines)
    q_paragraphs = _paragraphs(lines[to + 1 : question_end])
    if answered is None:
        q_paragraphs = _strip_trailing_furniture(q_paragraphs)
    if not q_paragraphs:
        raise ReadError("no question text after 'Question to the …:'")
    question_text = "\n\n".join(q_paragraphs)

    answer = None
    if answered is not None:
        answer = _answer(lines, answered)
    house = _house(question_text)
    return Question(
        source=source,
        uin=uin,
        house=house,
        heading=heading,
        date_tabled=date_tabled,
        text=question_text,
        asked_by=asked_by,
        addressed_to=BodyRef(name=body),
        answer=answer,
        format="page-text",
    )


def _next_name(lines: list[str], start: int) -> str | None:
    for line in lines[start : start + 3]:
        line = line.strip()
        if line:
            m = _PORTRAIT.match(line)
            return m[1] if m else line
    return None


def _answer(lines: list[str], answered: int) -> Answer:
    on = _find(lines, _ANSWERED_ON, answered + 1)
    header_end = on if on is not None else min(len(lines), answered + 4)
    header = [ln.strip() for ln in lines[answered + 1 : header_end] if ln.strip()]
    inline = _ANSWERED_BY.match(lines[answered].strip())[1].strip()  # type: ignore[index]
    if inline:
        header.insert(0, inline)
    name = None
    rest: list[str] = []
    for line in header:
        m = _PORTRAIT.match(line)
        if m:
            name = m[1]
            continue
        if name is not None and line == name:
            continue
        if name is None:
            name = line
            continue
        rest.append(line)
    role = " ".join(rest) or None
    date_answered = None
    body_start = header_end
    if on is not None:
        date_answered = long_date(_ANSWERED_ON.match(lines[on].strip())[1], "answered on")  # type: ignore[index]
        body_start = on + 1
    paragraphs = _strip_trailing_furniture(_paragraphs(lines[body_start:]))
    if not paragraphs and date_answered is None:
        raise ReadError("'Answered by' with neither an answer date nor answer text")
    return Answer(
        text="\n\n".join(paragraphs) or None,
        date_answered=date_answered,
        answered_by=MemberRef(name=name) if name else None,
        role=role,
    )
