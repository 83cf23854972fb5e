"""People: titled names and names followed by MP; roles are not people."""

from __future__ import annotations

from kgraph.extract import extract_mentions


def people(text: str) -> set[str]:
    return {m.entity.label for m in extract_mentions(text, role="answer") if m.entity.type == "Person"}


def test_titled_names():
    assert people("Lord Hogan-Howe and Sir Keir Starmer met Baroness Casey of Blackstock.") == {
        "Lord Hogan-Howe",
        "Sir Keir Starmer",
        "Baroness Casey of Blackstock",
    }


def test_roles_are_not_people():
    assert people("The Lord Chancellor, the Home Secretary and the Lord Speaker agreed.") == set()


def test_courtesy_titles_are_dropped_from_the_label_but_kept_as_an_alternative():
    (m,) = [m for m in extract_mentions("Foreign Minister Al Zayani replied.", role="answer")]
    assert m.entity.label == "Al Zayani" and "Foreign Minister Al Zayani" in m.entity.alt_labels


def test_possessive_is_not_part_of_the_name():
    (m,) = extract_mentions("Sir Brian Langstaff\u2019s report was published.", role="answer")
    assert m.surface == "Sir Brian Langstaff" and m.entity.label == "Sir Brian Langstaff"


def test_judges_and_named_office_holders_with_a_role_cue():
    ms = extract_mentions(
        "Mr Justice Bramley ruled. I have asked its Chief Executive, Jane Smithers, to write. The Chair of the "
        "Widget Review Board, Tom Ashdown. The Director General, Digital Services and Data, will reply.",
        role="answer",
    )
    assert {m.entity.label for m in ms if m.entity.type == "Person"} == {
        "Mr Justice Bramley",
        "Jane Smithers",
        "Tom Ashdown",
    }


def test_a_body_after_a_role_is_not_a_person():
    ms = extract_mentions("Its Chair, Arts Council England, replied.", role="answer")
    assert all(m.entity.type != "Person" for m in ms)
