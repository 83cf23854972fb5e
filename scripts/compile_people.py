"""Compile the people reference data (members of both Houses, ministerial posts) into package data.

Why a script: the project may ship facts from ``../shared/reference`` only when they can be rebuilt from
the sources by code in the repo.  This script reads four reference folders and writes two small,
deterministic gzip'd JSON files (sorted keys, gzip mtime 0), so a rebuild gives identical bytes:

* ``kgraph/data/members.json.gz``: one record per UK Parliament Members API id: display name, other
  names seen for the person, party, constituency, House, peerage, gender, Wikidata QID, TheyWorkForYou ids.
* ``kgraph/data/ministers.json.gz``: every ministerial appointment since 1979 from the IfG Ministers
  Database, keyed by Members API id, with the departments and rank order.

Usage::

    python scripts/compile_people.py [REFERENCE_DIR] [--out DIR]

REFERENCE_DIR defaults to ``../shared/reference`` relative to the repo root; ``--out`` to ``kgraph/data``.
Sources and licences are listed in ``kgraph/data/ATTRIBUTION-people.md``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
DEFAULT_OUT = REPO / "kgraph" / "data"

# An open-ended record (an IfG row with no end date, or the DfE snapshot of sitting MPs) describes the
# present: it sorts after every dated fact, and PRIORITY settles which present-day source wins.
ONGOING = "9999-12-31"
# Tie-break when two sources state a field as of the same date: higher wins.
PRIORITY = {"mp_lookup": 5, "ifg": 4, "psephology": 3, "parlparse": 2, "wikidata": 1}
PEER_TITLES = ("Lord ", "Baroness ", "Viscount ", "Viscountess ", "Earl ", "Countess ", "Marquess ",
               "Duke ", "Lady ")
GENDERS = {"m": "M", "male": "M", "f": "F", "female": "F"}


@dataclass
class Facts:
    """Field values about one member, each remembered with the date it held and the source's priority."""

    fields: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)
    twfy: set[str] = field(default_factory=set)

    def state(self, name: str, value: str | None, as_of: str, source: str) -> None:
        if not value:
            return
        key = (as_of, PRIORITY[source], value)
        if name not in self.fields or key > self.fields[name]:
            self.fields[name] = key

    def get(self, name: str) -> str | None:
        return self.fields[name][2] if name in self.fields else None


def read_csv(path: Path, header: list[str] | None = None) -> Iterator[dict[str, str]]:
    """Rows of a CSV as dicts, BOM stripped; ``header`` names the columns of a file that has none."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        rows = iter(reader)
        if header is None:
            header = next(rows)
        for row in rows:
            yield {k.strip(): (v.strip() if v else "") for k, v in zip(header, row, strict=True)}


def member_id(raw: str) -> int | None:
    """Members API ids appear as "3914", "3914.0" or blank across the sources."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(float(raw))
    except ValueError:
        return None


def uk_date(raw: str) -> str:
    """dd/mm/yyyy (psephology's election dates) to ISO."""
    d, m, y = raw.split("/")
    return f"{y}-{int(m):02d}-{int(d):02d}"


