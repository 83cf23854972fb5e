"""Readers: format sniffing, the page-text and API JSON readers, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kgraph import sources
from kgraph.records import Question, Reject
from kgraph.sources.common import html_to_text

EXAMPLES = Path(__file__).resolve().parents[1] / "kgraph" / "examples"


def read(path: Path) -> list[Question | Reject]:
    return list(sources.read_file(path))


def test_seed_page_text(seed_file: Path) -> None:
    [q] = read(seed_file)
    assert isinstance(q, Question)
    assert q.format == "page-text"
    assert q.heading == "Offences against Children"
    assert q.date_tabled == dt.date(2025, 1, 7)
    assert q.addressed_to is not None and q.addressed_to.name == "Home Office"
    assert q.text is not None and q.text.startswith("To ask the Secretary of State for the Home Department")
    assert q.house == "Commons"
    a = q.answer
    assert a is not None
    assert a.date_answered == dt.date(2025, 1, 15)
    assert a.answered_by is not None and a.answered_by.name == "Jess Phillips"
    assert a.role == "Parliamentary Under-Secretary (Home Office)"
    assert a.text is not None
    # five paragraphs; the stray page furniture after the last one is not part of the answer
    assert a.text.count("\n\n") == 4
    assert a.text.endswith("child abuse-related whistleblowing reports.")
    assert "Reticulating" not in a.text


def test_page_text_crlf_unanswered_and_furniture(tmp_path: Path, seed_file: Path) -> None:
    raw = seed_file.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(("Cookie settings\n\n" + raw).replace("\n", "\r\n").replace("\r\n\r\n", "\r\n\r\n\r\n").encode())
    [q] = read(crlf)
    [orig] = read(seed_file)
    assert isinstance(q, Question) and isinstance(orig, Question)
    assert (q.heading, q.date_tabled, q.text, q.answer.text, q.answer.role) == (
        orig.heading, orig.date_tabled, orig.text, orig.answer.text, orig.answer.role)
    unanswered = tmp_path / "unanswered.txt"
    head = raw.split("Answered by")[0]
    unanswered.write_text(head + "\nShare this page\n", encoding="utf-8")
    [u] = read(unanswered)
    assert isinstance(u, Question) and u.answer is None
    assert u.text == orig.text


def test_api_list_single_array_and_jsonl_are_one_question(tmp_path: Path, corpus: Path) -> None:
    single = json.loads((corpus / "api" / "aws-mock" / "mock_api_question.json").read_text())
    value = single["value"]
    forms = {
        "list.json": {"totalResults": 1, "results": [single]},
        "single.json": single,
        "array.json": [single],
        "bare-array.json": [value],
        "lines.jsonl": json.dumps(single) + "\n" + json.dumps({"totalResults": 1, "results": [single]}) + "\n",
    }
    ids = set()
    for name, doc in forms.items():
        path = tmp_path / name
        path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
        records = read(path)
        assert records and all(isinstance(r, Question) for r in records), name
        ids |= {(r.api_id, r.uin, r.house, r.date_tabled) for r in records}
    assert ids == {(value["id"], value["uin"], value["house"], dt.date.fromisoformat(value["dateTabled"][:10]))}


def test_api_answer_html_becomes_paragraphs_and_links(corpus: Path) -> None:
    [q] = read(corpus / "api" / "aws-mock" / "mock_api_question.json")
    assert isinstance(q, Question) and q.answer is not None
    text = q.answer.text
    assert "<p>" not in text and "</a>" not in text
    assert "\n\n" in text
    hrefs = [link.href for link in q.answer.links]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert not q.answer.text_is_clipped


def test_list_endpoint_clipped_texts_are_flagged(corpus: Path) -> None:
    items = json.loads((corpus / "bulk" / "2024-08.list.json").read_text())
    expected = sum(1 for it in items if (it["value"]["answerText"] or "").endswith("...")
                   and len(it["value"]["answerText"]) >= 255)
    records = [r for r in read(corpus / "bulk" / "2024-08.list.json") if isinstance(r, Question)]
    assert len(records) == len(items)
    flagged = sum(1 for r in records if r.answer and r.answer.text_is_clipped)
    assert flagged == expected and expected > 0
    full = [r for r in read(corpus / "bulk" / "2024-08.fulltext.jsonl") if isinstance(r, Question)]
    assert full and not any(r.answer and r.answer.text_is_clipped for r in full)


def test_html_to_text_tables_and_spacers() -> None:
    text, links = html_to_text(
        '<p>One &amp; two.</p><p> </p><table><tr><td>Year</td><td>Cases</td></tr><tr><td>2023</td><td>12</td></tr>'
        '</table><p>See <a href="https://example.org/x">the data</a>.</p>'
    )
    assert text == "One & two.\n\nYear | Cases\n2023 | 12\n\nSee the data."
    assert [(lk.href, lk.text) for lk in links] == [("https://example.org/x", "the data")]


BAD_INPUTS = {
    "malformed.json": (b'{"totalResults": 1, "results": [{"value": {"id": 1,', "malformed JSON"),
    "wrong-shape.json": (b'{"hello": "world"}', "not a written question"),
    "empty.json": (b"", "empty file"),
    "blank.txt": (b"  \n\n ", "empty file"),
    "binary.dat": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin1.txt": ("Caf\u00e9 heading\n(asked on 7th January 2025)\n".encode("latin-1"), "not UTF-8"),
    "nostructure.txt": (b"Just some notes about parliament.\nNothing else here.\n", "no recognisable"),
    "bad-date.txt": (b"Heading\n\n(asked on 31st February 2025) - View Source\n\nQuestion to the Home Office:\n\n"
                     b"To ask the Secretary of State for the Home Department, a question.\n", "impossible date"),
    "bad-api-date.json": (json.dumps({"value": {"id": 5, "questionText": "To ask?", "dateTabled": "2024-13-45T00:00:00",
                                                "house": "Commons", "uin": "1"}}).encode(), "impossible date"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_rejected_with_reason(tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    [reject] = read(path)
    assert isinstance(reject, Reject)
    assert reject.source == str(path)
    assert reason in reject.reason


def test_jsonl_bad_line_names_item_and_keeps_the_rest(tmp_path: Path, corpus: Path) -> None:
    lines = (corpus / "bulk" / "2024-08.fulltext.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    lines[2] = lines[2][:40]  # truncated line
    lines[3] = json.dumps({"value": {"id": "not-a-number", "questionText": "x"}})
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read(path)
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [r.item for r in rejects] == [2, 3]
    assert "line 3: malformed JSON" in rejects[0].reason
    assert "id: expected an integer" in rejects[1].reason
    assert sum(isinstance(r, Question) for r in records) == 3


def test_folder_walk_skips_licence_files_but_reads_documents(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("MIT")
    (tmp_path / "README.md").write_text("# data")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "q.json").write_text("{}")
    assert [p.name for p in sources.iter_files([tmp_path])] == ["q.json"]


def test_examples_read_cleanly() -> None:
    records = list(sources.read_paths([EXAMPLES]))
    assert records and not [r for r in records if isinstance(r, Reject)]
    formats = {r.format for r in records}
    assert formats == {"api-json", "page-text"}


def test_unknown_format_name_lists_known_ones() -> None:
    with pytest.raises(KeyError, match="api-json"):
        sources.get("no-such-format")
