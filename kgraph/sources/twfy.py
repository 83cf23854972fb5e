"""TheyWorkForYou (parlparse) written-answers XML, both Houses, back to the 1990s.

A file is one day of one House's written answers (``answers2009-10-26f.xml`` for the Commons,
``lordswrans2009-10-26a.xml`` for the Lords): ``<publicwhip>`` holding, in order, ``<major-heading>`` (the
answering department, in capitals; the Lords files have none), ``<minor-heading>`` (the topic), then one or
more ``<ques>`` followed by the ``<reply>`` that answers them all, plus ``<gidredirect>`` bookkeeping that maps
old paragraph ids to new ones. Texts are HTML paragraphs and tables; the file is ISO-8859-1 with an internal
DTD that declares the HTML entities it uses.

Decisions, and why:

* **One question per UIN.** A ``<ques>`` may hold several questions, one ``<p qnum="...">`` each; in the
  Commons they share a lead-in paragraph ("To ask the Secretary of State for Northern Ireland") and are
  numbered "(1) what ...". Each UIN is its own question in Parliament (and in the Written Questions API), so
  each becomes one ``Question`` whose text is the lead-in plus its own paragraph, numbering dropped. A
  ``<ques>`` with no ``qnum`` at all is still one question, with no UIN.
* **Groups.** Every question of the ``<ques>`` elements before a ``<reply>`` carries that reply as its
  answer, and lists the group's other UINs in ``grouped_uins``. Questions left without a reply (a heading
  or the end of the file comes first) are kept unanswered.
* **Dates.** The XML gives only the day the answers were published, taken from the paragraph ids
  (``uk.org.publicwhip/wrans/2009-10-26f...``) or else the file name: that is ``date_answered``. The day a
  question was tabled is not in the file, so ``date_tabled`` stays None rather than being guessed: the
  question's IRI then falls back to a hash of its text (see ``kgraph.iris``). Consequently the same
  question read from several scrapes of a day is one node, but an XML question is not merged with the
  API's record of it, whose IRI is keyed on House, UIN and date tabled.
* **Scrape versions.** parlparse rescrapes a day as ``...a.xml``, ``...b.xml``...; only the one marked
  ``latest="yes"`` is complete, the others mostly redirect old ids. A file marked ``latest="no"`` is
  rejected as a whole with that reason, so an older version never stands in for the complete one.
* **Speakers.** ``speakername`` is kept as the member's name. parlparse speaker ids of this era are
  *membership* ids (``uk.org.publicwhip/member/1850``, ``.../lord/100861``), not TheyWorkForYou person ids,
  so only a ``.../person/N`` id is recorded as ``twfy_person_id`` and a membership id as
  ``twfy_member_id`` (kept on the member as ``kg:twfyMemberId``); the mapping resolves the others by
  name and date (and then records the person's TheyWorkForYou ids from the reference data).
* **Bad input.** The file is parsed incrementally; a syntax error (truncation, a bad byte for the
  declared encoding) becomes a ``Reject`` naming the file and line, after every question completed before
  it has been read. An element the format does not have is rejected by line and skipped. Entities come
  from the internal DTD only: nothing is ever fetched from the network or the file system.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from kgraph.records import Answer, BodyRef, MemberRef, Question, Reject
from kgraph.sources import register
from kgraph.sources.common import html_to_text, normalise_text

FORMAT = "twfy-xml"
CHUNK = 1 << 16

# Top-level elements of the format; anything else is reported.
_KNOWN = frozenset({"major-heading", "minor-heading", "ques", "reply", "gidredirect"})
_ID_DATE = re.compile(r"/(\d{4}-\d{2}-\d{2})[a-z]*\.")
_NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})[a-z]*\.xml$", re.IGNORECASE)
_NUMBERING = re.compile(r"^\(\s*\d+\s*\)\s*")
_DECLARED = re.compile(rb"""\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
_PERSON = re.compile(r"/person/\d+$")

