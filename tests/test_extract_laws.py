"""Laws by the shapes of their names, on short texts written for these tests."""

from __future__ import annotations

from kgraph.extract import extract_mentions


def laws(text: str, role: str = "answer") -> dict[str, str]:
    return {m.entity.label: m.entity.cls for m in extract_mentions(text, role=role) if m.entity.type == "Law"}


def test_acts_with_year_and_a_section_of_an_act():
    found = laws("Under section 3 of the Modern Slavery Act 2015 and the Data Protection Act 2018, records are kept.")
    assert found == {"Modern Slavery Act 2015": "Act", "Data Protection Act 2018": "Act"}


def test_two_acts_joined_by_and_stay_two():
    found = laws("the Equality Act 2010 and the Freedom of Information Act 2000 apply")
    assert set(found) == {"Equality Act 2010", "Freedom of Information Act 2000"}


def test_bills_but_not_the_bill_or_a_private_members_bill():
    found = laws("The Crime and Policing Bill will follow. The Bill is a Private Members' Bill in spirit.")
    assert found == {"Crime and Policing Bill": "Bill"}


def test_statutory_instruments_keep_bracketed_qualifiers():
    text = (
        "The Social Security (Amendment) Regulations 2023 and the Gender Recognition (Approved Countries) Order 2023."
    )
    found = laws(text)
    assert found == {
        "Social Security (Amendment) Regulations 2023": "StatutoryInstrument",
        "Gender Recognition (Approved Countries) Order 2023": "StatutoryInstrument",
    }


def test_rules_treaties_and_duties():
    found = laws(
        "Under the Immigration Rules, the European Convention on Human Rights, Awaab\u2019s Law and the "
        "Public Sector Equality Duty, the regulations apply."
    )
    assert set(found) == {
        "Immigration Rules",
        "European Convention on Human Rights",
        "Awaab's Law",
        "Public Sector Equality Duty",
    }


def test_year_in_brackets_is_the_same_act():
    ms = [m for m in extract_mentions("the Procurement Act (2023) and the Procurement Act", role="answer")]
    assert {m.entity.label for m in ms} == {"Procurement Act 2023"}
    assert {m.surface for m in ms} == {"Procurement Act (2023)", "Procurement Act"}


def test_known_act_links_to_legislation_gov_uk():
    (m,) = extract_mentions("The Public Interest Disclosure Act 1998 protects workers.", role="answer")
    assert m.entity.key == "law/ukpga/1998/23"
    assert "http://www.legislation.gov.uk/id/ukpga/1998/23" in m.entity.links


def test_unknown_act_gets_a_title_key():
    (m,) = extract_mentions("the Widget Licensing Act 1987 applies", role="answer")
    assert m.entity.key == "law/widget-licensing-act-1987" and m.entity.links == ()


def test_lower_case_rules_after_a_name_but_not_a_bodys_rules():
    assert laws("Under the Off-Payroll Working rules, and the FCA's rules, tax is due.") == {
        "Off-Payroll Working rules": "Law"
    }


def test_abbreviation_defines_a_lower_case_legal_requirement():
    ms = extract_mentions("The minimum income requirement (MIR) rose. The MIR applies.", role="answer")
    assert {(m.entity.type, m.entity.label) for m in ms} == {("Law", "minimum income requirement")}
