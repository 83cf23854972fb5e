"""One question read from several sources: the API, page text and parlparse XML are linked, not confused."""

from __future__ import annotations

import json
from pathlib import Path

from kgraph.build import build
from kgraph.link import find_links, link_sources
from kgraph.store import OxigraphStore

QUESTION = ("To ask the Secretary of State for Transport, what assessment she has made of the reliability of "
            "rural bus services in Cumbria.")


def api_item(qid: int, uin: str, text: str, tabled: str, answered: str) -> dict:
    return {"value": {
        "id": qid, "askingMemberId": 4602, "house": "Commons", "dateTabled": f"{tabled}T00:00:00",
        "dateForAnswer": f"{tabled}T00:00:00", "uin": uin, "questionText": text, "answeringBodyId": 27,
        "answeringBodyName": "Department for Transport", "answeringMemberId": 4943,
        "dateAnswered": f"{answered}T00:00:00", "answerText": "<p>Local authorities run bus services.</p>",
        "heading": "Buses: Cumbria"}, "links": []}


PAGE = f"""Buses: Cumbria

(asked on 3rd February 2025) - View Source

Question to the Department for Transport:

{QUESTION.replace("rural bus", "rural  bus")}

Answered by
Simon Lightwood Portrait
Simon Lightwood
Parliamentary Under-Secretary (Department for Transport)
This question was answered on 10th February 2025

Local authorities run bus services.
"""

XML = """<?xml version="1.0" encoding="ISO-8859-1"?>
<publicwhip scrapeversion="a" latest="yes">
<major-heading id="uk.org.publicwhip/wrans/2025-02-10a.1.mh">TRANSPORT</major-heading>
<minor-heading id="uk.org.publicwhip/wrans/2025-02-10a.1.h">Buses: Cumbria</minor-heading>
<ques id="uk.org.publicwhip/wrans/2025-02-10a.1.q0" speakerid="uk.org.publicwhip/member/1"
 speakername="Wera Hobhouse">
<p qnum="30001">To ask the Secretary of State for Transport what assessment she has made of bus services.</p>
</ques>
<reply id="uk.org.publicwhip/wrans/2025-02-10a.1.r0" speakerid="uk.org.publicwhip/member/2"
 speakername="Simon Lightwood">
<p>Local authorities run bus services.</p>
</reply>
</publicwhip>
"""


def test_page_text_and_api_versions_are_linked(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_text(json.dumps(api_item(9100001, "30000", QUESTION, "2025-02-03", "2025-02-10")))
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    store = OxigraphStore()
    build([tmp_path], store, mentions=False, workers=1)
    questions = [r["q"].value
                 for r in store.query("SELECT ?q WHERE { ?q a <https://w3id.org/kgraph/ontology#Question> }")]
    assert len(questions) == 2
    assert find_links(store) == {tuple(sorted(questions))}
    assert link_sources(store) == 1
    rows = store.query("SELECT ?a ?src WHERE { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b . "
                       "?b <http://purl.org/dc/terms/source> ?src }")
    sources = {(r["a"].value, Path(r["src"].value).name) for r in rows}
    assert {name for _, name in sources} == {"api.json", "page.txt"}  # each node leads to the other's source


def test_identical_texts_with_different_uins_stay_apart(tmp_path: Path) -> None:
    items = [api_item(9100001, "30000", QUESTION, "2025-02-03", "2025-02-10"),
             api_item(9100002, "30007", QUESTION, "2025-02-03", "2025-02-10")]
    (tmp_path / "api.json").write_text(json.dumps(items))
    store = OxigraphStore()
    build([tmp_path], store, mentions=False, workers=1)
    assert find_links(store) == set()


def test_xml_and_api_linked_by_house_uin_and_answer_date(tmp_path: Path) -> None:
    text = "To ask the Secretary of State for Transport, what assessment she has made of bus services."
    (tmp_path / "api.json").write_text(json.dumps(api_item(9100003, "30001", text, "2025-02-04", "2025-02-10")))
    (tmp_path / "answers2025-02-10a.xml").write_bytes(XML.encode("latin-1"))
    other_day = api_item(9100004, "30001", text + " (Other)", "2024-02-04", "2024-02-10")
    (tmp_path / "api-old.json").write_text(json.dumps(other_day))  # same UIN in another session: not linked
    store = OxigraphStore()
    report = build([tmp_path], store, mentions=False, workers=1)
    assert not report.rejects
    pairs = find_links(store)
    assert len(pairs) == 1
    [(a, b)] = pairs
    assert a.endswith("question/commons/2025-02-04/30001") or b.endswith("question/commons/2025-02-04/30001")
    assert not any("2024-02-04" in x for x in (a, b))


def test_texts_only_records_link_by_api_id_never_by_text_alone(tmp_path: Path) -> None:
    full = api_item(9100005, "30010", QUESTION, "2025-02-03", "2025-02-10")
    texts_only = [{"id": 9100005, "questionText": QUESTION, "answerText": "<p>Local authorities run it.</p>"},
                  {"id": 9100006, "questionText": QUESTION, "answerText": "<p>The same words, asked again.</p>"}]
    (tmp_path / "full.json").write_text(json.dumps(full))
    (tmp_path / "texts.jsonl").write_text("".join(json.dumps(t) + "\n" for t in texts_only))
    store = OxigraphStore()
    build([tmp_path], store, mentions=False, workers=1)
    pairs = find_links(store)
    ids = {}
    for row in store.query("SELECT ?q ?id WHERE { ?q <http://purl.org/dc/terms/identifier> ?id }"):
        ids[row["q"].value] = row["id"].value
    assert len(ids) == 3
    assert [(ids[a], ids[b]) for a, b in pairs] == [("9100005", "9100005")]  # 9100006 is another question


def test_links_are_replaced_not_accumulated(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_text(json.dumps(api_item(9100001, "30000", QUESTION, "2025-02-03", "2025-02-10")))
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    store = OxigraphStore()
    build([tmp_path], store, mentions=False, workers=1)
    assert link_sources(store) == 1
    assert link_sources(store) == 1  # idempotent
    edited = api_item(9100001, "30000", QUESTION.replace("Cumbria", "Orkney"), "2025-02-03", "2025-02-10")
    (tmp_path / "api.json").write_text(json.dumps(edited))  # same question node, text no longer the page's
    build([tmp_path], store, mentions=False, workers=1)
    assert link_sources(store) == 0
    same_as = list(store.query("SELECT * WHERE { ?a a <https://w3id.org/kgraph/ontology#Question> ; "
                               "<http://www.w3.org/2002/07/owl#sameAs> ?b }"))
    assert same_as == []  # the link that no longer holds is gone
