"""Resolution and linking: one entity per thing, public identifiers, the registry, and the seed document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.extract import extract_mentions, get, names

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def keys(text: str) -> set[str]:
    return {m.entity.key for m in extract_mentions(text, role="answer")}


def test_alias_forms_of_one_department_are_one_entity():
    forms = ["Ministry of Justice", "MoJ", "the Ministry of Justice", "MOJ", "Ministry of Justice's"]
    assert {k for f in forms for k in keys(f"We asked {f} today.")} == {"body/ministry-of-justice"}


def test_ampersand_and_commas_fold():
    a = keys("the Foreign, Commonwealth & Development Office")
    b = keys("the Foreign Commonwealth and Development Office")
    c = keys("the FCDO")
    assert a == b == c == {"body/foreign-commonwealth-development-office"}


def test_plural_and_case_fold_in_minted_keys():
    assert keys("the Widget Grant Schemes") == keys("the Widget Grant Scheme") == {"programme/widget-grant-scheme"}


def test_govuk_link_for_a_known_department():
    (m,) = extract_mentions("The Home Office replied.", role="answer")
    assert m.entity.links[0] == "https://www.gov.uk/government/organisations/home-office"
    assert ("govuk", "home-office") in m.entity.identifiers


def test_renamed_department_keeps_its_key_and_names_its_successor():
    (m,) = extract_mentions("the Department for Levelling Up, Housing and Communities", role="answer")
    assert m.entity.key == "body/department-for-levelling-up-housing-and-communities"
    assert any(scheme == "successor" for scheme, _ in m.entity.identifiers)


def test_mentions_are_sorted_exact_and_deterministic():
    text = "The NSPCC and the Home Office (HO) discussed the Crime and Policing Bill with Ofsted."
    first = extract_mentions(text, role="answer")
    assert first == extract_mentions(text, role="answer")
    assert [m.start for m in first] == sorted(m.start for m in first)
    assert all(text[m.start : m.end] == m.surface for m in first)


def test_registry_lists_known_extractors_on_a_bad_name():
    assert {"bodies", "laws", "programmes", "people"} <= set(names())
    with pytest.raises(KeyError, match="known: .*bodies"):
        get("nope")


def test_role_must_be_question_or_answer():
    with pytest.raises(ValueError):
        extract_mentions("text", role="heading")


def test_seed_answer_yields_exactly_the_gold_entities():
    seed = SHARED / "corpus" / "seed" / "offences-against-children.txt"
    gold_path = SHARED / "gold" / "dev.jsonl"
    if not seed.exists() or not gold_path.exists():
        pytest.skip(f"seed or gold not found under {SHARED}")
    lines = seed.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("This question was answered on"))
    answer = "\n".join(lines[at + 1 :])
    gold = next(json.loads(x) for x in gold_path.open(encoding="utf-8") if '"seed/' in x)
    found = {}
    for m in extract_mentions(answer, role="answer"):
        found[m.entity.key] = (m.entity.type, {m.entity.label, *m.entity.alt_labels})
    assert len(found) == len(gold["entities"]) == 8
    for e in gold["entities"]:
        names_ = {e["name"], *e["aliases"]}
        assert any(t == e["type"] and labels & names_ for t, labels in found.values()), e["name"]


def test_page_text_curly_quotes_no_break_spaces_and_inline_urls():
    text = (
        "The \u2018Widget Safety Act 2019\u2019 applies.\nSee https://www.gov.uk/government/organisations/home-office "
        "and www.legislation.gov.uk/ukpga/2015/30/Gadget-Act-2015 for details.\r\nThe Home\u00a0Office and the "
        "Crime and Policing  Bill.\n\nUnder the Equality\nAct 2010, a line break ends a name."
    )
    found = {(m.surface, m.entity.label) for m in extract_mentions(text, role="answer")}
    assert found == {
        ("Widget Safety Act 2019", "Widget Safety Act 2019"),
        ("Home\u00a0Office", "Home Office"),
        ("Crime and Policing  Bill", "Crime and Policing Bill"),
    }