# Hansard's capitalised department headings, as the departments were called; others are title-cased.
_DEPARTMENTS = {
    "HOME DEPARTMENT": "Home Office",
    "TREASURY": "HM Treasury",
    "DEFENCE": "Ministry of Defence",
    "JUSTICE": "Ministry of Justice",
    "HEALTH": "Department of Health",
    "TRANSPORT": "Department for Transport",
    "CABINET OFFICE": "Cabinet Office",
    "WORK AND PENSIONS": "Department for Work and Pensions",
    "INTERNATIONAL DEVELOPMENT": "Department for International Development",
    "FOREIGN AND COMMONWEALTH AFFAIRS": "Foreign and Commonwealth Office",
    "ENERGY AND CLIMATE CHANGE": "Department of Energy and Climate Change",
    "BUSINESS, INNOVATION AND SKILLS": "Department for Business, Innovation and Skills",
    "CHILDREN, SCHOOLS AND FAMILIES": "Department for Children, Schools and Families",
    "COMMUNITIES AND LOCAL GOVERNMENT": "Department for Communities and Local Government",
    "CULTURE MEDIA AND SPORT": "Department for Culture, Media and Sport",
    "CULTURE, MEDIA AND SPORT": "Department for Culture, Media and Sport",
    "ENVIRONMENT FOOD AND RURAL AFFAIRS": "Department for Environment, Food and Rural Affairs",
    "ENVIRONMENT, FOOD AND RURAL AFFAIRS": "Department for Environment, Food and Rural Affairs",
    "NORTHERN IRELAND": "Northern Ireland Office",
    "SCOTLAND": "Scotland Office",
    "WALES": "Wales Office",
    "SOLICITOR-GENERAL": "Attorney General's Office",
    "ATTORNEY-GENERAL": "Attorney General's Office",
    "CHURCH COMMISSIONERS": "Church Commissioners",
    "HOUSE OF COMMONS COMMISSION": "House of Commons Commission",
    "ELECTORAL COMMISSION COMMITTEE": "Speaker's Committee on the Electoral Commission",
}
_SMALL = frozenset({"and", "of", "for", "the", "on", "in"})


def _sniff(head: bytes, path: Path) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" and b"publicwhip" in head


def department(heading: str) -> str:
    """The department a Hansard major heading ("HOME DEPARTMENT") stands for."""
    key = " ".join(heading.split()).upper()
    if key in _DEPARTMENTS:
        return _DEPARTMENTS[key]
    words = key.lower().split()
    return " ".join(w if i and w in _SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words))


@dataclass
class _Day:
    """What the file has told us so far: House, date, current headings and the group awaiting its reply."""

    source: str
    house: str | None
    answered: dt.date | None
    department: str | None = None
    heading: str | None = None
    pending: list[Question] = field(default_factory=list)
    items: int = 0
    dated_by_ids: bool = False

    def next_item(self) -> int:
        self.items += 1
        return self.items - 1


def _house_from_name(path: Path) -> str | None:
    name = path.name.lower()
    if name.startswith("lordswrans"):
        return "Lords"
    if name.startswith("answers") or name.startswith("wrans"):
        return "Commons"
    return None


def _house_from_element(el) -> str | None:
    url = el.get("url") or ""
    if "/pa/ld" in url:
        return "Lords"
    if "/pa/cm" in url:
        return "Commons"
    speaker = el.get("speakerid") or ""
    if "/lord/" in speaker:
        return "Lords"
    if "/member/" in speaker:
        return "Commons"
    return None


def _date_from(text: str | None, pattern: re.Pattern[str]) -> dt.date | None:
    m = pattern.search(text or "")
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m[1])
    except ValueError:
        return None


def _inner_html(el) -> str:
    """The element's content as markup, for ``html_to_text`` (tables, links and all)."""
    parts = [el.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in el)
    return "".join(parts)


def _speaker(el, house: str | None) -> MemberRef | None:
    name = " ".join((el.get("speakername") or "").split()) or None
    speaker = (el.get("speakerid") or "").strip()
    person = speaker if _PERSON.search(speaker) else None
    person = el.get("person_id") or person  # later parlparse files carry the person id separately
    membership = speaker if speaker and not person and speaker != "unknown" else None
    if not name and not person:
        return None
    return MemberRef(name=name, twfy_person_id=person, twfy_member_id=membership, house=house)


def _questions(el, day: _Day) -> list[Question]:
    """The questions of one ``<ques>``: one per ``qnum`` paragraph, sharing any lead-in paragraph."""
    lead: list[str] = []
    parts: list[tuple[str | None, list[str]]] = []  # (uin, paragraphs of html)
    children = [c for c in el if isinstance(c.tag, str)]
    if not children:
        parts.append((None, [_inner_html(el)]))
    for child in children:
        uin = (child.get("qnum") or "").strip() or None
        markup = etree.tostring(child, encoding="unicode", with_tail=False)
        if uin is not None:
            parts.append((uin, [markup]))
        elif parts:
            parts[-1][1].append(markup)  # a continuation (a table, a second paragraph) of that question
        else:
            lead.append(markup)
    if not parts:
        parts.append((None, lead))
        lead = []
    lead_text = normalise_text(" ".join(html_to_text(m)[0] for m in lead))
    asked_by = _speaker(el, day.house)
    out = []
    for uin, paragraphs in parts:
        body = "\n\n".join(t for t in (html_to_text(m)[0] for m in paragraphs) if t)
        if lead_text:
            body = f"{lead_text} {_NUMBERING.sub('', body)}"
        out.append(
            Question(
                source=day.source,
                item=day.next_item(),
                uin=uin,
                house=day.house,
                heading=day.heading,
                text=body or None,
                asked_by=asked_by,
                addressed_to=BodyRef(day.department) if day.department else None,
                format=FORMAT,
            )
        )
    return out


