#!/usr/bin/env python3
"""Rebuild kgraph/data/gazetteer.json.gz from ../shared/reference and kgraph/data/curated_entities.tsv.

Why a script: the reference files are large, in many shapes, and under their own licences; the package ships
only the facts it needs (names, abbreviations, identifiers) in one compact file, and anyone can rebuild it
byte for byte (sorted keys, gzip mtime 0). Attribution: kgraph/data/ATTRIBUTION-gazetteers.md.

usage: python scripts/compile_gazetteers.py [REFERENCE_DIR] [--out PATH]
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgraph.vocab import ENTITY_CLASSES, slug  # noqa: E402

OUT = ROOT / "kgraph" / "data" / "gazetteer.json.gz"
CURATED = ROOT / "kgraph" / "data" / "curated_entities.tsv"
GOVUK = "https://www.gov.uk/government/organisations/"

# GOV.UK organisation format -> our class.
FORMAT_CLASS = {
    "Ministerial department": "GovernmentDepartment",
    "Non-ministerial department": "GovernmentDepartment",
    "Executive agency": "PublicBody",
    "Executive non-departmental public body": "PublicBody",
    "Advisory non-departmental public body": "PublicBody",
    "Public corporation": "PublicBody",
    "Special health authority": "NHSBody",
    "Court": "Court",
    "Tribunal": "Court",
    "Devolved government": "Government",
    "Executive office": "GovernmentDepartment",
    "Civil service": "PublicBody",
    "Independent monitoring body": "PublicBody",
}
# Names that are ordinary words or events in running text: matching them would cost precision.
SKIP_NAMES = {"Monitor", "Capacitybuilders", "Government", "Parliament", "Other", "Dounreay"}
SKIP_ABBR = {
    "ACE",
    "BIT",
    "BIG",
    "ACRE",
    "ACT",
    "CAB",
    "ART",
    "AIM",
    "ARC",
    "MAP",
    "NEST",
    "DOT",
    "FIT",
    "GO",
    "IT",
    "UK",
    "US",
    "NI",
    "EU",
    "HM",
    "OR",
    "AND",
    "THE",
    "SO",
    "ON",
    "IN",
    "PM",
    "MP",
    "AT",
    # ordinary words that GOV.UK lists as a body's short name ("Offender Management Statistics Quarterly" is
    # not the UK Statistics Authority; "the Ombudsman" is a back-reference to whichever ombudsman the text named)
    "Statistics",
    "Ombudsman",
    "Exmoor",
    "Horniman",
    "LEASE",
    "GEM",
    "ICE",
    "PAT",
    "COM",
    "TAB",
}
# Small words that stay lower case when a SHOUTING name (NHS reference lists) is title-cased.
SMALL = {"and", "of", "the", "for", "in", "on", "at", "upon", "with", "to"}
KEEP_UPPER = {"NHS", "ICB", "UK", "CIC", "II", "III", "NI"}


class Book:
    """Entities keyed by their IRI tail; later sources add names and identifiers to earlier ones."""

    def __init__(self) -> None:
        self.items: dict[str, dict] = {}
        self.by_name: dict[str, str] = {}

    def existing(self, key: str, name: str) -> str:
        """The key already given to a thing of this name (a curated entry wins over a later source)."""
        return self.by_name.get(fold(name), key)

    def add(
        self, key: str, label: str, type_: str, cls: str, *, alts=(), abbrs=(), links=(), ids=(), closed: bool = False
    ) -> dict:
        if cls not in ENTITY_CLASSES or ENTITY_CLASSES[cls] != type_:
            raise ValueError(f"{label}: class {cls} is not a {type_}")
        key = key if key in self.items else self.existing(key, label)
        item = self.items.setdefault(
            key,
            {
                "key": key,
                "label": label,
                "type": type_,
                "cls": cls,
                "alts": [],
                "abbrs": [],
                "links": [],
                "ids": [],
                "closed": closed,
            },
        )
        for bucket, values in (("alts", alts), ("abbrs", abbrs), ("links", links)):
            for v in values:
                v = clean(v)
                if v and v != item["label"] and v not in item[bucket]:
                    item[bucket].append(v)
        for name in (item["label"], *item["alts"]):
            self.by_name.setdefault(fold(name), key)
        for pair in ids:
            if list(pair) not in item["ids"] and pair[1]:
                item["ids"].append(list(pair))
        return item


def clean(name: str) -> str:
    name = html.unescape(re.sub(r"<br\s*/?>", " ", name or ""))
    name = re.sub(r"\s+", " ", (name or "").replace("\r", " ").replace("\n", " ")).strip()
    return name[4:] if name.lower().startswith("the ") else name


def fold(name: str) -> str:
    """The scorer's idea of the same name: case, "&"/"and", punctuation and a leading "the" folded."""
    name = name.casefold().replace("\u2019", "'").replace("&", " and ")
    name = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", name)).strip()
    return re.sub(r"^the ", "", name)


