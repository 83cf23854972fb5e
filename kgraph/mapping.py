"""Records to RDF quads: the one place that decides which triples a question and its answer become.

Each question with its answer goes into a named graph of its own (``iris.graph_iri``) so that a document's
triples can be traced to it and replaced when the document changes. Facts about shared nodes — members,
ministerial posts, bodies, mentioned entities — go into the default graph, where rebuilding any document
leaves them whole and identical triples from many documents collapse into one.

Quads are pyoxigraph terms: the store is Oxigraph, and building terms once in its own types is several
times faster than building rdflib terms and converting them (see ../shared/PERF_NOTES.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from kgraph import iris
from kgraph.records import Answer, MemberRef, Question
from kgraph.vocab import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, kg, name_key, slug

_TYPE = NamedNode(RDF + "type")
_LABEL = NamedNode(RDFS + "label")
_ALT = NamedNode(SKOS + "altLabel")
_SAME = NamedNode(OWL + "sameAs")
_SEE = NamedNode(RDFS + "seeAlso")
_ID = NamedNode(DCTERMS + "identifier")
_SOURCE = NamedNode(DCTERMS + "source")
_DATE = NamedNode(XSD + "date")
_BOOL = NamedNode(XSD + "boolean")
_INT = NamedNode(XSD + "integer")
_DEFAULT = DefaultGraph()
_P: dict[str, NamedNode] = {}


def P(term: str) -> NamedNode:
    node = _P.get(term)
    if node is None:
        node = _P[term] = NamedNode(kg(term))
    return node


def lit(value: str) -> Literal:
    return Literal(value)


def date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=_DATE)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=_BOOL)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=_INT)


MentionHook = Callable[["DocumentQuads", NamedNode, str, str], None]

# Links to these are identifiers of the very same thing (owl:sameAs); others are pages about it (seeAlso).
_SAME_AS_HOSTS = ("wikidata.org", "legislation.gov.uk/id/", "members-api.parliament.uk")


@dataclass
class DocumentQuads:
    """The quads of one document: its own named graph, and facts about shared nodes."""

    graph: NamedNode
    question: NamedNode
    quads: list[Quad] = field(default_factory=list)
    shared: list[Quad] = field(default_factory=list)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def share(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.shared.append(Quad(s, p, o, _DEFAULT))

    def all(self) -> list[Quad]:
        return self.quads + self.shared


def describe_named(doc: DocumentQuads, node: NamedNode, label: str, alt_labels: Iterable[str] = (),
                   links: Iterable[str] = ()) -> None:
    """Label, other names, their look-up keys and public links of a named shared node (body, entity)."""
    doc.share(node, _LABEL, lit(label))
    doc.share(node, P("nameKey"), lit(name_key(label)))
    for alt in alt_labels:
        doc.share(node, _ALT, lit(alt))
        doc.share(node, P("nameKey"), lit(name_key(alt)))
    for link in links:
        same = any(host in link for host in _SAME_AS_HOSTS)
        doc.share(node, _SAME if same else _SEE, NamedNode(link))


class Mapper:
    """Maps records to quads, enriching members and answering bodies from the compiled reference data.

    ``mentions`` is called for each question and answer text (the entity extractors plug in there); the
    mapper itself only knows the document's own fields.
    """

    def __init__(self, *, mentions: MentionHook | None = None, enrich: bool = True) -> None:
        self.mentions = mentions
        self.enrich = enrich
        self._members_described: set[str] = set()
        self._bodies_described: set[str] = set()
        self._body_ids_written: set[tuple[str, int]] = set()

    def map(self, q: Question) -> DocumentQuads:
        qi = NamedNode(iris.question_iri(q))
        doc = DocumentQuads(NamedNode(iris.graph_iri(q)), qi)
        doc.add(qi, _TYPE, P("Question"))
        doc.add(qi, _SOURCE, lit(q.source))
        if q.api_id is not None:
            doc.add(qi, _ID, lit(str(q.api_id)))
        if q.uin:
            doc.add(qi, P("uin"), lit(q.uin))
        if q.house:
            doc.add(qi, P("house"), lit(q.house))
        if q.heading:
            doc.add(qi, P("heading"), lit(q.heading))
            doc.add(qi, _LABEL, lit(q.heading))
        if q.date_tabled:
            doc.add(qi, P("dateTabled"), date(q.date_tabled))
        if q.date_for_answer:
            doc.add(qi, P("dateForAnswer"), date(q.date_for_answer))
        key = iris.text_key(q)
        if key:
            doc.add(qi, P("textKey"), lit(key))
        if q.text:
            doc.add(qi, P("questionText"), lit(q.text))
            doc.add(qi, P("textIsClipped"), boolean(q.text_is_clipped))
        for flag, value in (
            ("isNamedDay", q.is_named_day),
            ("isWithdrawn", q.is_withdrawn),
            ("memberHasInterest", q.member_has_interest),
        ):
            if value is not None:
                doc.add(qi, P(flag), boolean(value))
        if q.asked_by and not q.asked_by.is_empty():
            doc.add(qi, P("askedBy"), self._member(doc, q.asked_by, q.house, q.date_tabled)[0])
        body = None
        if q.addressed_to:
            body = self._body(doc, q.addressed_to.name, q.addressed_to.body_id)
            if body is not None:
                doc.add(qi, P("addressedTo"), body)
        if q.house and q.date_tabled:
            tabled = dict(q.grouped_tabled)
            for uin in q.grouped_uins:
                if uin != q.uin:
                    # The API gives each grouped question's date tabled; without it, assume the same day.
                    day = tabled.get(uin, q.date_tabled)
                    other = Question(source=q.source, house=q.house, uin=uin, date_tabled=day)
                    doc.add(qi, P("groupedWith"), NamedNode(iris.question_iri(other)))
        if q.text and self.mentions:
            self.mentions(doc, qi, q.text, "question")
        if q.answer is not None:
            self._answer(doc, q, qi, q.answer, body)
        return doc

    def _answer(self, doc: DocumentQuads, q: Question, qi: NamedNode, a: Answer, body: NamedNode | None) -> None:
        ai = NamedNode(iris.answer_iri(qi.value))
        doc.add(ai, _TYPE, P("Answer"))
        doc.add(ai, P("answers"), qi)
        doc.add(qi, P("hasAnswer"), ai)
        # Shortcuts written with the answer (see the ontology): every analysis by department or by delay
        # needs them, and reading them off the answer saves a join over every question at query time.
        if body is not None:
            doc.add(ai, P("answeringBody"), body)
        if a.date_answered and q.date_tabled:
            doc.add(ai, P("daysToAnswer"), integer((a.date_answered - q.date_tabled).days))
        if a.date_answered and q.date_for_answer:
            doc.add(ai, P("daysAfterDue"), integer((a.date_answered - q.date_for_answer).days))
        if q.heading:
            doc.add(ai, _LABEL, lit(f"Answer: {q.heading}"))
        if a.text:
            doc.add(ai, P("answerText"), lit(a.text))
            doc.add(ai, P("textIsClipped"), boolean(a.text_is_clipped))
        if a.date_answered:
            doc.add(ai, P("dateAnswered"), date(a.date_answered))
        member_id = None
        if a.answered_by and not a.answered_by.is_empty():
            member, member_id = self._member(doc, a.answered_by, q.house, a.date_answered or q.date_tabled)
            doc.add(ai, P("answeredBy"), member)
        role = a.role
        if role is None and member_id is not None and a.date_answered and self.enrich:
            role = _role_from_reference(member_id, a.date_answered)
        if role:
            doc.add(ai, P("answeredAs"), lit(role))
        doc.add(ai, P("isHoldingAnswer"), boolean(a.is_holding))
        if a.date_holding:
            doc.add(ai, P("dateHoldingAnswer"), date(a.date_holding))
        if a.is_correction or a.date_corrected:
            doc.add(ai, P("isCorrection"), boolean(True))
            if a.corrected_by and not a.corrected_by.is_empty():
                corrector = self._member(doc, a.corrected_by, q.house, a.date_corrected)[0]
                doc.add(ai, P("correctedBy"), corrector)
            if a.date_corrected:
                doc.add(ai, P("dateCorrected"), date(a.date_corrected))
            if a.original_text:
                doc.add(ai, P("originalAnswerText"), lit(a.original_text))
        for link in a.links:
            doc.add(ai, P("citesLink"), lit(link.href))
        for n, att in enumerate(a.attachments, start=1):
            at = NamedNode(f"{ai.value}/attachment/{n}")
            doc.add(ai, P("hasAttachment"), at)
            doc.add(at, _TYPE, P("Attachment"))
            if att.title:
                doc.add(at, _LABEL, lit(att.title))
            if att.url:
                doc.add(at, P("attachmentUrl"), lit(att.url))
            if att.file_name:
                doc.add(at, P("fileName"), lit(att.file_name))
            if att.size_bytes is not None:
                doc.add(at, P("fileSizeBytes"), integer(att.size_bytes))
        if a.text and self.mentions:
            # A clipped text still names what it names; offsets stay true to the clipped text we keep.
            self.mentions(doc, ai, a.text, "answer")

    # -- shared nodes -------------------------------------------------------------------------------

    def _member(self, doc: DocumentQuads, ref: MemberRef, house: str | None,
                on: dt.date | None) -> tuple[NamedNode, int | None]:
        """The member's node (shared facts written once) and their Parliament member id where known."""
        member_id = ref.member_id
        info = None
        if self.enrich:
            from kgraph.reference import people

            if member_id is None and ref.twfy_person_id:
                member_id = people.member_for_twfy(ref.twfy_person_id)
            if member_id is None and ref.name:
                member_id = people.find_member(ref.name, on)
            if member_id is not None:
                info = people.member(member_id)
        node = NamedNode(iris.member_iri(member_id, ref.name))
        doc.share(node, _TYPE, P("Member"))
        doc.share(node, _TYPE, P("Person"))
        name = ref.name or (info.name if info else None)
        if name:
            doc.share(node, _LABEL, lit(name))
            doc.share(node, P("nameKey"), lit(name_key(name)))
        if ref.list_as:
            doc.share(node, _ALT, lit(ref.list_as))
        party = ref.party or (info.party if info else None)
        if party:
            doc.share(node, P("party"), lit(party))
        constituency = ref.constituency or (info.constituency if info else None)
        if constituency:
            doc.share(node, P("constituency"), lit(constituency))
        member_house = ref.house or (info.house if info else None) or house
        if member_house:
            doc.share(node, P("house"), lit(member_house))
        if ref.twfy_person_id:
            doc.share(node, P("twfyPersonId"), lit(ref.twfy_person_id))
        if ref.twfy_member_id:
            doc.share(node, P("twfyMemberId"), lit(ref.twfy_member_id))
        if member_id is not None and node.value not in self._members_described:
            self._members_described.add(node.value)
            self._describe_member(doc, node, member_id, info)
        return node, member_id

    def _describe_member(self, doc: DocumentQuads, node: NamedNode, member_id: int, info) -> None:
        doc.share(node, P("memberId"), lit(str(member_id)))
        doc.share(node, _SEE, NamedNode(f"https://members-api.parliament.uk/api/Members/{member_id}"))
        if info is None:
            return
        if info.peerage:
            doc.share(node, P("peerage"), lit(info.peerage))
        if info.wikidata:
            doc.share(node, _SAME, NamedNode(f"http://www.wikidata.org/entity/{info.wikidata}"))
        for tid in info.twfy_person_ids:
            doc.share(node, P("twfyPersonId"), lit(tid))
        from kgraph.reference import people

        posts = people.posts(member_id)
        if posts:
            doc.share(node, _TYPE, P("Minister"))
        for post in posts:
            start = post.start.isoformat() if post.start else "unknown"
            ap = NamedNode(f"{node.value}/appointment/{start}/{slug(post.name + ' ' + post.department, limit=60)}")
            doc.share(node, P("holdsAppointment"), ap)
            doc.share(ap, _TYPE, P("MinisterialAppointment"))
            doc.share(ap, _LABEL, lit(f"{post.name} ({post.department})"))
            doc.share(ap, P("post"), lit(post.name))
            doc.share(ap, P("inDepartment"), lit(post.department))
            if post.rank:
                doc.share(ap, P("rank"), lit(post.rank))
            if post.start:
                doc.share(ap, P("startDate"), date(post.start))
            if post.end:
                doc.share(ap, P("endDate"), date(post.end))

    def _body(self, doc: DocumentQuads, name: str | None, body_id: int | None) -> NamedNode | None:
        from kgraph import bodies

        info = bodies.answering_body(name, body_id)
        if info is None:
            return None
        node = NamedNode(iris.entity_iri(info.key))
        if info.body_id is not None and (node.value, info.body_id) not in self._body_ids_written:
            # Written whenever a document gives the id, not only the first time the body is seen: a
            # page-text document names the body without it, and which document comes first varies.
            self._body_ids_written.add((node.value, info.body_id))
            doc.share(node, P("answeringBodyId"), lit(str(info.body_id)))
        if node.value in self._bodies_described:
            return node
        self._bodies_described.add(node.value)
        doc.share(node, _TYPE, P("AnsweringBody"))
        doc.share(node, _TYPE, P(info.cls))
        doc.share(node, _TYPE, P("Body"))  # the top type, as for mentioned entities (see mentions.py)
        describe_named(doc, node, info.label, info.alt_labels, info.links)
        return node


def _role_from_reference(member_id: int, on: dt.date) -> str | None:
    from kgraph.reference import people

    post = people.role_on(member_id, on)
    if post is None:
        return None
    return f"{post.name} ({post.department_short or post.department})"
