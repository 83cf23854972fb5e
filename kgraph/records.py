"""Plain records that every input format is read into.

Readers turn bytes into these and nothing else; the RDF mapping reads only these. Keeping the two apart is
what lets a new format be one module, and lets the same question read from two formats become one node.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MemberRef:
    """A person as a document names them: a Parliament member id where the source has one, else a name."""

    member_id: int | None = None
    name: str | None = None
    list_as: str | None = None
    party: str | None = None
    constituency: str | None = None
    house: str | None = None
    twfy_person_id: str | None = None
    twfy_member_id: str | None = None  # parlparse membership id (uk.org.publicwhip/member/N, .../lord/N)

    def is_empty(self) -> bool:
        return self.member_id is None and not self.name and not self.twfy_person_id and not self.twfy_member_id


@dataclass(frozen=True)
class BodyRef:
    """The answering body a question is addressed to."""

    name: str | None = None
    body_id: int | None = None


@dataclass(frozen=True)
class Link:
    """A hyperlink an answer cites."""

    href: str
    text: str = ""


@dataclass(frozen=True)
class Attachment:
    title: str | None = None
    url: str | None = None
    file_name: str | None = None
    size_bytes: int | None = None


@dataclass(frozen=True)
class Answer:
    text: str | None = None  # clean text, paragraphs separated by a blank line
    text_is_clipped: bool = False
    date_answered: dt.date | None = None
    answered_by: MemberRef | None = None
    role: str | None = None  # the post the answerer answered in, as the source gives it
    is_holding: bool = False
    date_holding: dt.date | None = None
    is_correction: bool = False
    corrected_by: MemberRef | None = None
    original_text: str | None = None
    date_corrected: dt.date | None = None
    links: tuple[Link, ...] = ()
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Question:
    """One written question, with its answer when it has one."""

    source: str  # the file it was read from, as given on the command line, resolved
    item: int | None = None  # index in a multi-item file (list response, array, JSON Lines)
    api_id: int | None = None
    uin: str | None = None
    house: str | None = None  # "Commons" or "Lords"
    heading: str | None = None
    date_tabled: dt.date | None = None
    date_for_answer: dt.date | None = None
    text: str | None = None
    text_is_clipped: bool = False
    is_named_day: bool | None = None
    is_withdrawn: bool | None = None
    member_has_interest: bool | None = None
    asked_by: MemberRef | None = None
    addressed_to: BodyRef | None = None
    grouped_uins: tuple[str, ...] = ()
    grouped_tabled: tuple[tuple[str, dt.date], ...] = ()  # (uin, date tabled) where the source gives it
    answer: Answer | None = None
    format: str = ""  # registry name of the reader
    extra_sources: tuple[str, ...] = field(default=())
    fingerprint: str | None = None  # digest of the raw item it was read from, when the reader gives one


@dataclass(frozen=True)
class Unchanged:
    """An item a reader did not parse: its raw bytes are those its file held when it was last built."""

    source: str
    item: int | None = None
    fingerprint: str | None = None


@dataclass(frozen=True)
class Reject:
    """A document that could not be read, and why: never dropped silently."""

    source: str
    reason: str
    item: int | None = None
    format: str | None = None

    def describe(self) -> str:
        where = self.source if self.item is None else f"{self.source} [item {self.item}]"
        return f"{where}: {self.reason}"

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "item": self.item, "format": self.format, "reason": self.reason}


class ReadError(ValueError):
    """Raised by a reader for one document; the pipeline turns it into a Reject and goes on."""
