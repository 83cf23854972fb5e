"""Programmes: reference benefits, head-word names, quoted publications."""

from __future__ import annotations

from kgraph.extract import extract_mentions


def programmes(text: str) -> dict[str, str]:
    return {m.entity.label: m.entity.cls for m in extract_mentions(text, role="answer") if m.entity.type == "Programme"}


def test_benefits_from_the_reference():
    found = programmes("Claimants of Universal Credit and Personal Independence Payment (PIP) may apply.")
    assert found == {"Universal Credit": "Benefit", "Personal Independence Payment": "Benefit"}


def test_head_word_names_with_year():
    found = programmes("The Local Authority Housing Fund and the Digital Strategy 2022\u201325 continue.")
    assert found == {"Local Authority Housing Fund": "Fund", "Digital Strategy 2022\u201325": "Strategy"}


def test_quoted_publication_title():
    found = programmes(
        "data are published in the \u2018Police misconduct, England and Wales\u2019 statistical bulletin."
    )
    assert found == {"Police misconduct, England and Wales": "StatisticalSeries"}


def test_lower_case_descriptions_and_events_are_not_programmes():
    found = programmes(
        "Following the Spending Review, the spending review and the fuel poverty strategy are "
        "described in the Official Report."
    )
    assert found == {}


def test_lower_case_description_with_a_bracketed_abbreviation():
    ms = extract_mentions("We compile the national emissions inventory (NEI). The NEI is public.", role="answer")
    assert {m.entity.label for m in ms} == {"national emissions inventory"}
    assert len(ms) == 3


def test_a_comma_list_inside_a_programme_name():
    found = programmes("Each pupil with an Education, Health and Care Plan is assessed.")
    assert found == {"Education, Health and Care Plan": "Strategy"}
    # a longer run before the list is not part of the name
    assert "Greater Manchester, Health and Care Plan" not in programmes(
        "In Greater Manchester, Health and Care Plan data."
    )


def test_counted_plans_keep_their_number():
    found = programmes("The 10 Year Workforce Plan and the 25-Year Nature Plan were published.")
    assert set(found) == {"10 Year Workforce Plan", "25-Year Nature Plan"}


def test_names_joined_by_for_to_or_of():
    found = programmes("The Homes for Tomorrow Scheme, the Right to Rent Scheme and the Cost of Heating Payment.")
    assert set(found) == {"Homes for Tomorrow Scheme", "Right to Rent Scheme", "Cost of Heating Payment"}
    assert "Receipt of Heating Allowance" not in programmes("Families in Receipt of Heating Allowance.")
    assert set(programmes("Letters to Universal Credit claimants and Recipients of Pension Credit.")) == {
        "Universal Credit",
        "Pension Credit",
    }


def test_capitalised_kinds_of_document_are_not_names():
    text = (
        "An Impact Assessment, this Pension Scheme, the Command Paper, the Project Report and the Report of "
        "Findings and Conclusions were published. The Local Government Pension Scheme is separate."
    )
    assert set(programmes(text)) == {"Local Government Pension Scheme"}


def test_titles_cited_as_entitled_and_closed_by_a_date_or_the_question():
    found = programmes(
        "To ask the Secretary of State for Health, with reference to the report entitled Cold Rooms: the cost "
        "of waiting for repairs, published on 3 May 2021, what steps he is taking."
    )
    assert found == {"Cold Rooms: the cost of waiting for repairs": "Publication"}
    # no close after the title: its end would be a guess
    assert programmes("The report entitled Cold Rooms: the cost of waiting for repairs found delays") == {}
    # a press release's headline and a written statement are not publications
    assert programmes("See the press release entitled Minister opens new bridge, published on 2 May.") == {}
    assert programmes("See the statement entitled Local Housing Update (HCWS12).") == {}


def test_a_dated_edition_is_one_entity_with_its_series():
    ms = extract_mentions(
        "The paper entitled Harbour and fiscal review - March 2022, published on 2 April, and the Harbour and "
        "Fiscal Review itself.",
        role="answer",
    )
    keys = {m.entity.key for m in ms if m.entity.type == "Programme"}
    assert len(keys) == 1


def test_a_title_case_name_defined_by_an_abbreviation_and_a_kind_word():
    found = programmes("Firms can use the Check Payroll Status for Tax (CPST) tool. CPST is free.")
    assert found == {"Check Payroll Status for Tax": "Programme"}
    # a lower-case description or a document kind after the abbreviation is not enough
    assert programmes("The check payroll status (CPS) tool and each Education, Health and Care (EHC) plan.") == {}


def test_the_letters_of_an_abbreviation_widen_a_shorter_reference_name():
    found = programmes("Infants receive meals under the Universal Infant Free School Meals (UIFSM) policy.")
    assert set(found) == {"Universal Infant Free School Meals"}


def test_names_inside_a_cited_title_are_mentions_too():
    found = programmes(
        "To ask the Secretary of State for Defence, with reference to the paper entitled Refresh of the National "
        "Boatbuilding Strategy, published on 1 March 2022, what progress has been made."
    )
    assert set(found) == {"Refresh of the National Boatbuilding Strategy", "National Boatbuilding Strategy"}


def test_a_title_before_a_colon_belongs_to_the_name():
    found = programmes("Funding went to the Grow Your Firm: Leadership scheme this year.")
    assert set(found) == {"Grow Your Firm: Leadership scheme"}
    # a question's heading ("Question 12 on Prisons: Health Services") is not a title
    assert programmes("pursuant to the Answer of 4 May 2024 to Question 12 on Prisons: Health Services") == {}


def test_lower_case_service_and_standard_heads_need_a_proper_name_before_them():
    found = programmes("The Overseas Markets service and the Warm Homes standard help; so does the Payroll Check tool.")
    assert set(found) == {"Overseas Markets service", "Warm Homes standard", "Payroll Check tool"}
    assert programmes("The Mental Health service and the Probation service and a Management scheme.") == {}
