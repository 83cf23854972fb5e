"""Behaviour of the people gazetteer (kgraph.reference.people) and of the script that compiles it.

Expected ids are read from the reference sources and the corpus, not written into the tests; tests that
need ../shared skip with a reason when it is absent.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from kgraph.reference import people

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"
CORPUS = SHARED / "corpus"
DATA = REPO / "kgraph" / "data"

needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"{REFERENCE} is absent")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")

# Share of member ids in the bulk list files that the data can name: measured 1.000 (562 of 562 distinct
# ids across 2023-12, 2024-07, 2024-08); the floor leaves room for a future month with a new by-election.
BULK_COVERAGE_FLOOR = 0.99
# Both Houses in api/clquestions (2021): measured 0.89 (323 of 363: Commons 273 of 273, Lords 50 of 90);
# the gap is backbench peers, whom no source lists.
CLQUESTIONS_COVERAGE_FLOOR = 0.85


def shipped_members() -> dict[str, dict[str, object]]:
    with gzip.open(DATA / "members.json.gz", "rb") as fh:
        return json.loads(fh.read())["members"]


def shipped_posts() -> dict[str, list[list[object]]]:
    with gzip.open(DATA / "ministers.json.gz", "rb") as fh:
        return json.loads(fh.read())["posts"]


def reference_rows(*parts: str) -> list[dict[str, str]]:
    with REFERENCE.joinpath(*parts).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def ifg_member_id(name: str) -> int:
    rows = [r for r in reference_rows("ifg_ministers_database", "person.csv") if r["name"] == name]
    assert len({r["id_parliament"] for r in rows}) == 1, f"IfG names {name!r} {len(rows)} times"
    return int(float(rows[0]["id_parliament"]))


def test_import_reads_no_data() -> None:
    code = ("import kgraph.reference.people as p; "
            "print(p._members.cache_info().currsize + p._ministers.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


@needs_corpus
@needs_reference
def test_seed_answerer_resolves_and_holds_the_page_role_on_the_answer_day() -> None:
    seed = (CORPUS / "seed" / "offences-against-children.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in seed.splitlines() if line.strip()]
    answerer = lines[lines.index("Answered by") + 2]
    role = re.search(r"Parliamentary Under-Secretary \((?P<dept>[^)]+)\)", seed)
    day = re.search(r"answered on (\d+)\w* (\w+) (\d{4})", seed)
    assert role and day
    answered = datetime.datetime.strptime(" ".join(day.groups()), "%d %B %Y").date()
    expected = {int(r["member_id"]) for r in reference_rows("current_mps_dfe_mp_lookup", "mp_lookup.csv")
                if r["display_as"] == answerer}
    assert len(expected) == 1

    mid = people.find_member(answerer)
    assert {mid} == expected
    assert people.find_member(f"Rt Hon {answerer} MP") == mid
    post = people.role_on(mid, answered)
    assert post is not None
    assert post.department == role["dept"]
    assert post.rank == "PUSS"  # the page's "Parliamentary Under-Secretary" is IfG's PUSS rank
    assert post in people.posts(mid)
    # a gendered honorific of the other gender rules the person out
    other = "Mr" if people._members().gender.get(mid) == "F" else "Mrs"
    assert people.find_member(f"{other} {answerer}") is None


@needs_reference
def test_lords_minister_resolves_by_title_short_title_and_former_name() -> None:
    mid = ifg_member_id("Lord Hanson of Flint")
    info = people.member(mid)
    assert info is not None
    assert info.house == "Lords"
    assert info.peerage == "Lord Hanson of Flint"
    assert info.constituency is None
    assert people.find_member("Lord Hanson of Flint") == mid
    assert people.find_member("The Lord Hanson of Flint") == mid
    assert people.find_member("Lord Hanson") == mid
    assert people.find_member("David Hanson") == mid  # his Commons name in IfG's history
    first_post = people.posts(mid)[0]
    assert first_post.start is not None
    assert people.find_member("Mr Hanson", on=first_post.start) == mid


@needs_reference
def test_every_sitting_mp_resolves_from_the_full_title_a_page_prints() -> None:
    rows = reference_rows("current_mps_dfe_mp_lookup", "mp_lookup.csv")
    assert len(rows) == 650
    resolved = {r["full_title"]: people.find_member(r["full_title"]) for r in rows}
    wrong = [(r["full_title"], resolved[r["full_title"]]) for r in rows
             if resolved[r["full_title"]] not in (int(r["member_id"]), None)]
    assert wrong == []
    # None only where someone else in the data bore the same name (measured: 1 of 650, Mike Wood, who
    # shares his name with the former member for Batley and Spen)
    bearers: dict[str, set[int]] = defaultdict(set)
    for key, rec in shipped_members().items():
        for name in [rec["name"], *rec.get("aliases", [])]:
            bearers[people.normalise_name(str(name))].add(int(key))
    unresolved = [r for r in rows if resolved[r["full_title"]] is None]
    assert len(unresolved) <= 5
    assert all(len(bearers[people.normalise_name(r["display_as"])]) > 1 for r in unresolved)
    for r in rows:
        info = people.member(int(r["member_id"]))
        assert info is not None and info.house == "Commons"
        assert (info.party, info.constituency) == (r["party_text"], r["pcon_name"])


def test_shared_names_are_ambiguous_unless_one_bearer_was_a_minister_that_day() -> None:
    bearers: dict[str, set[int]] = defaultdict(set)
    for key, rec in shipped_members().items():
        bearers[people.normalise_name(str(rec["name"]))].add(int(key))
    shared = {name: ids for name, ids in bearers.items() if len(ids) > 1}
    assert shared, "the data should hold namesakes (e.g. father and son MPs)"
    gazetteer = people.known_person_names()
    disambiguated = 0
    for name, ids in shared.items():
        assert people.find_member(name) is None
        assert name not in gazetteer
        for mid in ids:
            for post in people.posts(mid):
                assert post.start is not None
                others = [o for o in ids if o != mid and people.role_on(o, post.start) is not None]
                if not others:
                    assert people.find_member(name, on=post.start) == mid
                    disambiguated += 1
    assert disambiguated > 0


def test_gazetteer_names_resolve_back_to_their_member() -> None:
    gazetteer = people.known_person_names()
    assert len(gazetteer) > 2000
    for name, mid in gazetteer.items():
        assert people.normalise_name(name) == name
        assert " " in name
        assert people.member(mid) is not None
        assert people.find_member(name) == mid


def test_posts_are_chronological_and_role_on_gives_the_highest_rank_held() -> None:
    order = people._ministers().rank_order
    for key in shipped_posts():
        mid = int(key)
        held = people.posts(mid)
        starts = [p.start for p in held if p.start is not None]
        assert starts == sorted(starts)
        for post in held:
            if post.start is None:
                continue
            chosen = people.role_on(mid, post.start)
            assert chosen is not None and chosen.held_on(post.start, inclusive_end=True)
            rivals = [p for p in held if p.held_on(post.start)]
            assert all(order.get(chosen.rank or "", 99) <= order.get(p.rank or "", 99) for p in rivals)
    assert people.role_on(mid, datetime.date(1900, 1, 1)) is None
    assert people.posts(-1) == [] and people.member(-1) is None


@needs_reference
def test_twfy_person_ids_map_to_members_api_ids_in_both_forms() -> None:
    rows = reference_rows("wikidata_mps_everypolitician_2015", "parlparse_commons_memberships_1997_2015.csv")
    crosswalk = {r["id"]: int(r["identifier__datadotparl"]) for r in rows if r["identifier__datadotparl"]}
    assert crosswalk
    for twfy, mid in crosswalk.items():
        assert people.member_for_twfy(twfy) == mid
        assert people.member_for_twfy(f"uk.org.publicwhip/person/{twfy}") == mid
        info = people.member(mid)
        assert info is not None and twfy in info.twfy_person_ids
    assert people.member_for_twfy("uk.org.publicwhip/person/") is None


def member_ids(items: list[dict[str, object]]) -> dict[int, dict[str, object] | None]:
    found: dict[int, dict[str, object] | None] = {}
    for item in items:
        value = item["value"]
        assert isinstance(value, dict)
        for role in ("askingMember", "answeringMember", "correctingMember"):
            if value.get(f"{role}Id"):
                found[int(value[f"{role}Id"])] = value.get(role)
    return found


@needs_corpus
def test_bulk_list_member_ids_are_covered() -> None:
    files = sorted((CORPUS / "bulk").glob("*.list.json"))
    if not files:
        pytest.skip(f"no bulk list files in {CORPUS / 'bulk'}")
    ids: dict[int, dict[str, object] | None] = {}
    for path in files:
        ids.update(member_ids(json.loads(path.read_text(encoding="utf-8"))))
    named = [mid for mid in ids if people.member(mid) is not None]
    assert len(named) / len(ids) >= BULK_COVERAGE_FLOOR


@needs_corpus
def test_clquestions_members_are_covered_and_never_misnamed() -> None:
    files = sorted((CORPUS / "api" / "clquestions").glob("*.json"))
    if not files:
        pytest.skip("no api/clquestions responses")
    ids: dict[int, dict[str, object] | None] = {}
    for path in files:
        ids.update(member_ids(json.loads(path.read_text(encoding="utf-8"))["results"]))
    named = [mid for mid in ids if people.member(mid) is not None]
    assert len(named) / len(ids) >= CLQUESTIONS_COVERAGE_FLOOR
    expanded = {mid: m for mid, m in ids.items() if m}
    assert expanded
    for mid, record in expanded.items():
        resolved = people.find_member(str(record["name"]))
        assert resolved in (mid, None), f"{record['name']!r} resolved to {resolved}, the API says {mid}"


@needs_reference
def test_compile_is_deterministic_and_matches_the_shipped_data(tmp_path: Path) -> None:
    script = REPO / "scripts" / "compile_people.py"
    for run in ("a", "b"):
        subprocess.run([sys.executable, str(script), str(REFERENCE), "--out", str(tmp_path / run)],
                       check=True, capture_output=True)
    for name in ("members.json.gz", "ministers.json.gz"):
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes()
        assert first == (DATA / name).read_bytes(), f"{name} is stale: rerun scripts/compile_people.py"
        assert len(first) < 300_000
