"""The parlparse written-answers reader, on the real TheyWorkForYou files and on small broken ones.

Expected counts come from a second, independent parse of each file with the standard library's
ElementTree (expat resolves the internal DTD's entities too), never from numbers written here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.build import build
from kgraph.cli import main
from kgraph.records import Question, Reject
from kgraph.sources import read_file, sniff
from kgraph.store import open_store

TWFY = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "twfy"


def _files(folder: str) -> list[Path]:
    if not TWFY.exists():
        pytest.skip(f"needs {TWFY} (the shared corpus beside the repo), which is absent here")
    files = sorted((TWFY / folder).glob("*.xml"))
    assert files, f"no XML files in {TWFY / folder}"
    return files


COMMONS = "wrans"
LORDS = "lordswrans"


def _expected(path: Path) -> dict[str, object]:
    """What the file holds, by a plain walk: one question per qnum paragraph (or per <ques> without one)."""
    root = ET.parse(path).getroot()
    questions = answered = grouped = 0
    uins: list[str] = []
    group: list[list[str | None]] = []
    speakers: dict[str, str] = {}
    for el in root:
        if el.tag == "ques":
            qnums = [p.get("qnum") for p in el if p.get("qnum")]
            group.append(qnums or [None])
            speakers.update({u: el.get("speakername", "") for u in qnums})
        elif el.tag == "reply":
            members = [u for qs in group for u in qs]
            answered += len(members)
            if len([u for u in members if u]) > 1:
                grouped += len(members)
            group = []
        elif el.tag in ("major-heading", "minor-heading"):
            group = []
        if el.tag == "ques":
            questions += len(group[-1])
            uins.extend(u for u in group[-1] if u)
    return {"questions": questions, "answered": answered, "grouped": grouped, "uins": uins,
            "speakers": speakers, "majors": sum(1 for el in root if el.tag == "major-heading")}


def _read(path: Path) -> tuple[list[Question], list[Reject]]:
    records = list(read_file(path))
    return ([r for r in records if isinstance(r, Question)], [r for r in records if isinstance(r, Reject)])


@pytest.mark.parametrize("folder", [COMMONS, LORDS])
def test_every_question_of_every_file_is_read(folder: str) -> None:
    for path in _files(folder):
        expected = _expected(path)
        questions, rejects = _read(path)
        assert rejects == [], f"{path.name}: {[r.describe() for r in rejects]}"
        assert len(questions) == expected["questions"], path.name
        assert sum(1 for q in questions if q.answer is not None) == expected["answered"], path.name
        assert sum(1 for q in questions if q.grouped_uins) == expected["grouped"], path.name
        assert [q.uin for q in questions if q.uin] == expected["uins"], path.name
        assert {q.uin: q.asked_by.name for q in questions if q.uin} == expected["speakers"], path.name
        assert all(q.format == "twfy-xml" and q.text for q in questions)


@pytest.mark.parametrize("folder,house", [(COMMONS, "Commons"), (LORDS, "Lords")])
def test_house_answer_date_and_department(folder: str, house: str) -> None:
    for path in _files(folder):
        day = path.stem.rstrip("abcdefghij")[-10:]
        questions, _ = _read(path)
        assert {q.house for q in questions} == {house}
        assert {q.answer.date_answered.isoformat() for q in questions if q.answer} == {day}
        # Date tabled is not in the XML: it is left unknown rather than guessed.
        assert all(q.date_tabled is None for q in questions)
        if _expected(path)["majors"]:
            assert all(q.addressed_to and q.addressed_to.name for q in questions)
        else:  # the Lords files name no department
            assert all(q.addressed_to is None for q in questions)


def test_group_members_share_one_answer_and_list_each_other() -> None:
    seen_group = False
    for path in _files(COMMONS) + _files(LORDS):
        questions, _ = _read(path)
        by_uin = {q.uin: q for q in questions if q.uin}
        for q in questions:
            if not q.grouped_uins:
                continue
            seen_group = True
            for other in q.grouped_uins:
                peer = by_uin[other]
                assert q.uin in peer.grouped_uins
                assert peer.answer == q.answer
                assert peer.text != q.text
    assert seen_group


def test_numbered_questions_keep_the_lead_in_and_drop_the_number() -> None:
    for path in _files(COMMONS):
        root = ET.parse(path).getroot()
        for ques in root.iter("ques"):
            paras = list(ques)
            if len([p for p in paras if p.get("qnum")]) > 1 and not paras[0].get("qnum"):
                lead = " ".join("".join(paras[0].itertext()).split())
                uin = paras[1].get("qnum")
                [q] = [q for q in _read(path)[0] if q.uin == uin]
                assert q.text.startswith(lead + " ")
                assert not q.text[len(lead):].lstrip().startswith("(1)")
                return
    pytest.fail("no numbered multi-question <ques> in the Commons files")


def test_tables_and_entities_become_clean_text() -> None:
    for path in _files(LORDS) + _files(COMMONS):
        questions, _ = _read(path)
        texts = [q.answer.text for q in questions if q.answer and q.answer.text]
        assert not any("&" in t and ";" in t.split("&", 1)[1][:8] for t in texts), "an entity left unresolved"
        assert not any("<td" in t or "<p" in t for t in texts)
        if any(" | " in t for t in texts):
            return
    pytest.fail("no table cells found in any answer")


def test_build_lands_every_distinct_question() -> None:
    files = _files(COMMONS) + _files(LORDS)
    distinct = set()
    for path in files:
        house = "Lords" if path.name.startswith("lordswrans") else "Commons"
        distinct.update((house, u) for u in _expected(path)["uins"])
    store = open_store(None)
    report = build(files, store, mentions=False)
    assert report.rejects == []
    # A question reprinted on a later day (same UIN, same text) is one node, not two.
    assert report.counts["questions"] == len(distinct)
    assert report.counts["answers"] == len(distinct)


# -- bad input: small documents written here -----------------------------------------------------------

_HEAD = """<?xml version="1.0" encoding="{enc}"?>
<!DOCTYPE publicwhip [
<!ENTITY pound "&#163;">
]>
<publicwhip scrapeversion="b" latest="{latest}">
<major-heading id="uk.org.publicwhip/wrans/2001-02-03b.1.mh">
TRANSPORT
</major-heading>
<minor-heading id="uk.org.publicwhip/wrans/2001-02-03b.1.h">Widgets</minor-heading>
"""


def _pair(n: int) -> str:
    return (
        f'<ques id="uk.org.publicwhip/wrans/2001-02-03b.{n}.q0" speakerid="uk.org.publicwhip/member/{n}" '
        f'speakername="Asker {n}">\n<p qnum="{1000 + n}">To ask about widget {n} costing &pound;{n}.</p>\n</ques>\n'
        f'<reply id="uk.org.publicwhip/wrans/2001-02-03b.{n}.r0" speakerid="uk.org.publicwhip/member/9" '
        f'speakername="Minister">\n<p>Widget {n} is fine.</p>\n</reply>\n'
    )


def _doc(body: str, *, enc: str = "ISO-8859-1", latest: str = "yes", end: bool = True) -> str:
    return _HEAD.format(enc=enc, latest=latest) + body + ("</publicwhip>\n" if end else "")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_small_document_reads(tmp_path: Path) -> None:
    path = tmp_path / "answers2001-02-03b.xml"
    path.write_bytes(_doc(_pair(1) + _pair(2)).encode("latin-1"))
    assert sniff(path.read_bytes()[:4096], path).name == "twfy-xml"
    questions, rejects = _read(path)
    assert rejects == []
    assert [q.uin for q in questions] == ["1001", "1002"]
    assert questions[0].text == "To ask about widget 1 costing \u00a31."
    assert questions[0].addressed_to.name == "Department for Transport"
    assert questions[0].asked_by.twfy_person_id is None  # a membership id is not a person id
    assert questions[1].answer.answered_by.name == "Minister"


def test_truncated_file_keeps_what_came_before(tmp_path: Path) -> None:
    text = _doc(_pair(1) + _pair(2) + _pair(3), end=False)
    text = text[: text.index("Widget 3 is")]
    path = tmp_path / "answers2001-02-03b.xml"
    path.write_bytes(text.encode("latin-1"))
    questions, rejects = _read(path)
    # The third question is complete, its reply is cut off: it lands unanswered.
    assert [(q.uin, q.answer is not None) for q in questions] == [("1001", True), ("1002", True), ("1003", False)]
    [reject] = rejects
    assert reject.source == str(path)
    assert reject.reason.startswith(f"line {text.count(chr(10)) + 1}:")
    assert "XML error" in reject.reason


def test_unknown_element_is_named_and_skipped(tmp_path: Path) -> None:
    text = _doc(_pair(1) + "<division id='x'>\n<p>vote</p>\n</division>\n" + _pair(2))
    path = tmp_path / "answers2001-02-03b.xml"
    path.write_bytes(text.encode("latin-1"))
    questions, rejects = _read(path)
    assert [q.uin for q in questions] == ["1001", "1002"]
    [reject] = rejects
    assert reject.reason == f"line {_line_of(text, '<division')}: unknown element <division> skipped"


def test_bad_encoding_is_named_by_line(tmp_path: Path) -> None:
    text = _doc(_pair(1) + _pair(2).replace("fine", "caf\u00e9"), enc="UTF-8")
    path = tmp_path / "answers2001-02-03b.xml"
    path.write_bytes(text.encode("latin-1"))  # Latin-1 bytes in a file that says it is UTF-8
    questions, rejects = _read(path)
    assert questions and questions[0].uin == "1001" and questions[0].answer is not None
    [reject] = rejects
    assert reject.reason.startswith(f"line {_line_of(text, 'caf')}:")
    assert "UTF-8" in reject.reason


def test_older_scrape_version_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "answers2001-02-03b.xml"
    path.write_bytes(_doc(_pair(1), latest="no").encode("latin-1"))
    questions, rejects = _read(path)
    assert questions == []
    [reject] = rejects
    assert 'superseded scrape version "b"' in reject.reason and 'latest="yes"' in reject.reason


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    text = _doc(_pair(1) + _pair(2).replace("fine", "&leak;")).replace(
        "]>", f'<!ENTITY leak SYSTEM "{secret.as_uri()}">\n]>', 1
    )
    path = tmp_path / "answers2001-02-03b.xml"
    path.write_bytes(text.encode("latin-1"))
    records = list(read_file(path))
    assert not any("TOP-SECRET" in repr(r) for r in records)
    assert [r.uin for r in records if isinstance(r, Question)][0] == "1001"
    assert any(isinstance(r, Reject) and "leak" in r.reason for r in records)


def test_cli_build_names_bad_file_and_builds_the_rest(tmp_path: Path) -> None:
    [lords] = _files(LORDS)[:1]
    bad = tmp_path / "answers2001-02-03b.xml"
    text = _doc(_pair(1) + _pair(2), end=False)
    bad.write_bytes(text[: text.index("Widget 2 is")].encode("latin-1"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(lords), str(bad), "-o", str(out), "--no-mentions", "--no-html", "--store", ":memory:"]
    )
    assert result.exit_code == 1
    assert str(bad) in result.output and "line" in result.output
    expected = _expected(lords)["questions"] + 2  # the Lords day, and both questions of the cut-off file
    assert f"{expected} questions" in result.output


def test_membership_ids_are_kept_on_members() -> None:
    [path] = _files(LORDS)[:1]
    root = ET.parse(path).getroot()
    ids = {el.get("speakerid") for el in root if el.tag in ("ques", "reply")
           if el.get("speakerid") and "/person/" not in el.get("speakerid") and el.get("speakerid") != "unknown"}
    assert ids
    store = open_store(None)
    build([path], store, mentions=False)
    found = {row["id"].value for row in store.query(
        "SELECT ?id WHERE { ?m <https://w3id.org/kgraph/ontology#twfyMemberId> ?id }")}
    assert found == ids