def _answer(el, day: _Day) -> Answer:
    text, links = html_to_text(_inner_html(el))
    return Answer(text=text or None, date_answered=day.answered, answered_by=_speaker(el, day.house), links=links)


def _answered(group: list[Question], answer: Answer) -> Iterator[Question]:
    uins = [q.uin for q in group if q.uin]
    for q in group:
        yield replace(q, answer=answer, grouped_uins=tuple(u for u in uins if u != q.uin))


def _reject(day: _Day, line: int | None, reason: str) -> Reject:
    where = f"line {line}: " if line else ""
    return Reject(day.source, where + reason, format=FORMAT)


def _element(el, day: _Day) -> Iterator[Question | Reject]:
    tag = el.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return
    if day.house is None:
        day.house = _house_from_element(el)
    if not day.dated_by_ids:
        from_id = _date_from(el.get("id"), _ID_DATE)
        if from_id is not None:  # the ids name the day even when the file has been renamed
            day.answered, day.dated_by_ids = from_id, True
    if tag not in _KNOWN:
        yield _reject(day, el.sourceline, f"unknown element <{tag}> skipped")
        return
    if tag in ("major-heading", "minor-heading"):
        yield from day.pending  # a group that got no reply is still a set of questions
        day.pending = []
        text = " ".join("".join(el.itertext()).split()) or None
        if tag == "major-heading":
            day.department = department(text) if text else None
            day.heading = None
        else:
            day.heading = text
    elif tag == "ques":
        day.pending.extend(_questions(el, day))
    elif tag == "reply":
        if not day.pending:
            yield _reject(day, el.sourceline, "<reply> with no question before it skipped")
            return
        yield from _answered(day.pending, _answer(el, day))
        day.pending = []


@register("twfy-xml", sniff=_sniff, priority=20, description="TheyWorkForYou (parlparse) written-answers XML")
def read(path: Path, data: bytes) -> Iterator[Question | Reject]:
    source = str(path)
    day = _Day(source, _house_from_name(path), _date_from(path.name, _NAME_DATE))
    # Internal DTD entities only: an external entity is never resolved, and nothing is fetched.
    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False
    )
    state = _Walk()
    error: etree.XMLSyntaxError | None = None
    offsets = [*range(0, len(data), CHUNK), len(data)]  # the last step closes the parser
    for offset in offsets:
        try:
            if offset < len(data):
                parser.feed(data[offset : offset + CHUNK])
            else:
                parser.close()
        except etree.XMLSyntaxError as exc:
            error = exc
        # Events completed before an error are still read: everything before the bad place lands.
        for record in state.events(parser, day):
            yield record
            if state.stopped:
                return
        if error is not None:
            break
    yield from day.pending
    if error is not None:
        reason = f"XML error, reading stopped here: {error.msg or error}"
        if "encoding" in reason.lower() or "utf-8" in reason.lower():
            reason += f" (the file declares {_declared_encoding(data)})"
        yield _reject(day, error.lineno or None, reason)
    elif not state.root_seen:
        yield _reject(day, None, "no <publicwhip> element")


def _declared_encoding(data: bytes) -> str:
    m = _DECLARED.match(data[:200])
    return m[1].decode("ascii", "replace") if m else "no encoding, so UTF-8"


class _Walk:
    """Turns the parser's start/end events into records, one top-level element at a time."""

    def __init__(self) -> None:
        self.depth = 0
        self.root_seen = False
        self.stopped = False

    def events(self, parser: etree.XMLPullParser, day: _Day) -> Iterator[Question | Reject]:
        for event, el in parser.read_events():
            if event == "start":
                self.depth += 1
                if self.depth == 1:
                    self.root_seen = True
                    stop = _root(el, day)
                    if stop is not None:
                        self.stopped = True
                        yield stop
                        return
                continue
            self.depth -= 1
            if self.depth == 1:
                yield from _element(el, day)
                parent = el.getparent()
                if parent is not None:  # keep memory flat on large days
                    parent.remove(el)


def _root(el, day: _Day) -> Reject | None:
    if el.tag != "publicwhip":
        return _reject(day, el.sourceline, f"not parlparse XML: root element <{el.tag}>, not <publicwhip>")
    latest = (el.get("latest") or "yes").strip().lower()
    if latest != "yes":
        version = el.get("scrapeversion") or "?"
        return _reject(
            day,
            el.sourceline,
            f'superseded scrape version "{version}" (latest="{latest}"): only the latest="yes" version of a '
            "day is complete; read that file instead",
        )
    return None
