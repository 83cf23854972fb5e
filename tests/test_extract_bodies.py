"""Bodies from the gazetteer and from the shapes of their names."""

from __future__ import annotations

from kgraph.extract import extract_mentions


def bodies(text: str, role: str = "answer") -> set[str]:
    return {m.entity.label for m in extract_mentions(text, role=role) if m.entity.type == "Body"}


def test_departments_councils_police_and_nhs_bodies_from_the_reference():
    found = bodies("The Home Office, Hertfordshire County Council, Kent Police and NHS England met.")
    assert found == {"Home Office", "Hertfordshire County Council", "Kent Police", "NHS England"}


def test_addressee_clause_yields_nothing():
    text = (
        "To ask the Secretary of State for Foreign, Commonwealth and Development Affairs, what discussions "
        "she has had with the Home Office."
    )
    ms = extract_mentions(text, role="question")
    assert [m.entity.label for m in ms] == ["Home Office"]
    assert ms[0].start > text.index("Affairs,")


def test_nothing_inside_urls():
    text = "See https://www.gov.uk/government/organisations/home-office and www.nspcc.org.uk/NSPCC for more."
    assert extract_mentions(text, role="answer") == []


def test_roles_generic_references_and_the_government_are_not_bodies():
    text = (
        "The Home Secretary and the Department said that the Government, HM Government and HMG, with the "
        "police and local authorities, will act. His Majesty's Government agrees."
    )
    assert bodies(text) == set()


def test_devolved_and_foreign_governments_are_bodies():
    assert bodies("The Welsh Government and the Government of Bahrain replied.") == {
        "Welsh Government",
        "Government of Bahrain",
    }


def test_shaped_names_taskforces_and_inquiries():
    found = bodies(
        "We fund the Child Sexual Exploitation Police Taskforce. The Taskforce reports to the "
        "Independent Inquiry into Child Sexual Abuse."
    )
    assert found == {"Child Sexual Exploitation Police Taskforce", "Independent Inquiry into Child Sexual Abuse"}


def test_nested_body_inside_a_programme_name():
    ms = extract_mentions("The NSPCC Whistleblowing Advice Line is open.", role="answer")
    assert {(m.entity.type, m.surface) for m in ms} == {
        ("Programme", "NSPCC Whistleblowing Advice Line"),
        ("Body", "NSPCC"),
    }


def test_bracketed_abbreviation_and_later_bare_uses():
    text = "The Government Legal Department (GLD) advises. GLD staff were consulted."
    ms = extract_mentions(text, role="answer")
    keys = {m.entity.key for m in ms}
    assert keys == {"body/government-legal-department"}
    assert [m.surface for m in ms] == ["Government Legal Department", "GLD", "GLD"]
    assert "GLD" in ms[0].entity.alt_labels


def test_abbreviation_defined_for_an_unknown_name():
    ms = extract_mentions("The Widget Safety Agency (WSA) inspects. The WSA reported.", role="answer")
    assert len({m.entity.key for m in ms}) == 1 and len(ms) == 3
    assert ms[0].entity.label == "Widget Safety Agency" and "WSA" in ms[0].entity.alt_labels


def test_dates_and_roles_do_not_extend_or_make_names():
    found = bodies("The Home Office on 17 July 2024 met the Bangladesh High Commissioner and the Chief Executive.")
    assert found == {"Home Office"}


def test_a_group_possessive_stays_inside_a_name_but_a_bodys_possessive_does_not():
    found = bodies("The Older People's Housing Taskforce wrote to the Firefighters' Liaison Forum.")
    assert found == {"Older People's Housing Taskforce", "Firefighters' Liaison Forum"}
    assert "Council's Housing Taskforce" not in bodies("The Council's Housing Taskforce met.")


def test_parliament_as_a_period_is_not_the_body():
    text = "We will build more homes over this Parliament, and by the end of the Parliament we will report."
    assert bodies(text) == set()
    assert bodies("We will update Parliament on progress.") == {"Parliament"}


def test_road_networks_and_roles_are_not_bodies():
    text = (
        "Funding for the Major Road Network rose. The Secretary of State for Housing, Communities and Local "
        "Government replied."
    )
    assert bodies(text) == set()


def test_ordinary_words_are_not_gazetteer_abbreviations():
    text = "The Quarterly Prison Statistics bulletin and the Ombudsman said so, and HE funding rose."
    assert bodies(text) == set()