def title(name: str) -> str:
    """Title-case an upper-case reference name, keeping NHS and similar abbreviations."""
    words = []
    for i, w in enumerate(name.split()):
        lw = w.lower()
        if w in KEEP_UPPER:
            words.append(w)
        elif i and lw in SMALL:
            words.append(lw)
        else:
            words.append("-".join(p[:1].upper() + p[1:] for p in lw.split("-")))
    return " ".join(words)


def govuk(book: Book, ref: Path) -> None:
    orgs = json.loads((ref / "govuk_orgs_2026_ifg" / "organisations.json").read_text(encoding="utf-8"))
    old = {}
    for line in (ref / "govuk_orgs_2017_openregister" / "lists_govuk_data.jsonl").open(encoding="utf-8"):
        o = json.loads(line)
        old[o["details"]["slug"]] = o
    seen = set()
    for o in orgs + [o for s, o in sorted(old.items())]:
        d = o["details"]
        s = d["slug"]
        if s in seen:
            continue
        seen.add(s)
        name = clean(o["title"])
        if not name or name in SKIP_NAMES:
            continue
        abbr = clean(d.get("abbreviation") or "")
        closed = d.get("govuk_status") == "closed"
        succ = [x["web_url"].rsplit("/", 1)[-1] for x in o.get("superseding_organisations", [])]
        ids = [("govuk", s)] + [("successor", "body/" + x) for x in succ]
        formal = (d.get("logo_formatted_name") or "").replace("\r", " ").replace("\n", " ")
        # The logo's wording is often a fragment ("Communities and Local Government"): only the title is a name.
        alts = [formal] if formal and fold(formal) == fold(name) and clean(formal) != name else []
        # Two-letter GOV.UK abbreviations ("HE", "SE", "OS", "CS", "RA") are ordinary text far more often than
        # the body; a text that means the body defines them in brackets, which resolution links anyway.
        usable = abbr and abbr != name and abbr not in SKIP_ABBR and " " not in abbr and len(abbr) > 2
        abbrs = [abbr] if usable else []
        if abbr and " " in abbr and abbr != name:
            alts.append(abbr)
        book.add(
            "body/" + s,
            name,
            "Body",
            FORMAT_CLASS.get(o.get("format", ""), "PublicBody"),
            alts=alts,
            abbrs=abbrs,
            links=[GOVUK + s],
            ids=ids,
            closed=closed,
        )
    # Wikidata QIDs of central bodies (digital-land lists them against the GOV.UK page).
    for row in csv.DictReader((ref / "digital_land_organisations" / "government-organisation.csv").open()):
        site = row.get("website") or ""
        if site.startswith(GOVUK) and row.get("wikidata"):
            key = "body/" + site.rsplit("/", 1)[-1]
            if key in book.items:
                book.add(
                    key,
                    "",
                    "Body",
                    book.items[key]["cls"],
                    links=["http://www.wikidata.org/entity/" + row["wikidata"]],
                    ids=[("wikidata", row["wikidata"])],
                )


def councils(book: Book, ref: Path) -> None:
    wikidata = {}
    for row in csv.DictReader((ref / "digital_land_organisations" / "local-authority.csv").open()):
        gss = row.get("statistical-geography") or row.get("local-authority-district") or ""
        if gss and row.get("wikidata"):
            wikidata[gss] = (row["wikidata"], row["name"])
    path = ref / "uk_local_authorities_mysociety" / "uk_local_authorities_current.csv"
    for row in csv.DictReader(path.open(encoding="utf-8", errors="replace")):
        name = clean(row["official-name"])
        gss = row["gss-code"]
        alts = [
            a
            for a in row["alt-names"].split(",")
            if a[:1].isupper() and "\ufffd" not in a and re.search(r"\b(Council|Borough|Authority)\b", a)
        ]
        links = ["http://statistics.data.gov.uk/id/statistical-geography/" + gss] if gss else []
        ids = [("gss", gss)] if gss else []
        if gss in wikidata:
            qid, dl_name = wikidata[gss]
            links.append("http://www.wikidata.org/entity/" + qid)
            ids.append(("wikidata", qid))
            alts.append(dl_name)
        book.add(
            "body/" + slug(name),
            name,
            "Body",
            "LocalAuthority",
            alts=alts,
            links=links,
            ids=ids,
            closed=bool(row["end-date"]),
        )