def load_ifg(ref: Path, people: dict[int, Facts]) -> dict[str, object]:
    """Names, Houses, parties, constituencies and appointments from the IfG Ministers Database."""
    base = ref / "ifg_ministers_database"
    person_member: dict[str, int] = {}
    for row in read_csv(base / "person.csv"):
        mid = member_id(row["id_parliament"])
        if mid is None:
            continue  # a handful of ministers have no Parliament id; nothing to key them by
        person_member[row["id"]] = mid
        facts = people[mid]
        for name in (row["name"], row["display_name"], row["normalized_name"]):
            if name:
                facts.names.add(name)
        facts.state("name", row["name"], row["end_date"] or ONGOING, "ifg")
        facts.state("gender", GENDERS.get(row["gender"].lower()), "0000", "ifg")

    constituencies = {r["id"]: r["name"] for r in read_csv(base / "constituency.csv")}
    parties: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in read_csv(base / "representation_characteristics.csv"):
        parties[row["representation_id"]].append((row["end_date"] or ONGOING, row["party"]))
    for row in read_csv(base / "representation.csv"):
        mid = person_member.get(row["person_id"])
        if mid is None:
            continue
        facts = people[mid]
        as_of = row["end_date"] or ONGOING
        facts.state("house", row["house"], as_of, "ifg")
        # A constituency belongs to the member's latest Commons seat; a later peerage clears it below.
        if row["house"] == "Commons":
            facts.state("constituency", constituencies.get(row["constituency_id"]), as_of, "ifg")
        for party_as_of, party in parties.get(row["id"], []):
            facts.state("party", party, min(party_as_of, as_of), "ifg")

    orgs = {r["id"]: r for r in read_csv(base / "organisation.csv")}
    posts = {r["id"]: r for r in read_csv(base / "post.csv")}
    departments = sorted({(o["name"], o["short_name"]) for o in orgs.values()})
    dept_index = {d: i for i, d in enumerate(departments)}
    ranks = sorted({(int(p["rank_equivalence_value"]), p["rank_equivalence"])
                    for p in posts.values() if p["rank_equivalence"]})
    appointments: dict[int, list[list[object]]] = defaultdict(list)
    for row in read_csv(base / "appointment.csv"):
        mid = person_member.get(row["person_id"])
        if mid is None:
            continue
        post = posts[row["post_id"]]
        org = orgs[post["organisation_id"]]
        appointments[mid].append([post["name"], dept_index[(org["name"], org["short_name"])],
                                  row["start_date"] or None, row["end_date"] or None,
                                  post["rank_equivalence"] or None])
    for items in appointments.values():
        items.sort(key=lambda a: (a[2] or "", a[3] or ONGOING, a[0], a[1]))
    return {
        "departments": [[name, short or None] for name, short in departments],
        "ranks": {rank: value for value, rank in ranks},
        "posts": {str(mid): items for mid, items in sorted(appointments.items())},
    }


def load_mp_lookup(ref: Path, people: dict[int, Facts]) -> None:
    """The 650 sitting MPs: display name, party, constituency."""
    for row in read_csv(ref / "current_mps_dfe_mp_lookup" / "mp_lookup.csv"):
        mid = member_id(row["member_id"])
        if mid is None:
            continue
        facts = people[mid]
        facts.names.update(n for n in (row["display_as"], row["full_title"]) if n)
        facts.state("name", row["display_as"], ONGOING, "mp_lookup")
        facts.state("party", row["party_text"], ONGOING, "mp_lookup")
        facts.state("constituency", row["pcon_name"], ONGOING, "mp_lookup")
        facts.state("house", "Commons", ONGOING, "mp_lookup")


P59_GE_HEADER = ["ONS ID", "ONS region ID", "Constituency name", "County name", "Region name", "Country name",
                 "Constituency type", "Party name", "Party abbreviation", "Electoral Commission party ID",
                 "MNIS party ID", "Electoral Commission adjunct party ID", "Candidate first name",
                 "Candidate surname", "Candidate gender", "Sitting MP", "Former MP", "Member MNIS ID",
                 "Votes", "Share", "Change"]
# Polling days of the general elections whose candidacy files carry no date column.
GENERAL_ELECTIONS = {"p58": "2019-12-12", "p59": "2024-07-04"}


def load_psephology(ref: Path, people: dict[int, Facts]) -> None:
    """Commons candidacies of the 2019 and 2024 general elections and the by-elections since.

    Winners (most votes in their contest) give party and seat as of polling day; every candidate with
    a Members API id gives a name and gender.
    """
    base = ref / "commons_election_results_psephology"
    for parliament, polling_day in sorted(GENERAL_ELECTIONS.items()):
        for kind in ("general-election", "by-elections"):
            path = base / f"{parliament}_{kind}_candidacies.csv"
            if not path.exists():
                continue
            with path.open(encoding="utf-8-sig") as fh:
                first = fh.readline()
            has_header = first.startswith(("ONS ID", "Election date"))
            rows = list(read_csv(path, None if has_header else P59_GE_HEADER))
            contests: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
            for row in rows:
                day = uk_date(row["Election date"]) if row.get("Election date") else polling_day
                row["_day"] = day
                seat = row.get("ONS ID") or row.get("ONS ID2") or row["Constituency name"]
                contests[(day, seat)].append(row)
            for contest in contests.values():
                winner = max(contest, key=lambda r: int(r["Votes"] or 0))
                for row in contest:
                    mid = member_id(row["Member MNIS ID"])
                    if mid is None:
                        continue
                    facts = people[mid]
                    name = f"{row['Candidate first name']} {row['Candidate surname']}".strip()
                    facts.names.add(name)
                    facts.state("gender", GENDERS.get(row["Candidate gender"].lower()), "0000", "psephology")
                    facts.state("name", name, "0000", "psephology")  # a ballot name is a last resort
                    # A candidate with a Members API id has sat in the Commons (sitting or former MP).
                    facts.state("house", "Commons", "0000", "psephology")
                    if row is winner:
                        day = row["_day"]
                        facts.state("party", row["Party name"], day, "psephology")
                        facts.state("constituency", row["Constituency name"], day, "psephology")
                        facts.state("house", "Commons", day, "psephology")


