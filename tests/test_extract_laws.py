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


def test_a_part_of_or_a_stage_of_a_law_is_the_law_alone():
    found = laws(
        "Part 4 of the Widget Safety Act 2019 applies; the Second Reading of the Gadget Reform Bill is due and "
        "Appendix ZZ of the Immigration Rules changes. The Committee on the Gadget Reform Bill met."
    )
    assert set(found) == {"Widget Safety Act 2019", "Gadget Reform Bill", "Immigration Rules"}


def test_titles_that_take_of_the_keep_it():
    found = laws("the Representation of the People Act 1983 and the Convention on the Rights of the Child")
    assert set(found) == {"Representation of the People Act 1983", "Convention on the Rights of the Child"}


def test_a_name_never_starts_inside_a_word_nor_takes_a_stray_bracket():
    found = laws("Under section 47Z9 of the Widget Crime Act 2002 (as amended by the Gadget Act 2020) it is so.")
    assert set(found) == {"Widget Crime Act 2002", "Gadget Act 2020"}


def test_data_and_information_open_titles_when_a_capital_follows():
    found = laws("Data Protection and Widget Information Bill. Information Sharing Act 2011 too.")
    assert set(found) == {"Data Protection and Widget Information Bill", "Information Sharing Act 2011"}


def test_old_titles_with_etc_and_instruments_made_under_an_act():
    found = laws(
        "the Health and Safety at Work etc. Act 1974 and the Widget Act 2010 (Gadget Provisions) (Amendment) "
        "Order 2024 and the \u2018Spring Homes (England) Regulations 2015\u2019."
    )
    assert set(found) == {
        "Health and Safety at Work etc. Act 1974",
        "Widget Act 2010 (Gadget Provisions) (Amendment) Order 2024",
        "Spring Homes (England) Regulations 2015",
    }


def test_eu_regulations_by_number_and_by_name():
    found = laws("Under Regulation (EU) 2017/625 and the GB Widget Labelling Regulation, and retained EU law.")
    assert set(found) == {"Regulation (EU) 2017/625", "GB Widget Labelling Regulation"}


def test_procedure_rules_and_not_a_bodys_or_schemes_rules():
    found = laws("the Criminal Procedure Rules, the Ofgem rules, the PRA rules and the Widget Loan Scheme rules")
    assert set(found) == {"Criminal Procedure Rules"}


def test_taxes_technical_protocols_and_members_bills_are_not_laws():
    found = laws(
        "Fuel Duty and Stamp Duty rose; calls use Voice over Internet Protocol; the Member for Anytown's "
        "Private Member's Bill fell; the Kyoto Protocol and the Optional Protocol stand."
    )
    assert set(found) == {"Kyoto Protocol", "Optional Protocol"}


def test_a_bodys_possessive_is_not_part_of_a_duty_but_a_title_possessive_is():
    found = laws("The FCA\u2019s Consumer Duty and the Children\u2019s Homes Regulations 2015 apply.")
    assert set(found) == {"Consumer Duty", "Children's Homes Regulations 2015"}


def test_a_programme_with_a_year_is_not_an_instrument():
    assert laws("The Widget Homes Guarantee Scheme 2020 and the Widget Pensions (Gadget) Scheme 2015.") == {
        "Widget Pensions (Gadget) Scheme 2015": "StatutoryInstrument"
    }


def test_ilo_conventions_cited_by_number():
    ms = extract_mentions("The UK ratified ILO Convention No. 98 and is reviewing ILO Convention 190.", role="answer")
    assert {m.entity.label for m in ms} == {"ILO Convention 98", "ILO Convention 190"}


def test_a_place_after_a_convention_is_not_part_of_its_name():
    ms = extract_mentions(
        "A meeting of the Framework Convention on Fisheries Control in Portugal discussed the Convention on "
        "International Trade in Endangered Species.",
        role="answer",
    )
    assert {m.entity.label for m in ms} == {
        "Framework Convention on Fisheries Control",
        "Convention on International Trade in Endangered Species",
    }


def test_church_conventions_and_convention_centres_are_not_treaties():
    text = "The Lisu Baptist Convention met at the Northern Convention Centre."
    assert [m for m in extract_mentions(text, role="answer") if m.entity.type == "Law"] == []


def test_well_known_orders_without_a_year_link_to_legislation():
    ms = extract_mentions(
        "Permitted development rights under the General Permitted Development Order apply.", role="answer"
    )
    assert [m.entity.links for m in ms] == [("http://www.legislation.gov.uk/id/uksi/2015/596",)]
    # orders a court makes are not legislation
    assert extract_mentions("The court made a Child Arrangements Order.", role="answer") == []