def police(book: Book, ref: Path) -> None:
    for row in csv.DictReader((ref / "police_forces_openregister" / "police-force.tsv").open(), delimiter="\t"):
        name = clean(row["name"])
        alts = []
        if name.endswith(" Constabulary"):
            alts.append(name[: -len("Constabulary")] + "Police")
        if name.endswith(" Police Service"):
            alts.append(name[: -len(" Service")])
        fid = row["police-force"]
        book.add(
            "body/" + slug(name),
            name,
            "Body",
            "PoliceForce",
            alts=alts,
            links=["https://data.police.uk/api/forces/" + fid],
            ids=[("police-force", fid)],
        )


def nhs(book: Book, ref: Path) -> None:
    base = ref / "nhs_bodies_rcpch"
    ods = "https://odsportal.digital.nhs.uk/Organisation/OrganisationDetails?organisationId="
    for row in csv.DictReader((base / "trusts.csv").open()):
        name = title(row["trust_name"])
        book.add(
            "body/" + slug(name), name, "Body", "NHSBody", links=[ods + row["ods_code"]], ids=[("ods", row["ods_code"])]
        )
    for row in csv.DictReader((base / "integrated_care_boards.csv").open()):
        name = title(row["name"])
        short = name.replace(" Integrated Care Board", " ICB")
        book.add(
            "body/" + slug(name),
            name,
            "Body",
            "NHSBody",
            alts=[short],
            links=[ods + row["ods_code"]],
            ids=[("ods", row["ods_code"]), ("gss", row["gss_code"])],
        )
    for row in csv.DictReader((base / "local_health_boards.csv").open()):
        name = title(row["health_board"])
        book.add(
            "body/" + slug(name),
            name,
            "Body",
            "NHSBody",
            links=[ods + row["ods_code"]],
            ids=[("ods", row["ods_code"]), ("gss", row["gss_code"])],
        )


def legislation(book: Book, ref: Path) -> None:
    for row in csv.DictReader((ref / "legislation" / "samples_title_to_id.csv").open()):
        uri = row["legislation_gov_uk_id_uri"].strip()
        path = uri.split("/id/", 1)[1]
        name = clean(row["title"])
        cls = "Act" if re.search(r"\bAct\b", name) else "StatutoryInstrument"
        book.add("law/" + path, name, "Law", cls, links=[uri], ids=[("legislation", path)])


def curated(book: Book) -> None:
    for line in CURATED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 6)[:6]
        type_, cls, label, alts, links, key = cols
        names = [a for a in alts.split("|") if a]
        abbrs = [a for a in names if " " not in a and a.isupper()]
        others = [a for a in names if a not in abbrs]
        ids = [("legislation", key[4:])] if key.startswith(("law/ukpga/", "law/uksi/")) else []
        book.add(
            key or f"{type_.lower()}/{slug(label)}",
            label,
            type_,
            cls,
            alts=others,
            abbrs=abbrs,
            links=[x for x in links.split("|") if x],
            ids=ids,
        )


def main(argv: list[str]) -> int:
    argv = list(argv)
    out = OUT
    if "--out" in argv:  # compile elsewhere (the determinism test compares two builds with the shipped file)
        at = argv.index("--out")
        out = Path(argv[at + 1])
        del argv[at : at + 2]
    ref = Path(argv[0]) if argv else ROOT.parent / "shared" / "reference"
    if not ref.is_dir():
        print(f"reference data not found at {ref}", file=sys.stderr)
        return 2
    book = Book()
    curated(book)  # first, so curated labels and classes win for the bodies the reference also lists
    govuk(book, ref)
    councils(book, ref)
    police(book, ref)
    nhs(book, ref)
    legislation(book, ref)
    rows = [book.items[k] for k in sorted(book.items)]
    data = json.dumps(
        {"version": 1, "entities": rows}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{out}: {len(rows)} entities, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