def load_everypolitician(ref: Path, people: dict[int, Facts]) -> None:
    """TheyWorkForYou person ids (parlparse, 1997-2015) and Wikidata QIDs, by Members API id."""
    base = ref / "wikidata_mps_everypolitician_2015"
    for row in read_csv(base / "parlparse_commons_memberships_1997_2015.csv"):
        mid = member_id(row["identifier__datadotparl"])
        if mid is None:
            continue
        facts = people[mid]
        facts.twfy.add(row["id"])
        facts.names.add(row["name"])
        as_of = row["end_date"] or row["start_date"]
        facts.state("name", row["name"], "0001", "parlparse")
        facts.state("party", row["party"], as_of, "parlparse")
        facts.state("constituency", row["constituency"], as_of, "parlparse")
        facts.state("house", "Commons", as_of, "parlparse")
    qids: dict[int, set[str]] = defaultdict(set)
    for row in read_csv(base / "wikidata_uk_commons_people_2015.csv"):
        mid = member_id(row["members_api_id"])
        if mid is None:
            continue
        qids[mid].add(row["wikidata_qid"])
        people[mid].names.add(row["name"])
        # Every item in this table is a Commons member: a weak default when nothing dated says more.
        people[mid].state("name", row["name"], "0000", "wikidata")
        people[mid].state("house", "Commons", "0000", "wikidata")
        people[mid].state("gender", GENDERS.get(row["gender"].lower()), "0000", "wikidata")
    for mid, found in qids.items():
        # One Members API id with two items is a Wikidata duplicate; the lower number is the older item.
        people[mid].state("wikidata", min(found, key=lambda q: int(q[1:])), "0000", "wikidata")


def member_records(people: dict[int, Facts]) -> dict[str, dict[str, object]]:
    """Resolve each member's facts to one record, omitting empty fields to keep the file small."""
    out: dict[str, dict[str, object]] = {}
    for mid in sorted(people):
        facts = people[mid]
        name = facts.get("name")
        house = facts.get("house")
        record: dict[str, object] = {"name": name}
        peerage = None
        if house == "Lords":
            lords_name = next((n for n in sorted(facts.names) if n.startswith(PEER_TITLES)), None)
            peerage = name if name and name.startswith(PEER_TITLES) else lords_name
        constituency = facts.get("constituency")
        if house == "Lords":
            constituency = None  # a peer sits for no seat; an earlier Commons seat is history
        for key, value in (("party", facts.get("party")), ("constituency", constituency),
                           ("house", house), ("peerage", peerage), ("gender", facts.get("gender")),
                           ("wikidata", facts.get("wikidata"))):
            if value:
                record[key] = value
        aliases = sorted(n for n in facts.names if n and n != name)
        if aliases:
            record["aliases"] = aliases
        if facts.twfy:
            record["twfy"] = sorted(facts.twfy, key=int)
        out[str(mid)] = record
    return out


def write_json_gz(path: Path, payload: object) -> None:
    """Deterministic bytes (sorted keys, fixed separators, gzip mtime 0), written atomically."""
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    blob = gzip.compress(data, compresslevel=9, mtime=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; package data must be world-readable
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def compile_people(reference: Path, out: Path) -> dict[str, Path]:
    """Read ``reference`` and write the two data files into ``out``; returns their paths."""
    people: dict[int, Facts] = defaultdict(Facts)
    ministers = load_ifg(reference, people)
    load_mp_lookup(reference, people)
    load_psephology(reference, people)
    load_everypolitician(reference, people)
    paths = {"members": out / "members.json.gz", "ministers": out / "ministers.json.gz"}
    write_json_gz(paths["members"], {"members": member_records(people)})
    write_json_gz(paths["ministers"], ministers)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE,
                        help="the shared reference folder (default: ../shared/reference from the repo root)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: kgraph/data)")
    args = parser.parse_args(argv)
    if not (args.reference / "ifg_ministers_database").is_dir():
        parser.error(f"{args.reference} does not look like the reference folder (no ifg_ministers_database/)")
    for kind, path in compile_people(args.reference, args.out).items():
        print(f"{kind}: {path} ({path.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
