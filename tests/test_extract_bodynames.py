"""resolve_body_name: the API's answeringBodyName lands on the entity the body extractor gives in a text."""

from __future__ import annotations

import pytest

from kgraph.extract import extract_mentions, resolve_body_name


def body_in_text(name: str) -> str:
    (m,) = [m for m in extract_mentions(f"We wrote to the {name} last week.", role="answer") if m.entity.type == "Body"]
    return m.entity.key


@pytest.mark.parametrize(
    "name",
    [
        "Home Office",
        "Foreign, Commonwealth and Development Office",
        "Department of Health and Social Care",
        "Cabinet Office",
        "Ministry of Housing, Communities and Local Government",
        "Department for Science, Innovation and Technology",
        "Scotland Office",
        "Church Commissioners",
        "House of Commons Commission",
    ],
)
def test_api_names_are_the_entity_a_text_names(name):
    entity = resolve_body_name(name)
    assert entity is not None and entity.type == "Body"
    assert entity.key == body_in_text(name)


@pytest.mark.parametrize(
    ("api", "full"),
    [
        ("Treasury", "HM Treasury"),
        ("Attorney General", "Attorney General's Office"),
        ("Prime Minister", "Prime Minister's Office, 10 Downing Street"),
    ],
)
def test_api_short_forms_are_the_organisation(api, full):
    entity = resolve_body_name(api)
    assert entity is not None and entity.label == full
    assert entity.key == body_in_text(full)


def test_women_and_equalities_is_an_equalities_office():
    entity = resolve_body_name("Women and Equalities")
    assert entity is not None and entity.type == "Body" and "Equality" in entity.label


def test_case_spacing_and_the_do_not_matter_for_short_forms():
    assert resolve_body_name("  the  Treasury ") == resolve_body_name("Treasury")


def test_unknown_names_and_non_bodies_are_none():
    assert resolve_body_name("Quibble Widgets") is None
    assert resolve_body_name("") is None
    assert resolve_body_name("Equality Act 2010") is None


def test_the_graph_answering_body_is_the_mentioned_body():
    from kgraph.bodies import answering_body

    info = answering_body("Treasury", 14)
    assert info is not None and info.key == body_in_text("HM Treasury")
